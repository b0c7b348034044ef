/* run.c - runs a scenario's protocol on the engine and writes its outputs:
 *   DIR/metrics.csv   one row per output time and at the end of every protocol step
 *   DIR/xi.npy, c.npy, phi.npy   final fields, float64, shape (ny, nx), row j = height (j+1/2) dx
 *   DIR/fields.txt    grid and units of the .npy files
 * Output events are kept apart from the integrator: the loop only decides when to stop a
 * step short so that an output time or a protocol ending is met exactly. */
#include "run.h"

#include "initial.h"
#include "metrics.h"
#include "npy.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested = 0;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static double wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int make_dir(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
            *p = '/';
        }
    return (mkdir(buf, 0777) != 0 && errno != EEXIST) ? -1 : 0;
}

typedef struct RunState {
    ZnEngine e;
    FILE *metrics;
    char metrics_path[4200];
    double *host_col;
    double charge_total; /* net plated charge since the start, C/m^2 */
    ZnStepInfo last;
    int proto_step;      /* index of the protocol step running */
    double last_row_t;   /* time of the last metrics row (no duplicate rows) */
    int cycle;
} RunState;

static int write_row(RunState *s, const ZnScenario *sc)
{
    ZnMetrics m;
    if (s->e.step > 0 && s->e.t == s->last_row_t) return 0;
    s->last_row_t = s->e.t;
    if (metrics_compute(&s->e, s->host_col, &m) != 0) return -1;
    const ZnProtocolStep *st = &sc->steps[s->proto_step];
    int ok = fprintf(s->metrics,
                     "%.9g,%.6g,%ld,%.9g,%.6g,%.9g,%.6g,%.6g,%.6g,%.6g,%.6g,%d,%d,%d,%s\n",
                     s->e.t, s->last.dt, s->e.step, s->charge_total / 36000.0,
                     s->last.current / 10.0, s->e.E, m.mean_thickness * 1e6, m.max_height * 1e6,
                     m.roughness * 1e6, m.length_ratio, m.c_min, s->last.conc.iterations,
                     s->last.pot.iterations, s->cycle + 1, scenario_step_name(st->kind)) > 0;
    return ok && fflush(s->metrics) == 0 ? 0 : -1;
}

static int write_fields(RunState *s, const char *dir, const char *suffix)
{
    int nx = s->e.r.nx, ny = s->e.r.ny;
    size_t n = (size_t)nx * ny;
    double *buf = (double *)malloc(3 * n * sizeof(double));
    if (!buf) {
        fprintf(stderr, "znpf: out of memory writing fields\n");
        return -1;
    }
    int rc = engine_download(&s->e, buf, buf + n, buf + 2 * n);
    const char *names[3] = {"xi", "c", "phi"};
    char path[4200], why[512];
    for (int k = 0; k < 3 && rc == 0; k++) {
        snprintf(path, sizeof path, "%s/%s%s.npy", dir, names[k], suffix);
        if (npy_write(path, buf + k * n, ny, nx, why, sizeof why) != 0) {
            fprintf(stderr, "znpf: %s\n", why);
            rc = -1;
        }
    }
    free(buf);
    snprintf(path, sizeof path, "%s/fields.txt", dir);
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fprintf(f, "# fields written by znpf: float64 .npy arrays of shape (ny, nx) = (%d, %d)\n"
               "# cell (j, i) is centred at x = (i + 1/2) dx, y = (j + 1/2) dx; y = 0 is the "
               "current collector\n"
               "dx_m %.9g\nnx %d\nny %d\n"
               "xi: phase field (1 = Zn metal, 0 = electrolyte)\n"
               "c: salt concentration / c0 (c0 = %.6g mol/m^3)\n"
               "phi: electrolyte potential vs the bulk reference, V\n",
            ny, nx, s->e.hx, nx, ny, s->e.phys.c0);
    return (fclose(f) == 0 && rc == 0) ? 0 : -1;
}

static const ZnBackend *pick_backend(const char *want, char *why, size_t why_len)
{
    if (strcmp(want, "cpu") == 0) return &zn_backend_cpu;
    const ZnBackend *cuda = zn_backend_cuda(why, why_len);
    if (strcmp(want, "cuda") == 0) return cuda;
    return cuda ? cuda : &zn_backend_cpu;
}

/* Step-end tests: capacity, time, cut-off potential. */
static int step_done(const ZnProtocolStep *st, double q, double t_step, double E)
{
    if (st->capacity > 0.0 && fabs(q) >= st->capacity * (1.0 - 1e-9)) return 1;
    if (st->time > 0.0 && t_step >= st->time * (1.0 - 1e-12)) return 1;
    if (!isnan(st->cutoff)) {
        if (st->kind == ZN_STEP_PLATE && E <= st->cutoff) return 1;
        if (st->kind == ZN_STEP_STRIP && E >= st->cutoff) return 1;
    }
    return 0;
}

int run_scenario(const ZnScenario *sc, const ZnRunOptions *o)
{
    char why[512];
    struct stat stt;
    char path[4200];
    snprintf(path, sizeof path, "%s/metrics.csv", o->out_dir);
    if (!o->force && stat(path, &stt) == 0) {
        fprintf(stderr, "znpf: %s already holds a run (metrics.csv); use --force to overwrite\n",
                o->out_dir);
        return 2;
    }
    const ZnBackend *be = pick_backend(sc->backend, why, sizeof why);
    if (!be) {
        fprintf(stderr, "znpf: backend cuda requested but %s\n", why);
        return 3;
    }
    if (make_dir(o->out_dir) != 0) {
        fprintf(stderr, "znpf: cannot create output folder %s: %s\n", o->out_dir, strerror(errno));
        return 2;
    }
    RunState s;
    memset(&s, 0, sizeof s);
    if (engine_create(&s.e, be, &sc->phys) != 0) {
        fprintf(stderr, "znpf: %s\n", s.e.err);
        return 2;
    }
    size_t n = (size_t)sc->phys.grid.nx * sc->phys.grid.ny;
    double *xi0 = (double *)malloc(n * sizeof(double));
    s.host_col = (double *)malloc((size_t)sc->phys.grid.nx * sizeof(double));
    if (!xi0 || !s.host_col) {
        fprintf(stderr, "znpf: out of memory\n");
        return 3;
    }
    initial_fill(&sc->init, &sc->phys, xi0);
    if (engine_upload(&s.e, xi0, NULL, NULL) != 0) {
        fprintf(stderr, "znpf: %s\n", s.e.err);
        return 3;
    }
    free(xi0);
    snprintf(s.metrics_path, sizeof s.metrics_path, "%s", path);
    s.metrics = fopen(path, "w");
    if (!s.metrics) {
        fprintf(stderr, "znpf: cannot create %s: %s\n", path, strerror(errno));
        return 2;
    }
    fprintf(s.metrics, "time_s,dt_s,step,charge_mAh_cm2,current_mA_cm2,electrode_potential_V,"
                       "mean_thickness_um,max_height_um,roughness_um,interface_length_ratio,c_min,"
                       "iters_conc,iters_pot,cycle,protocol_step\n");
    int quiet = o->quiet || !isatty(STDERR_FILENO);
    if (!o->quiet)
        printf("znpf: %d x %d cells of %.3g um on %s; L_sigma W = %.3g 1/s (dt <= %.3g s), "
               "%.0f bytes/cell\n",
               s.e.r.nx, s.e.r.ny, s.e.hx * 1e6, be->name, s.e.m.L_sigma * s.e.m.W,
               engine_dt_relax_bound(&s.e), engine_bytes_per_cell(&s.e));
    if (!o->quiet && sc->phys.capillarity == ZN_CAP_CHEN) {
        double vcap = s.e.m.L_sigma * s.e.m.kappa0 / 1e-6;
        printf("znpf: chen capillarity: curvature-driven speed at R = 1 um is %.3g um/s against "
               "%.3g um/s of plating at %.3g mA/cm^2\n", vcap * 1e6,
               phys_front_speed(&sc->phys, sc->phys.i_ref) * 1e6, sc->phys.i_ref / 10.0);
    }
    if (sc->phys.transport == ZN_TRANSPORT_CATION) {
        double te = phys_cation_t_eff(&sc->phys);
        if (!(te > 0.0 && te < 1.0))
            fprintf(stderr, "znpf: warning: cation-only transport: migration would carry %.2f of the "
                            "current (t_eff outside (0, 1)): Zn2+ piles up at the cathode while "
                            "plating; the binary model is the consistent choice\n", te);
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    write_row(&s, sc);

    double dt = sc->phys.dt_init, next_out = sc->out_interval > 0 ? sc->out_interval : INFINITY;
    double t_wall0 = wall_seconds(), t_print = 0.0;
    int rc = 0, snap = 0;
    for (s.cycle = 0; s.cycle < sc->cycles && rc == 0; s.cycle++)
        for (s.proto_step = 0; s.proto_step < sc->nsteps && rc == 0; s.proto_step++) {
            const ZnProtocolStep *st = &sc->steps[s.proto_step];
            ZnControl ctl;
            ctl.mode = st->control;
            ctl.E = st->potential;
            ctl.i = st->kind == ZN_STEP_PLATE ? st->current : st->kind == ZN_STEP_STRIP ? -st->current : 0.0;
            double q = 0.0, t0 = s.e.t;
            while (!step_done(st, q, s.e.t - t0, s.e.E)) {
                if (stop_requested) {
                    rc = 130;
                    break;
                }
                double h = dt;
                if (next_out - s.e.t < h) h = next_out - s.e.t;
                if (st->time > 0.0 && t0 + st->time - s.e.t < h) h = t0 + st->time - s.e.t;
                if (st->capacity > 0.0 && ctl.mode == ZN_CTRL_CURRENT && ctl.i != 0.0) {
                    double left = (st->capacity - fabs(q)) / fabs(ctl.i);
                    if (left < h) h = left;
                }
                if (h < sc->phys.dt_min) h = sc->phys.dt_min;
                if (engine_step(&s.e, &ctl, h, &s.last) != 0) {
                    fprintf(stderr, "\nznpf: %s\n", s.e.err);
                    rc = 1;
                    break;
                }
                q += s.last.charge;
                s.charge_total += s.last.charge;
                dt = engine_next_dt(&s.e, dt, s.last.max_rate);
                if (s.e.t >= next_out * (1 - 1e-12)) {
                    write_row(&s, sc);
                    if (sc->field_snapshots) {
                        char suf[32];
                        snprintf(suf, sizeof suf, "_%05d", snap++);
                        write_fields(&s, o->out_dir, suf);
                    }
                    next_out += sc->out_interval;
                }
                double w = wall_seconds() - t_wall0;
                if (!quiet && w - t_print > 0.5) {
                    t_print = w;
                    fprintf(stderr, "\r[cycle %d/%d step %d %s] t = %.4g s  charge %.4f mAh/cm^2  "
                                    "E = %.4f V  %.1f steps/s   ",
                            s.cycle + 1, sc->cycles, s.proto_step + 1, scenario_step_name(st->kind),
                            s.e.t, s.charge_total / 36000.0, s.e.E, s.e.step / w);
                }
            }
            if (rc == 0) write_row(&s, sc);
        }
    if (!quiet) fprintf(stderr, "\n");
    if (write_fields(&s, o->out_dir, "") != 0) rc = rc ? rc : 3;
    fclose(s.metrics);
    if (rc == 130)
        fprintf(stderr, "znpf: interrupted at t = %.6g s (step %ld); metrics and fields so far are in "
                        "%s (restart from a checkpoint is not available yet)\n",
                s.e.t, s.e.step, o->out_dir);
    else if (rc == 0 && !o->quiet)
        printf("znpf: done: %ld steps, t = %.6g s, %.4f mAh/cm^2 net plated, %.1f s wall; outputs in "
               "%s/ (metrics.csv, xi.npy, c.npy, phi.npy)\n",
               s.e.step, s.e.t, s.charge_total / 36000.0, wall_seconds() - t_wall0, o->out_dir);
    free(s.host_col);
    engine_destroy(&s.e);
    return rc;
}
