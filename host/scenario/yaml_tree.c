/* yaml_tree.c - libyaml events to a YNode tree (yaml_tree.h). */
#include "yaml_tree.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

typedef struct Loader {
    yaml_parser_t parser;
    const char *path;
    char *why;
    size_t why_len;
    int failed;
} Loader;

static void fail_at(Loader *L, size_t line, size_t col, const char *msg)
{
    if (L->failed) return;
    snprintf(L->why, L->why_len, "%s:%zu:%zu: %s", L->path, line + 1, col + 1, msg);
    L->failed = 1;
}

static int next_event(Loader *L, yaml_event_t *ev)
{
    if (!yaml_parser_parse(&L->parser, ev)) {
        char msg[256];
        snprintf(msg, sizeof msg, "YAML syntax error: %s%s%s", L->parser.problem ? L->parser.problem : "unknown",
                 L->parser.context ? " " : "", L->parser.context ? L->parser.context : "");
        fail_at(L, L->parser.problem_mark.line, L->parser.problem_mark.column, msg);
        return -1;
    }
    return 0;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = (char *)malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

static const char *current_file = ""; /* the file being loaded, stamped on every node */

static YNode *new_node(int kind, const yaml_event_t *ev)
{
    YNode *n = (YNode *)calloc(1, sizeof *n);
    if (!n) return NULL;
    n->kind = kind;
    n->line = (int)ev->start_mark.line + 1;
    n->col = (int)ev->start_mark.column + 1;
    n->file = dup_str(current_file);
    return n;
}

static YNode *parse_node(Loader *L, yaml_event_t *ev, int depth);

/* Reads children until the matching end event; ev is the start event (consumed by caller). */
static int parse_children(Loader *L, YNode *parent, int depth)
{
    YNode **tail = &parent->child;
    for (;;) {
        yaml_event_t ev;
        if (next_event(L, &ev)) return -1;
        if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            return 0;
        }
        char *key = NULL;
        int kl = (int)ev.start_mark.line + 1, kc = (int)ev.start_mark.column + 1;
        if (parent->kind == YT_MAP) {
            if (ev.type != YAML_SCALAR_EVENT) {
                fail_at(L, ev.start_mark.line, ev.start_mark.column, "mapping keys must be plain words");
                yaml_event_delete(&ev);
                return -1;
            }
            key = dup_str((const char *)ev.data.scalar.value);
            for (YNode *s = parent->child; s; s = s->next)
                if (s->key && key && strcmp(s->key, key) == 0) {
                    char msg[200];
                    snprintf(msg, sizeof msg, "%s: duplicate key (first at line %d)", key, s->line);
                    fail_at(L, ev.start_mark.line, ev.start_mark.column, msg);
                    free(key);
                    yaml_event_delete(&ev);
                    return -1;
                }
            yaml_event_delete(&ev);
            if (next_event(L, &ev)) {
                free(key);
                return -1;
            }
        }
        YNode *child = parse_node(L, &ev, depth + 1);
        yaml_event_delete(&ev);
        if (!child) {
            free(key);
            return -1;
        }
        child->key = key;
        child->key_line = kl;
        child->key_col = kc;
        *tail = child;
        tail = &child->next;
    }
}

static YNode *parse_node(Loader *L, yaml_event_t *ev, int depth)
{
    if (depth > 32) {
        fail_at(L, ev->start_mark.line, ev->start_mark.column, "nesting deeper than 32 levels");
        return NULL;
    }
    YNode *n = NULL;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        if (ev->data.scalar.anchor) break;
        n = new_node(YT_SCALAR, ev);
        if (n) n->value = dup_str((const char *)ev->data.scalar.value);
        return n;
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT:
        if ((ev->type == YAML_MAPPING_START_EVENT && ev->data.mapping_start.anchor) ||
            (ev->type == YAML_SEQUENCE_START_EVENT && ev->data.sequence_start.anchor))
            break;
        n = new_node(ev->type == YAML_MAPPING_START_EVENT ? YT_MAP : YT_SEQ, ev);
        if (n && parse_children(L, n, depth) != 0) {
            ytree_free(n);
            return NULL;
        }
        return n;
    case YAML_ALIAS_EVENT:
        break;
    default:
        fail_at(L, ev->start_mark.line, ev->start_mark.column, "unexpected YAML structure");
        return NULL;
    }
    fail_at(L, ev->start_mark.line, ev->start_mark.column,
            "anchors and aliases are not supported in scenarios (use 'base:' inheritance later)");
    return NULL;
}

YNode *ytree_load(const char *path, char *why, size_t why_len)
{
    /* only regular files of sane size: 'base: /dev/urandom' must not read forever */
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(why, why_len, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    if (!S_ISREG(st.st_mode) || st.st_size > (1 << 20)) {
        snprintf(why, why_len, "%s: not a scenario file (a regular file under 1 MiB)", path);
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, why_len, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    Loader L;
    memset(&L, 0, sizeof L);
    L.path = path;
    L.why = why;
    L.why_len = why_len;
    if (!yaml_parser_initialize(&L.parser)) {
        snprintf(why, why_len, "%s: yaml_parser_initialize failed (out of memory)", path);
        fclose(f);
        return NULL;
    }
    yaml_parser_set_input_file(&L.parser, f);
    current_file = path;
    YNode *root = NULL;
    yaml_event_t ev;
    int state = 0; /* 0 before document, 1 inside, 2 after */
    while (!L.failed) {
        if (next_event(&L, &ev)) break;
        yaml_event_type_t t = ev.type;
        if (t == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        if (t == YAML_DOCUMENT_START_EVENT) {
            if (state == 2) fail_at(&L, ev.start_mark.line, ev.start_mark.column,
                                    "a scenario file holds one YAML document");
            state = 1;
        } else if (t == YAML_DOCUMENT_END_EVENT) {
            state = 2;
        } else if (t != YAML_STREAM_START_EVENT && state == 1 && !root) {
            root = parse_node(&L, &ev, 0);
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&L.parser);
    fclose(f);
    if (L.failed) {
        ytree_free(root);
        return NULL;
    }
    if (!root || root->kind != YT_MAP) {
        snprintf(why, why_len, "%s:1:1: the scenario must be a YAML mapping of sections", path);
        ytree_free(root);
        return NULL;
    }
    return root;
}

void ytree_free(YNode *n)
{
    while (n) {
        YNode *next = n->next;
        ytree_free(n->child);
        free(n->file);
        free(n->key);
        free(n->value);
        free(n);
        n = next;
    }
}

YNode *ytree_get(YNode *map, const char *key)
{
    if (!map || map->kind != YT_MAP) return NULL;
    for (YNode *c = map->child; c; c = c->next)
        if (c->key && strcmp(c->key, key) == 0) {
            c->used = 1;
            return c;
        }
    return NULL;
}

/* Detaches and returns the child of map with this key, or NULL. */
static YNode *take(YNode *map, const char *key)
{
    for (YNode **pp = &map->child; *pp; pp = &(*pp)->next)
        if ((*pp)->key && strcmp((*pp)->key, key) == 0) {
            YNode *n = *pp;
            *pp = n->next;
            n->next = NULL;
            return n;
        }
    return NULL;
}

static void append(YNode *map, YNode *n)
{
    YNode **pp = &map->child;
    while (*pp) pp = &(*pp)->next;
    *pp = n;
}

void ytree_overlay(YNode *dst, YNode *src)
{
    while (src->child) {
        YNode *c = src->child;
        src->child = c->next;
        c->next = NULL;
        YNode *old = take(dst, c->key);
        if (old && old->kind == YT_MAP && c->kind == YT_MAP) {
            ytree_overlay(old, c);
            append(dst, old);
        } else {
            ytree_free(old);
            append(dst, c);
        }
    }
    ytree_free(src);
}

int ytree_set(YNode *root, const char *path, const char *value, char *why, size_t why_len)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    YNode *map = root;
    char *part = buf;
    for (;;) {
        char *dot = strchr(part, '.');
        if (dot) *dot = 0;
        if (!*part) {
            snprintf(why, why_len, "--set %s: empty key", path);
            return -1;
        }
        YNode *c = NULL;
        for (YNode *k = map->child; k; k = k->next)
            if (k->key && strcmp(k->key, part) == 0) c = k;
        if (!dot) {
            if (c && c->kind != YT_SCALAR) {
                snprintf(why, why_len, "--set %s: replaces a %s with a value", path,
                         c->kind == YT_MAP ? "section" : "list");
                return -1;
            }
            if (!c) {
                c = (YNode *)calloc(1, sizeof *c);
                c->key = dup_str(part);
                append(map, c);
            }
            free(c->value);
            free(c->file);
            c->kind = YT_SCALAR;
            c->value = dup_str(value);
            c->file = dup_str("(--set)");
            c->line = c->col = c->key_line = c->key_col = 1;
            return 0;
        }
        if (c && c->kind == YT_SEQ) {
            /* a list item by its 0-based position: protocol.steps.0.current (sweeps) */
            char *item = dot + 1, *end = NULL;
            dot = strchr(item, '.');
            if (dot) *dot = 0;
            long want = strtol(item, &end, 10);
            int n = 0;
            YNode *it = c->child;
            for (; it && n < want; it = it->next) n++;
            if (!*item || *end || want < 0 || !it || it->kind != YT_MAP || !dot) {
                int count = 0;
                for (YNode *q = c->child; q; q = q->next) count++;
                snprintf(why, why_len,
                         "--set %s: '%s' is a list of %d item(s): expected %s.N.key with N from 0 "
                         "to %d", path, part, count, part, count - 1);
                return -1;
            }
            map = it;
            part = dot + 1;
            continue;
        }
        if (c && c->kind != YT_MAP) {
            snprintf(why, why_len, "--set %s: '%s' is not a section", path, part);
            return -1;
        }
        if (!c) {
            c = (YNode *)calloc(1, sizeof *c);
            c->kind = YT_MAP;
            c->key = dup_str(part);
            c->file = dup_str("(--set)");
            c->line = c->col = c->key_line = c->key_col = 1;
            append(map, c);
        }
        map = c;
        part = dot + 1;
    }
}
