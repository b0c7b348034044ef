/* initial.h - the initial deposit: a Zn layer of given thickness (optionally with a sinusoidal
 * or Gaussian-bump surface) and/or hemispherical seeds on the substrate, drawn as the
 * equilibrium profile xi = (1 - tanh(s/delta))/2 of the signed distance s to the surface. */
#ifndef ZN_INITIAL_H
#define ZN_INITIAL_H

#include "engine.h"
#include "physics.h"

#define ZN_MAX_SHAPES 256

typedef struct ZnBump {
    double x, height, width; /* centre, height and 1/e half-width of a Gaussian bump, m */
} ZnBump;

typedef struct ZnSeed {
    double x, radius;        /* centre on the substrate surface and radius of a half-disc, m */
} ZnSeed;

typedef struct ZnMushroom {
    double x;            /* centre, m */
    double neck_width;   /* width of the stem, m */
    double neck_height;  /* stem height above the foil, m */
    double radius;       /* radius of the cap sitting on the stem, m */
} ZnMushroom;

typedef struct ZnInitial {
    double thickness;        /* Zn foil thickness, m; 0 = bare collector (Cu) */
    double sin_amplitude;    /* half of crest-to-trough of a cosine surface, m */
    double sin_wavelength;   /* m; must divide the domain width */
    int nbumps, nseeds, nmushrooms;
    ZnBump bumps[ZN_MAX_SHAPES];
    ZnSeed seeds[ZN_MAX_SHAPES];
    ZnMushroom mushrooms[ZN_MAX_SHAPES]; /* caps on thin stems: mossy Zn whose roots strip first */
} ZnInitial;

/* Writes xi (nx*ny, x fastest) for the shapes in in. */
void initial_fill(const ZnInitial *in, const ZnPhys *p, double *xi);

/* Draws the shapes into the engine's xi (c~ and phi untouched). Returns 0, or -1 with e->err. */
int initial_apply(ZnEngine *e, const ZnInitial *in);

/* Checks the shapes against the domain; -1 with a reason. */
int initial_validate(const ZnInitial *in, const ZnPhys *p, char *why, size_t why_len);

#endif
