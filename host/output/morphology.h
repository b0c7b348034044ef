/* morphology.h - numbers that tell compact, mossy and dendritic deposits apart, from the top of
 * each column (the deposit's envelope seen from the counter electrode). docs/model.md,
 * "Morphology indicators", defines them and the classes they separate. */
#ifndef ZN_MORPHOLOGY_H
#define ZN_MORPHOLOGY_H

typedef struct ZnMorphology {
    int tips;             /* peaks of the envelope standing out by >= the prominence */
    double height_ratio;  /* max height / mean thickness (0 without metal) */
    double porosity;      /* electrolyte share of the area under the envelope, in [0, 1] */
} ZnMorphology;

/* Peaks of a periodic profile top[0..n) that rise and then fall by at least prominence on
 * either side (a hysteresis count, so plateaus and noise below the prominence make no peaks). */
int morphology_tips(const double *top, int n, double prominence);

/* All three from the column tops (m), the mean metal thickness (m) and the highest point (m). */
void morphology_measure(const double *top, int n, double mean_thickness, double max_height,
                        double prominence, ZnMorphology *out);

#endif
