/* polycrystal.h - a polycrystalline Zn foil: grains with c-axis tilts drawn from texture
 * fractions (the relative texture coefficients XRD reports), from random Voronoi grains of a
 * mean size or from a grain-map image. */
#ifndef ZN_POLYCRYSTAL_H
#define ZN_POLYCRYSTAL_H

#include "engine.h"
#include "params.h"
#include "initial.h"

#include <stdint.h>


/* One texture family drawn from frac with u in (0,1), and a signed c-axis tilt (radians) for
 * it: +-beta of the family (sign from u_sign) plus spread_deg times a normal deviate z. */
int poly_pick_family(const double frac[3], double u);
double poly_tilt(int family, double u_sign, double spread_deg, double z);

/* Grain table (*tab, malloc'ed, *n grains) and the grain of every cell (g, nx*ny) of the foil
 * described by in. Returns 0, or -1 with a reason naming the key. */
int poly_build(const ZnPolycrystal *pc, const ZnPhys *p, const ZnInitial *in, ZnGrain **tab,
               int *n, int *g, char *why, size_t why_len);

#endif
