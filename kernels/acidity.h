/* acidity.h - per-cell hydrogen evolution and acidity (docs/model.md, "Side reactions"), shared
 * by the HER kernels (her.c) and the acidity solve (transport.c) so that both read one law.
 *
 * Acidity T = h - [ZnOH+] - [OH-] (mol/m^3), conserved by the hydrolysis Zn2+ + H2O = ZnOH+ + H+
 * (Ka) and water (Kw) equilibria; with c the Zn2+ concentration
 *     h = (T + sqrt(T^2 + 4 (Ka c + Kw))) / 2
 * (the positive root of h^2 - T h - (Ka c + Kw) = 0).
 * HER per unit surface, anodic positive:
 *     i_H = -[ i0_H (h / h_b) + i0_W ] exp(-alpha_H f (E - phi - E_Hb))
 * Without the acidity field h = h_b.
 */
#ifndef ZN_ACIDITY_H
#define ZN_ACIDITY_H

#include "model.h"

/* h (mol/m^3) from the acidity T and the salt c~ (Zn2+ = c0 c~). */
static inline PX_HD double zn_acid_h(const ZnModel *m, double T, double c)
{
    double K = m->her_Ka * m->c0 * (c > 0.0 ? c : 0.0) + m->her_Kw;
    return 0.5 * (T + sqrt(T * T + 4.0 * K));
}

/* dh/dT = h / (2 h - T) = h / sqrt(T^2 + 4 K). */
static inline PX_HD double zn_acid_dh(const ZnModel *m, double T, double c)
{
    double h = zn_acid_h(m, T, c);
    return h / (2.0 * h - T);
}

/* The HER of one cell at metal potential E = 0: proton and water prefactors (A/m^3), so that
 * q_H(E) = -(pre_p + pre_w) exp(-alpha_H f E). The proton one carries h/h_b when acid != NULL.
 * owner as in PfArgs.dead. */
typedef struct HerLocal {
    double pre_p, pre_w, owner;
} HerLocal;

static inline PX_HD HerLocal zn_her_local(PxRange r, const ZnModel *m, const double *xi,
                                          const double *phi, const double *dead, const double *acid,
                                          const double *c, const double *zhs, double hx,
                                          double hy, int i, int j, int k)
{
    HerLocal l;
    size_t q = PX_IDX(r, i, j, k);
    double xc = xi[q];
    int ie = zn_wrap(i + 1, r.nx), iw = zn_wrap(i - 1, r.nx);
    int jn = zn_mirror(j + 1, r.ny), js = zn_mirror(j - 1, r.ny);
    double gx = (xi[PX_IDX(r, ie, j, k)] - xi[PX_IDX(r, iw, j, k)]) / (2.0 * hx);
    double gy = (xi[PX_IDX(r, i, jn, k)] - xi[PX_IDX(r, i, js, k)]) / (2.0 * hy);
    /* metal surface per volume, 1/m: h'(xi)|grad xi| integrates to 1 across a profile */
    double surf = zn_hprime(xc) * sqrt(gx * gx + gy * gy);
    double p = m->her_i0H_zn * surf, w = m->her_i0W_zn * surf;
    /* the collector's exposed share in the bottom row: a flux through the face y = 0 */
    if (j == 0) {
        double open = 1.0 - (xc < 0.0 ? 0.0 : (xc > 1.0 ? 1.0 : xc));
        p += m->her_i0H_cu * open / hy;
        w += m->her_i0W_cu * open / hy;
    }
    if (acid) p *= zn_acid_h(m, acid[q], c[q]) / m->her_h_b;
    if (zhs) { /* ZHS covers its share of the surface */
        p *= 1.0 - zhs[q];
        w *= 1.0 - zhs[q];
    }
    /* exp(-alpha_H f (E - phi - E_Hb)) = exp(-alpha_H f E) exp(alpha_H f (phi + E_Hb)) */
    double x = exp(zn_clamp(m->her_alpha * m->f * (phi[q] + m->her_E_Hb), m->exp_clamp));
    l.pre_p = p * x;
    l.pre_w = w * x;
    l.owner = dead ? dead[q] : 0.0;
    return l;
}

#endif
