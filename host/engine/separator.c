/* separator.c - the far field (separator.h).
 *
 * Salt in the column (binary electrolyte, ambipolar D, no reaction), y up from the domain's top
 * face to the counter electrode at y = L, backward Euler over the step:
 *     (c~_k - c~_k^n)/dt = (q_{k-1/2} - q_{k+1/2}) / h,   q = -D dc~/dy  (upward flux)
 *     q_{-1/2} = -J          the domain draws J through its top face
 *     q_{n-1/2} = -q_ce      the Zn counter electrode releases q_ce = (1 - t+) i / (n F c0)
 * The system is linear in J, so one solve with J = 0 and one with J = 1 give the column for
 * any J; the face value c~(face) = c~_0 - J h / (2D) is then a0 + a1 J, which the domain's
 * salt solve takes as a Robin condition (transport.c, tr_top_diffusivity). After the domain's
 * solve, J is its flux summed over the face and the column is c0 + J (c1 - c0): the salt
 * leaving the column equals the salt entering the domain to rounding.
 */
#include "separator.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int sep_create(ZnSeparator *s, double L, double cell_target, double D, double c_init, char *why,
               size_t why_len)
{
    s->n = (int)ceil(L / cell_target - 1e-9);
    if (s->n < 16) s->n = 16;
    s->L = L;
    s->h = L / s->n;
    s->D = D;
    s->c = calloc((size_t)s->n * 4, sizeof(double));
    if (!s->c) {
        snprintf(why, why_len, "separator: out of memory for %d cells", s->n);
        s->n = 0;
        return -1;
    }
    s->c0 = s->c + s->n;
    s->c1 = s->c0 + s->n;
    s->work = s->c1 + s->n;
    for (int k = 0; k < s->n; k++) s->c[k] = c_init;
    s->a0 = s->face = s->ce = c_init;
    s->a1 = 0.0;
    s->q_ce = 0.0;
    return 0;
}

void sep_destroy(ZnSeparator *s)
{
    free(s->c);
    s->c = s->c0 = s->c1 = s->work = NULL;
    s->n = 0;
}

/* Solves the column's tridiagonal system (constant coefficients, no-flux rows at both ends)
 * for the right-hand side rhs, into out (Thomas algorithm; diagonally dominant, no pivoting). */
static void column_solve(const ZnSeparator *s, double dt, const double *rhs, double *out)
{
    int n = s->n;
    double g = s->D / (s->h * s->h), *cp = s->work;
    for (int k = 0; k < n; k++) {
        double lower = k > 0 ? -g : 0.0, upper = k < n - 1 ? -g : 0.0;
        double diag = 1.0 / dt + (k > 0 ? g : 0.0) + (k < n - 1 ? g : 0.0);
        double den = diag - (k > 0 ? lower * cp[k - 1] : 0.0);
        cp[k] = upper / den;
        out[k] = (rhs[k] - (k > 0 ? lower * out[k - 1] : 0.0)) / den;
    }
    for (int k = n - 2; k >= 0; k--) out[k] -= cp[k] * out[k + 1];
}

void sep_prepare(ZnSeparator *s, double dt, double q_ce)
{
    int n = s->n;
    s->q_ce = q_ce;
    s->dt = dt;
    /* right-hand sides c~^n/dt + boundary fluxes / h, for J = 0 (into c0) and J = 1 (c1) */
    for (int k = 0; k < n; k++) s->c0[k] = s->c[k] / dt;
    s->c0[n - 1] += q_ce / s->h;
    for (int k = 0; k < n; k++) s->c1[k] = s->c0[k];
    s->c1[0] -= 1.0 / s->h;
    column_solve(s, dt, s->c0, s->c0);
    column_solve(s, dt, s->c1, s->c1);
    s->a0 = s->c0[0];
    s->a1 = (s->c1[0] - s->h / (2.0 * s->D)) - s->c0[0];
}

void sep_finish(ZnSeparator *s, double J)
{
    for (int k = 0; k < s->n; k++) s->c[k] = s->c0[k] + J * (s->c1[k] - s->c0[k]);
    s->face = s->c[0] - J * s->h / (2.0 * s->D);
    s->ce = s->c[s->n - 1] + s->q_ce * s->h / (2.0 * s->D);
}

void sep_release_change(ZnSeparator *s, double q_ce)
{
    s->c[s->n - 1] += (q_ce - s->q_ce) * s->dt / s->h;
    s->q_ce = q_ce;
    s->ce = s->c[s->n - 1] + q_ce * s->h / (2.0 * s->D);
}

double sep_salt(const ZnSeparator *s)
{
    double sum = 0.0;
    for (int k = 0; k < s->n; k++) sum += s->c[k];
    return sum * s->h;
}
