/* far_field.h - the engine's side of the separator column (separator.h): what one step hands
 * it and takes from it. Internal to host/engine/ (engine.c calls it). */
#ifndef ZN_FAR_FIELD_H
#define ZN_FAR_FIELD_H

#include "engine.h"

/* Before the salt solve: the column's response over dt to the cell current i_cell (A/m^2,
 * > 0 plating) becomes the domain's Robin condition in t (c_bulk, top_R). */
void far_field_prepare(ZnEngine *e, double dt, double i_cell, TrArgs *t);

/* After it: the column takes back the flux the domain drew, and the counter electrode answers
 * the cell current i_cell as delivered (less than prepared when the salt solve limited the
 * growth); t holds the face's salt for the potential solve; e->cell_E is E less the column's
 * drop. */
void far_field_finish(ZnEngine *e, double i_cell, double E, TrArgs *t);

/* The acidity's column (e->sep_T.n > 0), around the acidity solve of the step: its response
 * becomes the acidity's Robin condition in t (m.her_T_b, acid_top_R); then the column takes
 * the flux the domain drew at the converged T. */
void far_field_acid_prepare(ZnEngine *e, double dt, TrArgs *t);
void far_field_acid_finish(ZnEngine *e, const TrArgs *t);

#endif
