/* render.h - PNG frames of a run (libpng): the metal in grey over the electrolyte coloured by
 * its concentration (viridis, with its range in the caption), a scale bar in um, and a caption
 * with simulated time, charge passed and protocol step drawn with a built-in bitmap font. */
#ifndef ZN_RENDER_H
#define ZN_RENDER_H

#include <stddef.h>

typedef struct ZnFrameInfo {
    double dx;          /* cell size, m */
    double t;           /* simulated time, s */
    double charge;      /* net plated charge, mAh/cm^2 */
    const char *step;   /* "plate", "strip" or "rest" */
    int scale;          /* pixels per cell (1..8) */
    int composite;      /* 0: metal over concentration; 1: plus a potential panel on the right */
    const char *title;  /* a caption line above the others (may be NULL) */
    const long long *lab; /* body labels (deadzn.c) or NULL: bodies with label >= nx are dead Zn,
                           * drawn in orange */
    const int *grain;     /* grain of every cell, or NULL: with it the metal is coloured by the */
    const double *grain_tf; /* c-axis tilt of its grain (theta_f = -tilt per grain, rad) and */
    int ngrains;          /* grain boundaries inside the metal are drawn darker */
    const double *zhs;    /* ZHS volume fraction of every cell, or NULL: where it sits the
                           * electrolyte turns pale and hatched (render_zhs_rgb) */
    const double *ph;     /* pH of every cell, or NULL: with it the electrolyte is coloured by
                           * pH instead of c/c0 (its range in the caption) */
} ZnFrameInfo;

/* Metal colour (xi = 1) and the colour of c~ = v on the viridis map, for tests. */
void render_metal_rgb(unsigned char rgb[3]);
/* Dead Zn: Okabe-Ito orange, told apart from grey and from viridis by colour-blind readers. */
void render_dead_rgb(unsigned char rgb[3]);
void render_viridis(double v, unsigned char rgb[3]);
/* ZHS: pale grey-white under dark diagonal hatching, told apart from metal (flat grey), dead Zn
 * (orange) and the viridis electrolyte by its texture, with or without colour vision. */
void render_zhs_rgb(unsigned char rgb[3]);
/* Metal by c-axis tilt, folded into [0, 90] deg: light grey (002) through reddish purple
 * (101, 65 deg) to dark purple (100); lightness falls monotonically, so it reads without
 * colour vision too. */
void render_orientation_rgb(double tilt_deg, unsigned char rgb[3]);
/* Diverging blue-white-red map for v in [-1, 1] (the potential panel). */
void render_diverging(double v, unsigned char rgb[3]);

/* Height of the caption strip above the field, pixels (a title adds a line of 10). */
int render_caption_height(void);

/* Writes a PNG of fields xi, c and (composite) phi (nx*ny, x fastest, row 0 = collector) to
 * path (atomically). Image width and height are even (movie encoders need it).
 * Returns 0 or -1 with why. */
int render_frame(const char *path, const double *xi, const double *c, const double *phi, int nx,
                 int ny, const ZnFrameInfo *info, char *why, size_t why_len);

#endif
