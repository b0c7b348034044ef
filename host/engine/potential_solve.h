/* potential_solve.h - phase 4 of a time step: the quasi-static potential phi^{n+1}.
 * Internal to host/engine/ (engine.c calls it). */
#ifndef ZN_POTENTIAL_SOLVE_H
#define ZN_POTENTIAL_SOLVE_H

#include "engine.h"

/* Sets up and solves the potential of the step described by t (kernels/transport.c,
 * tr_pot_setup) into e->phi. With the linearized coupling (t->dsrc set) and
 * common_mode_free = 1 (current control: E takes up any shift of phi common to the attached
 * metal) the operator gets its rank-one part (docs/numerics.md). Returns the solve's
 * statistics. */
MgStats potential_solve(ZnEngine *e, const TrArgs *t, int common_mode_free);

#endif
