/* multigrid.c - the solver's orchestration on the host; every array operation is a backend
 * kernel. Why CG around the V-cycle: the coefficients jump by 1e4-1e6 across the interface,
 * where plain geometric multigrid with averaged coarse coefficients slows down; as a
 * preconditioner it keeps the iteration count flat. */
#include "multigrid.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t cells(PxRange r) { return (size_t)r.nx * (size_t)r.ny * (size_t)r.nz; }
static size_t faces_y(PxRange r) { return (size_t)r.nx * (size_t)(r.ny + 1) * (size_t)r.nz; }

static int alloc_level(const ZnBackend *be, MgLevel *L)
{
    size_t n = cells(L->r) * sizeof(double);
    L->a = (double *)be->alloc(n);
    L->bx = (double *)be->alloc(n);
    L->by = (double *)be->alloc(faces_y(L->r) * sizeof(double));
    L->u = (double *)be->alloc(n);
    L->f = (double *)be->alloc(n);
    return (L->a && L->bx && L->by && L->u && L->f) ? 0 : -1;
}

int mg_create(MgSolver *s, const ZnBackend *be, PxRange r, double hx, double hy, double tol)
{
    memset(s, 0, sizeof *s);
    s->be = be;
    s->pre = 2;
    s->post = 2;
    s->max_iter = 200;
    s->tol = tol;
    PxRange cur = r;
    double chx = hx, chy = hy;
    for (int l = 0; l < ZN_MG_MAX_LEVELS; l++) {
        MgLevel *L = &s->lev[l];
        L->r = cur;
        L->hx = chx;
        L->hy = chy;
        s->nlev = l + 1;
        if (alloc_level(be, L) != 0) return -1;
        L->rx = (cur.nx % 2 == 0 && cur.nx >= 2) ? 2 : 1;
        L->ry = (cur.ny % 2 == 0 && cur.ny >= 2) ? 2 : 1;
        if ((L->rx == 1 && L->ry == 1) || cells(cur) <= 4) {
            L->rx = L->ry = 1;
            break;
        }
        cur.nx /= L->rx;
        cur.ny /= L->ry;
        chx *= L->rx;
        chy *= L->ry;
    }
    PxRange c = s->lev[s->nlev - 1].r;
    if (c.nx * c.ny > 4096) {
        /* odd sizes stop the coarsening early and the coarse "solve" would not converge */
        snprintf(s->why, sizeof s->why, "grid %d x %d coarsens only to %d x %d (choose sizes with "
                 "more factors of 2)", r.nx, r.ny, c.nx, c.ny);
        return -1;
    }
    s->coarse_sweeps = 2 * (c.nx + c.ny) + 4; /* enough for the few cells left */
    size_t n = cells(r) * sizeof(double);
    s->r = (double *)be->alloc(n);
    s->p = (double *)be->alloc(n);
    s->Ap = (double *)be->alloc(n);
    return (s->r && s->p && s->Ap) ? 0 : -1;
}

void mg_destroy(MgSolver *s)
{
    if (!s->be) return;
    s->be->replay_release(s->vcycle_record);
    for (int l = 0; l < s->nlev; l++) {
        MgLevel *L = &s->lev[l];
        s->be->release(L->a);
        s->be->release(L->bx);
        s->be->release(L->by);
        s->be->release(L->u);
        s->be->release(L->f);
    }
    s->be->release(s->r);
    s->be->release(s->p);
    s->be->release(s->Ap);
    memset(s, 0, sizeof *s);
}

size_t mg_estimate_bytes(int nx, int ny)
{
    /* the levels mg_create would make: halve each direction while it is even, down to 4 cells */
    PxRange cur = {nx, ny, 1};
    size_t b = 3 * cells(cur) * sizeof(double);
    for (int l = 0; l < ZN_MG_MAX_LEVELS; l++) {
        b += (4 * cells(cur) + faces_y(cur)) * sizeof(double);
        int rx = (cur.nx % 2 == 0 && cur.nx >= 2) ? 2 : 1, ry = (cur.ny % 2 == 0 && cur.ny >= 2) ? 2 : 1;
        if ((rx == 1 && ry == 1) || cells(cur) <= 4) break;
        cur.nx /= rx;
        cur.ny /= ry;
    }
    return b;
}

size_t mg_bytes(const MgSolver *s)
{
    size_t b = 3 * cells(s->lev[0].r) * sizeof(double);
    for (int l = 0; l < s->nlev; l++)
        b += (4 * cells(s->lev[l].r) + faces_y(s->lev[l].r)) * sizeof(double);
    return b;
}

static MgOpArgs op_args(const MgLevel *L, const double *u, const double *f, double *out)
{
    MgOpArgs a = {.a = L->a, .bx = L->bx, .by = L->by, .ihx2 = 1.0 / (L->hx * L->hx),
                  .ihy2 = 1.0 / (L->hy * L->hy), .u = u, .f = f, .out = out, .color = 0};
    return a;
}

/* One red-black sweep pair; reverse = black first (the adjoint of red first). */
static void smooth(const MgSolver *s, const MgLevel *L, double *u, const double *f, int reverse)
{
    MgOpArgs a = op_args(L, u, f, u);
    a.color = reverse ? 1 : 0;
    s->be->k->mg_smooth(L->r, a);
    a.color = reverse ? 0 : 1;
    s->be->k->mg_smooth(L->r, a);
}

static void vec_set(const MgSolver *s, PxRange r, double *y, const double *x, double alpha,
                    double beta)
{
    VecArgs v = {.y = y, .x = x, .alpha = alpha, .beta = beta};
    s->be->k->vec_axpby(r, v);
}

static double vec_dot(const MgSolver *s, PxRange r, const double *x, const double *y)
{
    VecArgs v = {.y = (double *)y, .x = x, .alpha = 0.0, .beta = 0.0};
    return s->be->k->vec_dot(r, v);
}

/* u = V-cycle approximation of A^-1 f on level l, from a zero start. Symmetric: the
 * post-smoother is the adjoint of the pre-smoother and restriction is prolongation's
 * transpose (up to a constant), so it is a valid CG preconditioner. */
static void vcycle(const MgSolver *s, int l, const double *f, double *u)
{
    const MgLevel *L = &s->lev[l];
    /* from u = 0: the first red half-sweep also clears the black cells */
    MgOpArgs a = op_args(L, u, f, u);
    s->be->k->mg_smooth_first(L->r, a);
    a.color = 1;
    s->be->k->mg_smooth(L->r, a);
    if (l == s->nlev - 1) {
        for (int it = 1; it < s->coarse_sweeps; it++) smooth(s, L, u, f, 0);
        for (int it = 0; it < s->coarse_sweeps; it++) smooth(s, L, u, f, 1);
        return;
    }
    for (int it = 1; it < s->pre; it++) smooth(s, L, u, f, 0);
    const MgLevel *C = &s->lev[l + 1];
    MgResRestrictArgs rr = {.op = op_args(L, u, f, NULL), .dst = C->f, .fine = L->r,
                            .rx = L->rx, .ry = L->ry};
    s->be->k->mg_residual_restrict(C->r, rr);
    vcycle(s, l + 1, C->f, C->u);
    MgTransferArgs t = {.dst = u, .fine = L->r, .rx = L->rx, .ry = L->ry, .src = C->u};
    s->be->k->mg_prolong_add(C->r, t);
    for (int it = 0; it < s->post; it++) smooth(s, L, u, f, 1);
}

/* The preconditioner of mg_solve: z = V-cycle(r) on the finest level. Its launches and their
 * arguments are the same every time (only the arrays' contents change), so the backend may
 * record them once and replay them. */
static void vcycle_fine(void *ctx)
{
    const MgSolver *s = (const MgSolver *)ctx;
    vcycle(s, 0, s->r, s->lev[0].u);
}

/* Returns 0, or -1 with s->why when the backend could not run the V-cycle (the device state
 * can no longer be trusted: the caller stops). */
static int precondition(MgSolver *s)
{
    if (s->be->replay(&s->vcycle_record, vcycle_fine, s) != 0) {
        snprintf(s->why, sizeof s->why, "multigrid V-cycle on %s failed: %s", s->be->name,
                 s->be->last_error());
        s->failed = 1;
        return -1;
    }
    return 0;
}

static void build_coarse(MgSolver *s)
{
    for (int l = 0; l + 1 < s->nlev; l++) {
        MgLevel *L = &s->lev[l], *C = &s->lev[l + 1];
        MgCoarsenArgs a = {.a = L->a, .bx = L->bx, .by = L->by, .ca = C->a, .cbx = C->bx,
                           .cby = C->by, .fine = L->r, .rx = L->rx, .ry = L->ry};
        s->be->k->mg_coarsen(C->r, a);
    }
}

/* The rank-one part of the operator, when there is one: out -= d (d . u) / sum d; returns
 * (d . u)^2 / sum d, what it takes from u . A u (0 without it). CG then needs one iteration
 * more at most: the preconditioned operator changes by a rank-one term. */
static double rank_one_subtract(const MgSolver *s, PxRange r, const double *u, double *out)
{
    if (!s->rank_d) return 0.0;
    double du = vec_dot(s, r, s->rank_d, u);
    vec_set(s, r, out, s->rank_d, -du * s->rank_inv_sum, 1.0);
    return du * du * s->rank_inv_sum;
}

MgStats mg_solve(MgSolver *s, double *x)
{
    MgStats st = {0, 0.0, 0};
    MgLevel *L = &s->lev[0];
    PxRange r = L->r;
    build_coarse(s);
    double bnorm = sqrt(vec_dot(s, r, L->f, L->f));
    s->be->k->mg_residual(r, op_args(L, x, L->f, s->r));
    /* r = f - (A - d d^T/sum d) x = (f - A x) + d (d . x)/sum d */
    if (s->rank_d) {
        double dx = vec_dot(s, r, s->rank_d, x);
        vec_set(s, r, s->r, s->rank_d, dx * s->rank_inv_sum, 1.0);
    }
    double rnorm = sqrt(vec_dot(s, r, s->r, s->r));
    /* Started from the last step's solution, f - A x_start = A (x - x_start) measures the
     * change the step makes; change_tol bounds the solve's error relative to that change
     * (docs/numerics.md, "The solves' stopping rule"). */
    double goal = s->tol * (bnorm > 0.0 ? bnorm : 1.0);
    if (s->change_tol * rnorm > goal) goal = s->change_tol * rnorm;
    if (rnorm <= goal || rnorm == 0.0) {
        st.converged = 1;
        st.rel_residual = bnorm > 0.0 ? rnorm / bnorm : rnorm;
        return st;
    }
    double *z = L->u; /* the preconditioned residual lives in level 0's correction */
    if (precondition(s) != 0) return st;
    vec_set(s, r, s->p, z, 1.0, 0.0);
    double rz = vec_dot(s, r, s->r, z);
    for (int it = 1; it <= s->max_iter; it++) {
        double pAp = s->be->k->mg_apply_dot(r, op_args(L, s->p, NULL, s->Ap));
        pAp -= rank_one_subtract(s, r, s->p, s->Ap);
        CgArgs cg = {x, s->r, s->p, s->Ap, rz / pAp};
        rnorm = sqrt(s->be->k->cg_update(r, cg));
        st.iterations = it;
        if (!(rnorm == rnorm)) break; /* NaN: the caller's watchdog names the field */
        if (rnorm <= goal) {
            st.converged = 1;
            break;
        }
        if (precondition(s) != 0) break;
        double rz_new = vec_dot(s, r, s->r, z);
        vec_set(s, r, s->p, z, 1.0, rz_new / rz);
        rz = rz_new;
    }
    st.rel_residual = bnorm > 0.0 ? rnorm / bnorm : rnorm;
    return st;
}
