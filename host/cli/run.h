/* run.h - runs (or resumes) a scenario and writes its outputs (see run.c for the files). */
#ifndef ZN_RUN_H
#define ZN_RUN_H

#include "scenario.h"

typedef struct ZnRunOptions {
    const char *out_dir;
    int force;              /* overwrite a folder that already holds a run */
    int quiet;              /* no progress or summary lines */
    long stop_after_steps;  /* behave as on Ctrl-C after this many steps (0: never); for tests */
    int threads;            /* CPU threads, overriding the scenario's (0: the scenario's) */
} ZnRunOptions;

/* Ctrl-C and SIGTERM ask the run to stop after the step in progress (a checkpoint is written,
 * exit 130). Installed first thing by main, so a signal during start-up is caught too. */
void run_install_signals(void);

/* Exit codes of both: 0 done, 1 the engine stopped (NaN, failed control), 2 bad input or
 * output folder, 3 resources/backend, 130 interrupted (checkpoint written). */
int run_scenario(const ZnScenario *sc, const char *scenario_path, const ZnRunOptions *o);

/* Continues the run in o->out_dir from its checkpoint, bit-identically on the same backend. */
int run_resume(const ZnRunOptions *o);

/* Re-renders frames of a finished run from its saved fields (field snapshots listed in
 * snapshots.csv, else the final fields) into DIR/<subdir>/frame_NNNNN.png, without re-running.
 * Returns an exit code (0, or 2 for missing/damaged inputs). */
int run_render(const char *dir, const char *subdir, int scale, int composite, int orientation);

#endif
