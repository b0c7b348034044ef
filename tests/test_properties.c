/* test_properties.c - electrolyte properties that follow the local salt (electrolyte.properties,
 * docs/model.md "Properties that follow the concentration").
 *
 * A flat deposit plating steadily in a 4-cell-wide periodic strip, 0.05 M, with a table that
 * makes the diffusivity and the conductivity fall with the salt. Far from the front the steady
 * salt flux is uniform, D(c~) dc~/dy = J = (1 - t+) i / (n F c0), so with the Kirchhoff
 * integral Phi(c) = int D dc the profile is Phi(c~(y)) = Phi(1) - J (Ly - y): for D linear in
 * c~ a quadratic, which this test inverts itself. The current is uniform too,
 * sigma(c~) (dphi/dy + kd d ln c~/dy) = i, so between two heights
 *     phi(y2) - phi(y1) = int_y1^y2 i / sigma(c~(y)) dy - kd ln(c~(y2) / c~(y1)),
 * which the test integrates (Simpson) on its own profile. Both are compared with the engine's
 * fields and with what constant properties would give, to show that the check can tell them
 * apart. Then: a table whose rows all hold the bulk values leaves every field bit-identical to
 * a run without one, and the kernels' interpolation against the rule the docs state.
 */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* rows in mol/m^3, S/m, m^2/s: the diffusivity and the conductivity fall with the salt; the
 * bulk (0.05 M) is the middle row */
static const double ROW_C[3] = {10.0, 50.0, 100.0};
static const double ROW_S[3] = {0.5, 1.2, 2.0};
static const double ROW_D[3] = {2.0e-10, 3.7e-10, 4.5e-10};

static void setup(ZnPhys *p, ZnInitial *in, double i, int table, int flat)
{
    phys_defaults(p);
    p->grid.nx = 4;
    p->grid.ny = 128;
    p->grid.dx = 0.1e-6;
    p->c0 = 50.0;
    p->k2 = p->k6 = 0.0;
    p->i_ref = i;
    if (table) {
        p->nprops = 3;
        for (int k = 0; k < 3; k++) {
            p->props[k].c = ROW_C[k];
            p->props[k].sigma = flat ? ROW_S[1] : ROW_S[k];
            p->props[k].D = flat ? ROW_D[1] : ROW_D[k];
            p->props[k].t_plus = NAN;
        }
        /* the scenario reader's step: bulk values from the table at c0 */
        p->sigma_l = 4.64;
        p->D_l = 3.7e-10;
        char why[300];
        if (phys_apply_properties(p, why, sizeof why) != 0) {
            fprintf(stderr, "properties refused: %s\n", why);
            exit(1);
        }
    }
    memset(in, 0, sizeof *in);
    in->thickness = 1.0e-6;
}

/* D(c~) of the rows' first interval, c~ in [0.2, 1]: D = a + b (c~ - 0.2) */
static double D_a(void) { return ROW_D[0]; }
static double D_b(void) { return (ROW_D[1] - ROW_D[0]) / (ROW_C[1] / 50.0 - ROW_C[0] / 50.0); }

/* Phi(c) = int_0.2^c D, and its inverse (c >= 0.2) */
static double kirchhoff(double c)
{
    double u = c - ROW_C[0] / 50.0;
    return D_a() * u + 0.5 * D_b() * u * u;
}

static double kirchhoff_inverse(double phi)
{
    double a = 0.5 * D_b(), b = D_a();
    return ROW_C[0] / 50.0 + (-b + sqrt(b * b + 4.0 * a * phi)) / (2.0 * a);
}

/* sigma(c~) of the rows' first interval (S/m) */
static double sigma_of(double c)
{
    double t = (c - ROW_C[0] / 50.0) / (ROW_C[1] / 50.0 - ROW_C[0] / 50.0);
    return ROW_S[0] + (ROW_S[1] - ROW_S[0]) * t;
}

/* The test's steady profile at height y under flux J with the reservoir face at Ly. */
static double profile(double y, double Ly, double J)
{
    return kirchhoff_inverse(kirchhoff(1.0) - J * (Ly - y));
}

static void steady(const ZnBackend *be)
{
    ZnPhys p;
    ZnInitial in;
    ZnEngine e;
    const double i = 200.0; /* 20 mA/cm^2: the front at c~ ~ 0.3, inside the first interval */
    setup(&p, &in, i, 1, 0);
    check_engine(&e, be, &p, &in);
    const ZnModel *m = &e.m;
    ZnControl ctl = {ZN_CTRL_CURRENT, i, 0.0};
    int nx = e.r.nx, ny = e.r.ny;
    double Ly = ny * e.hy, gap0 = Ly - 1.0e-6;
    double dt = 1e-3, t_end = 30.0 * gap0 * gap0 / ROW_D[0];
    check_run_until(&e, &ctl, t_end, &dt);
    size_t n = (size_t)nx * ny;
    double *xi = malloc(n * sizeof *xi), *c = malloc(n * sizeof *c), *phi = malloc(n * sizeof *phi);
    engine_download(&e, xi, c, phi);
    double gap = Ly - e.sum_xi * e.hy / nx;
    double J = (1.0 - m->t_plus) * i / (m->n * m->F * m->c0);
    /* cells a quarter and three quarters up the gap, far from the diffuse interface */
    int j1 = (int)((Ly - 0.75 * gap) / e.hy), j2 = (int)((Ly - 0.25 * gap) / e.hy);
    double y1 = (j1 + 0.5) * e.hy, y2 = (j2 + 0.5) * e.hy;
    double c1 = profile(y1, Ly, J), c2 = profile(y2, Ly, J);
    double l1 = 1.0 - J * (Ly - y1) / m->D_l, l2 = 1.0 - J * (Ly - y2) / m->D_l; /* constant D */
    printf("     20 mA/cm^2 in 0.05 M over a %.3g um gap: c~ %.5f and %.5f at y = %.3g and %.3g um; "
           "Kirchhoff %.5f and %.5f; constant D would give %.5f and %.5f\n", gap * 1e6, c[(size_t)nx * j1],
           c[(size_t)nx * j2], y1 * 1e6, y2 * 1e6, c1, c2, l1, l2);
    check_rel("properties: steady c~ a quarter up the gap against the Kirchhoff profile of D(c~)",
              c[(size_t)nx * j1], c1, 0.01);
    check_rel("properties: steady c~ three quarters up the gap against the Kirchhoff profile",
              c[(size_t)nx * j2], c2, 0.01);
    check_above("properties: the constant-D profile differs there by more than 3 tolerances "
                "(the check tells them apart)", fabs(l1 / c1 - 1.0), 0.03);
    /* the potential between the two cells: Simpson on the test's profile */
    double kd = (2.0 * m->t_plus - 1.0) / (m->n * m->f);
    int ns = 2000;
    double hs = (y2 - y1) / ns, integral = 0.0, integral_const = 0.0;
    for (int s = 0; s <= ns; s++) {
        double w = (s == 0 || s == ns) ? 1.0 : (s % 2 ? 4.0 : 2.0);
        double y = y1 + s * hs;
        integral += w * i / sigma_of(profile(y, Ly, J));
        integral_const += w * i / m->sigma_l;
    }
    integral *= hs / 3.0;
    integral_const *= hs / 3.0;
    double want = integral - kd * log(c2 / c1), got = phi[(size_t)nx * j2] - phi[(size_t)nx * j1];
    printf("     phi(y2) - phi(y1) = %.6g V; int i/sigma(c~) dy - kd ln(c2/c1) = %.6g V (ohmic %.6g, "
           "diffusion %.6g); with sigma constant the ohmic part would be %.6g V\n", got, want, integral,
           -kd * log(c2 / c1), integral_const);
    check_rel("properties: the electrolyte potential across the gap against the integral of "
              "i/sigma(c~)", got, want, 0.02);
    check_above("properties: a constant conductivity's drop differs by more than 3 tolerances",
                fabs((integral_const - kd * log(c2 / c1)) / want - 1.0), 0.06);
    free(xi);
    free(c);
    free(phi);
    engine_destroy(&e);
}

/* A table of the bulk values everywhere changes nothing, to the last bit. */
static void flat_table(const ZnBackend *be)
{
    double *f[2][3];
    for (int t = 0; t < 2; t++) {
        ZnPhys p;
        ZnInitial in;
        ZnEngine e;
        setup(&p, &in, 300.0, t, 1);
        p.sigma_l = 1.2; /* the table's value, so both runs have the same bulk */
        check_engine(&e, be, &p, &in);
        ZnControl ctl = {ZN_CTRL_CURRENT, 300.0, 0.0};
        double dt = 1e-3;
        check_run_until(&e, &ctl, 2.0, &dt);
        size_t n = (size_t)e.r.nx * e.r.ny;
        for (int k = 0; k < 3; k++) f[t][k] = malloc(n * sizeof(double));
        engine_download(&e, f[t][0], f[t][1], f[t][2]);
        int differ = 0;
        if (t == 1)
            for (int k = 0; k < 3; k++) differ += memcmp(f[0][k], f[1][k], n * sizeof(double)) != 0;
        engine_destroy(&e);
        if (t == 1)
            check_abs("properties: a table of the bulk values leaves xi, c~ and phi bit-identical "
                      "(fields that differ)", differ, 0.0, 0.0);
    }
    for (int t = 0; t < 2; t++)
        for (int k = 0; k < 3; k++) free(f[t][k]);
}

/* The kernels' interpolation (model.h) against the rule docs/model.md states. */
static void interpolation(void)
{
    ZnPhys p;
    ZnInitial in;
    setup(&p, &in, 100.0, 1, 0);
    ZnModel m = phys_model(&p);
    struct { double c, sigma, D; } want[] = {
        {0.2, 0.5, 2.0e-10},                 /* the first row */
        {0.6, 0.85, 2.85e-10},               /* halfway to the second */
        {1.0, 1.2, 3.7e-10},                 /* the bulk row */
        {1.5, 1.6, 4.1e-10},                 /* halfway to the third */
        {3.0, 2.0, 4.5e-10},                 /* above the last row: its values */
        {0.1, 0.25, 2.0e-10},                /* below the first: sigma ~ c~, D held */
        {-0.1, 0.0, 2.0e-10},                /* no salt (the metal's bookkeeping): no current */
    };
    double worst = 0.0;
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        double s = m.sigma_l * zn_prop_ratio(&m, 1, want[k].c), d = m.D_l * zn_prop_ratio(&m, 0, want[k].c);
        double es = fabs(s - want[k].sigma) / 2.0, ed = fabs(d - want[k].D) / 4.5e-10;
        worst = fmax(worst, fmax(es, ed));
    }
    check_below("properties: conductivity and diffusivity at the rows, between, beyond (worst error "
                "relative to the table's largest)", worst, 1e-14);
    ZnPhys q;
    setup(&q, &in, 100.0, 0, 0);
    ZnModel none = phys_model(&q);
    check_abs("properties: without a table the ratio is exactly 1", zn_prop_ratio(&none, 1, 0.3), 1.0, 0.0);
}

int main(void)
{
    const ZnBackend *be = check_backend();
    interpolation();
    steady(be);
    flat_table(be);
    return check_finish();
}
