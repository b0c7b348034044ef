/* scenario_checks.c - the cross-key checks of a scenario (scenario_checks.h): the physics
 * (phys_validate), the initial deposit against the domain, the texture sections, the protocol
 * against the potential model. Each message names its key through ZN_KEY, so the key's name is
 * written once, in scenario_keys.c. */
#include "scenario_checks.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

/* "key[index]: message" (index < 0: no index) into why; returns -1 for the caller to pass on. */
static int refuse(char *why, size_t why_len, const char *key, int index, const char *fmt, ...)
{
    int used = index < 0 ? snprintf(why, why_len, "%s: ", key)
                         : snprintf(why, why_len, "%s[%d]: ", key, index);
    if (used > 0 && (size_t)used < why_len) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why + used, why_len - (size_t)used, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* The initial deposit fits the domain, and each shape is resolved. */
static int initial_check(const ZnScenario *sc, char *why, size_t why_len)
{
    const ZnInitial *in = &sc->init;
    const ZnPhys *p = &sc->phys;
    double Lx = p->grid.nx * p->grid.dx, Ly = p->grid.ny * p->grid.dx;
    if (in->thickness < 0.0)
        return refuse(why, why_len, ZN_KEY(init.thickness), -1, "must not be negative");
    if (in->thickness + fabs(in->sin_amplitude) > Ly - 2.0 * p->delta)
        return refuse(why, why_len, ZN_KEY(init.thickness), -1,
                      "%.3g m leaves no electrolyte in a %.3g m tall domain", in->thickness, Ly);
    if (in->sin_wavelength > 0.0) {
        double waves = Lx / in->sin_wavelength;
        if (fabs(waves - floor(waves + 0.5)) > 1e-6)
            return refuse(why, why_len, ZN_KEY(init.sin_wavelength), -1,
                          "%.3g m does not divide the domain width %.3g m (periodic in x)",
                          in->sin_wavelength, Lx);
    }
    for (int k = 0; k < in->nseeds; k++)
        /* a seed under two interface widths is not resolved: its profile never reaches 1
         * and strong kinetic anisotropy dissolves it (seen in tests/test_texture.c) */
        if (!(in->seeds[k].radius >= 2.0 * p->delta) || in->seeds[k].x < 0.0 || in->seeds[k].x > Lx)
            return refuse(why, why_len, ZN_KEY(init.seeds), k,
                          "needs 0 <= x <= %.3g m and radius >= %.3g m (2 interface widths)", Lx,
                          2.0 * p->delta);
    for (int k = 0; k < in->nmushrooms; k++) {
        const ZnMushroom *mu = &in->mushrooms[k];
        if (!(mu->neck_width >= 2.0 * p->grid.dx) || !(mu->neck_height > 0.0) ||
            !(mu->radius >= 2.0 * p->delta))
            return refuse(why, why_len, ZN_KEY(init.mushrooms), k,
                          "needs neck_width >= 2 cells, neck_height > 0 and radius >= %.3g m "
                          "(2 interface widths)", 2.0 * p->delta);
    }
    for (int b = 0; b < in->nbumps; b++)
        if (!(in->bumps[b].width > 0.0))
            return refuse(why, why_len, ZN_KEY(init.bumps), b, "width must be positive");
    return 0;
}

/* The texture sections against the physics and the initial deposit. */
static int texture_check(const ZnScenario *sc, char *why, size_t why_len)
{
    const ZnPhys *p = &sc->phys;
    const ZnPolycrystal *g = &sc->grains;
    if (g->enabled && !g->map[0] && !(sc->init.thickness > 0.0))
        return refuse(why, why_len, ZN_KEY(grains.size), -1,
                      "a polycrystalline substrate needs a Zn foil under it (%s > 0; on Cu the "
                      "grains come from nucleation)", ZN_KEY(init.thickness));
    if (g->enabled && !g->map[0] && !(g->size > 0.0))
        return refuse(why, why_len, ZN_KEY(grains.size), -1,
                      "missing (mean grain size, e.g. 5 um) or give a grain map");
    if (g->enabled && !g->map[0]) {
        /* the Voronoi points of the foil section (polycrystal.c counts them the same way) */
        double Lx = p->grid.nx * p->grid.dx;
        double points = Lx * fmax(sc->init.thickness, g->size) / (g->size * g->size);
        if (points > 1e6)
            return refuse(why, why_len, ZN_KEY(grains.size), -1,
                          "%.3g m gives %.3g grains (at most 1e6)", g->size, points);
    }
    if (!sc->nuc.enabled) return 0;
    const ZnNucleation *nu = &sc->nuc;
    if (!(nu->radius >= 2.0 * p->delta))
        return refuse(why, why_len, ZN_KEY(nuc.radius), -1,
                      "%.3g m is under 2 interface widths (%.3g m): such a nucleus is not resolved",
                      nu->radius, 2.0 * p->delta);
    if (nu->inherit && !(sc->init.thickness > 0.0))
        return refuse(why, why_len, ZN_KEY(nuc.frac), -1,
                      "substrate: a Cu collector has no orientation to inherit (give fractions)");
    if (sc->init.thickness + nu->radius > p->grid.ny * p->grid.dx - 2.0 * p->delta)
        return refuse(why, why_len, ZN_KEY(nuc.radius), -1,
                      "nuclei would reach the top of the domain");
    double sites = p->grid.nx * p->grid.dx * sqrt(nu->density);
    if (sites > 1e6)
        return refuse(why, why_len, ZN_KEY(nuc.density), -1,
                      "%.3g sites in the section (at most 1e6)", sites);
    return 0;
}

/* The single-field model has no metal potential to hold a current at. */
static int protocol_check(const ZnScenario *sc, char *why, size_t why_len)
{
    for (int k = 0; k < sc->nsteps; k++)
        if (sc->phys.potential == ZN_POT_SINGLE_FIELD && sc->steps[k].control == ZN_CTRL_CURRENT &&
            sc->steps[k].kind != ZN_STEP_REST)
            return refuse(why, why_len, ZN_KEY(steps), -1,
                          "step %d: the single-field potential model supports potential control "
                          "only (give 'potential:', or the two-field model)", k + 1);
    return 0;
}

int scenario_check(const ZnScenario *sc, char *why, size_t why_len)
{
    if (sc->frame_background == 1 && !(sc->phys.her && sc->phys.her_acidity))
        return refuse(why, why_len, ZN_KEY(frame_background), -1,
                      "pH is drawn from the acidity field: it needs a her: section with %s: 1",
                      ZN_KEY(phys.her_acidity));
    if (protocol_check(sc, why, why_len) != 0) return -1;
    if (phys_validate(&sc->phys, why, why_len) != 0) return -1;
    if (initial_check(sc, why, why_len) != 0) return -1;
    return texture_check(sc, why, why_len);
}
