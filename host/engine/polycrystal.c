/* polycrystal.c - see polycrystal.h. In a 2D section the foil's grains are the Voronoi cells
 * of points spread uniformly over the foil (x periodic); for a foil thinner than the grain
 * size the points sit at random heights inside it and the grains become columns about `size`
 * wide. The foil and its interface start in the grain of their nearest point; epitaxy
 * (kernels/grains.c) fills the electrolyte above and takes over as the metal grows. */
#include "polycrystal.h"
#include "physics.h"
#include "rng.h"

#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RS_X = 1, RS_Y, RS_FAMILY, RS_SPREAD, RS_SIGN };

int poly_pick_family(const double frac[3], double u)
{
    double s = frac[0] + frac[1] + frac[2];
    if (u * s < frac[0]) return ZN_TEX_002;
    return u * s < frac[0] + frac[1] ? ZN_TEX_101 : ZN_TEX_100;
}

double poly_tilt(int family, double u_sign, double spread_deg, double z)
{
    double beta = phys_family_tilt(family) + spread_deg * PX_PI / 180.0 * z;
    return u_sign < 0.5 ? beta : -beta;
}

/* Grains from a grey-level image covering the domain (top row = top of the domain). */
static int from_map(const ZnPolycrystal *pc, const ZnPhys *p, ZnGrain **tab, int *n, int *g,
                    char *why, size_t why_len)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, pc->map)) {
        snprintf(why, why_len, "grain map %s: cannot read: %s", pc->map, img.message);
        return -1;
    }
    img.format = PNG_FORMAT_GRAY;
    size_t bytes = PNG_IMAGE_SIZE(img);
    unsigned char *pix = (unsigned char *)malloc(bytes);
    if (!pix || !png_image_finish_read(&img, NULL, pix, 0, NULL)) {
        snprintf(why, why_len, "grain map %s: cannot decode: %s", pc->map, pix ? img.message : "out of memory");
        free(pix);
        png_image_free(&img);
        return -1;
    }
    int id_of[256];
    for (int v = 0; v < 256; v++) id_of[v] = -1;
    ZnGrain *t = (ZnGrain *)calloc(256, sizeof(ZnGrain));
    if (!t) {
        free(pix);
        snprintf(why, why_len, "grain map %s: out of memory", pc->map);
        return -1;
    }
    int nx = p->grid.nx, ny = p->grid.ny, count = 0;
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            int pi = (int)((i + 0.5) * img.width / nx), pj = (int)((ny - 1 - j + 0.5) * img.height / ny);
            int v = pix[(size_t)pj * img.width + pi];
            if (id_of[v] < 0) {
                id_of[v] = count;
                t[count].theta_f = -(90.0 * v / 255.0) * PX_PI / 180.0;
                t[count].activity = 1.0;
                count++;
            }
            g[(size_t)j * nx + i] = id_of[v];
        }
    free(pix);
    *tab = t;
    *n = count;
    return 0;
}

int poly_build(const ZnPolycrystal *pc, const ZnPhys *p, const ZnInitial *in, ZnGrain **tab,
               int *n, int *g, char *why, size_t why_len)
{
    if (pc->map[0]) return from_map(pc, p, tab, n, g, why, why_len);
    int nx = p->grid.nx, ny = p->grid.ny;
    double h = p->grid.dx, Lx = nx * h, t = in->thickness;
    if (!(t > 0.0)) {
        snprintf(why, why_len, "polycrystal: needs a Zn foil (a foil thickness > 0)");
        return -1;
    }
    double npts = Lx * fmax(t, pc->size) / (pc->size * pc->size);
    if (npts > 1e6) {
        snprintf(why, why_len, "polycrystal: grain size %.3g m gives %.3g grains (at most 1e6)", pc->size, npts);
        return -1;
    }
    int np = npts < 1.0 ? 1 : (int)(npts + 0.5);
    double *px = (double *)malloc(2 * (size_t)np * sizeof(double));
    ZnGrain *tb = (ZnGrain *)calloc((size_t)np, sizeof(ZnGrain));
    if (!px || !tb) {
        free(px);
        free(tb);
        snprintf(why, why_len, "grains: out of memory for %d grains", np);
        return -1;
    }
    double *py = px + np;
    for (int k = 0; k < np; k++) {
        px[k] = Lx * zn_rng_u01(pc->seed, RS_X, (uint64_t)k);
        py[k] = t * zn_rng_u01(pc->seed, RS_Y, (uint64_t)k);
        int fam = poly_pick_family(pc->frac, zn_rng_u01(pc->seed, RS_FAMILY, (uint64_t)k));
        double beta = poly_tilt(fam, zn_rng_u01(pc->seed, RS_SIGN, (uint64_t)k), pc->spread_deg,
                                zn_rng_normal(pc->seed, RS_SPREAD, (uint64_t)k));
        tb[k].theta_f = -beta;
        tb[k].activity = 1.0;
    }
    /* nearest point, x periodic; ties to the lower index (the scan order). Cells well above
     * the foil are left to epitaxy (-1 until the grains follow). */
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            if ((j + 0.5) * h > t + 3.0 * p->delta) {
                g[(size_t)j * nx + i] = -1;
                continue;
            }
            double x = (i + 0.5) * h, y = (j + 0.5) * h, best = INFINITY;
            int id = 0;
            for (int k = 0; k < np; k++) {
                double dx = zn_periodic_dist(x, px[k], Lx);
                double d2 = dx * dx + (y - py[k]) * (y - py[k]);
                if (d2 < best) {
                    best = d2;
                    id = k;
                }
            }
            g[(size_t)j * nx + i] = id;
        }
    free(px);
    *tab = tb;
    *n = np;
    return 0;
}
