/* diagnostics.c - reductions over the fields for metrics, time-step control and the NaN/Inf
 * watchdog. Read-only; cell areas (hx hy) are applied by the host.
 */
#include "kernels.h"

/* Metal per column, integral of xi dy (range: nx by 1 by nz; a.ny is the real height). */
static inline PX_HD void diag_column_metal_cell(PxRange r, DiagArgs a, int i, int j, int k)
{
    (void)j;
    PxRange full = r;
    full.ny = a.ny;
    double s = 0.0;
    for (int jj = 0; jj < a.ny; jj++) s += a.xi[PX_IDX(full, i, jj, k)];
    a.col[i + (size_t)r.nx * (size_t)k] = s * a.hy;
}
PX_FOR_EACH_CELL(diag_column_metal, diag_column_metal_cell, DiagArgs)

static inline PX_HD double diag_max_rate_cell(PxRange r, DiagArgs a, int i, int j, int k)
{
    return fabs(a.rate[PX_IDX(r, i, j, k)]);
}
PX_MAX_OVER_CELLS(diag_max_rate, diag_max_rate_cell, DiagArgs)

static inline PX_HD double diag_sum_xi_cell(PxRange r, DiagArgs a, int i, int j, int k)
{
    return a.xi[PX_IDX(r, i, j, k)];
}
PX_SUM_OVER_CELLS(diag_sum_xi, diag_sum_xi_cell, DiagArgs)

/* |grad xi| by central differences; its integral is the interface length (area in 3D),
 * since a tanh profile's gradient integrates to 1 across the interface. */
static inline PX_HD double diag_sum_grad_cell(PxRange r, DiagArgs a, int i, int j, int k)
{
    int ie = zn_wrap(i + 1, r.nx), iw = zn_wrap(i - 1, r.nx);
    int jn = zn_mirror(j + 1, r.ny), js = zn_mirror(j - 1, r.ny);
    double gx = (a.xi[PX_IDX(r, ie, j, k)] - a.xi[PX_IDX(r, iw, j, k)]) / (2.0 * a.hx);
    double gy = (a.xi[PX_IDX(r, i, jn, k)] - a.xi[PX_IDX(r, i, js, k)]) / (2.0 * a.hy);
    return sqrt(gx * gx + gy * gy);
}
PX_SUM_OVER_CELLS(diag_sum_grad, diag_sum_grad_cell, DiagArgs)

/* Height of the xi = 0.5 level where it is crossed going up out of cell (i, j) into the
 * electrolyte, interpolated linearly between cell centres; PX_NEG_HUGE where there is no such
 * crossing. The maximum over the grid is the deposit's highest point. */
static inline PX_HD double diag_top_crossing(PxRange r, DiagArgs a, int i, int j, int k)
{
    double x0 = a.xi[PX_IDX(r, i, j, k)];
    if (x0 < 0.5) return PX_NEG_HUGE;
    if (j == r.ny - 1) return (double)r.ny * a.hy;
    double x1 = a.xi[PX_IDX(r, i, j + 1, k)];
    if (x1 >= 0.5) return PX_NEG_HUGE;
    return ((double)j + 0.5 + (x0 - 0.5) / (x0 - x1)) * a.hy;
}

static inline PX_HD double diag_max_height_cell(PxRange r, DiagArgs a, int i, int j, int k)
{
    return diag_top_crossing(r, a, i, j, k);
}
PX_MAX_OVER_CELLS(diag_max_height, diag_max_height_cell, DiagArgs)

/* The top of each column: its highest upward crossing of xi = 1/2 (0 for a column with no
 * metal). The envelope of the deposit as seen from the counter electrode: tips are its peaks,
 * and the electrolyte below it is the deposit's porosity (range: nx by 1 by nz). */
static inline PX_HD void diag_column_top_cell(PxRange r, DiagArgs a, int i, int j, int k)
{
    (void)j;
    PxRange full = r;
    full.ny = a.ny;
    double top = 0.0;
    for (int jj = a.ny - 1; jj >= 0; jj--) {
        double h = diag_top_crossing(full, a, i, jj, k);
        if (h > 0.0) {
            top = h;
            break;
        }
    }
    a.col[i + (size_t)r.nx * (size_t)k] = top;
}
PX_FOR_EACH_CELL(diag_column_top, diag_column_top_cell, DiagArgs)

/* -c~ in the electrolyte (xi < 0.5): minus the lowest electrolyte concentration. */
static inline PX_HD double diag_max_neg_c_cell(PxRange r, DiagArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    return a.xi[c] < 0.5 ? -a.c[c] : PX_NEG_HUGE;
}
PX_MAX_OVER_CELLS(diag_max_neg_c, diag_max_neg_c_cell, DiagArgs)

/* Number of NaN or Inf entries in a.xi (the host points it at each field in turn). v - v is
 * 0 for finite v and NaN otherwise; the build never uses fast-math, which would fold it. */
static inline PX_HD double diag_nonfinite_cell(PxRange r, DiagArgs a, int i, int j, int k)
{
    double v = a.xi[PX_IDX(r, i, j, k)];
    return (v - v == 0.0) ? 0.0 : 1.0;
}
PX_SUM_OVER_CELLS(diag_nonfinite, diag_nonfinite_cell, DiagArgs)

/* max |xi - 1/2|: 1/2 while xi stays in [0, 1]. A stable step overshoots by little (the double
 * well pulls xi back); an unstable one grows it without bound, finite for many steps before it
 * turns into Inf. NaN wins (px_max), so this also sees what diag_nonfinite sees. */
static inline PX_HD double diag_xi_excursion_cell(PxRange r, DiagArgs a, int i, int j, int k)
{
    return fabs(a.xi[PX_IDX(r, i, j, k)] - 0.5);
}
PX_MAX_OVER_CELLS(diag_xi_excursion, diag_xi_excursion_cell, DiagArgs)
