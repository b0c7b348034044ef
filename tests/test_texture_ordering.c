/* test_texture_ordering.c - the morphology orderings issue #5 asks for, at the same charge
 * (0.5 mAh/cm^2, half the presets' charge, for CI time) and current (10 mA/cm^2), from bundled
 * scenarios (docs/validation.md):
 *   - texture: the same nucleation sites on Cu, nuclei in the (002) orientation vs (101):
 *     (002) gives the flatter deposit (lower roughness and max height),
 *   - zincophilic sites: the La(NO3)3 preset (dense, progressive nucleation) vs bare 2 M ZnSO4
 *     on Cu (few sites): the dense one is flatter.
 * Margins are asserted, not just the sign: a factor 1.2 at least. */
#include "check.h"
#include "run.h"
#include "scenario.h"

#include <stdio.h>

typedef struct Result {
    double roughness, max_height, thickness;
    double texture[3]; /* share of the deposited metal in (002), (101), (100) grains */
} Result;

static Result run(const char *path, const char *dir)
{
    static ZnScenario sc;
    char why[1024], csv[600];
    Result r = {0, 0, 0, {0, 0, 0}};
    if (scenario_load(path, &sc, why, sizeof why) != 0) {
        printf("FAIL %s: %s\n", path, why);
        return r;
    }
    /* half the presets' 1 mAh/cm^2 (CI time; measured margins at 0.5 and 1 mAh/cm^2 in
     * docs/validation.md: the orderings hold at both) */
    sc.steps[0].capacity *= 0.5;
    ZnRunOptions o = {dir, 1, 1, 0, 0};
    char label[700];
    snprintf(label, sizeof label, "%s runs", path);
    check_abs(label, run_scenario(&sc, path, &o), 0, 0);
    snprintf(csv, sizeof csv, "%s/metrics.csv", dir);
    r.roughness = check_csv_last(csv, "roughness_um");
    r.max_height = check_csv_last(csv, "max_height_um");
    r.thickness = check_csv_last(csv, "mean_thickness_um");
    const char *cols[3] = {"texture_002", "texture_101", "texture_100"};
    for (int f = 0; f < 3; f++) r.texture[f] = check_csv_last(csv, cols[f]);
    printf("     %s: mean %.3f um, max height %.3f um, roughness %.3f um\n", path, r.thickness,
           r.max_height, r.roughness);
    return r;
}

/* Convergence of the texture outputs (CHECKS 8 for the numbers this issue adds): the (101)
 * nuclei plated 0.25 mAh/cm^2 at the preset's numerics, at half its time step, and at half its
 * grid spacing (same interface width, the grid twice as many cells each way). */
static void convergence(void)
{
    static ZnScenario sc;
    char why[1024];
    const char *path = "configs/validation/nuclei_101_on_cu.yaml";
    const char *cols[6] = {"max_height_um", "roughness_um", "interface_length_ratio", "facet_002",
                           "facet_101", "grain_size_um"};
    const char *what[3] = {"the preset's numerics", "half the time step", "half the grid spacing"};
    double v[3][6];
    for (int k = 0; k < 3; k++) {
        if (scenario_load(path, &sc, why, sizeof why) != 0) {
            printf("FAIL %s: %s\n", path, why);
            return;
        }
        sc.steps[0].capacity *= 0.25; /* 0.25 mAh/cm^2: CI time (the ordering runs below take 1) */
        if (k == 1) {
            sc.phys.relax_dt *= 0.5;
            sc.phys.dxi_max *= 0.5;
        }
        if (k == 2) {
            sc.phys.grid.dx *= 0.5;
            sc.phys.grid.nx *= 2;
            sc.phys.grid.ny *= 2;
        }
        char dir[512], csv[600], label[160];
        snprintf(dir, sizeof dir, "%s_%d", T("/tmp/znpf_ord_conv"), k);
        ZnRunOptions o = {dir, 1, 1, 0, 0};
        snprintf(label, sizeof label, "convergence run at %s", what[k]);
        check_abs(label, run_scenario(&sc, path, &o), 0, 0);
        snprintf(csv, sizeof csv, "%s/metrics.csv", dir);
        for (int c = 0; c < 6; c++) v[k][c] = check_csv_last(csv, cols[c]);
        printf("     %s:", what[k]);
        for (int c = 0; c < 6; c++) printf(" %s %.5g", cols[c], v[k][c]);
        printf("\n");
    }
    for (int k = 1; k < 3; k++)
        for (int c = 0; c < 6; c++) {
            char label[160];
            const char *on = k == 1 ? "dt" : "dx";
            if (c == 3 || c == 4) {
                snprintf(label, sizeof label, "CHECKS 8 texture: %s on halving %s (absolute change)", cols[c], on);
                check_abs(label, v[k][c], v[0][c], 0.02);
            } else {
                snprintf(label, sizeof label, "CHECKS 8 texture: %s on halving %s", cols[c], on);
                check_rel(label, v[k][c], v[0][c], 0.02);
            }
        }
}

int main(void)
{
    convergence();
    Result n002 = run("configs/validation/nuclei_002_on_cu.yaml", T("/tmp/znpf_ord_n002"));
    Result n101 = run("configs/validation/nuclei_101_on_cu.yaml", T("/tmp/znpf_ord_n101"));
    check_rel("same charge: (002) and (101) runs hold the same metal", n002.thickness, n101.thickness, 1e-4);
    /* every nucleus (and so every deposited grain) is of one family: the texture output says so */
    check_abs("texture output: all deposit in (002) grains when every nucleus is (002)", n002.texture[0], 1.0, 1e-12);
    check_abs("texture output: all deposit in (101) grains when every nucleus is (101)", n101.texture[1], 1.0, 1e-12);
    check_above("texture: roughness (101) / (002) nuclei on Cu", n101.roughness / n002.roughness, 1.2);
    check_above("texture: max height (101) / (002) nuclei on Cu", n101.max_height / n002.max_height, 1.2);

    Result bare = run("configs/additives/bare_2M_ZnSO4_cu.yaml", T("/tmp/znpf_ord_bare_cu"));
    Result la = run("configs/additives/la_nitrate_zincophilic.yaml", T("/tmp/znpf_ord_la"));
    check_rel("same charge: bare Cu and La(NO3)3 runs hold the same metal", bare.thickness, la.thickness, 1e-4);
    check_above("zincophilic sites: roughness bare Cu / La(NO3)3", bare.roughness / la.roughness, 1.2);
    check_above("zincophilic sites: max height bare Cu / La(NO3)3", bare.max_height / la.max_height, 1.2);
    return check_finish();
}
