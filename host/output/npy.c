/* npy.c - see npy.h. The header is padded so the data start on a 64-byte boundary, as the
 * format asks; the file is written beside its final name and renamed so that a crash never
 * leaves half a field under the real name. */
#include "npy.h"
#include "atomic_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int npy_write(const char *path, const double *data, int ny, int nx, char *why, unsigned long why_len)
{
    char header[128];
    int n = snprintf(header, sizeof header,
                     "{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d), }", ny, nx);
    int total = 10 + n + 1;
    int pad = (64 - total % 64) % 64;
    memset(header + n, ' ', (size_t)pad);
    header[n + pad] = '\n';
    unsigned short hlen = (unsigned short)(n + pad + 1);
    AtomicFile a;
    if (afile_open(&a, path, why, why_len) != 0) return -1;
    FILE *f = a.f;
    unsigned char magic[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                               (unsigned char)(hlen & 0xff), (unsigned char)(hlen >> 8)};
    size_t cells = (size_t)ny * (size_t)nx;
    int ok = fwrite(magic, 1, 10, f) == 10 && fwrite(header, 1, hlen, f) == hlen &&
             fwrite(data, sizeof(double), cells, f) == cells;
    return afile_commit(&a, ok, 0, why, why_len);
}

int npy_read(const char *path, double **data, int *ny, int *nx, char *why, unsigned long why_len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, why_len, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    unsigned char magic[10];
    char header[4096];
    if (fread(magic, 1, 10, f) != 10 || magic[0] != 0x93 || memcmp(magic + 1, "NUMPY", 5) != 0 ||
        magic[6] != 1) {
        snprintf(why, why_len, "%s: not a NumPy 1.0 .npy file", path);
        fclose(f);
        return -1;
    }
    size_t hlen = (size_t)magic[8] | ((size_t)magic[9] << 8);
    if (hlen >= sizeof header || fread(header, 1, hlen, f) != hlen) {
        snprintf(why, why_len, "%s: truncated .npy header", path);
        fclose(f);
        return -1;
    }
    header[hlen] = 0;
    int a = 0, b = 0;
    const char *shape = strstr(header, "'shape': (");
    if (!strstr(header, "'descr': '<f8'") || !strstr(header, "'fortran_order': False") || !shape ||
        sscanf(shape, "'shape': (%d, %d)", &a, &b) != 2 || a <= 0 || b <= 0) {
        snprintf(why, why_len, "%s: expected a 2D little-endian float64 C-order array", path);
        fclose(f);
        return -1;
    }
    size_t n = (size_t)a * (size_t)b;
    double *d = (double *)malloc(n * sizeof(double));
    if (!d || fread(d, sizeof(double), n, f) != n) {
        snprintf(why, why_len, "%s: %s", path, d ? "truncated data" : "out of memory");
        free(d);
        fclose(f);
        return -1;
    }
    fclose(f);
    *data = d;
    *ny = a;
    *nx = b;
    return 0;
}
