/* metrics_columns.h - the columns of DIR/metrics.csv, declared once: header and values come from
 * ZN_METRICS_COLUMNS, and readers find a column by its name (metrics_column_index), never by
 * its position. Adding a column is one line here plus the value in ZnMetricsRow. */
#ifndef ZN_METRICS_COLUMNS_H
#define ZN_METRICS_COLUMNS_H

#include "grains.h"
#include "metrics.h"
#include "units.h"

#include <stdio.h>


/* Everything one row reports, SI. */
typedef struct ZnMetricsRow {
    double t, dt;            /* s */
    long step;
    double charge;           /* net plated charge, C/m^2 */
    double current;          /* A/m^2, positive = plating */
    double E;                /* metal potential vs the bulk reference, V */
    double cell_E;           /* E against the electrolyte at the counter electrode (separator), V */
    ZnMetrics m;
    ZnTexture tx;
    int iters_conc, iters_pot;
    int redone;              /* steps redone at a lower potential since the last row */
    double her_current;      /* hydrogen evolution of the last step, A/m^2, > 0 cathodic */
    double ph_min, ph_max;   /* pH range where hydrogen evolves (NaN without the acidity) */
    double corroded;         /* Zn corroded in the cycle so far, C/m^2 */
    double zhs_cover;        /* share of the metal surface ZHS covers (NaN without ZHS) */
    double zhs_zn;           /* Zn held in ZHS, as charge per area, C/m^2 */
    int cycle;               /* 1-based */
    const char *step_name;   /* plate, strip, rest */
} ZnMetricsRow;

/* X(name, printf format, value from const ZnMetricsRow *r) */
#define ZN_METRICS_COLUMNS(X)                                                    \
    X("time_s", "%.9g", r->t)                                                    \
    X("dt_s", "%.6g", r->dt)                                                     \
    X("step", "%ld", r->step)                                                    \
    X("charge_mAh_cm2", "%.9g", r->charge / ZN_C_M2_PER_MAH_CM2)                 \
    X("current_mA_cm2", "%.6g", r->current / ZN_A_M2_PER_MA_CM2)                 \
    X("electrode_potential_V", "%.9g", r->E)                                     \
    X("cell_potential_V", "%.9g", r->cell_E)                                     \
    X("mean_thickness_um", "%.6g", r->m.mean_thickness * ZN_UM_PER_M)            \
    X("max_height_um", "%.6g", r->m.max_height * ZN_UM_PER_M)                    \
    X("roughness_um", "%.6g", r->m.roughness * ZN_UM_PER_M)                      \
    X("interface_length_ratio", "%.6g", r->m.length_ratio)                       \
    X("tips", "%d", r->m.shape.tips)                                             \
    X("height_ratio", "%.6g", r->m.shape.height_ratio)                           \
    X("porosity", "%.6g", r->m.shape.porosity)                                   \
    X("c_min", "%.6g", r->m.c_min)                                               \
    X("iters_conc", "%d", r->iters_conc)                                         \
    X("iters_pot", "%d", r->iters_pot)                                           \
    X("steps_redone", "%d", r->redone)                                           \
    X("cycle", "%d", r->cycle)                                                   \
    X("protocol_step", "%s", r->step_name)                                       \
    X("dead_zn_um", "%.6g", r->m.dead_metal * ZN_UM_PER_M)                       \
    X("dead_fraction", "%.6g", r->m.dead_fraction)                               \
    X("dead_islands", "%d", r->m.dead_islands)                                   \
    X("grains", "%d", r->tx.grains)                                              \
    X("grain_size_um", "%.6g", r->tx.grain_size * ZN_UM_PER_M)                   \
    X("facet_002", "%.6g", r->tx.facet[0])                                       \
    X("facet_101", "%.6g", r->tx.facet[1])                                       \
    X("facet_100", "%.6g", r->tx.facet[2])                                       \
    X("texture_002", "%.6g", r->tx.rtc[0])                                       \
    X("texture_101", "%.6g", r->tx.rtc[1])                                       \
    X("texture_100", "%.6g", r->tx.rtc[2])                                       \
    X("her_current_mA_cm2", "%.6g", r->her_current / ZN_A_M2_PER_MA_CM2)         \
    X("surface_pH_min", "%.6g", r->ph_min)                                       \
    X("surface_pH_max", "%.6g", r->ph_max)                                       \
    X("corroded_mAh_cm2", "%.9g", r->corroded / ZN_C_M2_PER_MAH_CM2)             \
    X("zhs_coverage", "%.6g", r->zhs_cover)                                      \
    X("zhs_zn_mAh_cm2", "%.9g", r->zhs_zn / ZN_C_M2_PER_MAH_CM2)

/* The header line. Returns 0, or -1 when the write fails. */
int metrics_write_header(FILE *f);

/* One row. Returns 0, or -1 when the write fails. */
int metrics_write_row(FILE *f, const ZnMetricsRow *r);

/* 0-based position of column name in a metrics.csv header line, or -1. */
int metrics_column_index(const char *header, const char *name);

/* Field k (0-based) of a comma-separated line copied into buf; -1 when the line is shorter. */
int metrics_field(const char *line, int k, char *buf, size_t len);

#endif
