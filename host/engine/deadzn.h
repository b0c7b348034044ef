/* deadzn.h - dead Zn: metal bodies that lost their electronic path to the current collector.
 * Labels every metal body (kernels/labels.c) and measures the detached ones. */
#ifndef ZN_DEADZN_H
#define ZN_DEADZN_H

#include "engine.h"

typedef struct ZnDeadZn {
    double dead_metal;    /* metal in detached bodies, their diffuse rims included (the cells
                           * xi <= 1/2 of their reaction halo), per substrate length, m
                           * (sum xi hx hy / Lx) */
    double dead_fraction; /* of all metal (sum of xi over the grid) */
    int islands;          /* number of detached bodies */
    int iterations;       /* labelling steps until no label changed */
} ZnDeadZn;

/* Labels the bodies into e->lab and measures the detached ones. Returns 0, or -1 when the
 * labelling did not settle (e->err). */
int deadzn_measure(ZnEngine *e, ZnDeadZn *out);

/* Labels the bodies and sets e->act, the owner of each cell's reaction: label + 1 of the dead
 * body on its metal and across the electrolyte side of its interface (2.5 widths), 0
 * elsewhere (the attached metal). Returns 0 or -1 (e->err). */
int deadzn_update_mask(ZnEngine *e);

/* Floating dead Zn (model.dead_zn: floating): each dead body (the first ZN_MAX_FLOATING in
 * order of their root cell; any further ones stay inert) gets the metal potential at which
 * no net current leaves it: its metal changes in the step by what its own hydrogen takes (her
 * not NULL; the root of I_Zn + I_H = 0, its corrosion potential) or not at all, its
 * relaxation sum included as the controller includes it for the attached metal (without
 * relaxation and hydrogen this is E_b = ln(B_b / A_b) / (n f), A_b and B_b its anodic and
 * cathodic Butler-Volmer sums at E = 0). a holds the step's phase-field arguments, her the
 * hydrogen's (E ignored). Fills e->float_E / e->nfloat; -1 with e->err. */
int deadzn_float(ZnEngine *e, PfArgs a, const HerArgs *her);

#endif
