/* grains.c - the crystal each cell belongs to, and the facets of the interface.
 *
 * Epitaxy without tracking the metal: metal (xi > 1/2) keeps its grain; every other cell takes
 * the grain of its 4-neighbour with the highest xi, when that xi exceeds its own (ties go to the
 * smaller grain id). Labels thus flow down the xi profile from the metal into the interface and
 * the electrolyte ahead of it, so a cell that the growing front turns into metal already
 * carries the grain it grew from. Grain boundaries inside the metal never move. The step is
 * double-buffered and independent of the order of work (same result on CPU and CUDA); the
 * host runs it once or twice per time step (the front crosses a fraction of a cell per step)
 * and to convergence after the grains are drawn or a nucleus is placed.
 *
 * Facet families (CHECKS 9, MODEL.md 4): psi is the angle between the interface normal and the
 * grain's c-axis (theta_f + 90 deg), folded into [0, 90] deg. (002) basal facets have psi = 0,
 * (101) pyramidal ~65 deg (from c/a), (100) prism 90 deg; a normal belongs to the nearest of
 * the three (zn_facet_family: bisectors at ~32.5 and ~77.5 deg).
 */
#include "kernels.h"

static inline PX_HD double gr_follow_cell(PxRange r, GrainArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    int own = a.g[c];
    double xc = a.xi[c];
    if (xc > 0.5 && own >= 0) {
        a.out[c] = own;
        return 0.0;
    }
    size_t nb[4];
    int nn = 0;
    nb[nn++] = PX_IDX(r, zn_wrap(i + 1, r.nx), j, k);
    nb[nn++] = PX_IDX(r, zn_wrap(i - 1, r.nx), j, k);
    if (j + 1 < r.ny) nb[nn++] = PX_IDX(r, i, j + 1, k);
    if (j > 0) nb[nn++] = PX_IDX(r, i, j - 1, k);
    int best = -1;
    double bx = xc;
    for (int q = 0; q < nn; q++) {
        int gq = a.g[nb[q]];
        double xq = a.xi[nb[q]];
        if (gq < 0) continue;
        if (xq > bx || (xq == bx && best >= 0 && gq < best)) {
            bx = xq;
            best = gq;
        }
    }
    int v = best >= 0 ? best : own;
    a.out[c] = v;
    return v != own ? 1.0 : 0.0;
}
PX_SUM_OVER_CELLS(gr_follow, gr_follow_cell, GrainArgs)

/* The same pass without counting changes: the fixed passes of every time step need no
 * reduction (and so no device-to-host round trip). */
static inline PX_HD void gr_follow_pass_cell(PxRange r, GrainArgs a, int i, int j, int k)
{
    (void)gr_follow_cell(r, a, i, j, k);
}
PX_FOR_EACH_CELL(gr_follow_pass, gr_follow_pass_cell, GrainArgs)

/* Interface length (|grad xi| hx hy summed) whose normal belongs to facet family a.family. */
static inline PX_HD double gr_facet_length_cell(PxRange r, GrainArgs a, int i, int j, int k)
{
    const double *x = a.xi;
    double gx = (x[PX_IDX(r, zn_wrap(i + 1, r.nx), j, k)] - x[PX_IDX(r, zn_wrap(i - 1, r.nx), j, k)]) /
                (2.0 * a.hx);
    double gy = (x[PX_IDX(r, i, zn_mirror(j + 1, r.ny), k)] - x[PX_IDX(r, i, zn_mirror(j - 1, r.ny), k)]) /
                (2.0 * a.hy);
    double g = sqrt(gx * gx + gy * gy);
    if (g == 0.0) return 0.0;
    int gid = a.g[PX_IDX(r, i, j, k)];
    double tf = gid >= 0 ? a.tf[gid] : a.tf_none;
    double th = atan2(-gy, -gx); /* normal into the electrolyte */
    /* angle to the c-axis direction, folded: psi in [0, pi/2] */
    double d = fmod(fabs(th - (tf + 0.5 * PX_PI)), PX_PI);
    double psi = d > 0.5 * PX_PI ? PX_PI - d : d;
    int fam = zn_facet_family(psi);
    return fam == a.family ? g * a.hx * a.hy : 0.0;
}
PX_SUM_OVER_CELLS(gr_facet_length, gr_facet_length_cell, GrainArgs)
