/* scenario_keys.c - the scenario schema (scenario_keys.h): one line per key. The defaults live
 * in phys_defaults (physics.c) and scenario_defaults (scenario.c); the meaning column names
 * the source of each physical default (docs/model.md has the full argument).
 *
 * To add a key: a field in its struct, one line here, its default, its physics. The reader,
 * writer, hash and docs follow (docs/architecture.md). */
#include "scenario.h"
#include "scenario_keys.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#define MEMBER_SIZE(T, m) sizeof(((T *)0)->m)

/* A key of the scenario record: section, key, kind, member, range, dim, names, flags, unit,
 * meaning. */
#define KEY(sec, key, kind, m, lo, hi, dim, names, flags, unit, meaning)                       \
    {sec, key, kind, offsetof(ZnScenario, m), MEMBER_SIZE(ZnScenario, m), ZK_NO_AUX, lo, hi,  \
     ZN_DIM_##dim, names, flags, NULL, unit, meaning}
/* A quantity with a unit (ZK_QTY), the most common line. */
#define QTY(sec, key, m, lo, hi, dim, flags, unit, meaning) \
    KEY(sec, key, ZK_QTY, m, lo, hi, dim, NULL, flags, unit, meaning)
#define NUM(sec, key, m, lo, hi, flags, meaning) \
    KEY(sec, key, ZK_QTY, m, lo, hi, NONE, NULL, flags, "-", meaning)
#define INT(sec, key, m, lo, hi, flags, meaning) \
    KEY(sec, key, ZK_INT, m, lo, hi, NONE, NULL, flags, "-", meaning)
#define ENUM(sec, key, m, names, flags, meaning) \
    KEY(sec, key, ZK_ENUM, m, 0, 0, NONE, names, flags, "-", meaning)
#define FRAC3(sec, key, m, aux, meaning)                                                        \
    {sec, key, ZK_FRAC3, offsetof(ZnScenario, m), MEMBER_SIZE(ZnScenario, m), aux, 0, 1,       \
     ZN_DIM_NONE, NULL, ZK_HASH, NULL, "-", meaning}
#define LIST(sec, key, m, count, min, max, rec, meaning) \
    LIST_HASHED(sec, key, m, count, min, max, rec, ZK_HASH, meaning)
#define LIST_HASHED(sec, key, m, count, min, max, rec, flags, meaning)                          \
    {sec, key, ZK_LIST, offsetof(ZnScenario, m), MEMBER_SIZE(ZnScenario, m),                   \
     offsetof(ZnScenario, count), min, max, ZN_DIM_NONE, NULL, flags, &rec, "list", meaning}
/* A key of a list item (record T). */
#define IKEY(T, sec, key, kind, m, lo, hi, dim, names, unit, meaning)                           \
    {sec, key, kind, offsetof(T, m), MEMBER_SIZE(T, m), ZK_NO_AUX, lo, hi, ZN_DIM_##dim, names, \
     ZK_HASH, NULL, unit, meaning}

static const char *const pots[] = {"two-field", "single-field", NULL};
static const char *const trs[] = {"binary", "cation", NULL};
static const char *const deads[] = {"inert", "floating", NULL};
static const char *const schemes[] = {"euler", "sbdf2", NULL};
static const char *const couplings[] = {"explicit", "linearized", NULL};
static const char *const textures[] = {"002", "101", "100", "angle", NULL};
static const char *const caps[] = {"profile", "chen", NULL};
static const char *const places[] = {"random", "clustered", "lattice", NULL};
static const char *const nuc_modes[] = {"instantaneous", "progressive", NULL};
static const char *const styles[] = {"morphology", "composite", NULL};
static const char *const metal_colours[] = {"plain", "orientation", NULL};
static const char *const backgrounds[] = {"salt", "pH", NULL};
static const char *const kinds[] = {"plate", "strip", "rest", NULL};
static const char *const precisions[] = {"double", NULL};
const char *const zn_backend_names[] = {"auto", "cpu", "cuda", NULL};
const char *const zn_field_names[] = {"xi", "c", "phi", NULL};

/* ---- list items ------------------------------------------------------------------------- */

static void bump_init(void *item)
{
    ((ZnBump *)item)->width = 1e-6;
}

static const ZnKey bump_keys[] = {
    IKEY(ZnBump, "initial.bumps", "x", ZK_QTY, x, 0.0, 1.0, LENGTH, NULL, "m", "centre"),
    IKEY(ZnBump, "initial.bumps", "height", ZK_QTY, height, -1.0, 1.0, LENGTH, NULL, "m", "height (negative: a dip)"),
    IKEY(ZnBump, "initial.bumps", "width", ZK_QTY, width, 1e-12, 1.0, LENGTH, NULL, "m", "1/e half-width of the Gaussian (default 1 um, our choice)"),
};
static const ZnRecord bump_record = {"a bump", bump_keys, 3, sizeof(ZnBump), bump_init, NULL};

static const ZnKey seed_keys[] = {
    IKEY(ZnSeed, "initial.seeds", "x", ZK_QTY, x, 0.0, 1.0, LENGTH, NULL, "m", "centre on the substrate"),
    IKEY(ZnSeed, "initial.seeds", "radius", ZK_QTY, radius, 0.0, 1.0, LENGTH, NULL, "m", "half-disc radius, >= 2 interface widths"),
};
static const ZnRecord seed_record = {"a seed", seed_keys, 2, sizeof(ZnSeed), NULL, NULL};

static const ZnKey mushroom_keys[] = {
    IKEY(ZnMushroom, "initial.mushrooms", "x", ZK_QTY, x, 0.0, 1.0, LENGTH, NULL, "m", "centre"),
    IKEY(ZnMushroom, "initial.mushrooms", "neck_width", ZK_QTY, neck_width, 0.0, 1.0, LENGTH, NULL, "m", "width of the stem"),
    IKEY(ZnMushroom, "initial.mushrooms", "neck_height", ZK_QTY, neck_height, 0.0, 1.0, LENGTH, NULL, "m", "stem height above the foil"),
    IKEY(ZnMushroom, "initial.mushrooms", "radius", ZK_QTY, radius, 0.0, 1.0, LENGTH, NULL, "m", "radius of the cap"),
};
static const ZnRecord mushroom_record = {"a mushroom", mushroom_keys, 4, sizeof(ZnMushroom), NULL, NULL};

static void step_init(void *item)
{
    ZnProtocolStep *st = (ZnProtocolStep *)item;
    st->kind = -1;
    st->potential = NAN;
    st->cutoff = NAN;
}

/* The control follows from what the step gives; a step needs an ending. */
#define STEP_KEY(m) (*at = offsetof(ZnProtocolStep, m))
static const char *step_finish(void *item, size_t *at)
{
    ZnProtocolStep *st = (ZnProtocolStep *)item;
    if (st->kind < 0) {
        STEP_KEY(kind);
        return "missing (plate, strip or rest)";
    }
    if (!isnan(st->potential) && st->current > 0.0) {
        STEP_KEY(potential);
        return "a step is driven by a current or by a potential, not both (remove one)";
    }
    st->control = isnan(st->potential) ? ZN_CTRL_CURRENT : ZN_CTRL_POTENTIAL;
    if (st->kind == ZN_STEP_REST) {
        st->control = ZN_CTRL_CURRENT;
        st->current = 0.0;
        if (!(st->time > 0.0)) {
            STEP_KEY(time);
            return "a rest step needs a time > 0";
        }
        return NULL;
    }
    if (st->control == ZN_CTRL_CURRENT && !(st->current > 0.0)) {
        STEP_KEY(current);
        return "a plate or strip step needs a current > 0 (A/m^2) or a potential (V)";
    }
    if (!(st->capacity > 0.0) && !(st->time > 0.0) && isnan(st->cutoff))
        return "needs an ending: capacity (C/m^2), time (s) or cutoff (V)";
    return NULL;
}

static const ZnKey step_keys[] = {
    IKEY(ZnProtocolStep, "protocol.steps", "type", ZK_ENUM, kind, 0, 0, NONE, kinds, "-", "plate, strip or rest"),
    IKEY(ZnProtocolStep, "protocol.steps", "current", ZK_QTY, current, 0.0, 1e6, CURRENT_DENSITY, NULL, "A/m^2", "magnitude of the current (galvanostatic)"),
    IKEY(ZnProtocolStep, "protocol.steps", "potential", ZK_QTY, potential, -5.0, 5.0, POTENTIAL, NULL, "V", "metal potential vs the bulk reference (potentiostatic)"),
    IKEY(ZnProtocolStep, "protocol.steps", "capacity", ZK_QTY, capacity, 0.0, 1e9, AREAL_CHARGE, NULL, "C/m^2", "ends the step after this charge"),
    IKEY(ZnProtocolStep, "protocol.steps", "time", ZK_QTY, time, 0.0, 1e9, TIME, NULL, "s", "ends the step after this time (a rest needs one)"),
    IKEY(ZnProtocolStep, "protocol.steps", "cutoff", ZK_QTY, cutoff, -5.0, 5.0, POTENTIAL, NULL, "V", "ends the step when E passes it (below when plating, above when stripping); with a separator, E less the separator's drop"),
};
static const ZnRecord step_record = {"a step", step_keys, 6, sizeof(ZnProtocolStep), step_init, step_finish};

static void prop_init(void *item)
{
    ((ZnPropRow *)item)->t_plus = NAN;
}

/* A row needs its concentration and both transport properties. */
static const char *prop_finish(void *item, size_t *at)
{
    const ZnPropRow *row = (const ZnPropRow *)item;
    if (!(row->c > 0.0)) {
        *at = offsetof(ZnPropRow, c);
        return "missing (the concentration of this row, e.g. 0.5 M)";
    }
    if (!(row->sigma > 0.0)) {
        *at = offsetof(ZnPropRow, sigma);
        return "missing (the conductivity at this concentration, e.g. 3.1 S/m)";
    }
    if (!(row->D > 0.0)) {
        *at = offsetof(ZnPropRow, D);
        return "missing (the salt diffusivity at this concentration, e.g. 4.5e-10 m^2/s)";
    }
    return NULL;
}

static const ZnKey prop_keys[] = {
    IKEY(ZnPropRow, "electrolyte.properties", "concentration", ZK_QTY, c, 1e-3, 2e4, CONCENTRATION, NULL, "mol/m^3", "salt concentration of the row"),
    IKEY(ZnPropRow, "electrolyte.properties", "conductivity", ZK_QTY, sigma, 1e-6, 1e4, CONDUCTIVITY, NULL, "S/m", "conductivity at it"),
    IKEY(ZnPropRow, "electrolyte.properties", "diffusivity", ZK_QTY, D, 1e-14, 1e-6, DIFFUSIVITY, NULL, "m^2/s", "ambipolar salt diffusivity at it"),
    IKEY(ZnPropRow, "electrolyte.properties", "transference", ZK_QTY, t_plus, 1e-6, 1.0 - 1e-6, NONE, NULL, "-", "t+ at it (in every row or none; sets the bulk t+ only)"),
};
static const ZnRecord prop_record = {"a row", prop_keys, 4, sizeof(ZnPropRow), prop_init, prop_finish};

/* ---- the scenario ----------------------------------------------------------------------- */

static const ZnKey scenario_keys[] = {
    INT("grid", "nx", phys.grid.nx, 4, 1 << 16, ZK_HASH, "cells along the substrate (periodic); many factors of 2 suit the multigrid"),
    INT("grid", "ny", phys.grid.ny, 4, 1 << 16, ZK_HASH, "cells along the substrate normal"),
    QTY("grid", "dx", phys.grid.dx, 1e-10, 1e-3, LENGTH, ZK_HASH, "m", "cell size; at least 4 cells across 2.2 interface widths"),
    QTY("electrolyte", "concentration", phys.c0, 1e-3, 2e4, CONCENTRATION, ZK_HASH, "mol/m^3", "bulk salt c0 (2 M: the review's Table 1 baseline)"),
    QTY("electrolyte", "diffusivity", phys.D_l, 1e-14, 1e-6, DIFFUSIVITY, ZK_HASH, "m^2/s", "ambipolar salt diffusivity (cation diffusivity in cation transport); 3.7e-10 for 2 M ZnSO4 (docs/model.md)"),
    NUM("electrolyte", "transference", phys.t_plus, 1e-6, 1.0 - 1e-6, ZK_HASH, "t+ of Zn2+ (0.4: dilute limit, docs/model.md)"),
    QTY("electrolyte", "conductivity", phys.sigma_l, 1e-6, 1e4, CONDUCTIVITY, ZK_HASH, "S/m", "sigma_l (4.64 S/m measured for 2 M ZnSO4, docs/model.md)"),
    QTY("electrolyte", "temperature", phys.T, 200.0, 500.0, TEMPERATURE, ZK_HASH, "K", "T"),
    LIST_HASHED("electrolyte", "properties", phys.props, phys.nprops, 0, ZN_MAX_PROPS, prop_record, ZK_HASH | ZK_HASH_SET, "{concentration, conductivity, diffusivity, transference}: measured rows; the bulk values become the table's at the concentration, and the conductivity and diffusivity follow the local salt (none: constant; docs/model.md)"),
    QTY("metal", "molar_density", phys.cs, 1.0, 1e6, CONCENTRATION, ZK_HASH, "mol/m^3", "c_s of Zn (7.14 g/cm^3 / 65.38 g/mol)"),
    QTY("metal", "diffusivity", phys.D_s, 0.0, 1e-8, DIFFUSIVITY, ZK_HASH, "m^2/s", "D_s inside the metal (negligible; our choice)"),
    NUM("metal", "conductivity_floor", phys.sigma_floor_ratio, 1e-12, 1.0, ZK_HASH, "metal-side conductivity / sigma_l in the two-field model (numerical; our choice)"),
    QTY("metal", "conductivity", phys.sigma_s, 1e-6, 1e9, CONDUCTIVITY, ZK_HASH, "S/m", "sigma_s of Zn (single-field only; capped at 1e3 sigma_l)"),
    ENUM("model", "potential", phys.potential, pots, ZK_HASH, "two-field or single-field (Chen/Hong; potential control only)"),
    ENUM("model", "transport", phys.transport, trs, ZK_HASH, "binary or cation (Chen/Hong; warns when t_eff is outside (0,1))"),
    ENUM("model", "dead_zn", phys.dead_zn, deads, ZK_HASH, "inert: detached metal does not react; floating: each detached body takes the potential of zero net current"),
    QTY("kinetics", "i0", phys.i0, 1e-6, 1e5, CURRENT_DENSITY, ZK_HASH, "A/m^2", "exchange current density (1 mA/cm^2: middle of the literature range 0.5-10)"),
    NUM("kinetics", "alpha", phys.alpha, 1e-3, 1.0 - 1e-3, ZK_HASH, "cathodic transfer coefficient (0.5: symmetric)"),
    NUM("kinetics", "activity", phys.activity, 0.0, 1e3, ZK_HASH, "multiplier of i0 (additive coverage, zincophilic sites)"),
    QTY("interface", "energy", phys.gamma, 1e-4, 10.0, AREAL_ENERGY, ZK_HASH, "J/m^2", "gamma (0.5: basal Zn, 0.5-1.0 reported)"),
    QTY("interface", "width", phys.delta, 1e-10, 1e-3, LENGTH, ZK_HASH, "m", "delta (0.4 um: as in published Zn phase-field inputs)"),
    NUM("interface", "k2", phys.k2, -0.99, 0.99, ZK_HASH, "kinetic anisotropy, 2-fold; |k2| + |k6| < 1 (0.6: plates of aspect 4, our choice)"),
    NUM("interface", "k6", phys.k6, -0.99, 0.99, ZK_HASH, "kinetic anisotropy, 6-fold (0.02, our choice)"),
    NUM("interface", "d2", phys.d2, -0.99, 0.99, ZK_HASH, "surface-energy anisotropy (chen), 3|d2| + 35|d6| < 1 (our choice)"),
    NUM("interface", "d6", phys.d6, -0.99, 0.99, ZK_HASH, "surface-energy anisotropy, 6-fold (chen; our choice)"),
    ENUM("interface", "texture", phys.texture, textures, ZK_HASH, "002, 101, 100 or angle: the plane parallel to the substrate"),
    NUM("interface", "tilt_deg", phys.tilt_deg, -180.0, 180.0, ZK_HASH, "c-axis tilt from the substrate normal, degrees (texture angle)"),
    ENUM("interface", "capillarity", phys.capillarity, caps, ZK_HASH, "profile (Gibbs-Thomson) or chen (Allen-Cahn)"),
    NUM("interface", "contact_angle_deg", phys.wet_deg, 1.0, 179.0, ZK_HASH, "contact angle of Zn on the collector, degrees (90: no preference, the zero-gradient wall; our choice as default)"),
    QTY("interface", "mobility", phys.L_sigma, 0.0, 1e12, MOBILITY, ZK_HASH, "m^3/(J s)", "L_sigma, required by chen; derived in profile mode"),
    QTY("interface", "gibbs_thomson_energy", phys.gt_gamma, 0.0, 10.0, AREAL_ENERGY, ZK_HASH, "J/m^2", "energy of the Gibbs-Thomson shift (profile mode)"),
    QTY("her", "equilibrium_pH0", phys.her_E_H0, 0.0, 2.0, POTENTIAL, ZK_HASH, "V", "HER equilibrium at pH 0 vs Zn in the bulk (0.753: 0.762 V less (RT/2F) ln 2, ideal 2 M)"),
    NUM("her", "bulk_pH", phys.her_pH_b, 0.0, 14.0, ZK_HASH, "bulk pH (4.3: hydrolysis of 2 M ZnSO4)"),
    NUM("her", "alpha", phys.her_alpha, 1e-3, 1.0 - 1e-3, ZK_HASH, "transfer coefficient (0.5: Tafel slope ~120 mV/dec)"),
    QTY("her", "i0_proton_zn", phys.her_i0H_zn, 0.0, 1e3, CURRENT_DENSITY, ZK_HASH, "A/m^2", "proton-reduction exchange current on Zn (our choice, not calibrated: docs/model.md)"),
    QTY("her", "i0_water_zn", phys.her_i0W_zn, 0.0, 1e3, CURRENT_DENSITY, ZK_HASH, "A/m^2", "water-reduction exchange current on Zn (our choice, not calibrated)"),
    QTY("her", "i0_proton_cu", phys.her_i0H_cu, 0.0, 1e3, CURRENT_DENSITY, ZK_HASH, "A/m^2", "proton-reduction exchange current on exposed Cu (1e3 x Zn)"),
    QTY("her", "i0_water_cu", phys.her_i0W_cu, 0.0, 1e3, CURRENT_DENSITY, ZK_HASH, "A/m^2", "water-reduction exchange current on exposed Cu (1e3 x Zn)"),
    INT("her", "acidity", phys.her_acidity, 0, 1, ZK_HASH, "1: transport the acidity T (hydrolysis, water) and take the proton term at the local pH; 0: pH stays at bulk_pH"),
    QTY("her", "acid_diffusivity", phys.her_D_T, 1e-12, 1e-7, DIFFUSIVITY, ZK_HASH, "m^2/s", "diffusivity of the acidity (5e-9: between H+ and OH- in water)"),
    QTY("her", "buffer_concentration", phys.her_buf_c, 0.0, 5000.0, CONCENTRATION, ZK_HASH, "mol/m^3", "a pH buffer, weak acid HA/A- in the acidity (0: none; a pH-buffer additive's choice)"),
    NUM("her", "buffer_pKa", phys.her_buf_pKa, 0.0, 14.0, ZK_HASH, "the buffer's pKa"),
    INT("her", "zhs", phys.her_zhs, 0, 1, ZK_HASH, "1: zinc hydroxide sulfate precipitates where the pH exceeds zhs_pH, blocks reaction and transport where it sits, and redissolves below it (needs acidity)"),
    NUM("her", "zhs_pH", phys.her_pH_zhs, 0.0, 14.0, ZK_HASH, "pH above which ZHS precipitates (5.5: the onset the review cites)"),
    QTY("her", "zhs_rate", phys.her_k_zhs, 1e-6, 1e9, RATE, ZK_HASH, "1/s", "precipitation rate constant k_p (1e3: fast, the pH stays at zhs_pH where ZHS forms; our choice)"),
    QTY("her", "zhs_molar_volume", phys.her_Vm_zhs, 1e-6, 1e-2, MOLAR_VOLUME, ZK_HASH, "m^3/mol", "per formula unit (2.04e-4: Zn4SO4(OH)6.5H2O, 549.7 g/mol at 2.70 g/cm^3, osakaite)"),
    NUM("her", "zhs_max_fraction", phys.her_zhs_max, 0.01, 0.99, ZK_HASH, "largest volume fraction ZHS fills (0.9: a porous layer; our choice)"),
    NUM("her", "pKa", phys.her_pKa, 0.0, 60.0, ZK_HASH, "hydrolysis Zn2+ + H2O = ZnOH+ + H+ (8.96; 60 switches it off, e.g. for an unbuffered acid)"),
    QTY("numerics", "dt_init", phys.dt_init, 1e-12, 1e6, TIME, ZK_HASH, "s", "first time step"),
    QTY("numerics", "dt_min", phys.dt_min, 1e-15, 1e6, TIME, ZK_HASH, "s", "smallest time step"),
    QTY("numerics", "dt_max", phys.dt_max, 1e-12, 1e6, TIME, ZK_HASH, "s", "largest time step"),
    NUM("numerics", "dxi_max", phys.dxi_max, 1e-6, 0.5, ZK_HASH, "largest change of xi in a step (default: 0.05 with euler, 0.0125 with sbdf2, which keeps facet shares converged: docs/validation.md)"),
    NUM("numerics", "relax_dt", phys.relax_dt, 1e-6, 0.99, ZK_HASH, "dt L_sigma W bound of the explicit double well (default: 0.05 with euler, 2.7 % rate error under potential control; 0.2 with sbdf2, 0.8 %); euler needs 0.01 for ~1 % and <= 0.025 when facet shares or interface lengths are reported (docs/validation.md)"),
    NUM("numerics", "relax_ratio", phys.relax_ratio, 2.0, 1e6, ZK_HASH, "profile relaxation rate / front crossing rate (profile mode)"),
    QTY("numerics", "reference_current", phys.i_ref, 1e-6, 1e7, CURRENT_DENSITY, ZK_HASH, "A/m^2", "plating rate that sets L_sigma (default: the protocol's largest)"),
    NUM("numerics", "solver_tol", phys.solver_tol, 1e-15, 1e-4, ZK_HASH, "relative residual of the elliptic solves"),
    NUM("numerics", "solver_change_tol", phys.solver_change_tol, 0.0, 1e-2, ZK_HASH, "the elliptic solves also stop at this fraction of the residual the last step's solution leaves, i.e. of the change the step makes, whichever target is larger (1e-6: our choice, 3 fewer potential iterations per step; 0: solver_tol alone): docs/numerics.md"),
    ENUM("numerics", "time_scheme", phys.time_scheme, schemes, ZK_HASH, "sbdf2 (default): the phase field second order in dt (time error of a flat front 0.09 % at its relax_dt 0.2; about 3.5 times fewer steps than euler); euler: the first-order IMEX step (relax_dt 0.05), kept to compare: docs/numerics.md"),
    ENUM("numerics", "potential_coupling", phys.pot_coupling, couplings, ZK_HASH, "linearized (default): the potential solve includes the reaction's slope, with its rank-one part under current control (stable where an electrolyte path's resistance times that slope exceeds 1; the charge balance exact under current control, first order in dt under potential control); explicit: the step's reaction is the potential's fixed source (exact charge balance, unstable there: the watchdog then stops the run): docs/numerics.md"),
    QTY("cell", "separator", phys.sep_L, 0.0, 0.01, LENGTH, ZK_HASH, "m", "electrolyte between the domain top and a Zn counter electrode, as a 1D column (0: a bulk reservoir at the domain top)"),
    QTY("initial", "thickness", init.thickness, 0.0, 1.0, LENGTH, ZK_HASH, "m", "Zn foil thickness; 0 = bare Cu collector"),
    QTY("initial", "amplitude", init.sin_amplitude, -1.0, 1.0, LENGTH, ZK_HASH, "m", "cosine surface: half of crest-to-trough"),
    QTY("initial", "wavelength", init.sin_wavelength, 0.0, 1.0, LENGTH, ZK_HASH, "m", "cosine surface wavelength (must divide the width)"),
    LIST("initial", "bumps", init.bumps, init.nbumps, 0, ZN_MAX_SHAPES, bump_record, "{x, height, width} Gaussian bumps"),
    LIST("initial", "seeds", init.seeds, init.nseeds, 0, ZN_MAX_SHAPES, seed_record, "{x, radius} half-discs on the foil or collector"),
    LIST("initial", "mushrooms", init.mushrooms, init.nmushrooms, 0, ZN_MAX_SHAPES, mushroom_record, "{x, neck_width, neck_height, radius}: caps on thin stems (mossy Zn)"),
    QTY("grains", "size", grains.size, 1e-9, 1.0, LENGTH, ZK_HASH, "m", "mean grain size of a polycrystalline foil (Voronoi); required unless map"),
    FRAC3("grains", "texture", grains.frac, ZK_NO_AUX, "{\"002\": a, \"101\": b, \"100\": c}: shares of the grain families (sum 1)"),
    NUM("grains", "spread_deg", grains.spread_deg, 0.0, 90.0, ZK_HASH, "Gaussian spread of each grain's tilt, degrees"),
    KEY("grains", "seed", ZK_U64, grains.seed, 0, 2147483647.0, NONE, NULL, ZK_HASH, "-", "random seed of the grains"),
    KEY("grains", "map", ZK_PATH, grains.map, 0, 0, NONE, NULL, ZK_HASH, "file", "grain map PNG (grey v: one grain, tilt 90 v/255 deg); replaces size"),
    QTY("nucleation", "density", nuc.density, 1.0, 1e18, AREAL_DENSITY, ZK_HASH, "1/m^2", "nucleation sites per area (required)"),
    QTY("nucleation", "radius", nuc.radius, 1e-9, 1e-3, LENGTH, ZK_HASH, "m", "nucleus radius, >= 2 interface widths (required)"),
    ENUM("nucleation", "placement", nuc.placement, places, ZK_HASH, "random, clustered or lattice"),
    ENUM("nucleation", "mode", nuc.mode, nuc_modes, ZK_HASH, "instantaneous or progressive"),
    QTY("nucleation", "rate", nuc.rate, 1e-9, 1e9, RATE, ZK_HASH, "1/s", "activation rate A of a site, N = N0 (1 - exp(-A t)) (progressive)"),
    INT("nucleation", "cluster_size", nuc.cluster_size, 1, 100000, ZK_HASH, "mean sites per cluster (clustered)"),
    QTY("nucleation", "cluster_radius", nuc.cluster_radius, 0.0, 1.0, LENGTH, ZK_HASH, "m", "spread of a site about its cluster centre"),
    FRAC3("nucleation", "texture", nuc.frac, offsetof(ZnScenario, nuc.inherit), "fractions like grains.texture, or substrate: inherit the foil's grain"),
    NUM("nucleation", "spread_deg", nuc.spread_deg, 0.0, 90.0, ZK_HASH, "spread of a nucleus' tilt, degrees"),
    NUM("nucleation", "activity", nuc.activity, 1e-3, 1e3, ZK_HASH, "exchange-current multiplier of nuclei and their deposit"),
    KEY("nucleation", "seed", ZK_U64, nuc.seed, 0, 2147483647.0, NONE, NULL, ZK_HASH, "-", "random seed of the sites"),
    INT("protocol", "cycles", cycles, 1, 100000, ZK_HASH, "repetitions of the steps"),
    LIST("protocol", "steps", steps, nsteps, 1, ZN_MAX_STEPS, step_record, "{type, current or potential, capacity, time, cutoff}"),
    QTY("output", "interval", out_interval, 0.0, 1e9, TIME, ZK_HASH, "s", "time between metrics rows (0: step ends only)"),
    INT("output", "field_snapshots", field_snapshots, 0, 1, 0, "also write the fields at every output time"),
    INT("output", "compress", compress, 0, 1, 0, "zlib-compress the snapshot images of the ParaView series (fields_NNNNN.vti)"),
    KEY("output", "fields", ZK_FLAGS_LIST, fields, 0, 0, NONE, zn_field_names, 0, "list", "which fields the .npy/.vtk outputs hold, e.g. [xi, c] (default: all)"),
    KEY("output", "checkpoint_steps", ZK_LONG, checkpoint_steps, 0, 1 << 30, NONE, NULL, 0, "-", "checkpoint every N steps (0: only at the end and on Ctrl-C)"),
    QTY("output", "checkpoint_wall", checkpoint_wall, 1.0, 1e9, TIME, 0, "s", "and every this much wall time"),
    INT("output", "checkpoint_keep", checkpoint_keep, 1, 100, 0, "checkpoints kept, newest first"),
    INT("output", "frames", frames, 0, 1, 0, "write a PNG frame at every output time"),
    INT("output", "frame_scale", frame_scale, 1, 8, 0, "pixels per cell of the frames"),
    ENUM("output", "frame_style", frame_style, styles, 0, "morphology, or composite (potential beside it)"),
    ENUM("output", "frame_metal", frame_metal, metal_colours, 0, "plain, or orientation (coloured by grain tilt)"),
    ENUM("output", "frame_background", frame_background, backgrounds, 0, "the electrolyte coloured by salt (c/c0) or by pH (needs her.acidity: 1)"),
    KEY("output", "title", ZK_TEXT, title, 0, 0, NONE, NULL, 0, "text", "caption title of the frames (at most 48 characters)"),
    ENUM("", "precision", precision, precisions, ZK_HASH, "double (single precision needs a test showing it is enough)"),
    ENUM("", "backend", backend, zn_backend_names, 0, "auto (the GPU when one answers), cpu or cuda"),
    INT("", "threads", threads, 0, 4096, 0, "CPU threads of the cpu backend; 0: every core (znpf run --threads overrides; tools that start several runs divide the cores)"),
};
const ZnRecord zn_scenario_record = {"the scenario", scenario_keys,
                                     (int)(sizeof scenario_keys / sizeof scenario_keys[0]),
                                     sizeof(ZnScenario), NULL, NULL};

/* Nucleation needs its site density, and a rate when progressive. */
static const char *nucleation_finish(void *scenario, size_t *at)
{
    const ZnNucleation *nu = &((ZnScenario *)scenario)->nuc;
    if (!(nu->density > 0.0)) {
        *at = offsetof(ZnScenario, nuc.density);
        return "missing (sites per area, e.g. 1e6 /cm^2)";
    }
    if (nu->mode == ZN_NUC_PROGRESSIVE && !(nu->rate > 0.0)) {
        *at = offsetof(ZnScenario, nuc.rate);
        return "progressive nucleation needs a rate (e.g. 0.05 /s)";
    }
    return NULL;
}

const ZnSection zn_scenario_sections[] = {
    {"grid", ZK_NO_AUX, 0, NULL},
    {"electrolyte", ZK_NO_AUX, 0, NULL},
    {"metal", ZK_NO_AUX, 0, NULL},
    {"model", ZK_NO_AUX, 0, NULL},
    {"kinetics", ZK_NO_AUX, 0, NULL},
    {"interface", ZK_NO_AUX, 0, NULL},
    {"her", offsetof(ZnScenario, phys.her), 0, NULL},
    {"numerics", ZK_NO_AUX, 0, NULL},
    {"cell", ZK_NO_AUX, 0, NULL},
    {"initial", ZK_NO_AUX, 0, NULL},
    {"grains", offsetof(ZnScenario, grains.enabled), 0, NULL},
    {"nucleation", offsetof(ZnScenario, nuc.enabled), 0, nucleation_finish},
    {"protocol", ZK_NO_AUX, 1, NULL},
    {"output", ZK_NO_AUX, 0, NULL},
    {"", ZK_NO_AUX, 0, NULL},
};
const int zn_scenario_nsections = (int)(sizeof zn_scenario_sections / sizeof zn_scenario_sections[0]);
