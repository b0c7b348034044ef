/* engine_state.c - the fields that make up a run's state (engine.h, ZnStateField): what a
 * checkpoint holds and a resume restores, one line per field. A field whose backend pointer
 * is NULL (physics switched off) is not held. */
#include "engine.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define ZN_ERR(e, ...) snprintf((e)->err, sizeof (e)->err, __VA_ARGS__)

const ZnStateField zn_state_fields[] = {
    {"xi", offsetof(ZnEngine, xi)},
    {"c", offsetof(ZnEngine, c)},
    {"phi", offsetof(ZnEngine, phi)},
    {"acidity", offsetof(ZnEngine, acid)},
    {"zhs", offsetof(ZnEngine, zhs)},
    {"rate", offsetof(ZnEngine, rate_state)},
    {"pf_history", offsetof(ZnEngine, hist)},
};
const int zn_nstate_fields = (int)(sizeof zn_state_fields / sizeof zn_state_fields[0]);

static double *field_of(const ZnEngine *e, int f)
{
    return *(double *const *)((const char *)e + zn_state_fields[f].at);
}

int engine_nstate(const ZnEngine *e)
{
    int n = 0;
    for (int f = 0; f < zn_nstate_fields; f++) n += field_of(e, f) != NULL;
    return n;
}

int engine_state_position(const ZnEngine *e, const char *name)
{
    int pos = 0;
    for (int f = 0; f < zn_nstate_fields; f++) {
        if (!field_of(e, f)) continue;
        if (strcmp(zn_state_fields[f].name, name) == 0) return pos;
        pos++;
    }
    return -1;
}

int engine_state_download(const ZnEngine *e, double *buf)
{
    size_t n = (size_t)e->r.nx * e->r.ny * e->r.nz;
    for (int f = 0; f < zn_nstate_fields; f++) {
        double *d = field_of(e, f);
        if (!d) continue;
        if (e->be->download(buf, d, n * sizeof(double)) != 0) return -1;
        buf += n;
    }
    return 0;
}

int engine_state_upload(ZnEngine *e, const double *buf)
{
    size_t n = (size_t)e->r.nx * e->r.ny * e->r.nz;
    for (int f = 0; f < zn_nstate_fields; f++) {
        double *d = field_of(e, f);
        if (!d) continue;
        if (e->be->upload(d, buf, n * sizeof(double)) != 0) {
            ZN_ERR(e, "uploading %s: %s", zn_state_fields[f].name, e->be->last_error());
            return -1;
        }
        buf += n;
    }
    e->sum_xi = e->be->k->diag_sum_xi(e->r, engine_diag_args(e, e->xi));
    engine_reset_history(e); /* the caller restores dt_prev when the history came along */
    return 0;
}
