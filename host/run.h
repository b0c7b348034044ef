/* run.h - runs a scenario and writes its outputs (see run.c for the files). */
#ifndef ZN_RUN_H
#define ZN_RUN_H

#include "scenario.h"

typedef struct ZnRunOptions {
    const char *out_dir;
    int force;   /* overwrite a folder that already holds a run */
    int quiet;   /* no progress or summary lines */
} ZnRunOptions;

/* Returns the process exit code: 0 done, 1 the engine stopped (NaN, failed control),
 * 2 bad input or output folder, 3 resources/backend, 130 interrupted. */
int run_scenario(const ZnScenario *sc, const ZnRunOptions *o);

#endif
