/* npy.h - NumPy .npy (format 1.0) writer for float64 fields, shape (ny, nx), C order. */
#ifndef ZN_NPY_H
#define ZN_NPY_H

/* Writes path atomically (temporary file, then rename). Returns 0, or -1 with why. */
int npy_write(const char *path, const double *data, int ny, int nx, char *why, unsigned long why_len);

/* Reads a float64 C-order 2D .npy; *data is malloc'ed, shape in *ny, *nx. Refuses other
 * dtypes, Fortran order, other ranks and short files with a reason. */
int npy_read(const char *path, double **data, int *ny, int *nx, char *why, unsigned long why_len);

#endif
