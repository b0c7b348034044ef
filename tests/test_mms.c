/* test_mms.c - CHECKS 7 through the engine's own assembly (kernels/transport.c): manufactured
 * solutions of the salt operator (backward Euler, variable D(xi) with arithmetic face means,
 * no flux at the collector, the reservoir's half-cell ghost) and of the potential operator
 * (variable sigma(xi), the diffusion-potential term kd div(sigma_e grad ln c~) on its right-hand
 * side, phi = 0 and ln c_bulk at the reservoir face), solved by the engine's multigrid on three
 * grids. The exact fields, chosen to meet the boundary conditions,
 *     xi  = 1/2 + 0.4 sin(2 pi x/L) cos(pi y/L)
 *     c~  = 1 + 0.3 cos(pi y/(2L)) (1 + 0.5 cos(2 pi x/L))
 *     phi = 0.01 V cos(pi y/(2L)) (1 + 0.5 cos(2 pi x/L))
 * enter through the only free inputs of each operator, c~^n and the growth rate: the test
 * computes the rate that makes each exact field a solution of the continuous equation, with
 * the divergences of the exact fluxes taken by central differences of closed forms (step
 * L 1e-5). The observed order of the max error must be >= 1.9.
 */
#include "check.h"
#include "multigrid.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define L_DOM 6.4e-6
#define EPS (L_DOM * 1e-5)

static double xi_ex(double x, double y)
{
    return 0.5 + 0.4 * sin(2.0 * PX_PI * x / L_DOM) * cos(PX_PI * y / L_DOM);
}

static double c_ex(double x, double y)
{
    return 1.0 + 0.3 * cos(PX_PI * y / (2.0 * L_DOM)) * (1.0 + 0.5 * cos(2.0 * PX_PI * x / L_DOM));
}

static double phi_ex(double x, double y)
{
    return 0.01 * cos(PX_PI * y / (2.0 * L_DOM)) * (1.0 + 0.5 * cos(2.0 * PX_PI * x / L_DOM));
}

/* the model's interpolation h(xi) = xi^3 (6 xi^2 - 15 xi + 10), written out here */
static double h_of(double x)
{
    return x * x * x * (6.0 * x * x - 15.0 * x + 10.0);
}

typedef struct Coef {
    const ZnModel *m;
    int which; /* 0: D and c~; 1: sigma and phi; 2: sigma_e and ln c~ */
} Coef;

static double coef(const Coef *k, double x, double y)
{
    double h = h_of(xi_ex(x, y));
    if (k->which == 0) return k->m->D_s * h + k->m->D_l * (1.0 - h);
    return k->m->sigma_l * (1.0 - h) + k->m->sigma_floor;
}

static double field(const Coef *k, double x, double y)
{
    return k->which == 0 ? c_ex(x, y) : k->which == 1 ? phi_ex(x, y) : log(c_ex(x, y));
}

/* div(coef grad field) at (x, y): fluxes at +-EPS by central differences of the closed forms. */
static double divflux(const Coef *k, double x, double y)
{
    double e = EPS;
    double fxp = coef(k, x + e, y) * (field(k, x + 2 * e, y) - field(k, x, y)) / (2 * e);
    double fxm = coef(k, x - e, y) * (field(k, x, y) - field(k, x - 2 * e, y)) / (2 * e);
    double fyp = coef(k, x, y + e) * (field(k, x, y + 2 * e) - field(k, x, y)) / (2 * e);
    double fym = coef(k, x, y - e) * (field(k, x, y) - field(k, x, y - 2 * e)) / (2 * e);
    return (fxp - fxm) / (2 * e) + (fyp - fym) / (2 * e);
}

/* Max errors of the salt and the potential solve on an n x n grid of the L x L domain. */
static void solve_on(const ZnBackend *be, int n, double *err_c, double *err_phi)
{
    ZnPhys p;
    phys_defaults(&p);
    p.grid.nx = p.grid.ny = n;
    p.grid.dx = L_DOM / n;
    ZnEngine e;
    check_engine(&e, be, &p, NULL);
    const ZnModel *m = &e.m;
    size_t cells = (size_t)n * n;
    double *xi = malloc(cells * sizeof *xi), *c = malloc(cells * sizeof *c);
    double *rate = malloc(cells * sizeof *rate), *got = malloc(cells * sizeof *got);
    double dt = 1e-4, share = 1.0 - m->t_plus, kd = (2.0 * m->t_plus - 1.0) / (m->n * m->f);
    Coef kc = {m, 0}, kp = {m, 1}, kl = {m, 2};
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++) {
            double x = (i + 0.5) * p.grid.dx, y = (j + 0.5) * p.grid.dx;
            size_t q = (size_t)j * n + i;
            xi[q] = xi_ex(x, y);
            c[q] = c_ex(x, y);
            /* (c - c^n)/dt - div(D grad c) = -share (cs/c0) rate with c^n = c: the salt's rate */
            rate[q] = divflux(&kc, x, y) / (share * m->cs / m->c0);
        }
    double *ones = malloc(cells * sizeof *ones);
    for (size_t q = 0; q < cells; q++) ones[q] = 1.0;
    engine_upload(&e, xi, c, NULL);
    if (e.be->upload(e.rate, rate, cells * sizeof(double)) != 0) {
        printf("FAIL upload: %s\n", e.be->last_error());
        exit(1);
    }
    const MgLevel *L = &e.mg.lev[0];
    TrArgs t = {.m = e.m, .xi = e.xi, .c = e.c, .rate = e.rate, .a = L->a, .bx = L->bx,
                .by = L->by, .f = L->f, .inv_dt = 1.0 / dt, .hx = e.hx, .hy = e.hy,
                .phi = e.phi};
    e.be->k->tr_conc_setup(e.r, t);
    if (e.be->upload(e.c, ones, cells * sizeof(double)) != 0) /* the solve starts away from the answer */
        printf("FAIL upload: %s\n", e.be->last_error());
    MgStats s = mg_solve(&e.mg, e.c);
    engine_download(&e, NULL, got, NULL);
    *err_c = 0.0;
    for (size_t q = 0; q < cells; q++)
        if (fabs(got[q] - c[q]) > *err_c) *err_c = fabs(got[q] - c[q]);
    if (!s.converged) *err_c = NAN;
    /* the potential: div(sigma grad phi) = n F cs rate - kd div(sigma_e grad ln c~), with c~
     * the exact salt */
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++) {
            double x = (i + 0.5) * p.grid.dx, y = (j + 0.5) * p.grid.dx;
            rate[(size_t)j * n + i] = (divflux(&kp, x, y) + kd * divflux(&kl, x, y)) / (m->n * m->F * m->cs);
        }
    engine_upload(&e, NULL, c, NULL);
    if (e.be->upload(e.rate, rate, cells * sizeof(double)) != 0) printf("FAIL upload: %s\n", e.be->last_error());
    e.be->k->tr_pot_setup(e.r, t);
    for (size_t q = 0; q < cells; q++) ones[q] = 0.0;
    if (e.be->upload(e.phi, ones, cells * sizeof(double)) != 0) printf("FAIL upload: %s\n", e.be->last_error());
    s = mg_solve(&e.mg, e.phi);
    engine_download(&e, NULL, NULL, got);
    *err_phi = 0.0;
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++) {
            double x = (i + 0.5) * p.grid.dx, y = (j + 0.5) * p.grid.dx;
            double d = fabs(got[(size_t)j * n + i] - phi_ex(x, y));
            if (d > *err_phi) *err_phi = d;
        }
    if (!s.converged) *err_phi = NAN;
    free(xi);
    free(c);
    free(rate);
    free(got);
    free(ones);
    engine_destroy(&e);
}

int main(void)
{
    const ZnBackend *be = check_backend();
    const int grids[3] = {32, 64, 128};
    double ec[3], ep[3];
    for (int g = 0; g < 3; g++) {
        solve_on(be, grids[g], &ec[g], &ep[g]);
        printf("     %3d x %3d: max error c~ %.3e, phi %.3e V\n", grids[g], grids[g], ec[g], ep[g]);
    }
    for (int g = 0; g < 2; g++) {
        char name[160];
        snprintf(name, sizeof name, "CHECKS 7 order of the engine's salt operator, %d -> %d cells",
                 grids[g], grids[g + 1]);
        check_above(name, log2(ec[g] / ec[g + 1]), 1.9);
        snprintf(name, sizeof name, "CHECKS 7 order of the engine's potential operator with the "
                 "diffusion potential, %d -> %d cells", grids[g], grids[g + 1]);
        check_above(name, log2(ep[g] / ep[g + 1]), 1.9);
    }
    return check_finish();
}
