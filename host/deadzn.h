/* deadzn.h - dead Zn: metal bodies that lost their electronic path to the current collector.
 * Labels every metal body (kernels/labels.c) and measures the detached ones. */
#ifndef ZN_DEADZN_H
#define ZN_DEADZN_H

#include "engine.h"

typedef struct ZnDeadZn {
    double dead_metal;    /* metal in detached bodies per substrate length, m (sum xi hx hy / Lx) */
    double dead_fraction; /* of all metal (sum of xi over the grid) */
    int islands;          /* number of detached bodies */
    int iterations;       /* labelling steps until no label changed */
} ZnDeadZn;

/* Labels the bodies into e->lab and measures the detached ones. Returns 0, or -1 when the
 * labelling did not settle (e->err). */
int deadzn_measure(ZnEngine *e, ZnDeadZn *out);

/* Labels the bodies and sets e->act: 1 on metal attached to the collector and across the
 * electrolyte side of its interface (2.5 widths), 0 elsewhere, so that dead Zn does not react.
 * Returns 0 or -1 (e->err). */
int deadzn_update_mask(ZnEngine *e);

#endif
