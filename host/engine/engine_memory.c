/* engine_memory.c - what an engine holds on its backend, counted after the fact
 * (engine_bytes_per_cell) and estimated before it (engine_estimate_bytes, znpf validate):
 * one formula for both. */
#include "engine.h"
#include "step_balance.h"

/* Bytes on the device: fields, FFT buffers, labels, masks, grains, side reactions, solver. */
static double device_bytes(int nx, int ny, int hist, int her, int acid, int zhs, size_t mg)
{
    size_t n = (size_t)nx * ny;
    size_t b = (4 + 2 + 4) * n * sizeof(double); /* fields, ext, two label and two mask arrays */
    if (hist) b += n * sizeof(double);            /* the second-order step's N^{n-1} */
    b += 2 * n * sizeof(int);                     /* grain field, double-buffered */
    if (her) b += n * sizeof(double);             /* HER source */
    if (acid) b += 2 * n * sizeof(double);        /* acidity and its start-of-step copy */
    if (zhs) b += n * sizeof(double);             /* ZHS fraction */
    b += (size_t)(balance_bytes_per_cell(her, hist, zhs) * n); /* a redone step's start */
    b += (size_t)(nx / 2 + 1) * 2 * ny * 2 * sizeof(double); /* spectrum */
    return (double)(b + mg);
}

double engine_bytes_per_cell(const ZnEngine *e)
{
    return device_bytes(e->r.nx, e->r.ny, e->hist != NULL, e->her_q != NULL, e->acid != NULL, e->zhs != NULL, mg_bytes(&e->mg)) /
           ((double)e->r.nx * e->r.ny);
}

double engine_estimate_bytes(const ZnPhys *p)
{
    return device_bytes(p->grid.nx, p->grid.ny, p->time_scheme == ZN_SCHEME_SBDF2, p->her, p->her && p->her_acidity,
                        p->her && p->her_acidity && p->her_zhs,
                        mg_estimate_bytes(p->grid.nx, p->grid.ny));
}
