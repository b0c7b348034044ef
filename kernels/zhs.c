/* zhs.c - zinc hydroxide sulfate, Zn4SO4(OH)6.5H2O (ZHS), as an immobile third phase
 * (docs/model.md, "ZHS"). Its volume fraction psi grows where hydrogen evolution has made the
 * electrolyte basic and shrinks where it is acidic again:
 *
 *     4 Zn2+ + SO4^2- + 6 OH- + 5 H2O  <->  Zn4SO4(OH)6.5H2O
 *
 * In the acidity T = h - [ZnOH+] - [OH-] the precipitation of one formula unit takes six OH-
 * (T rises by 6), one sulfate (the binary salt, which moves with the sulfate, loses one), four
 * Zn2+ (three more than the sulfate: electroneutrality, 2 (Zn - SO4) = -T, is kept). The rate
 * per volume, in OH- taken,
 *     r = k_p (T_Z(c) - T),   T_Z = T(h_Z, c)   (the acidity at pH_ZHS, acidity.h),
 * acts where T < T_Z (precipitation) and, while psi > 0, where T > T_Z (dissolution).
 * The host applies it after the acidity solve of a step, cell by cell, as the exact solution of
 * dT/dt = r over dt at the cell's c~:
 *     T^+ = T_Z + (T - T_Z) exp(-k_p dt),  psi^+ = psi + (T^+ - T) V_m / 6,
 *     c~^+ = c~ - (T^+ - T) / (6 c0),
 * limited so that psi stays in [0, psi_max (1 - h(xi))] (ZHS fills the electrolyte's share of
 * a cell, and leaves a porous layer) and no step takes more than half a cell's salt. T, psi and
 * the salt change by the same formula units: the exchange conserves Zn, sulfate and acidity.
 * Where it forms (our reading of MODEL.md 7c): ZHS nucleates heterogeneously, on surfaces - the
 * electrolyte side of the metal's diffuse interface (xi above ZN_ZHS_SURFACE_XI) and the
 * collector row - and grows where it already sits; the open electrolyte may stay above pH_ZHS
 * (supersaturated) until its OH- reaches a surface. A homogeneous rule ("wherever the pH
 * exceeds pH_ZHS") fills the whole electrolyte with ZHS as soon as the cell's bulk turns basic,
 * which a closed cell (cell.separator with the acidity's column) does after a few cycles;
 * the layers seen on cycled anodes form on the electrode.
 * No stencil; no time step limit.
 */
#include "kernels.h"
#include "acidity.h"

/* Electrolyte this close to the metal (its share of xi) counts as surface: the outer part of
 * the diffuse interface, a few cells (our choice). */
#define ZN_ZHS_SURFACE_XI 0.01

static inline PX_HD void zhs_exchange_cell(PxRange r, ZhsArgs a, int i, int j, int k)
{
    const ZnModel *m = &a.m;
    size_t q = PX_IDX(r, i, j, k);
    double T = a.acid[q], psi = a.zhs[q], cc = a.c[q];
    double room = m->her_zhs_max * (1.0 - zn_h(a.xi[q])) - psi;
    double Tz = zn_acid_T(m, m->her_h_zhs, cc);
    double dT = (Tz - T) * (1.0 - exp(-m->her_k_zhs * a.dt));
    if (dT > 0.0) {
        if (!(psi > 0.0 || j == 0 || a.xi[q] > ZN_ZHS_SURFACE_XI)) return; /* no surface to form on */
        /* precipitation: room left in the cell, and half its salt at most */
        double cap = room > 0.0 ? 6.0 * room / m->her_Vm_zhs : 0.0;
        double salt = cc > 0.0 ? 3.0 * m->c0 * cc : 0.0;
        dT = fmin(dT, fmin(cap, salt));
    } else {
        /* dissolution: no more than there is */
        dT = fmax(dT, -6.0 * psi / m->her_Vm_zhs);
    }
    if (dT == 0.0) return;
    a.acid[q] = T + dT;
    a.zhs[q] = psi + dT * m->her_Vm_zhs / 6.0;
    a.c[q] = cc - dT / (6.0 * m->c0);
}
PX_FOR_EACH_CELL(zhs_exchange, zhs_exchange_cell, ZhsArgs)

/* v[0] = sum of psi (times the cell area: ZHS volume per length), v[1] = sum of psi times the
 * metal surface density h'(xi)|grad xi|, v[2] = sum of that density: v[1]/v[2] is the share of
 * the metal surface ZHS covers. */
static inline PX_HD PxSum3 zhs_sums_cell(PxRange r, ZhsArgs a, int i, int j, int k)
{
    size_t q = PX_IDX(r, i, j, k);
    int ie = zn_wrap(i + 1, r.nx), iw = zn_wrap(i - 1, r.nx);
    int jn = zn_mirror(j + 1, r.ny), js = zn_mirror(j - 1, r.ny);
    double gx = (a.xi[PX_IDX(r, ie, j, k)] - a.xi[PX_IDX(r, iw, j, k)]) / (2.0 * a.hx);
    double gy = (a.xi[PX_IDX(r, i, jn, k)] - a.xi[PX_IDX(r, i, js, k)]) / (2.0 * a.hy);
    double surf = zn_hprime(a.xi[q]) * sqrt(gx * gx + gy * gy);
    PxSum3 s = {{a.zhs[q], a.zhs[q] * surf, surf}};
    return s;
}
PX_SUM3_OVER_CELLS(zhs_sums, zhs_sums_cell, ZhsArgs)
