/* znpf.c - the command line: znpf run | resume | validate | show | keys | render | info. */
#include "engine.h"
#include "run.h"
#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ZNPF_VERSION "0.1.0"

static void usage(FILE *f)
{
    fprintf(f,
            "znpf %s - phase-field simulation of Zn electrodeposition\n"
            "usage:\n"
            "  znpf run SCENARIO.yaml --out DIR [--set key.path=value]... [--force] [--quiet] [--threads N]\n"
            "  znpf resume DIR [--quiet] [--threads N]   continue a stopped run from its checkpoint\n"
            "  znpf validate SCENARIO.yaml [--set key.path=value]...\n"
            "  znpf show SCENARIO.yaml [--set ...]   print the resolved scenario (all defaults)\n"
            "  znpf render DIR [--scale N] [--style morphology|composite] [--metal plain|orientation] [--to SUBDIR]\n"
            "                                      re-render frames from saved fields\n"
            "  znpf keys                           every scenario key (the table of docs/scenarios.md)\n"
            "  znpf info\n"
            "  znpf --version | --help\n"
            "exit codes: 0 ok, 1 run stopped by the engine, 2 bad input, 3 resources/backend,\n"
            "            130 interrupted (Ctrl-C: the step finishes, a checkpoint is written)\n",
            ZNPF_VERSION);
}

/* --help of one command: what it does, its arguments, what it writes. */
static int command_help(const char *cmd)
{
    static const struct { const char *name, *text; } H[] = {
        {"run", "znpf run SCENARIO.yaml --out DIR [--set key.path=value]... [--force] [--quiet]\n"
                "                [--threads N]   (CPU threads; default: the scenario's threads, else all)\n"
                "  Runs the scenario's protocol. Writes DIR/metrics.csv, cycles.csv, xi/c/phi.npy,\n"
                "  fields.vtk, fields.txt, scenario.yaml (resolved) and checkpoints; frames when\n"
                "  the output section asks for them. Refuses a DIR that holds a run unless --force. Ctrl-C finishes\n"
                "  the step, writes a checkpoint and exits 130.\n"},
        {"resume", "znpf resume DIR [--quiet]\n"
                   "  Continues the run in DIR from DIR/checkpoint.znpf with DIR/scenario.yaml; the\n"
                   "  result is byte-identical to an uninterrupted run on the same backend.\n"},
        {"validate", "znpf validate SCENARIO.yaml [--set key.path=value]...\n"
                     "  Checks the scenario without running it: exit 0, or 2 with one line\n"
                     "  file:line:col: key: reason.\n"},
        {"show", "znpf show SCENARIO.yaml [--set key.path=value]...\n"
                 "  Prints the resolved scenario: base files, overrides and every default folded in,\n"
                 "  SI values that read back exactly.\n"},
        {"render", "znpf render DIR [--scale N] [--style morphology|composite] [--metal plain|orientation]\n"
                   "                [--to SUBDIR]\n"
                   "  Re-draws frames from a run's saved fields (snapshots listed in\n"
                   "  DIR/snapshots.csv, else the final fields) into DIR/SUBDIR (frames_render).\n"
                   "  --metal orientation colours the metal by its grain's c-axis tilt\n"
                   "  (grain.npy, grains.csv).\n"},
        {"keys", "znpf keys\n  Prints every scenario key with its unit, default, range and meaning as a markdown\n"
                 "  table, generated from the schema (docs/scenarios.md holds this table).\n"},
        {"info", "znpf info\n  Lists the backends this build has and the CUDA device, if any.\n"},
    };
    for (size_t k = 0; k < sizeof H / sizeof H[0]; k++)
        if (strcmp(cmd, H[k].name) == 0) {
            fputs(H[k].text, stdout);
            return 0;
        }
    usage(stdout);
    return 0;
}

/* The memory a run of sc needs against what the machine has: a one-line refusal (exit 2) when
 * a CPU run cannot fit; for a GPU run the device is asked when the run starts. 0 when it fits. */
static int check_memory(const char *scenario, const ZnScenario *sc, double *need)
{
    *need = engine_estimate_bytes(&sc->phys);
    char why[256];
    int cpu = sc->backend == ZN_BACKEND_CPU ||
              (sc->backend == ZN_BACKEND_AUTO && !zn_backend_cuda(why, sizeof why));
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    double have = pages > 0 && page > 0 ? (double)pages * (double)page : 0.0;
    if (cpu && have > 0.0 && *need > have) {
        fprintf(stderr, "%s: grid: %d x %d cells need about %.3g GB (%.0f bytes per cell); this "
                        "machine has %.3g GB of memory (fewer cells, or a GPU with more memory)\n",
                scenario, sc->phys.grid.nx, sc->phys.grid.ny, *need / 1e9,
                *need / ((double)sc->phys.grid.nx * sc->phys.grid.ny), have / 1e9);
        return 2;
    }
    return 0;
}

static int cmd_info(void)
{
    char why[256];
    printf("znpf %s\nbackends: cpu (OpenMP + FFTW)", ZNPF_VERSION);
    const ZnBackend *cuda = zn_backend_cuda(why, sizeof why);
    printf(", cuda: %s%s\n", cuda ? "available, " : "unavailable, ", why);
    return 0;
}

int main(int argc, char **argv)
{
    run_install_signals(); /* before any start-up work: Ctrl-C then always ends in a checkpoint */
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("znpf %s\n", ZNPF_VERSION);
        return 0;
    }
    for (int k = 2; k < argc; k++)
        if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) return command_help(argv[1]);
    if (strcmp(argv[1], "info") == 0) return cmd_info();
    if (strcmp(argv[1], "keys") == 0) return scenario_document(stdout) == 0 ? 0 : 3;
    if (strcmp(argv[1], "render") == 0) {
        const char *dir = NULL, *to = "frames_render";
        int scale = 2, composite = 0, orientation = 0;
        for (int k = 2; k < argc; k++) {
            if (strcmp(argv[k], "--scale") == 0 && k + 1 < argc) scale = atoi(argv[++k]);
            else if (strcmp(argv[k], "--style") == 0 && k + 1 < argc) {
                const char *st = argv[++k];
                if (strcmp(st, "composite") == 0) composite = 1;
                else if (strcmp(st, "morphology") != 0) {
                    fprintf(stderr, "znpf: --style: expected morphology or composite, got '%s'\n", st);
                    return 2;
                }
            } else if (strcmp(argv[k], "--metal") == 0 && k + 1 < argc) {
                const char *mc = argv[++k];
                if (strcmp(mc, "orientation") == 0) orientation = 1;
                else if (strcmp(mc, "plain") != 0) {
                    fprintf(stderr, "znpf: --metal: expected plain or orientation, got '%s'\n", mc);
                    return 2;
                }
            } else if (strcmp(argv[k], "--to") == 0 && k + 1 < argc) to = argv[++k];
            else if (argv[k][0] != '-' && !dir) dir = argv[k];
            else {
                fprintf(stderr, "znpf: render: unknown argument '%s'\n", argv[k]);
                return 2;
            }
        }
        if (!dir || scale < 1 || scale > 8) {
            fprintf(stderr, "znpf: render needs a run folder (and --scale 1..8)\n");
            return 2;
        }
        return run_render(dir, to, scale, composite, orientation);
    }
    int is_run = strcmp(argv[1], "run") == 0, is_validate = strcmp(argv[1], "validate") == 0;
    int is_resume = strcmp(argv[1], "resume") == 0, is_show = strcmp(argv[1], "show") == 0;
    if (!is_run && !is_validate && !is_resume && !is_show) {
        fprintf(stderr, "znpf: unknown command '%s' (run, resume, validate, show, keys, render, info)\n", argv[1]);
        return 2;
    }
    const char *sets[64];
    int nsets = 0;
    const char *scenario = NULL;
    ZnRunOptions o = {NULL, 0, 0, 0, 0};
    for (int k = 2; k < argc; k++) {
        if (strcmp(argv[k], "--out") == 0 && k + 1 < argc) o.out_dir = argv[++k];
        else if (strcmp(argv[k], "--force") == 0) o.force = 1;
        else if (strcmp(argv[k], "--quiet") == 0) o.quiet = 1;
        else if (strcmp(argv[k], "--set") == 0 && k + 1 < argc && nsets < 64) sets[nsets++] = argv[++k];
        else if (strcmp(argv[k], "--stop-after-steps") == 0 && k + 1 < argc) o.stop_after_steps = atol(argv[++k]);
        else if (strcmp(argv[k], "--threads") == 0 && k + 1 < argc) {
            char *end;
            long v = strtol(argv[++k], &end, 10);
            if (*end || v < 1 || v > 4096) {
                fprintf(stderr, "znpf: --threads: expected a whole number from 1 to 4096, got '%s'\n", argv[k]);
                return 2;
            }
            o.threads = (int)v;
        }
        else if (argv[k][0] == '-') {
            fprintf(stderr, "znpf: unknown option '%s'\n", argv[k]);
            return 2;
        } else if (!scenario) scenario = argv[k];
        else {
            fprintf(stderr, "znpf: more than one scenario given ('%s')\n", argv[k]);
            return 2;
        }
    }
    if (!scenario) {
        fprintf(stderr, "znpf: %s needs a %s\n", argv[1], is_resume ? "run folder" : "scenario file");
        return 2;
    }
    if (is_resume) {
        o.out_dir = scenario;
        return run_resume(&o);
    }
    static ZnScenario sc;
    char why[1024];
    if (scenario_load_with(scenario, sets, nsets, &sc, why, sizeof why) != 0) {
        fprintf(stderr, "%s\n", why);
        return 2;
    }
    if (is_show) return scenario_write(stdout, &sc) == 0 ? 0 : 3;
    double need;
    if (check_memory(scenario, &sc, &need) != 0) return 2;
    if (is_validate) {
        printf("%s: ok (%d x %d cells, about %.3g MB, %d protocol steps x %d cycles)\n", scenario,
               sc.phys.grid.nx, sc.phys.grid.ny, need / 1e6, sc.nsteps, sc.cycles);
        return 0;
    }
    if (!o.out_dir) {
        fprintf(stderr, "znpf: run needs --out DIR\n");
        return 2;
    }
    return run_scenario(&sc, scenario, &o);
}
