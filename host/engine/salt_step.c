/* salt_step.c - the salt solve of a time step, kept positive (salt_step.h).
 *
 * When the step's growth asks for more salt than reaches an electrolyte cell (c~ < 0 there
 * after the usual solve), the step is solved again with the uptake of growing cells implicit
 * in c~ and the growth scaled to match (kernels/transport.c, "Positivity"): c~ stays >= 0 and
 * Zn is conserved. Such a step delivers less Zn than the controller aimed at; the next step's
 * potential answers the depleted surface, and engine_step flags a plating step that delivered
 * under half its current (the transition where a galvanostat's potential runs away). Steps
 * that never drive c~ below zero are untouched, bit for bit. c~^n and the iterate wait in the
 * FFT work array (nx x 2ny), free after phase 2. */
#include "salt_step.h"

#include <stdio.h>

/* the explicit set only grows; in practice 1-3 passes */
#define ZN_POS_ITER_MAX 20

int salt_step(ZnEngine *e, double dt, const TrArgs *t, double *sum_new, ZnStepInfo *info)
{
    const ZnKernels *k = e->be->k;
    size_t n = (size_t)e->r.nx * e->r.ny * e->r.nz, bytes = n * sizeof(double);
    int binary = e->m.transport == ZN_TRANSPORT_BINARY;
    double *c_old = e->ext, *c_iter = e->ext + n;
    if (binary && e->be->copy(c_old, e->c, bytes) != 0) {
        snprintf(e->err, sizeof e->err, "saving c~ of the step: %s", e->be->last_error());
        return -1;
    }
    k->tr_conc_setup(e->r, *t);
    info->conc = mg_solve(&e->mg, e->c);
    if (!binary || !info->conc.converged || !(k->diag_max_neg_c(e->r, engine_diag_args(e, e->xi)) > 0.0))
        return 0;
    TrArgs tp = *t;
    tp.c = c_old;
    tp.c_iter = c_iter;
    tp.positive = 1;
    TrPositiveArgs u = {e->xi, e->rate, e->c, c_old, c_iter, dt};
    for (int it = 0; it < ZN_POS_ITER_MAX; it++) {
        if (e->be->copy(c_iter, e->c, bytes) != 0) {
            snprintf(e->err, sizeof e->err, "saving the salt iterate: %s", e->be->last_error());
            return -1;
        }
        k->tr_conc_setup(e->r, tp);
        MgStats again = mg_solve(&e->mg, e->c);
        info->conc.iterations += again.iterations;
        info->conc.rel_residual = again.rel_residual;
        info->conc.converged = again.converged;
        if (!again.converged || k->tr_positive_changes(e->r, u) == 0.0) break;
    }
    k->tr_positive_update(e->r, u);
    *sum_new = k->diag_sum_xi(e->r, engine_diag_args(e, e->xi));
    info->positive = 1;
    return 0;
}

