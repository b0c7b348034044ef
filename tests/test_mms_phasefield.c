/* test_mms_phasefield.c - CHECKS 7 for the phase-field step (kernels/phasefield.c): a smooth
 * field xi = 1/2 + 0.4 cos(pi y/L) + 0.05 sin(2 pi x/L) sin^2(pi y/L) (flat at both y faces, so
 * every boundary flux vanishes, and with a gradient nowhere zero inside: the anisotropic
 * operator depends on the normal's direction, undefined where grad xi = 0) is stepped once, by the engine's own semi-implicit Fourier step, with
 * a step short enough (1e-7 s) that (xi^{n+1} - xi^n)/dt is the spatial operator itself:
 *     d xi/dt = L_sigma [ div(eps^2 grad xi) - d/dx(eps eps' d xi/dy) + d/dy(eps eps' d xi/dx)
 *                         - g'(xi) ] - L_eta0 a(theta) h'(xi) [exp((1-alpha) n f eta) - exp(-alpha n f eta)]
 * (chen capillarity with the 2- and 6-fold energy anisotropy, the anisotropic kinetics
 * a(theta) = 1 + w (1 + k2 cos 2(theta - theta_f) + k6 cos 6(theta - theta_f) - 1),
 * w = |grad xi|^2 / (|grad xi|^2 + eps_g^2), at eta = -0.05 V, c~ = 1). The test evaluates that
 * operator from closed forms (its own code: derivatives by central differences with a step
 * L 1e-5) and compares at the cell centres on 32, 64 and 128 cells: order >= 1.9.
 */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define L_DOM 6.4e-6
#define EPS (L_DOM * 1e-5)
#define ETA (-0.05)

static double xi_ex(double x, double y)
{
    double s = sin(PX_PI * y / L_DOM);
    return 0.5 + 0.4 * cos(PX_PI * y / L_DOM) + 0.05 * sin(2.0 * PX_PI * x / L_DOM) * s * s;
}

static void grad(double x, double y, double *gx, double *gy)
{
    *gx = (xi_ex(x + EPS, y) - xi_ex(x - EPS, y)) / (2 * EPS);
    *gy = (xi_ex(x, y + EPS) - xi_ex(x, y - EPS)) / (2 * EPS);
}

/* eps(theta) and eps'(theta) of the energy anisotropy, theta the direction of -grad xi */
static void eps_of(const ZnModel *m, double gx, double gy, double *e, double *ep)
{
    double th = (gx == 0.0 && gy == 0.0) ? 0.0 : atan2(-gy, -gx), t = th - m->theta_f;
    double e0 = sqrt(m->kappa0);
    *e = e0 * (1.0 + m->d2 * cos(2 * t) + m->d6 * cos(6 * t));
    *ep = e0 * (-2.0 * m->d2 * sin(2 * t) - 6.0 * m->d6 * sin(6 * t));
}

/* the Kobayashi flux (fx, fy) at (x, y) */
static void flux(const ZnModel *m, double x, double y, double *fx, double *fy)
{
    double gx, gy, e, ep;
    grad(x, y, &gx, &gy);
    eps_of(m, gx, gy, &e, &ep);
    *fx = e * e * gx - e * ep * gy;
    *fy = e * e * gy + e * ep * gx;
}

static double operator_at(const ZnModel *m, double x, double y)
{
    double fxp, fxm, fyp, fym, d;
    flux(m, x + EPS, y, &fxp, &d);
    flux(m, x - EPS, y, &fxm, &d);
    flux(m, x, y + EPS, &d, &fyp);
    flux(m, x, y - EPS, &d, &fym);
    double div = (fxp - fxm) / (2 * EPS) + (fyp - fym) / (2 * EPS);
    double v = xi_ex(x, y);
    double gprime = 2.0 * m->W * v * (1.0 - v) * (1.0 - 2.0 * v);
    double gx, gy;
    grad(x, y, &gx, &gy);
    double g2 = gx * gx + gy * gy, w = g2 / (g2 + m->grad_eps * m->grad_eps);
    double th = atan2(-gy, -gx), t = th - m->theta_f;
    double an = 1.0 + w * (m->k2 * cos(2 * t) + m->k6 * cos(6 * t));
    double hp = 30.0 * v * v * (1.0 - v) * (1.0 - v);
    double nf = m->n * m->f;
    double bv = exp((1.0 - m->alpha) * nf * ETA) - exp(-m->alpha * nf * ETA);
    return m->L_sigma * (div - gprime) - m->L_eta0 * an * m->activity * hp * bv;
}

static double max_error(const ZnBackend *be, int n)
{
    ZnPhys p;
    phys_defaults(&p);
    p.grid.nx = p.grid.ny = n;
    p.grid.dx = L_DOM / n;
    p.capillarity = ZN_CAP_CHEN;
    p.L_sigma = 1e-9; /* m^3/(J s): relaxation rates of order 1/s on this field */
    ZnEngine e;
    check_engine(&e, be, &p, NULL);
    size_t cells = (size_t)n * n;
    double *xi = malloc(cells * sizeof *xi), *rate = malloc(cells * sizeof *rate);
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++)
            xi[(size_t)j * n + i] = xi_ex((i + 0.5) * p.grid.dx, (j + 0.5) * p.grid.dx);
    engine_upload(&e, xi, NULL, NULL);
    /* the engine's phase-field step at metal potential ETA (phi = 0, c~ = 1) */
    double dt = 1e-7;
    PfArgs a = engine_pf_args(&e, dt, ETA);
    e.be->k->pf_build_rhs(e.r, a);
    if (e.be->fft_forward(e.fft, e.ext, e.spec) != 0) {
        printf("FAIL forward FFT: %s\n", e.be->last_error());
        exit(1);
    }
    PfSpecArgs s = {.spec = e.spec, .lam = e.lam, .nx = n, .ny2 = 2 * n, .hx = e.hx, .hy = e.hy,
                    .diag = 1.0 / dt + a.stab, .L_kimp = a.L_kimp,
                    .norm = 1.0 / ((double)n * 2.0 * n)};
    PxRange modes = {n / 2 + 1, 2 * n, 1};
    e.be->k->pf_spectral_solve(modes, s);
    if (e.be->fft_inverse(e.fft, e.spec, e.ext) != 0) {
        printf("FAIL inverse FFT: %s\n", e.be->last_error());
        exit(1);
    }
    PfExtractArgs x = {e.ext, e.xi, e.rate, 1.0 / dt};
    e.be->k->pf_extract(e.r, x);
    if (e.be->download(rate, e.rate, cells * sizeof(double)) != 0) {
        printf("FAIL download: %s\n", e.be->last_error());
        exit(1);
    }
    double err = 0.0, big = 0.0;
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++) {
            double want = operator_at(&e.m, (i + 0.5) * p.grid.dx, (j + 0.5) * p.grid.dx);
            double d = fabs(rate[(size_t)j * n + i] - want);
            if (d > err) err = d;
            if (fabs(want) > big) big = fabs(want);
        }
    printf("     %3d x %3d: max |d xi/dt - operator| = %.3e 1/s (operator up to %.3g 1/s)\n", n, n,
           err, big);
    free(xi);
    free(rate);
    engine_destroy(&e);
    return err;
}

int main(void)
{
    const ZnBackend *be = check_backend();
    const int grids[3] = {32, 64, 128};
    double err[3];
    for (int g = 0; g < 3; g++) err[g] = max_error(be, grids[g]);
    for (int g = 0; g < 2; g++) {
        char name[160];
        snprintf(name, sizeof name, "CHECKS 7 order of the phase-field step (chen, anisotropic "
                 "energy and kinetics), %d -> %d cells", grids[g], grids[g + 1]);
        check_above(name, log2(err[g] / err[g + 1]), 1.9);
    }
    return check_finish();
}
