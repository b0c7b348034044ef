/* params.h - the parameter structs a scenario fills besides the physics (physics.h): the
 * initial deposit, the polycrystalline substrate, nucleation, and the control modes of a step.
 * Plain data: the scenario reader includes this, never the engine. */
#ifndef ZN_PARAMS_H
#define ZN_PARAMS_H

#include "physics.h"

#include <stddef.h>
#include <stdint.h>

/* how a protocol step drives the metal */
enum { ZN_CTRL_CURRENT = 0, ZN_CTRL_POTENTIAL = 1 };

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

enum { ZN_NUC_RANDOM = 0, ZN_NUC_CLUSTERED, ZN_NUC_LATTICE };
enum { ZN_NUC_INSTANTANEOUS = 0, ZN_NUC_PROGRESSIVE };

typedef struct ZnNucleation {
    int enabled;
    double density;        /* sites per m^2 of substrate */
    double radius;         /* radius of a nucleus, m */
    int placement;         /* ZN_NUC_RANDOM, _CLUSTERED or _LATTICE */
    int mode;              /* ZN_NUC_INSTANTANEOUS or _PROGRESSIVE */
    double rate;           /* activation rate A of a site, 1/s: N(t) = N0 (1 - exp(-A t)) */
    int cluster_size;      /* mean sites per cluster */
    double cluster_radius; /* standard deviation of a site about its cluster centre, m */
    double frac[3];        /* texture fractions of new nuclei: (002), (101), (100) */
    int inherit;           /* nuclei on a foil take the orientation of the grain beneath */
    double spread_deg;     /* spread of a nucleus' tilt about its family's, degrees */
    double activity;       /* exchange-current multiplier of the nuclei and what grows on them */
    uint64_t seed;
} ZnNucleation;

typedef struct ZnPolycrystal {
    int enabled;
    double size;        /* mean grain size, m: Voronoi cells of uniform random points */
    double frac[3];     /* texture fractions of (002), (101), (100); they sum to 1 */
    double spread_deg;  /* Gaussian spread of each grain's tilt about its family's, degrees */
    uint64_t seed;      /* random draws are a function of (seed, what, index): rng.h */
    char map[512];      /* grain map PNG (grey level v: tilt 90 v/255 deg); replaces size */
} ZnPolycrystal;

#endif
