/* nucleation.h - Zn nuclei on the substrate: sites from an areal density, placed uniformly at
 * random, in clusters or on a lattice, activated all at once or progressively, each becoming a
 * new grain (a half-disc of metal) when its time comes and the spot is still uncovered. */
#ifndef ZN_NUCLEATION_H
#define ZN_NUCLEATION_H

#include "engine.h"
#include "params.h"

#include <stdint.h>


typedef struct ZnSite {
    double x;      /* position along the substrate, m */
    double t_act;  /* plating time at which the site becomes a nucleus, s */
    double beta;   /* c-axis tilt of the nucleus (unless inherited), rad */
} ZnSite;

/* Sites of one plating step (epoch: its number in the run, so every plating step nucleates
 * afresh on what is then exposed) in order of activation, then position; *sites malloc'ed.
 * A 2D section of width Lx holds Lx sqrt(density) sites (the section keeps the mean
 * spacing). Returns 0, or -1 with a reason. */
int nuc_sites(const ZnNucleation *nu, double Lx, uint64_t epoch, ZnSite **sites, int *n, char *why,
              size_t why_len);

/* Places the sites from *next on whose time has come (t_act <= clock) on the substrate
 * surface at height y_sub, skipping those already buried under metal; advances *next. The
 * metal added is returned as charge per substrate area in *charge (C/m^2). */
int nuc_place(ZnEngine *e, const ZnNucleation *nu, const ZnSite *sites, int nsites, int *next,
              double clock, double y_sub, double *charge);

#endif
