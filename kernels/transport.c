/* transport.c - operators and right-hand sides of the two implicit transport solves.
 *
 * Binary electroneutral salt (MODEL.md 2a), backward Euler over the step just taken:
 *     (c~ - c~^n)/dt = div[ D(xi) grad c~ ] - (1 - t+) (cs/c0) dxi/dt
 * or, cation-only (Chen/Hong), with the migration explicit in c~^n and phi^n:
 *     (c~ - c~^n)/dt = div[ D(xi) grad c~ ] + div[ D(xi) n f c~^n grad phi^n ] - (cs/c0) dxi/dt
 *     (central face values; explicit drift with implicit diffusion is stable for
 *     dt < 2 / (D (n f |grad phi|)^2), hours at battery rates; no diffusion potential then)
 *     D(xi) = D_s h(xi) + D_l (1 - h(xi))
 *     (+ t+ |q_H|/(n F c0) with hydrogen evolution q_H <= 0, her.c: migration brings Zn2+ that
 *     HER does not consume)
 * Two-field electrolyte potential (MODEL.md 2b), quasi-static:
 *     div[ sigma(xi) (grad phi + kd grad ln c~) ] = n F cs dxi/dt - q_H,   kd = (2 t+ - 1)/(n f)
 *     sigma(xi) = sigma_l (1 - h(xi)) + sigma_floor
 * Single-field option (Chen/Hong): sigma(xi) = sigma_s h + sigma_l (1 - h) in both phases, the
 * collector held at the applied potential E; the diffusion potential is carried by the
 * electrolyte conductivity alone in both models.
 * Both become A u = f for mg_ops.c: face coefficients are the arithmetic mean of the two cells
 * (the harmonic mean would cut the interface off where D drops by 1e6). Boundaries: periodic
 * in x; no flux at the collector y = 0; c~ = 1 and phi = 0 on the reservoir face y = Ly, whose
 * data enter f through the half-cell ghost (factor 2). Both operators are symmetric positive
 * definite, which the CG solver needs.
 * With a separator (the far field, host/engine/separator.c) the salt at the face responds to
 * the flux J drawn through it over the step, c_face = a0 - (R/2) J (the column's backward-Euler
 * response); the face then acts as c_bulk = a0 behind the extra resistance R:
 *     J = 2 D_top (a0 - c~) / hy,   D_top = D hy / (hy + D R)
 * a Robin condition that keeps the operator symmetric and the column's salt balance exact.
 *
 * Positivity (binary salt). The step's growth takes salt explicitly; where it asks for more
 * than diffusion brings within the step (past Sand's time, or a large dt) c~ would turn
 * negative. The step is then solved again with the uptake of growing cells implicit in c~:
 * the reaction is cathodic in c~, so the growth scales with it, but never beyond the explicit
 * growth (the step's potential was chosen for that), and a cell without salt does not grow:
 *     (c~ - c~^n)/dt = div[ D grad c~ ] - s (cs/c0) [ rate+ min(c~/c~^n, 1) + rate- ]
 *     xi^{n+1} = xi^n + dt [ rate+ min(c~^{n+1}/c~^n, 1) + rate- ],   s = 1 - t+
 * rate+ = max(rate, 0), rate- = min(rate, 0); where c~^n <= 0 (the metal side of the diffuse
 * interface can hold such a bookkeeping salt) rate+ is dropped. The min is found by
 * iteration: cells whose last iterate is >= c~^n take the explicit uptake, the others the
 * implicit one (diagonal s (cs/c0) rate+/c~^n >= 0); the explicit set only grows, and the
 * iteration stops when no cell joins it. The implicit cells keep the operator an M-matrix with
 * the source c~^n/dt there; the update uses the same sets as the last solve, so Zn is
 * conserved exactly. Measured (tests/test_limiting_current.c): c~ >= 0 in the electrolyte at
 * every step at 3 i_lim, at the step control's dt and at t_s/4. (cation model: the explicit
 * migration may still drive c~ negative; the engine stops there.)
 */
#include "kernels.h"
#include "acidity.h"

#define ZN_BY_IDX(r, i, j, k) \
    ((size_t)(i) + (size_t)(r).nx * ((size_t)(j) + (size_t)((r).ny + 1) * (size_t)(k)))

/* c~^n at or below which a cell has no salt for growth to take (positivity) */
#define ZN_POS_FLOOR 1.0e-12

/* Whether cell c takes the implicit uptake in the positive solve set up with c_iter: a growing
 * cell with salt whose iterate is below its c~^n. */
static inline PX_HD int tr_positive_implicit(const double *rate, const double *c_old,
                                             const double *c_iter, size_t c)
{
    return rate[c] > 0.0 && c_old[c] > ZN_POS_FLOOR && c_iter[c] < c_old[c];
}

/* Smallest c~ whose logarithm the diffusion potential takes (c~ -> 0 at Sand's time). */
#define ZN_LNC_FLOOR 1.0e-8

/* The electrolyte's diffusivity and conductivity at salt c~ (zn_prop_ratio: the bulk values
 * without a property table), interpolated with the metal's by h(xi). */
static inline PX_HD double tr_diffusivity(const ZnModel *m, double xi, double c)
{
    double h = zn_h(xi);
    return m->D_s * h + m->D_l * zn_prop_ratio(m, 0, c) * (1.0 - h);
}

/* Conductivity that carries phi: the electrolyte's (two-field, with a floor in the metal) or
 * the mixture sigma_s h + sigma_l (1 - h) (single-field). */
static inline PX_HD double tr_conductivity(const ZnModel *m, double xi, double c)
{
    double h = zn_h(xi), sl = m->sigma_l * zn_prop_ratio(m, 1, c);
    if (m->potential == ZN_POT_SINGLE_FIELD) return m->sigma_s * h + sl * (1.0 - h);
    return sl * (1.0 - h) + m->sigma_floor;
}

/* Conductivity of the electrolyte alone: it carries the diffusion potential in both models
 * (c~ has no meaning inside the metal). */
static inline PX_HD double tr_electrolyte_conductivity(const ZnModel *m, double xi, double c)
{
    return m->sigma_l * zn_prop_ratio(m, 1, c) * (1.0 - zn_h(xi)) + m->sigma_floor;
}

/* Diffusivity of the acidity: its carriers (H+, OH-, ZnOH+) in the electrolyte, D_s in metal. */
static inline PX_HD double tr_acid_diffusivity(const ZnModel *m, double xi)
{
    double h = zn_h(xi);
    return m->D_s * h + m->her_D_T * (1.0 - h);
}

static inline PX_HD double tr_property(const ZnModel *m, int which, double xi, double c)
{
    return which == 0 ? tr_diffusivity(m, xi, c) : which == 1 ? tr_conductivity(m, xi, c) : tr_acid_diffusivity(m, xi);
}

/* What ZHS leaves open of a cell's electrolyte: (1 - psi)^1.5 (Bruggeman), 1 without it. */
static inline PX_HD double tr_open(const TrArgs *a, size_t q)
{
    if (!a->zhs) return 1.0;
    double o = 1.0 - a->zhs[q];
    return o * sqrt(o);
}

/* A cell's property (which as in tr_faces) with the ZHS it holds. */
static inline PX_HD double tr_cell_property(const TrArgs *a, int which, size_t q)
{
    return tr_property(&a->m, which, a->xi[q], a->c[q]) * tr_open(a, q);
}

/* The electrolyte conductivity of a cell with the ZHS it holds. */
static inline PX_HD double tr_cell_electrolyte_conductivity(const TrArgs *a, size_t q)
{
    return tr_electrolyte_conductivity(&a->m, a->xi[q], a->c[q]) * tr_open(a, q);
}

/* A top cell's coefficient d at the reservoir face behind the far field's resistance R (s/m):
 * the half cell and the column in series; R = 0: the face holds the reservoir value. */
static inline PX_HD double tr_behind(double d, double R, double hy)
{
    return R > 0.0 ? d * hy / (hy + d * R) : d;
}

/* The salt's coefficient at the reservoir face: D of the top cell, behind the far field; with a
 * property table at the reservoir's salt c_bulk, so that the flux the host sums after the solve
 * (tr_top_flux) meets the coefficient the solve used. */
static inline PX_HD double tr_top_diffusivity(const TrArgs *a, double xi)
{
    return tr_behind(tr_diffusivity(&a->m, xi, a->m.c_bulk), a->top_R, a->hy);
}

/* The acidity's at the reservoir face: D_T of top cell q (with its ZHS), behind the far field. */
static inline PX_HD double tr_acid_top_diffusivity(const TrArgs *a, size_t q)
{
    return tr_behind(tr_cell_property(a, 2, q), a->acid_top_R, a->hy);
}

/* Face coefficients of cell (i,j) from a cell property; which = 0: D, 1: sigma, 2: D_T. */
static inline PX_HD void tr_faces(PxRange r, const TrArgs *a, int which, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    int iw = zn_wrap(i - 1, r.nx);
    double pc = tr_cell_property(a, which, c);
    double pw = tr_cell_property(a, which, PX_IDX(r, iw, j, k));
    a->bx[c] = 0.5 * (pc + pw);
    if (j == 0) {
        a->by[ZN_BY_IDX(r, i, 0, k)] = 0.0;
    } else {
        double ps = tr_cell_property(a, which, PX_IDX(r, i, j - 1, k));
        a->by[ZN_BY_IDX(r, i, j, k)] = 0.5 * (pc + ps);
    }
    if (j == r.ny - 1)
        a->by[ZN_BY_IDX(r, i, r.ny, k)] = which == 0 ? tr_top_diffusivity(a, a->xi[c])
                                         : which == 2 ? tr_acid_top_diffusivity(a, c) : pc;
}

/* div[ D n f c~ grad phi ] at cell (i,j) from the previous step's c~ and phi (cation model);
 * no flux through the collector, c~ = c_bulk and phi = 0 on the reservoir face. */
static inline PX_HD double tr_migration(PxRange r, const TrArgs *a, int i, int j, int k)
{
    const ZnModel *m = &a->m;
    size_t c = PX_IDX(r, i, j, k);
    double nf = m->n * m->f, dc = tr_diffusivity(m, a->xi[c], a->c[c]), cc = a->c[c], pc = a->phi[c];
    double div = 0.0;
    if (r.nx > 1) {
        int ie = zn_wrap(i + 1, r.nx), iw = zn_wrap(i - 1, r.nx);
        size_t e = PX_IDX(r, ie, j, k), w = PX_IDX(r, iw, j, k);
        double fe = 0.5 * (dc + tr_diffusivity(m, a->xi[e], a->c[e])) * 0.5 * (cc + a->c[e]) * (a->phi[e] - pc);
        double fw = 0.5 * (dc + tr_diffusivity(m, a->xi[w], a->c[w])) * 0.5 * (cc + a->c[w]) * (pc - a->phi[w]);
        div += (fe - fw) / (a->hx * a->hx);
    }
    double fn, fs = 0.0;
    if (j == r.ny - 1) {
        fn = dc * m->c_bulk * (0.0 - pc) / (0.5 * a->hy);
    } else {
        size_t n = PX_IDX(r, i, j + 1, k);
        fn = 0.5 * (dc + tr_diffusivity(m, a->xi[n], a->c[n])) * 0.5 * (cc + a->c[n]) * (a->phi[n] - pc) / a->hy;
    }
    if (j > 0) {
        size_t s = PX_IDX(r, i, j - 1, k);
        fs = 0.5 * (dc + tr_diffusivity(m, a->xi[s], a->c[s])) * 0.5 * (cc + a->c[s]) * (pc - a->phi[s]) / a->hy;
    }
    div += (fn - fs) / a->hy;
    return nf * div;
}

/* Concentration: a = 1/dt, f = c~^n/dt - g rate (g: zn_salt_per_growth) (+ migration) + reservoir term. */
static inline PX_HD void tr_conc_setup_cell(PxRange r, TrArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    tr_faces(r, &a, 0, i, j, k);
    a.a[c] = a.inv_dt;
    int cation = a.m.transport == ZN_TRANSPORT_CATION;
    double g = zn_salt_per_growth(&a.m);
    double f = a.c[c] * a.inv_dt - g * a.rate[c];
    if (a.positive && a.rate[c] > 0.0 && !(a.c[c] > ZN_POS_FLOOR)) {
        f += g * a.rate[c]; /* no salt: no growth, no uptake */
    } else if (a.positive && tr_positive_implicit(a.rate, a.c, a.c_iter, c)) {
        a.a[c] += g * a.rate[c] / a.c[c]; /* growth's uptake implicit */
        f += g * a.rate[c];
    }
    if (cation) f += tr_migration(r, &a, i, j, k);
    /* HER consumes no Zn2+, yet migration brings t+ of its current to the surface: the salt
     * grows there by t+ |q_H| / (n F) (the mirror of the (1 - t+) share of deposition) */
    if (a.her && !cation) f += a.m.t_plus * (-a.her[c]) / (a.m.n * a.m.F * a.m.c0);
    if (j == r.ny - 1) f += 2.0 * tr_top_diffusivity(&a, a.xi[c]) / (a.hy * a.hy) * a.m.c_bulk;
    a.f[c] = f;
}
PX_FOR_EACH_CELL(tr_conc_setup, tr_conc_setup_cell, TrArgs)


/* The growth of the positive step: xi^{n+1} = xi^n + dt [rate+ c~^{n+1}/c~^n + rate-] on the
 * implicit cells (the others keep their explicit growth). */
static inline PX_HD void tr_positive_update_cell(PxRange r, TrPositiveArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    if (a.rate[c] > 0.0 && !(a.c_old[c] > ZN_POS_FLOOR)) { /* no salt: no growth */
        a.xi[c] -= a.dt * a.rate[c];
        a.rate[c] = 0.0;
        return;
    }
    if (!tr_positive_implicit(a.rate, a.c_old, a.c_iter, c)) return;
    double rate = a.rate[c];
    double kept = rate * (a.c[c] / a.c_old[c]);
    a.xi[c] -= a.dt * (rate - kept);
    a.rate[c] = kept;
}
PX_FOR_EACH_CELL(tr_positive_update, tr_positive_update_cell, TrPositiveArgs)

/* Cells the last solve treated as implicit whose new c~ is >= c~^n: they join the explicit set
 * and the solve is repeated (0: the set is final). */
static inline PX_HD double tr_positive_changes_cell(PxRange r, TrPositiveArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    return tr_positive_implicit(a.rate, a.c_old, a.c_iter, c) && a.c[c] >= a.c_old[c] ? 1.0 : 0.0;
}
PX_SUM_OVER_CELLS(tr_positive_changes, tr_positive_changes_cell, TrPositiveArgs)

/* The salt flux into the domain through the reservoir face, J = 2 D_top (c_bulk - c~)/hy per
 * top cell (c~ m/s); the host sums it over the face and hands it to the far field. */
static inline PX_HD double tr_top_flux_cell(PxRange r, TrArgs a, int i, int j, int k)
{
    if (j != r.ny - 1) return 0.0;
    size_t c = PX_IDX(r, i, j, k);
    return 2.0 * tr_top_diffusivity(&a, a.xi[c]) * (a.m.c_bulk - a.c[c]) / a.hy;
}
PX_SUM_OVER_CELLS(tr_top_flux, tr_top_flux_cell, TrArgs)

/* The acidity's flux into the domain through the reservoir face, 2 D_top (T_b - T)/hy per top
 * cell (mol/(m^2 s)), for the separator's acidity column. */
static inline PX_HD double tr_acid_top_flux_cell(PxRange r, TrArgs a, int i, int j, int k)
{
    if (j != r.ny - 1) return 0.0;
    size_t c = PX_IDX(r, i, j, k);
    return 2.0 * tr_acid_top_diffusivity(&a, c) * (a.m.her_T_b - a.acid[c]) / a.hy;
}
PX_SUM_OVER_CELLS(tr_acid_top_flux, tr_acid_top_flux_cell, TrArgs)

static inline PX_HD double tr_lnc(double c)
{
    return log(c > ZN_LNC_FLOOR ? c : ZN_LNC_FLOOR);
}

/* Potential: a = 0, f = -n F cs rate + div(sigma_e kd grad ln c~); the reservoir holds c_bulk and
 * phi = 0; in the single-field model the collector face y = 0 is held at E (Dirichlet). */
static inline PX_HD void tr_pot_setup_cell(PxRange r, TrArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    tr_faces(r, &a, 1, i, j, k);
    a.a[c] = 0.0;
    /* the diffusion potential belongs to the binary salt only */
    double kd = a.m.transport == ZN_TRANSPORT_CATION ? 0.0 : (2.0 * a.m.t_plus - 1.0) / (a.m.n * a.m.f);
    double l0 = tr_lnc(a.c[c]);
    double sc = tr_cell_electrolyte_conductivity(&a, c);
    double div = 0.0;
    if (r.nx > 1) {
        int ie = zn_wrap(i + 1, r.nx), iw = zn_wrap(i - 1, r.nx);
        size_t e = PX_IDX(r, ie, j, k), w = PX_IDX(r, iw, j, k);
        double se = 0.5 * (sc + tr_cell_electrolyte_conductivity(&a, e));
        double sw = 0.5 * (sc + tr_cell_electrolyte_conductivity(&a, w));
        div += (se * (tr_lnc(a.c[e]) - l0) - sw * (l0 - tr_lnc(a.c[w]))) / (a.hx * a.hx);
    }
    double flux_n, flux_s = 0.0; /* sigma_e * d(ln c)/dy on the north and south faces */
    if (j == r.ny - 1) {
        flux_n = sc * (tr_lnc(a.m.c_bulk) - l0) / (0.5 * a.hy);
    } else {
        size_t n = PX_IDX(r, i, j + 1, k);
        flux_n = 0.5 * (sc + tr_cell_electrolyte_conductivity(&a, n)) * (tr_lnc(a.c[n]) - l0) / a.hy;
    }
    if (j > 0) {
        size_t s = PX_IDX(r, i, j - 1, k);
        flux_s = 0.5 * (sc + tr_cell_electrolyte_conductivity(&a, s)) * (l0 - tr_lnc(a.c[s])) / a.hy;
    }
    div += (flux_n - flux_s) / a.hy;
    double f = -a.m.n * a.m.F * a.m.cs * a.rate[c] + kd * div;
    if (a.dsrc) {
        double s = a.m.n * a.m.F * a.m.cs * a.dsrc[c];
        a.a[c] = s;
        f += s * a.phi[c];
    }
    /* HER is a charge source like the Zn reaction: div(sigma grad phi) = n F cs rate - q_H */
    if (a.her) f += a.her[c];
    if (a.m.potential == ZN_POT_SINGLE_FIELD && j == 0) {
        double b0 = tr_conductivity(&a.m, a.xi[c], a.c[c]);
        a.by[ZN_BY_IDX(r, i, 0, k)] = b0; /* the collector face becomes Dirichlet at E */
        f += 2.0 * b0 * a.E / (a.hy * a.hy);
    }
    a.f[c] = f;
}
PX_FOR_EACH_CELL(tr_pot_setup, tr_pot_setup_cell, TrArgs)

/* The attached metal's part of the linearization, d = n F cs R' on the cells whose reaction
 * runs at E (owner 0; floating bodies answer their own potentials). Under current control a
 * shift of phi common to that metal is taken up by E, so the potential solve removes the
 * R'-weighted mean from the slope's action (a rank-one update of the operator, host/engine/
 * potential_solve.c). Writes d to a.f; v[0] = sum d, v[1] = sum d phi (v[2] = 0). */
static inline PX_HD PxSum3 tr_pot_common_mode_cell(PxRange r, TrArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    int attached = !a.dead || a.dead[c] == 0.0;
    double d = attached ? a.m.n * a.m.F * a.m.cs * a.dsrc[c] : 0.0;
    a.f[c] = d;
    PxSum3 s = {{d, d * a.phi[c], 0.0}};
    return s;
}
PX_SUM3_OVER_CELLS(tr_pot_common_mode, tr_pot_common_mode_cell, TrArgs)

/* D(xi) (n f |grad phi|)^2, 1/s: the explicit migration of the cation model is stable for
 * dt < 2 / max of this (central differences, phi of the step just solved). */
static inline PX_HD double tr_max_drift_rate_cell(PxRange r, TrArgs a, int i, int j, int k)
{
    int ie = zn_wrap(i + 1, r.nx), iw = zn_wrap(i - 1, r.nx);
    double pn = j == r.ny - 1 ? -a.phi[PX_IDX(r, i, j, k)] : a.phi[PX_IDX(r, i, j + 1, k)];
    double ps = j == 0 ? a.phi[PX_IDX(r, i, j, k)] : a.phi[PX_IDX(r, i, j - 1, k)];
    double gx = (a.phi[PX_IDX(r, ie, j, k)] - a.phi[PX_IDX(r, iw, j, k)]) / (2.0 * a.hx);
    double gy = (pn - ps) / (2.0 * a.hy);
    double nf = a.m.n * a.m.f;
    size_t c = PX_IDX(r, i, j, k);
    return tr_diffusivity(&a.m, a.xi[c], a.c[c]) * nf * nf * (gx * gx + gy * gy);
}
PX_MAX_OVER_CELLS(tr_max_drift_rate, tr_max_drift_rate_cell, TrArgs)

/* Acidity (docs/model.md, "Side reactions"), backward Euler, the HER's proton term implicit
 * (it is stiff: explicit, it would need dt ~ 1e-11 s at the proton limiting current). One
 * Newton step about the iterate T^k:
 *     (T - T^n)/dt = div[ D_T(xi) grad T ] + (q_W + q_P(T^k) + s (T - T^k)) / F,
 *     s = dq_P/dT (T^k) = q_P (dh/dT) / h <= 0
 * so a = 1/dt - s/F >= 1/dt keeps the operator symmetric positive definite. The host repeats
 * it until the hydrogen current stops changing (h(T) is convex and increasing: the iteration
 * converges and q_P, evaluated at the result by her_acid_update, stays <= 0). T = T_b on the
 * reservoir face (ghost, factor 2), or with a separator the column's Robin response (T_b is
 * then the column's a0 and acid_top_R its resistance, as for the salt); no flux at the
 * collector (its HER is a source in the bottom row, her.c). */
static inline PX_HD void tr_acid_setup_cell(PxRange r, TrArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    tr_faces(r, &a, 2, i, j, k);
    HerLocal l = zn_her_local(r, &a.m, a.xi, a.phi, a.dead, a.acid, a.c, a.zhs, a.hx, a.hy, i, j, k);
    double T = a.acid[c], q = 0.0, s = 0.0; /* T^k */
    double E;
    if (zn_owner_potential(l.owner, a.E, a.idle, a.float_E, a.nfloat, &E)) {
        double ex = exp(zn_clamp(-a.m.her_alpha * a.m.f * E, a.m.exp_clamp));
        double qp = -l.pre_p * ex;
        s = qp * zn_acid_dh(&a.m, T, a.c[c]) / zn_acid_h(&a.m, T, a.c[c]);
        q = qp - l.pre_w * ex;
    }
    a.a[c] = a.inv_dt - s / a.m.F;
    double f = a.acid_old[c] * a.inv_dt + (q - s * T) / a.m.F;
    if (j == r.ny - 1) f += 2.0 * tr_acid_top_diffusivity(&a, c) / (a.hy * a.hy) * a.m.her_T_b;
    a.f[c] = f;
}
PX_FOR_EACH_CELL(tr_acid_setup, tr_acid_setup_cell, TrArgs)
