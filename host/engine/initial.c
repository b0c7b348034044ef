/* initial.c - initial deposit shapes (initial.h). */
#include "initial.h"

#include <math.h>
#include <stdio.h>

/* Height of the foil surface above x (Gaussian bumps and the cosine ride on the foil). */
static double surface_height(const ZnInitial *in, double x, double Lx)
{
    double h = in->thickness;
    if (in->sin_wavelength > 0.0) h += in->sin_amplitude * cos(2.0 * PX_PI * x / in->sin_wavelength);
    for (int b = 0; b < in->nbumps; b++) {
        double d = zn_periodic_dist(x, in->bumps[b].x, Lx);
        double w = in->bumps[b].width;
        h += in->bumps[b].height * exp(-(d * d) / (w * w));
    }
    return h;
}

void initial_fill(const ZnInitial *in, const ZnPhys *p, double *xi)
{
    int nx = p->grid.nx, ny = p->grid.ny;
    double h = p->grid.dx, Lx = nx * h;
    for (int i = 0; i < nx; i++) {
        double x = (i + 0.5) * h;
        double H = surface_height(in, x, Lx);
        for (int j = 0; j < ny; j++) {
            double y = (j + 0.5) * h;
            double s = 1e300;
            if (in->thickness > 0.0 || in->nbumps > 0 || in->sin_wavelength > 0.0) s = y - H;
            for (int k = 0; k < in->nmushrooms; k++) {
                const ZnMushroom *mu = &in->mushrooms[k];
                double dxm = zn_periodic_dist(x, mu->x, Lx);
                double top = in->thickness + mu->neck_height;
                double stem = fmax(dxm - 0.5 * mu->neck_width, y - top); /* box from the foil up */
                double cap = hypot(dxm, y - top - 0.8 * mu->radius) - mu->radius;
                double d = fmin(stem, cap);
                if (d < s) s = d;
            }
            for (int k = 0; k < in->nseeds; k++) {
                /* on a foil a half-disc; on the bare collector the cap of the contact angle */
                double R = in->seeds[k].radius, yc = 0.0;
                if (in->thickness == 0.0) initial_cap(R, p->wet_deg * PX_PI / 180.0, &R, &yc);
                double dxs = zn_periodic_dist(x, in->seeds[k].x, Lx);
                double dy = y - in->thickness - yc;
                double d = sqrt(dxs * dxs + dy * dy) - R;
                if (d < s) s = d;
            }
            xi[(size_t)j * nx + i] = s > 1e299 ? 0.0 : 0.5 * (1.0 - tanh(s / p->delta));
        }
    }
}
