/* units.h - physical quantities as battery researchers write them ("10 mA/cm^2", "2 M",
 * "0.25 um", "3.68e-10 m^2/s", "60 s", "-0.2 V") converted to SI, with the dimension checked. */
#ifndef ZN_UNITS_H
#define ZN_UNITS_H

#include <stddef.h>

/* The units of the user's edge (SI inside), for outputs and messages. */
#define ZN_C_M2_PER_MAH_CM2 36000.0  /* 1 mAh/cm^2 = 3.6 C / 1e-4 m^2 */
#define ZN_A_M2_PER_MA_CM2 10.0      /* 1 mA/cm^2 = 1e-3 A / 1e-4 m^2 */
#define ZN_UM_PER_M 1e6

/* Dimensions the scenario keys expect. */
typedef enum ZnDim {
    ZN_DIM_NONE = 0,       /* plain number */
    ZN_DIM_LENGTH,         /* m */
    ZN_DIM_TIME,           /* s */
    ZN_DIM_CONCENTRATION,  /* mol/m^3 */
    ZN_DIM_DIFFUSIVITY,    /* m^2/s */
    ZN_DIM_CONDUCTIVITY,   /* S/m */
    ZN_DIM_TEMPERATURE,    /* K */
    ZN_DIM_CURRENT_DENSITY,/* A/m^2 */
    ZN_DIM_AREAL_CHARGE,   /* C/m^2 */
    ZN_DIM_POTENTIAL,      /* V */
    ZN_DIM_AREAL_ENERGY,   /* J/m^2 */
    ZN_DIM_MOBILITY,       /* m^3/(J s) */
    ZN_DIM_AREAL_DENSITY,  /* 1/m^2 (nucleation sites) */
    ZN_DIM_RATE,           /* 1/s */
    ZN_DIM_MOLAR_VOLUME,   /* m^3/mol */
    ZN_DIM_COUNT
} ZnDim;

/* Parses text as a number with an optional unit and converts it to SI in *si. A bare number
 * is taken as SI. Returns 0, or -1 with a reason such as "expected a current density (e.g.
 * 10 mA/cm^2), got a concentration". */
int units_parse(const char *text, ZnDim want, double *si, char *why, size_t why_len);

/* Name and example of a dimension, for messages. */
const char *units_dim_name(ZnDim d);

#endif
