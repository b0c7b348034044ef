/* step_balance.h - a galvanostatic plating step past the limiting current, redone at a lower
 * metal potential until Zn and hydrogen together carry the applied current (MODEL.md 8).
 * Internal to host/engine/ (engine.c runs the trials). */
#ifndef ZN_STEP_BALANCE_H
#define ZN_STEP_BALANCE_H

#include "engine.h"

/* The step's starting state that a trial overwrites and a retry puts back: xi, c~, rate, the
 * second-order history and ZHS on the backend, the acidity's separator column on the host
 * (the acidity itself comes back from its start-of-step copy). Allocated with hydrogen on. */
int balance_create(ZnEngine *e);
void balance_destroy(ZnEngine *e);
/* Bytes per cell balance_create allocates on the backend for these switches. */
double balance_bytes_per_cell(int her, int hist, int zhs);
int balance_save(ZnEngine *e);
int balance_restore(ZnEngine *e);

/* The search for the potential. x = exp(-alpha_H f E) (the hydrogen current is proportional
 * to it), r(x) = Zn + hydrogen - the charge the controller aimed at, C/m^2: r < 0 where the salt
 * held Zn back. r grows with x: hydrogen alone makes up r until the root is bracketed, then
 * the secant through the last two trials, or regula falsi (Illinois) where it leaves the bracket. */
typedef struct BalanceSearch {
    double x_lo, r_lo;   /* a redone trial with r < 0 (x_lo = 0: none yet) */
    double x_hi, r_hi;   /* a redone trial with r >= 0 (x_hi = 0: none yet) */
    int side;            /* which end moved last (Illinois halving of the stale end's r) */
    double slope;        /* the hydrogen's charge per unit x, C/m^2 */
    double x_min;        /* the controller's x: the redone steps' root lies above it */
    double x_last, r_last; /* the last redone trial (x_last = 0: none yet) */
} BalanceSearch;

/* The first trial past the controller's: x0 and its residual r0 < 0, q_h0 > 0 the hydrogen
 * charge at x0. Returns the x at which hydrogen alone would make up the shortfall. */
double balance_first(BalanceSearch *b, double x0, double r0, double q_h0);
/* The next x after a trial at x with residual r. */
double balance_next(BalanceSearch *b, double x, double r);

#endif
