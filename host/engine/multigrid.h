/* multigrid.h - conjugate gradients preconditioned by one symmetric multigrid V-cycle, for
 * A u = a u - div(b grad u) with x periodic, no flux at y = 0 and Dirichlet at y = Ly
 * (kernels/mg_ops.c). The iteration count stays flat as the grid grows (CHECKS.md 11). */
#ifndef ZN_MULTIGRID_H
#define ZN_MULTIGRID_H

#include "kernels.h"

#define ZN_MG_MAX_LEVELS 24

typedef struct MgLevel {
    PxRange r;
    double hx, hy;
    int rx, ry;                 /* coarsening factors to the next level (1 or 2) */
    double *a, *bx, *by;        /* operator */
    double *u, *f;              /* correction, right-hand side */
} MgLevel;

typedef struct MgSolver {
    const ZnBackend *be;
    int nlev;
    MgLevel lev[ZN_MG_MAX_LEVELS];
    double *r, *p, *Ap;         /* CG vectors on the finest level */
    int pre, post;              /* smoothing sweeps (red+black pairs) */
    int coarse_sweeps;          /* on the coarsest level */
    int max_iter;
    double tol;                 /* relative to the norm of the right-hand side */
    double change_tol;          /* or relative to the starting residual, whichever is larger
                                 * (0: off; mg_create leaves it off) */
    const double *rank_d;       /* NULL, or d: the operator is then A - d d^T / sum(d), A's
                                 * symmetric rank-one update (SPD when d >= 0 lies within A's
                                 * diagonal a: host/engine/potential_solve.c); the V-cycle
                                 * still preconditions with A */
    double rank_inv_sum;        /* 1 / sum(d) */
    void *vcycle_record;        /* the V-cycle's launches as the backend recorded them */
    char why[160];              /* reason mg_create refused the grid, or a V-cycle failed */
    int failed;                 /* a V-cycle could not run on the backend (see why) */
} MgSolver;

typedef struct MgStats {
    int iterations;
    double rel_residual;
    int converged;
} MgStats;

/* Builds the hierarchy for an nx by ny grid of cell size hx by hy. Returns -1 on allocation
 * failure (reason from the backend) or a grid that does not coarsen (reason in s->why). The caller fills lev[0].a, bx, by and f. */
int mg_create(MgSolver *s, const ZnBackend *be, PxRange r, double hx, double hy, double tol);
void mg_destroy(MgSolver *s);

/* Solves A x = lev[0].f starting from x (with rank_d set: (A - d d^T / sum d) x = f); coarse
 * operators are rebuilt from lev[0] first. Stops when |f - A x| <= max(tol |f|, change_tol
 * |f - A x_start|). */
MgStats mg_solve(MgSolver *s, double *x);

/* What mg_create would allocate for an nx by ny grid, bytes (an estimate before the fact). */
size_t mg_estimate_bytes(int nx, int ny);

/* Bytes of device memory the solver holds. */
size_t mg_bytes(const MgSolver *s);

#endif
