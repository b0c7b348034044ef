/* test_convergence.c - CHECKS 8 on a small case: a bumpy (101) foil plated at 20 mA/cm^2
 * to 0.3 mAh/cm^2 with real transport; deposit height, interface length and roughness change
 * by less than 2 % when the time step is halved and when the grid spacing is halved.
 * (Dead-Zn fraction joins when dead-Zn labelling exists.) The larger study is in
 * docs/numerics.md. */
#include "check.h"
#include "metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static ZnMetrics plate(const ZnBackend *be, double dx, double dt_scale, long *steps)
{
    ZnPhys p;
    phys_defaults(&p);
    p.grid.dx = dx;
    p.grid.nx = (int)(6.4e-6 / dx + 0.5);
    p.grid.ny = (int)(6.4e-6 / dx + 0.5);
    p.texture = ZN_TEX_101;
    p.i_ref = 200.0;
    p.relax_dt *= dt_scale;
    p.dxi_max *= dt_scale;
    ZnInitial in = {0};
    in.thickness = 1.5e-6;
    in.nbumps = 2;
    in.bumps[0] = (ZnBump){1.6e-6, 0.8e-6, 0.5e-6};
    in.bumps[1] = (ZnBump){4.5e-6, 1.1e-6, 0.6e-6};
    ZnEngine e;
    check_engine(&e, be, &p, &in);
    ZnControl ctl = {ZN_CTRL_CURRENT, 200.0, 0.0};
    double dt = 1e-3;
    *steps = check_run_until(&e, &ctl, 0.3 * 36000.0 / 200.0, &dt);
    ZnMetrics m;
    double *col = malloc((size_t)p.grid.nx * sizeof *col);
    metrics_compute(&e, col, &m);
    free(col);
    engine_destroy(&e);
    return m;
}

static void compare(const char *what, ZnMetrics a, ZnMetrics b)
{
    char name[200];
    snprintf(name, sizeof name, "CHECKS 8 %s: max height", what);
    check_rel(name, b.max_height, a.max_height, 0.02);
    snprintf(name, sizeof name, "CHECKS 8 %s: interface length ratio", what);
    check_rel(name, b.length_ratio, a.length_ratio, 0.02);
    snprintf(name, sizeof name, "CHECKS 8 %s: roughness", what);
    check_rel(name, b.roughness, a.roughness, 0.02);
}

int main(void)
{
    const ZnBackend *be = check_backend();
    long s1, s2, s3;
    ZnMetrics base = plate(be, 0.1e-6, 1.0, &s1);
    ZnMetrics half_dt = plate(be, 0.1e-6, 0.5, &s2);
    ZnMetrics half_dx = plate(be, 0.05e-6, 1.0, &s3);
    printf("     steps: %ld (base), %ld (dt/2), %ld (dx/2); max height %.4f %.4f %.4f um, "
           "length ratio %.4f %.4f %.4f, roughness %.4f %.4f %.4f um\n", s1, s2, s3,
           base.max_height * 1e6, half_dt.max_height * 1e6, half_dx.max_height * 1e6,
           base.length_ratio, half_dt.length_ratio, half_dx.length_ratio, base.roughness * 1e6,
           half_dt.roughness * 1e6, half_dx.roughness * 1e6);
    compare("halving dt", base, half_dt);
    compare("halving dx", base, half_dx);
    return check_finish();
}
