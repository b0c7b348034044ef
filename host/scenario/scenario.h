/* scenario.h - a whole experiment as read from a YAML scenario: physics, initial deposit,
 * protocol, output and backend. Values are SI; the file gives them with units (units.h). */
#ifndef ZN_SCENARIO_H
#define ZN_SCENARIO_H

#include "params.h"
#include "physics.h"

#include <stddef.h>
#include <stdio.h>

#define ZN_MAX_STEPS 32

enum { ZN_STEP_PLATE = 0, ZN_STEP_STRIP = 1, ZN_STEP_REST = 2 };
enum { ZN_BACKEND_AUTO = 0, ZN_BACKEND_CPU = 1, ZN_BACKEND_CUDA = 2 };
/* the output fields (output.fields), as bits; the names are zn_field_names */
enum { ZN_FIELD_XI = 1, ZN_FIELD_C = 2, ZN_FIELD_PHI = 4, ZN_FIELDS_ALL = 7 };
extern const char *const zn_backend_names[]; /* "auto", "cpu", "cuda" */
extern const char *const zn_field_names[];   /* "xi", "c", "phi" */

typedef struct ZnProtocolStep {
    int kind;          /* ZN_STEP_* */
    int control;       /* ZN_CTRL_CURRENT or ZN_CTRL_POTENTIAL */
    double current;    /* magnitude, A/m^2 (current control) */
    double potential;  /* metal potential vs bulk, V (potential control) */
    double capacity;   /* end after this charge, C/m^2 (0 = not used) */
    double time;       /* end after this time, s (0 = not used) */
    double cutoff;     /* end when E passes this, V (NaN = not used) */
} ZnProtocolStep;

typedef struct ZnScenario {
    ZnPhys phys;
    ZnInitial init;
    ZnPolycrystal grains;    /* polycrystalline foil (grains.enabled) */
    ZnNucleation nuc;        /* nuclei on the substrate (nuc.enabled) */
    int nsteps, cycles;
    ZnProtocolStep steps[ZN_MAX_STEPS];
    double out_interval;     /* s between metric rows */
    int field_snapshots;     /* also write fields at every output time */
    int compress;            /* zlib-compress the snapshots' .vti files */
    int frames;              /* write a PNG frame at every output time */
    int frame_scale;         /* pixels per cell of the frames */
    int frame_style;         /* 0 morphology, 1 composite (with the potential) */
    int frame_metal;         /* metal coloured 0 plain, 1 by grain orientation */
    int frame_background;    /* electrolyte coloured 0 by c/c0, 1 by pH (needs the acidity) */
    char title[49];          /* caption title of the frames */
    long checkpoint_steps;   /* checkpoint every N steps (0: only at the end and on Ctrl-C) */
    double checkpoint_wall;  /* and every this many seconds of wall time */
    int checkpoint_keep;     /* how many checkpoints to keep (newest first) */
    int fields;              /* which fields the outputs hold: bits of ZN_FIELD_* */
    int precision;           /* 0: double (the only one offered) */
    int backend;             /* ZN_BACKEND_AUTO, _CPU or _CUDA */
    int threads;             /* CPU threads (OpenMP and FFTW) of the cpu backend; 0: every core */
} ZnScenario;

/* Reads path into sc (defaults first, then the 'base:' chain, then the file). On failure
 * returns -1 with one line in why: "file:line:col: key: what is wrong (what was expected)". */
int scenario_load(const char *path, ZnScenario *sc, char *why, size_t why_len);

/* The same, with command-line overrides "key.path=value" applied last. */
int scenario_load_with(const char *path, const char *const *sets, int nsets, ZnScenario *sc,
                       char *why, size_t why_len);

/* Writes the fully resolved scenario (every default filled in, SI values, exact to the last
 * bit) as YAML that scenario_load reads back to the same scenario. Returns 0 or -1. */
int scenario_write(FILE *f, const ZnScenario *sc);

/* FNV-1a hash of the resolved physics and protocol: a checkpoint resumes only the run it
 * came from. */
unsigned long long scenario_hash(const ZnScenario *sc);

/* The scenario before any file is read: every default. */
void scenario_defaults(ZnScenario *sc);

/* The key table of docs/scenarios.md, generated from the schema (znpf keys). 0 or -1. */
int scenario_document(FILE *f);

/* "section.key" of the scenario key whose value lives at offset off of ZnScenario, as the
 * schema spells it: validation messages name keys through ZN_KEY(member), so each key's name
 * is written once in the sources (scenario_keys.c). */
const char *scenario_key_name(size_t off);
#define ZN_KEY(member) scenario_key_name(offsetof(ZnScenario, member))

/* Human-readable name of a protocol step kind. */
const char *scenario_step_name(int kind);

#endif
