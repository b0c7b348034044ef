/* initial.h - the initial deposit: a Zn layer of given thickness (optionally with a sinusoidal
 * or Gaussian-bump surface) and/or hemispherical seeds on the substrate, drawn as the
 * equilibrium profile xi = (1 - tanh(s/delta))/2 of the signed distance s to the surface. */
#ifndef ZN_INITIAL_H
#define ZN_INITIAL_H

#include "engine.h"
#include "params.h"
#include "physics.h"

#include <math.h>


/* A seed or nucleus of radius r born on the bare collector is the circular cap of the same area
 * (pi r^2 / 2) that meets the collector at the contact angle theta (rad; docs/model.md,
 * "Substrate wetting"): area R^2 (theta - sin theta cos theta), centre at y_c = -R cos theta
 * above the collector. theta = pi/2 is the half-disc (R = r, y_c = 0). */
static inline void initial_cap(double r, double theta, double *R, double *yc)
{
    *R = r * sqrt(0.5 * PX_PI / (theta - sin(theta) * cos(theta)));
    *yc = fabs(theta - 0.5 * PX_PI) < 1e-15 ? 0.0 : -*R * cos(theta);
}

/* Writes xi (nx*ny, x fastest) for the shapes in in. */
void initial_fill(const ZnInitial *in, const ZnPhys *p, double *xi);

/* Draws the shapes into the engine's xi (c~ and phi untouched). Returns 0, or -1 with e->err. */
int initial_apply(ZnEngine *e, const ZnInitial *in);


#endif
