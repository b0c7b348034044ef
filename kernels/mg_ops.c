/* mg_ops.c - the per-cell pieces of the geometric multigrid / conjugate-gradient solver.
 *
 * Equation (one level, cell-centred, cell size hx by hy):
 *     A u = a u - d/dx(bx du/dx) - d/dy(by du/dy) = f
 * 5-point stencil with coefficients on faces:
 *     (A u)_ij = a u_ij + [bx_e (u_ij - u_e) + bx_w (u_ij - u_w)] / hx^2
 *                       + [by_n (u_ij - u_n) + by_s (u_ij - u_s)] / hy^2
 * Boundaries: periodic in x; homogeneous Dirichlet on the top face y = Ly, where the ghost
 * value is -u (value 0 on the face, half a cell away), so that face adds 2 by_n u / hy^2; the
 * bottom face y = 0 is the same Dirichlet condition when its by is positive and no flux when
 * by = 0 (the usual case). Inhomogeneous data go into f (transport.c).
 * Smoother: red-black Gauss-Seidel (colour = (i + j + k) % 2); the host runs red then black
 * before the coarse correction and black then red after it, which keeps the V-cycle
 * symmetric so that it can precondition CG.
 * Transfers: restriction = mean of an rx by ry block, prolongation = injection (its transpose up
 * to the factor rx*ry). Coarse coefficients: a averaged over the block, face coefficients
 * averaged along the coarse face.
 * 3D will add bz and the k neighbours; the loops already carry k.
 */
#include "kernels.h"

#define ZN_BY_IDX(r, i, j, k) \
    ((size_t)(i) + (size_t)(r).nx * ((size_t)(j) + (size_t)((r).ny + 1) * (size_t)(k)))

/* Diagonal of the operator at (i,j,k). */
static inline PX_HD double mg_diag(PxRange r, const MgOpArgs *a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    double d = a->a[c];
    if (r.nx > 1) d += (a->bx[PX_IDX(r, zn_wrap(i + 1, r.nx), j, k)] + a->bx[c]) * a->ihx2;
    double bn = a->by[ZN_BY_IDX(r, i, j + 1, k)], bs = a->by[ZN_BY_IDX(r, i, j, k)];
    d += (j == r.ny - 1 ? 2.0 * bn : bn) * a->ihy2;
    d += (j > 0 ? bs : 2.0 * bs) * a->ihy2; /* bottom: 0 for the usual no-flux collector */
    return d;
}

/* Off-diagonal sum and diagonal of the operator at (i,j,k), read from a.u. */
static inline PX_HD void mg_stencil(PxRange r, const MgOpArgs *a, int i, int j, int k,
                                    double *diag, double *off)
{
    double o = 0.0;
    if (r.nx > 1) {
        int ie = zn_wrap(i + 1, r.nx), iw = zn_wrap(i - 1, r.nx);
        double be = a->bx[PX_IDX(r, ie, j, k)], bw = a->bx[PX_IDX(r, i, j, k)];
        o += (be * a->u[PX_IDX(r, ie, j, k)] + bw * a->u[PX_IDX(r, iw, j, k)]) * a->ihx2;
    }
    if (j < r.ny - 1) o += a->by[ZN_BY_IDX(r, i, j + 1, k)] * a->u[PX_IDX(r, i, j + 1, k)] * a->ihy2;
    if (j > 0) o += a->by[ZN_BY_IDX(r, i, j, k)] * a->u[PX_IDX(r, i, j - 1, k)] * a->ihy2;
    *diag = mg_diag(r, a, i, j, k);
    *off = o;
}

/* out = f - A u. */
static inline PX_HD void mg_residual_cell(PxRange r, MgOpArgs a, int i, int j, int k)
{
    double d, o;
    size_t c = PX_IDX(r, i, j, k);
    mg_stencil(r, &a, i, j, k, &d, &o);
    a.out[c] = a.f[c] - (d * a.u[c] - o);
}
PX_FOR_EACH_CELL(mg_residual, mg_residual_cell, MgOpArgs)

/* out = A u, returning u . (A u): the product and the dot CG needs, in one pass. */
static inline PX_HD double mg_apply_dot_cell(PxRange r, MgOpArgs a, int i, int j, int k)
{
    double d, o;
    size_t c = PX_IDX(r, i, j, k);
    mg_stencil(r, &a, i, j, k, &d, &o);
    double au = d * a.u[c] - o;
    a.out[c] = au;
    return a.u[c] * au;
}
PX_SUM_OVER_CELLS(mg_apply_dot, mg_apply_dot_cell, MgOpArgs)

/* One colour of Gauss-Seidel: u_ij = (f_ij + off) / diag, in place (a.out == a.u). */
static inline PX_HD void mg_smooth_cell(PxRange r, MgOpArgs a, int i, int j, int k)
{
    if (((i + j + k) & 1) != a.color) return;
    double d, o;
    size_t c = PX_IDX(r, i, j, k);
    mg_stencil(r, &a, i, j, k, &d, &o);
    a.out[c] = (a.f[c] + o) / d;
}
PX_FOR_EACH_CELL(mg_smooth, mg_smooth_cell, MgOpArgs)

/* The first red half-sweep from u = 0, which also clears the black cells: red neighbours are
 * all zero, so u = f / diag, as mg_smooth gives after a zero fill (bit for bit), in one pass. */
static inline PX_HD void mg_smooth_first_cell(PxRange r, MgOpArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    if (((i + j + k) & 1) != 0) {
        a.out[c] = 0.0;
        return;
    }
    a.out[c] = (a.f[c] + 0.0) / mg_diag(r, &a, i, j, k);
}
PX_FOR_EACH_CELL(mg_smooth_first, mg_smooth_first_cell, MgOpArgs)

/* Coarse f = mean over its fine block of (f - A u): the residual and the restriction in one pass,
 * summed in the same order, so the result is the same to the last bit. */
static inline PX_HD void mg_residual_restrict_cell(PxRange r, MgResRestrictArgs a, int I, int J,
                                                   int k)
{
    double s = 0.0;
    for (int dj = 0; dj < a.ry; dj++)
        for (int di = 0; di < a.rx; di++) {
            int i = I * a.rx + di, j = J * a.ry + dj;
            double d, o;
            size_t c = PX_IDX(a.fine, i, j, k);
            mg_stencil(a.fine, &a.op, i, j, k, &d, &o);
            s += a.op.f[c] - (d * a.op.u[c] - o);
        }
    a.dst[PX_IDX(r, I, J, k)] = s / (double)(a.rx * a.ry);
}
PX_FOR_EACH_CELL(mg_residual_restrict, mg_residual_restrict_cell, MgResRestrictArgs)

/* Fine block += coarse value (range: coarse cells; each fine cell has one writer). */
static inline PX_HD void mg_prolong_add_cell(PxRange r, MgTransferArgs a, int I, int J, int k)
{
    double v = a.src[PX_IDX(r, I, J, k)];
    for (int dj = 0; dj < a.ry; dj++)
        for (int di = 0; di < a.rx; di++)
            a.dst[PX_IDX(a.fine, I * a.rx + di, J * a.ry + dj, k)] += v;
}
PX_FOR_EACH_CELL(mg_prolong_add, mg_prolong_add_cell, MgTransferArgs)

/* Coarse operator by re-discretisation with averaged coefficients (range: coarse cells). */
static inline PX_HD void mg_coarsen_cell(PxRange r, MgCoarsenArgs a, int I, int J, int k)
{
    double sa = 0.0, sx = 0.0, sy = 0.0, st = 0.0;
    for (int dj = 0; dj < a.ry; dj++)
        for (int di = 0; di < a.rx; di++)
            sa += a.a[PX_IDX(a.fine, I * a.rx + di, J * a.ry + dj, k)];
    for (int dj = 0; dj < a.ry; dj++) sx += a.bx[PX_IDX(a.fine, I * a.rx, J * a.ry + dj, k)];
    for (int di = 0; di < a.rx; di++) {
        sy += a.by[ZN_BY_IDX(a.fine, I * a.rx + di, J * a.ry, k)];
        st += a.by[ZN_BY_IDX(a.fine, I * a.rx + di, a.fine.ny, k)];
    }
    a.ca[PX_IDX(r, I, J, k)] = sa / (double)(a.rx * a.ry);
    a.cbx[PX_IDX(r, I, J, k)] = sx / (double)a.ry;
    a.cby[ZN_BY_IDX(r, I, J, k)] = sy / (double)a.rx;
    if (J == r.ny - 1) a.cby[ZN_BY_IDX(r, I, r.ny, k)] = st / (double)a.rx;
}
PX_FOR_EACH_CELL(mg_coarsen, mg_coarsen_cell, MgCoarsenArgs)

/* y = alpha x + beta y; beta = 0 never reads y and alpha = 0 never reads x (so a fresh or
 * NaN-filled buffer can be cleared). */
static inline PX_HD void vec_axpby_cell(PxRange r, VecArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    double v = a.alpha != 0.0 ? a.alpha * a.x[c] : 0.0;
    if (a.beta != 0.0) v += a.beta * a.y[c];
    a.y[c] = v;
}
PX_FOR_EACH_CELL(vec_axpby, vec_axpby_cell, VecArgs)

static inline PX_HD double vec_dot_cell(PxRange r, VecArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    return a.x[c] * a.y[c];
}
PX_SUM_OVER_CELLS(vec_dot, vec_dot_cell, VecArgs)

/* x += alpha p and r -= alpha Ap, returning the new r . r (one pass instead of three). */
static inline PX_HD double cg_update_cell(PxRange r, CgArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    a.x[c] += a.alpha * a.p[c];
    double rc = a.r[c] - a.alpha * a.Ap[c];
    a.r[c] = rc;
    return rc * rc;
}
PX_SUM_OVER_CELLS(cg_update, cg_update_cell, CgArgs)
