/* far_field.c - the separator column in the time step (far_field.h, separator.c).
 *
 * The Zn counter electrode gives back (1 - t+) i / (n F) of the cell current i as salt (the
 * mirror of what the deposit takes); the column's backward-Euler response is the domain's
 * Robin condition at its top face (transport.c). E against the electrolyte at the counter
 * electrode loses the column's drop, with the current density uniform in the column and its
 * conductivity the bulk's:
 *     E_cell = E - i L / sigma_l + kd ln(c~_ce / c~_face),   kd = (2 t+ - 1) / (n f)
 */
#include "far_field.h"

#include <math.h>
#include <stdio.h>

void far_field_prepare(ZnEngine *e, double dt, double i_cell, TrArgs *t)
{
    const ZnModel *m = &e->m;
    sep_prepare(&e->sep, dt, (1.0 - m->t_plus) * i_cell / (m->n * m->F * m->c0));
    t->m.c_bulk = e->sep.a0;
    t->top_R = -2.0 * e->sep.a1;
}

void far_field_finish(ZnEngine *e, double i_cell, double E, TrArgs *t)
{
    const ZnModel *m = &e->m;
    double J = e->be->k->tr_top_flux(e->r, *t) / e->r.nx; /* mean over the face, c~ m/s */
    sep_finish(&e->sep, J);
    double q_ce = (1.0 - m->t_plus) * i_cell / (m->n * m->F * m->c0);
    if (q_ce != e->sep.q_ce) sep_release_change(&e->sep, q_ce);
    t->m.c_bulk = e->sep.face;
    t->top_R = 0.0;
    double kd = (2.0 * m->t_plus - 1.0) / (m->n * m->f);
    e->cell_E = E - i_cell * e->sep.L / m->sigma_l +
                kd * log(fmax(e->sep.ce, 1e-300) / fmax(e->sep.face, 1e-300));
}

int engine_separator_set(ZnEngine *e, const double *c, int n)
{
    if (n != e->sep.n) {
        snprintf(e->err, sizeof e->err, "separator: the checkpoint holds %d column cells, this scenario needs %d", n,
               e->sep.n);
        return -1;
    }
    for (int k = 0; k < n; k++) e->sep.c[k] = c[k];
    return 0;
}
