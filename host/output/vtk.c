/* vtk.c - see vtk.h. Legacy binary VTK stores big-endian values, so each double is byte-swapped
 * on the way out (x86-64 and arm64 hosts are little-endian). Cells: nx x ny x 1, so the points
 * are (nx+1) x (ny+1) x 1 and the data are CELL_DATA. */
#include "vtk.h"
#include "atomic_file.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void put_be(FILE *f, double v)
{
    uint64_t u;
    memcpy(&u, &v, 8);
    unsigned char b[8];
    for (int k = 0; k < 8; k++) b[k] = (unsigned char)(u >> (56 - 8 * k));
    fwrite(b, 1, 8, f);
}

int vtk_write(const char *path, const double *const *fields, const char *const *names, int nfields,
              int nx, int ny, double dx, char *why, size_t why_len)
{
    AtomicFile a;
    if (afile_open(&a, path, why, why_len) != 0) return -1;
    FILE *f = a.f;
    fprintf(f, "# vtk DataFile Version 3.0\nznpf fields, lengths in m\nBINARY\n"
               "DATASET STRUCTURED_POINTS\nDIMENSIONS %d %d 1\nORIGIN 0 0 0\n"
               "SPACING %.17g %.17g %.17g\nCELL_DATA %d\n",
            nx + 1, ny + 1, dx, dx, dx, nx * ny);
    for (int k = 0; k < nfields; k++) {
        fprintf(f, "SCALARS %s double 1\nLOOKUP_TABLE default\n", names[k]);
        for (size_t q = 0; q < (size_t)nx * ny; q++) put_be(f, fields[k][q]);
        fprintf(f, "\n");
    }
    return afile_commit(&a, 1, 0, why, why_len);
}
