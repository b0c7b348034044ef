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

#endif
