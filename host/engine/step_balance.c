/* step_balance.c - the state a balancing trial puts back, and the search for its potential
 * (step_balance.h).
 *
 * Why trials: the controller sets E from the Zn reaction explicit in the step, with the rate
 * proportional to c~^n. Past the limiting current the salt step then caps the growth where the
 * salt runs out (salt_step.c), and the step delivers less than its current. A galvanostat
 * answers by driving E down until something carries the rest: hydrogen, whose current grows as
 * exp(-alpha_H f E). Without trials that E is never tried, because at any lower E the explicit
 * Zn rate of the cells that still hold salt grows faster than the hydrogen. So the step is
 * redone at lower E: r(x) = Zn(x) + H(x) - Q, x = exp(-alpha_H f E), H = q_h0 x / x0 exactly,
 * Zn(x) increasing and saturating at what the salt can supply. A redone trial takes the
 * cathodic rate implicit in each cell's own salt (kernels/phasefield.c, pf_salt_factor): the
 * explicit rate at the lower E would ask cells for hundreds of times their salt within the
 * step. Every trial is a whole step at its E, from the same starting state: the step kept is
 * exactly the (salt-implicit) step at the last E.
 */
#include "step_balance.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* the backend fields a trial changes, where they exist (the acidity is restored from its
 * start-of-step copy, the grains follow the front only after the trials) */
static const size_t kept[] = {offsetof(ZnEngine, xi), offsetof(ZnEngine, c), offsetof(ZnEngine, rate),
                              offsetof(ZnEngine, hist), offsetof(ZnEngine, zhs)};
enum { NKEPT = sizeof kept / sizeof kept[0] };

static double *field_at(const ZnEngine *e, size_t at) { return *(double *const *)((const char *)e + at); }

static size_t ncells(const ZnEngine *e) { return (size_t)e->r.nx * e->r.ny * e->r.nz; }

double balance_bytes_per_cell(int her, int hist, int zhs)
{
    return her ? (3.0 + (hist != 0) + (zhs != 0)) * sizeof(double) : 0.0;
}

int balance_create(ZnEngine *e)
{
    if (!e->m.her) return 0;
    size_t n = ncells(e);
    int nf = 0;
    for (int q = 0; q < NKEPT; q++) nf += field_at(e, kept[q]) != NULL;
    e->bal = (double *)e->be->alloc((size_t)nf * n * sizeof(double));
    if (!e->bal) {
        snprintf(e->err, sizeof e->err, "allocating the step's saved state on %s: %s", e->be->name,
                 e->be->last_error());
        return -1;
    }
    if (e->sep_T.n > 0 && !(e->bal_sep_T = (double *)malloc((size_t)e->sep_T.n * sizeof(double)))) {
        snprintf(e->err, sizeof e->err, "no memory for the separator's saved acidity");
        return -1;
    }
    return 0;
}

void balance_destroy(ZnEngine *e)
{
    if (e->bal) e->be->release(e->bal);
    free(e->bal_sep_T);
    e->bal = NULL;
    e->bal_sep_T = NULL;
}

/* to = 1: the fields into the saved copies; 0: back */
static int transfer(ZnEngine *e, int to)
{
    size_t n = ncells(e), bytes = n * sizeof(double);
    double *slot = e->bal;
    for (int q = 0; q < NKEPT; q++) {
        double *f = field_at(e, kept[q]);
        if (!f) continue;
        if ((to ? e->be->copy(slot, f, bytes) : e->be->copy(f, slot, bytes)) != 0) {
            snprintf(e->err, sizeof e->err, "%s the step's state: %s", to ? "saving" : "restoring",
                     e->be->last_error());
            return -1;
        }
        slot += n;
    }
    for (int k = 0; k < e->sep_T.n; k++) {
        if (to) e->bal_sep_T[k] = e->sep_T.c[k];
        else e->sep_T.c[k] = e->bal_sep_T[k];
    }
    return 0;
}

int balance_save(ZnEngine *e) { return transfer(e, 1); }

int balance_restore(ZnEngine *e)
{
    if (transfer(e, 0) != 0) return -1;
    /* the acidity as the step found it (step_acidity copied it there first) */
    if (e->acid && e->be->copy(e->acid, e->acid_old, ncells(e) * sizeof(double)) != 0) {
        snprintf(e->err, sizeof e->err, "restoring the acidity: %s", e->be->last_error());
        return -1;
    }
    return 0;
}

double balance_first(BalanceSearch *b, double x0, double r0, double q_h0)
{
    /* x0's step took the explicit rate: its residual belongs to another function than the
     * redone steps', so it starts no bracket */
    b->x_lo = b->x_hi = 0.0;
    b->r_lo = b->r_hi = 0.0;
    b->side = 0;
    b->slope = q_h0 / x0;
    b->x_min = x0;
    b->x_last = b->r_last = 0.0;
    /* hydrogen alone makes up -r0: slope x = q_h0 - r0 */
    return x0 - r0 / b->slope;
}

double balance_next(BalanceSearch *b, double x, double r)
{
    double x_prev = b->x_last, r_prev = b->r_last;
    b->x_last = x;
    b->r_last = r;
    if (r < 0.0) {
        if (b->side < 0) b->r_hi *= 0.5; /* the other end stale twice: Illinois */
        b->x_lo = x;
        b->r_lo = r;
        b->side = -1;
    } else {
        if (b->side > 0) b->r_lo *= 0.5;
        b->x_hi = x;
        b->r_hi = r;
        b->side = 1;
    }
    /* one side only: hydrogen alone makes up r from here. Zn grows with x, so from above this
     * lands at or below the root and from below at or above it: the next trial brackets it */
    if (b->x_lo == 0.0 || b->x_hi == 0.0) {
        /* the root lies above x0 (the explicit step there was short, the redone form gives
         * less Zn at the same x): a step that would go below it halves the way instead */
        double next = x - r / b->slope;
        return next > b->x_min ? next : 0.5 * (x + b->x_min);
    }
    /* bracketed: the secant through the last two trials where it stays inside (superlinear
     * near the root, where Zn(x) is smooth), else regula falsi with the Illinois rule */
    if (x_prev > 0.0 && r != r_prev) {
        double next = x - r * (x - x_prev) / (r - r_prev);
        double lo = fmin(b->x_lo, b->x_hi), hi = fmax(b->x_lo, b->x_hi);
        if (next > lo && next < hi) return next;
    }
    return b->x_lo + (b->x_hi - b->x_lo) * (-b->r_lo) / (b->r_hi - b->r_lo);
}
