/* test_stability.c - CHECKS 21: the growth rate of a small cosine perturbation of a flat front
 * plating steadily, against the thin-interface linear stability analysis of the same equations
 * (docs/model.md, "Linear stability of a plating front"), which this test computes itself:
 *
 *     omega(k) = [K_c G + R (i/sigma - kd G/c_s) - R Gamma k^2]
 *                / (n F c_s,Zn [1 + (K_c G/i + R/sigma - R kd G/(c_s i)) / k])
 *
 * with eta0 solved here from Butler-Volmer, K_c = i0 exp(-alpha n f eta0), R = -di/deta,
 * G = (1 - t+) i/(n F D c0), c_s = 1 - G L, Gamma = gamma_GT/(n F c_s,Zn), kd = (2t+ - 1)/(n f).
 *
 * In 2 M ZnSO4 with the default conductivity a flat front is stable for hundreds of um of
 * growth (docs/model.md), far beyond a test; the test therefore uses the same equations with a
 * low electrolyte conductivity (0.01 S/m: the ohmic drive R i/sigma dominates, one e-fold per
 * ~3 um of advance) and a strong Gibbs-Thomson energy (48 J/m^2: the marginal wavelength near
 * 3 um), isotropic kinetics, and three wavelengths: 2 um (stable), 6 and 12 um (unstable). The
 * amplitude is the cosine mode of the xi = 1/2 contour; the rate is d ln(amplitude)/dt between
 * two times after the salt and potential fields have settled. Tolerance: CHECKS 21's 5 %
 * of the fastest rate.
 */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST_SIGMA 0.01   /* S/m */
#define TEST_GT 48.0      /* J/m^2 */
#define TEST_I 100.0      /* A/m^2 */
#define TEST_DX 0.1e-6
#define TEST_NY 256

/* omega(k) of the thin-interface analysis, computed from the parameters alone. */
static double lsa_omega(const ZnPhys *p, double i, double L, double k)
{
    double F = ZN_FARADAY, f = F / (ZN_GAS_R * p->T), nf = p->n * f, a = p->alpha;
    double i0 = p->i0 * p->activity;
    double G = (1.0 - p->t_plus) * i / (p->n * F * p->D_l * p->c0);
    double c_s = 1.0 - G * L;
    double lo = -2.0, hi = 0.0;
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        double got = i0 * (c_s * exp(-a * nf * mid) - exp((1.0 - a) * nf * mid));
        if (got > i) lo = mid; else hi = mid;
    }
    double eta = 0.5 * (lo + hi);
    double Kc = i0 * exp(-a * nf * eta);
    double R = i0 * nf * (a * c_s * exp(-a * nf * eta) + (1.0 - a) * exp((1.0 - a) * nf * eta));
    double Gam = p->gt_gamma / (p->n * F * p->cs), kd = (2.0 * p->t_plus - 1.0) / nf;
    double num = Kc * G + R * (i / p->sigma_l - kd * G / c_s) - R * Gam * k * k;
    double den = p->n * F * p->cs * (1.0 + (Kc * G / i + R / p->sigma_l - R * kd * G / (c_s * i)) / k);
    return num / den;
}

/* Cosine amplitude of the xi = 1/2 contour (one wavelength across the domain) and its mean. */
static double front_mode(const ZnEngine *e, double *xi, double *mean)
{
    int nx = e->r.nx, ny = e->r.ny;
    engine_download(e, xi, NULL, NULL);
    double ac = 0.0, m = 0.0;
    for (int i = 0; i < nx; i++) {
        double y = 0.0;
        for (int j = 0; j + 1 < ny; j++) {
            double a0 = xi[(size_t)j * nx + i], a1 = xi[(size_t)(j + 1) * nx + i];
            if (a0 >= 0.5 && a1 < 0.5) {
                y = (j + 0.5 + (a0 - 0.5) / (a0 - a1)) * e->hy;
                break;
            }
        }
        ac += y * cos(2.0 * PX_PI * (i + 0.5) / nx);
        m += y;
    }
    *mean = m / nx;
    return 2.0 * ac / nx;
}

static void setup(ZnPhys *p, ZnInitial *in, double lambda)
{
    phys_defaults(p);
    p->grid.dx = TEST_DX;
    p->grid.nx = (int)(lambda / TEST_DX + 0.5);
    p->grid.ny = TEST_NY;
    p->k2 = p->k6 = 0.0;
    p->sigma_l = TEST_SIGMA;
    p->gt_gamma = TEST_GT;
    p->i_ref = TEST_I;
    memset(in, 0, sizeof *in);
    in->thickness = 3e-6;
    in->sin_wavelength = lambda;
    in->sin_amplitude = 0.01 * lambda < 0.05e-6 ? 0.01 * lambda : 0.05e-6;
}

/* Measured growth rate of wavelength lambda between t1 and t2 (s), and the analysis' value at
 * the mean gap of that interval. */
static void measure(const ZnBackend *be, double lambda, double t1, double t2, double *got,
                    double *want, double *fastest)
{
    ZnPhys p;
    ZnInitial in;
    ZnEngine e;
    setup(&p, &in, lambda);
    check_engine(&e, be, &p, &in);
    size_t n = (size_t)e.r.nx * e.r.ny;
    double *xi = malloc(n * sizeof *xi), mean1, mean2;
    ZnControl ctl = {ZN_CTRL_CURRENT, TEST_I, 0.0};
    double dt = p.dt_init;
    check_run_until(&e, &ctl, t1, &dt);
    double a1 = front_mode(&e, xi, &mean1);
    check_run_until(&e, &ctl, t2, &dt);
    double a2 = front_mode(&e, xi, &mean2);
    *got = log(a2 / a1) / (t2 - t1);
    double gap = e.r.ny * e.hy - 0.5 * (mean1 + mean2);
    *want = lsa_omega(&p, TEST_I, gap, 2.0 * PX_PI / lambda);
    *fastest = 0.0;
    for (int q = 1; q <= 400; q++) {
        double w = lsa_omega(&p, TEST_I, gap, 2.0 * PX_PI / (0.1e-6 * q));
        if (w > *fastest) *fastest = w;
    }
    printf("     lambda %.3g um: amplitude %.4g -> %.4g um over %.4g s (front %.4g -> %.4g um): "
           "omega %.4g 1/s, analysis %.4g 1/s (fastest %.4g)\n",
           lambda * 1e6, a1 * 1e6, a2 * 1e6, t2 - t1, mean1 * 1e6, mean2 * 1e6, *got, *want, *fastest);
    free(xi);
    engine_destroy(&e);
}

int main(void)
{
    const ZnBackend *be = check_backend();
    const double lambdas[3] = {2e-6, 6e-6, 12e-6};
    for (int q = 0; q < 3; q++) {
        double got, want, fastest;
        measure(be, lambdas[q], 20.0, 320.0, &got, &want, &fastest);
        char name[160];
        snprintf(name, sizeof name, "CHECKS 21 linear stability: growth rate at %.0f um against the "
                 "thin-interface analysis (5 %% of the fastest rate)", lambdas[q] * 1e6);
        check_abs(name, got, want, 0.05 * fastest);
        snprintf(name, sizeof name, "CHECKS 21 linear stability: %.0f um is %s", lambdas[q] * 1e6,
                 want < 0.0 ? "stable" : "unstable");
        check_abs(name, got < 0.0, want < 0.0, 0.0);
    }
    return check_finish();
}
