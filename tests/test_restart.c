/* test_restart.c - CHECKS 13 and checkpoint robustness:
 *   - a run stopped after N steps (as by Ctrl-C) and resumed gives byte-identical fields and
 *     metrics to the uninterrupted run, for stops inside a plating step and inside a later step
 *   - a checkpoint written and read back is exact
 *   - a corrupt, truncated or foreign checkpoint, or one from a changed scenario, is refused
 *     with a message naming what does not match
 */
#include "check.h"
#include "checkpoint.h"
#include "metrics_columns.h"
#include "run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *SCEN = "configs/ci/plate_strip_short.yaml";

static long file_bytes(const char *path, unsigned char **data)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    *data = malloc((size_t)n + 1);
    if (fread(*data, 1, (size_t)n, f) != (size_t)n) n = -1;
    fclose(f);
    return n;
}

static int same_file(const char *a, const char *b)
{
    unsigned char *x = NULL, *y = NULL;
    long nx = file_bytes(a, &x), ny = file_bytes(b, &y);
    int same = nx >= 0 && nx == ny && memcmp(x, y, (size_t)nx) == 0;
    free(x);
    free(y);
    return same;
}

static void compare_runs(const char *ref, const char *got, const char *label)
{
    const char *files[4] = {"xi.npy", "c.npy", "phi.npy", "metrics.csv"};
    for (int k = 0; k < 4; k++) {
        char a[256], b[256], name[256];
        snprintf(a, sizeof a, "%s/%s", ref, files[k]);
        snprintf(b, sizeof b, "%s/%s", got, files[k]);
        snprintf(name, sizeof name, "CHECKS 13 %s: %s byte-identical to the uninterrupted run", label,
                 files[k]);
        check_abs(name, same_file(a, b), 1, 0);
    }
}

static int resume_message(const char *dir, const char *must)
{
    /* run_resume prints its reason on stderr; capture it through a temporary file */
    fflush(stderr);
    FILE *saved = stderr;
    char log[256];
    snprintf(log, sizeof log, "%s/resume.log", dir);
    FILE *f = fopen(log, "w");
    stderr = f;
    ZnRunOptions o = {dir, 0, 1, 0, 0};
    int rc = run_resume(&o);
    fclose(f);
    stderr = saved;
    unsigned char *text = NULL;
    long n = file_bytes(log, &text);
    if (n < 0) return 0;
    text[n] = 0;
    printf("     message: %s", (char *)text);
    int ok = rc == 2 && strstr((char *)text, must) != NULL;
    free(text);
    return ok;
}

/* An uninterrupted run of sc into /tmp/znpf_restart_TAG_ref, the same stopped after stop steps
 * and resumed in /tmp/znpf_restart_TAG, and CHECKS 13 on the two. */
/* The largest value of a metrics.csv column over the rows up to step `last`. */
static double column_max_until(const char *csv, const char *column, long last)
{
    FILE *f = fopen(csv, "r");
    char line[8192];
    double best = NAN;
    if (!f || !fgets(line, sizeof line, f)) {
        if (f) fclose(f);
        return NAN;
    }
    int col = metrics_column_index(line, column), scol = metrics_column_index(line, "step");
    char v[64], st[64];
    while (col >= 0 && scol >= 0 && fgets(line, sizeof line, f))
        if (metrics_field(line, scol, st, sizeof st) == 0 && atol(st) <= last &&
            metrics_field(line, col, v, sizeof v) == 0 && !(atof(v) <= best))
            best = atof(v);
    fclose(f);
    return best;
}

static void stop_and_resume(ZnScenario *sc, const char *path, const char *tag, const char *what,
                            long stop)
{
    char ref[128], dir[128], label[256];
    snprintf(ref, sizeof ref, "/tmp/znpf_restart_%s_ref", tag);
    snprintf(dir, sizeof dir, "/tmp/znpf_restart_%s", tag);
    ZnRunOptions r = {T(ref), 1, 1, 0, 0}, a = {T(dir), 1, 1, stop, 0}, b = {T(dir), 0, 1, 0, 0};
    snprintf(label, sizeof label, "uninterrupted run with %s exits 0", what);
    check_abs(label, run_scenario(sc, path, &r), 0, 0);
    snprintf(label, sizeof label, "a run with %s told to stop exits 130 with a checkpoint", what);
    check_abs(label, run_scenario(sc, path, &a), 130, 0);
    snprintf(label, sizeof label, "znpf resume of the run with %s exits 0", what);
    check_abs(label, run_resume(&b), 0, 0);
    snprintf(label, sizeof label, "%s, stop after %ld steps + resume", what, stop);
    compare_runs(r.out_dir, a.out_dir, label);
}

int main(void)
{
    static ZnScenario sc;
    char why[1024];
    if (scenario_load(SCEN, &sc, why, sizeof why) != 0) {
        printf("FAIL load: %s\n", why);
        return 1;
    }
    ZnRunOptions ref = {T("/tmp/znpf_restart_ref"), 1, 1, 0, 0};
    check_abs("uninterrupted run exits 0", run_scenario(&sc, SCEN, &ref), 0, 0);

    long stops[2] = {20, 65}; /* inside the plating step; inside the stripping step (79 steps) */
    for (int k = 0; k < 2; k++) {
        char dir[512], label[64];
        snprintf(dir, sizeof dir, "%s_%ld", T("/tmp/znpf_restart"), stops[k]);
        snprintf(label, sizeof label, "stop after %ld steps + resume", stops[k]);
        ZnRunOptions a = {dir, 1, 1, stops[k], 0};
        check_abs("a run told to stop exits 130 with a checkpoint", run_scenario(&sc, SCEN, &a), 130, 0);
        ZnRunOptions b = {dir, 0, 1, 0, 0};
        check_abs("znpf resume exits 0", run_resume(&b), 0, 0);
        compare_runs(ref.out_dir, dir, label);
    }

    /* hydrogen evolution with the acidity field and ZHS: the acidity and the ZHS fraction
     * travel in the checkpoint */
    {
        static ZnScenario sh;
        sh = sc;
        sh.phys.her = 1;
        sh.phys.her_acidity = 1;
        sh.phys.her_zhs = 1;
        sh.phys.her_i0H_zn = sh.phys.her_i0W_zn = 3e-3; /* enough hydrogen for ZHS to form */
        stop_and_resume(&sh, SCEN, "her", "HER + acidity + ZHS", 60);
        check_abs("CHECKS 13 HER + acidity + ZHS: cycles.csv byte-identical",
                  same_file(T("/tmp/znpf_restart_her_ref/cycles.csv"), T("/tmp/znpf_restart_her/cycles.csv")), 1, 0);
        check_above("HER + acidity + ZHS: ZHS formed before the stop (Zn in it at step 60, mAh/cm^2)",
                    column_max_until(T("/tmp/znpf_restart_her_ref/metrics.csv"), "zhs_zn_mAh_cm2", 60), 1e-9);
    }

    /* past the limiting current with hydrogen (0.001 M: the limit of the 3 um gap is ~4
     * mA/cm^2): plating steps are redone at a lower potential, and the step after a redone one
     * starts without the second-order history; the resume must take both up where they were */
    {
        static ZnScenario sl;
        sl = sc;
        sl.phys.c0 = 1.0;
        sl.phys.her = 1;
        sl.phys.her_acidity = 0;
        stop_and_resume(&sl, SCEN, "limit", "plating past the limiting current with hydrogen", 30);
        /* the default HER at the controller's own potential gives ~0.002 mA/cm^2 here */
        check_above("past the limiting current: hydrogen carried a fifth of the current or more while "
                    "plating (only steps redone at a lower potential let the default HER do that; mA/cm^2)",
                    column_max_until(T("/tmp/znpf_restart_limit_ref/metrics.csv"), "her_current_mA_cm2", 52),
                    0.2 * sc.steps[0].current / ZN_A_M2_PER_MA_CM2);
        check_above("past the limiting current: metrics.csv counts steps redone at a lower potential",
                    column_max_until(T("/tmp/znpf_restart_limit_ref/metrics.csv"), "steps_redone", 52), 1.0);
    }

    /* a separator: its salt column travels in the checkpoint; with the acidity, its column too */
    {
        static ZnScenario ss;
        ss = sc;
        ss.phys.sep_L = 100e-6;
        stop_and_resume(&ss, SCEN, "sep", "a separator", 60);
        ss.phys.her = 1;
        ss.phys.her_acidity = 1;
        stop_and_resume(&ss, SCEN, "sep_acid", "a separator with the acidity's column", 60);
    }

    /* a property table at 0.2 M: the resumed run reads the table and its bulk values back from
     * the run folder's scenario.yaml */
    {
        static ZnScenario sp;
        sp = sc;
        sp.phys.c0 = 200.0;
        const double rows[3][3] = {{50.0, 0.7, 5.5e-10}, {500.0, 2.4, 4.5e-10}, {2000.0, 4.64, 3.7e-10}};
        sp.phys.nprops = 3;
        for (int k = 0; k < 3; k++) {
            sp.phys.props[k].c = rows[k][0];
            sp.phys.props[k].sigma = rows[k][1];
            sp.phys.props[k].D = rows[k][2];
            sp.phys.props[k].t_plus = NAN;
        }
        char pwhy[300];
        if (phys_apply_properties(&sp.phys, pwhy, sizeof pwhy) != 0) printf("FAIL properties: %s\n", pwhy);
        stop_and_resume(&sp, SCEN, "props", "a property table at 0.2 M", 60);
    }

    /* the second-order step: its history (the last step's N and rate, and dt) travels in the
     * checkpoint; without it the resumed run's first step would be an Euler step */
    {
        static ZnScenario sb;
        sb = sc;
        sb.phys.time_scheme = ZN_SCHEME_SBDF2;
        sb.phys.relax_dt = 0.2;
        stop_and_resume(&sb, SCEN, "sbdf2", "the second-order step", 15);
    }

    /* a run with dead Zn (a mushroom whose cap detaches while stripping): the labels and the
     * dead-body mask are rebuilt from the fields on resume */
    {
        static ZnScenario sd;
        const char *dz = "configs/dead_zn_strip.yaml";
        if (scenario_load(dz, &sd, why, sizeof why) != 0) {
            printf("FAIL %s\n", why);
        } else {
            sd.steps[0].time = 100.0; /* dead Zn forms within 10 s; 100 s of stripping is enough */
            sd.frames = 0;
            stop_and_resume(&sd, dz, "dead", "dead Zn", 150); /* of 237 */
            double dead = check_csv_last(T("/tmp/znpf_restart_dead_ref/metrics.csv"), "dead_zn_um");
            check_above("the dead-Zn run holds dead Zn at its end (um)", dead, 0.1);
        }
    }

    /* exact round trip */
    ZnRunPosition pos = {0}, back;
    pos.nx = 3;
    pos.ny = 2;
    pos.nz = 1;
    pos.nfields = 4; /* xi, c, phi and the acidity */
    pos.scenario_hash = 0x0123456789abcdefull;
    pos.step = 77;
    pos.t = 1.0 / 3.0;
    pos.dt = 1e-300;
    pos.E = -0.1234567890123;
    pos.q_step = 3.5;
    pos.ngrains = 2;
    pos.nuc_next = 5;
    pos.nuc_clock = 12.25;
    pos.charge_debt = 0.125;
    pos.nsep = 3;
    pos.cell_E = -0.25;
    pos.pf_dt_prev = 0.0625;
    double sep[3] = {0.5, 0.75, 1.0 / 3.0}, *sep_got = NULL;
    double fields[24], *got = NULL, gtab[6] = {-1.1, 1.0, 3.0, 0.5, 2.0, 0.0}, *gtab_got = NULL;
    int32_t grain[6] = {0, 1, 1, -1, 0, 1}, *grain_got = NULL;
    for (int k = 0; k < 24; k++) fields[k] = k * 0.1 - 0.7;
    int w = ckpt_write(T("/tmp/znpf_ckpt_rt.znpf"), &pos, fields, grain, gtab, sep, why, sizeof why);
    int r = ckpt_read(T("/tmp/znpf_ckpt_rt.znpf"), &back, &got, &grain_got, &gtab_got, &sep_got, why,
                      sizeof why);
    check_abs("checkpoint write/read round trip is exact",
              w == 0 && r == 0 && memcmp(fields, got, sizeof fields) == 0 && back.step == 77 &&
                      back.t == pos.t && back.dt == pos.dt && back.E == pos.E &&
                      back.scenario_hash == pos.scenario_hash && back.q_step == 3.5 &&
                      memcmp(grain, grain_got, sizeof grain) == 0 &&
                      memcmp(gtab, gtab_got, sizeof gtab) == 0 && back.ngrains == 2 &&
                      back.nuc_next == 5 && back.nuc_clock == 12.25 && back.charge_debt == 0.125 &&
                      back.nsep == 3 && back.cell_E == -0.25 && memcmp(sep, sep_got, sizeof sep) == 0,
              1, 0);
    free(sep_got);
    free(got);
    free(grain_got);
    free(gtab_got);

    /* damaged checkpoints */
    const char *dir = T("/tmp/znpf_restart_20");
    char ck[128], cmd[512];
    snprintf(ck, sizeof ck, "%s/checkpoint.znpf", dir);
    unsigned char *bytes = NULL;
    long n = file_bytes(ck, &bytes);
    FILE *f = fopen(ck, "wb");
    bytes[n - 100] ^= 0x5a; /* one flipped byte in the payload */
    fwrite(bytes, 1, (size_t)n, f);
    fclose(f);
    check_abs("a corrupt checkpoint is refused (checksum)", resume_message(dir, "checksum"), 1, 0);
    f = fopen(ck, "wb");
    fwrite(bytes, 1, (size_t)n / 2, f);
    fclose(f);
    check_abs("a truncated checkpoint is refused", resume_message(dir, "truncated"), 1, 0);
    snprintf(cmd, sizeof cmd, "%s/xi.npy", dir);
    unsigned char *npy = NULL;
    long m = file_bytes(cmd, &npy);
    f = fopen(ck, "wb");
    fwrite(npy, 1, (size_t)m, f);
    fclose(f);
    check_abs("a foreign file is refused (magic)", resume_message(dir, "not a znpf checkpoint"), 1, 0);
    bytes[n - 100] ^= 0x5a;
    f = fopen(ck, "wb");
    fwrite(bytes, 1, (size_t)n, f);
    fclose(f);
    /* edit the resolved scenario: i0 10 -> 11 A/m^2 */
    snprintf(cmd, sizeof cmd, "%s/scenario.yaml", dir);
    unsigned char *yaml = NULL;
    long ny = file_bytes(cmd, &yaml);
    yaml[ny] = 0;
    char *at = strstr((char *)yaml, "\n  i0: 10\n");
    check_abs("the resolved scenario holds kinetics.i0 as written (the edit below needs it)", at != NULL, 1, 0);
    if (at) at[8] = '1';
    f = fopen(cmd, "wb");
    fwrite(yaml, 1, (size_t)ny, f);
    fclose(f);
    free(yaml);
    check_abs("a checkpoint of a changed scenario is refused (scenario hash)",
              resume_message(dir, "scenario hash"), 1, 0);
    free(bytes);
    free(npy);
    return check_finish();
}
