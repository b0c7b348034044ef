/* salt_step.h - phase 3 of a time step (after the acidity): the salt, with its positivity
 * (kernels/transport.c, "Positivity"). Internal to host/engine/ (engine.c calls it). */
#ifndef ZN_SALT_STEP_H
#define ZN_SALT_STEP_H

#include "engine.h"

/* Solves c~^{n+1} for the step of size dt set up in t; when the growth asked for more salt
 * than reached an electrolyte cell, solves it again with the uptake implicit and scales the
 * growth (xi, rate, *sum_new) to match, with info->positive set. 0, or -1 with e->err. */
int salt_step(ZnEngine *e, double dt, const TrArgs *t, double *sum_new, ZnStepInfo *info);

#endif
