/* her.c - hydrogen evolution at the metal potential (docs/model.md, "Side reactions").
 *
 * Current density on a surface, anodic positive like the Zn reaction (H2 oxidation neglected):
 *     i_H = -[ i0_H (h/h_b) + i0_W ] exp(-alpha_H f eta_H),   eta_H = E - phi - E_Hb
 * with E_Hb the HER equilibrium against Zn at the bulk pH; h = h_b until the acidity field
 * exists. It acts
 *   - on every metal surface through the surface density delta_G = h'(xi) |grad xi|, which
 *     integrates to 1 across a profile (Zn parameters), as the volumetric rate q_H = i_H delta_G;
 *   - on the collector where metal does not cover it: a flux i_H,Cu (1 - xi) through the face
 *     y = 0 of the bottom row, i.e. q_H = i_H,Cu (1 - xi) / hy there (Cu parameters).
 * q_H (A/m^3, <= 0) is a charge source in the electrolyte current balance exactly like the Zn
 * reaction (transport.c) and moves no metal. It runs on the metal attached to the collector
 * (potential E) and on the exposed collector; detached bodies carry none yet (their floating
 * balance E_b does not include it: self-corrosion of dead Zn is not modelled).
 * No stencil beyond the centred gradient; no time step limit (it enters the implicit solves as
 * a known source of the step).
 */
#include "kernels.h"

/* The HER prefactor of a cell at E = 0, A/m^3: q_H(E) = -pre exp(-alpha_H f E). owner as in
 * PfArgs.dead. */
static inline PX_HD double her_pre(PxRange r, const HerArgs *a, int i, int j, int k, double *owner)
{
    const ZnModel *m = &a->m;
    size_t c = PX_IDX(r, i, j, k);
    double xc = a->xi[c];
    int ie = zn_wrap(i + 1, r.nx), iw = zn_wrap(i - 1, r.nx);
    int jn = zn_mirror(j + 1, r.ny), js = zn_mirror(j - 1, r.ny);
    double gx = (a->xi[PX_IDX(r, ie, j, k)] - a->xi[PX_IDX(r, iw, j, k)]) / (2.0 * a->hx);
    double gy = (a->xi[PX_IDX(r, i, jn, k)] - a->xi[PX_IDX(r, i, js, k)]) / (2.0 * a->hy);
    /* surface density of metal surface, 1/m */
    double surf = zn_hprime(xc) * sqrt(gx * gx + gy * gy);
    double pre = (m->her_i0H_zn + m->her_i0W_zn) * surf;
    /* the collector's exposed share in the bottom row: a flux through the face y = 0 */
    if (j == 0) {
        double open = 1.0 - (xc < 0.0 ? 0.0 : (xc > 1.0 ? 1.0 : xc));
        pre += (m->her_i0H_cu + m->her_i0W_cu) * open / a->hy;
    }
    *owner = a->dead ? a->dead[c] : 0.0;
    /* exp(-alpha_H f (E - phi - E_Hb)) = exp(-alpha_H f E) exp(alpha_H f (phi + E_Hb)) */
    double phi = a->phi[c];
    return pre * exp(zn_clamp(m->her_alpha * m->f * (phi + m->her_E_Hb), m->exp_clamp));
}

/* v[0] = sum of the prefactors of the cells of owner a.select: their HER current at metal
 * potential E is -v[0] exp(-alpha_H f E) times the cell area. */
static inline PX_HD PxSum3 her_sums_cell(PxRange r, HerArgs a, int i, int j, int k)
{
    double owner;
    double pre = her_pre(r, &a, i, j, k, &owner);
    PxSum3 s = {{0.0, 0.0, 0.0}};
    if (owner == a.select) s.v[0] = pre;
    return s;
}
PX_SUM3_OVER_CELLS(her_sums, her_sums_cell, HerArgs)

/* q_H of every cell at the attached metal's potential E (0 on detached bodies). */
static inline PX_HD void her_eval_cell(PxRange r, HerArgs a, int i, int j, int k)
{
    double owner;
    double pre = her_pre(r, &a, i, j, k, &owner);
    double q = 0.0;
    if (owner == 0.0 && pre != 0.0) q = -pre * exp(zn_clamp(-a.m.her_alpha * a.m.f * a.E, a.m.exp_clamp));
    a.q[PX_IDX(r, i, j, k)] = q;
}
PX_FOR_EACH_CELL(her_eval, her_eval_cell, HerArgs)
