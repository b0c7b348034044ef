/* potential_solve.c - the potential of a step, with the reaction's slope when the coupling is
 * linearized (docs/numerics.md, "Coupling of the potential to the reaction").
 *
 * The diagonal linearization solves K phi = b with K = A + D, D = diag(d), d = n F cs R',
 * b = -n F cs rate + D phi^n (+ the diffusion potential and HER): the step's reaction answers
 * phi at fixed E. Under current control E moves too: it keeps the attached metal's total
 * reaction at the applied current, so a change dphi changes the reaction by
 *     d_i (dphi_i - w.dphi),   w = d / sum(d)   (d on the attached metal only),
 * and the system becomes
 *     (K - d d^T / sum d) phi = b - d (d.phi^n) / sum d.
 * The rank-one term is symmetric, and x^T (D - d d^T/sum d) x >= 0 (Cauchy-Schwarz), so the
 * operator stays SPD and CG solves it directly, still preconditioned by K's V-cycle (one
 * iteration more at most). Without the correction the diagonal holds the common mode as if E
 * were fixed, and the global charge balance misses by sum d (phi^{n+1} - phi^n) per step. */
#include "potential_solve.h"

#include <math.h>

MgStats potential_solve(ZnEngine *e, const TrArgs *t, int common_mode_free)
{
    const ZnKernels *k = e->be->k;
    MgLevel *L = &e->mg.lev[0];
    k->tr_pot_setup(e->r, *t);
    if (!t->dsrc || !common_mode_free) return mg_solve(&e->mg, e->phi);

    /* d on the attached metal into ext (the phase field and the salt step are done with it),
     * its sum and d.phi^n */
    TrArgs mode = *t;
    mode.f = e->ext;
    PxSum3 s = k->tr_pot_common_mode(e->r, mode);
    double sum_d = s.v[0], d_phin = s.v[1];
    if (!(sum_d > 0.0)) return mg_solve(&e->mg, e->phi); /* nothing for E to take up */
    VecArgs shift = {.y = L->f, .x = e->ext, .alpha = -d_phin / sum_d, .beta = 1.0};
    k->vec_axpby(e->r, shift);
    e->mg.rank_d = e->ext;
    e->mg.rank_inv_sum = 1.0 / sum_d;
    MgStats st = mg_solve(&e->mg, e->phi);
    e->mg.rank_d = NULL;
    return st;
}
