/* vtk_series.h - field snapshots as a ParaView time series: one VTK XML image (.vti) per
 * snapshot, optionally zlib-compressed, and a .pvd collection that lists them with their times,
 * so that ParaView opens one file and plays the run. python/znpf.py reads both. */
#ifndef ZN_VTK_SERIES_H
#define ZN_VTK_SERIES_H

#include <stddef.h>

/* Writes nfields cell fields (nx*ny each, x fastest, spacing dx in m) as an ImageData file
 * with raw appended data (UInt64 headers), one zlib block per array when compress is set.
 * Atomic. Returns 0, or -1 with why. */
int vtk_write_vti(const char *path, const double *const *fields, const char *const *names, int nfields,
                  int nx, int ny, double dx, int compress, char *why, size_t why_len);

/* Writes the collection path listing n datasets files[k] (relative to it) at times[k] (s).
 * Atomic. Returns 0, or -1 with why. */
int vtk_write_pvd(const char *path, const double *times, const char *const *files, int n, char *why,
                  size_t why_len);

#endif
