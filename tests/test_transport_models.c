/* test_transport_models.c - the cation-only (Chen/Hong) transport option:
 *   - its migration share t_eff = n^2 F^2 D c0 / (R T sigma_l) is 2.4 for Zn in 2 M ZnSO4
 *     (MODEL.md 2a), outside (0, 1)
 *   - steady planar plating: in the electrolyte the Zn2+ flux i/(nF) is carried by diffusion and
 *     migration, c~' + k c~ = k/t_eff with k = n f i / sigma_l, so
 *       c~(y) = 1/t_eff + (1 - 1/t_eff) exp(k (Ly - y));
 *     with t_eff > 1 the cations pile up at the cathode (c~ > 1), as MODEL.md warns
 *   - Zn2+ inventory c0 int c~ + cs int xi changes only by the reservoir flux (diffusion +
 *     migration), every step
 */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    const ZnBackend *be = check_backend();
    ZnPhys p;
    phys_defaults(&p);
    check_rel("cation-only t_eff of Zn in 2 M ZnSO4 (MODEL.md: about 2.4)", phys_cation_t_eff(&p),
              2.396, 0.005);

    p.grid.nx = 4;
    p.grid.ny = 256;
    p.grid.dx = 0.1e-6;
    p.transport = ZN_TRANSPORT_CATION;
    p.k2 = p.k6 = 0.0;
    ZnInitial in = {0};
    in.thickness = 1.5e-6;
    ZnEngine e;
    check_engine(&e, be, &p, &in);
    int nx = p.grid.nx, ny = p.grid.ny;
    size_t n = (size_t)nx * ny;
    double *xi = malloc(n * sizeof *xi), *c = malloc(n * sizeof *c), *phi = malloc(n * sizeof *phi);
    double i = 100.0, h = p.grid.dx, A = h * h;
    const ZnModel *m = &e.m;
    ZnControl ctl = {ZN_CTRL_CURRENT, i, 0.0};
    engine_download(&e, xi, c, phi);
    double inv0 = 0.0;
    for (size_t q = 0; q < n; q++) inv0 += (m->c0 * c[q] + m->cs * xi[q]) * A;
    double worst = 0.0, dt = 1e-3, nf = m->n * m->f;
    while (e.t < 12.0) {
        /* the reservoir flux of this step uses the previous c~ and phi (explicit migration) and
         * the new c~ (implicit diffusion) */
        double phi_top_old = phi[(size_t)(ny - 1) * nx];
        ZnStepInfo info;
        if (engine_step(&e, &ctl, dt, &info) != 0) {
            printf("FAIL step: %s\n", e.err);
            return 1;
        }
        engine_download(&e, xi, c, phi);
        double inv = 0.0, flux = 0.0;
        for (size_t q = 0; q < n; q++) inv += (m->c0 * c[q] + m->cs * xi[q]) * A;
        for (int ii = 0; ii < nx; ii++) {
            size_t t = (size_t)(ny - 1) * nx + ii;
            double hh = zn_h(xi[t]), D = m->D_s * hh + m->D_l * (1 - hh);
            flux += D * m->c0 * ((m->c_bulk - c[t]) + nf * m->c_bulk * (0.0 - phi_top_old)) / (0.5 * h) * h;
        }
        double zn_mol = fabs(info.charge) * nx * h / (m->n * m->F);
        double imb = fabs(inv - inv0 - flux * info.dt) / zn_mol;
        if (imb > worst) worst = imb;
        inv0 = inv;
        dt = engine_next_dt(&e, dt, info.max_rate);
        if (dt > 0.05) dt = 0.05;
    }
    check_below("cation-only Zn2+ balance: |d inventory - reservoir flux| / Zn deposited, worst step",
                worst, 1e-6);
    /* steady profile in the electrolyte */
    double te = phys_cation_t_eff(&p), k = nf * i / p.sigma_l, Ly = ny * h, err = 0.0, c_front = 0.0;
    for (int j = 0; j < ny; j++) {
        size_t q = (size_t)j * nx;
        if (xi[q] > 1e-3) continue;
        double y = (j + 0.5) * h;
        double exact = 1.0 / te + (1.0 - 1.0 / te) * exp(k * (Ly - y));
        if (c_front == 0.0) c_front = c[q];
        double d = fabs(c[q] - exact) / exact;
        if (d > err) err = d;
    }
    printf("     c~ next to the front %.5f (t_eff = %.3f, k = %.1f 1/m)\n", c_front, te, k);
    check_below("cation-only steady profile: max relative deviation from 1/t_eff + (1-1/t_eff) e^{k(Ly-y)}",
                err, 0.002);
    check_above("cation-only with t_eff > 1: Zn2+ piles up at the plating front (c~ > 1)", c_front, 1.0);
    free(xi);
    free(c);
    free(phi);
    engine_destroy(&e);
    return check_finish();
}
