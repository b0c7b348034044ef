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
#include "core_share.h"
#include "run_state.h"
#include "atomic_file.h"

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
#include <omp.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int make_sites(RunState *s);

static volatile sig_atomic_t stop_requested = 0;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

void run_install_signals(void)
{
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
}

static double wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
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
    double t_wall0 = wall_seconds(), t_print = 0.0, t_ckpt = t_wall0, run0 = -1.0;
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
                /* the drive jumps: extrapolating the last step's would cost more than it gains */
                engine_reset_history(&s->e);
                if (st->kind == ZN_STEP_PLATE && sc->nuc.enabled) {
                    p->nuc_next = 0;
                    p->nuc_clock = 0.0;
                    if (make_sites(s) != 0) return 1;
                }
            }
            double w_step = wall_seconds(), frac0 = -1.0;
            /* a potentiostat reads the cell: with a separator, E less the column's drop */
            while (!step_done(st, p->q_step, s->e.t - p->t_step0, s->e.sep.n > 0 ? s->e.cell_E : s->e.E)) {
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
                    return s->e.backend_failed ? 3 : 1;
                }
                steps_here++;
                if (st->kind == ZN_STEP_PLATE) p->nuc_clock += info.dt;
                /* the external charge: metal gained plus hydrogen evolved (MODEL 7e); the
                 * Zn that floating dead bodies lose to their own hydrogen is corrosion */
                double ext = info.charge - info.her_charge - info.her_dead_charge;
                p->q_corroded -= info.her_dead_charge;
                p->q_step += ext;
                p->charge_total += info.charge;
                if (st->kind == ZN_STEP_PLATE) {
                    p->q_plated += ext;
                    p->q_her_plate -= info.her_charge;
                } else {
                    /* galvanic corrosion: the Zn that dissolves to feed the hydrogen */
                    p->q_corroded -= info.her_charge;
                    /* a rest passes no external charge, so its ext is no stripping but a residual:
                     * with attached metal, what the step changes after the controller set E (the
                     * hydrogen's acidity update; the local plating a salt-limited step holds
                     * back); with none (an idle rest), what the phase field's relaxation changes
                     * in metal that no reaction pays (docs/model.md, "Accounting") */
                    if (st->kind == ZN_STEP_REST) p->q_rest_residual -= ext;
                    else p->q_stripped -= ext;
                }
                p->last_dt = info.dt;
                p->last_current = info.current;
                p->last_her = -(info.her_charge + info.her_dead_charge) / info.dt;
                p->last_iters_conc = info.conc.iterations;
                p->last_iters_pot = info.pot.iterations;
                p->redone += info.trials > 0;
                p->dt = engine_next_dt(&s->e, p->dt, info.max_rate);
                if (s->e.t >= p->next_out * (1 - 1e-12)) {
                    run_write_row(s);
                    if (sc->field_snapshots && run_write_snapshot(s, scenario_step_name(st->kind)) != 0)
                        fprintf(stderr, "\nznpf: warning: snapshot %d not written completely\n", p->snap);
                    p->next_out += sc->out_interval;
                }
                if (st->kind == ZN_STEP_PLATE && s->e.depleted) {
                    /* past the transition time of a galvanostat: the step ends here (a cut-off
                     * or hydrogen evolution would have set where; MODEL 8) */
                    if (!s->o->quiet)
                        fprintf(stderr, "\rznpf: cycle %d: plating ended at t = %.6g s: Zn2+ is "
                                        "exhausted at the interface (the step delivered %.3g of "
                                        "%.4g mA/cm^2; E = %.4g V)\n", p->cycle + 1, s->e.t,
                                info.current / ZN_A_M2_PER_MA_CM2, ctl.i / ZN_A_M2_PER_MA_CM2, info.E);
                    break;
                }
                double now = wall_seconds();
                core_share_update(now);
                if ((sc->checkpoint_steps > 0 && s->e.step % sc->checkpoint_steps == 0) ||
                    now - t_ckpt > sc->checkpoint_wall) {
                    run_write_checkpoint(s);
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
                    /* the whole run: protocol steps counted alike (a strip to exhaustion ends
                     * early, so this is an upper estimate) */
                    double nst = (double)sc->cycles * sc->nsteps;
                    double run = ((double)p->cycle * sc->nsteps + p->proto_step + frac) / nst;
                    if (run0 < 0.0) run0 = run;
                    double run_left = run > run0 ? (now - t_wall0) * (1.0 - run) / (run - run0) : 0.0;
                    fprintf(stderr, "\r[cycle %d/%d step %d/%d %s %3.0f%%] t = %.4g s  charge %.4f "
                                    "mAh/cm^2  E = %.4f V  %.1f steps/s  step ends in ~%.0f s, run in "
                                    "~%.0f s   ",
                            p->cycle + 1, sc->cycles, p->proto_step + 1, sc->nsteps,
                            scenario_step_name(st->kind), 100.0 * frac, s->e.t,
                            p->charge_total / ZN_C_M2_PER_MAH_CM2, s->e.E, (s->e.step - step0) / t_print,
                            left, run_left);
                }
            }
            /* past the limiting current the salt caps the Zn a step can deposit, and hydrogen
             * carries only what the step's potential gives it: a galvanostatic plating step can
             * then deliver less than its current without reaching the transition (under half) */
            double span = s->e.t - p->t_step0;
            if (!s->o->quiet && st->kind == ZN_STEP_PLATE && ctl.mode == ZN_CTRL_CURRENT && span > 0.0 &&
                p->q_step / span < 0.99 * ctl.i)
                fprintf(stderr, "\rznpf: note: cycle %d: the plating step delivered %.4g of its %.4g "
                                "mA/cm^2 on average (the salt capped the Zn; docs/model.md, \"Past the "
                                "limiting current\")\n", p->cycle + 1, p->q_step / span / ZN_A_M2_PER_MA_CM2,
                        ctl.i / ZN_A_M2_PER_MA_CM2);
            run_write_row(s);
            p->t_step0 = NAN; /* the next step starts fresh */
        }
        if (run_write_cycle(s) != 0) return 3;
        p->q_plated = p->q_stripped = p->q_her_plate = p->q_corroded = p->q_rest_residual = 0.0;
    }
    if (!quiet) fprintf(stderr, "\n");
    return 0;
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
    /* the CPU backend's threads (OpenMP loops, FFTW plans): --threads, else the scenario's,
     * else every core; runs that share the machine divide it (scripts/compare, scripts/sweep) */
    int threads = s->o->threads > 0 ? s->o->threads : s->sc->threads;
    if (threads > 0) omp_set_num_threads(threads);
    else core_share_start(); /* none set: divide the cores with the other runs (core_share.h) */
    const ZnBackend *be = pick_backend(s->sc->backend, why, sizeof why);
    if (!be) {
        fprintf(stderr, "znpf: backend cuda requested but %s\n", why);
        return 3;
    }
    if (engine_create(&s->e, be, &s->sc->phys) != 0) {
        fprintf(stderr, "znpf: %s (this run needs about %.3g GB on the %s backend)\n", s->e.err,
                engine_estimate_bytes(&s->sc->phys) / 1e9, be->name);
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
#define ZN_TEXTURE_DXI_MAX 0.0125 /* the same for the second-order step, whose dxi_max binds */

static void print_start(RunState *s)
{
    const ZnScenario *sc = s->sc;
    if (s->o->quiet) return;
    printf("znpf: %d x %d cells of %.3g um on %s; L_sigma W = %.3g 1/s (dt <= %.3g s), "
           "%.0f bytes/cell\n",
           s->e.r.nx, s->e.r.ny, s->e.hx * 1e6, s->e.be->name, s->e.m.L_sigma * s->e.m.W,
           engine_dt_relax_bound(&s->e), engine_bytes_per_cell(&s->e));
    if (strcmp(s->e.be->name, "cpu") == 0)
        printf("znpf: %d CPU threads%s\n", omp_get_max_threads(),
               core_share_runs() > 1 ? " (the cores are shared with other znpf runs)" : "");
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
        fprintf(stderr, "znpf: note: plating at %.4g mA/cm^2 is above the limiting current of a "
                        "flat deposit in this cell, %.4g mA/cm^2: past Sand's time the potential "
                        "swings; %s\n", i_max / ZN_A_M2_PER_MA_CM2, i_lim / ZN_A_M2_PER_MA_CM2,
                sc->phys.her ? "hydrogen carries what the salt cannot (steps redone at a lower potential), "
                               "and a plating step ends at its cut-off"
                             : "a plating step ends at its cut-off or where the salt lets it deliver under "
                               "half its current (no hydrogen evolution: her is off)");
    /* the defaults are 2 M ZnSO4's: another concentration without its own values keeps them */
    ZnPhys d;
    phys_defaults(&d);
    if (sc->phys.c0 != d.c0 && sc->phys.nprops == 0 && sc->phys.sigma_l == d.sigma_l && sc->phys.D_l == d.D_l)
        fprintf(stderr, "znpf: note: %s = %.4g M keeps the conductivity (%.3g S/m) and diffusivity "
                        "(%.3g m^2/s) of 2 M ZnSO4: give them, or measured rows in %s (docs/model.md)\n",
                ZN_KEY(phys.c0), sc->phys.c0 / 1000.0, d.sigma_l, d.D_l, ZN_KEY(phys.props));
    int texture = sc->grains.enabled || sc->nuc.enabled, second = sc->phys.time_scheme == ZN_SCHEME_SBDF2;
    if (texture && !second && sc->phys.relax_dt > ZN_TEXTURE_RELAX_DT)
        fprintf(stderr, "znpf: note: %s = %g: the facet_* shares and the interface length of "
                        "grains and nuclei are converged only at %g or less (docs/validation.md, "
                        "section 3); heights are, to 1.5 %%\n",
                ZN_KEY(phys.relax_dt), sc->phys.relax_dt, ZN_TEXTURE_RELAX_DT);
    if (texture && second && sc->phys.dxi_max > ZN_TEXTURE_DXI_MAX)
        fprintf(stderr, "znpf: note: %s = %g: with the second-order step the facet_* shares of "
                        "grains and nuclei are converged only at %g or less (docs/validation.md, "
                        "section 3)\n", ZN_KEY(phys.dxi_max), sc->phys.dxi_max, ZN_TEXTURE_DXI_MAX);
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
    run_install_signals(); /* for callers other than main (the tests) */
    double w0 = wall_seconds();
    long step0 = s->e.step;
    int rc = protocol_loop(s);
    /* after a backend failure nothing on it is to be trusted; after an engine failure the
     * fields are written for a look, but the last good checkpoint stays */
    int trusted = !s->e.backend_failed;
    if (trusted && run_write_fields(s, "") != 0 && rc == 0) rc = 3;
    if (rc != 1 && trusted && run_write_checkpoint(s) != 0 && rc == 0) rc = 3;
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
    core_share_stop();
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
    if (afile_mkdirs(o->out_dir) != 0) {
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
    run_write_row(&s);
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
    double *fields = NULL, *gtab = NULL, *sep = NULL;
    int32_t *grain = NULL;
    if (ckpt_read(path, &s.pos, &fields, &grain, &gtab, &sep, why, sizeof why) != 0) {
        fprintf(stderr, "znpf: %s\n", why);
        return 2;
    }
    if (s.pos.nx != sc.phys.grid.nx || s.pos.ny != sc.phys.grid.ny || s.pos.nz != 1) {
        fprintf(stderr, "znpf: %s: grid: checkpoint %d x %d, scenario %d x %d\n", path, s.pos.nx,
                s.pos.ny, sc.phys.grid.nx, sc.phys.grid.ny);
        free(fields);
        free(grain);
        free(gtab);
        free(sep);
        return 2;
    }
    if (s.pos.scenario_hash != scenario_hash(&sc)) {
        fprintf(stderr, "znpf: %s: scenario hash: the checkpoint belongs to another scenario or "
                        "version (%s/scenario.yaml was changed?)\n", path, o->out_dir);
        free(fields);
        free(grain);
        free(gtab);
        free(sep);
        return 2;
    }
    int rc = start_engine(&s, fields);
    if (!rc && engine_separator_set(&s.e, sep, s.pos.nsep) != 0) {
        fprintf(stderr, "znpf: %s: %s\n", path, s.e.err);
        rc = 2;
    }
    free(sep);
    if (!rc && s.pos.nfields != engine_nstate(&s.e)) {
        fprintf(stderr, "znpf: %s: fields: the checkpoint has %d arrays, this scenario needs %d\n", path,
                s.pos.nfields, engine_nstate(&s.e));
        rc = 2;
    }
    if (!rc && engine_state_upload(&s.e, fields) != 0) {
        fprintf(stderr, "znpf: %s\n", s.e.err);
        rc = 3;
    }
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
    s.e.charge_carry = s.pos.charge_carry;
    s.e.t = s.pos.t;
    s.e.step = (long)s.pos.step;
    s.e.E = s.pos.E;
    s.e.cell_E = s.pos.cell_E;
    s.e.dt_prev = s.pos.pf_dt_prev; /* after engine_state_upload, which cleared it */
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

