/* scenario.c - YAML scenario -> ZnScenario, strictly: every key is known, every value is a
 * number in its range, and each complaint names file:line:col and the key. */
/* realpath */
#define _XOPEN_SOURCE 700
#include "scenario.h"
#include "units.h"
#include "yaml_tree.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Rd {
    const char *file;
    char *why;
    size_t len;
    int failed;
} Rd;

static void rd_fail_at(Rd *r, int line, int col, const char *key, const char *msg)
{
    if (r->failed) return;
    snprintf(r->why, r->len, "%s:%d:%d: %s: %s", r->file, line, col, key, msg);
    r->failed = 1;
}

/* Complaint about a value: points at the value, in the file it came from (a base file or the
 * command line may have supplied it). */
static void rd_fail(Rd *r, const YNode *n, const char *key, const char *msg)
{
    const char *keep = r->file;
    if (n && n->file && n->file[0]) r->file = n->file;
    rd_fail_at(r, n ? n->line : 1, n ? n->col : 1, key, msg);
    r->file = keep;
}

/* Edit distance, for the did-you-mean of unknown keys. */
static int edit_distance(const char *a, const char *b)
{
    int la = (int)strlen(a), lb = (int)strlen(b);
    if (la > 63 || lb > 63) return 99;
    int d[64][64];
    for (int i = 0; i <= la; i++) d[i][0] = i;
    for (int j = 0; j <= lb; j++) d[0][j] = j;
    for (int i = 1; i <= la; i++)
        for (int j = 1; j <= lb; j++) {
            int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            int x = d[i - 1][j] + 1, y = d[i][j - 1] + 1;
            d[i][j] = c < x ? (c < y ? c : y) : (x < y ? x : y);
        }
    return d[la][lb];
}

/* Any key of map not marked used is an error, with the closest allowed key suggested. */
static void rd_unknown(Rd *r, const YNode *map, const char *section, const char *const *allowed)
{
    for (const YNode *c = map ? map->child : NULL; c && !r->failed; c = c->next) {
        if (c->used || !c->key) continue;
        const char *best = NULL;
        int bd = 99;
        for (int k = 0; allowed[k]; k++) {
            int d = edit_distance(c->key, allowed[k]);
            if (d < bd) {
                bd = d;
                best = allowed[k];
            }
        }
        char key[128], msg[256];
        snprintf(key, sizeof key, "%s%s%s", section, section[0] ? "." : "", c->key);
        if (best && bd <= 3)
            snprintf(msg, sizeof msg, "unknown key (did you mean '%s'?)", best);
        else
            snprintf(msg, sizeof msg, "unknown key");
        const char *keep = r->file;
        if (c->file && c->file[0]) r->file = c->file;
        rd_fail_at(r, c->key_line, c->key_col, key, msg); /* points at the key itself */
        r->file = keep;
    }
}

static YNode *rd_section(Rd *r, YNode *root, const char *name, int kind)
{
    YNode *n = ytree_get(root, name);
    if (n && n->kind != kind) {
        rd_fail(r, n, name, kind == YT_MAP ? "expected a mapping of keys" : "expected a list");
        return NULL;
    }
    return n;
}

/* A quantity: number with an optional unit of dimension dim, converted to SI, in [lo, hi]. */
static void rd_quantity(Rd *r, YNode *map, const char *section, const char *key, ZnDim dim,
                        double lo, double hi, double *dst)
{
    YNode *n = ytree_get(map, key);
    if (!n || r->failed) return;
    char full[128], msg[300], why[200];
    snprintf(full, sizeof full, "%s.%s", section, key);
    if (n->kind != YT_SCALAR) {
        snprintf(msg, sizeof msg, "expected %s", units_dim_name(dim));
        rd_fail(r, n, full, msg);
        return;
    }
    double v;
    if (units_parse(n->value, dim, &v, why, sizeof why) != 0) {
        rd_fail(r, n, full, why);
        return;
    }
    if (!(v >= lo && v <= hi)) {
        snprintf(msg, sizeof msg, "%s is out of range (expected %g to %g in SI units)", n->value, lo, hi);
        rd_fail(r, n, full, msg);
        return;
    }
    *dst = v;
}

static void rd_double(Rd *r, YNode *map, const char *section, const char *key, double lo,
                      double hi, double *dst)
{
    rd_quantity(r, map, section, key, ZN_DIM_NONE, lo, hi, dst);
}

static void rd_int(Rd *r, YNode *map, const char *section, const char *key, int lo, int hi, int *dst)
{
    double v = *dst;
    YNode *n = ytree_get(map, key);
    if (!n) return;
    n->used = 0; /* rd_double marks it again */
    rd_double(r, map, section, key, lo, hi, &v);
    if (!r->failed && v != floor(v)) {
        char full[128];
        snprintf(full, sizeof full, "%s.%s", section, key);
        rd_fail(r, n, full, "expected a whole number");
        return;
    }
    *dst = (int)v;
}

static void rd_enum(Rd *r, YNode *map, const char *section, const char *key,
                    const char *const *names, int *dst)
{
    YNode *n = ytree_get(map, key);
    if (!n || r->failed) return;
    char full[128], msg[256];
    snprintf(full, sizeof full, "%s%s%s", section, section[0] ? "." : "", key);
    if (n->kind == YT_SCALAR)
        for (int k = 0; names[k]; k++)
            if (strcmp(n->value, names[k]) == 0) {
                *dst = k;
                return;
            }
    size_t off = (size_t)snprintf(msg, sizeof msg, "expected one of");
    for (int k = 0; names[k] && off < sizeof msg; k++)
        off += (size_t)snprintf(msg + off, sizeof msg - off, " %s", names[k]);
    rd_fail(r, n, full, msg);
}

static void read_physics(Rd *r, YNode *root, ZnScenario *sc)
{
    ZnPhys *p = &sc->phys;
    YNode *g = rd_section(r, root, "grid", YT_MAP);
    static const char *const grid_keys[] = {"nx", "ny", "dx", NULL};
    rd_int(r, g, "grid", "nx", 4, 1 << 16, &p->grid.nx);
    rd_int(r, g, "grid", "ny", 4, 1 << 16, &p->grid.ny);
    rd_quantity(r, g, "grid", "dx", ZN_DIM_LENGTH, 1e-10, 1e-3, &p->grid.dx);
    rd_unknown(r, g, "grid", grid_keys);

    YNode *e = rd_section(r, root, "electrolyte", YT_MAP);
    static const char *const el_keys[] = {"concentration", "diffusivity", "transference",
                                          "conductivity", "temperature", NULL};
    rd_quantity(r, e, "electrolyte", "concentration", ZN_DIM_CONCENTRATION, 1e-3, 2e4, &p->c0);
    rd_quantity(r, e, "electrolyte", "diffusivity", ZN_DIM_DIFFUSIVITY, 1e-14, 1e-6, &p->D_l);
    rd_double(r, e, "electrolyte", "transference", 1e-6, 1.0 - 1e-6, &p->t_plus);
    rd_quantity(r, e, "electrolyte", "conductivity", ZN_DIM_CONDUCTIVITY, 1e-6, 1e4, &p->sigma_l);
    rd_quantity(r, e, "electrolyte", "temperature", ZN_DIM_TEMPERATURE, 200.0, 500.0, &p->T);
    rd_unknown(r, e, "electrolyte", el_keys);

    YNode *m = rd_section(r, root, "metal", YT_MAP);
    static const char *const metal_keys[] = {"molar_density", "diffusivity", "conductivity_floor",
                                             "conductivity", NULL};
    rd_quantity(r, m, "metal", "molar_density", ZN_DIM_CONCENTRATION, 1.0, 1e6, &p->cs);
    rd_quantity(r, m, "metal", "diffusivity", ZN_DIM_DIFFUSIVITY, 0.0, 1e-8, &p->D_s);
    rd_double(r, m, "metal", "conductivity_floor", 1e-12, 1.0, &p->sigma_floor_ratio);
    rd_quantity(r, m, "metal", "conductivity", ZN_DIM_CONDUCTIVITY, 1e-6, 1e9, &p->sigma_s);
    rd_unknown(r, m, "metal", metal_keys);

    YNode *mo = rd_section(r, root, "model", YT_MAP);
    static const char *const model_keys[] = {"potential", "transport", "dead_zn", NULL};
    static const char *const deads[] = {"inert", "floating", NULL};
    static const char *const pots[] = {"two-field", "single-field", NULL};
    static const char *const trs[] = {"binary", "cation", NULL};
    rd_enum(r, mo, "model", "potential", pots, &p->potential);
    rd_enum(r, mo, "model", "transport", trs, &p->transport);
    rd_enum(r, mo, "model", "dead_zn", deads, &p->dead_zn);
    rd_unknown(r, mo, "model", model_keys);

    YNode *k = rd_section(r, root, "kinetics", YT_MAP);
    static const char *const kin_keys[] = {"i0", "alpha", "activity", NULL};
    rd_quantity(r, k, "kinetics", "i0", ZN_DIM_CURRENT_DENSITY, 1e-6, 1e5, &p->i0);
    rd_double(r, k, "kinetics", "alpha", 1e-3, 1.0 - 1e-3, &p->alpha);
    rd_double(r, k, "kinetics", "activity", 0.0, 1e3, &p->activity);
    rd_unknown(r, k, "kinetics", kin_keys);

    YNode *in = rd_section(r, root, "interface", YT_MAP);
    static const char *const if_keys[] = {"energy", "width", "k2", "k6", "d2", "d6", "texture",
                                          "tilt_deg", "capillarity", "mobility",
                                          "gibbs_thomson_energy", NULL};
    static const char *const textures[] = {"002", "101", "100", "angle", NULL};
    static const char *const caps[] = {"profile", "chen", NULL};
    rd_quantity(r, in, "interface", "energy", ZN_DIM_AREAL_ENERGY, 1e-4, 10.0, &p->gamma);
    rd_quantity(r, in, "interface", "width", ZN_DIM_LENGTH, 1e-10, 1e-3, &p->delta);
    rd_double(r, in, "interface", "k2", -0.99, 0.99, &p->k2);
    rd_double(r, in, "interface", "k6", -0.99, 0.99, &p->k6);
    rd_double(r, in, "interface", "d2", -0.99, 0.99, &p->d2);
    rd_double(r, in, "interface", "d6", -0.99, 0.99, &p->d6);
    rd_enum(r, in, "interface", "texture", textures, &p->texture);
    rd_double(r, in, "interface", "tilt_deg", -180.0, 180.0, &p->tilt_deg);
    rd_enum(r, in, "interface", "capillarity", caps, &p->capillarity);
    rd_quantity(r, in, "interface", "mobility", ZN_DIM_MOBILITY, 0.0, 1e12, &p->L_sigma);
    rd_quantity(r, in, "interface", "gibbs_thomson_energy", ZN_DIM_AREAL_ENERGY, 0.0, 10.0, &p->gt_gamma);
    rd_unknown(r, in, "interface", if_keys);

    YNode *nu = rd_section(r, root, "numerics", YT_MAP);
    static const char *const num_keys[] = {"dt_init", "dt_min", "dt_max", "dxi_max", "relax_dt",
                                           "relax_ratio", "reference_current", "solver_tol", NULL};
    rd_quantity(r, nu, "numerics", "dt_init", ZN_DIM_TIME, 1e-12, 1e6, &p->dt_init);
    rd_quantity(r, nu, "numerics", "dt_min", ZN_DIM_TIME, 1e-15, 1e6, &p->dt_min);
    rd_quantity(r, nu, "numerics", "dt_max", ZN_DIM_TIME, 1e-12, 1e6, &p->dt_max);
    rd_double(r, nu, "numerics", "dxi_max", 1e-6, 0.5, &p->dxi_max);
    rd_double(r, nu, "numerics", "relax_dt", 1e-6, 0.99, &p->relax_dt);
    rd_double(r, nu, "numerics", "relax_ratio", 2.0, 1e6, &p->relax_ratio);
    p->i_ref = 0.0;
    rd_quantity(r, nu, "numerics", "reference_current", ZN_DIM_CURRENT_DENSITY, 1e-6, 1e7, &p->i_ref);
    rd_double(r, nu, "numerics", "solver_tol", 1e-15, 1e-4, &p->solver_tol);
    rd_unknown(r, nu, "numerics", num_keys);
}

static void read_initial(Rd *r, YNode *root, ZnScenario *sc)
{
    ZnInitial *in = &sc->init;
    YNode *s = rd_section(r, root, "initial", YT_MAP);
    static const char *const keys[] = {"thickness", "amplitude", "wavelength", "bumps", "seeds",
                                       "mushrooms", NULL};
    rd_quantity(r, s, "initial", "thickness", ZN_DIM_LENGTH, 0.0, 1.0, &in->thickness);
    rd_quantity(r, s, "initial", "amplitude", ZN_DIM_LENGTH, -1.0, 1.0, &in->sin_amplitude);
    rd_quantity(r, s, "initial", "wavelength", ZN_DIM_LENGTH, 0.0, 1.0, &in->sin_wavelength);
    YNode *b = rd_section(r, s, "bumps", YT_SEQ);
    static const char *const bump_keys[] = {"x", "height", "width", NULL};
    for (YNode *it = b ? b->child : NULL; it && !r->failed; it = it->next) {
        if (in->nbumps == ZN_MAX_SHAPES || it->kind != YT_MAP) {
            rd_fail(r, it, "initial.bumps", it->kind != YT_MAP ? "each bump is a mapping {x, height, width}"
                                                                : "too many bumps (at most 256)");
            break;
        }
        ZnBump *bp = &in->bumps[in->nbumps++];
        bp->width = 1e-6;
        rd_quantity(r, it, "initial.bumps", "x", ZN_DIM_LENGTH, 0.0, 1.0, &bp->x);
        rd_quantity(r, it, "initial.bumps", "height", ZN_DIM_LENGTH, -1.0, 1.0, &bp->height);
        rd_quantity(r, it, "initial.bumps", "width", ZN_DIM_LENGTH, 1e-12, 1.0, &bp->width);
        rd_unknown(r, it, "initial.bumps", bump_keys);
    }
    YNode *sd = rd_section(r, s, "seeds", YT_SEQ);
    static const char *const seed_keys[] = {"x", "radius", NULL};
    for (YNode *it = sd ? sd->child : NULL; it && !r->failed; it = it->next) {
        if (in->nseeds == ZN_MAX_SHAPES || it->kind != YT_MAP) {
            rd_fail(r, it, "initial.seeds", it->kind != YT_MAP ? "each seed is a mapping {x, radius}"
                                                                : "too many seeds (at most 256)");
            break;
        }
        ZnSeed *sp = &in->seeds[in->nseeds++];
        sp->radius = 0.0;
        rd_quantity(r, it, "initial.seeds", "x", ZN_DIM_LENGTH, 0.0, 1.0, &sp->x);
        rd_quantity(r, it, "initial.seeds", "radius", ZN_DIM_LENGTH, 0.0, 1.0, &sp->radius);
        rd_unknown(r, it, "initial.seeds", seed_keys);
    }
    YNode *mu = rd_section(r, s, "mushrooms", YT_SEQ);
    static const char *const mu_keys[] = {"x", "neck_width", "neck_height", "radius", NULL};
    for (YNode *it = mu ? mu->child : NULL; it && !r->failed; it = it->next) {
        if (in->nmushrooms == ZN_MAX_SHAPES || it->kind != YT_MAP) {
            rd_fail(r, it, "initial.mushrooms", it->kind != YT_MAP ? "each is a mapping {x, neck_width, "
                    "neck_height, radius}" : "too many mushrooms (at most 256)");
            break;
        }
        ZnMushroom *m = &in->mushrooms[in->nmushrooms++];
        memset(m, 0, sizeof *m);
        rd_quantity(r, it, "initial.mushrooms", "x", ZN_DIM_LENGTH, 0.0, 1.0, &m->x);
        rd_quantity(r, it, "initial.mushrooms", "neck_width", ZN_DIM_LENGTH, 0.0, 1.0, &m->neck_width);
        rd_quantity(r, it, "initial.mushrooms", "neck_height", ZN_DIM_LENGTH, 0.0, 1.0, &m->neck_height);
        rd_quantity(r, it, "initial.mushrooms", "radius", ZN_DIM_LENGTH, 0.0, 1.0, &m->radius);
        rd_unknown(r, it, "initial.mushrooms", mu_keys);
    }
    rd_unknown(r, s, "initial", keys);
}

/* Texture fractions {"002": a, "101": b, "100": c}: non-negative, summing to 1 within 1 %
 * (then normalised). With allow_substrate, the word "substrate" sets *inherit instead. */
static void rd_fractions(Rd *r, YNode *map, const char *section, double frac[3], int allow_substrate,
                         int *inherit)
{
    YNode *n = ytree_get(map, "texture");
    if (!n || r->failed) return;
    char full[128];
    snprintf(full, sizeof full, "%s.texture", section);
    if (allow_substrate && n->kind == YT_SCALAR && strcmp(n->value, "substrate") == 0) {
        *inherit = 1;
        return;
    }
    if (n->kind != YT_MAP) {
        rd_fail(r, n, full, allow_substrate ? "expected fractions {\"002\": a, \"101\": b, \"100\": c} "
                "or the word substrate" : "expected fractions {\"002\": a, \"101\": b, \"100\": c}");
        return;
    }
    static const char *const fam[] = {"002", "101", "100", NULL};
    double f[3] = {0.0, 0.0, 0.0};
    for (int k = 0; k < 3; k++) rd_double(r, n, full, fam[k], 0.0, 1.0, &f[k]);
    rd_unknown(r, n, full, fam);
    if (r->failed) return;
    double sum = f[0] + f[1] + f[2];
    if (fabs(sum - 1.0) > 0.01) {
        char msg[160];
        snprintf(msg, sizeof msg, "the fractions sum to %.4g (expected 1: they are the shares of "
                 "(002), (101) and (100))", sum);
        rd_fail(r, n, full, msg);
        return;
    }
    for (int k = 0; k < 3; k++) frac[k] = f[k] / sum;
    *inherit = 0;
}

static void rd_seed(Rd *r, YNode *map, const char *section, uint64_t *seed)
{
    int v = (int)*seed;
    rd_int(r, map, section, "seed", 0, 2147483647, &v);
    *seed = (uint64_t)v;
}

static void read_texture(Rd *r, YNode *root, ZnScenario *sc)
{
    ZnPolycrystal *pc = &sc->grains;
    YNode *g = rd_section(r, root, "grains", YT_MAP);
    if (g) {
        static const char *const keys[] = {"size", "texture", "spread_deg", "seed", "map", NULL};
        int dummy = 0;
        pc->enabled = 1;
        rd_quantity(r, g, "grains", "size", ZN_DIM_LENGTH, 1e-9, 1.0, &pc->size);
        rd_fractions(r, g, "grains", pc->frac, 0, &dummy);
        rd_double(r, g, "grains", "spread_deg", 0.0, 90.0, &pc->spread_deg);
        rd_seed(r, g, "grains", &pc->seed);
        YNode *mp = ytree_get(g, "map");
        if (mp && !r->failed) {
            mp->used = 1;
            const char *from = mp->file && mp->file[0] ? mp->file : r->file;
            const char *slash = strrchr(from, '/');
            if (mp->kind != YT_SCALAR || !mp->value[0]) {
                rd_fail(r, mp, "grains.map", "expected a PNG file name");
            } else {
                if (mp->value[0] == '/' || !slash) snprintf(pc->map, sizeof pc->map, "%s", mp->value);
                else snprintf(pc->map, sizeof pc->map, "%.*s/%s", (int)(slash - from), from, mp->value);
                FILE *f = fopen(pc->map, "rb");
                char abs[4096];
                if (!f) rd_fail(r, mp, "grains.map", "cannot open the file (a path relative to this scenario)");
                else fclose(f);
                /* the resolved scenario in a run folder must find it from there too */
                if (f && realpath(pc->map, abs) && strlen(abs) < sizeof pc->map)
                    snprintf(pc->map, sizeof pc->map, "%s", abs);
            }
        }
        rd_unknown(r, g, "grains", keys);
    }
    ZnNucleation *nu = &sc->nuc;
    YNode *n = rd_section(r, root, "nucleation", YT_MAP);
    if (n) {
        static const char *const keys[] = {"density", "radius", "placement", "mode", "rate",
                                           "cluster_size", "cluster_radius", "texture",
                                           "spread_deg", "activity", "seed", NULL};
        static const char *const places[] = {"random", "clustered", "lattice", NULL};
        static const char *const modes[] = {"instantaneous", "progressive", NULL};
        nu->enabled = 1;
        rd_quantity(r, n, "nucleation", "density", ZN_DIM_AREAL_DENSITY, 1.0, 1e18, &nu->density);
        rd_quantity(r, n, "nucleation", "radius", ZN_DIM_LENGTH, 1e-9, 1e-3, &nu->radius);
        rd_enum(r, n, "nucleation", "placement", places, &nu->placement);
        rd_enum(r, n, "nucleation", "mode", modes, &nu->mode);
        rd_quantity(r, n, "nucleation", "rate", ZN_DIM_RATE, 1e-9, 1e9, &nu->rate);
        rd_int(r, n, "nucleation", "cluster_size", 1, 100000, &nu->cluster_size);
        rd_quantity(r, n, "nucleation", "cluster_radius", ZN_DIM_LENGTH, 0.0, 1.0, &nu->cluster_radius);
        rd_fractions(r, n, "nucleation", nu->frac, 1, &nu->inherit);
        rd_double(r, n, "nucleation", "spread_deg", 0.0, 90.0, &nu->spread_deg);
        rd_double(r, n, "nucleation", "activity", 1e-3, 1e3, &nu->activity);
        rd_seed(r, n, "nucleation", &nu->seed);
        rd_unknown(r, n, "nucleation", keys);
        if (!r->failed && !ytree_get(n, "density"))
            rd_fail(r, n, "nucleation.density", "missing (sites per area, e.g. 1e6 /cm^2)");
        if (!r->failed && nu->mode == ZN_NUC_PROGRESSIVE && !ytree_get(n, "rate"))
            rd_fail(r, n, "nucleation.rate", "progressive nucleation needs a rate (e.g. 0.05 /s)");
    }
}

/* Cross-checks of the texture sections against the physics and the initial deposit. */
static int texture_validate(const ZnScenario *sc, char *why, size_t why_len)
{
    const ZnPhys *p = &sc->phys;
    if (sc->grains.enabled && !sc->grains.map[0] && !(sc->init.thickness > 0.0)) {
        snprintf(why, why_len, "grains: a polycrystalline substrate needs a Zn foil "
                 "(initial.thickness > 0; on Cu the grains come from nucleation)");
        return -1;
    }
    if (sc->grains.enabled && !sc->grains.map[0] && !(sc->grains.size > 0.0)) {
        snprintf(why, why_len, "grains.size: missing (mean grain size, e.g. 5 um) or give grains.map");
        return -1;
    }
    if (sc->nuc.enabled) {
        const ZnNucleation *nu = &sc->nuc;
        if (!(nu->radius >= 2.0 * p->delta)) {
            snprintf(why, why_len, "nucleation.radius: %.3g m is under 2 interface widths (%.3g m): "
                     "such a nucleus is not resolved", nu->radius, 2.0 * p->delta);
            return -1;
        }
        if (nu->inherit && !(sc->init.thickness > 0.0)) {
            snprintf(why, why_len, "nucleation.texture: substrate: a Cu collector has no orientation "
                     "to inherit (give fractions)");
            return -1;
        }
        if (sc->init.thickness + nu->radius > p->grid.ny * p->grid.dx - 2.0 * p->delta) {
            snprintf(why, why_len, "nucleation.radius: nuclei would reach the top of the domain");
            return -1;
        }
        double sites = p->grid.nx * p->grid.dx * sqrt(nu->density);
        if (sites > 1e6) {
            snprintf(why, why_len, "nucleation.density: %.3g sites in the section (at most 1e6)", sites);
            return -1;
        }
    }
    return 0;
}

static void read_protocol(Rd *r, YNode *root, ZnScenario *sc)
{
    YNode *pr = rd_section(r, root, "protocol", YT_MAP);
    if (!pr) {
        if (!r->failed) rd_fail(r, root, "protocol", "missing (expected a list of steps)");
        return;
    }
    static const char *const keys[] = {"cycles", "steps", NULL};
    rd_int(r, pr, "protocol", "cycles", 1, 100000, &sc->cycles);
    YNode *steps = rd_section(r, pr, "steps", YT_SEQ);
    if (!steps || !steps->child) {
        if (!r->failed) rd_fail(r, pr, "protocol.steps", "missing (expected at least one step)");
        return;
    }
    static const char *const step_keys[] = {"type", "current", "potential", "capacity", "time", "cutoff", NULL};
    static const char *const kinds[] = {"plate", "strip", "rest", NULL};
    for (YNode *it = steps->child; it && !r->failed; it = it->next) {
        if (sc->nsteps == ZN_MAX_STEPS || it->kind != YT_MAP) {
            rd_fail(r, it, "protocol.steps", it->kind != YT_MAP ? "each step is a mapping"
                                                                 : "too many steps (at most 32)");
            break;
        }
        ZnProtocolStep *st = &sc->steps[sc->nsteps++];
        memset(st, 0, sizeof *st);
        st->cutoff = NAN;
        st->kind = -1;
        rd_enum(r, it, "protocol.steps", "type", kinds, &st->kind);
        if (!r->failed && st->kind < 0) rd_fail(r, it, "protocol.steps.type", "missing (plate, strip or rest)");
        st->potential = NAN;
        rd_quantity(r, it, "protocol.steps", "current", ZN_DIM_CURRENT_DENSITY, 0.0, 1e6, &st->current);
        rd_quantity(r, it, "protocol.steps", "potential", ZN_DIM_POTENTIAL, -5.0, 5.0, &st->potential);
        rd_quantity(r, it, "protocol.steps", "capacity", ZN_DIM_AREAL_CHARGE, 0.0, 1e9, &st->capacity);
        rd_quantity(r, it, "protocol.steps", "time", ZN_DIM_TIME, 0.0, 1e9, &st->time);
        rd_quantity(r, it, "protocol.steps", "cutoff", ZN_DIM_POTENTIAL, -5.0, 5.0, &st->cutoff);
        rd_unknown(r, it, "protocol.steps", step_keys);
        if (r->failed) break;
        st->control = isnan(st->potential) ? ZN_CTRL_CURRENT : ZN_CTRL_POTENTIAL;
        if (st->kind == ZN_STEP_REST) {
            st->control = ZN_CTRL_CURRENT;
            st->current = 0.0;
            if (!(st->time > 0.0)) rd_fail(r, it, "protocol.steps.time", "a rest step needs a time > 0");
        } else {
            if (st->control == ZN_CTRL_CURRENT && !(st->current > 0.0))
                rd_fail(r, it, "protocol.steps.current",
                        "a plate or strip step needs a current > 0 (A/m^2) or a potential (V)");
            if (!(st->capacity > 0.0) && !(st->time > 0.0) && isnan(st->cutoff))
                rd_fail(r, it, "protocol.steps", "needs an ending: capacity (C/m^2), time (s) or cutoff (V)");
        }
    }
    rd_unknown(r, pr, "protocol", keys);
}

/* The plating rate that sets the phase-field relaxation (profile mode): the largest current
 * of the protocol, or the Butler-Volmer rate at its potentials. */
static double reference_current(const ZnScenario *sc)
{
    const ZnPhys *p = &sc->phys;
    double f = p->n * ZN_FARADAY / (ZN_GAS_R * p->T), best = 0.0;
    for (int k = 0; k < sc->nsteps; k++) {
        const ZnProtocolStep *s = &sc->steps[k];
        double i = s->current;
        if (s->control == ZN_CTRL_POTENTIAL)
            i = p->i0 * fabs(exp((1 - p->alpha) * f * s->potential) - exp(-p->alpha * f * s->potential));
        if (i > best) best = i;
    }
    return best > 0.1 * p->i0 ? best : 0.1 * p->i0;
}

/* Loads path and, through its 'base:' key, the files it inherits from (relative paths are
 * relative to the inheriting file); the inheriting file's keys win. */
static YNode *load_with_base(const char *path, int depth, char *why, size_t why_len)
{
    if (depth > 8) {
        snprintf(why, why_len, "%s: base: more than 8 levels of inheritance (a cycle?)", path);
        return NULL;
    }
    YNode *root = ytree_load(path, why, why_len);
    if (!root) return NULL;
    YNode *b = ytree_get(root, "base");
    if (!b) return root;
    if (b->kind != YT_SCALAR) {
        snprintf(why, why_len, "%s:%d:%d: base: expected a file name", path, b->line, b->col);
        ytree_free(root);
        return NULL;
    }
    char bpath[4096];
    const char *slash = strrchr(path, '/');
    if (b->value[0] == '/' || !slash)
        snprintf(bpath, sizeof bpath, "%s", b->value);
    else
        snprintf(bpath, sizeof bpath, "%.*s/%s", (int)(slash - path), path, b->value);
    char inner[1024];
    YNode *base = load_with_base(bpath, depth + 1, inner, sizeof inner);
    if (!base) {
        snprintf(why, why_len, "%s:%d:%d: base: %s", path, b->line, b->col, inner);
        ytree_free(root);
        return NULL;
    }
    /* drop the base key itself, then lay this file over its base */
    for (YNode **pp = &root->child; *pp; pp = &(*pp)->next)
        if (*pp == b) {
            *pp = b->next;
            b->next = NULL;
            ytree_free(b);
            break;
        }
    ytree_overlay(base, root);
    return base;
}

int scenario_load(const char *path, ZnScenario *sc, char *why, size_t why_len)
{
    return scenario_load_with(path, NULL, 0, sc, why, why_len);
}

static int load_with(const char *path, const char *const *sets, int nsets, ZnScenario *sc,
                     char *why, size_t why_len);

/* The node of the dotted key that starts a validation reason ("interface.width: ..."),
 * indices such as "seeds[2]" dropped; NULL when the file does not hold it. */
static const YNode *key_node(YNode *root, const char *reason)
{
    char key[128];
    size_t n = strcspn(reason, ":");
    if (n == 0 || n >= sizeof key) return NULL;
    snprintf(key, sizeof key, "%.*s", (int)n, reason);
    YNode *cur = root, *found = NULL;
    for (char *part = strtok(key, "."); part && cur; part = strtok(NULL, ".")) {
        char *br = strchr(part, '[');
        if (br) *br = 0;
        found = NULL;
        if (cur->kind == YT_MAP)
            for (YNode *c = cur->child; c; c = c->next)
                if (c->key && strcmp(c->key, part) == 0) found = c;
        cur = found;
    }
    return found;
}

int scenario_load_with(const char *path, const char *const *sets, int nsets, ZnScenario *sc,
                       char *why, size_t why_len)
{
    int rc = load_with(path, sets, nsets, sc, why, why_len);
    /* messages quote the user's text, which may hold line breaks: keep them to one line */
    if (rc != 0)
        for (char *p = why; *p; p++)
            if ((unsigned char)*p < 0x20) *p = ' ';
    return rc;
}

static int load_with(const char *path, const char *const *sets, int nsets, ZnScenario *sc,
                     char *why, size_t why_len)
{
    memset(sc, 0, sizeof *sc);
    phys_defaults(&sc->phys);
    sc->cycles = 1;
    sc->out_interval = 0.0;
    sc->checkpoint_wall = 600.0;
    sc->checkpoint_keep = 2;
    sc->frame_scale = 2;
    /* texture defaults: equal shares, instantaneous random nuclei of the bulk activity */
    for (int k = 0; k < 3; k++) sc->grains.frac[k] = sc->nuc.frac[k] = 1.0 / 3.0;
    sc->grains.seed = sc->nuc.seed = 1;
    sc->nuc.activity = 1.0;
    sc->nuc.cluster_size = 5;
    sc->nuc.cluster_radius = 2e-6;
    snprintf(sc->backend, sizeof sc->backend, "auto");
    YNode *root = load_with_base(path, 0, why, why_len);
    if (!root) return -1;
    for (int k = 0; k < nsets; k++) {
        const char *eq = strchr(sets[k], '=');
        char key[256];
        if (!eq || eq == sets[k] || (size_t)(eq - sets[k]) >= sizeof key) {
            snprintf(why, why_len, "--set %s: expected key.path=value", sets[k]);
            ytree_free(root);
            return -1;
        }
        snprintf(key, sizeof key, "%.*s", (int)(eq - sets[k]), sets[k]);
        if (ytree_set(root, key, eq + 1, why, why_len) != 0) {
            ytree_free(root);
            return -1;
        }
    }
    Rd r = {path, why, why_len, 0};
    read_physics(&r, root, sc);
    read_initial(&r, root, sc);
    read_texture(&r, root, sc);
    read_protocol(&r, root, sc);
    YNode *o = rd_section(&r, root, "output", YT_MAP);
    static const char *const out_keys[] = {"interval", "field_snapshots", "checkpoint_steps",
                                           "checkpoint_wall", "checkpoint_keep", "frames",
                                           "frame_scale", "frame_style", "frame_metal", "title", NULL};
    rd_quantity(&r, o, "output", "interval", ZN_DIM_TIME, 0.0, 1e9, &sc->out_interval);
    rd_int(&r, o, "output", "field_snapshots", 0, 1, &sc->field_snapshots);
    int every = 0;
    rd_int(&r, o, "output", "checkpoint_steps", 0, 1 << 30, &every);
    sc->checkpoint_steps = every;
    rd_quantity(&r, o, "output", "checkpoint_wall", ZN_DIM_TIME, 1.0, 1e9, &sc->checkpoint_wall);
    rd_int(&r, o, "output", "checkpoint_keep", 1, 100, &sc->checkpoint_keep);
    rd_int(&r, o, "output", "frames", 0, 1, &sc->frames);
    rd_int(&r, o, "output", "frame_scale", 1, 8, &sc->frame_scale);
    YNode *tn = ytree_get(o, "title");
    if (tn && !r.failed) {
        if (tn->kind != YT_SCALAR || strlen(tn->value) > 48 || strpbrk(tn->value, "\"\\\n\t"))
            rd_fail(&r, tn, "output.title", "expected a short text (at most 48 characters, no quotes, "
                    "backslashes or line breaks)");
        else
            snprintf(sc->title, sizeof sc->title, "%s", tn->value);
    }
    static const char *const styles[] = {"morphology", "composite", NULL};
    rd_enum(&r, o, "output", "frame_style", styles, &sc->frame_style);
    static const char *const metal_colours[] = {"plain", "orientation", NULL};
    rd_enum(&r, o, "output", "frame_metal", metal_colours, &sc->frame_metal);
    /* precision: the engine runs in double; single precision needs a test showing it is enough
     * (MODEL.md 6) before it is offered */
    static const char *const precisions[] = {"double", NULL};
    int prec = 0;
    rd_enum(&r, root, "", "precision", precisions, &prec);
    rd_unknown(&r, o, "output", out_keys);
    static const char *const backends[] = {"auto", "cpu", "cuda", NULL};
    int be = 0;
    rd_enum(&r, root, "", "backend", backends, &be);
    snprintf(sc->backend, sizeof sc->backend, "%s", backends[be]);
    static const char *const top[] = {"base", "precision", "grid", "electrolyte", "metal", "model", "kinetics", "interface",
                                      "numerics", "initial", "grains", "nucleation", "protocol", "output",
                                      "backend", NULL};
    rd_unknown(&r, root, "", top);
    if (r.failed) {
        ytree_free(root);
        return -1;
    }
    if (!(sc->phys.i_ref > 0.0)) sc->phys.i_ref = reference_current(sc);
    char reason[400];
    reason[0] = 0;
    for (int k = 0; k < sc->nsteps && !reason[0]; k++)
        if (sc->phys.potential == ZN_POT_SINGLE_FIELD && sc->steps[k].control == ZN_CTRL_CURRENT &&
            sc->steps[k].kind != ZN_STEP_REST)
            snprintf(reason, sizeof reason, "protocol.steps: step %d: the single-field potential model "
                     "supports potential control only (give 'potential:', or use model.potential: "
                     "two-field)", k + 1);
    if (reason[0] || phys_validate(&sc->phys, reason, sizeof reason) != 0 ||
        initial_validate(&sc->init, &sc->phys, reason, sizeof reason) != 0 ||
        texture_validate(sc, reason, sizeof reason) != 0) {
        /* point at the key the reason names, when the file (or --set) gave it */
        const YNode *at = key_node(root, reason);
        if (at)
            snprintf(why, why_len, "%s:%d:%d: %s", at->file && at->file[0] ? at->file : path,
                     at->key_line, at->key_col, reason);
        else
            snprintf(why, why_len, "%s: %s", path, reason);
        ytree_free(root);
        return -1;
    }
    ytree_free(root);
    return 0;
}

static unsigned long long fnv(unsigned long long h, const void *p, size_t n)
{
    const unsigned char *b = (const unsigned char *)p;
    for (size_t k = 0; k < n; k++) h = (h ^ b[k]) * 1099511628211ull;
    return h;
}

unsigned long long scenario_hash(const ZnScenario *sc)
{
    /* text with %.17g: exact for doubles and free of struct padding */
    const ZnPhys *p = &sc->phys;
    char t[2048];
    int n = snprintf(t, sizeof t,
                     "%d %d %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g "
                     "%.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g %d %.17g %d %.17g %.17g "
                     "%.17g %.17g %d %d %.17g %.17g %.17g %.17g %.17g %.17g",
                     p->grid.nx, p->grid.ny, p->grid.dx, p->T, p->n, p->c0, p->c_bulk, p->cs, p->D_l,
                     p->D_s, p->t_plus, p->sigma_l, p->sigma_floor_ratio, p->sigma_s, p->sigma_s_cap,
                     p->i0, p->alpha, p->activity, p->gamma, p->delta, p->k2, p->k6, p->d2,
                     p->texture, p->tilt_deg, p->capillarity, p->gt_gamma, p->L_sigma,
                     p->relax_ratio, p->i_ref, p->potential, p->transport, p->dt_min, p->dt_max,
                     p->dxi_max, p->relax_dt, p->solver_tol, p->d6);
    unsigned long long h = fnv(1469598103934665603ull, t, (size_t)n);
    for (int k = 0; k < sc->nsteps; k++) {
        const ZnProtocolStep *s = &sc->steps[k];
        n = snprintf(t, sizeof t, "|%d %d %.17g %.17g %.17g %.17g %.17g", s->kind, s->control,
                     s->current, s->potential, s->capacity, s->time, s->cutoff);
        h = fnv(h, t, (size_t)n);
    }
    const ZnPolycrystal *g = &sc->grains;
    const ZnNucleation *nu = &sc->nuc;
    n = snprintf(t, sizeof t, "|g %d %.17g %.17g %.17g %.17g %.17g %llu %s", g->enabled, g->size,
                 g->frac[0], g->frac[1], g->frac[2], g->spread_deg, (unsigned long long)g->seed, g->map);
    h = fnv(h, t, (size_t)n);
    n = snprintf(t, sizeof t, "|n %d %.17g %.17g %d %d %.17g %d %.17g %.17g %.17g %.17g %d %.17g %.17g %llu",
                 nu->enabled, nu->density, nu->radius, nu->placement, nu->mode, nu->rate,
                 nu->cluster_size, nu->cluster_radius, nu->frac[0], nu->frac[1], nu->frac[2],
                 nu->inherit, nu->spread_deg, nu->activity, (unsigned long long)nu->seed);
    h = fnv(h, t, (size_t)n);
    n = snprintf(t, sizeof t, "|%d %.17g|dz %d", sc->cycles, sc->out_interval, p->dead_zn);
    return fnv(h, t, (size_t)n);
}

const char *scenario_step_name(int kind)
{
    return kind == ZN_STEP_PLATE ? "plate" : kind == ZN_STEP_STRIP ? "strip" : "rest";
}

/* Shortest decimal that reads back to exactly v (so a resolved file hashes the same). The
 * result lives in a rotating pool, enough for every argument of one fprintf. */
static const char *exact(double v)
{
    static char pool[64][32];
    static int next = 0;
    char *buf = pool[next++ % 64];
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    return buf;
}

int scenario_write(FILE *f, const ZnScenario *sc)
{
    const ZnPhys *p = &sc->phys;
    static const char *const tex[] = {"002", "101", "100", "angle"};
#define X(v) exact(v)
    int ok = fprintf(f,
        "# resolved by znpf: every key with its value in SI units (m, s, A, mol, V, K, J)\n"
        "grid: {nx: %d, ny: %d, dx: %s}\n"
        "electrolyte: {concentration: %s, diffusivity: %s, transference: %s"
        ", conductivity: %s, temperature: %s}\n"
        "metal: {molar_density: %s, diffusivity: %s, conductivity_floor: %s"
        ", conductivity: %s}\n"
        "model: {potential: %s, transport: %s, dead_zn: %s}\n"
        "kinetics: {i0: %s, alpha: %s, activity: %s}\n"
        "interface: {energy: %s, width: %s, k2: %s, k6: %s, d2: %s"
        ", d6: %s, texture: \"%s\", tilt_deg: %s, capillarity: %s, mobility: %s"
        ", gibbs_thomson_energy: %s}\n"
        "numerics: {dt_init: %s, dt_min: %s, dt_max: %s, dxi_max: %s"
        ", relax_dt: %s, relax_ratio: %s, reference_current: %s, solver_tol: %s}\n"
        "output: {interval: %s, field_snapshots: %d, checkpoint_steps: %ld, checkpoint_wall: %s, "
        "checkpoint_keep: %d, frames: %d, frame_scale: %d, frame_style: %s, frame_metal: %s, "
        "title: \"%s\"}\n"
        "backend: %s\nprecision: double\n",
        p->grid.nx, p->grid.ny, X(p->grid.dx), X(p->c0), X(p->D_l), X(p->t_plus), X(p->sigma_l), X(p->T), X(p->cs),
        X(p->D_s), X(p->sigma_floor_ratio), X(p->sigma_s),
        p->potential == ZN_POT_SINGLE_FIELD ? "single-field" : "two-field",
        p->transport == ZN_TRANSPORT_CATION ? "cation" : "binary",
        p->dead_zn == ZN_DEAD_FLOATING ? "floating" : "inert", X(p->i0), X(p->alpha), X(p->activity),
        X(p->gamma), X(p->delta), X(p->k2), X(p->k6), X(p->d2), X(p->d6), tex[p->texture], X(p->tilt_deg),
        p->capillarity == ZN_CAP_CHEN ? "chen" : "profile", X(p->L_sigma), X(p->gt_gamma), X(p->dt_init),
        X(p->dt_min), X(p->dt_max), X(p->dxi_max), X(p->relax_dt), X(p->relax_ratio), X(p->i_ref), X(p->solver_tol),
        X(sc->out_interval), sc->field_snapshots, sc->checkpoint_steps, X(sc->checkpoint_wall),
        sc->checkpoint_keep, sc->frames, sc->frame_scale,
        sc->frame_style ? "composite" : "morphology", sc->frame_metal ? "orientation" : "plain",
        sc->title, sc->backend) > 0;
    const ZnPolycrystal *g = &sc->grains;
    if (g->enabled) {
        ok = ok && fprintf(f, "grains: {size: %s, texture: {\"002\": %s, \"101\": %s, \"100\": %s}, "
                           "spread_deg: %s, seed: %llu", X(g->size > 0.0 ? g->size : 1e-6), X(g->frac[0]),
                           X(g->frac[1]), X(g->frac[2]), X(g->spread_deg), (unsigned long long)g->seed) > 0;
        if (g->map[0]) ok = ok && fprintf(f, ", map: \"%s\"", g->map) > 0;
        ok = ok && fprintf(f, "}\n") > 0;
    }
    const ZnNucleation *nu = &sc->nuc;
    if (nu->enabled) {
        static const char *const places[] = {"random", "clustered", "lattice"};
        ok = ok && fprintf(f, "nucleation: {density: %s, radius: %s, placement: %s, mode: %s, "
                           "cluster_size: %d, cluster_radius: %s, spread_deg: %s, activity: %s, seed: %llu",
                           X(nu->density), X(nu->radius), places[nu->placement],
                           nu->mode == ZN_NUC_PROGRESSIVE ? "progressive" : "instantaneous",
                           nu->cluster_size, X(nu->cluster_radius), X(nu->spread_deg), X(nu->activity),
                           (unsigned long long)nu->seed) > 0;
        if (nu->rate > 0.0) ok = ok && fprintf(f, ", rate: %s", X(nu->rate)) > 0;
        if (nu->inherit) ok = ok && fprintf(f, ", texture: substrate}\n") > 0;
        else ok = ok && fprintf(f, ", texture: {\"002\": %s, \"101\": %s, \"100\": %s}}\n",
                                X(nu->frac[0]), X(nu->frac[1]), X(nu->frac[2])) > 0;
    }
    const ZnInitial *in = &sc->init;
    ok = ok && fprintf(f, "initial:\n  thickness: %s\n  amplitude: %s\n  wavelength: %s\n",
                       X(in->thickness), X(in->sin_amplitude), X(in->sin_wavelength)) > 0;
    if (in->nbumps) ok = ok && fprintf(f, "  bumps:\n") > 0;
    for (int k = 0; k < in->nbumps; k++)
        ok = ok && fprintf(f, "    - {x: %s, height: %s, width: %s}\n", X(in->bumps[k].x),
                           X(in->bumps[k].height), X(in->bumps[k].width)) > 0;
    if (in->nseeds) ok = ok && fprintf(f, "  seeds:\n") > 0;
    for (int k = 0; k < in->nseeds; k++)
        ok = ok && fprintf(f, "    - {x: %s, radius: %s}\n", X(in->seeds[k].x),
                           X(in->seeds[k].radius)) > 0;
    if (in->nmushrooms) ok = ok && fprintf(f, "  mushrooms:\n") > 0;
    for (int k = 0; k < in->nmushrooms; k++)
        ok = ok && fprintf(f, "    - {x: %s, neck_width: %s, neck_height: %s, radius: %s}\n",
                           X(in->mushrooms[k].x), X(in->mushrooms[k].neck_width),
                           X(in->mushrooms[k].neck_height), X(in->mushrooms[k].radius)) > 0;
    ok = ok && fprintf(f, "protocol:\n  cycles: %d\n  steps:\n", sc->cycles) > 0;
    for (int k = 0; k < sc->nsteps; k++) {
        const ZnProtocolStep *s = &sc->steps[k];
        ok = ok && fprintf(f, "    - {type: %s", scenario_step_name(s->kind)) > 0;
        if (s->kind != ZN_STEP_REST) {
            if (s->control == ZN_CTRL_POTENTIAL) ok = ok && fprintf(f, ", potential: %s", X(s->potential)) > 0;
            else ok = ok && fprintf(f, ", current: %s", X(s->current)) > 0;
        }
        if (s->capacity > 0.0) ok = ok && fprintf(f, ", capacity: %s", X(s->capacity)) > 0;
        if (s->time > 0.0) ok = ok && fprintf(f, ", time: %s", X(s->time)) > 0;
        if (!isnan(s->cutoff)) ok = ok && fprintf(f, ", cutoff: %s", X(s->cutoff)) > 0;
        ok = ok && fprintf(f, "}\n") > 0;
    }
#undef X
    return ok ? 0 : -1;
}
