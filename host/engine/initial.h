/* initial.h - the initial deposit: a Zn layer of given thickness (optionally with a sinusoidal
 * or Gaussian-bump surface) and/or hemispherical seeds on the substrate, drawn as the
 * equilibrium profile xi = (1 - tanh(s/delta))/2 of the signed distance s to the surface. */
#ifndef ZN_INITIAL_H
#define ZN_INITIAL_H

#include "engine.h"
#include "params.h"
#include "physics.h"


/* Writes xi (nx*ny, x fastest) for the shapes in in. */
void initial_fill(const ZnInitial *in, const ZnPhys *p, double *xi);

/* Draws the shapes into the engine's xi (c~ and phi untouched). Returns 0, or -1 with e->err. */
int initial_apply(ZnEngine *e, const ZnInitial *in);


#endif
