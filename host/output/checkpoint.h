/* checkpoint.h - versioned, checksummed snapshots of a run: fields plus everything the
 * protocol loop needs to continue exactly where it stopped (CHECKS 13: a resumed run is
 * bit-identical to an uninterrupted one on the same backend). */
#ifndef ZN_CHECKPOINT_H
#define ZN_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#define ZN_CKPT_VERSION 2 /* 2: grains, nucleation position, charge debt */

/* Where the run stood; the fields travel beside it. */
typedef struct ZnRunPosition {
    int nx, ny, nz;
    int32_t precision;       /* bytes per field value (8: double) */
    uint64_t scenario_hash;  /* of the resolved physics and protocol (scenario_hash) */
    int64_t step;
    double t, dt, E;         /* engine time, next step size, metal potential */
    int32_t cycle, proto_step;
    double q_step, t_step0;  /* charge and start time of the protocol step running */
    double charge_total, next_out, last_row_t;
    int32_t snap;            /* field snapshots written */
    int32_t frame;           /* PNG frames written */
    double last_dt, last_current;
    int32_t last_iters_conc, last_iters_pot;
    int64_t metrics_bytes;   /* length of metrics.csv when the checkpoint was taken */
    double q_plated, q_stripped; /* charge plated and stripped in the cycle running, C/m^2 */
    int32_t ngrains;         /* rows of the grain table in the payload */
    int32_t nuc_next;        /* index of the next nucleation site to place */
    double nuc_clock;        /* plating time that drives progressive nucleation, s */
    double charge_debt;      /* charge of nuclei the current has still to deliver, C/m^2 */
} ZnRunPosition;

/* Writes path atomically (temporary file, fsync, rename). fields holds 3 nx*ny*nz arrays
 * (xi, c, phi), grain the grain of every cell, gtab pos->ngrains rows of (theta_f, activity,
 * v0). Returns 0, or -1 with a reason. */
int ckpt_write(const char *path, const ZnRunPosition *pos, const double *fields,
               const int32_t *grain, const double *gtab, char *why, size_t why_len);

/* Reads path; *fields, *grain and *gtab are malloc'ed. Refuses a foreign, truncated, corrupt
 * or other-version file with a reason naming what does not match. */
int ckpt_read(const char *path, ZnRunPosition *pos, double **fields, int32_t **grain,
              double **gtab, char *why, size_t why_len);

#endif
