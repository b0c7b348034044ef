/* deadzn.c - see deadzn.h. The labelling steps until nothing changes; each step at least
 * halves long chains (pointer jumping), so a few tens of steps settle realistic morphologies;
 * the cap (one per cell) only guards against a bug. */
#include "deadzn.h"
#include "mixed_potential.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int label(ZnEngine *e, int *iterations)
{
    const ZnKernels *k = e->be->k;
    LabArgs a = {.xi = e->xi, .out = e->lab};
    k->lab_init(e->r, a);
    long long *cur = e->lab, *next = e->lab2;
    size_t cells = (size_t)e->r.nx * e->r.ny * e->r.nz;
    int it = 0;
    for (;;) {
        LabArgs s = {.xi = e->xi, .lab = cur, .out = next};
        double changed = k->lab_step(e->r, s);
        long long *t = cur;
        cur = next;
        next = t;
        it++;
        if (changed == 0.0) break;
        if ((size_t)it > cells) {
            snprintf(e->err, sizeof e->err, "dead-Zn labelling did not settle after %d steps", it);
            return -1;
        }
    }
    if (cur != e->lab && e->be->copy(e->lab, cur, cells * sizeof(long long)) != 0) {
        snprintf(e->err, sizeof e->err, "copying labels: %s", e->be->last_error());
        return -1;
    }
    *iterations = it;
    return 0;
}

/* Labels the bodies, then grows the dead ones' halo into e->act; *iterations from label. */
static int label_and_mask(ZnEngine *e, int *iterations)
{
    if (label(e, iterations) != 0) return -1;
    const ZnKernels *k = e->be->k;
    LabArgs a = {.xi = e->xi, .lab = e->lab, .act = e->act};
    k->lab_dead_seed(e->r, a);
    /* no dead body: the seed left the mask 0 everywhere and growing it would change nothing
     * (the passes below were 5 % of a 512^2 plating step) */
    if (k->lab_dead_roots(e->r, a) == 0.0) return 0;
    /* grow over the electrolyte side of the profile: xi < 0.007 beyond 2.5 widths. A floating
     * body balances its metal change against its own hydrogen over these cells, and the tail
     * of its profile beyond them (xi ~ exp(-2 d/delta)) moves with its front, carried by the
     * relaxation, not by the reaction: at 2.5 widths that tail is 0.6 % of the body's change
     * and nobody's hydrogen pays it. Five widths leave 1e-5 (tests/test_her.c, the floating
     * disc). Grown that far, the halo is kept to the body's own side of the profile: it only
     * descends in xi, so it stops at the saddle between the body and any metal near it */
    int floating = e->phys.dead_zn == ZN_DEAD_FLOATING;
    int reach = (int)((floating ? 5.0 : 2.5) * e->m.delta / e->hx + 0.999);
    double *cur = e->act, *next = e->act2;
    for (int s = 0; s < reach; s++) {
        LabArgs d = {.xi = e->xi, .lab = e->lab, .act_in = cur, .act = next, .downhill = floating};
        k->lab_dilate(e->r, d);
        double *t = cur;
        cur = next;
        next = t;
    }
    size_t cells = (size_t)e->r.nx * e->r.ny * e->r.nz;
    if (cur != e->act && e->be->copy(e->act, cur, cells * sizeof(double)) != 0) {
        snprintf(e->err, sizeof e->err, "copying the reaction mask: %s", e->be->last_error());
        return -1;
    }
    return 0;
}

int deadzn_update_mask(ZnEngine *e)
{
    int it;
    return label_and_mask(e, &it);
}

int deadzn_measure(ZnEngine *e, ZnDeadZn *out)
{
    int it;
    /* the halo of the dead bodies (the reaction mask) holds their diffuse rims; the next step
     * recomputes the mask from the same field, so this changes nothing it will see */
    if (label_and_mask(e, &it) != 0) return -1;
    const ZnKernels *k = e->be->k;
    LabArgs m = {.xi = e->xi, .lab = e->lab, .act_in = e->act};
    double dead = k->lab_dead_metal(e->r, m);
    out->dead_metal = dead * e->hx * e->hy / (e->r.nx * e->hx);
    out->dead_fraction = e->sum_xi > 0.0 ? dead / e->sum_xi : 0.0;
    out->islands = (int)k->lab_dead_roots(e->r, m);
    out->iterations = it;
    return 0;
}

int deadzn_float(ZnEngine *e, PfArgs a, const HerArgs *her)
{
    const ZnKernels *k = e->be->k;
    size_t cells = (size_t)e->r.nx * e->r.ny * e->r.nz;
    e->nfloat = 0;
    e->float_her = 0.0;
    LabArgs m = {.xi = e->xi, .lab = e->lab};
    if (k->lab_dead_roots(e->r, m) == 0.0) return 0;
    long long *lab = (long long *)malloc(cells * sizeof(long long));
    if (!lab || e->be->download(lab, e->lab, cells * sizeof(long long)) != 0) {
        free(lab);
        snprintf(e->err, sizeof e->err, "floating dead Zn: cannot fetch the body labels");
        return -1;
    }
    double table[2 * ZN_MAX_FLOATING];
    int n = 0;
    double nf = e->m.n * e->m.f;
    for (size_t c = (size_t)e->r.nx; c < cells && n < ZN_MAX_FLOATING; c++) {
        if (lab[c] != (long long)c) continue; /* a dead body's root carries its own index */
        a.select = (double)(lab[c] + 1);
        a.nfloat = 0;
        PxSum3 sums = k->pf_sums(e->r, a);
        double G = sums.v[0], A = sums.v[1], B = sums.v[2];
        if (!(A > 0.0) || !(B > 0.0)) continue; /* no interface of its own: nothing to float */
        /* its metal changes by what its hydrogen takes and nothing else: the k = 0 balance over
         * its cells, (1/dt + S) dM = G + R (second-order step: (lead + S)/(1 + w) and the
         * history in G, phasefield.c), with dM = -H e^{-alpha_H f E} dt / (n F c_s) and
         * R = B e^{-alpha u} - A e^{(1-alpha) u}, as the controller does for the attached metal
         * (without hydrogen: R = -G, its metal kept) */
        double u = log(B / A), H = 0.0;
        if (her) {
            HerArgs h = *her;
            h.select = a.select;
            H = k->her_sums(e->r, h).v[0];
        }
        double C = (a.lead + a.stab) / (1.0 + a.w) / a.inv_dt * H / (e->m.n * e->m.F * e->m.cs);
        if (mp_solve(A, B, C, e->m.her_alpha / e->m.n, -G, e->m.alpha, &u) != 0) {
            free(lab);
            snprintf(e->err, sizeof e->err, "floating dead Zn: no potential balances body %.0f", a.select);
            return -1;
        }
        e->float_her += H * exp(-e->m.her_alpha / e->m.n * u);
        table[2 * n] = a.select;
        table[2 * n + 1] = u / nf;
        n++;
    }
    free(lab);
    if (n > 0 && e->be->upload(e->float_E, table, 2 * (size_t)n * sizeof(double)) != 0) {
        snprintf(e->err, sizeof e->err, "floating dead Zn: uploading potentials: %s", e->be->last_error());
        return -1;
    }
    e->nfloat = n;
    return 0;
}
