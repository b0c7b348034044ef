/* mixed_potential.c - the metal potential that delivers a current: see mixed_potential.h. */
#include "mixed_potential.h"

#include <math.h>

int mp_solve(double A, double B, double C, double beta, double T, double alpha, double *u)
{
    if (A <= 0.0 && B <= 0.0 && C <= 0.0) return -1;
    if (T > 0.0 && B <= 0.0 && C <= 0.0) return -1;
    if (T < 0.0 && A <= 0.0) return -1;
    const double lim = 150.0; /* |n f E| beyond which no physical cell operates */
#define ZN_F(x) (-A * exp((1.0 - alpha) * (x)) + B * exp(-alpha * (x)) + C * exp(-beta * (x)) - T)
    double lo = *u - 1.0, hi = *u + 1.0;
    while (ZN_F(lo) < 0.0 && lo > -lim) lo -= 2.0 * (hi - lo);
    while (ZN_F(hi) > 0.0 && hi < lim) hi += 2.0 * (hi - lo);
    if (ZN_F(lo) < 0.0 || ZN_F(hi) > 0.0) return -1;
    double x = 0.5 * (lo + hi);
    for (int it = 0; it < 200; it++) {
        double fx = ZN_F(x);
        if (fx > 0.0) lo = x; else hi = x;
        double d = -(1.0 - alpha) * A * exp((1.0 - alpha) * x) - alpha * B * exp(-alpha * x) -
                   beta * C * exp(-beta * x);
        double xn = x - fx / d;
        if (!(xn > lo && xn < hi)) xn = 0.5 * (lo + hi); /* Newton left the bracket */
        if (fabs(xn - x) < 1e-14 * (1.0 + fabs(x)) || hi - lo < 1e-14) {
            x = xn;
            break;
        }
        x = xn;
    }
#undef ZN_F
    *u = x;
    return 0;
}

