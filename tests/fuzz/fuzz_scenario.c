/* fuzz_scenario.c - libFuzzer harness for the scenario loader (YAML tree, units, validation,
 * inheritance). Any input must give either a scenario or a one-line error: no crash, hang,
 * leak or sanitizer report; and a scenario that loads must round-trip through its resolved
 * text (written, read back, written again: the same bytes and the same hash). Build and run: make fuzz (FUZZ_SECONDS=60 by default); the corpus
 * starts from the bundled scenarios in tests/fuzz/corpus. */
#include "scenario.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) snprintf(path, sizeof path, "/tmp/znpf_fuzz_%d.yaml", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    static ZnScenario sc;
    char why[1024];
    const char *sets[1] = {"numerics.dt_max=1 s"};
    if (scenario_load_with(path, sets, size % 2, &sc, why, sizeof why) != 0) {
        /* the contract: one line */
        if (strchr(why, '\n')) __builtin_trap();
        return 0;
    }
    /* a scenario that loads must read back from its own resolved text to the same scenario:
     * the second writing equals the first byte for byte, and the checkpoint hash agrees */
    static char out[64], text1[1 << 16], text2[1 << 16];
    if (!out[0]) snprintf(out, sizeof out, "/tmp/znpf_fuzz_%d_resolved.yaml", (int)getpid());
    FILE *o = fopen(out, "wb");
    if (!o) return 0;
    int wrote = scenario_write(o, &sc) == 0;
    fclose(o);
    if (!wrote) return 0;
    size_t n1 = 0, n2 = 0;
    FILE *r = fopen(out, "rb");
    if (r) {
        n1 = fread(text1, 1, sizeof text1, r);
        fclose(r);
    }
    static ZnScenario back;
    unsigned long long h1 = scenario_hash(&sc);
    if (scenario_load(out, &back, why, sizeof why) != 0) __builtin_trap(); /* its own text refused */
    o = fopen(out, "wb");
    if (!o) return 0;
    scenario_write(o, &back);
    fclose(o);
    r = fopen(out, "rb");
    if (r) {
        n2 = fread(text2, 1, sizeof text2, r);
        fclose(r);
    }
    if (n1 != n2 || memcmp(text1, text2, n1) != 0 || scenario_hash(&back) != h1) __builtin_trap();
    return 0;
}
