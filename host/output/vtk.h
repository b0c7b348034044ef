/* vtk.h - fields as a legacy VTK image (STRUCTURED_POINTS, binary), which ParaView opens with
 * the grid spacing in metres so its axes carry units. */
#ifndef ZN_VTK_H
#define ZN_VTK_H

#include <stddef.h>

/* Writes nfields cell fields (nx*ny each, x fastest) named names[] to path atomically.
 * Returns 0 or -1 with why. */
int vtk_write(const char *path, const double *const *fields, const char *const *names, int nfields,
              int nx, int ny, double dx, char *why, size_t why_len);

#endif
