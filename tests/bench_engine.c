/* bench_engine.c - `make bench`: time per step and cell updates per second of each part of
 * the step (phase field incl. FFTs, concentration solve, potential solve) at three grid
 * sizes, on every backend present; then the MODEL.md 6 bar run (512^2, 1 mAh/cm^2 at
 * 10 mA/cm^2) when ZNPF_BENCH_FULL=1. Timings are wall-clock medians over the steps. */
#include "engine.h"
#include "deadzn.h"
#include "grains.h"
#include "initial.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void setup(ZnPhys *p, ZnInitial *in, int n)
{
    phys_defaults(p);
    p->grid.nx = p->grid.ny = n;
    p->grid.dx = 0.1e-6;
    memset(in, 0, sizeof *in);
    in->thickness = 0.2 * n * p->grid.dx;
    in->nbumps = 4;
    for (int b = 0; b < 4; b++)
        in->bumps[b] = (ZnBump){(b + 0.5) * n * p->grid.dx / 4, 0.05 * n * p->grid.dx, 0.5e-6};
}

/* The set-up on n^2 cells, deposit in place; prints the reason and returns -1 if refused. */
static int bumpy_engine(const ZnBackend *be, int n, ZnPhys *p, ZnEngine *e)
{
    ZnInitial in;
    setup(p, &in, n);
    if (engine_create(e, be, p) != 0) {
        printf("%-5s %5d^2: %s\n", be->name, n, e->err);
        return -1;
    }
    initial_apply(e, &in);
    return 0;
}

static int bench_size(const ZnBackend *be, int n, int steps)
{
    ZnPhys p;
    ZnEngine e;
    if (bumpy_engine(be, n, &p, &e) != 0) return -1;
    e.profile = 1;
    ZnControl ctl = {ZN_CTRL_CURRENT, 100.0, 0.0};
    double *t[4];
    for (int k = 0; k < 4; k++) t[k] = malloc((size_t)steps * sizeof(double));
    int itc = 0, itp = 0;
    double dt = 0.05;
    for (int s = 0; s < steps; s++) {
        ZnStepInfo info;
        double w = now();
        if (engine_step(&e, &ctl, dt, &info) != 0) {
            printf("%s\n", e.err);
            return -1;
        }
        t[0][s] = now() - w;
        t[1][s] = info.wall_pf;
        t[2][s] = info.wall_conc;
        t[3][s] = info.wall_pot;
        itc = info.conc.iterations;
        itp = info.pot.iterations;
    }
    for (int k = 0; k < 4; k++) qsort(t[k], (size_t)steps, sizeof(double), cmp);
    ZnDeadZn dz;
    double wl = now();
    deadzn_measure(&e, &dz);
    e.be->sync();
    wl = now() - wl;
    double wg = now();
    grains_follow(&e, 1); /* one epitaxy pass; each step runs two */
    e.be->sync();
    wg = now() - wg;
    double cells = (double)n * n;
    printf("%-5s %5d^2 | step %8.2f ms | phase field %7.2f ms %8.1f Mcell/s | conc %7.2f ms "
           "(%2d it) %7.1f Mcell/s | pot %7.2f ms (%2d it) %7.1f Mcell/s | labels %6.2f ms (%d steps) "
           "| epitaxy pass %5.2f ms | %3.0f B/cell\n",
           be->name, n, t[0][steps / 2] * 1e3, t[1][steps / 2] * 1e3, cells / t[1][steps / 2] / 1e6,
           t[2][steps / 2] * 1e3, itc, cells / t[2][steps / 2] / 1e6, t[3][steps / 2] * 1e3, itp,
           cells / t[3][steps / 2] / 1e6, wl * 1e3, dz.iterations, wg * 1e3, engine_bytes_per_cell(&e));
    for (int k = 0; k < 4; k++) free(t[k]);
    engine_destroy(&e);
    return 0;
}

/* Seconds per call of fn over reps calls, the device drained before and after. */
static double time_kernel(const ZnBackend *be, void (*fn)(const ZnBackend *, void *), void *ctx,
                          int reps)
{
    fn(be, ctx);
    be->sync();
    double w = now();
    for (int k = 0; k < reps; k++) fn(be, ctx);
    be->sync();
    return (now() - w) / reps;
}

typedef struct BwCtx {
    PxRange r;
    MgOpArgs op;
    VecArgs v;
    double *src, *dst;
    size_t bytes;
} BwCtx;

static void run_copy(const ZnBackend *be, void *c)
{
    BwCtx *b = (BwCtx *)c;
    be->copy(b->dst, b->src, b->bytes);
}
static void run_residual(const ZnBackend *be, void *c)
{
    BwCtx *b = (BwCtx *)c;
    be->k->mg_residual(b->r, b->op);
}
static void run_smooth(const ZnBackend *be, void *c)
{
    BwCtx *b = (BwCtx *)c;
    MgOpArgs a = b->op;
    a.out = (double *)a.u;
    a.color = 0;
    be->k->mg_smooth(b->r, a);
    a.color = 1;
    be->k->mg_smooth(b->r, a);
}
static void run_axpby(const ZnBackend *be, void *c)
{
    BwCtx *b = (BwCtx *)c;
    be->k->vec_axpby(b->r, b->v);
}

/* MODEL.md 6 asks the stencil kernels for 60 % of the device's copy bandwidth. The bytes
 * counted are the fewest each kernel must move (every array read or written once), so the
 * percentages are lower bounds on how well the caches serve the neighbours. */
static void bench_bandwidth(const ZnBackend *be, int n)
{
    ZnPhys p;
    ZnEngine e;
    if (bumpy_engine(be, n, &p, &e) != 0) return;
    ZnControl ctl = {ZN_CTRL_CURRENT, 100.0, 0.0};
    ZnStepInfo info;
    engine_step(&e, &ctl, 0.05, &info); /* real coefficients in the solver's level 0 */
    const MgLevel *L = &e.mg.lev[0];
    BwCtx b;
    memset(&b, 0, sizeof b);
    b.r = L->r;
    double cells = (double)L->r.nx * L->r.ny * L->r.nz;
    b.op.a = L->a;
    b.op.bx = L->bx;
    b.op.by = L->by;
    b.op.ihx2 = 1.0 / (L->hx * L->hx);
    b.op.ihy2 = 1.0 / (L->hy * L->hy);
    b.op.u = e.phi;
    b.op.f = L->f;
    b.op.out = e.mg.Ap; /* scratch between steps */
    b.v.y = e.mg.Ap;
    b.v.x = L->f;
    b.v.alpha = 0.5;
    b.v.beta = 0.25;
    b.bytes = (size_t)256 << 20;
    b.src = (double *)be->alloc(b.bytes);
    b.dst = (double *)be->alloc(b.bytes);
    if (!b.src || !b.dst) {
        printf("%-5s bandwidth: no memory for the copy buffers\n", be->name);
        return;
    }
    double tc = time_kernel(be, run_copy, &b, 20), copy_bw = 2.0 * b.bytes / tc;
    double tr = time_kernel(be, run_residual, &b, 50), ts = time_kernel(be, run_smooth, &b, 50);
    double ta = time_kernel(be, run_axpby, &b, 50);
    double bw_r = 48.0 * cells / tr, bw_s = 48.0 * cells / ts, bw_a = 24.0 * cells / ta;
    printf("%-5s %5d^2 | copy %.0f GB/s (read + write) | mg_residual %.3f ms %.0f GB/s %.0f %% | "
           "red-black sweep pair %.3f ms %.0f GB/s %.0f %% | axpby %.3f ms %.0f GB/s %.0f %%\n",
           be->name, n, copy_bw / 1e9, tr * 1e3, bw_r / 1e9, 100 * bw_r / copy_bw, ts * 1e3,
           bw_s / 1e9, 100 * bw_s / copy_bw, ta * 1e3, bw_a / 1e9, 100 * bw_a / copy_bw);
    be->release(b.src);
    be->release(b.dst);
    engine_destroy(&e);
}

/* The performance bar of MODEL.md 6: plate 1 mAh/cm^2 at 10 mA/cm^2 on n^2 cells, with the
 * given phase-field time scheme and relax_dt (docs/numerics.md, "Time stepping"). */
static void bench_full(const ZnBackend *be, int n, int scheme)
{
    ZnPhys p;
    ZnEngine e;
    ZnInitial in;
    setup(&p, &in, n);
    p.time_scheme = scheme;
    p.relax_dt = p.dxi_max = 0.0; /* the scheme's defaults, as a scenario gets them */
    /* ZNPF_BENCH_COUPLING=explicit|linearized: that potential coupling instead of the default */
    const char *cp = getenv("ZNPF_BENCH_COUPLING");
    if (cp && strcmp(cp, "explicit") == 0) p.pot_coupling = ZN_COUPLING_EXPLICIT;
    if (cp && strcmp(cp, "linearized") == 0) p.pot_coupling = ZN_COUPLING_LINEARIZED;
    /* ZNPF_BENCH_CHANGE_TOL=x: numerics.solver_change_tol x (0: solver_tol alone, the old rule) */
    const char *ct = getenv("ZNPF_BENCH_CHANGE_TOL");
    if (ct) p.solver_change_tol = atof(ct);
    phys_step_bounds(&p);
    if (engine_create(&e, be, &p) != 0) {
        printf("%-5s %5d^2: %s\n", be->name, n, e.err);
        return;
    }
    initial_apply(&e, &in);
    ZnControl ctl = {ZN_CTRL_CURRENT, 100.0, 0.0};
    double dt = p.dt_init, w = now(), t_end = 360.0;
    long pot_it = 0, conc_it = 0;
    while (e.t < t_end * (1 - 1e-12)) {
        ZnStepInfo info;
        double h = dt < t_end - e.t ? dt : t_end - e.t;
        if (engine_step(&e, &ctl, h, &info) != 0) {
            printf("%s\n", e.err);
            break;
        }
        pot_it += info.pot.iterations;
        conc_it += info.conc.iterations;
        dt = engine_next_dt(&e, dt, info.max_rate);
    }
    double wall = now() - w, q = 10.0 * e.t / 3600.0; /* mAh/cm^2 at 10 mA/cm^2 */
    printf("%-5s %5d^2 | %s, %s coupling, relax_dt %g, dxi_max %g, solver_change_tol %g | 1 mAh/cm^2 at 10 mA/cm^2: %ld steps, %.1f s wall, "
           "%.1f s per mAh/cm^2, %.3g cell updates/s, CG iterations per step %.1f (c~) %.1f (phi), "
           "final E %.6f V\n", be->name, n,
           scheme == ZN_SCHEME_SBDF2 ? "sbdf2" : "euler",
           p.pot_coupling == ZN_COUPLING_LINEARIZED ? "linearized" : "explicit", p.relax_dt, p.dxi_max,
           p.solver_change_tol, e.step, wall,
           q > 0.0 ? wall / q : 0.0, (double)n * n * e.step / wall, (double)conc_it / e.step,
           (double)pot_it / e.step, e.E);
    engine_destroy(&e);
}

int main(void)
{
    char why[256];
    const ZnBackend *bes[2] = {&zn_backend_cpu, zn_backend_cuda(why, sizeof why)};
    printf("znpf bench: CUDA %s\n", why);
    /* ZNPF_BENCH_ONLY=cpu|cuda times one backend (gpu-check spends its lease on the device). */
    const char *only = getenv("ZNPF_BENCH_ONLY");
    for (int b = 0; b < 2; b++) {
        if (!bes[b] || (only && *only && strcmp(only, bes[b]->name) != 0)) continue;
        int big = b == 1 ? 2048 : 512;
        int sizes[3] = {big / 4, big / 2, big};
        for (int k = 0; k < 3; k++) bench_size(bes[b], sizes[k], b == 1 ? 30 : 10);
        bench_bandwidth(bes[b], big);
        const char *full = getenv("ZNPF_BENCH_FULL");
        /* ZNPF_BENCH_FULL=1: the first-order step at its defaults (relax_dt 0.05: 2.7 % rate
         * error under potential control), then the second-order one at its own (relax_dt 0.2:
         * 0.8 %; tests/test_kinetics.c); =sbdf2 or =euler: that one only */
        if (full && (strcmp(full, "1") == 0 || strcmp(full, "euler") == 0))
            bench_full(bes[b], big, ZN_SCHEME_EULER);
        if (full && (strcmp(full, "1") == 0 || strcmp(full, "sbdf2") == 0))
            bench_full(bes[b], big, ZN_SCHEME_SBDF2);
    }
    return 0;
}
