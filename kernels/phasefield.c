/* phasefield.c - one semi-implicit step of the phase field xi (1 = Zn, 0 = electrolyte).
 *
 * Equation (MODEL.md 2, 2c), eta = E - phi (two-field) or eta = phi (single-field):
 *   d xi/dt = L_sigma [ kappa0 lap xi - C(xi) - g'(xi) ]
 *             - L_eta(theta) a h'(xi) [ exp((1-alpha) n f eta_eff) - c~ exp(-alpha n f eta_eff) ]
 * with the capillary correction C chosen by the capillarity mode:
 *   profile-preserving: C = kappa0 |grad xi| div(grad xi/|grad xi|) = kappa0 d2xi/dt2 (the
 *       tangential second derivative), so that only d2xi/dn2 relaxes the tanh profile and the
 *       curvature returns as the Gibbs-Thomson shift eta_eff = eta + gamma V_m K/(n F);
 *   chen: kappa0 lap xi - C is the full Kobayashi operator div(eps^2 grad xi)
 *       - d/dx(eps eps' d xi/dy) + d/dy(eps eps' d xi/dx), eps = eps0 (1 + d2 cos2 + d6 cos6).
 * theta is the direction of -grad xi (the normal into the electrolyte), measured from +x.
 *
 * Time scheme (IMEX Euler with linear stabilisation S):
 *   (1/dt + S + L_kimp (-lap)) xi^{n+1} = (1/dt + S) xi^n + N(xi^n)
 * N holds everything but L_kimp lap; the left side is diagonal in Fourier space once xi is
 * extended evenly across y = 0 and y = Ly (cell-centred mirror = zero gradient on both faces),
 * so the solve is one real-to-complex FFT of an nx by 2ny field, one division, one inverse.
 * The eigenvalues are those of the 5-point Laplacian, so the implicit and explicit parts
 * cancel exactly along the interface in the profile-preserving mode.
 * Stability: unconditional for the implicit part; the explicit g' needs
 * dt (L_sigma max|g''| - S) < 2, which the host guarantees (S and the dt bound).
 *
 * Second-order step (numerics.time_scheme: sbdf2; variable-step SBDF2, w = dt/dt_prev):
 *   ((1+2w)/(1+w) xi^{n+1} - (1+w) xi^n + w^2/(1+w) xi^{n-1}) / dt + S (xi^{n+1} - xi^n)
 *       = L_kimp lap xi^{n+1} + (1+w) N^n - w N^{n-1}
 * With xi^{n-1} = xi^n - dt_prev rate_prev (the rate field still holds the last step's), no
 * second copy of xi is kept:
 *   (lead + S + L_kimp (-lap)) xi^{n+1} = (lead + S) xi^n + (1+w) (N^n + X),
 *   lead = (1+2w)/((1+w) dt),   X = w/(1+w) (rate_prev/(1+w) - N^{n-1}),
 * so the metal balances (the k = 0 mode) keep their Euler form with (lead + S)/(1+w) for
 * 1/dt + S and the relaxation sum plus X for G. w = 0 is the Euler step. The stabilisation
 * stays first order; it is zero unless dt L_sigma W > 1/1.2 or a wetting wall is stiff.
 *
 * Stencil: 9 points (the mixed derivative); x periodic, mirror in y.
 *
 * Wetting (MODEL.md 7d): the collector carries Cahn's wall energy f_w = -gamma cos(theta_w)
 * h_w(xi) per area. Its variational derivative makes the gradient flux through the collector
 * face kappa d xi/dy = f_w'(xi) = -gamma cos(theta_w) h_w'(xi) instead of 0, which sets the
 * angle at which the xi = 1/2 line meets the wall (Young's law). The face flux is taken at the
 * wall cell's xi and enters explicitly; the implicit Laplacian keeps its mirror, so the
 * correction is the difference (the host widens the stabilisation S for its stiffness). The
 * stencil's values below the wall row are ghosts with that slope: in the profile-preserving
 * mode, where capillarity acts through the curvature in the Gibbs-Thomson shift, the curvature
 * of the wall row is what carries the angle to the shape.
 */
#include "kernels.h"

typedef struct PfLocal {
    double relax; /* N without the reaction, 1/s */
    double lap;   /* the Laplacian the implicit part applies, 1/m^2 */
    double pre;   /* L_eta(theta) a h'(xi), 1/s */
    double owner; /* whose metal potential drives the reaction: 0 attached, b dead body */
    double eta0;  /* the overpotential less E: -phi (two-field) or phi (single-field), plus the
                   * Gibbs-Thomson shift, V */
} PfLocal;

/* X of the second-order step at cell c (0 for the Euler step). */
static inline PX_HD double pf_history(const PfArgs *a, size_t c)
{
    if (!a->hist || a->w == 0.0) return 0.0;
    return a->w / (1.0 + a->w) * (a->rate_prev[c] / (1.0 + a->w) - a->hist[c]);
}

/* Gradient-energy flux of the chen mode through one face, given the face gradient. */
static inline PX_HD void pf_kobayashi_flux(const ZnModel *m, double tf, double gx, double gy,
                                           double *fx, double *fy)
{
    double th = (gx == 0.0 && gy == 0.0) ? 0.0 : atan2(-gy, -gx);
    double e0 = sqrt(m->kappa0);
    double eps = e0 * zn_aniso(th, tf, m->d2, m->d6);
    double epsp = e0 * zn_aniso_d(th, tf, m->d2, m->d6);
    *fx = eps * eps * gx - eps * epsp * gy;
    *fy = eps * eps * gy + eps * epsp * gx;
}

static inline PX_HD void pf_local(PxRange r, const PfArgs *a, int i, int j, int k, PfLocal *out)
{
    const ZnModel *m = &a->m;
    int ie = zn_wrap(i + 1, r.nx), iw = zn_wrap(i - 1, r.nx);
    int jn = zn_mirror(j + 1, r.ny), js = zn_mirror(j - 1, r.ny);
    const double *x = a->xi;
    double xc = x[PX_IDX(r, i, j, k)];
    double xe = x[PX_IDX(r, ie, j, k)], xw = x[PX_IDX(r, iw, j, k)];
    double xn = x[PX_IDX(r, i, jn, k)], xs = x[PX_IDX(r, i, js, k)];
    double xne = x[PX_IDX(r, ie, jn, k)], xnw = x[PX_IDX(r, iw, jn, k)];
    double xse = x[PX_IDX(r, ie, js, k)], xsw = x[PX_IDX(r, iw, js, k)];
    double xs_mirror = xs; /* the implicit Laplacian's own neighbour */
    if (j == 0 && m->wet_gcos != 0.0) {
        /* below the collector: ghosts that give the wall's slope, kappa0 d xi/dy =
         * -gamma cos h_w'(xi), instead of the mirror, so that gradients and curvature in
         * the wall row see the contact angle */
        double s = a->hy * m->wet_gcos / m->kappa0;
        xs = xc + s * zn_wall_hprime(xc);
        xse = xe + s * zn_wall_hprime(xe);
        xsw = xw + s * zn_wall_hprime(xw);
    }
    double ihx2 = 1.0 / (a->hx * a->hx), ihy2 = 1.0 / (a->hy * a->hy);
    /* the crystal this cell belongs to sets the anisotropy and the activity (grains.c) */
    int gid = a->grain ? a->grain[PX_IDX(r, i, j, k)] : -1;
    double tf = gid >= 0 ? a->grain_tf[gid] : m->theta_f;
    double gact = gid >= 0 ? a->grain_act[gid] : 1.0;

    double gx = (xe - xw) / (2.0 * a->hx), gy = (xn - xs) / (2.0 * a->hy);
    double g2 = gx * gx + gy * gy;
    double xx = (xe - 2.0 * xc + xw) * ihx2, yy = (xn - 2.0 * xc + xs) * ihy2;
    double xy = (xne - xnw - xse + xsw) / (4.0 * a->hx * a->hy);
    /* the Laplacian the implicit part applies (mirror at the wall), which chen's explicit part
     * takes back out */
    double lap = xx + (xn - 2.0 * xc + xs_mirror) * ihy2;
    /* d2xi/dt2 along the level line; weighted to 0 where the normal is noise */
    double e2 = m->grad_eps * m->grad_eps;
    double dtt = (g2 > 0.0) ? (xx * gy * gy - 2.0 * xy * gx * gy + yy * gx * gx) / g2 : 0.0;
    double w = g2 / (g2 + e2);
    double curv = -dtt * sqrt(g2) / (g2 + e2); /* K = div n, n = -grad xi/|grad xi| */

    double relax;
    if (m->capillarity == ZN_CAP_CHEN) {
        double fe_x, fe_y, fw_x, fw_y, fn_x, fn_y, fs_x, fs_y, d;
        pf_kobayashi_flux(m, tf, (xe - xc) / a->hx, ((xn - xs) + (xne - xse)) / (4.0 * a->hy),
                          &fe_x, &d);
        pf_kobayashi_flux(m, tf, (xc - xw) / a->hx, ((xn - xs) + (xnw - xsw)) / (4.0 * a->hy),
                          &fw_x, &d);
        pf_kobayashi_flux(m, tf, ((xe - xw) + (xne - xnw)) / (4.0 * a->hx), (xn - xc) / a->hy,
                          &d, &fn_y);
        pf_kobayashi_flux(m, tf, ((xe - xw) + (xse - xsw)) / (4.0 * a->hx), (xc - xs) / a->hy,
                          &d, &fs_y);
        (void)fe_y; (void)fw_y; (void)fn_x; (void)fs_x;
        if (j == r.ny - 1) fn_y = 0.0; /* zero flux through the reservoir face */
        if (j == 0) fs_y = -m->wet_gcos * zn_wall_hprime(xc); /* the collector's wall energy */
        double div = (fe_x - fw_x) / a->hx + (fn_y - fs_y) / a->hy;
        relax = m->L_sigma * (div - zn_gprime(xc, m->W)) - a->L_kimp * lap;
        curv = 0.0; /* capillarity already acts through the Allen-Cahn term */
    } else {
        relax = m->L_sigma * (-m->kappa0 * w * dtt - zn_gprime(xc, m->W));
        /* the wall flux -gamma cos h_w' through the collector face, against the mirror the
         * implicit Laplacian assumes there */
        if (j == 0) relax += m->L_sigma * m->wet_gcos * zn_wall_hprime(xc) / a->hy;
    }

    /* the kinetic anisotropy at the normal's angle theta (from -grad xi): cos(theta - theta_f)
     * from the normal's direction cosines and the grain's cos and sin theta_f (w = 0 where
     * the gradient vanishes: an = 1) */
    double an = 1.0;
    if (g2 > 0.0) {
        double ig = 1.0 / sqrt(g2);
        double ctf = gid >= 0 ? a->grain_cos[gid] : m->cos_theta_f;
        double stf = gid >= 0 ? a->grain_sin[gid] : m->sin_theta_f;
        an = 1.0 + w * (zn_aniso_cos((-gx * ctf - gy * stf) * ig, m->k2, m->k6) - 1.0);
    }
    out->relax = relax;
    out->lap = lap;
    out->owner = a->dead ? a->dead[PX_IDX(r, i, j, k)] : 0.0;
    out->pre = m->L_eta0 * an * m->activity * gact * zn_hprime(xc);
    if (a->zhs) out->pre *= 1.0 - a->zhs[PX_IDX(r, i, j, k)]; /* ZHS covers its share */
    double phi = a->phi[PX_IDX(r, i, j, k)];
    out->eta0 = (m->potential == ZN_POT_SINGLE_FIELD ? phi : -phi) +
                m->gt_gamma * curv / (m->n * m->F * m->cs);
}

/* What the metal potential of a current-controlled step needs, from one evaluation of pf_local
 * per cell: v[0] = the relaxation's sum over the cells whose metal that potential must
 * balance, v[1] = sum of pre exp((1-alpha) n f eta0) and v[2] = sum of pre c~ exp(-alpha n f
 * eta0) over the cells of owner a.select; the anodic and cathodic rates are v[1] exp((1-alpha)
 * n f E) and v[2] exp(-alpha n f E). Without floating dead bodies v[0] sums the explicit
 * relaxation over every cell (the implicit Laplacian sums to zero over the grid). With them
 * each floating body b balances its own cells (deadzn.c) and the attached metal (a.select = 0)
 * the rest; over a part of the grid the implicit Laplacian does not cancel, so there v[0]
 * sums the whole relaxation, relax + L_kimp lap xi. */
static inline PX_HD PxSum3 pf_sums_cell(PxRange r, PfArgs a, int i, int j, int k)
{
    PfLocal l;
    pf_local(r, &a, i, j, k, &l);
    size_t c = PX_IDX(r, i, j, k);
    double E, g = l.relax + pf_history(&a, c);
    if (a.nfloat > 0 || a.select != 0.0) {
        int floating = l.owner != 0.0 && zn_owner_potential(l.owner, 0.0, 0, a.float_E, a.nfloat, &E);
        int mine = a.select == 0.0 ? !floating : l.owner == a.select;
        g = mine ? g + a.L_kimp * l.lap / (1.0 + a.w) : 0.0;
    }
    PxSum3 s = {{g, 0.0, 0.0}};
    if (l.pre == 0.0 || l.owner != a.select) return s;
    double cc = a.c[c];
    double nf = a.m.n * a.m.f;
    s.v[1] = l.pre * exp(zn_clamp((1.0 - a.m.alpha) * nf * l.eta0, a.m.exp_clamp));
    s.v[2] = l.pre * (cc > 0.0 ? cc : 0.0) * exp(zn_clamp(-a.m.alpha * nf * l.eta0, a.m.exp_clamp));
    return s;
}
PX_SUM3_OVER_CELLS(pf_sums, pf_sums_cell, PfArgs)

/* The salt the cathodic rate sees when it is implicit in the cell's own uptake (a.salt_cap >
 * 0): with K = pre exp(-alpha n f eta) the rate per unit c~ and g = (1 - t+) cs/c0 the salt a
 * unit of growth takes,
 *     c~^{n+1} = c~^n - dt g K c~^{n+1}   =>   c~^{n+1} = c~^n / (1 + dt g K),
 * so the growth a step asks of a cell never exceeds the salt it holds, however low E is. The
 * factor 1/(1 + dt g K) is returned (1 without the cap). */
static inline PX_HD double pf_salt_factor(const PfArgs *a, const PfLocal *l, double eta)
{
    if (!(a->salt_cap > 0.0)) return 1.0;
    double K = l->pre * exp(zn_clamp(-a->m.alpha * a->m.n * a->m.f * eta, a->m.exp_clamp));
    return 1.0 / (1.0 + a->salt_cap * K);
}

/* The reaction term of d xi/dt at metal potential a.E (positive when plating). */
static inline PX_HD double pf_reaction(const PfArgs *a, const PfLocal *l, double c)
{
    if (l->pre == 0.0) return 0.0;
    /* dead Zn: no electronic path; it reacts only if it floats, at its own potential */
    double E;
    if (!zn_owner_potential(l->owner, a->E, a->idle, a->float_E, a->nfloat, &E)) return 0.0;
    double eta = l->eta0 + (a->m.potential == ZN_POT_SINGLE_FIELD ? 0.0 : E);
    return -l->pre * zn_bv_bracket(&a->m, eta, c * pf_salt_factor(a, l, eta));
}

/* d reaction / d phi at fixed E (two-field: eta = E - phi + shift, so + pre bracket'); with
 * the salt cap d/d eta [K c~/(1 + dt g K)] = c~ K' / (1 + dt g K)^2. */
static inline PX_HD double pf_reaction_slope(const PfArgs *a, const PfLocal *l, double c)
{
    if (l->pre == 0.0 || a->m.potential == ZN_POT_SINGLE_FIELD) return 0.0;
    double E;
    if (!zn_owner_potential(l->owner, a->E, a->idle, a->float_E, a->nfloat, &E)) return 0.0;
    double s = pf_salt_factor(a, l, l->eta0 + E);
    return l->pre * zn_bv_bracket_slope(&a->m, l->eta0 + E, c * s * s);
}

/* The reaction term summed over the cells of owner a.select (0: attached metal). */
static inline PX_HD double pf_sum_reaction_cell(PxRange r, PfArgs a, int i, int j, int k)
{
    PfLocal l;
    pf_local(r, &a, i, j, k, &l);
    if (l.owner != a.select) return 0.0;
    return pf_reaction(&a, &l, a.c[PX_IDX(r, i, j, k)]);
}
PX_SUM_OVER_CELLS(pf_sum_reaction, pf_sum_reaction_cell, PfArgs)

/* ext(i,j) = ext(i, 2ny-1-j) = (1/dt + S) xi + N, or with the second-order step
 * (lead + S) xi + (1+w) N + w (rate_prev/(1+w) - N^{n-1}), keeping N for the next step
 * (range: the nx by ny cells). */
static inline PX_HD void pf_build_rhs_cell(PxRange r, PfArgs a, int i, int j, int k)
{
    PfLocal l;
    pf_local(r, &a, i, j, k, &l);
    size_t c = PX_IDX(r, i, j, k);
    double v;
    if (a.hist) {
        double N = l.relax + pf_reaction(&a, &l, a.c[c]);
        v = (a.lead + a.stab) * a.xi[c] + (1.0 + a.w) * (N + pf_history(&a, c));
        a.hist[c] = N;
    } else {
        v = (a.inv_dt + a.stab) * a.xi[c] + l.relax + pf_reaction(&a, &l, a.c[c]);
    }
    if (a.dsrc) a.dsrc[c] = a.rate_gain * pf_reaction_slope(&a, &l, a.c[c]);
    PxRange e = r;
    e.ny = 2 * r.ny;
    a.ext[PX_IDX(e, i, j, k)] = v;
    a.ext[PX_IDX(e, i, 2 * r.ny - 1 - j, k)] = v;
}
PX_FOR_EACH_CELL(pf_build_rhs, pf_build_rhs_cell, PfArgs)

/* Fourier coefficient /= (1/dt + S + L_kimp lambda), lambda = 5-point Laplacian symbol
 * 4 sin^2(pi p/nx)/hx^2 + 4 sin^2(pi q/ny2)/hy^2, tabulated in a.lam (range: (nx/2+1) by 2ny
 * modes). Also applies the FFT normalisation. */
static inline PX_HD void pf_spectral_solve_cell(PxRange r, PfSpecArgs a, int p, int q, int k)
{
    double lam = a.lam[p] + a.lam[a.nx / 2 + 1 + q];
    double s = a.norm / (a.diag + a.L_kimp * lam);
    size_t c = PX_IDX(r, p, q, k);
    a.spec[2 * c] *= s;
    a.spec[2 * c + 1] *= s;
}
PX_FOR_EACH_CELL(pf_spectral_solve, pf_spectral_solve_cell, PfSpecArgs)

/* xi^{n+1} from the lower half of the extended field; rate = (xi^{n+1} - xi^n)/dt. */
static inline PX_HD void pf_extract_cell(PxRange r, PfExtractArgs a, int i, int j, int k)
{
    PxRange e = r;
    e.ny = 2 * r.ny;
    size_t c = PX_IDX(r, i, j, k);
    double v = a.ext[PX_IDX(e, i, j, k)];
    a.rate[c] = (v - a.xi[c]) * a.inv_dt;
    a.xi[c] = v;
}
PX_FOR_EACH_CELL(pf_extract, pf_extract_cell, PfExtractArgs)
