/* test_farfield.c - CHECKS 24: the cell beyond the domain (cell.separator, docs/model.md).
 *
 * A flat Zn foil plates galvanostatically in 0.2 M ZnSO4 under a 200 um separator: the salt
 * then lives in the whole cell, the domain's electrolyte gap g plus the separator, of length
 * L = g + L_sep, with the deposit taking J = (1 - t+) i / (n F c0) (c~ m/s) at y = 0 and the Zn
 * counter electrode giving the same back at y = L. The test's own references:
 *   - below the cell's limiting current 2 n F D c0 / ((1 - t+) L) the profile becomes the line
 *       c~(y) = 1 + (J/D) (y - L/2)
 *     (the mean salt is kept because both ends trade the same flux);
 *   - above it the deposit's face runs out of salt at the root t_s of the series solution of
 *     the same 1D problem (cosine modes of a finite cell, summed here),
 *       c~(0, t) = 1 - (J/D) L/2 + (J/D) (4L/pi^2) sum_{k odd} exp(-D k^2 pi^2 t / L^2) / k^2,
 *     which is not the semi-infinite Sand's time (printed beside it): the counter electrode
 *     is within reach of the diffusion front;
 *   - the salt of the domain and the column together is conserved (both ends trade the same
 *     flux), measured on the fields.
Then the acidity's column (her.acidity under a separator): bare Cu evolving hydrogen by
 * water reduction only (a rate independent of the pH) under potential control, a 100 um
 * separator. The acidity deficit u = T_b - T then diffuses through domain and column alike
 * (D_T in both), entering at the collector at q = |i_H|/F and stopped at the counter
 * electrode. The test's reference is the finite slab's own solution for a unit flux from t = 0,
 *     S(y, t) = t/L + [(L - y)^2/(2L) - L/6 - (2L/pi^2) sum_n cos(n pi y/L) e^{-D n^2 pi^2 t/L^2}/n^2] / D,
 * superposed over the steps with each step's hydrogen (Duhamel), against the collector row's T;
 * and the acidity of domain and column together falls by exactly the hydrogen's q dt.
 * Tolerances: CHECKS 24's 3 %. The diffuse interface delays the Sand's time by the salt left in
 * it (test_limiting_current.c); at a diffusion length of ~70 um that is well under 1 %.
 */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define L_SEP 200e-6

static void setup(ZnPhys *p, ZnInitial *in, double i)
{
    phys_defaults(p);
    p->grid.nx = 4;
    p->grid.ny = 64;
    p->grid.dx = 0.2e-6;
    p->c0 = 200.0; /* 0.2 M */
    p->k2 = p->k6 = 0.0;
    p->i_ref = i;
    p->sep_L = L_SEP;
    memset(in, 0, sizeof *in);
    in->thickness = 2.0e-6;
}

/* Electrolyte gap of the domain above the mean deposit, m. */
static double gap_of(const ZnEngine *e)
{
    return e->r.ny * e->hy - e->sum_xi * e->hy / e->r.nx;
}

/* Salt per face area, in c~ m: the domain's electrolyte and metal cells and the column. */
static double salt_of(const ZnEngine *e, double *c, double *xi, double *phi)
{
    size_t n = (size_t)e->r.nx * e->r.ny;
    engine_download(e, xi, c, phi);
    double s = 0.0;
    for (size_t q = 0; q < n; q++) s += c[q];
    return s * e->hy / e->r.nx + sep_salt(&e->sep);
}

/* Lowest c~ in the electrolyte (xi < 1/2): the deposit's face. */
static double face_c(const ZnEngine *e, double *c, double *xi, double *phi)
{
    size_t n = (size_t)e->r.nx * e->r.ny;
    engine_download(e, xi, c, phi);
    double lo = 1e300;
    for (size_t q = 0; q < n; q++)
        if (xi[q] < 0.5 && c[q] < lo) lo = c[q];
    return lo;
}

/* c~ at the deposit's face of the finite cell, by its cosine series. */
static double series_face(double J, double D, double L, double t)
{
    double s = 0.0;
    for (int k = 1; k < 20001; k += 2) {
        double term = exp(-D * k * k * PX_PI * PX_PI * t / (L * L)) / ((double)k * k);
        s += term;
        if (term < 1e-18) break;
    }
    return 1.0 - J / D * L / 2.0 + J / D * 4.0 * L / (PX_PI * PX_PI) * s;
}

/* Below the limit: the steady line through the column and the domain's gap. */
static void steady(const ZnBackend *be)
{
    double i = 100.0; /* 10 mA/cm^2 */
    ZnPhys p;
    ZnInitial in;
    ZnEngine e;
    setup(&p, &in, i);
    check_engine(&e, be, &p, &in);
    const ZnModel *m = &e.m;
    size_t n = (size_t)e.r.nx * e.r.ny;
    double *xi = malloc(n * sizeof *xi), *c = malloc(n * sizeof *c), *phi = malloc(n * sizeof *phi);
    double salt0 = salt_of(&e, c, xi, phi);
    double L0 = gap_of(&e) + L_SEP, D = m->D_l;
    double i_lim = 2.0 * m->n * m->F * D * m->c0 / ((1.0 - m->t_plus) * L0);
    ZnControl ctl = {ZN_CTRL_CURRENT, i, 0.0};
    double dt = 1e-3, t_end = 8.0 * L0 * L0 / (PX_PI * PX_PI * D); /* 8 decay times */
    long steps = check_run_until(&e, &ctl, t_end, &dt);
    double salt1 = salt_of(&e, c, xi, phi);
    double g = gap_of(&e), L = g + L_SEP;
    double J = (1.0 - m->t_plus) * i / (m->n * m->F * m->c0), slope = J / D;
    /* the column's cells a quarter and three quarters up it, at y = g + (k + 1/2) h */
    const ZnSeparator *s = &e.sep;
    int k1 = s->n / 4, k2 = 3 * s->n / 4;
    double y1 = g + (k1 + 0.5) * s->h, y2 = g + (k2 + 0.5) * s->h;
    printf("     10 mA/cm^2 in 0.2 M under %.0f um (cell limit %.4g mA/cm^2), %ld steps to %.4g s: "
           "c~ = %.5f at the deposit, %.5f and %.5f in the column, %.5f at the counter electrode\n",
           L_SEP * 1e6, i_lim / 10.0, steps, e.t, face_c(&e, c, xi, phi), s->c[k1], s->c[k2], s->ce);
    check_rel("CHECKS 24 far field: steady slope in the separator = (1-t+) i / (n F D c0)",
              (s->c[k2] - s->c[k1]) / (y2 - y1), slope, 0.03);
    check_rel("CHECKS 24 far field: steady depletion at the deposit = (1-t+) i L / (2 n F D c0)",
              1.0 - face_c(&e, c, xi, phi), slope * L / 2.0, 0.03);
    check_rel("CHECKS 24 far field: steady excess at the counter electrode = (1-t+) i L / (2 n F D c0)",
              s->ce - 1.0, slope * L / 2.0, 0.03);
    /* the domain's electrolyte continues the same line: its cell midway up the gap */
    int jm = e.r.ny - (int)(0.5 * g / e.hy);
    double ym = (jm + 0.5) * e.hy - (e.r.ny * e.hy - g);
    check_rel("CHECKS 24 far field: the domain's gap lies on the cell's line",
              1.0 - c[(size_t)e.r.nx * jm], -slope * (ym - L / 2.0), 0.03);
    /* the metal potential against the counter electrode's electrolyte loses the separator's
     * ohmic drop i L_sep / sigma_l and its diffusion potential kd ln(c~_ce / c~_face) on the
     * analytic line, kd = (2 t+ - 1) / (n f) */
    double kd = (2.0 * m->t_plus - 1.0) / (m->n * m->f);
    double drop = i * L_SEP / m->sigma_l - kd * log((1.0 + slope * L / 2.0) / (1.0 + slope * (g - L / 2.0)));
    printf("     separator drop E - E_cell = %.6g V (ohmic %.6g V)\n", e.E - e.cell_E, i * L_SEP / m->sigma_l);
    check_rel("CHECKS 24 far field: E less the cell potential = the separator's ohmic and "
              "diffusion-potential drop", e.E - e.cell_E, drop, 0.03);
    check_abs("CHECKS 24 far field: domain + separator salt conserved (c~ m per face area)",
              salt1 - salt0, 0.0, 1e-9 * salt0);
    free(xi);
    free(c);
    free(phi);
    engine_destroy(&e);
}

/* The time the deposit's face reaches c~ = 0 at current i with interface width delta
 * (extrapolated from the two steps that bring it under 0.02); *ts gets the finite cell's series root. */
static double face_zero_time(const ZnBackend *be, double i, double delta, double *ts, double *ts_inf)
{
    ZnPhys p;
    ZnInitial in;
    ZnEngine e;
    setup(&p, &in, i);
    p.delta = delta;
    p.grid.dx = delta / 2.0; /* 4.4 cells across 2.2 delta */
    p.grid.ny = (int)(12.8e-6 / p.grid.dx + 0.5);
    check_engine(&e, be, &p, &in);
    const ZnModel *m = &e.m;
    double D = m->D_l, L = gap_of(&e) + L_SEP, nFc0 = m->n * m->F * m->c0;
    double J = (1.0 - m->t_plus) * i / nFc0;
    double lo = 0.0, hi = 1e4;
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        if (series_face(J, D, L, mid) > 0.0) lo = mid; else hi = mid;
    }
    *ts = 0.5 * (lo + hi);
    *ts_inf = PX_PI * D * nFc0 * nFc0 / (4.0 * pow((1.0 - m->t_plus) * i, 2.0));
    size_t n = (size_t)e.r.nx * e.r.ny;
    double *xi = malloc(n * sizeof *xi), *c = malloc(n * sizeof *c), *phi = malloc(n * sizeof *phi);
    ZnControl ctl = {ZN_CTRL_CURRENT, i, 0.0};
    double dt = *ts / 400.0, t_prev = 0.0, c_prev = 1.0, t_zero = NAN;
    ZnStepInfo info;
    while (e.t < 2.0 * *ts) {
        if (engine_step(&e, &ctl, dt, &info) != 0) break;
        double cf = face_c(&e, c, xi, phi);
        if (cf <= 0.02) {
            /* the scheme keeps c~ >= 0 (CHECKS 23): extrapolate the last two steps to 0 */
            t_zero = e.t + (e.t - t_prev) * cf / (c_prev - cf);
            break;
        }
        t_prev = e.t;
        c_prev = cf;
    }
    printf("     30 mA/cm^2 in 0.2 M, cell %.4g um, delta %.2g um: c~ = 0 at the deposit at t = %.5g "
           "s; finite cell %.5g s, semi-infinite Sand's time %.5g s\n",
           L * 1e6, delta * 1e6, t_zero, *ts, *ts_inf);
    free(xi);
    free(c);
    free(phi);
    engine_destroy(&e);
    return t_zero;
}

/* Above the limit: the deposit's face runs out at the finite cell's Sand's time, not at the
 * semi-infinite one. The diffuse interface delays it (the salt its metal side still holds, as
 * in CHECKS 6): the delay is linear in delta, so two widths extrapolate to the sharp limit. */
static void sand(const ZnBackend *be)
{
    double i = 300.0, ts, ts_inf; /* 30 mA/cm^2 */
    double t1 = face_zero_time(be, i, 0.4e-6, &ts, &ts_inf);
    double t2 = face_zero_time(be, i, 0.2e-6, &ts, &ts_inf);
    check_below("CHECKS 24 far field: the finite cell runs out later than a semi-infinite one "
                "(ts_inf / ts)", ts_inf / ts, 0.97);
    check_known("CHECKS 24 far field: Sand's time of the whole cell at the default delta 0.4 um",
                t1, ts, 0.03, 0.10);
    check_rel("CHECKS 24 far field: Sand's time of the whole cell, delta -> 0 (0.4 and 0.2 um)",
              2.0 * t2 - t1, ts, 0.03);
}

/* The slab's response at y to a unit deficit flux switched on at t = 0 (S above). */
static double slab_unit(double y, double t, double D, double L)
{
    if (t <= 0.0) return 0.0;
    double s = 0.0;
    for (int k = 1; k < 200000; k++) {
        double decay = exp(-D * k * k * PX_PI * PX_PI * t / (L * L));
        s += cos(k * PX_PI * y / L) * decay / ((double)k * k);
        if (decay < 1e-17) break;
    }
    return t / L + ((L - y) * (L - y) / (2.0 * L) - L / 6.0 - 2.0 * L / (PX_PI * PX_PI) * s) / D;
}

/* Acidity per face area (mol/m^2): the domain's cells and the acidity column. */
static double acid_of(const ZnEngine *e, double *T)
{
    size_t n = (size_t)e->r.nx * e->r.ny;
    engine_download_acid(e, T);
    double s = 0.0;
    for (size_t q = 0; q < n; q++) s += T[q];
    return s * e->hy / e->r.nx + sep_salt(&e->sep_T);
}

static void acid_column(const ZnBackend *be)
{
    ZnPhys p;
    ZnInitial in;
    setup(&p, &in, 10.0);
    in.thickness = 0.0; /* bare Cu */
    p.c0 = 2000.0;
    p.sep_L = 100e-6;
    p.her = 1;
    p.her_acidity = 1;
    p.her_i0H_zn = p.her_i0W_zn = p.her_i0H_cu = 0.0;
    p.her_i0W_cu = 3e-4; /* water reduction only: its rate does not follow the pH */
    ZnEngine e;
    check_engine(&e, be, &p, &in);
    size_t n = (size_t)e.r.nx * e.r.ny;
    double *T = malloc(n * sizeof *T);
    double L = e.r.ny * e.hy + p.sep_L, D = p.her_D_T, y0 = 0.5 * e.hy;
    double acid0 = acid_of(&e, T), Tb = T[0];
    enum { MAXSTEPS = 4000 };
    static double t_on[MAXSTEPS + 1], q_on[MAXSTEPS];
    int ns = 0;
    const double times[3] = {0.25, 1.0, 3.0}; /* L^2/D = 2.5 s */
    ZnControl ctl = {ZN_CTRL_POTENTIAL, 0.0, -0.05};
    double dt = 1e-4, out = 0.0;
    for (int m = 0; m < 3; m++) {
        while (e.t < times[m] * (1 - 1e-12) && ns < MAXSTEPS) {
            double h = dt < times[m] - e.t ? dt : times[m] - e.t;
            ZnStepInfo info;
            t_on[ns] = e.t;
            if (engine_step(&e, &ctl, h, &info) != 0) {
                printf("FAIL acidity column step: %s\n", e.err);
                exit(1);
            }
            q_on[ns++] = -info.her_charge / (ZN_FARADAY * info.dt); /* mol/(m^2 s) */
            out += q_on[ns - 1] * info.dt;
            dt = engine_next_dt(&e, dt, info.max_rate);
            if (dt > 0.01) dt = 0.01;
        }
        t_on[ns] = e.t;
        engine_download_acid(&e, T);
        double u = 0.0, Ts = 0.0;
        for (int i = 0; i < e.r.nx; i++) Ts += T[i] / e.r.nx;
        for (int k = 0; k < ns; k++)
            u += q_on[k] * (slab_unit(y0, e.t - t_on[k], D, L) - slab_unit(y0, e.t - t_on[k + 1], D, L));
        char name[200];
        printf("     t = %.2f s, hydrogen %.4g mA/cm^2: T at the collector %.5g mol/m^3 (bulk %.5g), "
               "the slab's %.5g; without the column it would stop at %.5g\n", e.t,
               q_on[ns - 1] * ZN_FARADAY / 10.0, Ts, Tb, Tb - u, Tb - q_on[ns - 1] * (e.r.ny * e.hy - y0) / D);
        snprintf(name, sizeof name, "far field, acidity column: the collector's T deficit at t = %.2f s "
                 "= the slab's (domain + 100 um separator)", e.t);
        check_rel(name, Tb - Ts, u, 0.03);
    }
    double acid1 = acid_of(&e, T);
    check_abs("far field, acidity column: domain + column acidity falls by the hydrogen's q dt (mol/m^2)",
              acid0 - acid1, out, 1e-6 * out);
    free(T);
    engine_destroy(&e);
}

/* Past the cell's limit with hydrogen on (the acidity off): plating steps are redone at a
 * lower potential until hydrogen carries what the salt cannot (engine.c). The counter electrode
 * dissolves Zn for the whole cell current, the deposit takes salt only for its Zn, and the
 * migration brings t+ of the hydrogen's current as Zn2+ that nothing takes, so the salt of the
 * domain and the column grows by exactly the hydrogen's charge, |q_H| / (n F c0) per face area
 * (c~ m): measured on the fields against the steps' hydrogen. A redone step that did not start
 * from the saved c~ would take its salt twice. */
static void past_limit(const ZnBackend *be)
{
    double i = 400.0; /* 40 mA/cm^2, about twice the cell's limit */
    ZnPhys p;
    ZnInitial in;
    ZnEngine e;
    setup(&p, &in, i);
    p.her = 1;
    p.her_acidity = 0;
    check_engine(&e, be, &p, &in);
    const ZnModel *m = &e.m;
    size_t n = (size_t)e.r.nx * e.r.ny;
    double *xi = malloc(n * sizeof *xi), *c = malloc(n * sizeof *c), *phi = malloc(n * sizeof *phi);
    double salt0 = salt_of(&e, c, xi, phi), gained = 0.0, worst = 0.0;
    ZnControl ctl = {ZN_CTRL_CURRENT, i, 0.0};
    ZnStepInfo info;
    double dt = 1e-3;
    int redone = 0, failed = 0, trials = 0;
    while (e.t < 20.0 && !failed) {
        failed = engine_step(&e, &ctl, dt, &info) != 0;
        trials += info.trials;
        gained += -(info.her_charge + info.her_dead_charge) / (m->n * m->F * m->c0);
        redone += info.trials > 0;
        double off = fabs(info.charge - info.her_charge - i * info.dt) / (i * info.dt);
        if (off > worst) worst = off;
        dt = engine_next_dt(&e, dt, info.max_rate);
    }
    double salt1 = salt_of(&e, c, xi, phi);
    printf("     40 mA/cm^2 in 0.2 M under %.0f um with the default HER: %d of the steps to %.4g s redone (%d trials); "
           "salt gained %.8g c~ um, the hydrogen's charge %.8g c~ um; worst |Zn + H - i|/i %.3g%s%s\n",
           L_SEP * 1e6, redone, e.t, trials, (salt1 - salt0) * 1e6, gained * 1e6, worst, failed ? ": " : "",
           failed ? e.err : "");
    check_abs("past the cell's limit with hydrogen: every step runs", failed, 0.0, 0.0);
    check_above("past the cell's limit with hydrogen: steps redone at a lower potential", redone, 1.0);
    check_below("past the cell's limit with hydrogen: Zn + hydrogen = i at every step", worst, 1e-3);
    check_rel("past the cell's limit with hydrogen: the salt of domain and column grows by the hydrogen's "
              "charge (c~ m per face area)", salt1 - salt0, gained, 1e-7);
    free(xi);
    free(c);
    free(phi);
    engine_destroy(&e);
}

int main(void)
{
    const ZnBackend *be = check_backend();
    steady(be);
    sand(be);
    past_limit(be);
    acid_column(be);
    return check_finish();
}
