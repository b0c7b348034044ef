/* render.c - PNG frames (render.h). The image is built in memory (RGB, 8 bits) and handed to
 * libpng row by row; libpng reports errors by longjmp, which is caught here and turned into a
 * message. Written to a temporary name and renamed, so a frame is either whole or absent. */
#include "render.h"
#include "render_font.h"
#include "atomic_file.h"

#include <errno.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAPTION_H 22 /* two 7-pixel text lines with spacing; even */
#define TITLE_H 10   /* a title line above them when the frame has a title */

int render_caption_height(void) { return CAPTION_H; }

void render_metal_rgb(unsigned char rgb[3])
{
    rgb[0] = 200;
    rgb[1] = 200;
    rgb[2] = 205;
}

void render_dead_rgb(unsigned char rgb[3])
{
    rgb[0] = 230;
    rgb[1] = 159;
    rgb[2] = 0;
}

/* The hatching drawn over ZHS (every fourth diagonal pixel). */
static const unsigned char ZHS_HATCH[3] = {60, 60, 60};

void render_zhs_rgb(unsigned char rgb[3])
{
    rgb[0] = 240;
    rgb[1] = 240;
    rgb[2] = 228;
}

/* Viridis (matplotlib's perceptually uniform map) through 9 anchors, linear between them. */
void render_viridis(double v, unsigned char rgb[3])
{
    static const unsigned char A[9][3] = {{68, 1, 84},    {71, 44, 122},  {59, 81, 139},
                                          {44, 113, 142}, {33, 144, 141}, {39, 173, 129},
                                          {92, 200, 99},  {170, 220, 50}, {253, 231, 37}};
    if (!(v > 0.0)) v = 0.0; /* NaN too */
    if (v > 1.0) v = 1.0;
    double x = v * 8.0;
    int k = (int)x;
    if (k > 7) k = 7;
    double w = x - k;
    for (int q = 0; q < 3; q++) rgb[q] = (unsigned char)lround(A[k][q] * (1 - w) + A[k + 1][q] * w);
}

void render_diverging(double v, unsigned char rgb[3])
{
    if (!(v >= -1.0)) v = -1.0; /* NaN too */
    if (v > 1.0) v = 1.0;
    /* blue (59,76,192) - white - red (180,4,38), the ends of the usual cool-warm map */
    const double lo[3] = {59, 76, 192}, hi[3] = {180, 4, 38};
    for (int q = 0; q < 3; q++) {
        double end = v < 0 ? lo[q] : hi[q], w = fabs(v);
        rgb[q] = (unsigned char)lround(255.0 * (1 - w) + end * w);
    }
}

typedef struct Image {
    int w, h;
    unsigned char *px; /* RGB rows, top first */
} Image;

static void put(Image *im, int x, int y, const unsigned char rgb[3])
{
    if (x < 0 || y < 0 || x >= im->w || y >= im->h) return;
    memcpy(im->px + 3 * ((size_t)y * im->w + x), rgb, 3);
}

/* Draws text with its top-left corner at (x, y); characters the font lacks are skipped. */
static void draw_text(Image *im, int x, int y, const char *s)
{
    static const unsigned char ink[3] = {0, 0, 0};
    for (; *s; s++, x += FONT_W + 1) {
        const char *const *g = font_glyph(*s);
        if (!g) continue;
        for (int r = 0; r < FONT_H; r++)
            for (int c = 0; c < FONT_W; c++)
                if (g[r][c] == '#') put(im, x + c, y + r, ink);
    }
}

/* Longest of 0.1, 0.2, 0.5, 1, 2, 5 ... um that fits in a quarter of the width. */
static double scale_bar_um(double width_um)
{
    double best = 0.1;
    for (double dec = 0.1; dec < 1e4; dec *= 10)
        for (int k = 0; k < 3; k++) {
            double v = dec * (k == 0 ? 1 : k == 1 ? 2 : 5);
            if (v <= 0.25 * width_um) best = v;
        }
    return best;
}

static int write_png(const char *path, const Image *im, char *why, size_t why_len)
{
    AtomicFile a;
    if (afile_open(&a, path, why, why_len) != 0) return -1;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        png_destroy_write_struct(&png, &info);
        afile_commit(&a, 0, 0, why, why_len);
        snprintf(why, why_len, "%s: png_create_write_struct failed (out of memory)", path);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        afile_commit(&a, 0, 0, why, why_len);
        snprintf(why, why_len, "%s: libpng failed while writing", path);
        return -1;
    }
    png_init_io(png, a.f);
    png_set_IHDR(png, info, (png_uint_32)im->w, (png_uint_32)im->h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < im->h; y++) png_write_row(png, im->px + 3 * (size_t)y * im->w);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return afile_commit(&a, 1, 0, why, why_len);
}

void render_orientation_rgb(double tilt_deg, unsigned char rgb[3])
{
    static const double at[3] = {0.0, 65.0, 90.0};
    static const unsigned char col[3][3] = {{225, 225, 225}, {204, 121, 167}, {110, 40, 95}};
    double t = fmod(fabs(tilt_deg), 180.0);
    if (t > 90.0) t = 180.0 - t;
    int seg = t <= at[1] ? 0 : 1;
    double w = (t - at[seg]) / (at[seg + 1] - at[seg]);
    for (int q = 0; q < 3; q++) rgb[q] = (unsigned char)lround(col[seg][q] * (1 - w) + col[seg + 1][q] * w);
}

/* Colour of the metal in cell k: dead Zn orange, else grey or its grain's orientation with
 * grain boundaries darkened. */
static void metal_colour(const ZnFrameInfo *fi, const double *xi, size_t k, int i, int j, int nx,
                         int ny, unsigned char out[3])
{
    if (fi->lab && fi->lab[k] >= (long long)nx) {
        render_dead_rgb(out);
        return;
    }
    int g = fi->grain ? fi->grain[k] : -1;
    if (g < 0 || g >= fi->ngrains) {
        render_metal_rgb(out);
        return;
    }
    render_orientation_rgb(-fi->grain_tf[g] * 180.0 / 3.14159265358979323846, out);
    size_t right = (size_t)j * nx + (i + 1) % nx, up = (size_t)(j + 1 < ny ? j + 1 : j) * nx + i;
    if ((xi[right] > 0.5 && fi->grain[right] != g) || (xi[up] > 0.5 && fi->grain[up] != g))
        for (int q = 0; q < 3; q++) out[q] = (unsigned char)(out[q] * 0.55);
}

/* Paints one field panel at x offset x0: metal over colour(v) of the electrolyte. */
static void paint_panel(Image *im, int x0, int top, const double *xi, const double *v, double lo,
                        double hi, int diverging, const ZnFrameInfo *fi, int nx, int ny, int s)
{
    unsigned char metal[3], el[3], mix[3];
    double span = hi - lo > 1e-300 ? hi - lo : 1.0, amax = fabs(lo) > fabs(hi) ? fabs(lo) : fabs(hi);
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            size_t k = (size_t)j * nx + i;
            metal_colour(fi, xi, k, i, j, nx, ny, metal);
            if (diverging) render_diverging(amax > 0 ? v[k] / amax : 0.0, el);
            else render_viridis((v[k] - lo) / span, el);
            /* crisp interface: blend only across the middle of the profile */
            double w = (xi[k] - 0.35) / 0.3;
            w = w < 0 ? 0 : (w > 1 ? 1 : w);
            /* ZHS in the electrolyte: towards its pale colour with its share (full at 1/2) */
            double z = fi->zhs && xi[k] < 0.5 ? fi->zhs[k] : 0.0;
            if (z > 0.01) {
                unsigned char zc[3];
                render_zhs_rgb(zc);
                double a = z > 0.5 ? 1.0 : z / 0.5;
                for (int q = 0; q < 3; q++) el[q] = (unsigned char)lround(zc[q] * a + el[q] * (1 - a));
            }
            for (int q = 0; q < 3; q++) mix[q] = (unsigned char)lround(metal[q] * w + el[q] * (1 - w));
            int y0 = top + (ny - 1 - j) * s; /* the collector at the bottom */
            for (int dy = 0; dy < s; dy++)
                for (int dx = 0; dx < s; dx++) {
                    int x = x0 + i * s + dx, y = y0 + dy;
                    put(im, x, y, z > 0.01 && w < 1.0 && (x + y) % 4 == 0 ? ZHS_HATCH : mix);
                }
        }
}

/* Range of v over the electrolyte (xi < 1/2); [1, 1] when there is none. */
static void electrolyte_range(const double *xi, const double *v, size_t n, double *lo, double *hi)
{
    *lo = 1e300;
    *hi = -1e300;
    for (size_t k = 0; k < n; k++)
        if (xi[k] < 0.5) {
            *lo = v[k] < *lo ? v[k] : *lo;
            *hi = v[k] > *hi ? v[k] : *hi;
        }
    if (*lo > *hi) *lo = *hi = 1.0;
}

#define PANEL_GAP 4

int render_frame(const char *path, const double *xi, const double *c, const double *phi, int nx,
                 int ny, const ZnFrameInfo *info, char *why, size_t why_len)
{
    int s = info->scale < 1 ? 1 : (info->scale > 8 ? 8 : info->scale);
    int composite = info->composite && phi;
    int panel_w = nx * s, w = composite ? 2 * panel_w + PANEL_GAP : panel_w;
    int titled = info->title && info->title[0];
    int top = CAPTION_H + (titled ? TITLE_H : 0); /* both even */
    Image im;
    im.w = w + w % 2;
    im.h = top + ny * s + (ny * s) % 2;
    im.px = (unsigned char *)malloc((size_t)im.w * im.h * 3);
    if (!im.px) {
        snprintf(why, why_len, "%s: out of memory for a %d x %d frame", path, im.w, im.h);
        return -1;
    }
    memset(im.px, 255, (size_t)im.w * im.h * 3);
    size_t n = (size_t)nx * ny;
    double cmin, cmax, pmin = 0, pmax = 0;
    const double *bg = info->ph ? info->ph : c; /* what colours the electrolyte */
    electrolyte_range(xi, bg, n, &cmin, &cmax);
    paint_panel(&im, 0, top, xi, bg, cmin, cmax, 0, info, nx, ny, s);
    if (composite) {
        electrolyte_range(xi, phi, n, &pmin, &pmax);
        paint_panel(&im, panel_w + PANEL_GAP, top, xi, phi, pmin, pmax, 1, info, nx, ny, s);
    }
    char line[160];
    int y1 = titled ? TITLE_H : 0; /* caption lines move down under a title */
    if (titled) draw_text(&im, 3, 2, info->title);
    double q = fabs(info->charge) < 5e-9 ? 0.0 : info->charge; /* no "-0.0000" after a full strip */
    snprintf(line, sizeof line, "t=%.4g s  %.4f mAh/cm^2  %s", info->t, q, info->step ? info->step : "");
    draw_text(&im, 3, y1 + 2, line);
    snprintf(line, sizeof line, info->ph ? "pH %.3f .. %.3f" : "c/c0 %.3f .. %.3f", cmin, cmax);
    draw_text(&im, 3, y1 + 12, line);
    if (info->grain) {
        /* key of the metal colours: "tilt 0 [ramp] 90" after the concentration range */
        int kx = 3 + ((int)strlen(line) + 2) * (FONT_W + 1);
        draw_text(&im, kx, y1 + 12, "tilt 0");
        kx += 6 * (FONT_W + 1) + 2;
        for (int p = 0; p < 30; p++) {
            unsigned char rgb[3];
            render_orientation_rgb(90.0 * p / 29.0, rgb);
            for (int dy = 0; dy < 7; dy++) put(&im, kx + p, y1 + 12 + dy, rgb);
        }
        draw_text(&im, kx + 32, y1 + 12, "90");
    }
    if (info->zhs) {
        /* key: a hatched swatch and "ZHS" at the right end of the range line */
        int kx = im.w - 4 * (FONT_W + 1) - 14;
        unsigned char zc[3];
        render_zhs_rgb(zc);
        for (int dy = 0; dy < 7; dy++)
            for (int dx = 0; dx < 9; dx++)
                put(&im, kx + dx, y1 + 12 + dy, (kx + dx + y1 + 12 + dy) % 4 == 0 ? ZHS_HATCH : zc);
        draw_text(&im, kx + 11, y1 + 12, "ZHS");
    }
    if (composite) {
        /* + 0.0 turns a negative zero into a plain one */
        snprintf(line, sizeof line, "phi %.3f .. %.3f mV", pmin * 1e3 + 0.0, pmax * 1e3 + 0.0);
        draw_text(&im, panel_w + PANEL_GAP + 3, y1 + 12, line);
    }
    /* scale bar on the right of the second line */
    double width_um = nx * info->dx * 1e6, bar = scale_bar_um(width_um);
    int bar_px = (int)lround(bar / (info->dx * 1e6) * s);
    char label[32];
    snprintf(label, sizeof label, "%g um", bar);
    int lx = im.w - 3 - bar_px, tx = lx - (int)strlen(label) * (FONT_W + 1) - 3;
    static const unsigned char ink[3] = {0, 0, 0};
    for (int x = lx; x < lx + bar_px; x++)
        for (int y = y1 + 15; y < y1 + 18; y++) put(&im, x, y, ink);
    draw_text(&im, tx, y1 + 12, label);
    int rc = write_png(path, &im, why, why_len);
    free(im.px);
    return rc;
}
