/* test_limiting_current.c - the binary-salt transport against its two classical limits, and
 * what happens past them (CHECKS 23, positivity), on a flat deposit in a 4-cell-wide periodic
 * strip, 0.05 M:
 *   - below the limiting current the steady profile in the electrolyte is linear,
 *       c~(y) = 1 - (1 - t+) i (Ly - y) / (n F D c0),
 *     so the limiting current of a gap g is i_lim = n F D c0 / ((1 - t+) g);
 *   - just above it (1.1 i_lim) the salt at the front runs out and the deposit takes what
 *     diffusion brings, i_lim of the present gap, while c~ stays >= 0 and the potential swings
 *     past the one 0.9 i_lim needs;
 *   - far above it (3 i_lim, the largest dt the step control allows) the front runs out of
 *     salt after Sand's time t_s = pi D (n F c0)^2 / (4 ((1 - t+) i)^2): c~ >= 0 at every step,
 *     no NaN, and the step ends where a galvanostat's potential runs away (the engine flags a
 *     step that delivered under half its current) - or, with hydrogen on, the hydrogen takes
 *     what the salt cannot (Zn + H = i at every step): at once with a fast hydrogen evolution,
 *     and with the default one by steps redone ~0.3 V lower (engine.c, step_balance.c).
 * What the diffuse interface changes: the initial state has c~ = 1 inside the metal too, and
 * the metal side of the interface gives that salt back slowly (D falls to D_s there), so the
 * steady profile is approached only after ~30 g^2/D (0.7 % short of the slope then) and the
 * transition at 3 i_lim comes later than the sharp-interface Sand's time (2.2 t_s here, where
 * the diffusion length sqrt(D t_s) is only 9 interface widths; CHECKS 6 in test_balance.c
 * checks Sand's time itself where it is long, to 1.2 % after extrapolation in delta).
 * "c~ >= 0" is asserted on the electrolyte (xi < 1/2), to the solver's tolerance (1e-9); the
 * metal side of the diffuse interface keeps a bookkeeping salt that may be negative
 * (transport.c, "Positivity"; docs/validation.md lists it).
 */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void setup(ZnPhys *p, ZnInitial *in, double i)
{
    phys_defaults(p);
    p->grid.nx = 4;
    p->grid.ny = 128;
    p->grid.dx = 0.1e-6;
    p->c0 = 50.0; /* 0.05 M: a limiting current of about 50 mA/cm^2 over 12 um */
    p->k2 = p->k6 = 0.0;
    p->i_ref = i;
    memset(in, 0, sizeof *in);
    in->thickness = 1.0e-6;
}

static double gap_of(const ZnEngine *e)
{
    return e->r.ny * e->hy - e->sum_xi * e->hy / e->r.nx;
}

/* The model and the flat-deposit limit of the set-up: g0 = electrolyte above the initial
 * deposit, i_lim = n F D c0 / ((1 - t+) g0). */
typedef struct Limit {
    ZnModel m;
    double g0, i_lim;
} Limit;

static Limit limit_of(const ZnBackend *be)
{
    ZnPhys p;
    ZnInitial in;
    setup(&p, &in, 1.0);
    ZnEngine e;
    check_engine(&e, be, &p, &in);
    Limit L = {e.m, gap_of(&e), 0.0};
    L.i_lim = L.m.n * L.m.F * L.m.D_l * L.m.c0 / ((1.0 - L.m.t_plus) * L.g0);
    engine_destroy(&e);
    return L;
}

/* Steady plating at 0.7 i_lim: c~ in the middle of the gap and its slope. */
static void steady(const ZnBackend *be)
{
    Limit L = limit_of(be);
    const ZnModel *m = &L.m;
    double g0 = L.g0, i_lim = L.i_lim;
    ZnPhys p;
    ZnInitial in;
    ZnEngine e;
    setup(&p, &in, 0.7 * i_lim);
    check_engine(&e, be, &p, &in);
    ZnControl ctl = {ZN_CTRL_CURRENT, 0.7 * i_lim, 0.0};
    double dt = 1e-3, t_end = 30.0 * g0 * g0 / m->D_l;
    check_run_until(&e, &ctl, t_end, &dt);
    int nx = e.r.nx, ny = e.r.ny;
    size_t n = (size_t)nx * ny;
    double *xi = malloc(n * sizeof *xi), *c = malloc(n * sizeof *c), *phi = malloc(n * sizeof *phi);
    engine_download(&e, xi, c, phi);
    double Ly = ny * e.hy, g = gap_of(&e);
    double slope = (1.0 - m->t_plus) * 0.7 * i_lim / (m->n * m->F * m->D_l * m->c0);
    /* cells a quarter and three quarters up the gap: far from the diffuse interface */
    int j1 = (int)((Ly - 0.75 * g) / e.hy), j2 = (int)((Ly - 0.25 * g) / e.hy);
    double y1 = (j1 + 0.5) * e.hy, y2 = (j2 + 0.5) * e.hy;
    double c1 = c[(size_t)nx * j1], c2 = c[(size_t)nx * j2];
    printf("     0.7 i_lim = %.4g mA/cm^2 over a %.3g um gap: c~ = %.5f and %.5f at y = %.3g and %.3g um\n",
           0.7 * i_lim / 10.0, g * 1e6, c1, c2, y1 * 1e6, y2 * 1e6);
    check_rel("limiting current: steady c~ a quarter up the gap, 1 - (1-t+) i (Ly-y)/(nFDc0)",
              c1, 1.0 - slope * (Ly - y1), 0.01);
    check_rel("limiting current: steady c~ three quarters up the gap", c2,
              1.0 - slope * (Ly - y2), 0.01);
    check_rel("limiting current: steady slope dc~/dy = (1-t+) i / (nFDc0)", (c2 - c1) / (y2 - y1),
              slope, 0.01);
    free(xi);
    free(c);
    free(phi);
    engine_destroy(&e);
}

/* Lowest c~ of the electrolyte (xi < 1/2) of e, from the engine's own reduction. */
static double electrolyte_cmin(const ZnEngine *e)
{
    return -e->be->k->diag_max_neg_c(e->r, engine_diag_args(e, e->xi));
}

/* CHECKS 23 at 3 i_lim with the steps the control allows (from dt_init, grown by
 * engine_next_dt as a run does): no hydrogen (the step ends at the transition), then a fast
 * hydrogen evolution that takes the current; and with fixed steps of t_s/4, far larger than
 * the control would take, c~ still stays >= 0. */
static void sand(const ZnBackend *be)
{
    Limit L = limit_of(be);
    const ZnModel *m = &L.m;
    double i_lim = L.i_lim, nFc0 = m->n * m->F * m->c0;
    double i = 3.0 * i_lim;
    double ts = PX_PI * m->D_l * nFc0 * nFc0 / (4.0 * pow((1.0 - m->t_plus) * i, 2.0));
    for (int her = 0; her < 3; her++) {
        ZnPhys p;
        ZnInitial in;
        ZnEngine e;
        setup(&p, &in, i);
        if (her) {
            p.her = 1;
            p.her_acidity = 0;
        }
        if (her == 1) p.her_i0H_zn = p.her_i0W_zn = 1e-3; /* fast enough to carry the excess at -0.16 V */
        check_engine(&e, be, &p, &in);
        ZnControl ctl = {ZN_CTRL_CURRENT, i, 0.0};
        double dt = p.dt_init, cmin = 1.0, worst_sum = 0.0, E_ts = NAN, share = 0.0;
        double q_after = 0.0, h_after = 0.0; /* charge and hydrogen from the first redone step */
        int failed = 0, depleted = 0, steps = 0, limited = 0, redone = 0, trials = 0;
        ZnStepInfo info;
        while (e.t < 4.0 * ts && !depleted) {
            if (engine_step(&e, &ctl, dt, &info) != 0) {
                failed = 1;
                break;
            }
            steps++;
            limited += info.positive || info.trials > 0;
            double cm = electrolyte_cmin(&e);
            if (!(cm >= cmin)) cmin = cm; /* NaN lands here too */
            if (isnan(E_ts) && e.t >= ts) E_ts = info.E;
            double delivered = (info.charge - info.her_charge) / info.dt;
            if (her && fabs(delivered - i) / i > worst_sum) worst_sum = fabs(delivered - i) / i;
            share = -info.her_charge / info.dt / i;
            redone += info.trials > 0;
            trials += info.trials;
            if (redone > 0) {
                q_after += i * info.dt;
                h_after -= info.her_charge;
            }
            depleted = e.depleted;
            dt = engine_next_dt(&e, dt, info.max_rate);
        }
        if (!her) {
            printf("     3 i_lim = %.4g mA/cm^2, no HER: %d steps (%d salt-limited), transition at t = "
                   "%.5g s = %.3g t_s, E %.4g V at t_s and %.4g V at the end; lowest electrolyte c~ %.3g%s%s\n",
                   i / 10.0, steps, limited, e.t, e.t / ts, E_ts, info.E, cmin, failed ? ": " : "",
                   failed ? e.err : "");
            check_abs("CHECKS 23 positivity, 3 i_lim: every step runs (no NaN, no stop)", failed, 0.0, 0.0);
            check_above("CHECKS 23 positivity, 3 i_lim: c~ >= 0 in the electrolyte at every step", cmin, -1e-9);
            check_abs("CHECKS 23 positivity, 3 i_lim: the step ends at the transition (flagged depleted)",
                      depleted, 1.0, 0.0);
            check_above("CHECKS 23 positivity, 3 i_lim: transition not before Sand's time (t / t_s)",
                        e.t / ts, 1.0);
            check_below("CHECKS 23 positivity, 3 i_lim: transition within 2.5 t_s (relic salt of the "
                        "diffuse interface)", e.t / ts, 2.5);
            /* a swing beyond the thermal voltage RT/F: the potential leaves its kinetic trend */
            check_below("CHECKS 23 positivity, 3 i_lim: the potential swings past its value at t_s "
                        "by more than RT/F (E_end - E(t_s), V)", info.E - E_ts, -1.0 / m->f);
        } else {
            const char *which = her == 1 ? "fast HER" : "the default (slow) HER";
            printf("     3 i_lim with %s: %d steps (%d salt-limited, %d redone at a lower E, %d trials) to "
                   "%.4g t_s; hydrogen %.3g of the current at the end, %.3g of the charge from the first "
                   "redone step; E %.4g V; lowest electrolyte c~ %.3g; worst |Zn + H - i|/i %.3g\n",
                   which, steps, limited, redone, trials, e.t / ts, share,
                   q_after > 0.0 ? h_after / q_after : 0.0, info.E, cmin, worst_sum);
            char label[200];
            snprintf(label, sizeof label, "CHECKS 23 positivity with %s: c~ >= 0 in the electrolyte at every step", which);
            check_above(label, cmin, -1e-9);
            if (her == 1) {
                check_abs("CHECKS 23 positivity with fast HER: every step runs, none depleted", failed + depleted, 0.0, 0.0);
                check_below("CHECKS 23 positivity with fast HER: Zn (on the field) + hydrogen = the applied "
                            "current at every step", worst_sum, 1e-3);
                check_above("CHECKS 23 positivity with fast HER: hydrogen takes the excess (its share at 4 t_s)",
                            share, 0.3);
            } else {
                /* The controller sets E from the Zn reaction explicit in the step; the salt then caps
                 * the growth, and the potential at which the default HER carries the rest lies
                 * ~0.3 V lower: the step is redone there (engine.c, step_balance.c) */
                check_abs("CHECKS 23 positivity with the default HER: every step runs, none depleted",
                          failed + depleted, 0.0, 0.0);
                check_below("CHECKS 23 positivity with the default HER: Zn (on the field) + hydrogen = the "
                            "applied current at every step", worst_sum, 1e-3);
                check_above("CHECKS 23 positivity with the default HER: steps redone at a lower potential",
                            redone, 1.0);
                /* past the transition diffusion brings a share of i that falls with time (about
                 * (t_s / t)^(1/2) for a semi-infinite electrolyte); hydrogen carries the rest */
                check_above("CHECKS 23 positivity with the default HER: hydrogen carries a share of the charge "
                            "after the transition", q_after > 0.0 ? h_after / q_after : 0.0, 0.2);
            }
        }
        engine_destroy(&e);
    }
    ZnPhys p;
    ZnInitial in;
    ZnEngine e;
    setup(&p, &in, i);
    check_engine(&e, be, &p, &in);
    ZnControl ctl = {ZN_CTRL_CURRENT, i, 0.0};
    ZnStepInfo info;
    double cmin = 1.0;
    int failed = 0, limited = 0;
    while (e.t < 4.0 * ts && !failed && !e.depleted) {
        failed = engine_step(&e, &ctl, ts / 4.0, &info) != 0;
        limited += !failed && info.positive;
        double cm = electrolyte_cmin(&e);
        if (!(cm >= cmin)) cmin = cm;
    }
    printf("     3 i_lim in steps of t_s/4: %d salt-limited, ended at %.3g t_s (%s), lowest electrolyte "
           "c~ %.3g\n", limited, e.t / ts, failed ? e.err : e.depleted ? "depleted" : "ran on", cmin);
    check_abs("CHECKS 23 positivity, steps of t_s/4: no NaN, no stop", failed, 0.0, 0.0);
    check_above("CHECKS 23 positivity, steps of t_s/4: c~ >= 0 in the electrolyte at every step", cmin, -1e-9);
    engine_destroy(&e);
}

/* 0.9 i_lim runs for 30 g^2/D with c~ at the front near 0.1; 1.1 i_lim runs on at the limit. */
static void bracket(const ZnBackend *be)
{
    Limit L = limit_of(be);
    double g0 = L.g0, D = L.m.D_l, i_lim = L.i_lim;
    ZnPhys p;
    ZnInitial in;
    ZnEngine e;
    double E_below = NAN;
    for (int k = 0; k < 2; k++) {
        double i = (k == 0 ? 0.9 : 1.1) * i_lim, cmin_run = 1.0;
        setup(&p, &in, i);
        check_engine(&e, be, &p, &in);
        ZnControl ctl = {ZN_CTRL_CURRENT, i, 0.0};
        double dt = 1e-3, t_end = 30.0 * g0 * g0 / D;
        ZnStepInfo info;
        int stopped = 0;
        /* near the limit the steps' E follows a sawtooth (the front's salt runs out within a
         * few steps, then a salt-limited step lets it recover): E is its mean over the last
         * tenth of the run, with its range */
        double E_int = 0.0, t_int = 0.0, E_lo = INFINITY, E_hi = -INFINITY, q_int = 0.0, g_int = 0.0;
        while (e.t < t_end * (1 - 1e-12) && !stopped) {
            double h = dt < t_end - e.t ? dt : t_end - e.t;
            stopped = engine_step(&e, &ctl, h, &info) != 0;
            double cm = electrolyte_cmin(&e);
            if (!(cm >= cmin_run)) cmin_run = cm;
            if (!stopped && e.t > 0.9 * t_end) {
                E_int += info.E * h;
                q_int += info.charge;
                g_int += gap_of(&e) * h;
                t_int += h;
                E_lo = fmin(E_lo, info.E);
                E_hi = fmax(E_hi, info.E);
            }
            dt = engine_next_dt(&e, dt, info.max_rate);
        }
        double E_mean = E_int / t_int;
        printf("     %.1f i_lim: E over the last tenth of the run %.4f V (from %.4f to %.4f)\n",
               k == 0 ? 0.9 : 1.1, E_mean, E_lo, E_hi);
        if (k == 0) E_below = E_mean;
        DiagArgs d = {e.xi, e.c, e.rate, e.phi, e.col, e.hx, e.hy, e.r.ny};
        double cmin = -e.be->k->diag_max_neg_c(e.r, d);
        printf("     %.1f i_lim: %s at t = %.4g s (%.1f g^2/D), lowest c~ %.4f\n", k == 0 ? 0.9 : 1.1,
               stopped ? "stopped" : "ran on", e.t, e.t * D / (g0 * g0), cmin);
        if (k == 0) {
            check_abs("limiting current: 0.9 i_lim runs 30 g^2/D without a stop", stopped, 0.0, 0.0);
            /* at the front, 1 - 0.9 gap/g0 (it has moved up); the lowest electrolyte cell lies
             * up to one cell above it, 0.9 hy/g0 higher, and the relic salt adds about 0.01 */
            check_abs("limiting current: 0.9 i_lim: lowest c~ = 1 - 0.9 gap/g0 at the front", cmin,
                      1.0 - 0.9 * gap_of(&e) / g0, 0.9 * e.hy / g0 + 0.01);
        } else {
            /* past the limit the deposit takes what diffusion brings: the limiting current of
             * the present gap, with c~ ~ 0 at the front */
            double i_now = i_lim * g0 / gap_of(&e);
            double i_mean = q_int / t_int, i_gap = i_lim * g0 / (g_int / t_int);
            printf("     1.1 i_lim: over the last tenth it delivers %.5g mA/cm^2 on average, the limit of its mean "
                   "gap %.5g\n", i_mean / 10.0, i_gap / 10.0);
            /* the salt the metal side of the diffuse interface lends (its c~ negative) */
            size_t n = (size_t)e.r.nx * e.r.ny;
            double *hx = malloc(n * sizeof *hx), *hc = malloc(n * sizeof *hc), lent = 0.0;
            engine_download(&e, hx, hc, NULL);
            for (size_t q = 0; q < n; q++)
                if (hx[q] >= 0.5 && hc[q] < 0.0) lent -= hc[q] * e.hy / e.r.nx;
            free(hx);
            free(hc);
            printf("     1.1 i_lim: the last step delivers %.4g mA/cm^2 (limit of the present gap %.4g), "
                   "E %.4g V (0.9 i_lim: %.4g V), lowest c~ over the run %.3g; negative salt on the "
                   "metal side %.3g um x c0\n",
                   info.current / 10.0, i_now / 10.0, info.E, E_below, cmin_run, lent * 1e6);
            check_abs("CHECKS 23 positivity, 1.1 i_lim: runs 30 g^2/D without a stop", stopped, 0.0, 0.0);
            check_above("CHECKS 23 positivity, 1.1 i_lim: c~ >= 0 in the electrolyte at every step",
                        cmin_run, -1e-9);
            /* near the limit the delivered current follows the sawtooth too (a step that finds
             * salt delivers all of 1.1 i_lim, the next one less): the mean over the last tenth
             * against the limit of the mean gap there */
            check_rel("CHECKS 23 positivity, 1.1 i_lim: the deposit takes the limiting current of its gap "
                      "(mean over the last tenth)", i_mean, i_gap, 0.05);
            check_below("CHECKS 23 positivity, 1.1 i_lim: the potential swings 0.05 V past 0.9 i_lim's "
                        "(means over the last tenth)", E_mean - E_below, -0.05);
        }
        engine_destroy(&e);
    }
}

/* 3 i_lim with the default hydrogen evolution for 30 g^2/D: past Sand's time the deposit takes
 * what diffusion brings, the limiting current of its gap (c~ ~ 0 at the front), and hydrogen
 * the rest. Measured like 1.1 i_lim above: the mean Zn current over the last tenth against the
 * limit of the mean gap there. A known deviation today (docs/validation.md, section 7): at this
 * 0.05 M the run stops after a few per cent of it, in an explicit step right after a redone
 * one (E jumps back ~0.4 V against the redone step's phi and the phase field leaves its range);
 * the share of the run reached is the KNOWN line, and the limit is checked once it runs through. */
static void past_limit_steady(const ZnBackend *be)
{
    Limit L = limit_of(be);
    double g0 = L.g0, D = L.m.D_l, i = 3.0 * L.i_lim;
    ZnPhys p;
    ZnInitial in;
    ZnEngine e;
    setup(&p, &in, i);
    p.her = 1;
    p.her_acidity = 0;
    check_engine(&e, be, &p, &in);
    ZnControl ctl = {ZN_CTRL_CURRENT, i, 0.0};
    double dt = 1e-3, t_end = 30.0 * g0 * g0 / D, t_int = 0.0, q_int = 0.0, g_int = 0.0, worst = 0.0;
    ZnStepInfo info;
    int stopped = 0, redone = 0;
    while (e.t < t_end * (1 - 1e-12) && !stopped) {
        double h = dt < t_end - e.t ? dt : t_end - e.t;
        stopped = engine_step(&e, &ctl, h, &info) != 0;
        redone += !stopped && info.trials > 0;
        double off = fabs(info.charge - info.her_charge - i * info.dt) / (i * info.dt);
        if (!stopped && off > worst) worst = off;
        if (!stopped && e.t > 0.9 * t_end) {
            q_int += info.charge;
            g_int += gap_of(&e) * h;
            t_int += h;
        }
        dt = engine_next_dt(&e, dt, info.max_rate);
    }
    double i_mean = q_int / t_int, i_gap = L.i_lim * g0 / (g_int / t_int);
    printf("     3 i_lim with the default HER for 30 g^2/D: %s, %d steps redone; over the last tenth Zn "
           "delivers %.5g mA/cm^2 on average, the limit of its mean gap %.5g (hydrogen the rest of "
           "%.5g); worst |Zn + H - i|/i %.3g\n", stopped ? e.err : "ran on", redone, i_mean / 10.0,
           i_gap / 10.0, i / 10.0, worst);
    check_known_below("past the limit with hydrogen, 0.05 M: the share of 30 g^2/D not reached (the run stops "
                      "where the phase field leaves its range)", 1.0 - e.t / t_end, 0.0, 0.99);
    check_below("past the limit with hydrogen: Zn + H = i at every step it took", worst, 1e-3);
    if (!stopped)
        check_rel("past the limit with hydrogen: the deposit takes the limiting current of its gap (mean over "
                  "the last tenth)", i_mean, i_gap, 0.05);
    engine_destroy(&e);
}

int main(void)
{
    const ZnBackend *be = check_backend();
    steady(be);
    bracket(be);
    sand(be);
    past_limit_steady(be);
    return check_finish();
}
