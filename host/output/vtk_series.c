/* vtk_series.c - see vtk_series.h.
 *
 * Layout of a .vti written here (VTK XML, version 1.0, little-endian, header_type UInt64):
 *   <ImageData WholeExtent="0 nx 0 ny 0 0" Spacing="dx dx dx"> one Piece, CellData with one
 *   Float64 DataArray per field, format="appended" at its byte offset; then
 *   <AppendedData encoding="raw">_ and, per array, either
 *     uncompressed: [UInt64 bytes] [the doubles]
 *     zlib:         [UInt64 1 block] [UInt64 raw bytes] [UInt64 raw bytes of the last block]
 *                   [UInt64 compressed bytes] [the zlib stream]
 * The hosts are little-endian (x86-64, arm64), so values go out as they are in memory. */
#include "vtk_series.h"
#include "atomic_file.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* One array's appended bytes (header and data), malloc'ed into *out. Returns its size, 0 on
 * failure. */
static size_t encode_array(const double *v, size_t n, int compress, unsigned char **out)
{
    uint64_t raw = (uint64_t)n * sizeof(double);
    if (!compress) {
        unsigned char *b = (unsigned char *)malloc(8 + raw);
        if (!b) return 0;
        memcpy(b, &raw, 8);
        memcpy(b + 8, v, raw);
        *out = b;
        return 8 + raw;
    }
    uLongf cap = compressBound((uLong)raw);
    unsigned char *b = (unsigned char *)malloc(32 + cap);
    if (!b) return 0;
    if (compress2(b + 32, &cap, (const Bytef *)v, (uLong)raw, 6) != Z_OK) {
        free(b);
        return 0;
    }
    uint64_t head[4] = {1, raw, raw, (uint64_t)cap};
    memcpy(b, head, sizeof head);
    *out = b;
    return 32 + cap;
}

int vtk_write_vti(const char *path, const double *const *fields, const char *const *names, int nfields,
                  int nx, int ny, double dx, int compress, char *why, size_t why_len)
{
    size_t n = (size_t)nx * ny;
    unsigned char *blob[16];
    size_t len[16], off = 0;
    if (nfields > 16) {
        snprintf(why, why_len, "%s: at most 16 fields in one file", path);
        return -1;
    }
    for (int k = 0; k < nfields; k++) {
        len[k] = encode_array(fields[k], n, compress, &blob[k]);
        if (!len[k]) {
            for (int q = 0; q < k; q++) free(blob[q]);
            snprintf(why, why_len, "%s: out of memory or zlib failure encoding %s", path, names[k]);
            return -1;
        }
    }
    AtomicFile a;
    int ok = afile_open(&a, path, why, why_len) == 0;
    if (ok) {
        FILE *f = a.f;
        ok = fprintf(f, "<?xml version=\"1.0\"?>\n<VTKFile type=\"ImageData\" version=\"1.0\" "
                        "byte_order=\"LittleEndian\" header_type=\"UInt64\"%s>\n"
                        "  <ImageData WholeExtent=\"0 %d 0 %d 0 0\" Origin=\"0 0 0\" "
                        "Spacing=\"%.17g %.17g %.17g\">\n    <Piece Extent=\"0 %d 0 %d 0 0\">\n"
                        "      <CellData Scalars=\"%s\">\n",
                     compress ? " compressor=\"vtkZLibDataCompressor\"" : "", nx, ny, dx, dx, dx, nx, ny,
                     nfields ? names[0] : "") > 0;
        for (int k = 0; k < nfields && ok; k++) {
            ok = fprintf(f, "        <DataArray type=\"Float64\" Name=\"%s\" format=\"appended\" "
                            "offset=\"%zu\"/>\n", names[k], off) > 0;
            off += len[k];
        }
        ok = ok && fprintf(f, "      </CellData>\n    </Piece>\n  </ImageData>\n"
                              "  <AppendedData encoding=\"raw\">\n   _") > 0;
        for (int k = 0; k < nfields && ok; k++) ok = fwrite(blob[k], 1, len[k], f) == len[k];
        ok = ok && fprintf(f, "\n  </AppendedData>\n</VTKFile>\n") > 0;
        ok = afile_commit(&a, ok, 0, why, why_len) == 0;
    }
    for (int k = 0; k < nfields; k++) free(blob[k]);
    return ok ? 0 : -1;
}

int vtk_write_pvd(const char *path, const double *times, const char *const *files, int n, char *why,
                  size_t why_len)
{
    AtomicFile a;
    if (afile_open(&a, path, why, why_len) != 0) return -1;
    FILE *f = a.f;
    int ok = fprintf(f, "<?xml version=\"1.0\"?>\n<VTKFile type=\"Collection\" version=\"0.1\" "
                        "byte_order=\"LittleEndian\">\n  <Collection>\n") > 0;
    for (int k = 0; k < n && ok; k++)
        ok = fprintf(f, "    <DataSet timestep=\"%.17g\" group=\"\" part=\"0\" file=\"%s\"/>\n", times[k],
                     files[k]) > 0;
    ok = ok && fprintf(f, "  </Collection>\n</VTKFile>\n") > 0;
    return afile_commit(&a, ok, 0, why, why_len);
}
