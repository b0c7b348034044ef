/* checkpoint.h - versioned, checksummed snapshots of a run: fields plus everything the
 * protocol loop needs to continue exactly where it stopped (CHECKS 13: a resumed run is
 * bit-identical to an uninterrupted one on the same backend). */
#ifndef ZN_CHECKPOINT_H
#define ZN_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#define ZN_CKPT_VERSION 9 /* 2: grains, nucleation, charge debt; 3: HER accounting; 4: acidity field, last HER current; 5: separator column; 6: second-order step's history, the acidity's column; 7: the rests' residual metal change; 8: the charge carry; 9: steps redone since the last metrics row */

/* Where the run stood; the fields travel beside it. Declared once: the struct, the encoder and
 * the decoder all come from this list, in this order, at these widths (the file layout).
 * X(type, name, comment) */
#define ZN_RUN_POSITION_FIELDS(X)                                                              \
    X(int32_t, nx, "cells along x")                                                            \
    X(int32_t, ny, "cells along y")                                                            \
    X(int32_t, nz, "cells along z (1 in 2D)")                                                  \
    X(int32_t, precision, "bytes per field value (8: double)")                                 \
    X(int32_t, nfields, "field arrays in the payload: xi, c, phi, then engine_state.c's others")\
    X(uint64_t, scenario_hash, "of the resolved physics and protocol (scenario_hash)")         \
    X(int64_t, step, "steps taken")                                                            \
    X(double, t, "engine time, s")                                                             \
    X(double, dt, "next step size, s")                                                         \
    X(double, E, "metal potential, V")                                                         \
    X(int32_t, cycle, "protocol cycle running, 0-based")                                       \
    X(int32_t, proto_step, "protocol step running, 0-based")                                   \
    X(double, q_step, "charge of the protocol step running, C/m^2")                            \
    X(double, t_step0, "start time of the protocol step running (NaN: not started), s")        \
    X(double, charge_total, "net plated charge, C/m^2")                                        \
    X(double, next_out, "time of the next metrics row, s")                                     \
    X(double, last_row_t, "time of the last metrics row, s")                                   \
    X(int32_t, snap, "field snapshots written")                                                \
    X(int32_t, frame, "PNG frames written")                                                    \
    X(double, last_dt, "last step size, s")                                                    \
    X(double, last_her, "last step's hydrogen current, A/m^2 (> 0: cathodic)")                 \
    X(double, last_current, "last step's current, A/m^2")                                      \
    X(int32_t, last_iters_conc, "iterations of the last concentration solve")                  \
    X(int32_t, last_iters_pot, "iterations of the last potential solve")                       \
    X(int64_t, metrics_bytes, "length of metrics.csv when the checkpoint was taken")           \
    X(double, q_plated, "charge passed in the plating steps of the cycle running, C/m^2")      \
    X(double, q_stripped, "charge passed in the strip steps of the cycle running, C/m^2")      \
    X(double, q_her_plate, "hydrogen evolved in the plating steps of the cycle, C/m^2")        \
    X(double, q_corroded, "Zn dissolved by hydrogen evolution outside plating, C/m^2")         \
    X(double, q_metal0, "metal at the start of the cycle running, C/m^2")                      \
    X(int32_t, ngrains, "rows of the grain table in the payload")                              \
    X(int32_t, nuc_next, "index of the next nucleation site to place")                         \
    X(double, nuc_clock, "plating time that drives progressive nucleation, s")                 \
    X(double, charge_debt, "charge of nuclei the current has still to deliver, C/m^2")         \
    X(int32_t, nsep, "separator values in the payload: the salt's cells, then the acidity's")\
    X(double, cell_E, "metal potential against the counter electrode's electrolyte, V")     \
    X(double, pf_dt_prev, "the phase field's last step for its second-order step, s (0: none)") \
    X(double, q_rest_residual, "metal change in the cycle's rests no counted reaction paid, C/m^2") \
    X(double, charge_carry, "charge the last step passed beyond the applied one, C/m^2")        \
    X(int32_t, redone, "steps redone at a lower potential since the last metrics row")

typedef struct ZnRunPosition {
#define ZN_POS_MEMBER(type, name, comment) type name;
    ZN_RUN_POSITION_FIELDS(ZN_POS_MEMBER)
#undef ZN_POS_MEMBER
} ZnRunPosition;

/* Writes path atomically (temporary file, fsync, rename). fields holds pos->nfields arrays of
 * nx*ny*nz (engine_state.c's, in its order), grain the grain of every cell, gtab
 * pos->ngrains rows of (theta_f, activity, v0), sep the pos->nsep values of the separator
 * columns (engine_separator_get).
 * Returns 0, or -1 with a reason. */
int ckpt_write(const char *path, const ZnRunPosition *pos, const double *fields,
               const int32_t *grain, const double *gtab, const double *sep, char *why,
               size_t why_len);

/* Reads path; *fields, *grain, *gtab and *sep are malloc'ed. Refuses a foreign, truncated,
 * corrupt or other-version file with a reason naming what does not match. */
int ckpt_read(const char *path, ZnRunPosition *pos, double **fields, int32_t **grain,
              double **gtab, double **sep, char *why, size_t why_len);

#endif
