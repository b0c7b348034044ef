/* test_morphology.c - the morphology indicators of metrics.csv (tips, height_ratio, porosity;
 * docs/model.md "Morphology indicators") on drawn shapes whose answers are known from their
 * geometry: a flat film, a comb, a branched tree and a film with low bumps. Each shape is
 * painted as a cell mask (metal 1, electrolyte 0, edges on cell faces); the test's own reference
 * reads the tips, the envelope and the metal straight off that mask, and the engine measures the
 * same field through its kernels (metrics_compute). The last block checks that the three numbers
 * put the four shapes into the classes the docs name. */
#include "check.h"
#include "metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NX = 256, NY = 160 };

static double xi[NX * NY];
static ZnEngine eng;
static double scratch[NX];

static void clear(void) { memset(xi, 0, sizeof xi); }

/* Metal in columns [i0, i1) and rows [j0, j1), periodic in x. */
static void box(int i0, int i1, int j0, int j1)
{
    for (int j = j0; j < j1; j++)
        for (int i = i0; i < i1; i++) xi[j * NX + ((i % NX) + NX) % NX] = 1.0;
}

/* The reference on the mask: each column's top is the upper face of its highest metal cell, the
 * metal is the count of metal cells. Tips are counted the plain way these drawings allow: runs
 * of columns whose top reaches `level` (runs_at_least). */
static void reference(double h, double *mean, double *top_mean, double *max_top)
{
    double metal = 0.0, env = 0.0, mx = 0.0;
    for (int i = 0; i < NX; i++) {
        double t = 0.0;
        for (int j = 0; j < NY; j++) {
            metal += xi[j * NX + i];
            if (xi[j * NX + i] > 0.5) t = (j + 1) * h;
        }
        env += t;
        if (t > mx) mx = t;
    }
    *mean = metal * h / NX;
    *top_mean = env / NX;
    *max_top = mx;
}

static int runs_at_least(double level, double h)
{
    int runs = 0;
    for (int i = 0; i < NX; i++) {
        double t = 0.0, tp = 0.0;
        for (int j = 0; j < NY; j++) {
            if (xi[j * NX + i] > 0.5) t = (j + 1) * h;
            if (xi[j * NX + (i + NX - 1) % NX] > 0.5) tp = (j + 1) * h;
        }
        runs += t >= level && tp < level;
    }
    return runs;
}

static ZnMetrics measure(const char *name, int expect_tips, double tip_level)
{
    double h = eng.phys.grid.dx;
    engine_upload(&eng, xi, NULL, NULL);
    ZnMetrics m;
    if (metrics_compute(&eng, scratch, &m) != 0) {
        printf("FAIL %s: %s\n", name, eng.err);
        exit(1);
    }
    double mean, env, mx;
    reference(h, &mean, &env, &mx);
    double por = 1.0 - mean / env;
    char label[200];
    snprintf(label, sizeof label, "%s: tips (drawn %d, runs above %.2f um in the mask %d)", name,
             expect_tips, tip_level * 1e6, runs_at_least(tip_level, h));
    check_abs(label, m.shape.tips, expect_tips, 0);
    check_abs("  ... the mask's own count agrees with the drawing", runs_at_least(tip_level, h),
              expect_tips, 0);
    snprintf(label, sizeof label, "%s: height ratio = top / (metal per length) of the mask", name);
    check_rel(label, m.shape.height_ratio, mx / mean, 1e-9);
    snprintf(label, sizeof label, "%s: porosity = 1 - metal / area under the mask's envelope", name);
    check_abs(label, m.shape.porosity, por < 0.0 ? 0.0 : por, 1e-12);
    return m;
}

int main(void)
{
    ZnPhys p;
    phys_defaults(&p);
    p.grid.nx = NX;
    p.grid.ny = NY;
    check_engine(&eng, check_backend(), &p, NULL);
    double h = p.grid.dx, prom = 2.0 * p.delta;
    printf("grid %d x %d of %.2f um; tips must stand out by 2 widths = %.2f um\n", NX, NY, h * 1e6,
           prom * 1e6);

    /* A flat film 20 cells thick: no tips, height ratio 1, no pores. */
    clear();
    box(0, NX, 0, 20);
    ZnMetrics flat = measure("flat film", 0, 21 * h);
    check_abs("flat film: height ratio is exactly 1", flat.shape.height_ratio, 1.0, 1e-12);

    /* A comb: a 10-cell base and 8 teeth 8 wide, 60 tall, 32 apart: 8 tips; metal per length
     * 10 + 8*8*60/256 = 25 cells, top 70 cells: height ratio 2.8. Every gap is open to the top,
     * so the envelope is the drawing itself: porosity 0. */
    clear();
    box(0, NX, 0, 10);
    for (int t = 0; t < 8; t++) box(12 + 32 * t, 20 + 32 * t, 10, 70);
    ZnMetrics comb = measure("comb of 8 teeth", 8, 40 * h);
    check_abs("comb: height ratio 70 / 25 from the drawing", comb.shape.height_ratio, 2.8, 1e-12);
    check_abs("comb: porosity 0 from the drawing", comb.shape.porosity, 0.0, 1e-12);

    /* A branched tree: a 6-cell base, a trunk, a bar, two limbs, two more bars and four twigs.
     * Under the bars lies electrolyte the counter electrode cannot see: porosity > 0. */
    clear();
    box(0, NX, 0, 6);
    box(125, 131, 6, 46);                        /* trunk */
    box(93, 163, 40, 46);                        /* first bar, 70 wide */
    box(93, 99, 46, 86);                         /* left limb */
    box(157, 163, 46, 86);                       /* right limb */
    box(73, 119, 80, 86);                        /* left bar */
    box(137, 183, 80, 86);                       /* right bar */
    box(73, 79, 86, 110);                        /* four twigs */
    box(113, 119, 86, 110);
    box(137, 143, 86, 110);
    box(177, 183, 86, 110);
    ZnMetrics tree = measure("branched tree (1 -> 2 -> 4)", 4, 90 * h);
    check_above("tree: porosity from its overhangs above 0.2", tree.shape.porosity, 0.2);

    /* A compact film with low bumps (1 or 2 cells, under the 8-cell prominence): no tips. */
    clear();
    box(0, NX, 0, 40);
    for (int b = 0; b < 16; b++) box(16 * b, 16 * b + 6, 40, 41 + (b % 2));
    ZnMetrics bumps = measure("film with low bumps", 0, 43 * h);

    /* The classes of docs/model.md: compact (height ratio < 1.5, porosity < 0.1), dendritic
     * (height ratio >= 2, porosity < 0.1), branched or mossy (porosity >= 0.1). */
    check_below("flat film is compact: height ratio", flat.shape.height_ratio, 1.5);
    check_below("film with bumps is compact: height ratio", bumps.shape.height_ratio, 1.5);
    check_below("film with bumps is compact: porosity", bumps.shape.porosity, 0.1);
    check_above("comb is dendritic: height ratio", comb.shape.height_ratio, 2.0);
    check_above("tree is branched: porosity", tree.shape.porosity, 0.1);

    /* The hysteresis count alone: a noisy plateau is one peak; a ramp that wraps is one. */
    double prof[12] = {0, 0, 5, 5.1, 4.95, 5.05, 5, 0, 0, 0, 0, 0};
    check_abs("a noisy plateau (noise 0.15 under the prominence 1) is one tip",
              morphology_tips(prof, 12, 1.0), 1, 0);
    double ramp[6] = {3, 4, 5, 0, 1, 2};
    check_abs("a saw tooth across the periodic seam is one tip", morphology_tips(ramp, 6, 1.0), 1,
              0);
    double two[8] = {5, 0, 0, 5, 5, 0, 0, 5};
    check_abs("two peaks split by the periodic seam count as two", morphology_tips(two, 8, 1.0), 2,
              0);

    engine_destroy(&eng);
    return check_finish();
}
