/* run_state.h - what the protocol loop (run.c) and the run's output writers (run_outputs.c)
 * share: the state of a run between steps. Internal to host/cli/. */
#ifndef ZN_RUN_STATE_H
#define ZN_RUN_STATE_H

#include "checkpoint.h"
#include "engine.h"
#include "nucleation.h"
#include "run.h"

#include <stdio.h>

typedef struct RunState {
    const ZnScenario *sc;
    const ZnRunOptions *o;
    ZnEngine e;
    ZnRunPosition pos;   /* the loop's state between steps (t, step, E live in e) */
    FILE *metrics;
    double *host_col;
    int iters_conc, iters_pot;
    ZnSite *sites;       /* nucleation sites in order of activation (nucleation.c) */
    int nsites;
} RunState;


/* One metrics.csv row (and a frame with output.frames) of the current state; 0 or -1. */
int run_write_row(RunState *s);

/* DIR/{xi,c,phi}SUFFIX.npy (those output.fields names), DIR/grainSUFFIX.npy and grains.csv,
 * fields.txt, and for the final state ("" suffix) fields.vtk. 0 or -1 (message printed). */
int run_write_fields(RunState *s, const char *suffix);

/* A field snapshot and its line in snapshots.csv. 0 or -1. */
int run_write_snapshot(RunState *s, const char *step_name);

/* Shifts the kept checkpoints and writes DIR/checkpoint.znpf atomically. 0 or -1. */
int run_write_checkpoint(RunState *s);

/* One row of DIR/cycles.csv at the end of a cycle. 0 or -1. */
int run_write_cycle(RunState *s);

#endif
