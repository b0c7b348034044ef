/* test_keys.c - every key of the scenario schema (host/scenario/scenario_keys.c) refuses a value
 * outside its range, a value of the wrong kind and a name it does not know, each in one line
 * naming the file, line and column and the key: walked from the table itself, so a key added
 * later is covered without a new line here. */
#include "check.h"
#include "scenario.h"
#include "scenario_keys.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Loads a scenario of the protocol plus `--set key=value`; returns the message ("" if it loaded). */
static const char *try_set(const char *base, const char *key, const char *value)
{
    static char why[1024];
    static ZnScenario sc;
    char set[300];
    snprintf(set, sizeof set, "%s=%s", key, value);
    const char *sets[1] = {set};
    why[0] = 0;
    if (scenario_load_with(base, sets, 1, &sc, why, sizeof why) == 0) why[0] = 0;
    return why;
}

int main(void)
{
    const char *base = T("/tmp/znpf_keys_base.yaml");
    FILE *f = fopen(base, "w");
    fputs("protocol:\n  steps:\n    - {type: plate, current: 100, time: 1}\n", f);
    fclose(f);
    int tried = 0, refused = 0;
    const ZnRecord *rec = &zn_scenario_record;
    for (int k = 0; k < rec->nkeys; k++) {
        const ZnKey *key = &rec->keys[k];
        if (key->kind == ZK_LIST || key->kind == ZK_FRAC3 || key->kind == ZK_PATH) continue;
        char name[160], bad[80];
        snprintf(name, sizeof name, "%s%s%s", key->section, key->section[0] ? "." : "", key->key);
        const char *values[3];
        int nv = 0;
        if (key->kind == ZK_ENUM) {
            values[nv++] = "no_such_choice";
        } else if (key->kind == ZK_FLAGS_LIST) {
            values[nv++] = "[no_such_field]";
        } else if (key->kind == ZK_TEXT) {
            values[nv++] = "a \\\"quoted\\\" title";
        } else {
            snprintf(bad, sizeof bad, "%.17g", key->hi > 0 ? key->hi * 10.0 + 1.0 : key->hi + 1.0);
            values[nv++] = bad;             /* above the range */
            values[nv++] = "twelve";        /* not a number */
            if (key->kind != ZK_QTY) values[nv++] = key->lo + 0.5 <= key->hi ? "0.5" : "1.5";
        }
        for (int v = 0; v < nv; v++) {
            /* 0.5 is whole-number bait only where it lies inside the range */
            if (v == 2 && !(key->lo <= 0.5 && 0.5 <= key->hi)) continue;
            const char *why = try_set(base, name, values[v]);
            char must[200];
            snprintf(must, sizeof must, "(--set):1:1: %s: ", name);
            int ok = why[0] && strstr(why, must) && !strchr(why, '\n');
            tried++;
            refused += ok;
            if (!ok) printf("FAIL %s = %s: got '%s'\n", name, values[v], why);
        }
    }
    printf("     %d bad values tried over %d keys\n", tried, rec->nkeys);
    check_abs("every key refuses out-of-range, non-numeric and fractional values in one line naming it",
              refused, tried, 0);
    const char *why = try_set(base, "numerics.dt_maxx", "1");
    printf("     message: %s\n", why);
    check_abs("an unknown key under a known section names the closest one",
              strstr(why, "numerics.dt_maxx: unknown key (did you mean 'dt_max'?)") != NULL, 1, 0);
    /* a grid the multigrid cannot coarsen still runs (a single level); a zero-sized one is refused */
    why = try_set(base, "grid.nx", "3");
    check_abs("grid.nx = 3 is refused (at least 4)", strstr(why, "grid.nx: 3 is out of range") != NULL, 1, 0);
    return check_finish();
}
