/* test_texture.c - growth of one seed on the collector under the kinetic anisotropy of each
 * Zn texture, with transport made fast so that the shape is the kinetic one:
 *   CHECKS 9   (100): grows vertically; (101): along 65 deg from the substrate plane;
 *              (002): lateral, width / height > 2
 *   CHECKS 10  a mirror-symmetric set-up ((002) and (100): symmetric under x -> -x) stays
 *              mirror-symmetric to 1e-12
 * The growth direction is the direction from the seed's foot to the farthest metal.
 */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct Shape {
    double angle_deg;   /* tip direction, degrees from +x */
    double aspect;      /* width / height of the bounding box of xi > 1/2 */
    double asym;        /* max |xi(i) - xi(nx-1-i)| */
} Shape;

static Shape grow_seed(const ZnBackend *be, int texture, double tilt_deg, double *xi_out)
{
    ZnPhys p;
    phys_defaults(&p);
    p.grid.nx = 128;
    p.grid.ny = 64;
    p.grid.dx = 0.1e-6;
    p.texture = texture;
    p.tilt_deg = tilt_deg;
    p.D_l = 1e-5;   /* transport made fast: kinetic growth shape */
    p.sigma_l = 1e5;
    p.relax_ratio = 10.0;
    p.relax_dt = 0.1;
    double eta = -0.1, nf = p.n * ZN_FARADAY / (ZN_GAS_R * p.T);
    p.i_ref = 1.6 * p.i0 * (exp(-p.alpha * nf * eta) - exp((1 - p.alpha) * nf * eta));
    ZnInitial in = {0};
    in.nseeds = 1;
    in.seeds[0] = (ZnSeed){6.4e-6, 1.0e-6};
    ZnEngine e;
    check_engine(&e, be, &p, &in);
    ZnControl ctl = {ZN_CTRL_POTENTIAL, 0.0, eta};
    double dt = 1e-3, v = phys_front_speed(&p, p.i_ref);
    check_run_until(&e, &ctl, 2.2e-6 / v, &dt); /* fastest facet moves ~2.2 um */
    int nx = p.grid.nx, ny = p.grid.ny;
    double *xi = xi_out;
    engine_download(&e, xi, NULL, NULL);
    int imin = nx, imax = -1, jmax = -1;
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++)
            if (xi[(size_t)j * nx + i] > 0.5) {
                imin = i < imin ? i : imin;
                imax = i > imax ? i : imax;
                jmax = j > jmax ? j : jmax;
            }
    Shape s;
    /* growth direction: from the seed's foot to the farthest metal (the tip) */
    double best = -1, ang = 0;
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++)
            if (xi[(size_t)j * nx + i] > 0.5) {
                double x = (i + 0.5) * p.grid.dx - 6.4e-6, y = (j + 0.5) * p.grid.dx;
                double r = x * x + y * y;
                if (r > best) {
                    best = r;
                    ang = atan2(y, x) * 180.0 / PX_PI;
                }
            }
    s.angle_deg = ang;
    s.aspect = (double)(imax - imin + 1) / (double)(jmax + 1);
    s.asym = 0.0;
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx / 2; i++) {
            double d = fabs(xi[(size_t)j * nx + i] - xi[(size_t)j * nx + (nx - 1 - i)]);
            if (d > s.asym) s.asym = d;
        }
    engine_destroy(&e);
    return s;
}

/* CHECKS 10: 200 steps of galvanostatic plating, real transport, seed and bumps placed
 * symmetrically about x = Lx/2. */
/* tol: the solver tolerance (1e-14 for round-off; the default 1e-11, where a KNOWN line says
 * how far the solves' own asymmetry goes) */
static void mirror(const ZnBackend *be, int texture, double tol)
{
    ZnPhys p;
    phys_defaults(&p);
    p.grid.nx = 128;
    p.grid.ny = 64;
    p.grid.dx = 0.1e-6;
    p.texture = texture;
    /* the solves are mirror-symmetric only to their tolerance: ask for round-off (the
     * change-relative target too, unless the defaults are asked for) */
    if (tol < p.solver_tol) p.solver_change_tol = 0.0;
    p.solver_tol = tol;
    ZnInitial in = {0};
    in.thickness = 1e-6;
    in.nseeds = 1;
    in.seeds[0] = (ZnSeed){6.4e-6, 1.0e-6};
    in.nbumps = 2;
    in.bumps[0] = (ZnBump){3.0e-6, 0.5e-6, 0.5e-6};
    in.bumps[1] = (ZnBump){9.8e-6, 0.5e-6, 0.5e-6};
    ZnEngine e;
    check_engine(&e, be, &p, &in);
    ZnControl ctl = {ZN_CTRL_CURRENT, 200.0, 0.0};
    double dt = 1e-3;
    for (int s = 0; s < 200; s++) {
        ZnStepInfo info;
        if (engine_step(&e, &ctl, dt, &info) != 0) {
            printf("FAIL step: %s\n", e.err);
            return;
        }
        dt = engine_next_dt(&e, dt, info.max_rate);
    }
    int nx = p.grid.nx, ny = p.grid.ny;
    size_t n = (size_t)nx * ny;
    double *f = malloc(3 * n * sizeof *f), worst[3] = {0, 0, 0};
    engine_download(&e, f, f + n, f + 2 * n);
    for (int k = 0; k < 3; k++)
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx / 2; i++) {
                double d = fabs(f[k * n + (size_t)j * nx + i] - f[k * n + (size_t)j * nx + nx - 1 - i]);
                if (d > worst[k]) worst[k] = d;
            }
    double cmax = 0.0;
    for (size_t q = 0; q < n; q++) cmax = fabs(f[n + q]) > cmax ? fabs(f[n + q]) : cmax;
    worst[1] /= cmax; /* c~ inside fresh metal wanders far from 1: compare with its range */
    char name[160];
    const char *tex = texture == ZN_TEX_002 ? "(002)" : "(100)";
    snprintf(name, sizeof name, "CHECKS 10 mirror symmetry %s, solver_tol %g, after 200 steps: max |xi(x) - xi(-x)|", tex, tol);
    check_known_below(name, worst[0], 1e-12, 1e-6);
    snprintf(name, sizeof name, "CHECKS 10 mirror symmetry %s, solver_tol %g, after 200 steps: max |c~(x) - c~(-x)| / max |c~|", tex, tol);
    /* c~ is the one field short of 1e-12: its source is (1 - t+)(cs/c0) d xi/dt, which
     * multiplies xi's 1e-14 round-off asymmetry by ~33/dt every step (a mirror-symmetric
     * Jacobi smoother was tried and changes nothing: docs/numerics.md) */
    check_known_below(name, worst[1], tol < 1e-13 ? 1e-10 : 1e-12, 1e-6);
    snprintf(name, sizeof name, "CHECKS 10 mirror symmetry %s, solver_tol %g, after 200 steps: max |phi(x) - phi(-x)| (V)", tex, tol);
    check_known_below(name, worst[2], 1e-12, 1e-6);
    free(f);
    engine_destroy(&e);
}

int main(void)
{
    const ZnBackend *be = check_backend();
    double *xi = malloc((size_t)128 * 64 * sizeof *xi);
    Shape s100 = grow_seed(be, ZN_TEX_100, 0.0, xi);
    Shape s101 = grow_seed(be, ZN_TEX_101, 0.0, xi);
    Shape s002 = grow_seed(be, ZN_TEX_002, 0.0, xi);
    printf("     tip direction: (100) %.1f deg, (101) %.1f deg, (002) aspect %.2f\n", s100.angle_deg,
           s101.angle_deg, s002.aspect);
    check_abs("CHECKS 9 (100) texture grows vertically (tip direction, deg)", s100.angle_deg, 90.0, 5.0);
    /* (101): basal trace at -65 deg = 115 deg: the tip leans 65 deg from the plane, to -x */
    check_abs("CHECKS 9 (101) texture grows 65 deg from the substrate plane (tip direction, deg)",
              s101.angle_deg, 180.0 - 65.0, 5.0);
    check_above("CHECKS 9 (002) texture grows laterally (width / height)", s002.aspect, 2.0);
    /* angle sweep: the tip follows the basal trace, 180 - tilt deg, at tilts between the
     * named textures (and leans the other way for a negative tilt) */
    const double tilts[3] = {50.0, 80.0, -50.0};
    for (int k = 0; k < 3; k++) {
        Shape sw = grow_seed(be, ZN_TEX_ANGLE, tilts[k], xi);
        double want = tilts[k] > 0 ? 180.0 - tilts[k] : -tilts[k];
        char name[160];
        snprintf(name, sizeof name, "CHECKS 9 sweep: c-axis tilt %+.0f deg grows along the basal trace "
                 "(tip direction, deg)", tilts[k]);
        check_abs(name, sw.angle_deg, want, 5.0);
    }
    printf("     after the full growth (~1000 steps) the mirror asymmetry is %.2g (100), %.2g (002):\n"
           "     round-off, amplified by the unstable growth of the corners\n", s100.asym, s002.asym);
    ZnPhys d;
    phys_defaults(&d);
    mirror(be, ZN_TEX_002, 1e-14);
    mirror(be, ZN_TEX_100, 1e-14);
    mirror(be, ZN_TEX_002, d.solver_tol);
    free(xi);
    return check_finish();
}
