/* realpath */
#define _XOPEN_SOURCE 700
/* scenario.c - YAML scenario -> ZnScenario, strictly: every key is known (the schema of
 * scenario_keys.c), every value is a number in its range, and each complaint names
 * file:line:col and the key. This file adds what the schema cannot say: base files, --set
 * overrides, defaults, and the checks that relate several keys. */
#include "scenario.h"
#include "scenario_checks.h"
#include "scenario_schema.h"
#include "units.h"
#include "yaml_tree.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#define ZN_MAX_BASES 8 /* levels of inheritance */

/* Loads path and, through its 'base:' key, the files it inherits from (relative paths are
 * relative to the inheriting file); the inheriting file's keys win. chain holds the files
 * being loaded (resolved paths) so that a file that comes back is named as a cycle; *final
 * tells the callers to pass the message on as it is. */
static YNode *load_chain(const char *path, char chain[][4096], int depth, int *final, char *why,
                         size_t why_len)
{
    YNode *root = ytree_load(path, why, why_len);
    if (!root) return NULL;
    if (!realpath(path, chain[depth])) snprintf(chain[depth], 4096, "%s", path);
    YNode *b = ytree_get(root, "base");
    if (!b) return root;
    if (b->kind != YT_SCALAR) {
        snprintf(why, why_len, "%s:%d:%d: base: expected a file name", path, b->line, b->col);
        ytree_free(root);
        return NULL;
    }
    char bpath[4096], breal[4096];
    const char *slash = strrchr(path, '/');
    if (b->value[0] == '/' || !slash)
        snprintf(bpath, sizeof bpath, "%s", b->value);
    else
        snprintf(bpath, sizeof bpath, "%.*s/%s", (int)(slash - path), path, b->value);
    if (realpath(bpath, breal))
        for (int k = 0; k <= depth; k++)
            if (strcmp(breal, chain[k]) == 0) {
                size_t off = (size_t)snprintf(why, why_len, "%s:%d:%d: base: %s includes a file of its own "
                                              "chain: a cycle (", path, b->line, b->col, b->value);
                for (int q = k; q <= depth && off < why_len; q++) {
                    const char *name = strrchr(chain[q], '/');
                    off += (size_t)snprintf(why + off, why_len - off, "%s -> ", name ? name + 1 : chain[q]);
                }
                const char *name = strrchr(breal, '/');
                if (off < why_len) snprintf(why + off, why_len - off, "%s)", name ? name + 1 : breal);
                *final = 1;
                ytree_free(root);
                return NULL;
            }
    if (depth + 1 >= ZN_MAX_BASES) {
        snprintf(why, why_len, "%s:%d:%d: base: more than %d levels of inheritance", path, b->line, b->col,
                 ZN_MAX_BASES);
        *final = 1;
        ytree_free(root);
        return NULL;
    }
    char inner[1024];
    YNode *base = load_chain(bpath, chain, depth + 1, final, inner, sizeof inner);
    if (!base) {
        if (*final) snprintf(why, why_len, "%s", inner);
        else snprintf(why, why_len, "%s:%d:%d: base: %s", path, b->line, b->col, inner);
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

static YNode *load_with_base(const char *path, char *why, size_t why_len)
{
    static char chain[ZN_MAX_BASES][4096];
    int final = 0;
    return load_chain(path, chain, 0, &final, why, why_len);
}

int scenario_load(const char *path, ZnScenario *sc, char *why, size_t why_len)
{
    return scenario_load_with(path, NULL, 0, sc, why, why_len);
}

static int load_with(const char *path, const char *const *sets, int nsets, ZnScenario *sc,
                     char *why, size_t why_len);

/* The node of the dotted key that starts a validation reason ("section.key: ..."),
 * indices such as "seeds[2]" dropped; when the file lacks the key, its deepest section that
 * the file holds; NULL when none. */
static const YNode *key_node(YNode *root, const char *reason)
{
    char key[128];
    size_t n = strcspn(reason, ":");
    if (n == 0 || n >= sizeof key) return NULL;
    snprintf(key, sizeof key, "%.*s", (int)n, reason);
    YNode *cur = root, *deepest = NULL;
    for (char *part = strtok(key, "."); part && cur; part = strtok(NULL, ".")) {
        char *br = strchr(part, '[');
        if (br) *br = 0;
        YNode *found = NULL;
        if (cur->kind == YT_MAP)
            for (YNode *c = cur->child; c; c = c->next)
                if (c->key && strcmp(c->key, part) == 0) found = c;
        if (found) deepest = found;
        cur = found;
    }
    return deepest;
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
    scenario_defaults(sc);
    YNode *root = load_with_base(path, why, why_len);
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
    ZnReader r = {path, why, why_len, 0};
    if (schema_read(&r, root, sc) != 0) {
        ytree_free(root);
        return -1;
    }
    if (!(sc->phys.i_ref > 0.0)) sc->phys.i_ref = reference_current(sc);
    phys_step_bounds(&sc->phys);
    char reason[400];
    if (phys_apply_properties(&sc->phys, reason, sizeof reason) != 0 ||
        scenario_check(sc, reason, sizeof reason) != 0) {
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

void scenario_defaults(ZnScenario *sc)
{
    memset(sc, 0, sizeof *sc);
    phys_defaults(&sc->phys);
    sc->phys.i_ref = 0.0; /* derived from the protocol unless given */
    sc->phys.relax_dt = sc->phys.dxi_max = 0.0; /* from the time scheme unless given */
    sc->cycles = 1;
    sc->out_interval = 0.0;
    sc->checkpoint_wall = 600.0;
    sc->checkpoint_keep = 2;
    sc->frame_scale = 2;
    sc->fields = ZN_FIELDS_ALL;
    /* texture defaults: equal shares, instantaneous random nuclei of the bulk activity */
    for (int k = 0; k < 3; k++) sc->grains.frac[k] = sc->nuc.frac[k] = 1.0 / 3.0;
    sc->grains.seed = sc->nuc.seed = 1;
    sc->nuc.activity = 1.0;
    sc->nuc.cluster_size = 5;
    sc->nuc.cluster_radius = 2e-6;
    sc->backend = ZN_BACKEND_AUTO;
}

int scenario_write(FILE *f, const ZnScenario *sc)
{
    return schema_write(f, sc);
}

unsigned long long scenario_hash(const ZnScenario *sc)
{
    return schema_hash(sc);
}

int scenario_document(FILE *f)
{
    static ZnScenario d;
    scenario_defaults(&d);
    return schema_document(f, &d);
}

const char *scenario_step_name(int kind)
{
    return kind == ZN_STEP_PLATE ? "plate" : kind == ZN_STEP_STRIP ? "strip" : "rest";
}

