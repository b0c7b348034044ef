/* study_numerics.c - `make study`: the measurements behind docs/numerics.md (not a test: it
 * asserts nothing and takes a few minutes).
 *   1. flat-front speed error under potential control vs grid (delta/dx), relaxation ratio and
 *      the relaxation time-step bound relax_dt
 *   2. a dendrite-scale convergence study: 12.8 um square, bumpy (101) foil, 0.5 mAh/cm^2 at
 *      10 mA/cm^2: base, dt/2, dx/2
 */
#include "engine.h"
#include "initial.h"
#include "metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static long run_until(ZnEngine *e, const ZnControl *ctl, double t_end, double *dt)
{
    long steps = 0;
    ZnStepInfo info;
    while (e->t < t_end * (1 - 1e-12)) {
        double h = *dt < t_end - e->t ? *dt : t_end - e->t;
        if (engine_step(e, ctl, h, &info) != 0) {
            printf("engine: %s\n", e->err);
            exit(1);
        }
        *dt = engine_next_dt(e, *dt, info.max_rate);
        steps++;
    }
    return steps;
}

static void front_speed(double cells_per_delta, double ratio, double relax_dt, int scheme)
{
    ZnPhys p;
    phys_defaults(&p);
    p.time_scheme = scheme;
    p.grid.nx = 4;
    p.grid.dx = p.delta / cells_per_delta;
    p.grid.ny = 16;
    while (p.grid.ny * p.grid.dx < 4.8e-6) p.grid.ny *= 2;
    p.k2 = p.k6 = 0.0;
    p.D_l = 1e-5;
    p.sigma_l = 1e5;
    p.relax_ratio = ratio;
    p.relax_dt = relax_dt;
    double eta = -0.1, nf = p.n * ZN_FARADAY / (ZN_GAS_R * p.T);
    double bv = exp(-p.alpha * nf * eta) - exp((1 - p.alpha) * nf * eta);
    p.i_ref = p.i0 * bv;
    ZnInitial in = {0};
    in.thickness = 1.5e-6;
    ZnEngine e;
    if (engine_create(&e, &zn_backend_cpu, &p) != 0) {
        printf("%s\n", e.err);
        return;
    }
    initial_apply(&e, &in);
    ZnControl ctl = {ZN_CTRL_POTENTIAL, 0.0, eta};
    double v0 = phys_front_speed(&p, p.i_ref), dt = 1e-4;
    double t1 = 0.3e-6 / v0, t2 = t1 + 0.5e-6 / v0;
    run_until(&e, &ctl, t1, &dt);
    double h1 = e.sum_xi * e.hy / e.r.nx;
    long steps = run_until(&e, &ctl, t2, &dt);
    double v = (e.sum_xi * e.hy / e.r.nx - h1) / (t2 - t1);
    printf("| %s | %4.0f | %4.0f | %5.3f | %+7.3f %% | %5ld |\n",
           scheme == ZN_SCHEME_SBDF2 ? "sbdf2" : "euler", cells_per_delta, ratio, relax_dt,
           100 * (v / v0 - 1), steps);
    engine_destroy(&e);
}

static void dendrite(double dx, double dt_scale, int scheme, double relax_dt)
{
    ZnPhys p;
    phys_defaults(&p);
    p.time_scheme = scheme;
    p.relax_dt = relax_dt;
    p.grid.dx = dx;
    p.grid.nx = p.grid.ny = (int)(12.8e-6 / dx + 0.5);
    p.texture = ZN_TEX_101;
    p.relax_dt *= dt_scale;
    p.dxi_max *= dt_scale;
    ZnInitial in = {0};
    in.thickness = 2e-6;
    in.nbumps = 3;
    in.bumps[0] = (ZnBump){2.0e-6, 0.8e-6, 0.6e-6};
    in.bumps[1] = (ZnBump){6.4e-6, 1.2e-6, 0.7e-6};
    in.bumps[2] = (ZnBump){10.5e-6, 0.6e-6, 0.5e-6};
    ZnEngine e;
    if (engine_create(&e, &zn_backend_cpu, &p) != 0) {
        printf("%s\n", e.err);
        return;
    }
    initial_apply(&e, &in);
    double *xi = malloc((size_t)p.grid.nx * sizeof *xi); /* column scratch for the metrics */
    ZnControl ctl = {ZN_CTRL_CURRENT, 100.0, 0.0};
    double dt = 1e-3;
    long steps = run_until(&e, &ctl, 180.0, &dt);
    ZnMetrics m;
    metrics_compute(&e, xi, &m);
    printf("| %s, relax_dt %g | %5.3f um | x%.1f | %5ld | %.4f | %.4f | %.4f | %.5f |\n",
           scheme == ZN_SCHEME_SBDF2 ? "sbdf2" : "euler", relax_dt, dx * 1e6, dt_scale, steps,
           m.max_height * 1e6, m.length_ratio, m.roughness * 1e6, e.E);
    free(xi);
    engine_destroy(&e);
}

int main(void)
{
    printf("## flat-front speed error, potential control at -0.1 V, isotropic kinetics\n");
    printf("| scheme | delta/dx | relax_ratio | relax_dt | v/v_exact - 1 | steps |\n"
           "|---|---|---|---|---|---|\n");
    double cpd[2] = {4, 8}, ratio[3] = {10, 20, 40}, rdt[2] = {0.05, 0.01};
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 3; b++)
            for (int c = 0; c < 2; c++) front_speed(cpd[a], ratio[b], rdt[c], ZN_SCHEME_EULER);
    /* the second-order step (docs/numerics.md, "Time stepping") */
    double rdt2[3] = {0.2, 0.1, 0.05};
    for (int a = 0; a < 2; a++)
        for (int c = 0; c < 3; c++) front_speed(cpd[a], 20, rdt2[c], ZN_SCHEME_SBDF2);
    printf("\n## dendrite-scale convergence, 0.5 mAh/cm^2 at 10 mA/cm^2, (101), 12.8 um square\n");
    printf("| scheme | dx | dt | steps | max height um | length ratio | roughness um | E V |\n"
           "|---|---|---|---|---|---|---|---|\n");
    dendrite(0.1e-6, 1.0, ZN_SCHEME_EULER, 0.05);
    dendrite(0.1e-6, 0.5, ZN_SCHEME_EULER, 0.05);
    dendrite(0.05e-6, 1.0, ZN_SCHEME_EULER, 0.05);
    dendrite(0.1e-6, 1.0, ZN_SCHEME_SBDF2, 0.2);
    dendrite(0.1e-6, 0.5, ZN_SCHEME_SBDF2, 0.2);
    dendrite(0.05e-6, 1.0, ZN_SCHEME_SBDF2, 0.2);
    return 0;
}
