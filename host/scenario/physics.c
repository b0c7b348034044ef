/* physics.c - defaults, validation and derived constants of the Zn model (docs/model.md). */
#include "physics.h"
#include "scenario.h"
#include "acidity.h"

#include <math.h>
#include <string.h>
#include <stdio.h>

void phys_defaults(ZnPhys *p)
{
    /* grouped by what they describe; docs/model.md ("Parameters") gives each source */
    static const ZnPhys d = {
        .grid = {.nx = 128, .ny = 128, .dx = 0.1e-6},
        /* Zn in 2 M ZnSO4 at 298.15 K; c_s = 7.14 g/cm^3 / 65.38 g/mol */
        .T = 298.15, .n = 2.0, .c0 = 2000.0, .c_bulk = 1.0, .cs = 1.092e5,
        .D_l = 3.7e-10, .D_s = 1.0e-16, .t_plus = 0.4, .sigma_l = 4.64,
        /* capping sigma_s at 1e3-1e4 sigma_l is acceptable (the metal is equipotential) */
        .sigma_floor_ratio = 1.0e-4, .sigma_s = 1.69e7, .sigma_s_cap = 1.0e3,
        .potential = ZN_POT_TWO_FIELD,
        .i0 = 10.0 /* 1 mA/cm^2 */, .alpha = 0.5, .activity = 1.0,
        .gamma = 0.5, .delta = 0.4e-6, .k2 = 0.6, .k6 = 0.02, .d2 = 0.1, .d6 = 0.01,
        .texture = ZN_TEX_002, .tilt_deg = 0.0, .capillarity = ZN_CAP_PROFILE, .wet_deg = 90.0,
        .gt_gamma = 0.5, .L_sigma = 0.0, .relax_ratio = 20.0, .i_ref = 100.0 /* 10 mA/cm^2 */,
        .dt_init = 1.0e-3, .dt_min = 1.0e-9, .dt_max = 10.0,
        .dxi_max = 0.05, .relax_dt = 0.05, .solver_tol = 1.0e-11,
        /* a solve's error 1e-6 of the change its step makes: far below the step's own time
         * error (our choice, measured in docs/numerics.md) */
        .solver_change_tol = 1.0e-6,
        /* second order in dt, the potential linearized with its rank-one part: docs/numerics.md
         * (our choice, measured there) */
        .time_scheme = ZN_SCHEME_SBDF2, .pot_coupling = ZN_COUPLING_LINEARIZED,
        /* HER (off unless a her: section is given). E_H0: 0.762 V - (RT/2F) ln a(Zn2+) with
         * the ideal a = 2 of 2 M (the measured activity coefficient would give ~0.79 V; the
         * exchange currents absorb the difference). pH_b 4.3: hydrolysis of 2 M ZnSO4.
         * Exchange currents: our order-of-magnitude choice, NOT yet calibrated to a measured
         * H2 rate: they give a flat Zn foil at rest a corrosion current of about 1 uA/cm^2
         * (i0 sum 6e-7 A/m^2 times exp(alpha f E_Hb) = 1.6e4, i.e. ~1 mg/cm^2 of Zn in 5
         * weeks); Cu 1e3 times faster than Zn, so bare Cu evolves ~1 mA/cm^2 at the Zn
         * potential. */
        .her_E_H0 = 0.753, .her_pH_b = 4.3, .her_alpha = 0.5,
        .her_i0H_zn = 3.0e-7, .her_i0W_zn = 3.0e-7, .her_i0H_cu = 3.0e-4, .her_i0W_cu = 3.0e-4,
        /* acidity: D_T about 5e-9 m^2/s (between H+ 9.3e-9 and OH- 5.3e-9 in water: the
         * carriers of T); pKa 8.96 of the first hydrolysis of Zn2+ (it gives pH 4.3 for 2 M at
         * T = 0) */
        .her_acidity = 1, .her_D_T = 5.0e-9, .her_pKa = 8.96,
        .her_buf_c = 0.0, .her_buf_pKa = 5.5, .her_zhs = 0, .her_pH_zhs = 5.5, .her_k_zhs = 1e3, .her_Vm_zhs = 2.04e-4, .her_zhs_max = 0.9,
    };
    *p = d;
}

void phys_step_bounds(ZnPhys *p)
{
    /* Euler: the bounds the validation was done at (docs/numerics.md). sbdf2: relax_dt 0.2 puts
     * the flat front's time error at 0.09 %; dxi_max 0.0125 keeps the facet shares within 0.001
     * of the converged ones (docs/validation.md, section 3). */
    int second = p->time_scheme == ZN_SCHEME_SBDF2;
    if (!(p->relax_dt > 0.0)) p->relax_dt = second ? 0.2 : 0.05;
    if (!(p->dxi_max > 0.0)) p->dxi_max = second ? 0.0125 : 0.05;
}

int phys_linearized_coupling(const ZnPhys *p)
{
    return p->pot_coupling == ZN_COUPLING_LINEARIZED;
}

double phys_tilt(const ZnPhys *p)
{
    switch (p->texture) {
    case ZN_TEX_002: return 0.0;
    case ZN_TEX_101: return zn_tilt_101();
    case ZN_TEX_100: return 0.5 * PX_PI;
    default: return p->tilt_deg * PX_PI / 180.0;
    }
}

double phys_family_tilt(int family)
{
    ZnPhys p;
    memset(&p, 0, sizeof p);
    p.texture = family;
    return phys_tilt(&p);
}

int phys_tilt_family(double beta)
{
    /* fold the tilt into [0, 90] deg: +-beta and beta + 180 deg are the same axis */
    double b = fmod(fabs(beta), PX_PI);
    if (b > 0.5 * PX_PI) b = PX_PI - b;
    return zn_facet_family(b); /* ZN_TEX_002, _101, _100 are 0, 1, 2 */
}

double phys_cation_t_eff(const ZnPhys *p)
{
    return p->n * p->n * ZN_FARADAY * ZN_FARADAY * p->D_l * p->c0 / (ZN_GAS_R * p->T * p->sigma_l);
}

double phys_her_E_Hb(const ZnPhys *p)
{
    return p->her_E_H0 - ZN_GAS_R * p->T * log(10.0) / ZN_FARADAY * p->her_pH_b;
}

double phys_front_speed(const ZnPhys *p, double i)
{
    return i / (p->n * ZN_FARADAY * p->cs);
}

/* A refusal names the key as the schema spells it (scenario_key_name), then says why. */
#define ZN_REFUSE(member, ...)                                                               \
    do {                                                                                     \
        int used_ = snprintf(why, why_len, "%s: ", ZN_KEY(member));                          \
        if (used_ > 0 && (size_t)used_ < why_len)                                            \
            snprintf(why + used_, why_len - (size_t)used_, __VA_ARGS__);                     \
        return -1;                                                                           \
    } while (0)

/* The table's value (which: 1 conductivity, 0 diffusivity, 2 transference) at c~ = 1 (the
 * bulk c0), interpolated by the kernels' own rule on a table of absolute values. */
static double prop_at_bulk(const ZnPhys *p, int which)
{
    ZnModel t;
    t.nprop = p->nprops;
    for (int k = 0; k < p->nprops; k++) {
        t.prop_c[k] = p->props[k].c / p->c0;
        t.prop_sigma[k] = p->props[k].sigma;
        t.prop_D[k] = which == 2 ? p->props[k].t_plus : p->props[k].D;
    }
    return zn_prop_ratio(&t, which == 1 ? 1 : 0, 1.0);
}

/* 1 when a bulk value v set beside the table is neither its default d nor the table's t. */
static int contradicts(double v, double d, double t)
{
    return v != d && fabs(v - t) > 1e-12 * fabs(t);
}

int phys_apply_properties(ZnPhys *p, char *why, size_t why_len)
{
    if (p->nprops == 0) return 0;
    if (p->nprops < 2)
        ZN_REFUSE(phys.props, "one row gives no dependence on the concentration (expected at least 2 "
                  "rows, or none for constant properties)");
    int with_t = !isnan(p->props[0].t_plus);
    for (int k = 0; k < p->nprops; k++) {
        if (k > 0 && !(p->props[k].c > p->props[k - 1].c))
            ZN_REFUSE(phys.props, "row %d: concentration %g mol/m^3 not above the row before (%g): rows "
                      "go up in concentration", k, p->props[k].c, p->props[k - 1].c);
        if ((!isnan(p->props[k].t_plus)) != with_t)
            ZN_REFUSE(phys.props, "row %d: transference given in some rows only (expected in every row "
                      "or in none)", k);
    }
    if (p->transport == ZN_TRANSPORT_CATION)
        ZN_REFUSE(phys.props, "needs %s: binary (the cation-only model's conductivity and diffusivity "
                  "are not the salt's)", ZN_KEY(phys.transport));
    ZnPhys d;
    phys_defaults(&d);
    double sigma = prop_at_bulk(p, 1), D = prop_at_bulk(p, 0);
    if (contradicts(p->sigma_l, d.sigma_l, sigma))
        ZN_REFUSE(phys.sigma_l, "%g S/m contradicts %s, which gives %g S/m at %g mol/m^3 (remove one)",
                  p->sigma_l, ZN_KEY(phys.props), sigma, p->c0);
    if (contradicts(p->D_l, d.D_l, D))
        ZN_REFUSE(phys.D_l, "%g m^2/s contradicts %s, which gives %g m^2/s at %g mol/m^3 (remove one)",
                  p->D_l, ZN_KEY(phys.props), D, p->c0);
    p->sigma_l = sigma;
    p->D_l = D;
    if (with_t) {
        double t = prop_at_bulk(p, 2);
        if (contradicts(p->t_plus, d.t_plus, t))
            ZN_REFUSE(phys.t_plus, "%g contradicts %s, which gives %g at %g mol/m^3 (remove one)",
                      p->t_plus, ZN_KEY(phys.props), t, p->c0);
        p->t_plus = t;
    }
    return 0;
}

int phys_validate(const ZnPhys *p, char *why, size_t why_len)
{
    if (p->grid.nx < 4 || p->grid.ny < 4)
        ZN_REFUSE(phys.grid.nx, "%d x %d cells is too small (expected at least 4 x 4)", p->grid.nx,
                  p->grid.ny);
    if (!(p->grid.dx > 0.0)) ZN_REFUSE(phys.grid.dx, "must be positive");
    if (p->dead_zn == ZN_DEAD_FLOATING && p->potential == ZN_POT_SINGLE_FIELD)
        ZN_REFUSE(phys.dead_zn, "floating dead Zn needs the two-field potential (the single-field "
                  "model has no metal potential per body)");
    if (!(p->delta > 0.0)) ZN_REFUSE(phys.delta, "must be positive");
    /* MODEL.md: at least 4 cells across 2.2 delta, where the tanh profile goes 0.1 -> 0.9. */
    if (2.2 * p->delta / p->grid.dx < 4.0 - 1e-9)
        ZN_REFUSE(phys.delta, "%.3g m spans %.2f cells across 2.2*width (expected >= 4: "
                  "a wider interface or dx <= %.3g m)",
                  p->delta, 2.2 * p->delta / p->grid.dx, 2.2 * p->delta / 4.0);
    if ((double)p->grid.ny * p->grid.dx < 4.0 * p->delta)
        ZN_REFUSE(phys.grid.nx, "domain height %.3g m is under 4 interface widths", p->grid.ny * p->grid.dx);
    if (!(p->T > 0.0)) ZN_REFUSE(phys.T, "must be positive (K)");
    if (!(p->c0 > 0.0)) ZN_REFUSE(phys.c0, "must be positive");
    if (!(p->c_bulk > 0.0)) { /* not a key: set by programs that build a ZnPhys */
        snprintf(why, why_len, "bulk concentration ratio %g: must be positive", p->c_bulk);
        return -1;
    }
    if (!(p->D_l > 0.0)) ZN_REFUSE(phys.D_l, "must be positive");
    if (!(p->D_s >= 0.0)) ZN_REFUSE(phys.D_s, "must not be negative");
    if (!(p->t_plus > 0.0 && p->t_plus < 1.0))
        ZN_REFUSE(phys.t_plus, "%g (expected 0 < t+ < 1)", p->t_plus);
    if (!(p->sigma_l > 0.0)) ZN_REFUSE(phys.sigma_l, "must be positive");
    if (!(p->sigma_floor_ratio > 0.0 && p->sigma_floor_ratio <= 1.0))
        ZN_REFUSE(phys.sigma_floor_ratio, "%g (expected in (0, 1])", p->sigma_floor_ratio);
    if (!(p->i0 > 0.0)) ZN_REFUSE(phys.i0, "must be positive");
    /* the single-field electrolyte carries a leak current sigma_l E / L beside the reaction;
     * with cation-only transport the cations must carry it and pile up without bound at the
     * metal (seen as c~ ~ exp(n f E) and a NaN within ~1 s at -0.1 V) */
    if (p->potential == ZN_POT_SINGLE_FIELD && p->transport == ZN_TRANSPORT_CATION)
        ZN_REFUSE(phys.transport, "cation transport with the single-field potential drives the "
                  "electrolyte's leak current through the cations, which pile up without bound "
                  "(expected one of the two options at a time)");
    if (p->potential == ZN_POT_SINGLE_FIELD && !(p->sigma_s > p->sigma_l))
        ZN_REFUSE(phys.sigma_s, "%g S/m (expected above the electrolyte's %g S/m)", p->sigma_s,
                  p->sigma_l);
    if (!(p->alpha > 0.0 && p->alpha < 1.0))
        ZN_REFUSE(phys.alpha, "%g (expected 0 < alpha < 1)", p->alpha);
    if (!(p->activity >= 0.0)) ZN_REFUSE(phys.activity, "must not be negative");
    if (!(p->gamma > 0.0)) ZN_REFUSE(phys.gamma, "must be positive");
    /* kinetic anisotropy: the rate factor must stay positive in every direction */
    if (fabs(p->k2) + fabs(p->k6) >= 1.0)
        ZN_REFUSE(phys.k2, "kinetic anisotropy |k2| + |k6| = %g (expected < 1: the exchange "
                  "current would turn negative on some facets)", fabs(p->k2) + fabs(p->k6));
    /* surface stiffness eps + eps'' > 0 for all angles: 3|d2| + 35|d6| < 1 */
    if (p->capillarity == ZN_CAP_CHEN && 3.0 * fabs(p->d2) + 35.0 * fabs(p->d6) >= 1.0)
        ZN_REFUSE(phys.d2, "energy anisotropy 3|d2| + 35|d6| = %g (expected < 1, beyond it "
                  "the stiffness turns negative and the equation is ill-posed)",
                  3.0 * fabs(p->d2) + 35.0 * fabs(p->d6));
    if (p->capillarity == ZN_CAP_CHEN && !(p->L_sigma > 0.0))
        ZN_REFUSE(phys.L_sigma, "chen capillarity needs a positive mobility L_sigma");
    if (!(p->relax_ratio >= 2.0))
        ZN_REFUSE(phys.relax_ratio, "%g (expected >= 2: the profile must relax faster "
                  "than the front moves)", p->relax_ratio);
    if (!(p->dt_min > 0.0 && p->dt_max >= p->dt_min && p->dt_init >= p->dt_min))
        ZN_REFUSE(phys.dt_min, "need 0 < dt_min <= dt_init and dt_min <= dt_max");
    if (!(p->dxi_max > 0.0 && p->dxi_max <= 0.5))
        ZN_REFUSE(phys.dxi_max, "%g (expected in (0, 0.5])", p->dxi_max);
    if (!(p->relax_dt > 0.0 && p->relax_dt < 1.0))
        ZN_REFUSE(phys.relax_dt, "%g (expected in (0, 1))", p->relax_dt);
    if (p->her && p->potential == ZN_POT_SINGLE_FIELD)
        ZN_REFUSE(phys.potential, "hydrogen evolution (her:) needs the two-field potential (a metal "
                  "potential E)");
    if (p->her && p->transport == ZN_TRANSPORT_CATION)
        ZN_REFUSE(phys.transport, "hydrogen evolution (her:) needs the binary salt transport");
    if (p->her && p->her_zhs && !p->her_acidity)
        ZN_REFUSE(phys.her_zhs, "ZHS precipitates where the pH rises: it needs %s: 1",
                  ZN_KEY(phys.her_acidity));
    if (p->sep_L > 0.0 && (p->transport != ZN_TRANSPORT_BINARY || p->potential != ZN_POT_TWO_FIELD))
        ZN_REFUSE(phys.sep_L, "the far field needs the binary salt transport and the two-field "
                  "potential");
    if (!(p->solver_tol > 0.0 && p->solver_tol < 1e-3))
        ZN_REFUSE(phys.solver_tol, "%g (expected in (0, 1e-3))", p->solver_tol);
    if (!(p->solver_change_tol >= 0.0 && p->solver_change_tol <= 1e-2))
        ZN_REFUSE(phys.solver_change_tol, "%g (expected in [0, 1e-2])", p->solver_change_tol);
    return 0;
}

ZnModel phys_model(const ZnPhys *p)
{
    ZnModel m;
    m.n = p->n;
    m.F = ZN_FARADAY;
    m.f = ZN_FARADAY / (ZN_GAS_R * p->T);
    m.c0 = p->c0;
    m.c_bulk = p->c_bulk;
    m.cs = p->cs;
    m.D_l = p->D_l;
    m.D_s = p->D_s;
    m.t_plus = p->t_plus;
    m.sigma_l = p->sigma_l;
    m.sigma_floor = p->sigma_floor_ratio * p->sigma_l;
    /* the contrast is capped: beyond ~1e3 the metal is equipotential anyway and the solves
     * only get stiffer */
    m.sigma_s = p->sigma_s < p->sigma_s_cap * p->sigma_l ? p->sigma_s : p->sigma_s_cap * p->sigma_l;
    m.potential = p->potential;
    m.transport = p->transport;
    m.alpha = p->alpha;
    m.delta = p->delta;
    /* delta = sqrt(2 kappa/W), gamma = sqrt(2 kappa W)/6  =>  kappa = 3 gamma delta, W = 6 gamma/delta */
    m.kappa0 = 3.0 * p->gamma * p->delta;
    m.W = 6.0 * p->gamma / p->delta;
    /* thin-interface limit of a flat front: v = 3 delta L_eta (bracket) = i0 (bracket)/(n F cs) */
    m.L_eta0 = p->i0 / (3.0 * p->delta * p->n * ZN_FARADAY * p->cs);
    if (p->capillarity == ZN_CAP_CHEN) {
        m.L_sigma = p->L_sigma;
    } else {
        /* profile mode: relaxation rate L_sigma W is relax_ratio times the rate at which the
         * front crosses its own width at the reference current (docs/numerics.md) */
        double v = phys_front_speed(p, p->i_ref);
        m.L_sigma = p->relax_ratio * v / (p->delta * m.W);
    }
    m.k2 = p->k2;
    m.k6 = p->k6;
    m.d2 = p->d2;
    m.d6 = p->d6;
    m.theta_f = -phys_tilt(p); /* basal-plane trace, MODEL.md section 4 */
    m.cos_theta_f = cos(m.theta_f);
    m.sin_theta_f = sin(m.theta_f);
    m.gt_gamma = p->capillarity == ZN_CAP_PROFILE ? p->gt_gamma : 0.0;
    m.activity = p->activity;
    /* normals are trusted where |grad xi| > 2 % of its peak 1/(2 delta); the profile relaxation
     * removes the Laplacian's curvature part with the same weight. Tried 2026-11-28: 1e-3/delta
     * for the relaxation alone removes a curvature flow the tails keep (it slows short waves in
     * proportion to relax_ratio, CHECKS 21), but then (101) platelets on Cu close over
     * electrolyte pockets whose salt runs out, and the plating step ends at the transition
     * (docs/numerics.md, "The instability's growth rate") */
    m.grad_eps = 0.01 / p->delta;
    m.exp_clamp = 100.0;
    m.capillarity = p->capillarity;
    /* Cahn's wall energy f_w = -gamma cos(theta_w) h_w(xi) on the collector (docs/model.md,
     * "Substrate wetting"); 90 deg keeps today's zero-gradient wall exactly (cos = 0 there is
     * not exact in floating point, so it is set) */
    m.wet_gcos = p->wet_deg == 90.0 ? 0.0 : p->gamma * cos(p->wet_deg * PX_PI / 180.0);
    m.wet_theta = p->wet_deg * PX_PI / 180.0;
    m.her = p->her;
    m.her_E_Hb = phys_her_E_Hb(p);
    m.her_alpha = p->her_alpha;
    m.her_i0H_zn = p->her_i0H_zn;
    m.her_i0W_zn = p->her_i0W_zn;
    m.her_i0H_cu = p->her_i0H_cu;
    m.her_i0W_cu = p->her_i0W_cu;
    /* the acidity: Ka in mol/m^3 (1 M = 1000 mol/m^3), Kw = 1e-14 M^2; the bulk h from pH_b
     * and T_b = h_b - (Ka c0 c_bulk + Kw)/h_b, the acidity in equilibrium with it */
    m.her_acidity = p->her && p->her_acidity;
    m.her_D_T = p->her_D_T;
    m.her_Ka = pow(10.0, -p->her_pKa) * 1e3;
    m.her_Kw = 1e-14 * 1e6;
    m.her_h_b = pow(10.0, -p->her_pH_b) * 1e3;
    m.her_buf_c = p->her_buf_c;
    m.her_buf_K = pow(10.0, -p->her_buf_pKa) * 1e3;
    m.her_T_b = zn_acid_T(&m, m.her_h_b, p->c_bulk);
    m.her_zhs = m.her_acidity && p->her_zhs;
    m.her_h_zhs = pow(10.0, -p->her_pH_zhs) * 1e3;
    m.her_k_zhs = p->her_k_zhs;
    m.her_Vm_zhs = p->her_Vm_zhs;
    m.her_zhs_max = p->her_zhs_max;
    /* the table in c~ and relative to the bulk values (phys_apply_properties made them the
     * table's at c0) */
    m.nprop = p->nprops;
    for (int k = 0; k < ZN_MAX_PROPS; k++) {
        int on = k < p->nprops;
        m.prop_c[k] = on ? p->props[k].c / p->c0 : 0.0;
        m.prop_sigma[k] = on ? p->props[k].sigma / p->sigma_l : 0.0;
        m.prop_D[k] = on ? p->props[k].D / p->D_l : 0.0;
    }
    return m;
}
