/* her.c - hydrogen evolution at the metal potential (docs/model.md, "Side reactions").
 *
 * Current density on a surface, anodic positive like the Zn reaction (H2 oxidation neglected):
 *     i_H = -[ i0_H (h/h_b) + i0_W ] exp(-alpha_H f eta_H),   eta_H = E - phi - E_Hb
 * with E_Hb the HER equilibrium against Zn at the bulk pH; h = h_b until the acidity field
 * is transported (acidity.h has the per-cell law). It acts
 *   - on every metal surface through the surface density delta_G = h'(xi) |grad xi|, which
 *     integrates to 1 across a profile (Zn parameters), as the volumetric rate q_H = i_H delta_G;
 *   - on the collector where metal does not cover it: a flux i_H,Cu (1 - xi) through the face
 *     y = 0 of the bottom row, i.e. q_H = i_H,Cu (1 - xi) / hy there (Cu parameters).
 * q_H (A/m^3, <= 0) is a charge source in the electrolyte current balance exactly like the Zn
 * reaction (transport.c) and moves no metal; with the acidity field it consumes T at q_H / F
 * and its proton term follows the local h (acidity.h). It runs on the metal attached to the collector
 * (potential E), on the exposed collector, and on floating dead bodies at their own potential
 * E_b (deadzn.c solves each body's I_Zn + I_H = 0: the hydrogen there is fed by the body's own
 * Zn, which corrodes); inert dead bodies carry none.
 * No stencil beyond the centred gradient; no time step limit (it enters the implicit solves as
 * a known source of the step).
 */
#include "kernels.h"
#include "acidity.h"

/* v[0] = sum of the HER prefactors (proton and water) of the cells of owner a.select: their
 * current at metal potential E is -v[0] exp(-alpha_H f E) times the cell area. */
static inline PX_HD PxSum3 her_sums_cell(PxRange r, HerArgs a, int i, int j, int k)
{
    HerLocal l = zn_her_local(r, &a.m, a.xi, a.phi, a.dead, a.acid, a.c, a.zhs, a.hx, a.hy, i, j, k);
    PxSum3 s = {{0.0, 0.0, 0.0}};
    if (l.owner == a.select) s.v[0] = l.pre_p + l.pre_w;
    return s;
}
PX_SUM3_OVER_CELLS(her_sums, her_sums_cell, HerArgs)

/* q_H of one cell: at E on the attached metal (0 in an idle step), at E_b on a floating dead
 * body, 0 on an inert one. */
static inline PX_HD double her_cell_q(const HerArgs *a, const HerLocal *l)
{
    double pre = l->pre_p + l->pre_w, E;
    if (pre == 0.0 || !zn_owner_potential(l->owner, a->E, a->idle, a->float_E, a->nfloat, &E))
        return 0.0;
    return -pre * exp(zn_clamp(-a->m.her_alpha * a->m.f * E, a->m.exp_clamp));
}

/* q_H of every cell at the step's potentials. */
static inline PX_HD void her_eval_cell(PxRange r, HerArgs a, int i, int j, int k)
{
    HerLocal l = zn_her_local(r, &a.m, a.xi, a.phi, a.dead, a.acid, a.c, a.zhs, a.hx, a.hy, i, j, k);
    a.q[PX_IDX(r, i, j, k)] = her_cell_q(&a, &l);
}
PX_FOR_EACH_CELL(her_eval, her_eval_cell, HerArgs)

/* After a Newton step of the acidity solve (transport.c, tr_acid_setup): the hydrogen at the
 * new iterate T^{k+1}, which the next step linearises about; at convergence it is the
 * hydrogen the step evolved and the acidity it consumed. */
static inline PX_HD void her_acid_update_cell(PxRange r, HerArgs a, int i, int j, int k)
{
    HerLocal l = zn_her_local(r, &a.m, a.xi, a.phi, a.dead, a.acid, a.c, a.zhs, a.hx, a.hy, i, j, k);
    a.q[PX_IDX(r, i, j, k)] = her_cell_q(&a, &l);
}
PX_FOR_EACH_CELL(her_acid_update, her_acid_update_cell, HerArgs)

/* The HER current of the step summed over the cells, A/m^3 (times the cell area: A/m). */
static inline PX_HD double her_total_cell(PxRange r, HerArgs a, int i, int j, int k)
{
    return a.q[PX_IDX(r, i, j, k)];
}
PX_SUM_OVER_CELLS(her_total, her_total_cell, HerArgs)

/* The part of it on dead bodies (cells a.dead owns): the hydrogen their self-corrosion feeds. */
static inline PX_HD double her_dead_total_cell(PxRange r, HerArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    return (a.dead && a.dead[c] != 0.0) ? a.q[c] : 0.0;
}
PX_SUM_OVER_CELLS(her_dead_total, her_dead_total_cell, HerArgs)

/* Surface pH: the largest pH (and, through her_surface_neg_ph, the smallest) over the cells
 * where hydrogen can evolve (metal surface or exposed collector); -1e308 elsewhere. */
static inline PX_HD double her_surface_ph_sign(PxRange r, const HerArgs *a, int i, int j, int k, double sign)
{
    size_t c = PX_IDX(r, i, j, k);
    HerLocal l = zn_her_local(r, &a->m, a->xi, a->phi, a->dead, NULL, a->c, a->zhs, a->hx, a->hy, i, j, k);
    if (!(l.pre_p + l.pre_w > 0.0) || l.owner != 0.0) return PX_NEG_HUGE;
    return sign * zn_acid_pH(&a->m, a->acid[c], a->c[c]);
}
static inline PX_HD double her_surface_ph_cell(PxRange r, HerArgs a, int i, int j, int k)
{
    return her_surface_ph_sign(r, &a, i, j, k, 1.0);
}
PX_MAX_OVER_CELLS(her_surface_ph, her_surface_ph_cell, HerArgs)
static inline PX_HD double her_surface_neg_ph_cell(PxRange r, HerArgs a, int i, int j, int k)
{
    return her_surface_ph_sign(r, &a, i, j, k, -1.0);
}
PX_MAX_OVER_CELLS(her_surface_neg_ph, her_surface_neg_ph_cell, HerArgs)
