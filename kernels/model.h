/* model.h - the parameters of the Zn model (SI units) and the pointwise physics shared by all
 * kernels: interpolation and double-well functions, Butler-Volmer bracket, anisotropy.
 * Symbols follow docs/model.md. Everything here is PX_HD so both backends use the same lines.
 */
#ifndef ZN_MODEL_H
#define ZN_MODEL_H

#include "px.h"
#include <math.h>

enum { ZN_CAP_PROFILE = 0, ZN_CAP_CHEN = 1 };
/* two-field: phi is the electrolyte potential and eta = E - phi; single-field (Chen/Hong):
 * phi spans metal and electrolyte, the collector is held at E and eta = phi */
enum { ZN_POT_TWO_FIELD = 0, ZN_POT_SINGLE_FIELD = 1 };
/* binary: electroneutral salt with t+ and a diffusion potential; cation: Zn2+ alone with
 * Nernst-Planck migration (Chen/Hong, for reproducing published runs) */
enum { ZN_TRANSPORT_BINARY = 0, ZN_TRANSPORT_CATION = 1 };

/* rows of an electrolyte property table (electrolyte.properties) */
#define ZN_MAX_PROPS 12

/* Everything the per-cell physics needs, in SI, with derived values filled in by the host
 * (phys_model in host/scenario/physics.c). Passed by value to every kernel. */
typedef struct ZnModel {
    double n;          /* electrons per Zn2+ (2) */
    double f;          /* F/(RT), 1/V */
    double F;          /* Faraday constant, C/mol */
    double c0;         /* reference salt concentration (c~ = 1), mol/m^3 */
    double c_bulk;     /* c~ held in the reservoir at y = Ly (1 unless a test says) */
    double cs;         /* molar density of Zn metal, mol/m^3 */
    double D_l;        /* ambipolar salt diffusivity in the electrolyte, m^2/s */
    double D_s;        /* diffusivity inside the metal (negligible), m^2/s */
    double t_plus;     /* Zn2+ transference number */
    double sigma_l;    /* electrolyte conductivity, S/m */
    double sigma_floor;/* conductivity floor inside the metal (two-field model), S/m */
    double sigma_s;    /* metal conductivity (single-field model), S/m */
    double alpha;      /* cathodic transfer coefficient */
    double L_eta0;     /* kinetic constant, 1/s, from i0 = 3 delta n F cs L_eta */
    double L_sigma;    /* interface mobility, 1/(s (J/m^3)) */
    double W;          /* double-well height, J/m^3 */
    double kappa0;     /* gradient coefficient eps0^2, J/m */
    double delta;      /* interface width sqrt(2 kappa/W), m */
    double k2, k6;     /* kinetic anisotropy strengths */
    double d2, d6;     /* surface-energy anisotropy strengths (chen capillarity) */
    double theta_f;    /* fast-growth (basal trace) direction, rad from +x */
    double cos_theta_f, sin_theta_f; /* of theta_f, for cells of no grain (phasefield.c) */
    double gt_gamma;   /* interface energy in the Gibbs-Thomson shift, J/m^2 */
    double activity;   /* exchange-current multiplier a */
    double grad_eps;   /* |grad xi| below which normals are not trusted, 1/m */
    double exp_clamp;  /* largest |exponent| allowed in Butler-Volmer */
    /* hydrogen evolution (her.c): i_H = -[i0_H + i0_W] exp(-alpha_H f (E - phi - E_Hb)) */
    int her;           /* 1: on; 0: off (no field, no source) */
    double her_E_Hb;   /* HER equilibrium vs Zn in the bulk electrolyte at the bulk pH, V */
    double her_alpha;  /* transfer coefficient of the one-electron HER step */
    double her_i0H_zn, her_i0W_zn; /* proton and water exchange currents on Zn, A/m^2 */
    double her_i0H_cu, her_i0W_cu; /* the same on the exposed Cu collector, A/m^2 */
    int her_acidity;   /* 1: the acidity T is transported and the proton term follows h */
    double her_D_T;    /* diffusivity of the acidity (H+ and OH- carriers), m^2/s */
    double her_Ka;     /* hydrolysis constant of Zn2+ + H2O = ZnOH+ + H+, mol/m^3 */
    double her_Kw;     /* water's ionic product, (mol/m^3)^2 */
    double her_h_b;    /* bulk [H+], mol/m^3 */
    double her_T_b;    /* bulk acidity (held at the reservoir), mol/m^3 */
    double her_buf_c;  /* pH buffer HA/A-: total concentration, mol/m^3 (0: none) */
    double her_buf_K;  /* its acid constant, mol/m^3 */
    int her_zhs;       /* 1: zinc hydroxide sulfate precipitates (her.c, zhs_exchange) */
    double her_h_zhs;  /* [H+] at the pH above which it precipitates, mol/m^3 */
    double her_k_zhs;  /* its rate constant, 1/s */
    double her_Vm_zhs; /* its molar volume, m^3/mol */
    double her_zhs_max;/* the largest volume fraction it fills */
    int capillarity;   /* ZN_CAP_PROFILE or ZN_CAP_CHEN */
    double wet_gcos;   /* gamma cos(theta_w): slope of the collector's wall energy, J/m^2
                        * (0: theta_w = 90 deg, the zero-gradient wall) */
    double wet_theta;  /* theta_w, rad: the shape of nuclei born on the collector */
    int potential;     /* ZN_POT_TWO_FIELD or ZN_POT_SINGLE_FIELD */
    int transport;     /* ZN_TRANSPORT_BINARY or ZN_TRANSPORT_CATION */
    /* the electrolyte's conductivity and diffusivity as functions of the local salt (0 rows:
     * sigma_l and D_l everywhere): rows at c~ = prop_c (increasing), values relative to
     * sigma_l and D_l (zn_prop_ratio) */
    int nprop;
    double prop_c[ZN_MAX_PROPS], prop_sigma[ZN_MAX_PROPS], prop_D[ZN_MAX_PROPS];
} ZnModel;

/* The local conductivity (which = 1) or diffusivity (which = 0) of the electrolyte relative to
 * its bulk value, at salt c~: linear between the table's rows; above the last row its value;
 * below the first row the diffusivity keeps the first row's value and the conductivity falls
 * in proportion to c~ (the molar conductivity of the most dilute row held: a salt-free
 * electrolyte carries no current; our choice where the table ends). 1 without a table. */
static inline PX_HD double zn_prop_ratio(const ZnModel *m, int which, double c)
{
    if (m->nprop == 0) return 1.0;
    const double *v = which == 1 ? m->prop_sigma : m->prop_D;
    int last = m->nprop - 1;
    if (!(c > m->prop_c[0])) {
        if (which != 1) return v[0];
        return c > 0.0 ? v[0] * (c / m->prop_c[0]) : 0.0;
    }
    if (c >= m->prop_c[last]) return v[last];
    int k = 0;
    while (k < last - 1 && c >= m->prop_c[k + 1]) k++;
    double t = (c - m->prop_c[k]) / (m->prop_c[k + 1] - m->prop_c[k]);
    return v[k] + (v[k + 1] - v[k]) * t;
}

/* h(xi) = xi^3 (6 xi^2 - 15 xi + 10), clipped to [0,1] so that it stays an interpolation. */
static inline PX_HD double zn_h(double x)
{
    x = x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x);
    return x * x * x * (6.0 * x * x - 15.0 * x + 10.0);
}

/* h'(xi) = 30 xi^2 (1 - xi)^2: where the reaction acts (the interface). Zero outside [0, 1]:
 * otherwise stripping the last traces of metal would keep pushing xi below 0. */
static inline PX_HD double zn_hprime(double x)
{
    if (x <= 0.0 || x >= 1.0) return 0.0;
    double y = x * (1.0 - x);
    return 30.0 * y * y;
}

/* h_w'(xi) = 6 xi (1 - xi), the derivative of the wall function h_w = xi^2 (3 - 2 xi) of the
 * contact angle. Not the quintic h: Young's angle is exact only when h_w' is proportional to
 * the equilibrium profile's slope, sqrt(2W/kappa) xi (1 - xi) (docs/model.md). */
static inline PX_HD double zn_wall_hprime(double x)
{
    if (x <= 0.0 || x >= 1.0) return 0.0;
    return 6.0 * x * (1.0 - x);
}

/* g'(xi) for g = W xi^2 (1 - xi)^2. */
static inline PX_HD double zn_gprime(double x, double W)
{
    return 2.0 * W * x * (1.0 - x) * (1.0 - 2.0 * x);
}

static inline PX_HD double zn_clamp(double v, double lim)
{
    return v > lim ? lim : (v < -lim ? -lim : v);
}

/* The metal potential that drives the reactions of a cell of owner `owner` (0: the attached
 * metal, at E; b: dead body b, at its entry in the floating table of nfloat (b, E_b) pairs).
 * Returns 0 where nothing reacts: an inert dead body, or the attached metal of an idle step. */
static inline PX_HD int zn_owner_potential(double owner, double E, int attached_off,
                                           const double *float_E, int nfloat, double *out)
{
    if (owner == 0.0) {
        *out = E;
        return !attached_off;
    }
    for (int q = 0; q < nfloat; q++)
        if (float_E[2 * q] == owner) {
            *out = float_E[2 * q + 1];
            return 1;
        }
    return 0;
}

/* c~ a unit of growth takes from the electrolyte (d xi = 1 takes this much c~): the share of
 * the deposited Zn2+ that transport in c~ must bring, 1 - t+ for the salt (migration brings
 * the rest) or all of it for the cation-only model, times cs/c0. */
static inline PX_HD double zn_salt_per_growth(const ZnModel *m)
{
    double share = m->transport == ZN_TRANSPORT_CATION ? 1.0 : 1.0 - m->t_plus;
    return share * (m->cs / m->c0);
}

/* Butler-Volmer bracket exp((1-alpha) n f eta) - c~ exp(-alpha n f eta); positive = anodic
 * (stripping). c~ enters the cathodic branch only: it carries the Nernst shift. */
static inline PX_HD double zn_bv_bracket(const ZnModel *m, double eta, double c)
{
    double nfe = m->n * m->f * eta;
    double cp = c > 0.0 ? c : 0.0;
    return exp(zn_clamp((1.0 - m->alpha) * nfe, m->exp_clamp)) -
           cp * exp(zn_clamp(-m->alpha * nfe, m->exp_clamp));
}

/* d bracket / d eta, 1/V (0 where an exponent is clamped: the clamped bracket is flat there). */
static inline PX_HD double zn_bv_bracket_slope(const ZnModel *m, double eta, double c)
{
    double nf = m->n * m->f, nfe = nf * eta;
    double cp = c > 0.0 ? c : 0.0;
    double an = (1.0 - m->alpha) * nfe, ca = -m->alpha * nfe;
    double s = 0.0;
    if (fabs(an) < m->exp_clamp) s += (1.0 - m->alpha) * nf * exp(an);
    if (fabs(ca) < m->exp_clamp) s += m->alpha * nf * cp * exp(ca);
    return s;
}

/* 1 + s2 cos 2(theta - theta_f) + s6 cos 6(theta - theta_f): the 2-fold + 6-fold form of a
 * 2D section containing the c-axis (MODEL.md section 4). */
static inline PX_HD double zn_aniso(double theta, double theta_f, double s2, double s6)
{
    double t = theta - theta_f;
    return 1.0 + s2 * cos(2.0 * t) + s6 * cos(6.0 * t);
}

/* zn_aniso from the cosine of theta - theta_f (no trigonometric call):
 * cos 2t = 2 cos^2 t - 1, cos 6t = 4 cos^3 2t - 3 cos 2t. */
static inline PX_HD double zn_aniso_cos(double ct, double s2, double s6)
{
    double c2 = 2.0 * ct * ct - 1.0;
    return 1.0 + s2 * c2 + s6 * c2 * (4.0 * c2 * c2 - 3.0);
}

/* d/dtheta of zn_aniso. */
static inline PX_HD double zn_aniso_d(double theta, double theta_f, double s2, double s6)
{
    double t = theta - theta_f;
    return -2.0 * s2 * sin(2.0 * t) - 6.0 * s6 * sin(6.0 * t);
}

/* Distance of a and b along a periodic direction of length L (|a - b| folded into [0, L/2]
 * for |a - b| < L). */
static inline PX_HD double zn_periodic_dist(double a, double b, double L)
{
    double d = fabs(a - b);
    return d > 0.5 * L ? L - d : d;
}

/* Zn hcp axial ratio c/a (docs/model.md, "Grains, texture and epitaxy"). */
#define ZN_C_OVER_A 1.856

/* c-axis tilt of a (101)-textured grain from the substrate normal:
 * tan beta = (2/sqrt3)(c/a) sqrt(h^2 + hk + k^2)/l = (2/sqrt3)(c/a) for (hkl) = (101), ~65 deg. */
static inline PX_HD double zn_tilt_101(void)
{
    return atan(2.0 / sqrt(3.0) * ZN_C_OVER_A);
}

/* Texture family (0: (002), 1: (101), 2: (100)) nearest to an angle psi in [0, pi/2] from the
 * c-axis (0, zn_tilt_101 and 90 deg): the bisectors lie halfway between them. Used for facets
 * of the interface and for the family of a grain's tilt alike. */
static inline PX_HD int zn_facet_family(double psi)
{
    double t101 = zn_tilt_101();
    return psi < 0.5 * t101 ? 0 : (psi < 0.5 * (t101 + 0.5 * PX_PI) ? 1 : 2);
}

/* Periodic wrap of an index along x (or z). */
static inline PX_HD int zn_wrap(int i, int n)
{
    return i < 0 ? i + n : (i >= n ? i - n : i);
}

/* Mirror (zero-gradient) clamp of an index along y. */
static inline PX_HD int zn_mirror(int j, int n)
{
    return j < 0 ? 0 : (j >= n ? n - 1 : j);
}

#endif
