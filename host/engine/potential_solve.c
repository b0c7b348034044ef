/* potential_solve.c - the potential of a step, with the reaction's slope when the coupling is
 * linearized (docs/numerics.md, "Coupling of the potential to the reaction").
 *
 * The diagonal linearization solves K phi = b with K = A + D, D = diag(d), d = n F cs R',
 * b = -n F cs rate + D phi^n (+ the diffusion potential and HER): the step's reaction answers
 * phi at fixed E. Under current control E moves too: it keeps the attached metal's total
 * reaction at the applied current, so a change dphi changes the reaction by
 *     d_i (dphi_i - w.dphi),   w = d / sum(d)   (attached cells only),
 * and the system is (K - d w^T) phi = b - d (w.phi^n). Sherman-Morrison with x = K^-1 b and
 * y = K^-1 d gives
 *     phi = x + theta y,   theta = (w.x - w.phi^n) / (1 - w.y),
 * one more solve per step. Without the correction the diagonal holds the common mode as if E
 * were fixed, and near the limiting current phi lags what E should absorb (CHECKS 23). */
#include "potential_solve.h"

#include <math.h>

static size_t bytes_of_field(const ZnEngine *e)
{
    return (size_t)e->r.nx * e->r.ny * e->r.nz * sizeof(double);
}

/* The worse of two solves' outcomes, iterations added. */
static MgStats merge(MgStats a, MgStats b)
{
    MgStats m = {a.iterations + b.iterations, fmax(a.rel_residual, b.rel_residual),
                 a.converged && b.converged};
    if (a.rel_residual != a.rel_residual || b.rel_residual != b.rel_residual) m.rel_residual = NAN;
    return m;
}

MgStats potential_solve(ZnEngine *e, const TrArgs *t, int common_mode_free)
{
    const ZnKernels *k = e->be->k;
    MgLevel *L = &e->mg.lev[0];
    k->tr_pot_setup(e->r, *t);
    if (!t->dsrc || !common_mode_free) return mg_solve(&e->mg, e->phi);

    /* d on the attached metal, its sum and w.phi^n (unnormalised); b is kept in ext, which
     * the phase field and the salt step are done with */
    double *b = e->ext, *y = e->ext + (size_t)e->r.nx * e->r.ny * e->r.nz;
    MgStats bad = {0, NAN, 0};
    if (e->be->copy(b, L->f, bytes_of_field(e)) != 0) return bad;
    TrArgs d = *t;
    d.mode_u = NULL;
    PxSum3 s0 = k->tr_pot_common_mode(e->r, d); /* f = d now */
    double sum_d = s0.v[0], d_phin = s0.v[1];
    if (!(sum_d > 0.0)) {
        /* no attached metal reacting: nothing for E to take up */
        if (e->be->copy(L->f, b, bytes_of_field(e)) != 0) return bad;
        return mg_solve(&e->mg, e->phi);
    }
    VecArgs clear = {.y = y, .x = NULL, .alpha = 0.0, .beta = 0.0};
    k->vec_axpby(e->r, clear);
    MgStats sy = mg_solve(&e->mg, y);
    if (e->be->copy(L->f, b, bytes_of_field(e)) != 0) return bad;
    MgStats sx = mg_solve(&e->mg, e->phi);
    d.f = NULL;
    d.phi = e->phi;
    d.mode_u = y;
    PxSum3 s1 = k->tr_pot_common_mode(e->r, d);
    double d_x = s1.v[1], d_y = s1.v[2];
    /* 1 - w.y > 0: the reservoir face's Dirichlet condition keeps K^-1 d below 1 */
    double theta = (d_x - d_phin) / (sum_d - d_y);
    VecArgs add = {.y = e->phi, .x = y, .alpha = theta, .beta = 1.0};
    k->vec_axpby(e->r, add);
    return merge(sx, sy);
}
