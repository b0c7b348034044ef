/* grains.h - the crystals of the metal: a table of orientations on the host and the backend,
 * a per-cell grain field kept up to date by epitaxy, and the texture numbers researchers
 * compare (facet shares of the interface, the texture of the deposited metal, grain count and
 * size). Grain 0 always exists: the scenario's single-crystal orientation. */
#ifndef ZN_GRAINS_H
#define ZN_GRAINS_H

#include "engine.h"

/* Table with grain 0 (theta_f of the model, activity 1) and every cell in it; called by
 * engine_create. Returns 0, or -1 with e->err. */
int grains_create(ZnEngine *e);
void grains_destroy(ZnEngine *e);

/* Appends a grain; returns its id, or -1 with e->err. */
int grains_add(ZnEngine *e, double theta_f, double activity);

/* Replaces the table with n grains (n >= 1) and the field with g (nx*ny ids). */
int grains_set(ZnEngine *e, const ZnGrain *tab, int n, const int *g);

/* Copies the grain field to the host (nx*ny ints). */
int grains_download(const ZnEngine *e, int *g);
int grains_upload(ZnEngine *e, const int *g);

/* Epitaxy passes (kernels/grains.c); passes <= 0 runs until nothing changes. */
int grains_follow(ZnEngine *e, int passes);

/* Records every grain's present metal as its starting metal v0. */
int grains_mark_start(ZnEngine *e);

typedef struct ZnTexture {
    double facet[3];     /* share of the interface length on (002), (101), (100) facets */
    double rtc[3];       /* share of the deposited metal in grains of each texture family */
    double deposited;    /* metal gained by grains since they started, per substrate length, m */
    int grains;          /* grains holding at least one cell of metal */
    double grain_size;   /* mean equivalent diameter of those grains, 2 sqrt(A/pi), m */
} ZnTexture;

/* Texture numbers of the present state. Returns 0, or -1 with e->err. */
int grains_texture(ZnEngine *e, ZnTexture *out);

#endif
