/* core_share.c - runs divide the machine's cores (core_share.h).
 *
 * The folder is $ZNPF_RUNS_DIR, else /tmp/znpf-runs-UID; each sharing run holds an empty file
 * named by its process id. A file whose process is gone (a run that was killed) is removed by
 * whoever counts next. The count is a hint, not a lock: two runs that start within the same
 * instant may both see the other one only at their next recount, 2 s later. */
#define _POSIX_C_SOURCE 200809L
#include "core_share.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <omp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[512], me[600];
static int sharing, threads_now, runs_now;
static double last_count = -1e300;

static int live_runs(void)
{
    DIR *d = opendir(dir);
    if (!d) return 1;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        char *end;
        long pid = strtol(de->d_name, &end, 10);
        if (end == de->d_name || *end || pid <= 0) continue;
        if (kill((pid_t)pid, 0) == 0 || errno == EPERM) {
            n++;
        } else {
            char path[1100];
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            unlink(path); /* a run that did not end cleanly */
        }
    }
    closedir(d);
    return n > 0 ? n : 1;
}

static int recount(void)
{
    runs_now = live_runs();
    int cores = omp_get_num_procs();
    int t = cores / runs_now;
    if (t < 1) t = 1;
    if (t != threads_now) {
        omp_set_num_threads(t);
        threads_now = t;
    }
    return t;
}

int core_share_start(void)
{
    /* OMP_NUM_THREADS is a user's own choice, like --threads */
    const char *omp = getenv("OMP_NUM_THREADS");
    if (omp && omp[0]) return 0;
    const char *env = getenv("ZNPF_RUNS_DIR");
    if (env && env[0]) snprintf(dir, sizeof dir, "%s", env);
    else snprintf(dir, sizeof dir, "/tmp/znpf-runs-%ld", (long)getuid());
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) return 0;
    snprintf(me, sizeof me, "%s/%ld", dir, (long)getpid());
    int fd = open(me, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return 0;
    close(fd);
    sharing = 1;
    threads_now = 0;
    return recount();
}

int core_share_update(double wall_now)
{
    if (!sharing) return 0;
    if (wall_now - last_count < 2.0) return threads_now;
    last_count = wall_now;
    return recount();
}

int core_share_runs(void)
{
    return sharing ? runs_now : 1;
}

void core_share_stop(void)
{
    if (!sharing) return;
    unlink(me);
    sharing = 0;
}
