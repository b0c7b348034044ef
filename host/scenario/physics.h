/* physics.h - the user-level description of a run (SI units) and its translation into the
 * kernel parameters (ZnModel): defaults for Zn in 2 M ZnSO4, derived constants, and the checks
 * that refuse input the engine cannot honour. */
#ifndef ZN_PHYSICS_H
#define ZN_PHYSICS_H

#include "kernels.h"

#define ZN_FARADAY 96485.33212    /* C/mol */
#define ZN_GAS_R 8.314462618      /* J/(mol K) */

enum { ZN_TEX_002 = 0, ZN_TEX_101, ZN_TEX_100, ZN_TEX_ANGLE };
/* dead Zn: inert (no reaction) or floating (its own potential, zero net current) */
enum { ZN_DEAD_INERT = 0, ZN_DEAD_FLOATING = 1 };
/* time scheme of the phase field (docs/numerics.md, "Time stepping") */
enum { ZN_SCHEME_EULER = 0, ZN_SCHEME_SBDF2 = 1 };
/* how the potential solve sees the step's reaction (docs/numerics.md): explicit (default: exact
 * per-step charge balance) or linearized (stable where a resistive path feeds fast kinetics;
 * under current control it lags the potential near the limiting current) */
enum { ZN_COUPLING_EXPLICIT = 0, ZN_COUPLING_LINEARIZED = 1 };

typedef struct ZnGridSpec {
    int nx, ny;       /* cells along the substrate (periodic) and along its normal */
    double dx;        /* cell size, m (square cells) */
} ZnGridSpec;

/* A row of electrolyte.properties: the electrolyte's measured properties at one concentration
 * (t_plus NaN: not given). */
typedef struct ZnPropRow {
    double c;             /* salt concentration, mol/m^3 */
    double sigma;         /* conductivity, S/m */
    double D;             /* ambipolar salt diffusivity, m^2/s */
    double t_plus;        /* Zn2+ transference number */
} ZnPropRow;

typedef struct ZnPhys {
    ZnGridSpec grid;
    double T;             /* temperature, K */
    double n;             /* electrons per ion */
    double c0;            /* bulk salt concentration, mol/m^3 */
    double c_bulk;        /* reservoir concentration / c0 (1; other values for tests) */
    double cs;            /* molar density of Zn, mol/m^3 */
    double D_l, D_s;      /* salt diffusivity in electrolyte / metal, m^2/s */
    double t_plus;        /* Zn2+ transference number */
    double sigma_l;       /* electrolyte conductivity, S/m */
    double sigma_floor_ratio; /* metal-side conductivity floor / sigma_l (two-field model) */
    double sigma_s;       /* metal conductivity, S/m (single-field model) */
    double sigma_s_cap;   /* largest sigma_s / sigma_l used (single-field model) */
    int potential;        /* ZN_POT_TWO_FIELD (default) or ZN_POT_SINGLE_FIELD */
    int transport;        /* ZN_TRANSPORT_BINARY (default) or ZN_TRANSPORT_CATION */
    int dead_zn;          /* ZN_DEAD_INERT (default) or ZN_DEAD_FLOATING */
    double i0;            /* exchange current density, A/m^2 */
    double alpha;         /* cathodic transfer coefficient */
    double activity;      /* exchange-current multiplier */
    double gamma;         /* interface energy, J/m^2 */
    double delta;         /* diffuse interface width, m */
    double k2, k6;        /* kinetic anisotropy */
    double d2, d6;        /* surface-energy anisotropy (chen capillarity) */
    int texture;          /* ZN_TEX_* */
    double tilt_deg;      /* c-axis tilt from the substrate normal for ZN_TEX_ANGLE, degrees */
    int capillarity;      /* ZN_CAP_PROFILE (default) or ZN_CAP_CHEN */
    double wet_deg;       /* contact angle of Zn on the collector, degrees (90: neutral wall) */
    /* hydrogen evolution (a her: section switches it on; docs/model.md, "Side reactions") */
    int her;              /* 1: on */
    double her_E_H0;      /* HER equilibrium at pH 0 vs Zn in the bulk electrolyte, V */
    double her_pH_b;      /* bulk pH */
    double her_alpha;     /* transfer coefficient of the HER (one electron) */
    double her_i0H_zn, her_i0W_zn; /* proton / water exchange currents on Zn, A/m^2 */
    double her_i0H_cu, her_i0W_cu; /* on exposed Cu, A/m^2 */
    int her_acidity;      /* 1: transport the acidity T; the proton term follows the local pH */
    double her_D_T;       /* diffusivity of the acidity, m^2/s */
    double her_pKa;       /* of the hydrolysis Zn2+ + H2O = ZnOH+ + H+ */
    double her_buf_c;     /* pH buffer (a weak acid HA/A-): total concentration, mol/m^3 (0: none) */
    double her_buf_pKa;   /* its pKa */
    int her_zhs;          /* 1: zinc hydroxide sulfate precipitates above her_pH_zhs */
    double her_pH_zhs;    /* pH above which ZHS precipitates */
    double her_k_zhs;     /* its precipitation/dissolution rate constant, 1/s */
    double her_Vm_zhs;    /* its molar volume, m^3/mol (formula unit Zn4SO4(OH)6.5H2O) */
    double her_zhs_max;   /* largest volume fraction it fills (the layer stays porous) */
    double gt_gamma;      /* energy used in the Gibbs-Thomson shift (profile mode), J/m^2 */
    double L_sigma;       /* interface mobility for chen mode, m^3/(J s); 0 = derive */
    double relax_ratio;   /* profile relaxation rate / front advance rate (profile mode) */
    double i_ref;         /* plating rate that sets L_sigma in profile mode, A/m^2 */
    /* time stepping */
    double dt_init, dt_min, dt_max; /* s */
    double dxi_max;       /* largest change of xi per step */
    double relax_dt;      /* dt * L_sigma * W bound (accuracy of the explicit double well) */
    double solver_tol;    /* relative residual of the elliptic solves */
    double solver_change_tol; /* or relative to the residual of the last step's solution, the
                               * change a step makes, whichever is larger (0: off) */
    int time_scheme;      /* ZN_SCHEME_SBDF2 (default) or ZN_SCHEME_EULER */
    int pot_coupling;     /* ZN_COUPLING_LINEARIZED (default) or ZN_COUPLING_EXPLICIT */
    /* the cell beyond the domain (docs/model.md, "the cell beyond the domain") */
    double sep_L;         /* electrolyte between the domain top and a Zn counter electrode, m
                           * (0: a reservoir holds the bulk salt at the domain top) */
    /* the electrolyte's properties against its concentration (0 rows: sigma_l, D_l and t_plus
     * everywhere); phys_apply_properties sets the bulk values from them */
    int nprops;
    ZnPropRow props[ZN_MAX_PROPS];
} ZnPhys;

/* Fills p with the defaults of MODEL.md section 5 (Zn, 2 M ZnSO4, 298.15 K). */
void phys_defaults(ZnPhys *p);

/* relax_dt and dxi_max left at 0 (not given) take the time scheme's defaults. */
void phys_step_bounds(ZnPhys *p);

/* 1 when the potential solve takes the reaction's slope in phi. */
int phys_linearized_coupling(const ZnPhys *p);

/* c-axis tilt beta (radians) of a texture; ZN_TEX_ANGLE uses p->tilt_deg. */
double phys_tilt(const ZnPhys *p);

/* c-axis tilt (radians) of texture family ZN_TEX_002, ZN_TEX_101 or ZN_TEX_100. */
double phys_family_tilt(int family);

/* The texture family (ZN_TEX_002, _101, _100) nearest to a c-axis tilt in radians. */
int phys_tilt_family(double beta);

/* With a property table: checks its rows (at least two, concentrations increasing, t+ in all
 * rows or none) and sets sigma_l, D_l (and t_plus) to the table's values at c0, as the kernels
 * interpolate them (zn_prop_ratio). A bulk value that differs from both its default and the
 * table's is refused as a contradiction. On failure writes "key: reason" and returns -1. */
int phys_apply_properties(ZnPhys *p, char *why, size_t why_len);

/* Checks p; on failure writes "key: reason (expected ...)" into why and returns -1. */
int phys_validate(const ZnPhys *p, char *why, size_t why_len);

/* The kernel parameters implied by p. */
ZnModel phys_model(const ZnPhys *p);

/* Share of the current carried by cation migration in the cation-only model,
 * t_eff = n^2 F^2 D c0 / (R T sigma_l); outside (0, 1) that model is inconsistent. */
double phys_cation_t_eff(const ZnPhys *p);

/* HER equilibrium vs Zn at the bulk pH, E_H0 - (RT ln10 / F) pH_b, V. */
double phys_her_E_Hb(const ZnPhys *p);

/* Plating speed of a flat front at current density i (A/m^2): i / (n F cs), m/s. */
double phys_front_speed(const ZnPhys *p, double i);

#endif
