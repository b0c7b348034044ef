/* morphology.c - see morphology.h. */
#include "morphology.h"

int morphology_tips(const double *top, int n, double prominence)
{
    if (n < 2) return 0;
    /* Walking once round from the lowest column, every peak is closed by the time the walk
     * returns there, so each is counted once whatever the starting phase. */
    int s = 0;
    for (int i = 1; i < n; i++)
        if (top[i] < top[s]) s = i;
    int tips = 0, rising = 1;
    double lo = top[s], hi = top[s];
    for (int q = 1; q <= n; q++) {
        double h = top[(s + q) % n];
        if (rising) {
            if (h < lo) lo = h;
            else if (h - lo >= prominence) {
                rising = 0;
                hi = h;
            }
        } else {
            if (h > hi) hi = h;
            else if (hi - h >= prominence) {
                tips++;
                rising = 1;
                lo = h;
            }
        }
    }
    return tips;
}

void morphology_measure(const double *top, int n, double mean_thickness, double max_height,
                        double prominence, ZnMorphology *out)
{
    double envelope = 0.0;
    for (int i = 0; i < n; i++) envelope += top[i];
    envelope /= n;
    out->tips = morphology_tips(top, n, prominence);
    out->height_ratio = mean_thickness > 0.0 ? max_height / mean_thickness : 0.0;
    /* A flat diffuse front holds as much metal as its xi = 1/2 level to a fraction of a cell;
     * that last-digit difference is not porosity, so the share is clamped to [0, 1]. */
    double por = envelope > 0.0 ? 1.0 - mean_thickness / envelope : 0.0;
    out->porosity = por < 0.0 ? 0.0 : por > 1.0 ? 1.0 : por;
}
