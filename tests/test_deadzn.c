/* test_deadzn.c - CHECKS 14 dynamics: a Zn "mushroom" (a disc on a thin neck above a foil) is
 * stripped at constant current until no attached metal is left. The neck dissolves, the cap
 * detaches and, having no electronic path, stops reacting: it survives as dead Zn. Then
 *   - one dead island holds most of the cap's metal,
 *   - stripped charge < initial metal (Coulombic efficiency of the cycle < 1),
 *   - accounting closes: initial metal - stripped = attached + dead metal, to 1e-6.
 */
#include "check.h"
#include "deadzn.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    ZnPhys p;
    phys_defaults(&p);
    p.grid.nx = 64;
    p.grid.ny = 64;
    p.grid.dx = 0.1e-6;
    p.k2 = p.k6 = 0.0; /* uniform kinetics: the neck goes first because it is thinnest */
    ZnEngine e;
    check_engine(&e, check_backend(), &p, NULL);
    int nx = p.grid.nx, ny = p.grid.ny;
    double h = p.grid.dx, d = p.delta;
    double *xi = malloc((size_t)nx * ny * sizeof *xi);
    double cap_area = 0.0;
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            double x = (i + 0.5) * h, y = (j + 0.5) * h;
            double s_foil = y - 0.8e-6;                                /* foil 0.8 um */
            double s_neck = fmax(fabs(x - 3.2e-6) - 0.3e-6, y - 3.0e-6); /* 0.6 um wide */
            double s_cap = hypot(x - 3.2e-6, y - 3.8e-6) - 1.2e-6;      /* cap, r 1.2 um */
            double s = fmin(s_foil, fmin(s_neck, s_cap));
            xi[(size_t)j * nx + i] = 0.5 * (1 - tanh(s / d));
            if (s_cap < 0 && s_neck > 0 && s_foil > 0) cap_area += h * h;
        }
    engine_upload(&e, xi, NULL, NULL);
    double A = h * h, Lx = nx * h, nFcs = p.n * ZN_FARADAY * p.cs;
    double m0 = e.sum_xi * A;                       /* initial metal, m^2 per unit depth */
    ZnControl ctl = {ZN_CTRL_CURRENT, -100.0, 0.0}; /* strip at 10 mA/cm^2 */
    double dt = 1e-3, stripped = 0.0;
    long steps = 0;
    ZnStepInfo info;
    while (steps < 200000) {
        if (engine_step(&e, &ctl, dt, &info) != 0) {
            if (!e.exhausted) printf("FAIL strip step: %s\n", e.err);
            break;
        }
        stripped += -info.charge;
        dt = engine_next_dt(&e, dt, info.max_rate);
        steps++;
    }
    ZnDeadZn dz;
    deadzn_measure(&e, &dz);
    double dead = dz.dead_metal * Lx;               /* m^2 per unit depth */
    double total = e.sum_xi * A, attached = total - dead;
    double stripped_metal = stripped * Lx / nFcs;
    printf("     %ld steps; stripped %.4f mAh/cm^2 of %.4f; dead %.3f um^2 in %d island(s), cap %.3f um^2\n",
           steps, stripped / 36000.0, m0 / Lx * nFcs / 36000.0, dead * 1e12, dz.islands, cap_area * 1e12);
    check_abs("the strip ended because no attached metal was left", e.exhausted, 1, 0);
    check_abs("CHECKS 14 the detached cap is one dead island", dz.islands, 1, 0);
    check_above("CHECKS 14 the dead island keeps most of the cap (dead / cap area)", dead / cap_area, 0.6);
    check_below("CHECKS 14 Coulombic efficiency of stripping the deposit < 1", stripped_metal / m0, 0.95);
    check_abs("CHECKS 14 accounting: (initial - stripped - attached - dead) / initial",
              (m0 - stripped_metal - attached - dead) / m0, 0.0, 1e-6);
    free(xi);
    engine_destroy(&e);
    return check_finish();
}
