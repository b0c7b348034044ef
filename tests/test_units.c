/* test_units.c - unit strings as researchers write them, converted to SI, and wrong
 * dimensions refused with a message that names what was expected. */
#include "check.h"
#include "units.h"

#include <stdio.h>
#include <string.h>

static void ok(const char *text, ZnDim d, double si)
{
    double v = 0.0;
    char why[200] = "", name[200];
    int rc = units_parse(text, d, &v, why, sizeof why);
    snprintf(name, sizeof name, "'%s' in SI%s%s", text, rc ? ": " : "", why);
    check_rel(name, v, si, 1e-12);
}

static void bad(const char *text, ZnDim d, const char *must)
{
    double v = 0.0;
    char why[200] = "", name[300];
    int rc = units_parse(text, d, &v, why, sizeof why);
    snprintf(name, sizeof name, "'%s' as %s is refused: \"%s\"", text, units_dim_name(d), why);
    check_abs(name, rc == -1 && strstr(why, must) != NULL, 1, 0);
}

int main(void)
{
    ok("10 mA/cm^2", ZN_DIM_CURRENT_DENSITY, 100.0);
    ok("1 mAh/cm^2", ZN_DIM_AREAL_CHARGE, 36000.0);
    ok("2 M", ZN_DIM_CONCENTRATION, 2000.0);
    ok("8.5 mM", ZN_DIM_CONCENTRATION, 8.5);
    ok("0.1 mol/L", ZN_DIM_CONCENTRATION, 100.0);
    ok("0.25 um", ZN_DIM_LENGTH, 0.25e-6);
    ok("3.68e-10 m^2/s", ZN_DIM_DIFFUSIVITY, 3.68e-10);
    ok("3.68e-6 cm^2/s", ZN_DIM_DIFFUSIVITY, 3.68e-10);
    ok("4.64 S/m", ZN_DIM_CONDUCTIVITY, 4.64);
    ok("46.4 mS/cm", ZN_DIM_CONDUCTIVITY, 4.64);
    ok("60 s", ZN_DIM_TIME, 60.0);
    ok("2 min", ZN_DIM_TIME, 120.0);
    ok("1.5 h", ZN_DIM_TIME, 5400.0);
    ok("-0.2 V", ZN_DIM_POTENTIAL, -0.2);
    ok("-25 mV", ZN_DIM_POTENTIAL, -0.025);
    ok("0.5 J/m^2", ZN_DIM_AREAL_ENERGY, 0.5);
    ok("298.15 K", ZN_DIM_TEMPERATURE, 298.15);
    ok("1e-6 m^3/(J s)", ZN_DIM_MOBILITY, 1e-6);
    ok("100", ZN_DIM_CURRENT_DENSITY, 100.0); /* bare numbers are SI */
    bad("2 M", ZN_DIM_CURRENT_DENSITY, "expected a current density (e.g. 10 mA/cm^2), got a concentration");
    bad("10 mA/cm", ZN_DIM_CURRENT_DENSITY, "expected a current density");
    bad("5 furlongs", ZN_DIM_LENGTH, "unknown unit 'furlongs'");
    bad("fast", ZN_DIM_TIME, "is not a number");
    return check_finish();
}
