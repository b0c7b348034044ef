/* test_signal.c - Ctrl-C on a real process: `znpf run` receives SIGINT mid-run, finishes the
 * step, writes a checkpoint and exits 130 with a line saying how to resume; `znpf resume`
 * then completes the run to the protocol's end. (Bit-identity of resumed runs: test_restart.) */
#include "check.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int run_cmd(char *const argv[], int interrupt_after_ms)
{
    pid_t pid = fork();
    if (pid == 0) {
        freopen("/dev/null", "w", stdout);
        execv(argv[0], argv);
        _exit(127);
    }
    if (interrupt_after_ms > 0) {
        struct timespec ts = {interrupt_after_ms / 1000, (interrupt_after_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGINT);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static long file_size(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

int main(void)
{
    /* a run long enough to be interrupted: the bundled demo (~10 s) */
    char *run[] = {"build/znpf", "run", "configs/plating_bumps.yaml", "--out", "/tmp/znpf_sig",
                   "--force", "--quiet", NULL};
    int rc = run_cmd(run, 1500);
    check_abs("SIGINT: znpf run exits 130", rc, 130, 0);
    check_above("SIGINT: a checkpoint was written", (double)file_size("/tmp/znpf_sig/checkpoint.znpf"), 1.0);
    check_above("SIGINT: the metrics so far were kept", (double)file_size("/tmp/znpf_sig/metrics.csv"), 100.0);
    char *res[] = {"build/znpf", "resume", "/tmp/znpf_sig", "--quiet", NULL};
    check_abs("znpf resume completes the interrupted run", run_cmd(res, 0), 0, 0);
    /* the resumed run reached the protocol's end: 0.5 mAh/cm^2 in the last metrics row */
    FILE *f = fopen("/tmp/znpf_sig/metrics.csv", "r");
    char line[1024], last[1024] = "";
    while (f && fgets(line, sizeof line, f)) strcpy(last, line);
    if (f) fclose(f);
    double t = 0, dt = 0, q = 0;
    long step = 0;
    sscanf(last, "%lf,%lf,%ld,%lf", &t, &dt, &step, &q);
    check_abs("resumed run ends at the protocol's 0.5 mAh/cm^2", q, 0.5, 1e-9);
    return check_finish();
}
