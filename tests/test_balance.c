/* test_balance.c - conservation and transport limits:
 *   CHECKS 2  Zn2+ (salt) inventory c0 int c~ + (1 - t+) cs int xi changes only by the reservoir
 *             flux, every step; the electrolyte current through the reservoir equals the
 *             deposition current n F cs d(int xi)/dt (charge balance), with either potential
 *             coupling under current control; under potential control the linearized
 *             coupling closes the charge balance to first order in dt (asserted)
 *   CHECKS 6  Sand's time of planar plating, binary electrolyte
 */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static double diffusivity(const ZnModel *m, double xi)
{
    double h = zn_h(xi);
    return m->D_s * h + m->D_l * (1.0 - h);
}

static double conductivity(const ZnModel *m, double xi)
{
    return m->sigma_l * (1.0 - zn_h(xi)) + m->sigma_floor;
}

/* Plating a bumpy foil at 20 mA/cm^2 (or, E_fixed finite, at that metal potential) for 60 steps
 * (dt from 1e-3 s, grown by the engine's rule; dt_scale 0), or up to t = 3 s in fixed steps of
 * dt_scale seconds; the worst steps' salt and charge imbalances, and the last step's charge
 * imbalance. */
static void balances_run(const ZnBackend *be, int coupling, double E_fixed, double dt_scale,
                         double *worst_salt_out, double *worst_charge_out, double *worst_charge_later)
{
    ZnPhys p;
    phys_defaults(&p);
    p.pot_coupling = coupling;
    p.grid.nx = 64;
    p.grid.ny = 96;
    p.grid.dx = 0.1e-6;
    ZnInitial in = {0};
    in.thickness = 1.5e-6;
    in.nbumps = 1;
    in.bumps[0] = (ZnBump){3.2e-6, 1.5e-6, 0.8e-6};
    ZnEngine e;
    check_engine(&e, be, &p, &in);
    int nx = p.grid.nx, ny = p.grid.ny;
    size_t n = (size_t)nx * ny;
    double *xi = malloc(n * sizeof *xi), *c = malloc(n * sizeof *c), *phi = malloc(n * sizeof *phi);
    double A = p.grid.dx * p.grid.dx, hy = p.grid.dx, hx = p.grid.dx;
    const ZnModel *m = &e.m;
    ZnControl ctl = {ZN_CTRL_CURRENT, 200.0, 0.0};
    if (isfinite(E_fixed)) ctl = (ZnControl){ZN_CTRL_POTENTIAL, 0.0, E_fixed};
    double worst_salt = 0.0, worst_charge = 0.0, later = 0.0, dt = 1e-3;
    engine_download(&e, xi, c, phi);
    double inv0 = 0.0;
    for (size_t k = 0; k < n; k++) inv0 += (m->c0 * c[k] + (1 - m->t_plus) * m->cs * xi[k]) * A;
    /* dt_scale 0: the adaptive steps; else fixed steps of dt_scale seconds up to 3 s */
    int nsteps = dt_scale > 0.0 ? (int)(3.0 / dt_scale + 0.5) : 60;
    if (dt_scale > 0.0) dt = dt_scale;
    for (int s = 0; s < nsteps; s++) {
        ZnStepInfo info;
        if (engine_step(&e, &ctl, dt, &info) != 0) {
            printf("FAIL step: %s\n", e.err);
            exit(1);
        }
        engine_download(&e, xi, c, phi);
        double inv = 0.0;
        for (size_t k = 0; k < n; k++) inv += (m->c0 * c[k] + (1 - m->t_plus) * m->cs * xi[k]) * A;
        /* implicit reservoir flux over the step, mol per unit depth */
        double flux = 0.0, itop = 0.0;
        double kd = (2 * m->t_plus - 1) / (m->n * m->f);
        for (int i = 0; i < nx; i++) {
            size_t t = (size_t)(ny - 1) * nx + i;
            flux += diffusivity(m, xi[t]) * (m->c_bulk - c[t]) / (0.5 * hy) * hx * m->c0;
            /* current density along +y through the reservoir face */
            double sg = conductivity(m, xi[t]);
            itop += -sg * ((0.0 - phi[t]) + kd * (log(m->c_bulk) - log(c[t]))) / (0.5 * hy) * hx;
        }
        double zn_mol = fabs(info.charge) * nx * hx / (m->n * m->F); /* deposited this step */
        double imb = fabs(inv - inv0 - flux * dt) / zn_mol;
        if (imb > worst_salt) worst_salt = imb;
        double idep = info.current * nx * hx; /* A per unit depth, plating positive */
        double cimb = fabs(-itop - idep) / fabs(idep);
        if (cimb > worst_charge) worst_charge = cimb;
        later = cimb; /* the last step's */
        inv0 = inv;
        if (dt_scale == 0.0) dt = engine_next_dt(&e, dt, info.max_rate);
    }
    printf("     %d steps at 20 mA/cm^2, t = %.3f s\n", nsteps, e.t);
    free(xi); free(c); free(phi);
    engine_destroy(&e);
    *worst_salt_out = worst_salt;
    *worst_charge_out = worst_charge;
    *worst_charge_later = later;
}

/* CHECKS 2 with the explicit coupling (the default): both balances exact. The linearized one
 * adds R' (phi^{n+1} - phi^n) to the potential's source; under current control its rank-one
 * part removes that term's total (E takes up the common mode: potential_solve.c), so the
 * charge balance stays exact; under potential control it misses by the change of phi over
 * the step, first order in dt (halving every step halves it). The salt balance stays exact. */
static void balances(const ZnBackend *be)
{
    double salt, charge, later, salt_h, charge_h, later_h;
    balances_run(be, ZN_COUPLING_EXPLICIT, NAN, 0.0, &salt, &charge, &later);
    check_below("CHECKS 2 salt balance: |d inventory - reservoir flux| / Zn deposited, worst step",
                salt, 1e-6);
    check_below("CHECKS 2 charge balance: |I_reservoir - I_deposition| / I, worst step",
                charge, 1e-6);
    balances_run(be, ZN_COUPLING_LINEARIZED, NAN, 0.0, &salt, &charge, &later);
    printf("     linearized coupling: charge imbalance worst step %.3g\n", charge);
    check_below("CHECKS 2 salt balance, linearized coupling: worst step", salt, 1e-6);
    check_below("CHECKS 2 charge balance, linearized coupling, current control: |I_reservoir - "
                "I_deposition| / I, worst step", charge, 1e-6);
    /* -0.1 V: about the potential 20 mA/cm^2 needs here */
    balances_run(be, ZN_COUPLING_LINEARIZED, -0.1, 0.05, &salt, &charge, &later);
    balances_run(be, ZN_COUPLING_LINEARIZED, -0.1, 0.025, &salt_h, &charge_h, &later_h);
    printf("     linearized coupling, potential control, fixed steps of 0.05 / 0.025 s: charge imbalance "
           "at t = 3 s %.3g / %.3g; worst step %.3g / %.3g\n", later, later_h, charge, charge_h);
    check_below("CHECKS 2 salt balance, linearized coupling, potential control: worst step", salt_h, 1e-6);
    check_known_below("CHECKS 2 charge balance, linearized coupling, potential control: |I_reservoir - "
                      "I_deposition| / I, worst step (the first, from phi = 0)", charge_h, 1e-6, 0.02);
    check_rel("linearized coupling, potential control: the charge imbalance is first order in dt (at t = "
              "3 s, dt 0.025 against 0.05 s)", later_h / later, 0.5, 0.2);
}

/* Time at which c~ at the front (the xi = 1/2 crossing of column 0) extrapolates to 0, for an
 * interface of width delta; -1 when it never gets there. */
static double sand_time(const ZnBackend *be, double delta, double *ts_out)
{
    ZnPhys p;
    phys_defaults(&p);
    p.grid.nx = 4;
    p.grid.dx = delta / 4.0;
    /* ~5 sqrt(D t_s) of electrolyte, in a power of two of cells for the multigrid */
    p.grid.ny = 1;
    while (p.grid.ny * p.grid.dx < 250e-6) p.grid.ny *= 2;
    p.delta = delta;
    p.c0 = 100.0;          /* 0.1 M */
    p.i_ref = 200.0;       /* 20 mA/cm^2 */
    p.dt_max = 0.01;
    ZnInitial in = {0};
    in.thickness = 2e-6;
    ZnEngine e;
    check_engine(&e, be, &p, &in);
    double i = 200.0, nF = p.n * ZN_FARADAY;
    *ts_out = PX_PI * p.D_l * (nF * p.c0) * (nF * p.c0) / (4.0 * pow(i * (1 - p.t_plus), 2));
    ZnControl ctl = {ZN_CTRL_CURRENT, i, 0.0};
    int nx = p.grid.nx, ny = p.grid.ny;
    double *xi = malloc((size_t)nx * ny * sizeof *xi), *c = malloc((size_t)nx * ny * sizeof *c);
    double dt = 1e-3, t_prev = 0.0, c_prev = 1.0, t_zero = -1.0;
    while (e.t < 2.0 * *ts_out) {
        ZnStepInfo info;
        if (engine_step(&e, &ctl, dt, &info) != 0) break; /* control fails once c~ -> 0 */
        engine_download(&e, xi, c, NULL);
        double cf = 1.0;
        for (int j = 0; j + 1 < ny; j++) {
            double a0 = xi[(size_t)j * nx], a1 = xi[(size_t)(j + 1) * nx];
            if (a0 >= 0.5 && a1 < 0.5) {
                double w = (a0 - 0.5) / (a0 - a1);
                cf = c[(size_t)j * nx] * (1 - w) + c[(size_t)(j + 1) * nx] * w;
            }
        }
        if (cf <= 0.02) {
            /* the surface concentration is linear in sqrt(t) near the end: interpolate */
            double s0 = sqrt(t_prev), s1 = sqrt(e.t);
            double sz = s0 + (s1 - s0) * c_prev / (c_prev - cf);
            t_zero = sz * sz;
            break;
        }
        t_prev = e.t;
        c_prev = cf;
        dt = engine_next_dt(&e, dt, info.max_rate);
    }
    free(xi);
    free(c);
    engine_destroy(&e);
    return t_zero;
}

/* The diffuse interface spreads the Zn2+ sink over its width, part of it on the metal side
 * where D is tiny, so the front sees depletion late by O(delta): the test measures two widths
 * and extrapolates linearly to the sharp-interface limit (docs/numerics.md). */
static void sand(const ZnBackend *be)
{
    double ts, t1 = sand_time(be, 0.5e-6, &ts), t2 = sand_time(be, 0.25e-6, &ts);
    printf("     Sand: analytic t_s = %.4f s; front c~ = 0 at %.4f s (delta 0.5 um), %.4f s "
           "(delta 0.25 um)\n", ts, t1, t2);
    if (t1 < 0 || t2 < 0) {
        printf("FAIL CHECKS 6 Sand's time: the front concentration never reached 0\n");
        return;
    }
    check_below("CHECKS 6 Sand's time: error shrinks as delta halves (err(0.25)/err(0.5))",
                fabs(t2 - ts) / fabs(t1 - ts), 0.7);
    check_rel("CHECKS 6 Sand's time, delta -> 0 extrapolation of 0.5 and 0.25 um", 2 * t2 - t1, ts,
              0.03);
    check_rel("CHECKS 6 Sand's time at delta = 0.25 um (diffuse-interface delay)", t2, ts, 0.06);
    /* at the default interface width the delay is CHECKS 6's deviation (docs/validation.md) */
    ZnPhys d;
    phys_defaults(&d);
    double t0 = sand_time(be, d.delta, &ts);
    printf("     Sand at the default delta %.2g um: %.4f s\n", d.delta * 1e6, t0);
    check_known("CHECKS 6 Sand's time at the default interface width", t0, ts, 0.03, 0.15);
}

int main(void)
{
    const ZnBackend *be = check_backend();
    balances(be);
    sand(be);
    return check_finish();
}
