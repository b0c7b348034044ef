/* metrics.c - see metrics.h. Roughness uses the metal per column (integral of xi dy), which
 * is defined for any shape, overhangs included, unlike a surface height. */
#include "metrics.h"
#include "deadzn.h"

#include <math.h>

int metrics_compute(ZnEngine *e, double *col_host, ZnMetrics *out)
{
    const ZnKernels *k = e->be->k;
    DiagArgs d = {e->xi, e->c, e->rate, e->phi, e->col, e->hx, e->hy, e->r.ny};
    PxRange cols = {e->r.nx, 1, e->r.nz};
    k->diag_column_metal(cols, d);
    if (e->be->download(col_host, e->col, (size_t)e->r.nx * sizeof(double)) != 0) return -1;
    double mean = 0.0, var = 0.0;
    for (int i = 0; i < e->r.nx; i++) mean += col_host[i];
    mean /= e->r.nx;
    for (int i = 0; i < e->r.nx; i++) var += (col_host[i] - mean) * (col_host[i] - mean);
    out->mean_thickness = mean;
    out->roughness = sqrt(var / e->r.nx);
    double h = k->diag_max_height(e->r, d);
    out->max_height = h < 0.0 ? 0.0 : h;
    /* Tips must stand out by two interface widths: the smallest feature the model resolves. */
    k->diag_column_top(cols, d);
    if (e->be->download(col_host, e->col, (size_t)e->r.nx * sizeof(double)) != 0) return -1;
    morphology_measure(col_host, e->r.nx, mean, out->max_height, 2.0 * e->phys.delta, &out->shape);
    double Lx = e->r.nx * e->hx;
    out->length_ratio = k->diag_sum_grad(e->r, d) * e->hx * e->hy / Lx;
    double negc = k->diag_max_neg_c(e->r, d);
    out->c_min = negc < -1e300 ? 1.0 : -negc; /* no electrolyte cell: report the bulk */
    ZnDeadZn dz;
    if (deadzn_measure(e, &dz) != 0) return -1;
    out->dead_metal = dz.dead_metal;
    out->dead_fraction = dz.dead_fraction;
    out->dead_islands = dz.islands;
    return 0;
}
