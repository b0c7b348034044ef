/* metrics.h - the headline numbers of a morphology, from the fields on the backend. */
#ifndef ZN_METRICS_H
#define ZN_METRICS_H

#include "engine.h"
#include "morphology.h"

typedef struct ZnMetrics {
    double mean_thickness;   /* metal per substrate length, m */
    double max_height;       /* highest xi = 1/2 point, m */
    double roughness;        /* RMS of the column metal thickness about its mean, m */
    double length_ratio;     /* interface length / substrate length */
    double c_min;            /* lowest c~ in the electrolyte (xi < 1/2) */
    double dead_metal;       /* metal in bodies detached from the collector per length, m */
    double dead_fraction;    /* of all metal */
    int dead_islands;        /* number of detached bodies */
    ZnMorphology shape;      /* tips, height ratio, porosity (morphology.h) */
} ZnMetrics;

/* Computes the metrics (labelling the metal bodies into e->lab); col_host is scratch of nx
 * doubles. Returns -1 on a backend error. */
int metrics_compute(ZnEngine *e, double *col_host, ZnMetrics *out);

#endif
