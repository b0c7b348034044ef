/* grains.c - see grains.h. The table lives twice: ZnGrain records on the host (what the
 * checkpoint and the metrics need) and theta_f, activity, cos theta_f and sin theta_f columns on
 * the backend (what the kernels read: the cosine and sine spare the phase field a trigonometric
 * call per cell); grains_add keeps them in step and grows both by doubling. */
#include "grains.h"
#include "physics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZN_ERR(e, ...) snprintf((e)->err, sizeof (e)->err, __VA_ARGS__)

static size_t ncells(const ZnEngine *e) { return (size_t)e->r.nx * e->r.ny * e->r.nz; }

/* Uploads the device columns of the whole table. */
static int upload_table(ZnEngine *e)
{
    double *col = (double *)malloc(ZN_GRAIN_COLUMNS * (size_t)e->gcap * sizeof(double));
    if (!col) {
        ZN_ERR(e, "out of memory for the grain table");
        return -1;
    }
    for (int g = 0; g < e->gcap; g++) {
        double tf = g < e->ngrains ? e->grains[g].theta_f : 0.0;
        col[g] = tf;
        col[e->gcap + g] = g < e->ngrains ? e->grains[g].activity : 0.0;
        col[2 * e->gcap + g] = cos(tf);
        col[3 * e->gcap + g] = sin(tf);
    }
    int rc = e->be->upload(e->gtab, col, ZN_GRAIN_COLUMNS * (size_t)e->gcap * sizeof(double));
    free(col);
    if (rc != 0) ZN_ERR(e, "uploading the grain table: %s", e->be->last_error());
    return rc ? -1 : 0;
}

static int reserve(ZnEngine *e, int n)
{
    if (n <= e->gcap && e->gtab) return 0;
    int cap = e->gcap > 0 ? e->gcap : 64;
    while (cap < n) cap *= 2;
    ZnGrain *h = (ZnGrain *)realloc(e->grains, (size_t)cap * sizeof(ZnGrain));
    if (!h) {
        ZN_ERR(e, "out of memory for %d grains", cap);
        return -1;
    }
    e->grains = h;
    double *d = (double *)e->be->alloc(ZN_GRAIN_COLUMNS * (size_t)cap * sizeof(double));
    if (!d) {
        ZN_ERR(e, "allocating a table of %d grains on %s: %s", cap, e->be->name, e->be->last_error());
        return -1;
    }
    if (e->gtab) e->be->release(e->gtab);
    e->gtab = d;
    e->gcap = cap;
    return upload_table(e);
}

int grains_create(ZnEngine *e)
{
    size_t n = ncells(e);
    e->grain = (int *)e->be->alloc(n * sizeof(int)); /* zero-filled: every cell in grain 0 */
    e->grain2 = (int *)e->be->alloc(n * sizeof(int));
    if (!e->grain || !e->grain2) {
        ZN_ERR(e, "allocating the grain field on %s: %s", e->be->name, e->be->last_error());
        return -1;
    }
    e->ngrains = 0;
    if (reserve(e, 64) != 0) return -1;
    return grains_add(e, e->m.theta_f, 1.0) == 0 ? 0 : -1;
}

void grains_destroy(ZnEngine *e)
{
    e->be->release(e->grain);
    e->be->release(e->grain2);
    e->be->release(e->gtab);
    free(e->grains);
    e->grain = e->grain2 = NULL;
    e->gtab = NULL;
    e->grains = NULL;
    e->ngrains = e->gcap = 0;
}

int grains_add(ZnEngine *e, double theta_f, double activity)
{
    if (e->ngrains >= (1 << 30)) {
        ZN_ERR(e, "too many grains");
        return -1;
    }
    int id = e->ngrains;
    if (reserve(e, id + 1) != 0) return -1;
    e->grains[id].theta_f = theta_f;
    e->grains[id].activity = activity;
    e->grains[id].v0 = 0.0;
    e->ngrains = id + 1;
    double v[ZN_GRAIN_COLUMNS] = {theta_f, activity, cos(theta_f), sin(theta_f)};
    int rc = 0;
    for (int k = 0; k < ZN_GRAIN_COLUMNS && rc == 0; k++)
        rc = e->be->upload(e->gtab + (size_t)k * e->gcap + id, &v[k], sizeof(double));
    if (rc != 0) {
        ZN_ERR(e, "uploading grain %d: %s", id, e->be->last_error());
        return -1;
    }
    return id;
}

int grains_set(ZnEngine *e, const ZnGrain *tab, int n, const int *g)
{
    if (n < 1) {
        ZN_ERR(e, "a grain table needs at least one grain");
        return -1;
    }
    if (reserve(e, n) != 0) return -1;
    memcpy(e->grains, tab, (size_t)n * sizeof(ZnGrain));
    e->ngrains = n;
    if (upload_table(e) != 0) return -1;
    return g ? grains_upload(e, g) : 0;
}

int grains_download(const ZnEngine *e, int *g)
{
    return e->be->download(g, e->grain, ncells(e) * sizeof(int));
}

int grains_upload(ZnEngine *e, const int *g)
{
    size_t n = ncells(e);
    for (size_t c = 0; c < n; c++)
        if (g[c] < -1 || g[c] >= e->ngrains) {
            ZN_ERR(e, "grain field: cell %zu names grain %d of %d", c, g[c], e->ngrains);
            return -1;
        }
    if (e->be->upload(e->grain, g, n * sizeof(int)) != 0) {
        ZN_ERR(e, "uploading the grain field: %s", e->be->last_error());
        return -1;
    }
    return 0;
}

int grains_follow(ZnEngine *e, int passes)
{
    const ZnKernels *k = e->be->k;
    int *cur = e->grain, *next = e->grain2;
    int limit = passes > 0 ? passes : e->r.nx + e->r.ny + 2; /* a label crosses the domain */
    int it = 0;
    for (; it < limit; it++) {
        GrainArgs a;
        memset(&a, 0, sizeof a);
        a.xi = e->xi;
        a.g = cur;
        a.out = next;
        double changed = 1.0;
        if (passes > 0) k->gr_follow_pass(e->r, a);
        else changed = k->gr_follow(e->r, a);
        int *t = cur;
        cur = next;
        next = t;
        if (changed == 0.0) break;
    }
    if (cur != e->grain && e->be->copy(e->grain, cur, ncells(e) * sizeof(int)) != 0) {
        ZN_ERR(e, "copying the grain field: %s", e->be->last_error());
        return -1;
    }
    return 0;
}

/* Metal (sum of xi) and metal cells (xi > 1/2) of every grain, from the fields on the host. */
static int per_grain(ZnEngine *e, double *vol, double *cells)
{
    size_t n = ncells(e);
    double *xi = (double *)malloc(n * sizeof(double));
    int *g = (int *)malloc(n * sizeof(int));
    int rc = -1;
    if (!xi || !g) {
        ZN_ERR(e, "out of memory for the grain statistics");
    } else if (e->be->download(xi, e->xi, n * sizeof(double)) != 0 || grains_download(e, g) != 0) {
        ZN_ERR(e, "fetching the grain field: %s", e->be->last_error());
    } else {
        memset(vol, 0, (size_t)e->ngrains * sizeof(double));
        memset(cells, 0, (size_t)e->ngrains * sizeof(double));
        for (size_t c = 0; c < n; c++) {
            if (g[c] < 0) continue;
            vol[g[c]] += xi[c];
            if (xi[c] > 0.5) cells[g[c]] += 1.0;
        }
        rc = 0;
    }
    free(xi);
    free(g);
    return rc;
}

int grains_mark_start(ZnEngine *e)
{
    double *vol = (double *)malloc(2 * (size_t)e->ngrains * sizeof(double));
    if (!vol) {
        ZN_ERR(e, "out of memory for the grain statistics");
        return -1;
    }
    int rc = per_grain(e, vol, vol + e->ngrains);
    if (rc == 0)
        for (int g = 0; g < e->ngrains; g++) e->grains[g].v0 = vol[g];
    free(vol);
    return rc;
}

int grains_texture(ZnEngine *e, ZnTexture *out)
{
    memset(out, 0, sizeof *out);
    const ZnKernels *k = e->be->k;
    GrainArgs a;
    memset(&a, 0, sizeof a);
    a.xi = e->xi;
    a.g = e->grain;
    a.tf = e->gtab;
    a.tf_none = e->m.theta_f;
    a.hx = e->hx;
    a.hy = e->hy;
    double len[3], total = 0.0;
    for (int f = 0; f < 3; f++) {
        a.family = f;
        len[f] = k->gr_facet_length(e->r, a);
        total += len[f];
    }
    for (int f = 0; f < 3; f++) out->facet[f] = total > 0.0 ? len[f] / total : 0.0;

    double *vol = (double *)malloc(2 * (size_t)e->ngrains * sizeof(double));
    if (!vol) {
        ZN_ERR(e, "out of memory for the grain statistics");
        return -1;
    }
    double *cells = vol + e->ngrains;
    if (per_grain(e, vol, cells) != 0) {
        free(vol);
        return -1;
    }
    double dep[3] = {0, 0, 0}, all[3] = {0, 0, 0}, size = 0.0, cell_area = e->hx * e->hy;
    for (int g = 0; g < e->ngrains; g++) {
        int fam = phys_tilt_family(-e->grains[g].theta_f);
        double d = vol[g] - e->grains[g].v0;
        if (d > 0.0) dep[fam] += d;
        all[fam] += vol[g];
        if (cells[g] >= 1.0) {
            out->grains++;
            size += 2.0 * sqrt(cells[g] * cell_area / PX_PI);
        }
    }
    double sd = dep[0] + dep[1] + dep[2], sa = all[0] + all[1] + all[2];
    /* with nothing deposited yet the texture is that of the metal present */
    const double *use = sd > 0.0 ? dep : all;
    double su = sd > 0.0 ? sd : sa;
    for (int f = 0; f < 3; f++) out->rtc[f] = su > 0.0 ? use[f] / su : 0.0;
    out->deposited = sd * cell_area / (e->r.nx * e->hx);
    out->grain_size = out->grains > 0 ? size / out->grains : 0.0;
    free(vol);
    return 0;
}
