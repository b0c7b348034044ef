/* test_capillarity.c - the two capillarity modes:
 *   CHECKS 5   chen: a Zn disc in electrolyte with the reaction off shrinks by curvature flow,
 *              R^2 = R0^2 - 2 L_sigma kappa0 t
 *   CHECKS 5b  profile-preserving: a cosine front (0.25 um crest-to-trough, 10 um wavelength)
 *              plated 5 um at uniform kinetics keeps its amplitude and its tanh width
 */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* The disc with the given time scheme at relax_dt: the Euler step at its default 0.05 (a
 * KNOWN line when the explicit double well's lag shows, docs/validation.md section 7) and the
 * second-order step at its default 0.2 (docs/numerics.md; the Euler step needs 0.01, 20 times
 * the steps, for the same accuracy). */
static void curvature_flow(const ZnBackend *be, int scheme, double relax_dt)
{
    ZnPhys p;
    phys_defaults(&p);
    p.time_scheme = scheme;
    p.grid.nx = p.grid.ny = 128;
    p.grid.dx = 0.1e-6;
    p.capillarity = ZN_CAP_CHEN;
    p.d2 = p.d6 = 0.0;
    p.activity = 0.0; /* reaction off */
    double kappa0 = 3.0 * p.gamma * p.delta;
    double R0 = 3e-6, t_end = 5.0; /* R^2 falls from 0.9 to 0.5 R0^2 */
    p.L_sigma = R0 * R0 / (4.0 * kappa0 * 10.0); /* R^2 halves in 10 s */
    p.relax_dt = relax_dt;
    ZnEngine e;
    /* a disc centred in the domain, in the equilibrium profile */
    size_t n = (size_t)p.grid.nx * p.grid.ny;
    double *xi = malloc(n * sizeof *xi);
    check_engine(&e, be, &p, NULL);
    for (int j = 0; j < p.grid.ny; j++)
        for (int i = 0; i < p.grid.nx; i++) {
            double x = (i + 0.5) * p.grid.dx - 6.4e-6, y = (j + 0.5) * p.grid.dx - 6.4e-6;
            xi[(size_t)j * p.grid.nx + i] = 0.5 * (1 - tanh((sqrt(x * x + y * y) - R0) / p.delta));
        }
    engine_upload(&e, xi, NULL, NULL);
    free(xi);
    ZnControl ctl = {ZN_CTRL_POTENTIAL, 0.0, 0.0};
    double A = p.grid.dx * p.grid.dx;
    double dt = 1e-3;
    check_run_until(&e, &ctl, 1.0, &dt); /* let the profile settle */
    double t1 = e.t, R2a = e.sum_xi * A / PX_PI;
    check_run_until(&e, &ctl, t_end, &dt);
    double R2b = e.sum_xi * A / PX_PI;
    double slope = (R2b - R2a) / (e.t - t1);
    const char *sch = scheme == ZN_SCHEME_SBDF2 ? "sbdf2" : "euler";
    printf("     disc, %s at relax_dt %g: R = %.3f um -> %.3f um over %.1f s\n", sch, relax_dt,
           sqrt(R2a) * 1e6, sqrt(R2b) * 1e6, e.t - t1);
    char name[128];
    snprintf(name, sizeof name, "CHECKS 5 curvature flow d(R^2)/dt = -2 L_sigma kappa0, %s at relax_dt %g", sch, relax_dt);
    check_known(name, slope, -2.0 * p.L_sigma * kappa0, 0.02, 0.10);
    engine_destroy(&e);
}

static void front_shape(const ZnEngine *e, double *amp, double *width)
{
    int nx = e->r.nx, ny = e->r.ny;
    double *xi = malloc((size_t)nx * ny * sizeof *xi);
    engine_download(e, xi, NULL, NULL);
    double hmin = 1e9, hmax = -1e9, wsum = 0;
    for (int i = 0; i < nx; i++) {
        double h = check_column_crossing(xi, nx, ny, i, e->hy, 0.5);
        double w = check_column_crossing(xi, nx, ny, i, e->hy, 0.1) -
                   check_column_crossing(xi, nx, ny, i, e->hy, 0.9);
        hmin = h < hmin ? h : hmin;
        hmax = h > hmax ? h : hmax;
        wsum += w;
    }
    *amp = hmax - hmin;
    *width = wsum / nx;
    free(xi);
}

static void no_capillary_artefact(const ZnBackend *be)
{
    ZnPhys p;
    phys_defaults(&p);
    p.grid.nx = 128;
    p.grid.ny = 128;
    p.grid.dx = 10e-6 / 128; /* one 10 um wavelength across */
    p.k2 = p.k6 = 0.0;       /* uniform kinetics */
    p.D_l = 1e-5;            /* transport made fast */
    p.sigma_l = 1e5;
    p.relax_ratio = 10.0;
    p.relax_dt = 0.1;
    double eta = -0.1, nf = p.n * ZN_FARADAY / (ZN_GAS_R * p.T);
    p.i_ref = p.i0 * (exp(-p.alpha * nf * eta) - exp((1 - p.alpha) * nf * eta));
    ZnInitial in = {0};
    in.thickness = 2.0e-6;
    in.sin_amplitude = 0.125e-6;
    in.sin_wavelength = 10e-6;
    ZnEngine e;
    check_engine(&e, be, &p, &in);
    double amp0, w0, amp1, w1;
    front_shape(&e, &amp0, &w0);
    ZnControl ctl = {ZN_CTRL_POTENTIAL, 0.0, eta};
    double v = phys_front_speed(&p, p.i_ref), dt = 1e-3;
    long steps = 0;
    while (e.sum_xi * e.hy / e.r.nx < 7.0e-6) /* until the front has advanced 5 um */
        steps += check_run_until(&e, &ctl, e.t + 0.05e-6 / v, &dt);
    front_shape(&e, &amp1, &w1);
    printf("     advanced %.2f um in %ld steps; amplitude %.4f -> %.4f um, width %.4f -> %.4f um\n",
           (e.sum_xi * e.hy / e.r.nx - 2e-6) * 1e6, steps, amp0 * 1e6, amp1 * 1e6, w0 * 1e6, w1 * 1e6);
    check_rel("CHECKS 5b profile mode keeps the crest-to-trough amplitude over 5 um", amp1, amp0, 0.03);
    check_rel("CHECKS 5b profile mode keeps the 0.1-0.9 width (2.197 delta)", w1, w0, 0.05);
    check_rel("CHECKS 5b initial width is the tanh width 2.197 delta", w0, 2.197 * p.delta, 0.05);
    engine_destroy(&e);
}

int main(void)
{
    const ZnBackend *be = check_backend();
    curvature_flow(be, ZN_SCHEME_SBDF2, 0.2);
    ZnPhys defaults;
    phys_defaults(&defaults);
    curvature_flow(be, ZN_SCHEME_EULER, defaults.relax_dt);
    no_capillary_artefact(be);
    return check_finish();
}
