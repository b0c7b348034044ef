/* acidity.h - per-cell hydrogen evolution and acidity (docs/model.md, "Side reactions"), shared
 * by the HER kernels (her.c) and the acidity solve (transport.c) so that both read one law.
 *
 * Acidity T = h - [ZnOH+] - [OH-] + [HA] (mol/m^3), conserved by the hydrolysis Zn2+ + H2O =
 * ZnOH+ + H+ (Ka), water (Kw) and, with a pH buffer, HA = H+ + A- (K_B, total c_B: [HA] =
 * c_B h / (h + K_B)); with c the Zn2+ concentration
 *     T(h) = h + c_B h / (h + K_B) - (Ka c + Kw) / h,
 * increasing in h. Without a buffer h = (T + sqrt(T^2 + 4 (Ka c + Kw))) / 2 (the positive root
 * of h^2 - T h - (Ka c + Kw) = 0); with one, Newton steps inside the bracket that the
 * unbuffered roots of T and of T - c_B give.
 * HER per unit surface, anodic positive:
 *     i_H = -[ i0_H (h / h_b) + i0_W ] exp(-alpha_H f (E - phi - E_Hb))
 * Without the acidity field h = h_b.
 */
#ifndef ZN_ACIDITY_H
#define ZN_ACIDITY_H

#include "model.h"

/* The acidity at [H+] = h and salt c~ (the inverse of zn_acid_h). */
static inline PX_HD double zn_acid_T(const ZnModel *m, double h, double c)
{
    double K = m->her_Ka * m->c0 * (c > 0.0 ? c : 0.0) + m->her_Kw;
    double T = h - K / h;
    if (m->her_buf_c > 0.0) T += m->her_buf_c * h / (h + m->her_buf_K);
    return T;
}

/* The positive root of h^2 - T h - K = 0. Where hydrogen has left a large OH- excess over
 * depleted salt (T < 0, 4K << T^2) the textbook form rounds h to 0 and the acidity's Newton step
 * to 0/0: there the form without cancellation. Elsewhere the textbook form, whose results runs
 * have been validated with bit for bit (the two-mushroom strip of tests/protocol_check.sh is
 * chaotic enough that a last-digit change of h moves its outcome, docs/validation.md). */
static inline PX_HD double zn_acid_root(double T, double K)
{
    double s = sqrt(T * T + 4.0 * K);
    return T >= 0.0 || 4.0 * K > 1e-6 * T * T ? 0.5 * (T + s) : 2.0 * K / (s - T);
}

/* h (mol/m^3) from the acidity T and the salt c~ (Zn2+ = c0 c~). */
static inline PX_HD double zn_acid_h(const ZnModel *m, double T, double c)
{
    double K = m->her_Ka * m->c0 * (c > 0.0 ? c : 0.0) + m->her_Kw;
    double hi = zn_acid_root(T, K);
    if (!(m->her_buf_c > 0.0)) return hi;
    /* T(h) >= the unbuffered T at h, and <= it plus c_B: the root lies in [lo, hi] */
    double lo = zn_acid_root(T - m->her_buf_c, K), h = 0.5 * (lo + hi);
    for (int it = 0; it < 60; it++) {
        double f = zn_acid_T(m, h, c) - T;
        if (f > 0.0) hi = h;
        else lo = h;
        double d = 1.0 + m->her_buf_c * m->her_buf_K / ((h + m->her_buf_K) * (h + m->her_buf_K)) + K / (h * h);
        double hn = h - f / d;
        if (!(hn > lo && hn < hi)) hn = 0.5 * (lo + hi); /* Newton left the bracket: bisect */
        if (fabs(hn - h) <= 1e-15 * hn || hi - lo <= 1e-15 * hi) return hn;
        h = hn;
    }
    return h;
}

/* pH (h in mol/L) from the acidity T and the salt c~. */
static inline PX_HD double zn_acid_pH(const ZnModel *m, double T, double c)
{
    return -log10(zn_acid_h(m, T, c) * 1e-3); /* h is in mol/m^3 */
}

/* dh/dT = 1 / T'(h): h / (2 h - T) = h / sqrt(T^2 + 4 K) without a buffer. */
static inline PX_HD double zn_acid_dh(const ZnModel *m, double T, double c)
{
    double h = zn_acid_h(m, T, c);
    if (!(m->her_buf_c > 0.0)) return h / (2.0 * h - T);
    double K = m->her_Ka * m->c0 * (c > 0.0 ? c : 0.0) + m->her_Kw;
    return 1.0 / (1.0 + m->her_buf_c * m->her_buf_K / ((h + m->her_buf_K) * (h + m->her_buf_K)) + K / (h * h));
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
