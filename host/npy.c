/* npy.c - see npy.h. The header is padded so the data start on a 64-byte boundary, as the
 * format asks; the file is written beside its final name and renamed so that a crash never
 * leaves half a field under the real name. */
#include "npy.h"

#include <errno.h>
#include <stdio.h>
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
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        snprintf(why, why_len, "%s: cannot create: %s", tmp, strerror(errno));
        return -1;
    }
    unsigned char magic[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                               (unsigned char)(hlen & 0xff), (unsigned char)(hlen >> 8)};
    size_t cells = (size_t)ny * (size_t)nx;
    int ok = fwrite(magic, 1, 10, f) == 10 && fwrite(header, 1, hlen, f) == hlen &&
             fwrite(data, sizeof(double), cells, f) == cells;
    if (fclose(f) != 0) ok = 0;
    if (!ok) {
        snprintf(why, why_len, "%s: write failed: %s", tmp, strerror(errno));
        remove(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        snprintf(why, why_len, "%s: rename failed: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}
