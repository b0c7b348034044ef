/* scenario_schema.h - reading, writing, hashing and documenting a scenario from its schema
 * (scenario_keys.h). Internal to host/scenario/: scenario.c is its only caller. */
#ifndef ZN_SCENARIO_SCHEMA_H
#define ZN_SCENARIO_SCHEMA_H

#include "scenario.h"
#include "scenario_keys.h"
#include "yaml_tree.h"

#include <stdio.h>

/* A reader's state: the first complaint wins and names file:line:col and the key. */
typedef struct ZnReader {
    const char *file;   /* the scenario being read (nodes from base files name their own) */
    char *why;
    size_t len;
    int failed;
} ZnReader;

/* Reads every section of the schema from root into sc (whose defaults are already set), and
 * refuses keys the schema does not hold, with a did-you-mean. Returns 0, or -1 with r->why. */
int schema_read(ZnReader *r, YNode *root, ZnScenario *sc);

/* Writes sc as YAML that schema_read reads back to the same values, bit for bit. 0 or -1. */
int schema_write(FILE *f, const ZnScenario *sc);

/* FNV-1a over the text (%.17g) of every ZK_HASH value, the enabled sections and list items. */
unsigned long long schema_hash(const ZnScenario *sc);

/* The key table of docs/scenarios.md (markdown), defaults taken from defaults. 0 or -1. */
int schema_document(FILE *f, const ZnScenario *defaults);

#endif
