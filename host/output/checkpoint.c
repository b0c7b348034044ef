/* checkpoint.c - see checkpoint.h.
 *
 * Layout (little-endian, as written by x86-64 and arm64 hosts):
 *   magic "ZNPFCKPT" | u32 version | u32 header bytes | header fields (grid, precision, then
 *   the rest of ZnRunPosition, one by one, fixed widths) | u64 payload bytes | u32 crc32 of
 *   the payload | payload: xi, c, phi as float64 (x fastest), the grain of every cell as
 *   int32, the grain table as float64 rows (theta_f, activity, v0)
 * Fields are written one by one rather than as a struct so that padding never reaches the file.
 */
#include "checkpoint.h"
#include "atomic_file.h"
#include "engine.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static const char MAGIC[8] = {'Z', 'N', 'P', 'F', 'C', 'K', 'P', 'T'};

typedef struct Buf {
    unsigned char b[512];
    size_t n;
} Buf;

static void put(Buf *B, const void *p, size_t n)
{
    memcpy(B->b + B->n, p, n);
    B->n += n;
}

static void get(const unsigned char **p, void *dst, size_t n)
{
    memcpy(dst, *p, n);
    *p += n;
}

/* Every field of ZN_RUN_POSITION_FIELDS in order at its own width; the precision is always
 * this build's. */
static void encode(Buf *B, const ZnRunPosition *pos)
{
    ZnRunPosition s = *pos;
    s.precision = (int32_t)sizeof(double);
#define ZN_PUT(type, name, comment) put(B, &s.name, sizeof(type));
    ZN_RUN_POSITION_FIELDS(ZN_PUT)
#undef ZN_PUT
}

static void decode(const unsigned char *p, ZnRunPosition *s)
{
#define ZN_GET(type, name, comment) get(&p, &s->name, sizeof(type));
    ZN_RUN_POSITION_FIELDS(ZN_GET)
#undef ZN_GET
}

static uLong crc_add(uLong crc, const void *data, uint64_t bytes)
{
    /* crc32 takes uInt lengths: feed in chunks */
    const unsigned char *pp = (const unsigned char *)data;
    for (uint64_t off = 0; off < bytes; off += 1u << 30) {
        uint64_t len = bytes - off < (1u << 30) ? bytes - off : (1u << 30);
        crc = crc32(crc, pp + off, (uInt)len);
    }
    return crc;
}

int ckpt_write(const char *path, const ZnRunPosition *pos, const double *fields,
               const int32_t *grain, const double *gtab, const double *sep, char *why,
               size_t why_len)
{
    Buf B = {{0}, 0};
    encode(&B, pos);
    uint32_t version = ZN_CKPT_VERSION, hbytes = (uint32_t)B.n;
    uint64_t cells = (uint64_t)pos->nx * pos->ny * pos->nz;
    uint64_t fb = (uint64_t)pos->nfields * cells * sizeof(double), gb = cells * 4;
    uint64_t tb = 3ull * pos->ngrains * sizeof(double), sb = (uint64_t)pos->nsep * sizeof(double);
    uint64_t payload = fb + gb + tb + sb;
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc_add(crc, fields, fb);
    crc = crc_add(crc, grain, gb);
    crc = crc_add(crc, gtab, tb);
    crc = crc_add(crc, sep, sb);
    uint32_t crc32v = (uint32_t)crc;
    AtomicFile a;
    if (afile_open(&a, path, why, why_len) != 0) return -1;
    FILE *f = a.f;
    int ok = fwrite(MAGIC, 1, 8, f) == 8 && fwrite(&version, 4, 1, f) == 1 &&
             fwrite(&hbytes, 4, 1, f) == 1 && fwrite(B.b, 1, B.n, f) == B.n &&
             fwrite(&payload, 8, 1, f) == 1 && fwrite(&crc32v, 4, 1, f) == 1 &&
             fwrite(fields, 1, (size_t)fb, f) == (size_t)fb && fwrite(grain, 1, (size_t)gb, f) == (size_t)gb &&
             fwrite(gtab, 1, (size_t)tb, f) == (size_t)tb &&
             (sb == 0 || fwrite(sep, 1, (size_t)sb, f) == (size_t)sb);
    return afile_commit(&a, ok, 1, why, why_len); /* durable: a checkpoint must survive a crash */
}

#define CKPT_FAIL(...)                                                                       \
    do {                                                                                     \
        snprintf(why, why_len, __VA_ARGS__);                                                 \
        if (f) fclose(f);                                                                    \
        free(data);                                                                          \
        free(gdata);                                                                         \
        free(tdata);                                                                         \
        free(sdata);                                                                         \
        return -1;                                                                           \
    } while (0)

int ckpt_read(const char *path, ZnRunPosition *pos, double **fields, int32_t **grain,
              double **gtab, double **sep, char *why, size_t why_len)
{
    double *data = NULL, *tdata = NULL, *sdata = NULL;
    int32_t *gdata = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) CKPT_FAIL("%s: cannot open: %s", path, strerror(errno));
    char magic[8];
    uint32_t version, hbytes;
    if (fread(magic, 1, 8, f) != 8 || memcmp(magic, MAGIC, 8) != 0)
        CKPT_FAIL("%s: not a znpf checkpoint (magic)", path);
    if (fread(&version, 4, 1, f) != 1 || fread(&hbytes, 4, 1, f) != 1)
        CKPT_FAIL("%s: truncated header", path);
    if (version != ZN_CKPT_VERSION)
        CKPT_FAIL("%s: version: checkpoint has %u, this znpf reads %u", path, version, ZN_CKPT_VERSION);
    Buf B = {{0}, 0};
    encode(&B, pos); /* expected header size of this version */
    if (hbytes != B.n) CKPT_FAIL("%s: header size: %u bytes, expected %zu", path, hbytes, B.n);
    unsigned char hb[512];
    if (fread(hb, 1, hbytes, f) != hbytes) CKPT_FAIL("%s: truncated header", path);
    decode(hb, pos);
    if (pos->precision != (int32_t)sizeof(double))
        CKPT_FAIL("%s: precision: %d-byte values, this znpf runs in %zu-byte doubles", path,
                  pos->precision, sizeof(double));
    uint64_t payload;
    uint32_t crc_file;
    if (fread(&payload, 8, 1, f) != 1 || fread(&crc_file, 4, 1, f) != 1)
        CKPT_FAIL("%s: truncated header", path);
    if (pos->nx <= 0 || pos->ny <= 0 || pos->nz <= 0 || pos->nx > 65536 || pos->ny > 65536 ||
        pos->nz > 65536)
        CKPT_FAIL("%s: grid: %d x %d x %d is not a grid", path, pos->nx, pos->ny, pos->nz);
    if (pos->nfields < 3 || pos->nfields > zn_nstate_fields)
        CKPT_FAIL("%s: fields: %d arrays (expected 3 to %d: xi, c, phi, and the acidity and ZHS "
                  "when the scenario has them)", path, pos->nfields, zn_nstate_fields);
    if (pos->ngrains < 1 || pos->ngrains > (1 << 30))
        CKPT_FAIL("%s: grains: %d is not a grain count", path, pos->ngrains);
    if (pos->nsep < 0 || pos->nsep > (1 << 24))
        CKPT_FAIL("%s: separator: %d is not a cell count", path, pos->nsep);
    uint64_t cells = (uint64_t)pos->nx * pos->ny * pos->nz;
    uint64_t fb = (uint64_t)pos->nfields * cells * sizeof(double), gb = cells * 4;
    uint64_t tb = 3ull * pos->ngrains * sizeof(double), sb = (uint64_t)pos->nsep * sizeof(double);
    uint64_t expect = fb + gb + tb + sb;
    if (payload != expect)
        CKPT_FAIL("%s: payload: %llu bytes, the grid and %d grains need %llu", path,
                  (unsigned long long)payload, pos->ngrains, (unsigned long long)expect);
    data = (double *)malloc((size_t)fb);
    gdata = (int32_t *)malloc((size_t)gb);
    tdata = (double *)malloc((size_t)tb);
    sdata = (double *)malloc(sb > 0 ? (size_t)sb : 1);
    if (!data || !gdata || !tdata || !sdata) CKPT_FAIL("%s: out of memory for %llu bytes", path, (unsigned long long)payload);
    if (fread(data, 1, (size_t)fb, f) != (size_t)fb || fread(gdata, 1, (size_t)gb, f) != (size_t)gb ||
        fread(tdata, 1, (size_t)tb, f) != (size_t)tb ||
        (sb > 0 && fread(sdata, 1, (size_t)sb, f) != (size_t)sb))
        CKPT_FAIL("%s: truncated payload (file shorter than its header says)", path);
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc_add(crc, data, fb);
    crc = crc_add(crc, gdata, gb);
    crc = crc_add(crc, tdata, tb);
    crc = crc_add(crc, sdata, sb);
    if ((uint32_t)crc != crc_file) CKPT_FAIL("%s: checksum: payload is corrupt (crc32 mismatch)", path);
    for (uint64_t c = 0; c < cells; c++)
        if (gdata[c] < -1 || gdata[c] >= pos->ngrains)
            CKPT_FAIL("%s: grain field: cell %llu names grain %d of %d", path, (unsigned long long)c,
                      gdata[c], pos->ngrains);
    fclose(f);
    *fields = data;
    *grain = gdata;
    *gtab = tdata;
    *sep = sdata;
    return 0;
}
