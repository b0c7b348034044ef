/* test_potential_models.c - the single-field (Chen/Hong) potential option against the
 * two-field default:
 *   - with the metal 1e3 times more conductive than the electrolyte, the single-field model
 *     puts the whole metal at the collector potential, so a flat front plates at the
 *     Butler-Volmer rate of eta = E, as the two-field model does with E the metal potential
 *   - in the single-field model the electrolyte also conducts between the collector and the
 *     reservoir (the known flaw that the two-field default avoids): the reservoir current is the
 *     deposition current plus |E| / R, R the series resistance of the column, which the test
 *     measures
 *   - current control is refused in the single-field model, with a message
 *   - the coupling of the potential to the reaction (numerics.potential_coupling): a flat front
 *     with fast kinetics behind a resistive electrolyte, where the path's resistance times the
 *     reaction's slope is 7. The explicit coupling makes phi and the reaction swap an overshoot
 *     every step, growing until the run stops; the linearized one plates at the current i of
 *     the series circuit, i = i0 BV(E + i R), R the electrolyte's resistance from the front
 *     to the reservoir, which the test integrates from the field and solves by bisection.
 *   - under current control E takes up any shift of phi common to the attached metal, so the
 *     step from phi^n + C must be the step from phi^n with E + C and the same phi^{n+1}: the
 *     explicit coupling has this by construction, the linearized one only with its rank-one
 *     correction (without it the step's phi^{n+1} moves by C K^-1 d, K the solve's operator).
 */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double flat_speed(const ZnBackend *be, int potential, double eta, double *leak)
{
    ZnPhys p;
    phys_defaults(&p);
    p.grid.nx = 4;
    p.grid.ny = 64;
    p.grid.dx = 0.1e-6;
    p.k2 = p.k6 = 0.0;
    p.D_l = 1e-5;
    p.sigma_l = 1e3;
    p.potential = potential;
    p.relax_dt = 0.01;
    double nf = p.n * ZN_FARADAY / (ZN_GAS_R * p.T);
    p.i_ref = p.i0 * fabs(exp(-p.alpha * nf * eta) - exp((1 - p.alpha) * nf * eta));
    ZnInitial in = {0};
    in.thickness = 2e-6;
    ZnEngine e;
    check_engine(&e, be, &p, &in);
    ZnControl ctl = {ZN_CTRL_POTENTIAL, 0.0, eta};
    double v0 = phys_front_speed(&p, p.i_ref), dt = 1e-4;
    double t1 = 0.3e-6 / v0, t2 = t1 + 0.5e-6 / v0;
    check_run_until(&e, &ctl, t1, &dt);
    double h1 = e.sum_xi * e.hy / e.r.nx;
    check_run_until(&e, &ctl, t2, &dt);
    double v = (e.sum_xi * e.hy / e.r.nx - h1) / (t2 - t1);
    if (leak) {
        /* current density through the reservoir face vs the deposition current density */
        size_t n = (size_t)p.grid.nx * p.grid.ny;
        double *phi = malloc(n * sizeof *phi);
        double *xi = malloc(n * sizeof *xi);
        engine_download(&e, xi, NULL, phi);
        /* series resistance of the column, collector to reservoir, with the mixture conductivity */
        double R = 0.0;
        for (int j = 0; j < p.grid.ny; j++) {
            double h = zn_h(xi[(size_t)j * p.grid.nx]);
            R += p.grid.dx / (e.m.sigma_s * h + p.sigma_l * (1 - h));
        }
        free(xi);
        double phi_top = phi[(size_t)(p.grid.ny - 1) * p.grid.nx];
        double i_res = -p.sigma_l * (0.0 - phi_top) / (0.5 * p.grid.dx); /* along +y */
        double i_dep = v * p.n * ZN_FARADAY * p.cs;
        *leak = (-i_res - i_dep) / (fabs(eta) / R);
        free(phi);
    }
    engine_destroy(&e);
    return v;
}

/* A flat Zn front at E = -0.05 V with i0 = 1e3 A/m^2 (100 times the default) behind sigma_l
 * S/m of electrolyte (a 2 um foil in ny cells of 0.1 um), until t_end, L_sigma set for plating at about i_ref; returns 0 with the plating current density (A/m^2) and the
 * series-circuit current it should equal, or -1 with the engine's message in err. */
static int ohmic_front(const ZnBackend *be, int coupling, int ny, double sigma_l, double i_ref, double t_end,
                       double *i_run, double *i_circuit, char *err, size_t nerr)
{
    ZnPhys p;
    phys_defaults(&p);
    p.grid.nx = 4;
    p.grid.ny = ny;
    p.grid.dx = 0.1e-6;
    p.k2 = p.k6 = 0.0;
    p.D_l = 1e-5; /* c~ stays 1: the resistance alone limits the current */
    p.sigma_l = sigma_l;
    p.i0 = 1e3;
    p.i_ref = i_ref; /* the profile's relaxation keeps up with this plating rate */
    p.time_scheme = ZN_SCHEME_SBDF2;
    p.pot_coupling = coupling;
    phys_step_bounds(&p);
    double E = -0.05, nf = p.n * ZN_FARADAY / (ZN_GAS_R * p.T);
    ZnInitial in = {0};
    in.thickness = 2e-6;
    ZnEngine e;
    check_engine(&e, be, &p, &in);
    ZnControl ctl = {ZN_CTRL_POTENTIAL, 0.0, E};
    ZnStepInfo info;
    double dt = 1e-4;
    int rc = 0;
    while (rc == 0 && e.t < t_end) {
        rc = engine_step(&e, &ctl, dt, &info);
        dt = engine_next_dt(&e, dt, info.max_rate);
    }
    if (rc != 0) {
        snprintf(err, nerr, "%s", e.err);
        engine_destroy(&e);
        return -1;
    }
    *i_run = info.current;
    /* R: from the xi = 1/2 level of the column to the reservoir face (half a cell above the
     * top centre), through the mixture conductivity sigma_s h + sigma_l (1 - h) */
    size_t n = (size_t)p.grid.nx * p.grid.ny;
    double *xi = malloc(n * sizeof *xi);
    engine_download(&e, xi, NULL, NULL);
    int nx = p.grid.nx;
    double hy = p.grid.dx, R = 0.0;
    for (int j = 0; j < ny; j++) {
        double x0 = xi[(size_t)j * nx], x1 = j + 1 < ny ? xi[(size_t)(j + 1) * nx] : 0.0;
        double len = j + 1 < ny ? hy : 0.5 * hy; /* centre j to centre j+1 (or the face) */
        double frac = 1.0;
        if (x0 >= 0.5 && x1 >= 0.5) continue;
        if (x0 >= 0.5) frac = (x0 - 0.5) / (x0 - x1) < 1.0 ? 1.0 - (x0 - 0.5) / (x0 - x1) : 0.0;
        double xm = 0.5 * (x0 + x1), h = zn_h(xm);
        R += frac * len / (e.m.sigma_s * h + p.sigma_l * (1.0 - h));
    }
    free(xi);
    /* i = i0 (c~ exp(-alpha nf eta) - exp((1-alpha) nf eta)), eta = E + i R: bisection on i */
    double lo = 0.0, hi = p.i0 * exp(-p.alpha * nf * E);
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi), eta = E + mid * R;
        double f = p.i0 * (exp(-p.alpha * nf * eta) - exp((1.0 - p.alpha) * nf * eta)) - mid;
        if (f > 0.0) lo = mid;
        else hi = mid;
    }
    *i_circuit = 0.5 * (lo + hi);
    printf("     sigma_l %g S/m: R %.4g Ohm m^2, R i' = %.3g, current %.5g A/m^2\n", sigma_l, R,
           R * p.i0 * nf * (p.alpha * exp(-p.alpha * nf * (E + *i_circuit * R)) +
                            (1 - p.alpha) * exp((1 - p.alpha) * nf * (E + *i_circuit * R))), *i_run);
    engine_destroy(&e);
    return 0;
}


/* 20 current-controlled steps of a wavy front behind sigma_l S/m (*ran = 0: one of them
 * failed, err says why), then one step from the state reached, once from phi^n and once from
 * phi^n + C: returns max |phi_B^{n+1} - phi_A^{n+1}| and the change of E. */
static double shifted_step(const ZnBackend *be, int coupling, double sigma_l, double C, double *dE,
                           int *ran, char *err, size_t nerr)
{
    ZnPhys p;
    phys_defaults(&p);
    p.grid.nx = 32;
    p.grid.ny = 64;
    p.grid.dx = 0.1e-6;
    p.k2 = p.k6 = 0.0;
    p.D_l = 1e-5;
    p.sigma_l = sigma_l;
    p.i0 = 1e3;
    p.i_ref = 600.0;
    p.her = 0;
    p.pot_coupling = coupling;
    /* the invariance is a property of the step's equations, so they are solved to solver_tol:
     * the default stopping rule bounds a solve's error by 1e-6 of the change from its start,
     * and here the start differs by C (docs/numerics.md, "The solves' stopping rule") */
    p.solver_change_tol = 0.0;
    phys_step_bounds(&p);
    ZnInitial in = {0};
    in.thickness = 2e-6;
    /* a wavy front, so that the reaction's slope differs along it */
    in.sin_amplitude = 0.4e-6;
    in.sin_wavelength = p.grid.nx * p.grid.dx;
    ZnEngine e;
    check_engine(&e, be, &p, &in);
    size_t n = (size_t)p.grid.nx * p.grid.ny;
    double *xi = malloc(n * sizeof *xi), *c = malloc(n * sizeof *c), *phi = malloc(n * sizeof *phi);
    double *phiA = malloc(n * sizeof *phiA);
    ZnControl ctl = {ZN_CTRL_CURRENT, 300.0, 0.0};
    ZnStepInfo info;
    *ran = 1;
    for (int s = 0; s < 20 && *ran; s++)
        if (engine_step(&e, &ctl, 1e-3, &info) != 0) {
            snprintf(err, nerr, "%s", e.err);
            *ran = 0;
        }
    *dE = NAN;
    if (!*ran) {
        free(xi);
        free(c);
        free(phi);
        free(phiA);
        engine_destroy(&e);
        return NAN;
    }
    engine_download(&e, xi, c, phi);
    double E0 = e.E, dmax = 0.0, Eafter[2];
    for (int k = 0; k < 2; k++) {
        for (size_t q = 0; q < n; q++) phi[q] += k == 0 ? 0.0 : C;
        engine_upload(&e, xi, c, phi);
        e.E = E0 + (k == 0 ? 0.0 : C);
        double t = e.t;
        long step = e.step;
        double sum = e.sum_xi;
        if (engine_step(&e, &ctl, 1e-3, &info) != 0) printf("     step failed: %s\n", e.err);
        Eafter[k] = info.E;
        if (k == 0) {
            engine_download(&e, NULL, NULL, phiA);
        } else {
            double *phiB = malloc(n * sizeof *phiB);
            engine_download(&e, NULL, NULL, phiB);
            for (size_t q = 0; q < n; q++) dmax = fmax(dmax, fabs(phiB[q] - phiA[q]));
            free(phiB);
        }
        /* back to the clock before the step for the second one */
        e.t = t;
        e.step = step;
        e.sum_xi = sum;
    }
    *dE = Eafter[1] - Eafter[0];
    free(xi);
    free(c);
    free(phi);
    free(phiA);
    engine_destroy(&e);
    return dmax;
}

static void coupling(const ZnBackend *be)
{
    char err[600];
    double i_run = 0.0, i_c = 0.0, i_exp = 0.0;
    /* a gap of 60 interface widths (ny 256), so that the diffuse interface's share of R is small;
     * R i' about 7 */
    int rc = ohmic_front(be, ZN_COUPLING_EXPLICIT, 256, 0.25, 600.0, 10.0, &i_run, &i_c, err, sizeof err);
    printf("     explicit coupling, sigma_l 0.25 S/m: %s\n", rc ? err : "ran to the end");
    check_abs("explicit coupling, R i' = 7: the run stops (phi and the reaction overshoot each other)",
              rc, -1, 0);
    rc = ohmic_front(be, ZN_COUPLING_LINEARIZED, 256, 0.25, 600.0, 10.0, &i_run, &i_c, err, sizeof err);
    check_abs("linearized coupling, R i' = 7: the run goes on", rc, 0, 0);
    if (rc == 0)
        check_rel("linearized coupling, R i' = 7: plating current = the series circuit's i = i0 BV(E + i R)",
                  i_run, i_c, 0.03);
    /* where both are stable (R i' = 0.17) they give the same front */
    rc = ohmic_front(be, ZN_COUPLING_EXPLICIT, 64, 4.64, 6400.0, 2.0, &i_exp, &i_c, err, sizeof err);
    check_abs("explicit coupling, R i' = 0.17: the run goes on", rc, 0, 0);
    rc = ohmic_front(be, ZN_COUPLING_LINEARIZED, 64, 4.64, 6400.0, 2.0, &i_run, &i_c, err, sizeof err);
    check_abs("linearized coupling, R i' = 0.17: the run goes on", rc, 0, 0);
    check_rel("R i' = 0.17: the two couplings plate at the same current", i_run, i_exp, 1e-4);
    /* the mode E takes up: phi^n + 20 mV gives the same phi^{n+1} and E + 20 mV */
    const double C = 0.02;
    for (int k = 0; k < 3; k++) {
        int cp = k == 0 ? ZN_COUPLING_EXPLICIT : ZN_COUPLING_LINEARIZED;
        const char *name = k == 0 ? "explicit" : "linearized";
        /* sigma_l 5 S/m: stable with either coupling; 0.5 S/m: stable only linearized */
        double dE = 0.0, sigma = k < 2 ? 5.0 : 0.5;
        int ran = 0;
        double dphi = shifted_step(be, cp, sigma, C, &dE, &ran, err, sizeof err);
        if (k == 2) {
            int ran_exp = 0;
            double dE_exp;
            shifted_step(be, ZN_COUPLING_EXPLICIT, sigma, C, &dE_exp, &ran_exp, err, sizeof err);
            printf("     wavy front behind %.1f S/m under current control, explicit coupling: %s\n", sigma,
                   ran_exp ? "ran" : err);
            check_abs("explicit coupling, current control, wavy front behind 0.5 S/m: the run stops", ran_exp, 0, 0);
            check_abs("linearized coupling, current control, wavy front behind 0.5 S/m: the run goes on", ran, 1, 0);
        } else {
            check_abs("current control, wavy front behind 5 S/m: the run goes on", ran, 1, 0);
        }
        printf("     %s coupling, current control, %g S/m, phi^n + %.0f mV: phi^{n+1} moves by %.3g V at most, E by "
               "%.6f V\n", name, sigma, C * 1e3, dphi, dE);
        char label[200];
        snprintf(label, sizeof label, "%s coupling, current control, %g S/m: phi^n + C leaves phi^{n+1} as "
                 "it was (max |difference|, V)", name, sigma);
        check_below(label, dphi, 1e-9);
        snprintf(label, sizeof label, "%s coupling, current control, %g S/m: phi^n + C moves E by C", name, sigma);
        check_abs(label, dE, C, 1e-9);
    }
}

int main(void)
{
    const ZnBackend *be = check_backend();
    ZnPhys p;
    phys_defaults(&p);
    double nf = p.n * ZN_FARADAY / (ZN_GAS_R * p.T), eta = -0.1;
    double v_bv = p.i0 * (exp(-p.alpha * nf * eta) - exp((1 - p.alpha) * nf * eta)) /
                  (p.n * ZN_FARADAY * p.cs);
    double leak = 0.0;
    double v2 = flat_speed(be, ZN_POT_TWO_FIELD, eta, NULL);
    double v1 = flat_speed(be, ZN_POT_SINGLE_FIELD, eta, &leak);
    check_rel("two-field: flat front at E = -0.1 V plates at the BV rate", v2, v_bv, 0.02);
    check_rel("single-field: flat front with the collector at -0.1 V plates at the BV rate", v1,
              v_bv, 0.03);
    printf("     single-field: electrolyte current beyond the deposition current = %.3f x |E| / R_column\n",
           leak);
    check_rel("single-field: the column conducts |E| / R besides the reaction (the flaw)",
              leak, 1.0, 0.05);

    ZnEngine e;
    p.potential = ZN_POT_SINGLE_FIELD;
    p.grid.nx = 4;
    p.grid.ny = 32;
    check_engine(&e, be, &p, NULL);
    ZnControl ctl = {ZN_CTRL_CURRENT, 100.0, 0.0};
    ZnStepInfo info;
    int rc = engine_step(&e, &ctl, 1e-3, &info);
    printf("     message: %s\n", e.err);
    check_abs("single-field: current control is refused with a message",
              rc == -1 && strstr(e.err, "potential control only") != NULL, 1, 0);
    engine_destroy(&e);
    coupling(be);
    return check_finish();
}
