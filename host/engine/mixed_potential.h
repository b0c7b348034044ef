/* mixed_potential.h - the scalar equation of current control: the metal potential E at which
 * the Zn reaction and hydrogen evolution together deliver the applied current (engine.c). */
#ifndef ZN_MIXED_POTENTIAL_H
#define ZN_MIXED_POTENTIAL_H

/* Solves -A exp((1-alpha) u) + B exp(-alpha u) + C exp(-beta u) = T for u = n f E: A and B the
 * anodic and cathodic Zn sums, C >= 0 the hydrogen (every term decreasing in u). Newton inside
 * a bracket grown from *u. Returns 0 and *u, or -1 when no E can deliver T. */
int mp_solve(double A, double B, double C, double beta, double T, double alpha, double *u);

#endif
