/* initial_apply.c - the initial deposit drawn into an engine (kept apart from initial.c so the
 * scenario loader and its fuzzer link without the engine). */
#include "initial.h"

#include <stdio.h>
#include <stdlib.h>

int initial_apply(ZnEngine *e, const ZnInitial *in)
{
    size_t n = (size_t)e->phys.grid.nx * e->phys.grid.ny;
    double *xi = (double *)malloc(n * sizeof(double));
    if (!xi) {
        snprintf(e->err, sizeof e->err, "out of memory for the initial deposit");
        return -1;
    }
    initial_fill(in, &e->phys, xi);
    int rc = engine_upload(e, xi, NULL, NULL);
    free(xi);
    return rc;
}
