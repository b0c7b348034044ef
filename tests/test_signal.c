/* test_signal.c - Ctrl-C and SIGTERM on a real process: `znpf run` receives the signal mid-run,
 * finishes the step, writes a checkpoint and exits 130 with a line saying how to resume;
 * `znpf resume` then completes the run to the protocol's end. The run folder is emptied first,
 * so the checkpoint found is the one this run wrote; a process killed by the signal (no
 * handler) counts as a failure, not as exit 130. (Bit-identity of resumed runs: test_restart.) */
#include "check.h"
#include "checkpoint.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Runs argv, sending sig after ms milliseconds (0: none). Returns the exit status, or -signal
 * when the process was killed by one. */
static int run_cmd(const char *const argv[], int sig, int after_ms)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout)) _exit(126);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    if (sig) {
        struct timespec ts = {after_ms / 1000, (after_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        kill(pid, sig);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

static long file_size(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

/* The net charge of the last metrics row, mAh/cm^2. */
static double last_charge(const char *dir)
{
    char path[600];
    snprintf(path, sizeof path, "%s/metrics.csv", dir);
    return check_csv_last(path, "charge_mAh_cm2");
}

#define CAPACITY 1.5
#define CAPACITY_TEXT "1.5 mAh/cm^2"

static void interrupt(int sig, const char *name, int after_ms)
{
    const char *dir = T(sig == SIGINT ? "/tmp/znpf_sig_int" : "/tmp/znpf_sig_term");
    char cmd[700], label[200], ck[700];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) printf("     (could not empty %s)\n", dir);
    /* a run long enough to be interrupted on either backend: the bundled demo to three times
     * its capacity (13 s on 2 CPU cores, about 3 s on an H200 with the second-order step) */
    const char *run[] = {"build/znpf", "run", "configs/plating_bumps.yaml", "--set",
                         "protocol.steps.0.capacity=" CAPACITY_TEXT, "--out", dir, "--quiet", NULL};
    int rc = run_cmd(run, sig, after_ms);
    snprintf(label, sizeof label, "%s after %d ms: znpf run exits 130 (not killed by the signal)", name, after_ms);
    check_abs(label, rc, 130, 0);
    snprintf(ck, sizeof ck, "%s/checkpoint.znpf", dir);
    ZnRunPosition pos;
    double *fields = NULL, *gtab = NULL, *sep = NULL;
    int32_t *grain = NULL;
    char why[600];
    int ok = ckpt_read(ck, &pos, &fields, &grain, &gtab, &sep, why, sizeof why) == 0;
    free(sep);
    free(fields);
    free(grain);
    free(gtab);
    snprintf(label, sizeof label, "%s: the checkpoint in the emptied folder is this run's (it reads back)", name);
    check_abs(label, ok, 1, 0);
    snprintf(label, sizeof label, "%s: the metrics so far were kept", name);
    check_above(label, (double)file_size(T(sig == SIGINT ? "/tmp/znpf_sig_int/metrics.csv" : "/tmp/znpf_sig_term/metrics.csv")), 100.0);
    double q_stop = last_charge(dir);
    snprintf(label, sizeof label, "%s: stopped part-way (net charge below the protocol's %g mAh/cm^2)", name, CAPACITY);
    check_below(label, q_stop, CAPACITY - 1e-6);
    const char *res[] = {"build/znpf", "resume", dir, "--quiet", NULL};
    snprintf(label, sizeof label, "%s: znpf resume completes the interrupted run", name);
    check_abs(label, run_cmd(res, 0, 0), 0, 0);
    snprintf(label, sizeof label, "%s: resumed run ends at the protocol's %g mAh/cm^2", name, CAPACITY);
    check_abs(label, last_charge(dir), CAPACITY, 1e-9); /* the protocol completed (its capacity) */
}

int main(void)
{
    interrupt(SIGINT, "SIGINT", 1500);
    interrupt(SIGTERM, "SIGTERM", 1500);
    /* during start-up (before the first step): the handler is already in place */
    interrupt(SIGINT, "SIGINT at start-up", 30);
    return check_finish();
}
