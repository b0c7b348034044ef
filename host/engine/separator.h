/* separator.h - the far field: the electrolyte between the top of the 2D domain and a Zn counter
 * electrode, as a 1D column of salt (docs/model.md, "the cell beyond the domain"). */
#ifndef ZN_SEPARATOR_H
#define ZN_SEPARATOR_H

#include <stddef.h>

typedef struct ZnSeparator {
    int n;              /* cells of the column, k = 0 at the domain's top face (0: no column) */
    double L, h;        /* thickness and cell size, m */
    double D;           /* salt diffusivity in the column, m^2/s */
    double *c;          /* c~ at the cell centres */
    double *c0, *c1;    /* the step's column for J = 0 and for J = 1 (c~ m/s) */
    double *work;       /* scratch of the tridiagonal solve */
    double a0, a1;      /* the step's face response: c~(face) = a0 + a1 J, a1 < 0 (s/m) */
    double q_ce;        /* salt the counter electrode releases this step, c~ m/s */
    double dt;          /* the step being taken, s */
    double face, ce;    /* c~ at the domain's top face and at the counter electrode, after the step */
} ZnSeparator;

/* A column of thickness L (> 0) and about cell_target per cell (at least 16 cells), every cell
 * at c_init. Returns 0, or -1 with a reason. */
int sep_create(ZnSeparator *s, double L, double cell_target, double D, double c_init, char *why,
               size_t why_len);
void sep_destroy(ZnSeparator *s);

/* The column's backward-Euler responses over dt, with the counter electrode releasing q_ce
 * (c~ m/s, positive while the working electrode plates): sets c0, c1, a0 and a1. */
void sep_prepare(ZnSeparator *s, double dt, double q_ce);

/* Ends the step once the domain has drawn J (c~ m/s, positive into the domain) through the face. */
void sep_finish(ZnSeparator *s, double J);

/* The counter electrode's release of the step changed to q_ce after the domain's solve (its
 * deposit was limited, transport.c "Positivity"): the difference goes into the cell next to
 * it, which keeps the salt balance exact (its spreading waits for the next step). */
void sep_release_change(ZnSeparator *s, double q_ce);

/* Integral of c~ over the column, m (times c0 and the face area: the salt in it). */
double sep_salt(const ZnSeparator *s);

#endif
