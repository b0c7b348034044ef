/* engine.c - one time step of the coupled model, orchestrated on the host over a backend.
 *
 * Order within a step (lagged coupling, docs/numerics.md):
 *   1. E: given (potential control) or solved so that the metal gained in the step equals the
 *      applied charge exactly (current control, MODEL.md 3).
 *   2. xi^{n+1} by the semi-implicit Fourier step with phi^n, c^n; rate = (xi^{n+1} - xi^n)/dt.
 *   3. c~^{n+1}: backward Euler with the sink -(1 - t+)(cs/c0) rate. Salt is conserved to the
 *      solver tolerance because the sink is the actual change of xi.
 *   4. phi^{n+1}: quasi-static charge balance with the source n F cs rate.
 * The host never touches the fields: everything goes through the backend table.
 */
#include "engine.h"
#include "far_field.h"
#include "salt_step.h"
#include "step_balance.h"
#include "deadzn.h"
#include "grains.h"
#include "mixed_potential.h"
#include "potential_solve.h"
#include "units.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define ZN_ERR(e, ...) snprintf((e)->err, sizeof (e)->err, __VA_ARGS__)

/* Cell size of the separator column: 1 um, our choice (its salt profiles vary over tens of um). */
#define ZN_SEP_CELL 1.0e-6

static size_t ncells(const ZnEngine *e) { return (size_t)e->r.nx * e->r.ny * e->r.nz; }

static double *dev_alloc(ZnEngine *e, size_t n, const char *what)
{
    double *p = (double *)e->be->alloc(n * sizeof(double));
    if (!p) ZN_ERR(e, "allocating %s on %s: %s", what, e->be->name, e->be->last_error());
    return p;
}

DiagArgs engine_diag_args(const ZnEngine *e, const double *field)
{
    DiagArgs d = {.xi = field, .c = e->c, .rate = e->rate, .phi = e->phi, .col = e->col,
                  .hx = e->hx, .hy = e->hy, .ny = e->r.ny};
    return d;
}

/* Sets every cell of a device field to v (chunked uploads: no kernel needed at start-up). */
static int fill_field(ZnEngine *e, double *field, double v)
{
    enum { CHUNK = 4096 };
    double row[CHUNK];
    for (int i = 0; i < CHUNK; i++) row[i] = v;
    size_t n = ncells(e);
    for (size_t off = 0; off < n; off += CHUNK) {
        size_t m = n - off < CHUNK ? n - off : CHUNK;
        if (e->be->upload(field + off, row, m * sizeof(double)) != 0) {
            ZN_ERR(e, "initialising a field: %s", e->be->last_error());
            return -1;
        }
    }
    return 0;
}

/* The 5-point Laplacian's Fourier symbol of the phase field's extended (nx by 2ny) grid, in
 * each direction: 4 sin^2(pi p/nx)/hx^2 for p <= nx/2, then 4 sin^2(pi q/(2ny))/hy^2. */
static int upload_symbol(ZnEngine *e)
{
    int nx = e->r.nx, ny2 = 2 * e->r.ny, m = nx / 2 + 1 + ny2;
    double *lam = (double *)malloc((size_t)m * sizeof(double));
    if (!lam) {
        ZN_ERR(e, "no memory for the Laplacian's symbol");
        return -1;
    }
    for (int p = 0; p <= nx / 2; p++) {
        double s = sin(PX_PI * (double)p / (double)nx);
        lam[p] = 4.0 * s * s / (e->hx * e->hx);
    }
    for (int q = 0; q < ny2; q++) {
        double s = sin(PX_PI * (double)q / (double)ny2);
        lam[nx / 2 + 1 + q] = 4.0 * s * s / (e->hy * e->hy);
    }
    int rc = e->be->upload(e->lam, lam, (size_t)m * sizeof(double));
    free(lam);
    if (rc != 0) ZN_ERR(e, "uploading the Laplacian's symbol: %s", e->be->last_error());
    return rc;
}

int engine_create(ZnEngine *e, const ZnBackend *be, const ZnPhys *p)
{
    memset(e, 0, sizeof *e);
    e->be = be;
    e->phys = *p;
    if (phys_validate(p, e->err, sizeof e->err) != 0) return -1;
    e->m = phys_model(p);
    e->r.nx = p->grid.nx;
    e->r.ny = p->grid.ny;
    e->r.nz = 1;
    e->hx = e->hy = p->grid.dx;
    size_t n = ncells(e);
    size_t nspec = (size_t)(e->r.nx / 2 + 1) * 2 * e->r.ny * 2;
    if (!(e->xi = dev_alloc(e, n, "xi")) || !(e->c = dev_alloc(e, n, "c")) ||
        !(e->phi = dev_alloc(e, n, "phi")) || !(e->rate = dev_alloc(e, n, "rate")) ||
        !(e->ext = dev_alloc(e, 2 * n, "the FFT field")) ||
        !(e->spec = dev_alloc(e, nspec, "the FFT spectrum")) ||
        !(e->col = dev_alloc(e, (size_t)e->r.nx, "column sums")) ||
        !(e->lam = dev_alloc(e, (size_t)(e->r.nx / 2 + 1 + 2 * e->r.ny), "the Laplacian's symbol")) ||
        !(e->lab = (long long *)dev_alloc(e, n, "body labels")) ||
        !(e->lab2 = (long long *)dev_alloc(e, n, "body labels")) ||
        !(e->act = dev_alloc(e, n, "dead-Zn halo")) || !(e->act2 = dev_alloc(e, n, "dead-Zn halo")) ||
        !(e->float_E = dev_alloc(e, 2 * ZN_MAX_FLOATING, "floating potentials"))) {
        engine_destroy(e);
        return -1;
    }
    if (e->m.her && !(e->her_q = dev_alloc(e, n, "the HER source"))) {
        engine_destroy(e);
        return -1;
    }
    if (e->m.her_acidity && (!(e->acid = dev_alloc(e, n, "the acidity")) ||
                             !(e->acid_old = dev_alloc(e, n, "the acidity")) ||
                             fill_field(e, e->acid, e->m.her_T_b) != 0)) {
        engine_destroy(e);
        return -1;
    }
    if (e->m.her_zhs && !(e->zhs = dev_alloc(e, n, "the ZHS fraction"))) {
        engine_destroy(e);
        return -1;
    }
    if (p->time_scheme == ZN_SCHEME_SBDF2) {
        if (!(e->hist = dev_alloc(e, n, "the phase field's history"))) {
            engine_destroy(e);
            return -1;
        }
        e->rate_state = e->rate;
    }
    if (grains_create(e) != 0) {
        engine_destroy(e);
        return -1;
    }
    e->fft = be->fft_create(e->r.nx, 2 * e->r.ny);
    if (!e->fft) {
        ZN_ERR(e, "planning the %d x %d FFT: %s", e->r.nx, 2 * e->r.ny, be->last_error());
        engine_destroy(e);
        return -1;
    }
    if (mg_create(&e->mg, be, e->r, e->hx, e->hy, p->solver_tol) != 0) {
        ZN_ERR(e, "multigrid: %s", e->mg.why[0] ? e->mg.why : be->last_error());
        engine_destroy(e);
        return -1;
    }
    e->mg.change_tol = p->solver_change_tol;
    if (upload_symbol(e) != 0) {
        engine_destroy(e);
        return -1;
    }
    if (fill_field(e, e->c, p->c_bulk) != 0) { /* c~ starts at the reservoir value */
        engine_destroy(e);
        return -1;
    }
    if (p->sep_L > 0.0 &&
        sep_create(&e->sep, p->sep_L, ZN_SEP_CELL, e->m.D_l, p->c_bulk, e->err, sizeof e->err) != 0) {
        engine_destroy(e);
        return -1;
    }
    if (p->sep_L > 0.0 && e->acid &&
        sep_create(&e->sep_T, p->sep_L, ZN_SEP_CELL, e->m.her_D_T, e->m.her_T_b, e->err, sizeof e->err) != 0) {
        engine_destroy(e);
        return -1;
    }
    if (balance_create(e) != 0) {
        engine_destroy(e);
        return -1;
    }
    e->sum_xi = 0.0;
    return 0;
}

void engine_destroy(ZnEngine *e)
{
    if (!e->be) return;
    mg_destroy(&e->mg);
    if (e->fft) e->be->fft_destroy(e->fft);
    e->be->release(e->xi);
    e->be->release(e->c);
    e->be->release(e->phi);
    e->be->release(e->rate);
    e->be->release(e->ext);
    e->be->release(e->spec);
    e->be->release(e->col);
    e->be->release(e->lam);
    e->be->release(e->lab);
    e->be->release(e->lab2);
    e->be->release(e->act);
    e->be->release(e->act2);
    e->be->release(e->float_E);
    if (e->her_q) e->be->release(e->her_q);
    if (e->acid) e->be->release(e->acid);
    if (e->acid_old) e->be->release(e->acid_old);
    if (e->zhs) e->be->release(e->zhs);
    if (e->hist) e->be->release(e->hist);
    balance_destroy(e);
    grains_destroy(e);
    sep_destroy(&e->sep);
    sep_destroy(&e->sep_T);
    e->be = NULL;
}

int engine_upload(ZnEngine *e, const double *xi, const double *c, const double *phi)
{
    size_t b = ncells(e) * sizeof(double);
    if ((xi && e->be->upload(e->xi, xi, b)) || (c && e->be->upload(e->c, c, b)) ||
        (phi && e->be->upload(e->phi, phi, b))) {
        ZN_ERR(e, "uploading fields: %s", e->be->last_error());
        return -1;
    }
    e->sum_xi = e->be->k->diag_sum_xi(e->r, engine_diag_args(e, e->xi));
    engine_reset_history(e);
    return 0;
}

void engine_reset_history(ZnEngine *e) { e->dt_prev = 0.0; }

int engine_download(const ZnEngine *e, double *xi, double *c, double *phi)
{
    size_t b = ncells(e) * sizeof(double);
    if ((xi && e->be->download(xi, e->xi, b)) || (c && e->be->download(c, e->c, b)) ||
        (phi && e->be->download(phi, e->phi, b)))
        return -1;
    return 0;
}

/* The second-order step's ratio w = dt/dt_prev, or 0 (the Euler step): without a previous
 * step, and after a step much shorter than this one (one clipped to an output time): variable-
 * step SBDF2 is zero-stable only for w < 1 + sqrt(2). An Euler step at each output costs a
 * local O(dt^2), a number of them fixed by the output interval: the global order stays 2. */
#define ZN_BDF_W_MAX 2.0

static double bdf_ratio(const ZnEngine *e, double dt)
{
    if (!e->hist || !(e->dt_prev > 0.0)) return 0.0;
    double w = dt / e->dt_prev;
    return w <= ZN_BDF_W_MAX ? w : 0.0;
}

static PfArgs pf_args(const ZnEngine *e, double dt, double stab, double E)
{
    double w = bdf_ratio(e, dt);
    PfArgs a = {.m = e->m, .xi = e->xi, .c = e->c, .phi = e->phi, .hx = e->hx, .hy = e->hy,
                .E = E, .inv_dt = 1.0 / dt, .stab = stab, .w = w, .hist = e->hist,
                .rate_prev = e->rate, .ext = e->ext, .dead = e->act,
                .float_E = e->float_E, .nfloat = e->nfloat, .select = 0.0, .zhs = e->zhs, .grain = e->grain,
                .grain_tf = e->gtab, .grain_act = e->gtab + e->gcap,
                .grain_cos = e->gtab + 2 * (size_t)e->gcap, .grain_sin = e->gtab + 3 * (size_t)e->gcap};
    /* chen: the largest gradient coefficient is implicit, the anisotropic rest explicit and
     * never larger (stable); profile mode: kappa0 implicit, tangential part explicit */
    double kimp = e->m.kappa0;
    if (e->m.capillarity == ZN_CAP_CHEN) {
        double s = 1.0 + fabs(e->m.d2) + fabs(e->m.d6);
        kimp *= s * s;
    }
    a.L_kimp = e->m.L_sigma * kimp;
    a.lead = w == 0.0 ? a.inv_dt : (1.0 + 2.0 * w) / ((1.0 + w) * dt);
    return a;
}

/* What multiplies a body's metal change in its k = 0 balance: 1/dt + S for the Euler step,
 * (lead + S)/(1 + w) for the second-order one (phasefield.c). */
static double balance_coefficient(const PfArgs *a) { return (a->lead + a->stab) / (1.0 + a->w); }

static double stabilisation(const ZnEngine *e, double dt)
{
    /* explicit double well is stable when 1/dt + S > L_sigma W (bulk g'' = 2W); the explicit
     * wall energy of a wetting collector adds up to 6 L_sigma |gamma cos| / hy in its cells */
    double stab = 1.2 * e->m.L_sigma * (e->m.W + 3.0 * fabs(e->m.wet_gcos) / e->hy) - 1.0 / dt;
    return stab < 0.0 ? 0.0 : stab;
}

PfArgs engine_pf_args(const ZnEngine *e, double dt, double E)
{
    return pf_args(e, dt, stabilisation(e, dt), E);
}

static HerArgs her_args(const ZnEngine *e, double E)
{
    /* acid is NULL unless the acidity is transported: then h = h_b */
    HerArgs h = {.m = e->m, .xi = e->xi, .phi = e->phi, .dead = e->act, .acid = e->acid, .zhs = e->zhs,
                 .acid_old = e->acid_old, .c = e->c, .E = E, .float_E = e->float_E,
                 .nfloat = e->nfloat, .select = 0.0, .hx = e->hx, .hy = e->hy, .q = e->her_q};
    return h;
}

double engine_dt_relax_bound(const ZnEngine *e)
{
    return e->phys.relax_dt / (e->m.L_sigma * e->m.W);
}

double engine_next_dt(const ZnEngine *e, double dt, double max_rate)
{
    const ZnPhys *p = &e->phys;
    double next = dt * 1.25; /* grow gently: the front speed changes smoothly */
    if (max_rate > 0.0 && p->dxi_max / max_rate < next) next = p->dxi_max / max_rate;
    double rb = engine_dt_relax_bound(e);
    if (rb < next) next = rb;
    /* explicit migration (cation model): half its stability limit 2 / max D (n f |grad phi|)^2 */
    if (e->drift_rate > 0.0 && 1.0 / e->drift_rate < next) next = 1.0 / e->drift_rate;
    if (next > p->dt_max) next = p->dt_max;
    if (next < p->dt_min) next = p->dt_min;
    return next;
}

/* The front moves a fraction of a cell per step: two passes keep the grains ahead of it. */
#define ZN_GRAIN_PASSES 2

/* A plating step past the limiting current with hydrogen on is redone at a lower potential
 * until Zn and hydrogen carry the current to this share of it (step_balance.c); at most so many
 * trials (about 4 redone trials a step were measured, docs/model.md). */
#define ZN_BALANCE_TOL 1.0e-5
#define ZN_BALANCE_TRIALS 30

/* Wall clock for the profile, after the device has finished what was queued. */
static double part_clock(const ZnEngine *e)
{
    if (!e->profile) return 0.0;
    e->be->sync();
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* max |xi - 1/2| beyond which a step is taken to have gone unstable: xi outside [-0.5, 1.5] */
#define ZN_XI_EXCURSION_MAX 1.0

static int check_finite(ZnEngine *e)
{
    const struct { const char *name; const double *f; } fields[] = {
        {"xi", e->xi}, {"c", e->c}, {"phi", e->phi}};
    /* xi's range first: a NaN or Inf in xi makes it non-finite too, so xi needs no pass of its
     * own for them (the count is taken only then) */
    double excursion = e->be->k->diag_xi_excursion(e->r, engine_diag_args(e, e->xi));
    for (int k = 0; k < 3; k++) {
        if (k == 0 && excursion - excursion == 0.0) continue;
        double bad = e->be->k->diag_nonfinite(e->r, engine_diag_args(e, fields[k].f));
        if (bad > 0.0) {
            /* called after the step counter moved on: e->step is the step just taken */
            ZN_ERR(e, "NaN or Inf in field %s at step %ld (t = %.6g s): %.0f cells", fields[k].name,
                   e->step, e->t, bad);
            return -1;
        }
    }
    /* A stable step keeps xi within a small overshoot of [0, 1]; an unstable one leaves it long
     * before anything turns into Inf (a blown-up strip ran on for steps with finite numbers of
     * 1e31 and wrote them as results). Half a unit outside is far from any stable overshoot. */
    if (!(excursion <= ZN_XI_EXCURSION_MAX)) {
        ZN_ERR(e, "the phase field left its range at step %ld (t = %.6g s): max |xi - 0.5| = %.4g, "
                  "xi outside [%.2g, %.2g]; the step is unstable there (%sa smaller relax_dt or "
                  "dxi_max, or the euler time scheme)",
               e->step, e->t, excursion, 0.5 - ZN_XI_EXCURSION_MAX, 0.5 + ZN_XI_EXCURSION_MAX,
               phys_linearized_coupling(&e->phys) ? "" : "the linearized potential coupling, ");
        return -1;
    }
    return 0;
}

/* Electrolyte height above a flat deposit of the present mean thickness, m. */
static double flat_gap(const ZnEngine *e)
{
    return e->r.ny * e->hy - e->sum_xi * e->hy / e->r.nx;
}

double engine_flat_limit(const ZnEngine *e)
{
    const ZnModel *m = &e->m;
    if (m->transport != ZN_TRANSPORT_BINARY) return NAN;
    /* with a separator, the steady profile runs linearly from the counter electrode, which
     * gives back what the deposit takes, to the deposit: half the drop of a reservoir cell */
    if (e->sep.n > 0)
        return 2.0 * m->n * m->F * m->D_l * m->c0 * m->c_bulk / ((1.0 - m->t_plus) * (flat_gap(e) + e->sep.L));
    return m->n * m->F * m->D_l * m->c0 * m->c_bulk / ((1.0 - m->t_plus) * flat_gap(e));
}

/* c~ below zero in the electrolyte (cation model only: the binary salt's step keeps c~ >= 0,
 * step_salt) means the current asks for more Zn2+ than diffusion and migration bring to the
 * metal, and the explicit migration let it overshoot: stop with the reason. */
#define ZN_SAND_TOLERANCE 1.0e-3 /* c/c0 this far below zero is no rounding error */

static int check_sand(ZnEngine *e)
{
    if (e->m.transport == ZN_TRANSPORT_BINARY) return 0;
    double negc = e->be->k->diag_max_neg_c(e->r, engine_diag_args(e, e->xi));
    if (!(negc > ZN_SAND_TOLERANCE)) return 0;
    ZN_ERR(e, "Zn2+ exhausted at the interface at step %ld (t = %.6g s, lowest c/c0 = %.3g): "
              "the current is more than transport can supply; lower the current or raise "
              "the concentration", e->step, e->t, -negc);
    return -1;
}

/* What the three phases of a step share. */
typedef struct StepCtx {
    double dt, stab;        /* s; linear stabilisation, 1/s */
    double cell_area, Lx;   /* m^2, m */
    double nFcs;            /* n F cs, C/m^3 */
    double E;               /* the step's metal potential, V */
    double H0;              /* HER prefactor sum at E = 0 (her.c), A/m^3 summed over cells */
    double her_sum;         /* magnitude of the HER current summed over the cells, A/m^3 */
    double her_dead;        /* the part of it on floating dead bodies (their self-corrosion) */
    double her_ctrl;        /* her_sum as the controller balanced it (before the acidity update) */
    int idle;               /* a rest with no attached metal: no reaction and no HER there, E
                             * stays (floating dead bodies still corrode) */
    int salt_implicit;      /* the phase field's cathodic rate takes the cell's salt implicit
                             * (a step redone past the limiting current, step_balance.c) */
    ZnModel mh;             /* the model the step's HER and transport kernels use */
} StepCtx;

static void step_hydrogen(ZnEngine *e, StepCtx *c);

/* Phase 1: the metal potential (given, or solved so that the applied current is delivered by
 * Zn and hydrogen together), then the hydrogen source at it. */
static int step_metal_potential(ZnEngine *e, const ZnControl *ctl, StepCtx *c)
{
    const ZnKernels *k = e->be->k;
    const ZnModel *m = &e->m;
    c->E = ctl->mode == ZN_CTRL_POTENTIAL ? ctl->E : e->E;
    /* HER prefactors of the attached metal and exposed Cu at E = 0 (phi^n): the current at E
     * is -H0 exp(-alpha_H f E) per cell area; one sum serves the controller and the step */
    c->H0 = m->her ? k->her_sums(e->r, her_args(e, 0.0)).v[0] : 0.0;
    if (ctl->mode == ZN_CTRL_CURRENT && m->potential == ZN_POT_SINGLE_FIELD) {
        /* eta is read from phi, which the collector potential sets through the whole solve: no
         * scalar equation for E exists; the published single-field runs are potentiostatic */
        ZN_ERR(e, "current control needs the two-field potential model (the single-field model "
                  "supports potential control only)");
        return -1;
    }
    if (ctl->mode == ZN_CTRL_CURRENT) {
        PfArgs a = pf_args(e, c->dt, c->stab, 0.0);
        PxSum3 sums = k->pf_sums(e->r, a);
        double G = sums.v[0], A = sums.v[1], B = sums.v[2];
        /* wanted change of sum(xi): i dt Lx / (n F cs cell_area); the k = 0 Fourier mode
         * gives (1/dt + S) (sum new - sum old) = sum N */
        double target = ctl->i * c->dt * c->Lx / (c->nFcs * c->cell_area);
        /* nuclei placed while plating were paid for in advance (run.c, place_nuclei): the
         * current delivers them by plating the rest of the surface at no less than half rate
         * until the debt is settled; with hydrogen evolution only the current HER leaves (at the last step's E) can
         * repay: otherwise the target could turn negative and dissolve the nuclei it pays for */
        if (ctl->i > 0.0 && e->charge_debt > 0.0) {
            double her_prev = c->H0 * exp(zn_clamp(-m->her_alpha * m->f * e->E, m->exp_clamp)) * c->cell_area / c->Lx;
            double repay = fmin(e->charge_debt, 0.5 * fmax(0.0, ctl->i - her_prev) * c->dt);
            target -= repay * c->Lx / (c->nFcs * c->cell_area);
            e->pending_repay = repay;
        }
        /* what the last step passed beyond its current (its acidity update's hydrogen, a rest's
         * held-back plating) is charge the galvanostat did not pass: this step's metal
         * delivers that much less */
        target -= e->charge_carry * c->Lx / (c->nFcs * c->cell_area);
        double bal = balance_coefficient(&a);
        double T = bal * target - G;
        /* hydrogen evolution on the attached metal and the exposed collector: its current
         * -H0 exp(-alpha_H f E) (per cell area, summed) takes a share of the applied current,
         * so the metal target falls by H0 exp(-alpha_H f E) dt / (n F cs) cells */
        double C = 0.0, beta = 0.0;
        if (m->her) {
            C = bal * c->dt / c->nFcs * c->H0;
            beta = m->her_alpha / m->n;
        }
        double u = m->n * m->f * e->E;
        LabArgs la = {.xi = e->xi, .lab = e->lab};
        if (ctl->i == 0.0 && (A <= 0.0 || k->lab_attached_cells(e->r, la) == 0.0)) {
            /* nothing to corrode: no metal body touches the collector. The diffuse tails of
             * detached bodies beyond their halos are owner 0 too, but no electronic path joins
             * them to the collector; left to react, they would dissolve to feed the bare
             * collector's hydrogen at any potential, draining the dead bodies through their
             * profiles */
            c->idle = 1;
        } else if (mp_solve(A, B, C, beta, T, m->alpha, &u) != 0) {
            /* a strip has reached its natural end when no body is attached any more (the
             * diffuse traces of the last one cannot carry the current) */
            e->exhausted = ctl->i < 0.0 && (A <= 0.0 || k->lab_attached_cells(e->r, la) == 0.0);
            ZN_ERR(e, "current control failed at t = %.6g s: no metal potential delivers %.4g "
                      "mA/cm^2 (%s)", e->t, ctl->i / ZN_A_M2_PER_MA_CM2,
                   (A <= 0.0 && B <= 0.0) ? "no metal/electrolyte interface left"
                   : ctl->i < 0.0         ? "nothing left to strip"
                                          : "no Zn2+ at the interface");
            return -1;
        }
        c->E = u / (m->n * m->f);
    }
    c->mh = e->m;
    step_hydrogen(e, c);
    return 0;
}

/* The hydrogen source at the step's metal potential c->E, with phi^n like the Zn reaction. */
static void step_hydrogen(ZnEngine *e, StepCtx *c)
{
    const ZnKernels *k = e->be->k;
    const ZnModel *m = &e->m;
    if (m->her) {
        HerArgs h = her_args(e, c->E);
        h.m = c->mh;
        h.idle = c->idle;
        k->her_eval(e->r, h);
        /* sum q_H dA: the same prefactors the controller used, at E, and the floating bodies'
         * own, as their balance took it (without the acidity field; with it, step_acidity sums
         * the update) */
        c->her_dead = e->nfloat > 0 ? e->float_her : 0.0;
        c->her_sum = c->her_dead;
        if (!c->idle) c->her_sum += c->H0 * exp(zn_clamp(-m->her_alpha * m->f * c->E, m->exp_clamp));
    }
    c->her_ctrl = c->her_sum;
}

/* Where the phase field leaves d rate / d phi for the potential solve: the dead-Zn halo's scratch
 * (free between the step's labelling and the next), or NULL with the explicit coupling. */
static double *potential_slope(const ZnEngine *e)
{
    return phys_linearized_coupling(&e->phys) ? e->act2 : NULL;
}

/* Phase 2: xi^{n+1} by the semi-implicit Fourier step; *sum_new = sum of the new xi. follow:
 * the grains follow the front now (else the caller does, after the step's trials). */
static int step_phase_field(ZnEngine *e, const StepCtx *c, double *sum_new, int follow)
{
    const ZnKernels *k = e->be->k;
    PfArgs a = pf_args(e, c->dt, c->stab, c->E);
    a.idle = c->idle;
    a.dsrc = potential_slope(e);
    if (a.dsrc) a.rate_gain = (1.0 + a.w) / (c->dt * (a.lead + c->stab));
    /* dt_eff = (1 + w)/(lead + S): what the step multiplies the reaction by */
    if (c->salt_implicit)
        a.salt_cap = (1.0 + a.w) / (a.lead + c->stab) * zn_salt_per_growth(&e->m);
    k->pf_build_rhs(e->r, a);
    if (e->be->fft_forward(e->fft, e->ext, e->spec) != 0) {
        ZN_ERR(e, "forward FFT: %s", e->be->last_error());
        return -1;
    }
    PfSpecArgs s = {.spec = e->spec, .lam = e->lam, .nx = e->r.nx, .ny2 = 2 * e->r.ny,
                    .hx = e->hx, .hy = e->hy,
                    .diag = a.lead + c->stab, .L_kimp = a.L_kimp,
                    .norm = 1.0 / ((double)e->r.nx * 2.0 * e->r.ny)};
    PxRange modes = {e->r.nx / 2 + 1, 2 * e->r.ny, 1};
    k->pf_spectral_solve(modes, s);
    if (e->be->fft_inverse(e->fft, e->spec, e->ext) != 0) {
        ZN_ERR(e, "inverse FFT: %s", e->be->last_error());
        return -1;
    }
    PfExtractArgs x = {e->ext, e->xi, e->rate, 1.0 / c->dt};
    k->pf_extract(e->r, x);
    *sum_new = k->diag_sum_xi(e->r, engine_diag_args(e, e->xi));
    return follow ? grains_follow(e, ZN_GRAIN_PASSES) : 0;
}

/* Newton steps of the acidity at most, and when they stop: the step's hydrogen current changes
 * by less than this share of itself (or of the 1e-12 A/m floor) */
#define ZN_ACID_NEWTON_MAX 40
#define ZN_ACID_NEWTON_TOL 1e-10

/* Phase 3 (first): the acidity, implicit with the proton term (Newton steps, transport.c),
 * and with it the hydrogen the step evolved (q_H at the converged T) and its sum. */
static MgStats step_acidity(ZnEngine *e, StepCtx *c, const TrArgs *t)
{
    const ZnKernels *k = e->be->k;
    MgStats st = {0, 0.0, 1};
    if (!e->acid) return st;
    if (e->be->copy(e->acid_old, e->acid, e->r.nx * (size_t)e->r.ny * sizeof(double)) != 0) {
        st.converged = 0;
        return st;
    }
    HerArgs h = her_args(e, c->E);
    h.m = c->mh;
    h.idle = c->idle;
    double I = -c->her_sum, area = e->hx * e->hy; /* signed: q_H <= 0 */
    TrArgs ta = *t;
    if (e->sep_T.n > 0) far_field_acid_prepare(e, c->dt, &ta);
    int it;
    for (it = 0; it < ZN_ACID_NEWTON_MAX; it++) {
        k->tr_acid_setup(e->r, ta);
        MgStats s = mg_solve(&e->mg, e->acid);
        st.iterations += s.iterations;
        st.rel_residual = s.rel_residual;
        if (!s.converged) {
            st.converged = 0;
            return st;
        }
        k->her_acid_update(e->r, h);
        double I_new = k->her_total(e->r, h);
        int done = fabs(I_new - I) * area <= ZN_ACID_NEWTON_TOL * (fabs(I_new) * area + 1e-12);
        I = I_new;
        if (done) break;
    }
    if (e->sep_T.n > 0) far_field_acid_finish(e, &ta);
    /* the attached metal's and collector's hydrogen at T^{n+1}; the floating bodies' stays what
     * their balance at T^n let them lose in Zn (their Zn and their hydrogen agree exactly; the
     * protons they take follow T^{n+1}, a first-order difference in dt) */
    c->her_sum = -I + (e->nfloat > 0 ? k->her_dead_total(e->r, h) : 0.0) + c->her_dead;
    if (it == ZN_ACID_NEWTON_MAX) {
        st.converged = 0; /* reported as an acidity solve that did not converge */
        st.rel_residual = NAN;
    }
    return st;
}

/* The arguments of the transport setups of this step (acidity, concentration, potential). */
static TrArgs tr_args(const ZnEngine *e, const StepCtx *c)
{
    /* phi is the previous step's potential: the migration is explicit */
    const MgLevel *L = &e->mg.lev[0];
    TrArgs t = {.m = c->mh, .xi = e->xi, .c = e->c, .rate = e->rate, .a = L->a, .bx = L->bx,
                .by = L->by, .f = L->f, .inv_dt = 1.0 / c->dt, .hx = e->hx, .hy = e->hy,
                .E = c->E, .phi = e->phi, .her = e->m.her ? e->her_q : NULL, .acid = e->acid,
                .acid_old = e->acid_old, .dead = e->act, .float_E = e->float_E,
                .nfloat = e->nfloat, .idle = c->idle, .zhs = e->zhs,
                .dsrc = potential_slope(e)};
    return t;
}

int engine_step(ZnEngine *e, const ZnControl *ctl, double dt, ZnStepInfo *info)
{
    const ZnKernels *k = e->be->k;
    const ZnModel *m = &e->m;
    memset(info, 0, sizeof *info);
    e->pending_repay = 0.0;
    double w0 = part_clock(e);
    /* which metal is connected to the collector decides where the reaction runs */
    if (deadzn_update_mask(e) != 0) return -1;
    StepCtx c;
    memset(&c, 0, sizeof c);
    c.dt = dt;
    c.stab = stabilisation(e, dt);
    c.cell_area = e->hx * e->hy;
    c.Lx = e->r.nx * e->hx;
    c.nFcs = m->n * m->F * m->cs;
    if (e->phys.dead_zn == ZN_DEAD_FLOATING) {
        HerArgs h = her_args(e, 0.0);
        if (deadzn_float(e, pf_args(e, dt, c.stab, 0.0), m->her ? &h : NULL) != 0) return -1;
    }

    /* 1. metal potential and hydrogen source */
    if (step_metal_potential(e, ctl, &c) != 0) return -1;
    /* a galvanostatic plating step with hydrogen on may be redone (step_balance.c): from here
     * to the salt its trials start from the state saved now */
    int balance = e->bal && ctl->mode == ZN_CTRL_CURRENT && ctl->i > 0.0 && !c.idle && c.H0 > 0.0;
    if (balance && balance_save(e) != 0) return -1;
    double sum_new, sum_planned, i_cell, w1, goal = 0.0;
    double S = c.cell_area * c.nFcs / c.Lx; /* C/m^2 per unit of sum(xi) */
    int conc_iters = 0, acid_iters = 0;
    TrArgs t;
    BalanceSearch bs;
    for (int trial = 0;; trial++) {
        /* 2. phase field */
        if (step_phase_field(e, &c, &sum_new, !balance) != 0) return -1;
        w1 = part_clock(e);

        /* 3. acidity (with it the step's hydrogen), concentration, then potential */
        t = tr_args(e, &c);
        info->acid = step_acidity(e, &c, &t);
        acid_iters += info->acid.iterations;
        if (e->zhs) {
            /* ZHS takes or gives back OH-, sulfate and Zn2+ where the step left the pH past pH_ZHS */
            ZhsArgs z = {.m = e->m, .xi = e->xi, .acid = e->acid, .c = e->c, .zhs = e->zhs, .dt = dt,
                         .hx = e->hx, .hy = e->hy};
            k->zhs_exchange(e->r, z);
        }
        /* the cell current (Zn and hydrogen), A/m^2, which the counter electrode answers */
        i_cell = ((sum_new - e->sum_xi) * c.nFcs / dt + c.her_sum) * c.cell_area / c.Lx;
        if (e->sep.n > 0) far_field_prepare(e, dt, i_cell, &t);
        sum_planned = sum_new; /* the metal the phase field planned, before any salt cap */
        info->positive = 0;
        if (salt_step(e, dt, &t, &sum_new, info) != 0) return -1;
        conc_iters += info->conc.iterations;
        if (!balance || (trial == 0 && !info->positive)) break;
        /* Zn and hydrogen (as the controller's rate law gives it at c.E) against what the
         * controller aimed at, C/m^2 */
        double q_h = (c.her_ctrl - c.her_dead) * dt * c.cell_area / c.Lx;
        double x = exp(-m->her_alpha * m->f * c.E), r;
        if (trial == 0) goal = (sum_planned - e->sum_xi) * S + q_h;
        r = (sum_new - e->sum_xi) * S + q_h - goal;
        if (fabs(r) <= ZN_BALANCE_TOL * ctl->i * dt || trial + 1 >= ZN_BALANCE_TRIALS || !(q_h > 0.0)) break;
        x = trial == 0 ? balance_first(&bs, x, r, q_h) : balance_next(&bs, x, r);
        if (!(x > 0.0 && isfinite(x))) break; /* no potential to try: keep this trial */
        if (balance_restore(e) != 0) return -1;
        c.E = -log(x) / (m->her_alpha * m->f);
        /* at the lower E the explicit rate of cells that still hold salt would outgrow it many
         * times within the step (the phase field then leaves its range): the redone step
         * takes each cell's salt implicit in its rate instead */
        c.salt_implicit = 1;
        step_hydrogen(e, &c);
        info->trials = trial + 1;
    }
    info->conc.iterations = conc_iters;
    info->acid.iterations = acid_iters;
    if (balance && grains_follow(e, ZN_GRAIN_PASSES) != 0) return -1;
    if (info->positive) i_cell = ((sum_new - e->sum_xi) * c.nFcs / dt + c.her_sum) * c.cell_area / c.Lx;
    if (e->sep.n > 0) far_field_finish(e, i_cell, c.E, &t);
    else e->cell_E = c.E;
    double w2 = part_clock(e);
    info->pot = potential_solve(e, &t, ctl->mode == ZN_CTRL_CURRENT && !c.idle);
    double w3 = part_clock(e);
    info->wall_pf = w1 - w0;
    info->wall_conc = w2 - w1;
    info->wall_pot = w3 - w2;

    double E = c.E, cell_area = c.cell_area, Lx = c.Lx, nFcs = c.nFcs;
    info->dt = dt;
    info->E = E;
    info->charge = (sum_new - e->sum_xi) * cell_area * nFcs / Lx;
    info->current = info->charge / dt;
    /* hydrogen on the attached metal and collector, and on floating dead bodies: the latter
     * is paid by their own Zn (in info->charge), not by the external circuit */
    info->her_charge = -(c.her_sum - c.her_dead) * cell_area * dt / Lx;
    info->her_dead_charge = -c.her_dead * cell_area * dt / Lx;
    info->max_rate = k->diag_max_rate(e->r, engine_diag_args(e, e->xi));
    if (m->transport == ZN_TRANSPORT_CATION) info->drift_rate = k->tr_max_drift_rate(e->r, t);
    e->drift_rate = info->drift_rate;
    e->sum_xi = sum_new;
    /* the acidity's Newton steps evolve the hydrogen at T^{n+1}, the controller balanced it at
     * T^n: the difference, first order in dt, is carried into the next step's target (only a
     * current-controlled step with metal attached has a balance to carry it) */
    e->charge_carry = ctl->mode == ZN_CTRL_CURRENT && !c.idle
                          ? (c.her_sum - c.her_ctrl) * cell_area * dt / Lx : 0.0;
    /* in a rest, local plating the salt held back (a depleted pocket) is charge the open
     * circuit did not pass either: carried the same way, it makes the next step dissolve less
     * elsewhere. Not while plating or stripping, where the shortfall recurs every step near the
     * transition and carrying it would wind the target up */
    if (ctl->mode == ZN_CTRL_CURRENT && !c.idle && ctl->i == 0.0)
        e->charge_carry += (sum_new - sum_planned) * cell_area * nFcs / Lx;
    /* a redone step's N is the salt-implicit one: the next step does not extrapolate from it
     * (the second-order history would carry the switch between the forms as a jump) */
    if (e->hist) e->dt_prev = info->trials > 0 ? 0.0 : dt;
    /* a plating step the salt let deliver less than half its current: what a galvanostat
     * sees at the transition time, where its potential runs away (to the solvent's limit) */
    e->depleted = info->positive && ctl->mode == ZN_CTRL_CURRENT && ctl->i > 0.0 &&
                  info->charge - info->her_charge - info->her_dead_charge <
                      0.5 * (ctl->i * dt - e->pending_repay);
    e->charge_debt -= e->pending_repay;
    if (e->charge_debt < 0.0) e->charge_debt = 0.0;
    e->pending_repay = 0.0;
    e->E = E;
    e->t += dt;
    e->step++;
    if (e->mg.failed || e->be->failed()) {
        /* a failed launch or copy: the backend's state cannot be trusted any more */
        ZN_ERR(e, "the %s backend failed at step %ld: %s", e->be->name, e->step,
               e->mg.failed ? e->mg.why : e->be->last_error());
        e->backend_failed = 1;
        return -1;
    }
    if (check_finite(e) != 0) return -1;
    if (check_sand(e) != 0) return -1;
    const MgStats *bad = !info->acid.converged ? &info->acid : !info->conc.converged ? &info->conc
                       : !info->pot.converged ? &info->pot : NULL;
    if (bad) {
        ZN_ERR(e, "%s solve did not converge at step %ld (relative residual %.3g after %d "
                  "iterations)", bad == &info->acid ? "acidity" : bad == &info->conc ? "concentration" : "potential",
               e->step, bad->rel_residual, bad->iterations);
        return -1;
    }
    return 0;
}


void engine_surface_ph(const ZnEngine *e, double *ph_min, double *ph_max)
{
    *ph_min = *ph_max = NAN;
    if (!e->acid) return;
    HerArgs h = her_args(e, e->E);
    double hi = e->be->k->her_surface_ph(e->r, h), lo = -e->be->k->her_surface_neg_ph(e->r, h);
    if (hi > -1e300) { /* some surface exists */
        *ph_min = lo;
        *ph_max = hi;
    }
}

void engine_zhs(const ZnEngine *e, double *zn_charge, double *coverage)
{
    *zn_charge = 0.0;
    *coverage = NAN;
    if (!e->zhs) return;
    ZhsArgs z = {.m = e->m, .xi = e->xi, .acid = e->acid, .c = e->c, .zhs = e->zhs, .hx = e->hx, .hy = e->hy};
    PxSum3 s = e->be->k->zhs_sums(e->r, z);
    const ZnModel *m = &e->m;
    /* volume per substrate area, over the molar volume: formula units; 4 Zn each, n F per Zn */
    *zn_charge = s.v[0] * e->hy / e->r.nx / m->her_Vm_zhs * 4.0 * m->n * m->F;
    if (s.v[2] > 0.0) *coverage = s.v[1] / s.v[2];
}

int engine_download_acid(const ZnEngine *e, double *T)
{
    if (!e->acid) return -1;
    return e->be->download(T, e->acid, ncells(e) * sizeof(double));
}
