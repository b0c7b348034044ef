/* fuzz_scenario.c - libFuzzer harness for the scenario loader (YAML tree, units, validation,
 * inheritance). Any input must give either a scenario or a one-line error: no crash, hang,
 * leak or sanitizer report. Build and run: make fuzz (FUZZ_SECONDS=60 by default); the corpus
 * starts from the bundled scenarios in tests/fuzz/corpus. */
#include "scenario.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) snprintf(path, sizeof path, "/tmp/znpf_fuzz_%d.yaml", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    static ZnScenario sc;
    char why[1024];
    const char *sets[1] = {"numerics.dt_max=1 s"};
    if (scenario_load_with(path, sets, size % 2, &sc, why, sizeof why) != 0) {
        /* the contract: one line */
        if (strchr(why, '\n')) __builtin_trap();
        return 0;
    }
    /* a scenario that loads must survive being written and read back */
    FILE *o = fopen("/dev/null", "w");
    if (o) {
        scenario_write(o, &sc);
        fclose(o);
    }
    return 0;
}
