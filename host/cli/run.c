/* run.c - runs a scenario's protocol on the engine and writes its outputs:
 *   DIR/scenario.yaml  copy of the scenario (what `znpf resume DIR` reads back)
 *   DIR/metrics.csv    one row per output time and at the end of every protocol step
 *   DIR/xi.npy, c.npy, phi.npy   final fields, float64, shape (ny, nx), row j = height (j+1/2) dx
 *   DIR/grain.npy, grains.csv    grain of every cell and each grain's c-axis tilt and family
 *   DIR/fields.txt     grid and units of the .npy files
 *   DIR/fields.vtk     the final fields for ParaView (legacy VTK image, metres)
 *   DIR/checkpoint.znpf (and checkpoint.1.znpf, ...)   the last output.checkpoint_keep ones
 *   DIR/frames/frame_NNNNN.png   with output.frames: one per metrics row (render.c)
 *   DIR/cycles.csv     per protocol cycle: plated, stripped, Coulombic efficiency, dead Zn
 * Output events are kept apart from the integrator: the loop only decides when to stop a
 * step short so that an output time or a protocol ending is met exactly. Everything the loop
 * carries from one step to the next lives in ZnRunPosition, so a checkpoint is a complete
 * description and a resumed run repeats the uninterrupted one bit for bit. */
#include "run.h"

#include "checkpoint.h"
#include "grains.h"
#include "initial.h"
#include "metrics.h"
#include "metrics_columns.h"
#include "nucleation.h"
#include "polycrystal.h"
#include "npy.h"
#include "render.h"
#include "vtk.h"

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
    const ZnScenario *sc;
    const ZnRunOptions *o;
    ZnEngine e;
    ZnRunPosition pos;   /* the loop's state between steps (t, step, E live in e) */
    FILE *metrics;
    double *host_col;
    int iters_conc, iters_pot;
    ZnSite *sites;       /* nucleation sites in order of activation (nucleation.c) */
    int nsites;
} RunState;

static int write_frame(RunState *s);
static int write_cycle(RunState *s);
static int make_sites(RunState *s);

static int write_row(RunState *s)
{
    ZnMetrics m;
    if (s->e.step > 0 && s->e.t == s->pos.last_row_t) return 0;
    s->pos.last_row_t = s->e.t;
    if (metrics_compute(&s->e, s->host_col, &m) != 0) return -1;
    ZnTexture tx;
    if (grains_texture(&s->e, &tx) != 0) {
        fprintf(stderr, "znpf: %s\n", s->e.err);
        return -1;
    }
    if (s->sc->frames) write_frame(s); /* frames follow the metrics rows */
    const ZnProtocolStep *st = &s->sc->steps[s->pos.proto_step < s->sc->nsteps ? s->pos.proto_step : s->sc->nsteps - 1];
    ZnMetricsRow row = {s->e.t, s->pos.last_dt, s->e.step, s->pos.charge_total, s->pos.last_current,
                        s->e.E, m, tx, s->pos.last_iters_conc, s->pos.last_iters_pot, s->pos.cycle + 1,
                        scenario_step_name(st->kind)};
    return metrics_write_row(s->metrics, &row);
}

static double *download_fields(const ZnEngine *e);

/* DIR/frames/frame_NNNNN.png of the current state (output.frames). */
static int write_frame(RunState *s)
{
    char path[4300], why[600];
    snprintf(path, sizeof path, "%s/frames", s->o->out_dir);
    if (make_dir(path) != 0) {
        fprintf(stderr, "znpf: cannot create %s: %s\n", path, strerror(errno));
        return -1;
    }
    double *buf = download_fields(&s->e);
    if (!buf) return -1;
    size_t n = (size_t)s->e.r.nx * s->e.r.ny;
    const ZnProtocolStep *st = &s->sc->steps[s->pos.proto_step < s->sc->nsteps ? s->pos.proto_step : s->sc->nsteps - 1];
    /* the labels are current: write_row measured dead Zn just before */
    long long *lab = (long long *)malloc(n * sizeof(long long));
    if (!lab || s->e.be->download(lab, s->e.lab, n * sizeof(long long)) != 0) {
        free(lab);
        lab = NULL;
    }
    ZnFrameInfo fi = {s->e.hx, s->e.t, s->pos.charge_total / ZN_C_M2_PER_MAH_CM2, scenario_step_name(st->kind),
                      s->sc->frame_scale, s->sc->frame_style, s->sc->title, lab, NULL, NULL, 0};
    int *grain = NULL;
    double *tf = NULL;
    if (s->sc->frame_metal) {
        grain = (int *)malloc(n * sizeof(int));
        tf = (double *)malloc((size_t)s->e.ngrains * sizeof(double));
        if (grain && tf && grains_download(&s->e, grain) == 0) {
            for (int g = 0; g < s->e.ngrains; g++) tf[g] = s->e.grains[g].theta_f;
            fi.grain = grain;
            fi.grain_tf = tf;
            fi.ngrains = s->e.ngrains;
        }
    }
    snprintf(path, sizeof path, "%s/frames/frame_%05d.png", s->o->out_dir, s->pos.frame++);
    int rc = render_frame(path, buf, buf + n, buf + 2 * n, s->e.r.nx, s->e.r.ny, &fi, why, sizeof why);
    if (rc != 0) fprintf(stderr, "znpf: frame: %s\n", why);
    free(buf);
    free(lab);
    free(grain);
    free(tf);
    return rc;
}

static double *download_fields(const ZnEngine *e)
{
    size_t n = (size_t)e->r.nx * e->r.ny * e->r.nz;
    double *buf = (double *)malloc(3 * n * sizeof(double));
    if (buf && engine_download(e, buf, buf + n, buf + 2 * n) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* DIR/grainSUFFIX.npy (grain id of every cell, -1: none, as float64 like the other fields)
 * and DIR/grains.csv (each grain's c-axis tilt, family and activity). */
static int write_grains(RunState *s, const char *suffix)
{
    int nx = s->e.r.nx, ny = s->e.r.ny;
    size_t n = (size_t)nx * ny;
    int *grain = (int *)malloc(n * sizeof(int));
    double *ids = (double *)malloc(n * sizeof(double));
    char path[4200], why[512];
    int rc = -1;
    if (grain && ids && grains_download(&s->e, grain) == 0) {
        for (size_t c = 0; c < n; c++) ids[c] = grain[c];
        snprintf(path, sizeof path, "%s/grain%s.npy", s->o->out_dir, suffix);
        rc = npy_write(path, ids, ny, nx, why, sizeof why);
        if (rc != 0) fprintf(stderr, "znpf: %s\n", why);
    }
    free(grain);
    free(ids);
    if (rc != 0) return -1;
    snprintf(path, sizeof path, "%s/grains.csv", s->o->out_dir);
    FILE *gf = fopen(path, "w");
    if (!gf) {
        fprintf(stderr, "znpf: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    static const char *const fam[3] = {"002", "101", "100"};
    fprintf(gf, "grain,tilt_deg,family,activity\n");
    for (int g = 0; g < s->e.ngrains; g++)
        fprintf(gf, "%d,%.6g,%s,%.6g\n", g, -s->e.grains[g].theta_f * 180.0 / PX_PI,
                fam[phys_tilt_family(-s->e.grains[g].theta_f)], s->e.grains[g].activity);
    return fclose(gf) == 0 ? 0 : -1;
}

static int write_fields(RunState *s, const char *suffix)
{
    int nx = s->e.r.nx, ny = s->e.r.ny;
    size_t n = (size_t)nx * ny;
    double *buf = download_fields(&s->e);
    if (!buf) {
        fprintf(stderr, "znpf: cannot fetch the fields from the %s backend\n", s->e.be->name);
        return -1;
    }
    /* output.fields chooses which of xi, c, phi are written (the checkpoint keeps all three) */
    const double *sel[3];
    const char *sel_names[3];
    int nsel = 0;
    for (int k = 0; k < 3; k++)
        if (s->sc->fields & (1 << k)) {
            sel[nsel] = buf + k * n;
            sel_names[nsel++] = zn_field_names[k];
        }
    char path[4200], why[512];
    int rc = 0;
    for (int k = 0; k < nsel && rc == 0; k++) {
        snprintf(path, sizeof path, "%s/%s%s.npy", s->o->out_dir, sel_names[k], suffix);
        if (npy_write(path, sel[k], ny, nx, why, sizeof why) != 0) {
            fprintf(stderr, "znpf: %s\n", why);
            rc = -1;
        }
    }
    if (rc == 0 && suffix[0] == 0) { /* the final fields also go to ParaView */
        snprintf(path, sizeof path, "%s/fields.vtk", s->o->out_dir);
        if (vtk_write(path, sel, sel_names, nsel, nx, ny, s->e.hx, why, sizeof why) != 0) {
            fprintf(stderr, "znpf: %s\n", why);
            rc = -1;
        }
    }
    free(buf);
    if (rc == 0 && write_grains(s, suffix) != 0) rc = -1;
    snprintf(path, sizeof path, "%s/fields.txt", s->o->out_dir);
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fprintf(f, "# fields written by znpf: float64 .npy arrays of shape (ny, nx) = (%d, %d)\n"
               "# cell (j, i) is centred at x = (i + 1/2) dx, y = (j + 1/2) dx; y = 0 is the "
               "current collector\n"
               "dx_m %.9g\nnx %d\nny %d\n"
               "xi: phase field (1 = Zn metal, 0 = electrolyte)\n"
               "c: salt concentration / c0 (c0 = %.6g mol/m^3)\n"
               "phi: electrolyte potential vs the bulk reference, V\n"
               "grain: crystal of each cell (-1: none), its c-axis tilt in grains.csv\n",
            ny, nx, s->e.hx, nx, ny, s->e.phys.c0);
    return (fclose(f) == 0 && rc == 0) ? 0 : -1;
}

/* Shifts checkpoint.znpf -> checkpoint.1.znpf -> ... (keeping checkpoint_keep in all) and
 * writes the new one. */
static int write_checkpoint(RunState *s)
{
    char path[4200], why[600];
    snprintf(path, sizeof path, "%s/checkpoint.znpf", s->o->out_dir);
    for (int k = s->sc->checkpoint_keep - 1; k >= 1; k--) {
        char from[4200], to[4200];
        if (k == 1) snprintf(from, sizeof from, "%s", path);
        else snprintf(from, sizeof from, "%s/checkpoint.%d.znpf", s->o->out_dir, k - 1);
        snprintf(to, sizeof to, "%s/checkpoint.%d.znpf", s->o->out_dir, k);
        rename(from, to); /* a missing older one is fine */
    }
    double *buf = download_fields(&s->e);
    if (!buf) {
        fprintf(stderr, "znpf: cannot fetch the fields for a checkpoint\n");
        return -1;
    }
    size_t n = (size_t)s->e.r.nx * s->e.r.ny * s->e.r.nz;
    int32_t *grain = (int32_t *)malloc(n * sizeof(int32_t));
    double *gtab = (double *)malloc(3 * (size_t)s->e.ngrains * sizeof(double));
    if (!grain || !gtab || grains_download(&s->e, grain) != 0) {
        fprintf(stderr, "znpf: cannot fetch the grains for a checkpoint\n");
        free(buf);
        free(grain);
        free(gtab);
        return -1;
    }
    for (int g = 0; g < s->e.ngrains; g++) {
        gtab[3 * g] = s->e.grains[g].theta_f;
        gtab[3 * g + 1] = s->e.grains[g].activity;
        gtab[3 * g + 2] = s->e.grains[g].v0;
    }
    fflush(s->metrics);
    s->pos.metrics_bytes = ftell(s->metrics);
    s->pos.step = s->e.step;
    s->pos.t = s->e.t;
    s->pos.E = s->e.E;
    s->pos.ngrains = s->e.ngrains;
    s->pos.charge_debt = s->e.charge_debt;
    int rc = ckpt_write(path, &s->pos, buf, grain, gtab, why, sizeof why);
    if (rc != 0) fprintf(stderr, "znpf: checkpoint: %s\n", why);
    free(buf);
    free(grain);
    free(gtab);
    return rc;
}

static const ZnBackend *pick_backend(int want, char *why, size_t why_len)
{
    if (want == ZN_BACKEND_CPU) return &zn_backend_cpu;
    const ZnBackend *cuda = zn_backend_cuda(why, why_len);
    if (want == ZN_BACKEND_CUDA) return cuda;
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

/* Nuclei whose time has come, before a plating step. A nucleus is metal the current has to
 * deposit: its charge counts as plated at once and, under current control, becomes a debt
 * the following steps settle (engine.c), so the charge passed stays the applied one. With no
 * metal to plate on (a bare collector before its first nucleus) the next site nucleates now. */
static int place_nuclei(RunState *s, const ZnControl *ctl)
{
    ZnRunPosition *p = &s->pos;
    double clock = p->nuc_clock, q = 0.0, y_sub = s->sc->init.thickness;
    if (s->e.sum_xi < 0.5 && p->nuc_next < s->nsites && s->sites[p->nuc_next].t_act > clock)
        clock = s->sites[p->nuc_next].t_act;
    if (nuc_place(&s->e, &s->sc->nuc, s->sites, s->nsites, &p->nuc_next, clock, y_sub, &q) != 0) return -1;
    if (q > 0.0) {
        p->q_step += q;
        p->charge_total += q;
        p->q_plated += q;
        if (ctl->mode == ZN_CTRL_CURRENT) s->e.charge_debt += q;
    }
    return 0;
}

/* The protocol loop from s->pos to the end, an engine failure, or a stop request.
 * Returns 0, 1 (engine), 130 (stopped). */
static int protocol_loop(RunState *s)
{
    const ZnScenario *sc = s->sc;
    ZnRunPosition *p = &s->pos;
    int quiet = s->o->quiet || !isatty(STDERR_FILENO);
    double t_wall0 = wall_seconds(), t_print = 0.0, t_ckpt = t_wall0;
    long steps_here = 0, step0 = s->e.step;
    for (; p->cycle < sc->cycles; p->cycle++, p->proto_step = 0) {
        for (; p->proto_step < sc->nsteps; p->proto_step++) {
            const ZnProtocolStep *st = &sc->steps[p->proto_step];
            ZnControl ctl;
            ctl.mode = st->control;
            ctl.E = st->potential;
            ctl.i = st->kind == ZN_STEP_PLATE ? st->current : st->kind == ZN_STEP_STRIP ? -st->current : 0.0;
            if (isnan(p->t_step0)) {
                p->t_step0 = s->e.t;
                p->q_step = 0.0;
                if (st->kind == ZN_STEP_PLATE && sc->nuc.enabled) {
                    p->nuc_next = 0;
                    p->nuc_clock = 0.0;
                    if (make_sites(s) != 0) return 1;
                }
            }
            double w_step = wall_seconds(), frac0 = -1.0;
            while (!step_done(st, p->q_step, s->e.t - p->t_step0, s->e.E)) {
                if (stop_requested ||
                    (s->o->stop_after_steps > 0 && steps_here >= s->o->stop_after_steps))
                    return 130;
                double h = p->dt;
                if (p->next_out - s->e.t < h) h = p->next_out - s->e.t;
                if (st->time > 0.0 && p->t_step0 + st->time - s->e.t < h) h = p->t_step0 + st->time - s->e.t;
                if (st->capacity > 0.0 && ctl.mode == ZN_CTRL_CURRENT && ctl.i != 0.0) {
                    double left = (st->capacity - fabs(p->q_step)) / fabs(ctl.i);
                    if (left < h) h = left;
                }
                if (h < sc->phys.dt_min) h = sc->phys.dt_min;
                if (st->kind == ZN_STEP_PLATE && s->nsites > 0 && place_nuclei(s, &ctl) != 0) {
                    fprintf(stderr, "\nznpf: %s\n", s->e.err);
                    return 1;
                }
                ZnStepInfo info;
                if (engine_step(&s->e, &ctl, h, &info) != 0) {
                    if (st->kind == ZN_STEP_STRIP && s->e.exhausted) {
                        /* the attached metal is used up: the strip step's natural end (a Zn||Cu
                         * cycle strips to this point) */
                        if (!s->o->quiet)
                            fprintf(stderr, "\rznpf: cycle %d: strip ended at t = %.6g s: no metal "
                                            "connected to the collector is left\n", p->cycle + 1, s->e.t);
                        break;
                    }
                    fprintf(stderr, "\nznpf: %s\n", s->e.err);
                    return 1;
                }
                steps_here++;
                if (st->kind == ZN_STEP_PLATE) p->nuc_clock += info.dt;
                /* the external charge: metal gained plus hydrogen evolved (MODEL 7e) */
                double ext = info.charge - info.her_charge;
                p->q_step += ext;
                p->charge_total += info.charge;
                if (st->kind == ZN_STEP_PLATE) {
                    p->q_plated += ext;
                    p->q_her_plate -= info.her_charge;
                } else {
                    /* galvanic corrosion: the Zn that dissolves to feed the hydrogen */
                    p->q_stripped -= ext;
                    p->q_corroded -= info.her_charge;
                }
                p->last_dt = info.dt;
                p->last_current = info.current;
                p->last_iters_conc = info.conc.iterations;
                p->last_iters_pot = info.pot.iterations;
                p->dt = engine_next_dt(&s->e, p->dt, info.max_rate);
                if (s->e.t >= p->next_out * (1 - 1e-12)) {
                    write_row(s);
                    if (sc->field_snapshots) {
                        char suf[32], ipath[4200];
                        snprintf(suf, sizeof suf, "_%05d", p->snap);
                        write_fields(s, suf);
                        /* what `znpf render` needs to caption the snapshot */
                        snprintf(ipath, sizeof ipath, "%s/snapshots.csv", s->o->out_dir);
                        FILE *fi = fopen(ipath, p->snap == 0 ? "w" : "a");
                        if (fi) {
                            if (p->snap == 0) fprintf(fi, "index,time_s,charge_mAh_cm2,protocol_step\n");
                            fprintf(fi, "%d,%.9g,%.9g,%s\n", p->snap, s->e.t, p->charge_total / ZN_C_M2_PER_MAH_CM2,
                                    scenario_step_name(st->kind));
                            fclose(fi);
                        }
                        p->snap++;
                    }
                    p->next_out += sc->out_interval;
                }
                double now = wall_seconds();
                if ((sc->checkpoint_steps > 0 && s->e.step % sc->checkpoint_steps == 0) ||
                    now - t_ckpt > sc->checkpoint_wall) {
                    write_checkpoint(s);
                    t_ckpt = now;
                }
                if (!quiet && now - t_wall0 - t_print > 0.5) {
                    t_print = now - t_wall0;
                    /* remaining time of this protocol step, from its ending nearest to reach */
                    double frac = 0.0;
                    if (st->capacity > 0.0) frac = fabs(p->q_step) / st->capacity;
                    if (st->time > 0.0 && (s->e.t - p->t_step0) / st->time > frac)
                        frac = (s->e.t - p->t_step0) / st->time;
                    if (frac0 < 0.0) frac0 = frac; /* progress made before this invocation */
                    double left = frac > frac0 ? (now - w_step) * (1.0 - frac) / (frac - frac0) : 0.0;
                    fprintf(stderr, "\r[cycle %d/%d step %d %s %3.0f%%] t = %.4g s  charge %.4f "
                                    "mAh/cm^2  E = %.4f V  %.1f steps/s  step ends in ~%.0f s   ",
                            p->cycle + 1, sc->cycles, p->proto_step + 1, scenario_step_name(st->kind),
                            100.0 * frac, s->e.t, p->charge_total / ZN_C_M2_PER_MAH_CM2, s->e.E,
                            (s->e.step - step0) / t_print, left);
                }
            }
            write_row(s);
            p->t_step0 = NAN; /* the next step starts fresh */
        }
        if (write_cycle(s) != 0) return 3;
        p->q_plated = p->q_stripped = p->q_her_plate = p->q_corroded = 0.0;
    }
    if (!quiet) fprintf(stderr, "\n");
    return 0;
}

/* One row of DIR/cycles.csv at the end of a cycle (docs/model.md, "Accounting"): charge passed
 * in plating, of it Zn plated and hydrogen; Zn stripped (the external anodic charge), Zn
 * corroded (dissolved to feed hydrogen outside plating), dead and attached Zn at the end; the
 * Coulombic efficiency stripped / passed; and the dead Zn's volume, share and islands. */
static int write_cycle(RunState *s)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/cycles.csv", s->o->out_dir);
    FILE *f = fopen(path, s->pos.cycle == 0 ? "w" : "a");
    if (!f) {
        fprintf(stderr, "znpf: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    ZnMetrics m;
    if (metrics_compute(&s->e, s->host_col, &m) != 0) {
        fclose(f);
        return -1;
    }
    const ZnModel *mo = &s->e.m;
    double per_m = mo->n * mo->F * mo->cs; /* C/m^2 per metre of metal */
    const ZnRunPosition *p = &s->pos;
    double zn_plated = p->q_plated - p->q_her_plate;
    double dead = m.dead_metal * per_m, attached = (m.mean_thickness - m.dead_metal) * per_m;
    int ok = 1;
    if (s->pos.cycle == 0)
        ok = fprintf(f, "cycle,plated_mAh_cm2,zn_plated_mAh_cm2,her_mAh_cm2,stripped_mAh_cm2,"
                        "corroded_mAh_cm2,dead_mAh_cm2,attached_mAh_cm2,start_metal_mAh_cm2,"
                        "coulombic_efficiency,dead_zn_um,dead_share_of_plated,dead_islands\n") > 0;
    char ce[32] = "", share[32] = "";
    int strips = 0; /* a cycle without a strip step has no efficiency to report */
    for (int k = 0; k < s->sc->nsteps; k++) strips |= s->sc->steps[k].kind == ZN_STEP_STRIP;
    if (p->q_plated > 0.0) {
        if (strips) snprintf(ce, sizeof ce, "%.6f", p->q_stripped / p->q_plated);
        if (zn_plated > 0.0) snprintf(share, sizeof share, "%.6f", dead / zn_plated);
    }
    const double u = ZN_C_M2_PER_MAH_CM2;
    ok = ok && fprintf(f, "%d,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%s,%.6g,%s,%d\n", p->cycle + 1,
                       p->q_plated / u, zn_plated / u, p->q_her_plate / u, p->q_stripped / u,
                       p->q_corroded / u, dead / u, attached / u, p->q_metal0 / u, ce,
                       m.dead_metal * ZN_UM_PER_M, share, m.dead_islands) > 0;
    s->pos.q_metal0 = dead + attached; /* the next cycle starts with what this one left */
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

/* Grains and nucleation sites of a new run: the polycrystal (if any) drawn into the grain
 * field and spread by epitaxy, every grain's starting metal recorded. */
static int start_texture(RunState *s)
{
    const ZnScenario *sc = s->sc;
    char why[600];
    if (sc->grains.enabled) {
        size_t n = (size_t)sc->phys.grid.nx * sc->phys.grid.ny;
        int *g = (int *)malloc(n * sizeof(int));
        ZnGrain *tab = NULL;
        int ng = 0;
        if (!g) {
            fprintf(stderr, "znpf: out of memory for the grain field\n");
            return 3;
        }
        if (poly_build(&sc->grains, &sc->phys, &sc->init, &tab, &ng, g, why, sizeof why) != 0) {
            fprintf(stderr, "znpf: %s\n", why);
            free(g);
            return 2;
        }
        int rc = grains_set(&s->e, tab, ng, g);
        free(g);
        free(tab);
        if (rc != 0) {
            fprintf(stderr, "znpf: %s\n", s->e.err);
            return 3;
        }
    }
    if (grains_follow(&s->e, 0) != 0 || grains_mark_start(&s->e) != 0) {
        fprintf(stderr, "znpf: %s\n", s->e.err);
        return 3;
    }
    return 0;
}

/* The nucleation sites of the plating step the run stands at. */
static int make_sites(RunState *s)
{
    char why[600];
    free(s->sites);
    s->sites = NULL;
    s->nsites = 0;
    if (!s->sc->nuc.enabled) return 0;
    uint64_t epoch = (uint64_t)s->pos.cycle * (uint64_t)s->sc->nsteps + (uint64_t)s->pos.proto_step;
    if (nuc_sites(&s->sc->nuc, s->sc->phys.grid.nx * s->sc->phys.grid.dx, epoch, &s->sites, &s->nsites,
                  why, sizeof why) != 0) {
        fprintf(stderr, "znpf: %s\n", why);
        return 2;
    }
    return 0;
}

/* Shared by run and resume: engine on the chosen backend, fields in place. */
static int start_engine(RunState *s, const double *fields)
{
    char why[256];
    const ZnBackend *be = pick_backend(s->sc->backend, why, sizeof why);
    if (!be) {
        fprintf(stderr, "znpf: backend cuda requested but %s\n", why);
        return 3;
    }
    if (engine_create(&s->e, be, &s->sc->phys) != 0) {
        fprintf(stderr, "znpf: %s\n", s->e.err);
        return 2;
    }
    size_t n = (size_t)s->sc->phys.grid.nx * s->sc->phys.grid.ny;
    s->host_col = (double *)malloc((size_t)s->sc->phys.grid.nx * sizeof(double));
    if (!s->host_col) {
        fprintf(stderr, "znpf: out of memory\n");
        return 3;
    }
    if (engine_upload(&s->e, fields, fields + n, fields + 2 * n) != 0) {
        fprintf(stderr, "znpf: %s\n", s->e.err);
        return 3;
    }
    return 0;
}

/* The dt-halving study of the texture outputs (tests/test_texture_ordering.c) converges here. */
#define ZN_TEXTURE_RELAX_DT 0.025

static void print_start(RunState *s)
{
    const ZnScenario *sc = s->sc;
    if (s->o->quiet) return;
    printf("znpf: %d x %d cells of %.3g um on %s; L_sigma W = %.3g 1/s (dt <= %.3g s), "
           "%.0f bytes/cell\n",
           s->e.r.nx, s->e.r.ny, s->e.hx * 1e6, s->e.be->name, s->e.m.L_sigma * s->e.m.W,
           engine_dt_relax_bound(&s->e), engine_bytes_per_cell(&s->e));
    if (sc->phys.capillarity == ZN_CAP_CHEN) {
        double vcap = s->e.m.L_sigma * s->e.m.kappa0 / 1e-6;
        printf("znpf: chen capillarity: curvature-driven speed at R = 1 um is %.3g um/s against "
               "%.3g um/s of plating at %.3g mA/cm^2\n", vcap * 1e6,
               phys_front_speed(&sc->phys, sc->phys.i_ref) * 1e6, sc->phys.i_ref / ZN_A_M2_PER_MA_CM2);
    }
    double i_lim = engine_flat_limit(&s->e), i_max = 0.0;
    for (int k = 0; k < sc->nsteps; k++)
        if (sc->steps[k].kind == ZN_STEP_PLATE && sc->steps[k].control == ZN_CTRL_CURRENT)
            i_max = fmax(i_max, sc->steps[k].current);
    if (i_max > i_lim) /* false for NaN */
        fprintf(stderr, "znpf: warning: plating at %.4g mA/cm^2 is above the limiting current of a "
                        "flat deposit in this cell, %.4g mA/cm^2: expect the run to stop when Zn2+ "
                        "runs out at the interface\n", i_max / ZN_A_M2_PER_MA_CM2, i_lim / ZN_A_M2_PER_MA_CM2);
    if ((sc->grains.enabled || sc->nuc.enabled) && sc->phys.relax_dt > ZN_TEXTURE_RELAX_DT)
        fprintf(stderr, "znpf: note: numerics.relax_dt = %g: the facet_* shares and the interface "
                        "length of grains and nuclei are converged only at relax_dt <= %g "
                        "(docs/validation.md, section 3); heights are, to 1.5 %%\n",
                sc->phys.relax_dt, ZN_TEXTURE_RELAX_DT);
    if (sc->phys.transport == ZN_TRANSPORT_CATION) {
        double te = phys_cation_t_eff(&sc->phys);
        if (!(te > 0.0 && te < 1.0))
            fprintf(stderr, "znpf: warning: cation-only transport: migration would carry %.2f of the "
                            "current (t_eff outside (0, 1)): Zn2+ piles up at the cathode while "
                            "plating; the binary model is the consistent choice\n", te);
    }
}

/* Runs the loop, then writes the final rows, fields and checkpoint; returns the exit code. */
static int finish(RunState *s)
{
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    double w0 = wall_seconds();
    long step0 = s->e.step;
    int rc = protocol_loop(s);
    if (write_fields(s, "") != 0 && rc == 0) rc = 3;
    /* after an engine failure the state is not to be trusted: the last good checkpoint stays */
    if (rc != 1 && write_checkpoint(s) != 0 && rc == 0) rc = 3;
    fclose(s->metrics);
    if (rc == 130)
        fprintf(stderr, "znpf: stopped at t = %.6g s (step %ld); checkpoint, metrics and fields are "
                        "in %s; continue with: znpf resume %s\n",
                s->e.t, s->e.step, s->o->out_dir, s->o->out_dir);
    else if (rc == 0 && !s->o->quiet)
        printf("znpf: done: %ld steps, t = %.6g s, %.4f mAh/cm^2 net plated, %.1f s wall (%ld steps); "
               "outputs in %s/ (metrics.csv, xi.npy, c.npy, phi.npy)\n",
               s->e.step, s->e.t, s->pos.charge_total / ZN_C_M2_PER_MAH_CM2, wall_seconds() - w0,
               s->e.step - step0, s->o->out_dir);
    free(s->host_col);
    free(s->sites);
    engine_destroy(&s->e);
    return rc;
}

int run_scenario(const ZnScenario *sc, const char *scenario_path, const ZnRunOptions *o)
{
    char path[4200];
    struct stat stt;
    snprintf(path, sizeof path, "%s/metrics.csv", o->out_dir);
    if (!o->force && stat(path, &stt) == 0) {
        fprintf(stderr, "znpf: %s already holds a run (metrics.csv); use --force to overwrite or "
                        "znpf resume %s to continue it\n", o->out_dir, o->out_dir);
        return 2;
    }
    if (make_dir(o->out_dir) != 0) {
        fprintf(stderr, "znpf: cannot create output folder %s: %s\n", o->out_dir, strerror(errno));
        return 2;
    }
    /* the resolved scenario (defaults, base files and --set folded in) is what resume reads */
    snprintf(path, sizeof path, "%s/scenario.yaml", o->out_dir);
    FILE *sf = fopen(path, "w");
    if (!sf || fprintf(sf, "# resolved from %s\n", scenario_path ? scenario_path : "(memory)") < 0 ||
        scenario_write(sf, sc) != 0 || fclose(sf) != 0) {
        fprintf(stderr, "znpf: cannot write %s: %s\n", path, strerror(errno));
        return 2;
    }
    static RunState s;
    memset(&s, 0, sizeof s);
    s.sc = sc;
    s.o = o;
    size_t n = (size_t)sc->phys.grid.nx * sc->phys.grid.ny;
    double *fields = (double *)calloc(3 * n, sizeof(double));
    if (!fields) {
        fprintf(stderr, "znpf: out of memory\n");
        return 3;
    }
    initial_fill(&sc->init, &sc->phys, fields);
    for (size_t k = 0; k < n; k++) fields[n + k] = sc->phys.c_bulk;
    int rc = start_engine(&s, fields);
    free(fields);
    if (!rc) rc = start_texture(&s);
    if (rc) return rc;
    s.pos.nx = sc->phys.grid.nx;
    s.pos.ny = sc->phys.grid.ny;
    s.pos.nz = 1;
    s.pos.scenario_hash = scenario_hash(sc);
    s.pos.dt = sc->phys.dt_init;
    s.pos.next_out = sc->out_interval > 0 ? sc->out_interval : INFINITY;
    s.pos.t_step0 = NAN;
    /* the metal the first cycle starts with (a foil, seeds), C/m^2 of substrate */
    s.pos.q_metal0 = s.e.sum_xi * s.e.hy * s.e.m.n * s.e.m.F * s.e.m.cs / s.e.r.nx;
    snprintf(path, sizeof path, "%s/metrics.csv", o->out_dir);
    s.metrics = fopen(path, "w");
    if (!s.metrics) {
        fprintf(stderr, "znpf: cannot create %s: %s\n", path, strerror(errno));
        return 2;
    }
    if (metrics_write_header(s.metrics) != 0) {
        fprintf(stderr, "znpf: cannot write %s: %s\n", path, strerror(errno));
        return 3;
    }
    print_start(&s);
    write_row(&s);
    return finish(&s);
}

int run_resume(const ZnRunOptions *o)
{
    char path[4200], why[1024];
    static ZnScenario sc;
    snprintf(path, sizeof path, "%s/scenario.yaml", o->out_dir);
    if (scenario_load(path, &sc, why, sizeof why) != 0) {
        fprintf(stderr, "%s\n", why);
        return 2;
    }
    static RunState s;
    memset(&s, 0, sizeof s);
    s.sc = &sc;
    s.o = o;
    snprintf(path, sizeof path, "%s/checkpoint.znpf", o->out_dir);
    double *fields = NULL, *gtab = NULL;
    int32_t *grain = NULL;
    if (ckpt_read(path, &s.pos, &fields, &grain, &gtab, why, sizeof why) != 0) {
        fprintf(stderr, "znpf: %s\n", why);
        return 2;
    }
    if (s.pos.nx != sc.phys.grid.nx || s.pos.ny != sc.phys.grid.ny || s.pos.nz != 1) {
        fprintf(stderr, "znpf: %s: grid: checkpoint %d x %d, scenario %d x %d\n", path, s.pos.nx,
                s.pos.ny, sc.phys.grid.nx, sc.phys.grid.ny);
        free(fields);
        free(grain);
        free(gtab);
        return 2;
    }
    if (s.pos.scenario_hash != scenario_hash(&sc)) {
        fprintf(stderr, "znpf: %s: scenario hash: the checkpoint belongs to another scenario or "
                        "version (%s/scenario.yaml was changed?)\n", path, o->out_dir);
        free(fields);
        free(grain);
        free(gtab);
        return 2;
    }
    int rc = start_engine(&s, fields);
    free(fields);
    ZnGrain *tab = (ZnGrain *)malloc((size_t)s.pos.ngrains * sizeof(ZnGrain));
    if (!rc && !tab) rc = 3;
    if (!rc) {
        for (int g = 0; g < s.pos.ngrains; g++) {
            tab[g].theta_f = gtab[3 * g];
            tab[g].activity = gtab[3 * g + 1];
            tab[g].v0 = gtab[3 * g + 2];
        }
        if (grains_set(&s.e, tab, s.pos.ngrains, grain) != 0) {
            fprintf(stderr, "znpf: %s: %s\n", path, s.e.err);
            rc = 2;
        }
    }
    free(tab);
    free(grain);
    free(gtab);
    if (!rc) rc = make_sites(&s);
    if (rc) return rc;
    s.e.charge_debt = s.pos.charge_debt;
    s.e.t = s.pos.t;
    s.e.step = (long)s.pos.step;
    s.e.E = s.pos.E;
    /* rows written after the checkpoint are dropped: the resumed run writes them again */
    snprintf(path, sizeof path, "%s/metrics.csv", o->out_dir);
    if (truncate(path, (off_t)s.pos.metrics_bytes) != 0) {
        fprintf(stderr, "znpf: cannot truncate %s: %s\n", path, strerror(errno));
        return 2;
    }
    s.metrics = fopen(path, "a");
    if (!s.metrics) {
        fprintf(stderr, "znpf: cannot open %s: %s\n", path, strerror(errno));
        return 2;
    }
    if (!o->quiet)
        printf("znpf: resuming %s at t = %.6g s, step %lld (cycle %d, protocol step %d)\n", o->out_dir,
               s.pos.t, (long long)s.pos.step, s.pos.cycle + 1, s.pos.proto_step + 1);
    print_start(&s);
    return finish(&s);
}

/* One re-rendered frame from DIR/{xi,c,phi}SUFFIX.npy. */
/* The grain field DIR/grainSUFFIX.npy and the tilts of DIR/grains.csv, for frames coloured by
 * orientation. Returns 0, or 2 with a message. */
static int read_grains(const char *dir, const char *suffix, int nx, int ny, int **grain, double **tf,
                       int *ngrains)
{
    char path[4200], why[600], line[256];
    double *ids = NULL;
    int a, b;
    snprintf(path, sizeof path, "%s/grain%s.npy", dir, suffix);
    if (npy_read(path, &ids, &a, &b, why, sizeof why) != 0) {
        fprintf(stderr, "znpf: %s (runs before grains existed cannot be coloured by orientation)\n", why);
        return 2;
    }
    if (a != ny || b != nx) {
        fprintf(stderr, "znpf: %s: shape (%d, %d) differs from xi's (%d, %d)\n", path, a, b, ny, nx);
        free(ids);
        return 2;
    }
    snprintf(path, sizeof path, "%s/grains.csv", dir);
    FILE *f = fopen(path, "r");
    int n = 0, cap = 0, rc = 0;
    double *t = NULL;
    if (!f) {
        fprintf(stderr, "znpf: cannot open %s\n", path);
        free(ids);
        return 2;
    }
    if (!fgets(line, sizeof line, f)) line[0] = 0; /* header */
    while (rc == 0 && fgets(line, sizeof line, f)) {
        int g;
        double tilt;
        if (sscanf(line, "%d,%lf", &g, &tilt) != 2 || g != n) {
            fprintf(stderr, "znpf: %s: line %d: expected 'grain,tilt_deg,...' with grain %d\n", path, n + 2, n);
            rc = 2;
            break;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            double *nt = (double *)realloc(t, (size_t)cap * sizeof(double));
            if (!nt) {
                rc = 3;
                break;
            }
            t = nt;
        }
        t[n++] = -tilt * PX_PI / 180.0;
    }
    fclose(f);
    int *g = rc == 0 ? (int *)malloc((size_t)nx * ny * sizeof(int)) : NULL;
    for (size_t c = 0; g && c < (size_t)nx * ny; c++) {
        g[c] = (int)ids[c];
        if (g[c] < -1 || g[c] >= n) {
            fprintf(stderr, "znpf: %s/grain%s.npy: cell %zu names grain %d, grains.csv has %d\n", dir, suffix,
                    c, g[c], n);
            rc = 2;
            break;
        }
    }
    free(ids);
    if (rc != 0 || !g) {
        free(g);
        free(t);
        return rc ? rc : 3;
    }
    *grain = g;
    *tf = t;
    *ngrains = n;
    return 0;
}

static int render_saved(const char *dir, const char *suffix, const char *out, double dx, double t,
                        double q, const char *step, int scale, int composite, int orientation)
{
    const char *names[3] = {"xi", "c", "phi"};
    double *f[3] = {NULL, NULL, NULL};
    int nx = 0, ny = 0, rc = 0;
    char path[4200], why[600];
    for (int k = 0; k < 3 && rc == 0; k++) {
        int a, b;
        snprintf(path, sizeof path, "%s/%s%s.npy", dir, names[k], suffix);
        if (k > 0 && access(path, F_OK) != 0) {
            /* not written (output.fields): drawn as the bulk electrolyte, c~ = 1 and phi = 0 */
            f[k] = (double *)malloc((size_t)nx * ny * sizeof(double));
            if (!f[k]) {
                rc = 3;
                break;
            }
            for (size_t c = 0; c < (size_t)nx * ny; c++) f[k][c] = k == 1 ? 1.0 : 0.0;
            continue;
        }
        if (npy_read(path, &f[k], &a, &b, why, sizeof why) != 0) {
            fprintf(stderr, "znpf: %s\n", why);
            rc = 2;
        } else if (k > 0 && (a != ny || b != nx)) {
            fprintf(stderr, "znpf: %s: shape (%d, %d) differs from xi's (%d, %d)\n", path, a, b, ny, nx);
            rc = 2;
        }
        ny = a;
        nx = b;
    }
    ZnFrameInfo fi = {dx, t, q, step, scale, composite, NULL, NULL, NULL, NULL, 0};
    int *grain = NULL;
    double *tf = NULL;
    if (rc == 0 && orientation) {
        rc = read_grains(dir, suffix, nx, ny, &grain, &tf, &fi.ngrains);
        fi.grain = grain;
        fi.grain_tf = tf;
    }
    if (rc == 0 && render_frame(out, f[0], f[1], f[2], nx, ny, &fi, why, sizeof why) != 0) {
        fprintf(stderr, "znpf: %s\n", why);
        rc = 3;
    }
    for (int k = 0; k < 3; k++) free(f[k]);
    free(grain);
    free(tf);
    return rc;
}

int run_render(const char *dir, const char *subdir, int scale, int composite, int orientation)
{
    char path[4200], line[512];
    double dx = 0.0;
    snprintf(path, sizeof path, "%s/fields.txt", dir);
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "dx_m %lf", &dx) == 1) break;
    if (f) fclose(f);
    if (!(dx > 0.0)) {
        fprintf(stderr, "znpf: %s: no grid spacing (is %s a znpf run folder?)\n", path, dir);
        return 2;
    }
    char outdir[4200];
    snprintf(outdir, sizeof outdir, "%s/%s", dir, subdir);
    if (make_dir(outdir) != 0) {
        fprintf(stderr, "znpf: cannot create %s: %s\n", outdir, strerror(errno));
        return 2;
    }
    int frames = 0, rc = 0;
    snprintf(path, sizeof path, "%s/snapshots.csv", dir);
    f = fopen(path, "r");
    if (f) {
        if (!fgets(line, sizeof line, f)) line[0] = 0; /* header */
        while (rc == 0 && fgets(line, sizeof line, f)) {
            int idx;
            double t, q;
            char step[32];
            if (sscanf(line, "%d,%lf,%lf,%31[a-z]", &idx, &t, &q, step) != 4) {
                fprintf(stderr, "znpf: %s: unreadable line '%s'\n", path, line);
                rc = 2;
                break;
            }
            char suf[32], out[4300];
            snprintf(suf, sizeof suf, "_%05d", idx);
            snprintf(out, sizeof out, "%s/frame_%05d.png", outdir, frames++);
            rc = render_saved(dir, suf, out, dx, t, q, step, scale, composite, orientation);
        }
        fclose(f);
    } else {
        /* no snapshots: the final state, captioned from the last metrics row (by column name) */
        double t = 0, q = 0;
        char step[32] = "", header[2048] = "", last[2048] = "", v[64];
        snprintf(path, sizeof path, "%s/metrics.csv", dir);
        f = fopen(path, "r");
        if (f && !fgets(header, sizeof header, f)) header[0] = 0;
        while (f && fgets(line, sizeof line, f)) snprintf(last, sizeof last, "%s", line);
        if (f) fclose(f);
        int ct = metrics_column_index(header, "time_s"), cq = metrics_column_index(header, "charge_mAh_cm2");
        int cs = metrics_column_index(header, "protocol_step");
        if (ct >= 0 && metrics_field(last, ct, v, sizeof v) == 0) t = atof(v);
        if (cq >= 0 && metrics_field(last, cq, v, sizeof v) == 0) q = atof(v);
        if (cs >= 0) metrics_field(last, cs, step, sizeof step);
        char out[4300];
        snprintf(out, sizeof out, "%s/frame_%05d.png", outdir, frames++);
        rc = render_saved(dir, "", out, dx, t, q, step, scale, composite, orientation);
    }
    if (rc == 0) printf("znpf: %d frame%s in %s/\n", frames, frames == 1 ? "" : "s", outdir);
    return rc;
}
