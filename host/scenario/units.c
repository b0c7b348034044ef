/* units.c - unit expressions to SI (units.h).
 *
 * A unit is a product of factors separated by '*' or '/', each a symbol with an optional
 * decimal prefix and an optional integer power: "mAh/cm^2", "m^2/s", "mol/L", "S/m".
 * Everything after the first '/' divides ("J/m^2/s" is J m^-2 s^-1). Dimensions are exponent
 * vectors over m, s, A, mol, kg, K, so any consistent spelling works.
 */
#include "units.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { B_M = 0, B_S, B_A, B_MOL, B_KG, B_K, NBASE };

typedef struct Unit {
    const char *sym;
    double scale;      /* SI value of one unit */
    int dim[NBASE];
    int prefixable;
} Unit;

/*               sym     scale      m   s  A mol kg  K  prefix */
static const Unit UNITS[] = {
    {"m", 1.0, {1, 0, 0, 0, 0, 0}, 1},
    {"s", 1.0, {0, 1, 0, 0, 0, 0}, 1},
    {"min", 60.0, {0, 1, 0, 0, 0, 0}, 0},
    {"h", 3600.0, {0, 1, 0, 0, 0, 0}, 0},
    {"A", 1.0, {0, 0, 1, 0, 0, 0}, 1},
    {"C", 1.0, {0, 1, 1, 0, 0, 0}, 1},
    {"Ah", 3600.0, {0, 1, 1, 0, 0, 0}, 1},
    {"mol", 1.0, {0, 0, 0, 1, 0, 0}, 1},
    {"M", 1000.0, {-3, 0, 0, 1, 0, 0}, 0}, /* mol/L; mM via the table below */
    {"mM", 1.0, {-3, 0, 0, 1, 0, 0}, 0},
    {"L", 1e-3, {3, 0, 0, 0, 0, 0}, 1},
    {"g", 1e-3, {0, 0, 0, 0, 1, 0}, 1},
    {"K", 1.0, {0, 0, 0, 0, 0, 1}, 0},
    {"V", 1.0, {2, -3, -1, 0, 1, 0}, 1},
    {"J", 1.0, {2, -2, 0, 0, 1, 0}, 1},
    {"W", 1.0, {2, -3, 0, 0, 1, 0}, 1},
    {"S", 1.0, {-2, 3, 2, 0, -1, 0}, 1},
    {"ohm", 1.0, {2, -3, -2, 0, 1, 0}, 1},
};

static const struct {
    char c;
    double f;
} PREFIX[] = {{'p', 1e-12}, {'n', 1e-9}, {'u', 1e-6}, {'m', 1e-3}, {'c', 1e-2}, {'k', 1e3}};

static const struct {
    const char *name, *example;
    int dim[NBASE];
} DIMS[ZN_DIM_COUNT] = {
    {"a plain number", "0.5", {0, 0, 0, 0, 0, 0}},
    {"a length", "0.25 um", {1, 0, 0, 0, 0, 0}},
    {"a time", "60 s", {0, 1, 0, 0, 0, 0}},
    {"a concentration", "2 M", {-3, 0, 0, 1, 0, 0}},
    {"a diffusivity", "3.7e-10 m^2/s", {2, -1, 0, 0, 0, 0}},
    {"a conductivity", "4.64 S/m", {-3, 3, 2, 0, -1, 0}},
    {"a temperature", "298.15 K", {0, 0, 0, 0, 0, 1}},
    {"a current density", "10 mA/cm^2", {-2, 0, 1, 0, 0, 0}},
    {"an areal capacity", "1 mAh/cm^2", {-2, 1, 1, 0, 0, 0}},
    {"a potential", "-0.2 V", {2, -3, -1, 0, 1, 0}},
    {"an interface energy", "0.5 J/m^2", {0, -2, 0, 0, 1, 0}},
    {"a mobility", "1e-6 m^3/(J s)", {1, 1, 0, 0, -1, 0}},
    {"an areal density", "1e6 /cm^2", {-2, 0, 0, 0, 0, 0}},
    {"a rate", "0.05 /s", {0, -1, 0, 0, 0, 0}},
    {"a molar volume", "204 cm^3/mol", {3, 0, 0, -1, 0, 0}},
};

const char *units_dim_name(ZnDim d) { return DIMS[d].name; }

/* One factor: symbol with optional prefix. Returns 0 and scale/dim, -1 if unknown. */
static int lookup(const char *sym, double *scale, int dim[NBASE])
{
    size_t n = sizeof UNITS / sizeof UNITS[0];
    for (size_t k = 0; k < n; k++)
        if (strcmp(sym, UNITS[k].sym) == 0) {
            *scale = UNITS[k].scale;
            memcpy(dim, UNITS[k].dim, sizeof UNITS[k].dim);
            return 0;
        }
    for (size_t p = 0; p < sizeof PREFIX / sizeof PREFIX[0]; p++)
        if (sym[0] == PREFIX[p].c && sym[1])
            for (size_t k = 0; k < n; k++)
                if (UNITS[k].prefixable && strcmp(sym + 1, UNITS[k].sym) == 0) {
                    *scale = PREFIX[p].f * UNITS[k].scale;
                    memcpy(dim, UNITS[k].dim, sizeof UNITS[k].dim);
                    return 0;
                }
    return -1;
}

/* Parses a unit expression into scale and dimension. */
static int parse_unit(const char *u, double *scale, int dim[NBASE], char *why, size_t why_len)
{
    *scale = 1.0;
    memset(dim, 0, NBASE * sizeof(int));
    int sign = 1;
    const char *p = u;
    while (*p) {
        while (*p == ' ' || *p == '(' || *p == ')') p++;
        if (!*p) break;
        if (*p == '/') {
            sign = -1;
            p++;
            continue;
        }
        if (*p == '*' || *p == '.') {
            p++;
            continue;
        }
        if (*p == '1' && p[1] == '/') { /* "1/s" */
            p++;
            continue;
        }
        char sym[16];
        size_t n = 0;
        while ((isalpha((unsigned char)*p)) && n + 1 < sizeof sym) sym[n++] = *p++;
        sym[n] = 0;
        if (n == 0) {
            snprintf(why, why_len, "cannot read the unit '%s'", u);
            return -1;
        }
        int power = 1;
        if (*p == '^') {
            char *end;
            long v = strtol(p + 1, &end, 10);
            if (end == p + 1 || v == 0 || v > 9 || v < -9) {
                snprintf(why, why_len, "cannot read the power in '%s'", u);
                return -1;
            }
            power = (int)v;
            p = end;
        } else if (isdigit((unsigned char)*p)) {
            power = *p++ - '0'; /* "m2" is m^2 */
        }
        double s;
        int d[NBASE];
        if (lookup(sym, &s, d) != 0) {
            snprintf(why, why_len, "unknown unit '%s' in '%s'", sym, u);
            return -1;
        }
        *scale *= pow(s, sign * power);
        for (int b = 0; b < NBASE; b++) dim[b] += sign * power * d[b];
    }
    return 0;
}

int units_parse(const char *text, ZnDim want, double *si, char *why, size_t why_len)
{
    char *end;
    double v = strtod(text, &end);
    if (end == text) {
        snprintf(why, why_len, "'%s' is not a number (expected %s, e.g. %s)", text, DIMS[want].name,
                 DIMS[want].example);
        return -1;
    }
    while (*end == ' ') end++;
    if (!*end) { /* bare number: SI */
        *si = v;
        return 0;
    }
    double scale;
    int dim[NBASE];
    if (parse_unit(end, &scale, dim, why, why_len) != 0) return -1;
    if (memcmp(dim, DIMS[want].dim, sizeof dim) != 0) {
        const char *got = NULL;
        for (int d = 1; d < ZN_DIM_COUNT; d++)
            if (memcmp(dim, DIMS[d].dim, sizeof dim) == 0) got = DIMS[d].name;
        snprintf(why, why_len, "expected %s (e.g. %s), got %s", DIMS[want].name, DIMS[want].example,
                 got ? got : "another dimension");
        return -1;
    }
    *si = v * scale;
    return 0;
}
