/* scenario_schema.c - one generic reader, writer, hash and documenter over the scenario schema
 * (scenario_keys.c). Nothing here names a key: a key added to the table is read, written,
 * hashed and documented without a change in this file. */
/* realpath */
#define _XOPEN_SOURCE 700
#include "scenario_schema.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- reader ----------------------------------------------------------------------------- */

static void rd_fail_at(ZnReader *r, const char *file, int line, int col, const char *key,
                       const char *msg)
{
    if (r->failed) return;
    snprintf(r->why, r->len, "%s:%d:%d: %s: %s", file && file[0] ? file : r->file, line, col, key, msg);
    r->failed = 1;
}

/* Complaint about a value: points at the value, in the file it came from (a base file or the
 * command line may have supplied it). */
static void rd_fail(ZnReader *r, const YNode *n, const char *key, const char *msg)
{
    rd_fail_at(r, n ? n->file : NULL, n ? n->line : 1, n ? n->col : 1, key, msg);
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

/* Any key of map not marked used is an error, with the closest allowed name suggested. */
static void rd_unknown(ZnReader *r, const YNode *map, const char *section, const char *const *allowed,
                       int nallowed)
{
    for (const YNode *c = map ? map->child : NULL; c && !r->failed; c = c->next) {
        if (c->used || !c->key) continue;
        const char *best = NULL;
        int bd = 99;
        for (int k = 0; k < nallowed; k++) {
            int d = edit_distance(c->key, allowed[k]);
            if (d < bd) {
                bd = d;
                best = allowed[k];
            }
        }
        char key[160], msg[256];
        snprintf(key, sizeof key, "%s%s%s", section, section[0] ? "." : "", c->key);
        if (best && bd <= 3) snprintf(msg, sizeof msg, "unknown key (did you mean '%s'?)", best);
        else snprintf(msg, sizeof msg, "unknown key");
        rd_fail_at(r, c->file, c->key_line, c->key_col, key, msg); /* points at the key itself */
    }
}

static void full_name(char *buf, size_t n, const ZnKey *k)
{
    snprintf(buf, n, "%s%s%s", k->section, k->section[0] ? "." : "", k->key);
}

const ZnKey *schema_key_at(const ZnRecord *rec, size_t off)
{
    for (int i = 0; i < rec->nkeys; i++)
        if (rec->keys[i].off == off) return &rec->keys[i];
    return NULL;
}

/* The key a finish check named (offset at in rec), or the fallback name. */
static void finish_name(char *buf, size_t n, const ZnRecord *rec, size_t at, const char *fallback)
{
    const ZnKey *k = at == ZK_NO_AUX ? NULL : schema_key_at(rec, at);
    if (k)
        full_name(buf, n, k);
    else
        snprintf(buf, n, "%s", fallback);
}

const char *scenario_key_name(size_t off)
{
    /* one name per key, built once: messages name keys as the table spells them */
    static char names[256][64];
    const ZnRecord *rec = &zn_scenario_record;
    for (int i = 0; i < rec->nkeys && i < 256; i++)
        if (rec->keys[i].off == off) {
            if (!names[i][0]) full_name(names[i], sizeof names[i], &rec->keys[i]);
            return names[i];
        }
    return "(unnamed key)";
}

/* A number with an optional unit of the key's dimension, in SI, inside the key's range. */
static int rd_number(ZnReader *r, const YNode *n, const ZnKey *k, double *v)
{
    char full[160], msg[300], why[200];
    full_name(full, sizeof full, k);
    if (n->kind != YT_SCALAR) {
        snprintf(msg, sizeof msg, "expected %s", units_dim_name(k->dim));
        rd_fail(r, n, full, msg);
        return -1;
    }
    if (units_parse(n->value, k->dim, v, why, sizeof why) != 0) {
        rd_fail(r, n, full, why);
        return -1;
    }
    if (!(*v >= k->lo && *v <= k->hi)) {
        snprintf(msg, sizeof msg, "%s is out of range (expected %g to %g in SI units)", n->value, k->lo, k->hi);
        rd_fail(r, n, full, msg);
        return -1;
    }
    if (k->kind != ZK_QTY && *v != floor(*v)) {
        rd_fail(r, n, full, "expected a whole number");
        return -1;
    }
    return 0;
}

static void rd_enum(ZnReader *r, const YNode *n, const ZnKey *k, int *dst)
{
    char full[160], msg[256];
    full_name(full, sizeof full, k);
    if (n->kind == YT_SCALAR)
        for (int i = 0; k->names[i]; i++)
            if (strcmp(n->value, k->names[i]) == 0) {
                *dst = i;
                return;
            }
    size_t off = (size_t)snprintf(msg, sizeof msg, "expected one of");
    for (int i = 0; k->names[i] && off < sizeof msg; i++)
        off += (size_t)snprintf(msg + off, sizeof msg - off, " %s", k->names[i]);
    rd_fail(r, n, full, msg);
}

/* [name, name, ...] of the key's names, as bits. */
static void rd_flags(ZnReader *r, const YNode *n, const ZnKey *k, int *dst)
{
    char full[160], msg[256];
    full_name(full, sizeof full, k);
    size_t off = (size_t)snprintf(msg, sizeof msg, "expected a list of");
    for (int i = 0; k->names[i] && off < sizeof msg; i++)
        off += (size_t)snprintf(msg + off, sizeof msg - off, " %s", k->names[i]);
    if (n->kind != YT_SEQ || !n->child) {
        rd_fail(r, n, full, msg);
        return;
    }
    int bits = 0;
    for (const YNode *it = n->child; it; it = it->next) {
        int found = -1;
        for (int i = 0; it->kind == YT_SCALAR && k->names[i]; i++)
            if (strcmp(it->value, k->names[i]) == 0) found = i;
        if (found < 0) {
            rd_fail(r, it, full, msg);
            return;
        }
        bits |= 1 << found;
    }
    *dst = bits;
}

/* Texture fractions {"002": a, "101": b, "100": c}: non-negative, summing to 1 within 1 %
 * (then normalised). With k->aux, the word "substrate" sets that int instead. */
static void rd_fractions(ZnReader *r, const YNode *n, const ZnKey *k, unsigned char *base)
{
    char full[160];
    full_name(full, sizeof full, k);
    int *inherit = k->aux != ZK_NO_AUX ? (int *)(base + k->aux) : NULL;
    double *frac = (double *)(base + k->off);
    if (inherit && n->kind == YT_SCALAR && strcmp(n->value, "substrate") == 0) {
        *inherit = 1;
        return;
    }
    if (n->kind != YT_MAP) {
        rd_fail(r, n, full, inherit ? "expected fractions {\"002\": a, \"101\": b, \"100\": c} "
                "or the word substrate" : "expected fractions {\"002\": a, \"101\": b, \"100\": c}");
        return;
    }
    static const char *const fam[] = {"002", "101", "100"};
    double f[3] = {0.0, 0.0, 0.0};
    for (int i = 0; i < 3 && !r->failed; i++) {
        YNode *v = ytree_get((YNode *)n, fam[i]);
        ZnKey share = {full, fam[i], ZK_QTY, 0, 0, ZK_NO_AUX, 0.0, 1.0, ZN_DIM_NONE, NULL, 0, NULL, "-", ""};
        if (v) rd_number(r, v, &share, &f[i]);
    }
    rd_unknown(r, n, full, fam, 3);
    if (r->failed) return;
    double sum = f[0] + f[1] + f[2];
    if (fabs(sum - 1.0) > 0.01) {
        char msg[160];
        snprintf(msg, sizeof msg, "the fractions sum to %.4g (expected 1: they are the shares of "
                 "(002), (101) and (100))", sum);
        rd_fail(r, n, full, msg);
        return;
    }
    for (int i = 0; i < 3; i++) frac[i] = f[i] / sum;
    if (inherit) *inherit = 0;
}

/* A file named relative to the scenario that gave it; stored as an absolute path so that the
 * resolved scenario in a run folder finds it too. */
static void rd_path(ZnReader *r, const YNode *n, const ZnKey *k, char *dst)
{
    char full[160];
    full_name(full, sizeof full, k);
    const char *from = n->file && n->file[0] ? n->file : r->file;
    const char *slash = strrchr(from, '/');
    if (n->kind != YT_SCALAR || !n->value[0]) {
        rd_fail(r, n, full, "expected a file name");
        return;
    }
    if (n->value[0] == '/' || !slash) snprintf(dst, k->size, "%s", n->value);
    else snprintf(dst, k->size, "%.*s/%s", (int)(slash - from), from, n->value);
    FILE *f = fopen(dst, "rb");
    if (!f) {
        rd_fail(r, n, full, "cannot open the file (a path relative to this scenario)");
        return;
    }
    fclose(f);
    char abs[4096];
    if (realpath(dst, abs) && strlen(abs) < k->size) snprintf(dst, k->size, "%s", abs);
}

static void read_record(ZnReader *r, YNode *map, const char *section, const ZnRecord *rec,
                        unsigned char *base);

/* A list of items of k->item, each a mapping read like a record. */
static void rd_list(ZnReader *r, const YNode *n, const ZnKey *k, unsigned char *base)
{
    char full[160], msg[200];
    full_name(full, sizeof full, k);
    const ZnRecord *rec = k->item;
    int *count = (int *)(base + k->aux);
    if (n->kind != YT_SEQ) {
        rd_fail(r, n, full, "expected a list");
        return;
    }
    for (const YNode *it = n->child; it && !r->failed; it = it->next) {
        if (it->kind != YT_MAP) {
            size_t off = (size_t)snprintf(msg, sizeof msg, "each item is a mapping {");
            for (int i = 0; i < rec->nkeys && off < sizeof msg; i++)
                off += (size_t)snprintf(msg + off, sizeof msg - off, "%s%s", i ? ", " : "", rec->keys[i].key);
            if (off < sizeof msg) snprintf(msg + off, sizeof msg - off, "}");
            rd_fail(r, it, full, msg);
            return;
        }
        if (*count >= (int)k->hi) {
            snprintf(msg, sizeof msg, "too many items (at most %d)", (int)k->hi);
            rd_fail(r, it, full, msg);
            return;
        }
        unsigned char *item = base + k->off + (size_t)*count * rec->size;
        (*count)++;
        memset(item, 0, rec->size);
        if (rec->init) rec->init(item);
        read_record(r, (YNode *)it, full, rec, item);
        size_t at = ZK_NO_AUX;
        const char *why = r->failed || !rec->finish ? NULL : rec->finish(item, &at);
        if (why) {
            char key[160];
            finish_name(key, sizeof key, rec, at, full);
            rd_fail(r, it, key, why);
        }
    }
    if (!r->failed && *count < (int)k->lo) {
        snprintf(msg, sizeof msg, "missing (expected at least %d item%s)", (int)k->lo, k->lo > 1 ? "s" : "");
        rd_fail(r, n, full, msg);
    }
}

/* One value of key k from node n into the record at base. */
static void rd_value(ZnReader *r, const YNode *n, const ZnKey *k, unsigned char *base)
{
    void *dst = base + k->off;
    double v;
    switch (k->kind) {
    case ZK_QTY:
        if (rd_number(r, n, k, &v) == 0) *(double *)dst = v;
        break;
    case ZK_INT:
        if (rd_number(r, n, k, &v) == 0) *(int *)dst = (int)v;
        break;
    case ZK_LONG:
        if (rd_number(r, n, k, &v) == 0) *(long *)dst = (long)v;
        break;
    case ZK_U64:
        if (rd_number(r, n, k, &v) == 0) *(uint64_t *)dst = (uint64_t)v;
        break;
    case ZK_ENUM: rd_enum(r, n, k, (int *)dst); break;
    case ZK_FLAGS_LIST: rd_flags(r, n, k, (int *)dst); break;
    case ZK_FRAC3: rd_fractions(r, n, k, base); break;
    case ZK_PATH: rd_path(r, n, k, (char *)dst); break;
    case ZK_LIST: rd_list(r, n, k, base); break;
    case ZK_TEXT: {
        char full[160];
        full_name(full, sizeof full, k);
        if (n->kind != YT_SCALAR || strlen(n->value) >= k->size || strpbrk(n->value, "\"\\\n\t")) {
            char msg[200];
            snprintf(msg, sizeof msg, "expected a short text (at most %d characters, no quotes, "
                     "backslashes or line breaks)", (int)k->size - 1);
            rd_fail(r, n, full, msg);
        } else {
            snprintf((char *)dst, k->size, "%s", n->value);
        }
        break;
    }
    }
}

/* The keys of rec that belong to section, read from map; then unknown keys of map refused. */
static void read_record(ZnReader *r, YNode *map, const char *section, const ZnRecord *rec,
                        unsigned char *base)
{
    const char *allowed[128];
    int na = 0;
    for (int i = 0; i < rec->nkeys && !r->failed; i++) {
        const ZnKey *k = &rec->keys[i];
        if (strcmp(k->section, section) != 0) continue;
        if (na < 128) allowed[na++] = k->key;
        YNode *n = ytree_get(map, k->key);
        if (n) {
            rd_value(r, n, k, base);
        } else if (k->kind == ZK_LIST && k->lo > 0) {
            char full[160], msg[80];
            full_name(full, sizeof full, k);
            snprintf(msg, sizeof msg, "missing (expected at least %d item%s)", (int)k->lo, k->lo > 1 ? "s" : "");
            rd_fail(r, map, full, msg);
        }
    }
    if (section[0] == 0) /* the top level also holds the sections */
        for (int s = 0; s < zn_scenario_nsections && na < 128; s++)
            if (zn_scenario_sections[s].name[0]) allowed[na++] = zn_scenario_sections[s].name;
    rd_unknown(r, map, section, allowed, na);
}

int schema_read(ZnReader *r, YNode *root, ZnScenario *sc)
{
    unsigned char *base = (unsigned char *)sc;
    for (int s = 0; s < zn_scenario_nsections && !r->failed; s++) {
        const ZnSection *sec = &zn_scenario_sections[s];
        YNode *map = root;
        if (sec->name[0]) {
            map = ytree_get(root, sec->name);
            if (map && map->kind != YT_MAP) {
                rd_fail(r, map, sec->name, "expected a mapping of keys");
                break;
            }
        }
        if (!map) {
            if (sec->required) rd_fail(r, root, sec->name, "missing");
            continue;
        }
        if (sec->enabled != ZK_NO_AUX) *(int *)(base + sec->enabled) = 1;
        read_record(r, map, sec->name, &zn_scenario_record, base);
        size_t at = ZK_NO_AUX;
        const char *why = r->failed || !sec->finish ? NULL : sec->finish(sc, &at);
        if (why) {
            char key[160];
            finish_name(key, sizeof key, &zn_scenario_record, at, sec->name);
            rd_fail(r, map, key, why);
        }
    }
    return r->failed ? -1 : 0;
}

/* ---- writer ----------------------------------------------------------------------------- */

/* Shortest decimal that reads back to exactly v (so a resolved file hashes the same). */
static void exact(char *buf, size_t n, double v)
{
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
}

/* A quantity that is zero where its range excludes zero was never given: it is not written. */
static int unset(const ZnKey *k, const unsigned char *base)
{
    if (k->kind == ZK_PATH) return ((const char *)(base + k->off))[0] == 0;
    if (k->kind != ZK_QTY) return 0;
    double v = *(const double *)(base + k->off);
    return isnan(v) || (v == 0.0 && !(k->lo <= 0.0 && k->hi >= 0.0));
}

/* The value of k in record base as YAML text. */
static void value_text(char *buf, size_t n, const ZnKey *k, const unsigned char *base)
{
    const void *p = base + k->off;
    char a[32], b[32], c[32];
    switch (k->kind) {
    case ZK_QTY: exact(buf, n, *(const double *)p); break;
    case ZK_INT: snprintf(buf, n, "%d", *(const int *)p); break;
    case ZK_LONG: snprintf(buf, n, "%ld", *(const long *)p); break;
    case ZK_U64: snprintf(buf, n, "%llu", (unsigned long long)*(const uint64_t *)p); break;
    case ZK_ENUM: {
        int v = *(const int *)p, count = 0;
        while (k->names[count]) count++;
        snprintf(buf, n, "\"%s\"", v >= 0 && v < count ? k->names[v] : "?"); /* ? never reads back */
        break;
    }
    case ZK_TEXT:
    case ZK_PATH: snprintf(buf, n, "\"%s\"", (const char *)p); break;
    case ZK_FLAGS_LIST: {
        size_t off = (size_t)snprintf(buf, n, "[");
        int bits = *(const int *)p, first = 1;
        for (int i = 0; k->names[i] && off < n; i++)
            if (bits & (1 << i)) {
                off += (size_t)snprintf(buf + off, n - off, "%s%s", first ? "" : ", ", k->names[i]);
                first = 0;
            }
        if (off < n) snprintf(buf + off, n - off, "]");
        break;
    }
    case ZK_FRAC3: {
        const double *f = (const double *)p;
        if (k->aux != ZK_NO_AUX && *(const int *)(base + k->aux)) {
            snprintf(buf, n, "substrate");
            break;
        }
        exact(a, sizeof a, f[0]);
        exact(b, sizeof b, f[1]);
        exact(c, sizeof c, f[2]);
        snprintf(buf, n, "{\"002\": %s, \"101\": %s, \"100\": %s}", a, b, c);
        break;
    }
    case ZK_LIST: buf[0] = 0; break;
    }
}

/* An item written as a flow mapping, keys left at their initial value omitted. */
static int write_item(FILE *f, const ZnRecord *rec, const unsigned char *item)
{
    unsigned char blank[512];
    if (rec->size > sizeof blank) return -1;
    memset(blank, 0, rec->size);
    if (rec->init) rec->init(blank);
    int ok = fprintf(f, "    - {") > 0, first = 1;
    for (int i = 0; i < rec->nkeys; i++) {
        const ZnKey *k = &rec->keys[i];
        char v[512], d[512];
        value_text(v, sizeof v, k, item);
        value_text(d, sizeof d, k, blank);
        if (k->kind != ZK_ENUM && (unset(k, item) || strcmp(v, d) == 0)) continue;
        ok = ok && fprintf(f, "%s%s: %s", first ? "" : ", ", k->key, v) > 0;
        first = 0;
    }
    return ok && fprintf(f, "}\n") > 0 ? 0 : -1;
}

int schema_write(FILE *f, const ZnScenario *sc)
{
    const unsigned char *base = (const unsigned char *)sc;
    int ok = fprintf(f, "# resolved by znpf: every key with its value in SI units (m, s, A, mol, V, K, J)\n") > 0;
    for (int s = 0; s < zn_scenario_nsections && ok; s++) {
        const ZnSection *sec = &zn_scenario_sections[s];
        if (sec->enabled != ZK_NO_AUX && !*(const int *)(base + sec->enabled)) continue;
        const char *indent = sec->name[0] ? "  " : "";
        if (sec->name[0]) ok = fprintf(f, "%s:\n", sec->name) > 0;
        for (int i = 0; i < zn_scenario_record.nkeys && ok; i++) {
            const ZnKey *k = &zn_scenario_record.keys[i];
            if (strcmp(k->section, sec->name) != 0 || unset(k, base)) continue;
            if (k->kind == ZK_LIST) {
                int count = *(const int *)(base + k->aux);
                if (count == 0) continue;
                ok = fprintf(f, "%s%s:\n", indent, k->key) > 0;
                for (int j = 0; j < count && ok; j++)
                    ok = write_item(f, k->item, base + k->off + (size_t)j * k->item->size) == 0;
                continue;
            }
            char v[512];
            value_text(v, sizeof v, k, base);
            ok = fprintf(f, "%s%s: %s\n", indent, k->key, v) > 0;
        }
    }
    return ok ? 0 : -1;
}

/* ---- hash ------------------------------------------------------------------------------- */

static unsigned long long fnv(unsigned long long h, const char *t)
{
    for (const unsigned char *b = (const unsigned char *)t; *b; b++) h = (h ^ *b) * 1099511628211ull;
    return h;
}

static unsigned long long hash_record(unsigned long long h, const ZnRecord *rec, const unsigned char *base)
{
    char v[600];
    for (int i = 0; i < rec->nkeys; i++) {
        const ZnKey *k = &rec->keys[i];
        if (!(k->flags & ZK_HASH)) continue;
        if ((k->flags & ZK_HASH_SET) && k->kind == ZK_LIST && *(const int *)(base + k->aux) == 0) continue;
        h = fnv(fnv(h, "|"), k->key);
        if (k->kind == ZK_QTY) { /* %.17g: exact, and NaN prints one way */
            snprintf(v, sizeof v, "=%.17g", *(const double *)(base + k->off));
        } else if (k->kind == ZK_LIST) {
            int count = *(const int *)(base + k->aux);
            snprintf(v, sizeof v, "=%d", count);
            for (int j = 0; j < count; j++)
                h = hash_record(fnv(h, "["), k->item, base + k->off + (size_t)j * k->item->size);
        } else {
            v[0] = '=';
            value_text(v + 1, sizeof v - 1, k, base);
        }
        h = fnv(h, v);
    }
    return h;
}

unsigned long long schema_hash(const ZnScenario *sc)
{
    const unsigned char *base = (const unsigned char *)sc;
    unsigned long long h = 1469598103934665603ull;
    for (int s = 0; s < zn_scenario_nsections; s++) {
        const ZnSection *sec = &zn_scenario_sections[s];
        if (sec->enabled != ZK_NO_AUX && !*(const int *)(base + sec->enabled)) h = fnv(h, sec->name);
    }
    return hash_record(h, &zn_scenario_record, base);
}

/* ---- documentation ---------------------------------------------------------------------- */

static void range_text(char *buf, size_t n, const ZnKey *k)
{
    switch (k->kind) {
    case ZK_QTY:
    case ZK_INT:
    case ZK_LONG:
    case ZK_U64: snprintf(buf, n, "%g to %g", k->lo, k->hi); break;
    case ZK_ENUM:
    case ZK_FLAGS_LIST: {
        size_t off = 0;
        buf[0] = 0;
        for (int i = 0; k->names[i] && off < n; i++)
            off += (size_t)snprintf(buf + off, n - off, "%s%s", i ? ", " : "", k->names[i]);
        break;
    }
    case ZK_LIST: snprintf(buf, n, "at most %g items", k->hi); break;
    default: snprintf(buf, n, "-");
    }
}

static int document_record(FILE *f, const ZnRecord *rec, const unsigned char *base)
{
    int ok = 1;
    for (int i = 0; i < rec->nkeys && ok; i++) {
        const ZnKey *k = &rec->keys[i];
        char name[160], v[512], range[256];
        full_name(name, sizeof name, k);
        if (!base || k->kind == ZK_LIST || unset(k, base)) snprintf(v, sizeof v, "-");
        else value_text(v, sizeof v, k, base);
        size_t lv = strlen(v);
        if (lv >= 2 && v[0] == '"' && v[lv - 1] == '"') { /* enum names read better bare here */
            memmove(v, v + 1, lv - 2);
            v[lv - 2] = 0;
        }
        range_text(range, sizeof range, k);
        ok = fprintf(f, "| %s | %s | %s | %s | %s |\n", name, k->unit, v, range, k->meaning) > 0;
        if (ok && k->kind == ZK_LIST) ok = document_record(f, k->item, NULL) == 0;
    }
    return ok ? 0 : -1;
}

int schema_document(FILE *f, const ZnScenario *defaults)
{
    int ok = fprintf(f, "| key | unit (SI) | default | range | meaning and source of the default |\n"
                        "| --- | --- | --- | --- | --- |\n") > 0;
    return ok ? document_record(f, &zn_scenario_record, (const unsigned char *)defaults) : -1;
}
