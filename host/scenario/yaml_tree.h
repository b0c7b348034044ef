/* yaml_tree.h - a YAML document loaded (libyaml) into a small tree that remembers where each
 * node stood in the file, so that every later complaint can name file:line:col. Anchors,
 * aliases, tags and multi-document streams are refused: scenarios do not need them. */
#ifndef ZN_YAML_TREE_H
#define ZN_YAML_TREE_H

#include <stddef.h>

enum { YT_SCALAR = 0, YT_MAP = 1, YT_SEQ = 2 };

typedef struct YNode {
    int kind;
    char *key;            /* key in the parent mapping, NULL for sequence items and the root */
    char *value;          /* scalar text */
    int line, col;        /* 1-based position of the node's start */
    int key_line, key_col;/* position of its key in the parent mapping */
    char *file;           /* file the node came from ("(--set)" for command-line overrides) */
    int used;             /* set by the reader; unused keys are reported as unknown */
    struct YNode *child;  /* first child (maps, sequences) */
    struct YNode *next;   /* next sibling */
} YNode;

/* Loads path; on failure returns NULL and writes "path:line:col: reason" into why. */
YNode *ytree_load(const char *path, char *why, size_t why_len);
void ytree_free(YNode *n);
/* Child of a mapping by key, or NULL. Marks it used. */
YNode *ytree_get(YNode *map, const char *key);

/* Overlays src onto dst (both mappings): mappings merge key by key, anything else in src
 * replaces what dst had. src is consumed. */
void ytree_overlay(YNode *dst, YNode *src);

/* Sets dotted.path = value in root, creating mappings on the way; -1 with a reason if the path
 * runs through a scalar or a list. */
int ytree_set(YNode *root, const char *path, const char *value, char *why, size_t why_len);

#endif
