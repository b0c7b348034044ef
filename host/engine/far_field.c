/* far_field.c - the separator column in the time step (far_field.h, separator.c).
 *
 * The Zn counter electrode gives back (1 - t+) i / (n F) of the cell current i as salt (the
 * mirror of what the deposit takes); the column's backward-Euler response is the domain's
 * Robin condition at its top face (transport.c). E against the electrolyte at the counter
 * electrode loses the column's drop, with the current density uniform in the column and its
 * conductivity the bulk's:
 *     E_cell = E - i L / sigma_l + kd ln(c~_ce / c~_face),   kd = (2 t+ - 1) / (n f)
 * The acidity (with her.acidity) has its own column in the same separator: the same Robin
 * coupling at the face, D_T in the column, no flux at the counter electrode (it makes and
 * takes no protons), so the OH- that hydrogen evolution leaves accumulates in the cell.
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

void far_field_acid_prepare(ZnEngine *e, double dt, TrArgs *t)
{
    /* the Zn counter electrode neither makes nor takes protons: no flux at its end */
    sep_prepare(&e->sep_T, dt, 0.0);
    t->m.her_T_b = e->sep_T.a0;
    t->acid_top_R = -2.0 * e->sep_T.a1;
}

void far_field_acid_finish(ZnEngine *e, const TrArgs *t)
{
    sep_finish(&e->sep_T, e->be->k->tr_acid_top_flux(e->r, *t) / e->r.nx);
}

int engine_separator_count(const ZnEngine *e) { return e->sep.n + e->sep_T.n; }

void engine_separator_get(const ZnEngine *e, double *out)
{
    for (int k = 0; k < e->sep.n; k++) out[k] = e->sep.c[k];
    for (int k = 0; k < e->sep_T.n; k++) out[e->sep.n + k] = e->sep_T.c[k];
}

int engine_separator_set(ZnEngine *e, const double *c, int n)
{
    if (n != engine_separator_count(e)) {
        snprintf(e->err, sizeof e->err, "separator: the checkpoint holds %d column values, this scenario needs %d", n,
                 engine_separator_count(e));
        return -1;
    }
    for (int k = 0; k < e->sep.n; k++) e->sep.c[k] = c[k];
    for (int k = 0; k < e->sep_T.n; k++) e->sep_T.c[k] = c[e->sep.n + k];
    return 0;
}
