/* scenario_keys.h - the scenario schema, declared once: every key a scenario may hold, with its
 * kind, where its value lives, its range, unit and meaning. The reader, the writer (znpf show,
 * DIR/scenario.yaml), the checkpoint hash and the key table of docs/scenarios.md (znpf keys)
 * are all generated from scenario_keys.c; docs/architecture.md says how to add a key. */
#ifndef ZN_SCENARIO_KEYS_H
#define ZN_SCENARIO_KEYS_H

#include "units.h"

#include <stddef.h>

typedef enum ZnKeyKind {
    ZK_QTY,    /* double with a unit of dimension dim, converted to SI, in [lo, hi] */
    ZK_INT,    /* int, whole number in [lo, hi] */
    ZK_LONG,   /* long, whole number in [lo, hi] */
    ZK_U64,    /* uint64_t (random seeds), whole number in [lo, hi] */
    ZK_ENUM,   /* int index into names */
    ZK_TEXT,   /* char[size]: short text without quotes, backslashes or line breaks */
    ZK_PATH,   /* char[size]: a file, relative to the scenario that names it, must exist */
    ZK_FRAC3,  /* double[3]: texture fractions {"002", "101", "100"} summing to 1; with aux the
                * word "substrate" sets the int at aux instead */
    ZK_LIST,   /* a list of items of record item: array at off, int count at aux */
    ZK_FLAGS_LIST /* a list of names (enum names) stored as bits of an int */
} ZnKeyKind;

enum { ZK_HASH = 1,           /* the key changes results: a checkpoint refuses an edit of it */
       ZK_HASH_SET = 2 };     /* with ZK_HASH, for a list added after checkpoints exist: hashed
                               * only when it has items, so runs that do not use it resume */
#define ZK_NO_AUX ((size_t)-1)

struct ZnRecord;

typedef struct ZnKey {
    const char *section;     /* "grid"; "" for top-level keys */
    const char *key;         /* "nx" */
    ZnKeyKind kind;
    size_t off, size;        /* of the value in the record */
    size_t aux;              /* ZK_FRAC3: int set by "substrate"; ZK_LIST: int count; else none */
    double lo, hi;           /* range in SI units (numbers); the most items (lists) */
    ZnDim dim;               /* ZK_QTY */
    const char *const *names;/* ZK_ENUM, ZK_FLAGS_LIST: NULL-terminated */
    int flags;               /* ZK_HASH */
    const struct ZnRecord *item; /* ZK_LIST */
    const char *unit;        /* as docs/scenarios.md shows it */
    const char *meaning;     /* one line for docs/scenarios.md, with the default's source */
} ZnKey;

/* A record: the scenario itself, or one item of a list (a protocol step, a bump). */
typedef struct ZnRecord {
    const char *what;        /* "a step", "a bump": for messages */
    const ZnKey *keys;
    int nkeys;
    size_t size;             /* bytes of one item */
    void (*init)(void *item);            /* values before an item is read (NULL: zeros) */
    /* checks an item once read; returns NULL or a message, with *at the offset (in the item)
     * of the key it names, or ZK_NO_AUX for the item as a whole */
    const char *(*finish)(void *item, size_t *at);
} ZnRecord;

/* A section of the scenario record: a mapping whose presence may switch a feature on. */
typedef struct ZnSection {
    const char *name;        /* "" for the top level */
    size_t enabled;          /* offset of an int set to 1 when the section is present, or ZK_NO_AUX */
    int required;            /* a scenario without it is refused */
    /* checks the section once read; returns NULL or a message, with *at the offset (in
     * ZnScenario) of the key it names, or ZK_NO_AUX for the section */
    const char *(*finish)(void *scenario, size_t *at);
} ZnSection;

extern const ZnRecord zn_scenario_record;   /* every key of the top-level sections */
extern const ZnSection zn_scenario_sections[];
extern const int zn_scenario_nsections;

/* The key of rec whose value lives at offset off; NULL when none. */
const ZnKey *schema_key_at(const ZnRecord *rec, size_t off);

#endif
