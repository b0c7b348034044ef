/* test_configs.c - every scenario in configs/ci runs to the end of its protocol: exit 0, a
 * header and rows in metrics.csv, finite numbers in the last row; the metal on disk (xi.npy,
 * summed here: Faraday's law on the fields) equals the first cycle's starting metal plus each
 * cycle's Zn plated less stripped and corroded (cycles.csv); and the net charge is the one the
 * protocol implies when all its steps end on capacity (the steps end where they should).
 * (configs/plating_bumps.yaml runs in test_signal.) */
#include "check.h"
#include "npy.h"
#include "run.h"
#include "scenario.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void run_one(const char *path, const char *name)
{
    static ZnScenario sc;
    char why[1024], dir[600], label[700];
    if (scenario_load(path, &sc, why, sizeof why) != 0) {
        printf("FAIL %s loads: %s\n", path, why);
        return;
    }
    snprintf(dir, sizeof dir, "%s_%s", T("/tmp/znpf_cfg"), name);
    ZnRunOptions o = {dir, 1, 1, 0, 0};
    int rc = run_scenario(&sc, path, &o);
    snprintf(label, sizeof label, "%s runs to the end (exit 0)", path);
    check_abs(label, rc, 0, 0);
    char mpath[700], line[2048], last[2048] = "";
    snprintf(mpath, sizeof mpath, "%s/metrics.csv", dir);
    FILE *f = fopen(mpath, "r");
    int rows = 0;
    while (f && fgets(line, sizeof line, f)) {
        rows++;
        strcpy(last, line);
    }
    if (f) fclose(f);
    snprintf(label, sizeof label, "%s: metrics rows", path);
    check_above(label, rows - 1, 2);
    double v[11] = {0};
    long step = 0;
    int got = sscanf(last, "%lf,%lf,%ld,%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf", &v[0], &v[1], &step, &v[3],
                     &v[4], &v[5], &v[6], &v[7], &v[8], &v[9], &v[10]);
    int finite = got == 11;
    for (int k = 0; k < 11; k++) finite = finite && isfinite(v[k]);
    snprintf(label, sizeof label, "%s: last metrics row is complete and finite", path);
    check_abs(label, finite, 1, 0);
    /* cycles.csv against the fields on disk: start + sum(Zn plated - stripped - corroded -
     * the rests' residual), the columns found by name in the header */
    char cpath[700];
    snprintf(cpath, sizeof cpath, "%s/cycles.csv", dir);
    FILE *cf = fopen(cpath, "r");
    double metal = NAN;
    int ncyc = 0;
    const char *want[5] = {"zn_plated_mAh_cm2", "stripped_mAh_cm2", "corroded_mAh_cm2",
                           "rest_residual_mAh_cm2", "start_metal_mAh_cm2"};
    int col[5] = {-1, -1, -1, -1, -1};
    if (cf && fgets(line, sizeof line, cf)) {
        int k = 0;
        for (char *tok = strtok(line, ",\n"); tok; tok = strtok(NULL, ",\n"), k++)
            for (int w = 0; w < 5; w++)
                if (strcmp(tok, want[w]) == 0) col[w] = k;
    }
    snprintf(label, sizeof label, "%s: cycles.csv names the split's columns", path);
    check_abs(label, col[0] >= 0 && col[1] >= 0 && col[2] >= 0 && col[3] >= 0 && col[4] >= 0, 1, 0);
    while (cf && fgets(line, sizeof line, cf)) {
        double cv[5] = {NAN, NAN, NAN, NAN, NAN};
        /* field by field, empty ones kept (an efficiency a cycle without a strip leaves blank) */
        int k = 0;
        for (char *f0 = line;; k++) {
            char *end = f0 + strcspn(f0, ",\n");
            for (int w = 0; w < 5; w++)
                if (k == col[w]) cv[w] = atof(f0);
            if (*end != ',') break;
            f0 = end + 1;
        }
        if (ncyc == 0) metal = cv[4];
        metal += cv[0] - cv[1] - cv[2] - cv[3];
        ncyc++;
    }
    if (cf) fclose(cf);
    snprintf(label, sizeof label, "%s: cycles.csv has one row per cycle", path);
    check_abs(label, ncyc, sc.cycles, 0);
    char xpath[700];
    snprintf(xpath, sizeof xpath, "%s/xi.npy", dir);
    double *xi = NULL;
    int ny = 0, nx = 0;
    if (npy_read(xpath, &xi, &ny, &nx, why, sizeof why) != 0) {
        printf("FAIL %s: %s\n", xpath, why);
        return;
    }
    double sum = 0.0;
    for (size_t q = 0; q < (size_t)nx * ny; q++) sum += xi[q];
    free(xi);
    double h = sc.phys.grid.dx;
    double on_disk = sum * h * h / (nx * h) * sc.phys.n * ZN_FARADAY * sc.phys.cs / 36000.0;
    snprintf(label, sizeof label, "%s: metal in xi.npy = start + Zn plated - stripped - corroded - rest "
             "residual (cycles.csv, mAh/cm^2)", path);
    check_abs(label, on_disk, metal, 1e-7 * (1.0 + fabs(metal)));
    /* net charge when every plate/strip step ends on its capacity */
    double net = 0.0;
    int all_capacity = 1;
    for (int k = 0; k < sc.nsteps; k++) {
        const ZnProtocolStep *s = &sc.steps[k];
        if (s->kind == ZN_STEP_REST) continue;
        if (!(s->capacity > 0) || s->time > 0 || s->control != ZN_CTRL_CURRENT) all_capacity = 0;
        net += (s->kind == ZN_STEP_PLATE ? 1 : -1) * s->capacity;
    }
    if (all_capacity) {
        snprintf(label, sizeof label, "%s: net charge = the protocol's (mAh/cm^2)", path);
        check_abs(label, v[3], sc.cycles * net / 36000.0, 1e-9);
    }
}

int main(void)
{
    DIR *d = opendir("configs/ci");
    struct dirent *ent;
    static char names[64][256];
    int n = 0;
    while (d && (ent = readdir(d)) != NULL && n < 64) {
        size_t l = strlen(ent->d_name);
        if (l > 5 && strcmp(ent->d_name + l - 5, ".yaml") == 0) snprintf(names[n++], 256, "%.200s", ent->d_name);
    }
    if (d) closedir(d);
    qsort(names, (size_t)n, sizeof names[0], (int (*)(const void *, const void *))strcmp);
    for (int k = 0; k < n; k++) {
        char path[600], stem[256];
        snprintf(path, sizeof path, "configs/ci/%.200s", names[k]);
        snprintf(stem, sizeof stem, "%.*s", (int)(strlen(names[k]) - 5), names[k]);
        run_one(path, stem);
    }
    check_above("configs/ci holds scenarios", n, 4);
    return check_finish();
}
