/* test_instability.c - CHECKS 21: the growth rate of a small cosine perturbation of a flat Zn
 * front plating steadily near its limiting current, against the thin-interface linear stability
 * analysis of the same equations (docs/model.md, "Linear stability of a plating front"), which
 * this test evaluates itself: its own bisection for the base overpotential and the dispersion
 * relation
 *
 *     omega(k) = [K_c G + R (i/sigma - kd G/c_s) - R Gamma k^2]
 *                / (n F c_s,Zn [1 + (K_c G/i + R/sigma - R kd G/(c_s i)) / k]).
 *
 * Set-up: 0.05 M, a reservoir 10 um above a 2 um foil, 0.9 of the gap's limiting current, the
 * salt started on the steady line of the flat front, isotropic kinetics and Gibbs-Thomson
 * (the analysis has no anisotropy), a cosine of 1 % of its wavelength. The amplitude is the
 * first Fourier coefficient of the columns' metal; its logarithmic growth rate over the window
 * is compared with omega(k) at the window's mean gap (the front advances ~0.7 um, so the base
 * state drifts: the gap shrinks and c_s rises).
 * The analysis is the limit of a thin interface; the model's rate differs from it by a term
 * first order in the width delta (the diffuse front's own salt and relaxation). Each case is
 * therefore run at delta = 0.2 um (cells of 0.1 um) and at half of both, and the rate
 * extrapolated to delta -> 0, 2 w(delta/2) - w(delta), is what CHECKS 21's 5 % applies to. The
 * stable side (stripping) needs it most: its decay is a small difference of the terms above
 * (2 % of the growing side's rate), which the first-order term at delta = 0.2 um exceeds. */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const double GAP = 10e-6, H0 = 2e-6, FRAC = 0.9;

/* The base state of steady plating at i over a gap L: salt gradient, front salt, overpotential
 * (i = i0 [c_s e^{-a nf eta} - e^{(1-a) nf eta}], decreasing in eta: bisection). */
static void base(const ZnPhys *p, double i, double L, double *G, double *cs, double *eta, double *nf)
{
    double n = p->n, F = ZN_FARADAY;
    *nf = n * F / (ZN_GAS_R * p->T);
    *G = (1.0 - p->t_plus) * i / (n * F * p->D_l * p->c0);
    *cs = 1.0 - *G * L;
    double lo = -2.0, hi = 2.0;
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        double got = p->i0 * (*cs * exp(-p->alpha * *nf * mid) - exp((1.0 - p->alpha) * *nf * mid));
        if (got > i) lo = mid;
        else hi = mid;
    }
    *eta = 0.5 * (lo + hi);
}

static double omega(const ZnPhys *p, double i, double L, double k)
{
    double G, cs, eta, nf, a = p->alpha, n = p->n, F = ZN_FARADAY;
    base(p, i, L, &G, &cs, &eta, &nf);
    double Kc = p->i0 * exp(-a * nf * eta);
    double R = p->i0 * nf * (a * cs * exp(-a * nf * eta) + (1.0 - a) * exp((1.0 - a) * nf * eta));
    double Gam = p->gt_gamma / (n * F * p->cs);
    double kd = (2.0 * p->t_plus - 1.0) / nf;
    double num = Kc * G + R * (i / p->sigma_l - kd * G / cs) - R * Gam * k * k;
    double den = n * F * p->cs * (1.0 + (Kc * G / i + R / p->sigma_l - R * kd * G / (cs * i)) / k);
    return num / den;
}

/* The perturbation's amplitude: the first Fourier coefficient of the columns' metal height
 * H_i = sum_j xi_ij hy, A = (2/nx) |sum_i H_i exp(i k x_i)|. A front translated by A cos(kx)
 * holds A cos(kx) more metal in each column whatever its profile, so this reads A without the
 * crossing's sub-cell interpolation (which moves with the front's phase in its cell by ~1e-3
 * cells, the size of the stable side's whole decay). The mean height is the mean crossing. */
static void shape(const ZnEngine *e, double *amp, double *mean)
{
    int nx = e->r.nx, ny = e->r.ny;
    double *xi = malloc((size_t)nx * ny * sizeof *xi);
    engine_download(e, xi, NULL, NULL);
    double re = 0.0, im = 0.0, sum = 0.0;
    for (int i = 0; i < nx; i++) {
        double H = 0.0;
        for (int j = 0; j < ny; j++) H += xi[(size_t)j * nx + i] * e->hy;
        re += H * cos(2.0 * PX_PI * i / nx);
        im += H * sin(2.0 * PX_PI * i / nx);
        sum += check_column_crossing(xi, nx, ny, i, e->hy, 0.5);
    }
    *amp = 2.0 / nx * sqrt(re * re + im * im);
    *mean = sum / nx;
    free(xi);
}

/* Growth rate of wavelength lam (m) at frac times the gap's limiting current (< 0: stripping)
 * with interface width delta (cells of delta/2), measured over [t1, t2] by a least-squares fit
 * of ln A. */
static void growth(const ZnBackend *be, double lam, double frac, double delta, double *measured, double *theory,
                   double *gap_mid)
{
    ZnPhys p;
    phys_defaults(&p);
    p.c0 = 50.0;
    p.grid.dx = 0.5 * delta;
    p.delta = delta;
    p.grid.nx = (int)lround(lam / p.grid.dx);
    p.grid.ny = (int)lround((H0 + GAP) / p.grid.dx);
    p.k2 = p.k6 = p.d2 = p.d6 = 0.0; /* isotropic, as the analysis */
    double i_lim = p.n * ZN_FARADAY * p.D_l * p.c0 / ((1.0 - p.t_plus) * GAP);
    double i = frac * i_lim;
    p.i_ref = fabs(i);
    ZnInitial in = {0};
    in.thickness = H0;
    in.sin_amplitude = 0.01 * lam;
    in.sin_wavelength = lam;
    ZnEngine e;
    check_engine(&e, be, &p, &in);
    /* the salt on the flat front's steady line, c~ = 1 - G (Ly - y), held at c_s in the metal */
    size_t n = (size_t)p.grid.nx * p.grid.ny;
    double *c = malloc(n * sizeof *c), G = (1.0 - p.t_plus) * i / (p.n * ZN_FARADAY * p.D_l * p.c0);
    double Ly = p.grid.ny * p.grid.dx;
    for (int j = 0; j < p.grid.ny; j++)
        for (int ii = 0; ii < p.grid.nx; ii++) {
            double y = (j + 0.5) * p.grid.dx;
            c[(size_t)j * p.grid.nx + ii] = 1.0 - G * (Ly - (y > H0 ? y : H0));
        }
    engine_upload(&e, NULL, c, NULL);
    free(c);
    ZnControl ctl = {ZN_CTRL_CURRENT, i, 0.0};
    double dt = p.dt_init, t1 = 5.0, t2 = 20.0;
    long steps = check_run_until(&e, &ctl, t1, &dt);
    /* ln A against t, sampled every 5 s over the window */
    double sx = 0, sy = 0, sxx = 0, sxy = 0, A = 0, h = 0, gap_sum = 0;
    int m = 0;
    for (double t = t1; t <= t2 + 1e-9; t += 2.5) {
        if (t > t1) steps += check_run_until(&e, &ctl, t, &dt);
        shape(&e, &A, &h);
        double y = log(A);
        sx += t;
        sy += y;
        sxx += t * t;
        sxy += t * y;
        gap_sum += Ly - h;
        m++;
    }
    *measured = (m * sxy - sx * sy) / (m * sxx - sx * sx);
    *gap_mid = gap_sum / m;
    *theory = omega(&p, i, *gap_mid, 2.0 * PX_PI / lam);
    printf("     lambda %.1f um, %+.1f i_lim, delta %.2f um (%ld steps): amplitude -> %.4f um over %.0f s, gap %.2f um "
           "at mid-window; growth rate %.4g /s measured, %.4g /s thin-interface theory\n", lam * 1e6, frac,
           delta * 1e6, steps, A * 1e6, t2 - t1, *gap_mid * 1e6, *measured, *theory);
    engine_destroy(&e);
}

int main(void)
{
    const ZnBackend *be = check_backend();
    const double DELTA = 0.2e-6;
    /* three wavelengths growing while plating, and the stable side: stripping at the same rate
     * is stable at every wavelength (the salt gradient and the ohmic drop reverse); capillarity
     * alone stabilises only waves under ~0.3 um here, below what the interface resolves */
    const double lams[4] = {2e-6, 4e-6, 8e-6, 4e-6}, fracs[4] = {FRAC, FRAC, FRAC, -FRAC};
    double w1[4], w2[4], want[4], gap[4], want2, gap2;
    for (int q = 0; q < 4; q++) {
        growth(be, lams[q], fracs[q], DELTA, &w1[q], &want[q], &gap[q]);
        growth(be, lams[q], fracs[q], 0.5 * DELTA, &w2[q], &want2, &gap2);
    }
    for (int q = 0; q < 4; q++) {
        char name[200], side[64];
        snprintf(side, sizeof side, "%.0f um %s at 0.9 i_lim", lams[q] * 1e6, fracs[q] > 0 ? "plating" : "stripping");
        double extrapolated = 2.0 * w2[q] - w1[q];
        printf("     %s: delta 0.2 um %.5g /s, 0.1 um %.5g /s, extrapolated %.5g /s, analysis %.5g /s\n", side, w1[q],
               w2[q], extrapolated, want[q]);
        if (fracs[q] > 0) {
            snprintf(name, sizeof name, "CHECKS 21 growth rate, %s, delta 0.2 um, against the dispersion relation", side);
            check_rel(name, w1[q], want[q], 0.10);
        } else {
            snprintf(name, sizeof name, "CHECKS 21 stable side: %s decays at delta 0.2 um", side);
            check_below(name, w1[q], 0.0);
            snprintf(name, sizeof name, "CHECKS 21 stable side: %s decays at delta 0.1 um", side);
            check_below(name, w2[q], 0.0);
            /* first order in delta: halving it halves the departure from the analysis */
            snprintf(name, sizeof name, "CHECKS 21 stable side: the departure from the analysis halves with delta "
                     "(ratio at 0.1 and 0.2 um)");
            check_rel(name, (w2[q] - want[q]) / (w1[q] - want[q]), 0.5, 0.2);
        }
        snprintf(name, sizeof name, "CHECKS 21 rate, %s, extrapolated to a thin interface, against the dispersion "
                 "relation", side);
        check_rel(name, extrapolated, want[q], 0.05);
    }
    return check_finish();
}
