/* nucleation.c - see nucleation.h. Every random draw is rng.h of (seed, stream, site index):
 * the same seed gives the same sites on any backend and after any restart, and nothing but
 * the index of the next site to place has to be checkpointed. */
#include "nucleation.h"
#include "grains.h"
#include "polycrystal.h"
#include "rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RS_X = 11, RS_PARENT, RS_CHILD, RS_PHASE, RS_TIME, RS_FAMILY, RS_SIGN, RS_SPREAD };

static int by_time(const void *a, const void *b)
{
    const ZnSite *p = (const ZnSite *)a, *q = (const ZnSite *)b;
    if (p->t_act != q->t_act) return p->t_act < q->t_act ? -1 : 1;
    return p->x < q->x ? -1 : (p->x > q->x ? 1 : 0);
}

int nuc_sites(const ZnNucleation *nu, double Lx, uint64_t epoch, ZnSite **sites, int *n, char *why,
              size_t why_len)
{
    uint64_t seed = epoch == 0 ? nu->seed : zn_rng_bits(nu->seed, 0, epoch);
    double expect = Lx * sqrt(nu->density);
    if (expect > 1e6) {
        snprintf(why, why_len, "nucleation: %.3g sites in the section (at most 1e6)", expect);
        return -1;
    }
    int ns = (int)(expect + 0.5);
    ZnSite *s = (ZnSite *)calloc(ns > 0 ? (size_t)ns : 1, sizeof(ZnSite));
    if (!s) {
        snprintf(why, why_len, "nucleation: out of memory for %d sites", ns);
        return -1;
    }
    int parents = nu->cluster_size > 0 ? (ns + nu->cluster_size - 1) / nu->cluster_size : 1;
    if (parents < 1) parents = 1;
    double phase = zn_rng_u01(seed, RS_PHASE, 0);
    for (int k = 0; k < ns; k++) {
        uint64_t i = (uint64_t)k;
        double x;
        if (nu->placement == ZN_NUC_LATTICE) {
            x = (k + phase) * Lx / ns;
        } else if (nu->placement == ZN_NUC_CLUSTERED) {
            double centre = Lx * zn_rng_u01(seed, RS_PARENT, (uint64_t)(k % parents));
            x = centre + nu->cluster_radius * zn_rng_normal(seed, RS_CHILD, i);
        } else {
            x = Lx * zn_rng_u01(seed, RS_X, i);
        }
        x = fmod(x, Lx);
        if (x < 0.0) x += Lx;
        s[k].x = x;
        s[k].t_act = nu->mode == ZN_NUC_PROGRESSIVE ? -log(zn_rng_u01(seed, RS_TIME, i)) / nu->rate : 0.0;
        int fam = poly_pick_family(nu->frac, zn_rng_u01(seed, RS_FAMILY, i));
        s[k].beta = poly_tilt(fam, zn_rng_u01(seed, RS_SIGN, i), nu->spread_deg,
                              zn_rng_normal(seed, RS_SPREAD, i));
    }
    qsort(s, (size_t)ns, sizeof *s, by_time);
    *sites = s;
    *n = ns;
    return 0;
}

int nuc_place(ZnEngine *e, const ZnNucleation *nu, const ZnSite *sites, int nsites, int *next,
              double clock, double y_sub, double *charge)
{
    *charge = 0.0;
    if (*next >= nsites || sites[*next].t_act > clock) return 0;
    int nx = e->r.nx, ny = e->r.ny;
    double h = e->hx, Lx = nx * h, r = nu->radius, delta = e->m.delta;
    size_t n = (size_t)nx * ny;
    double *xi = (double *)malloc(n * sizeof(double));
    int *g = (int *)malloc(n * sizeof(int));
    if (!xi || !g || engine_download(e, xi, NULL, NULL) != 0 || grains_download(e, g) != 0) {
        snprintf(e->err, sizeof e->err, "nucleation: cannot fetch the fields");
        free(xi);
        free(g);
        return -1;
    }
    double added = 0.0;
    int placed = 0;
    for (; *next < nsites && sites[*next].t_act <= clock; (*next)++) {
        const ZnSite *s = &sites[*next];
        int is = (int)(s->x / h);
        if (is >= nx) is = nx - 1;
        int jt = (int)((y_sub + r) / h); /* the nucleus' top: buried when metal is already there */
        if (jt >= ny) jt = ny - 1;
        if (xi[(size_t)jt * nx + is] >= 0.5) continue;
        double beta = s->beta;
        if (nu->inherit && y_sub > 0.0) {
            int jb = (int)(y_sub / h) - 1;
            int gb = jb >= 0 ? g[(size_t)jb * nx + is] : -1;
            if (gb >= 0) beta = -e->grains[gb].theta_f;
        }
        int id = grains_add(e, -beta, nu->activity);
        if (id < 0) {
            free(xi);
            free(g);
            return -1;
        }
        /* the equilibrium profile of a half-disc centred on the surface, laid over the metal;
         * on the bare collector the cap of the same area at the contact angle */
        double R = r, yc = 0.0;
        if (y_sub == 0.0) initial_cap(r, e->m.wet_theta, &R, &yc);
        int reach = (int)((R + 4.0 * delta) / h) + 1;
        for (int dj = -reach; dj <= reach; dj++) {
            int j = (int)((y_sub + yc) / h) + dj;
            if (j < 0 || j >= ny) continue;
            for (int di = -reach; di <= reach; di++) {
                int i = ((is + di) % nx + nx) % nx;
                double dx = zn_periodic_dist((i + 0.5) * h, s->x, Lx);
                double dy = (j + 0.5) * h - y_sub - yc;
                double v = 0.5 * (1.0 - tanh((sqrt(dx * dx + dy * dy) - R) / delta));
                size_t c = (size_t)j * nx + i;
                if (v > xi[c]) {
                    added += v - xi[c];
                    xi[c] = v;
                    g[c] = id;
                }
            }
        }
        e->grains[id].v0 = 0.0; /* all of a nucleus is deposit */
        placed++;
    }
    int rc = 0;
    if (placed > 0) {
        rc = engine_upload(e, xi, NULL, NULL);
        if (rc == 0) rc = grains_upload(e, g);
        /* bring the new grains out to the electrolyte side of their profile */
        if (rc == 0) rc = grains_follow(e, (int)(4.0 * delta / h) + 2);
    }
    free(xi);
    free(g);
    const ZnModel *m = &e->m;
    *charge = added * h * e->hy * m->n * m->F * m->cs / Lx;
    return rc;
}
