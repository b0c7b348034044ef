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
    return check_finish();
}
