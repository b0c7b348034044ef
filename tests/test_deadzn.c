/* test_deadzn.c - CHECKS 14 dynamics: a Zn "mushroom" (a disc on a thin neck above a foil) is
 * stripped at constant current until no attached metal is left. The neck dissolves, the cap
 * detaches and, having no electronic path, stops reacting: it survives as dead Zn. Then
 *   - one dead island holds most of the cap's metal,
 *   - stripped charge < initial metal (Coulombic efficiency of the cycle < 1),
 *   - accounting closes: initial metal - stripped = attached + dead metal, to 1e-6.
 * The same with model.dead_zn: floating (the cap takes its own potential, zero net current):
 * the accounting still closes. And a static check of the floating potential: a dead disc in an
 * electrolyte potential rising 40 mV across it floats at the potential of its centre (the
 * ramp cancels by symmetry, alpha = 1/2) less its Gibbs-Thomson shift, its net reaction is zero to round-off while its two sides
 * react in opposite directions (bipolar), and an inert disc does not react at all.
 */
#include "check.h"
#include "deadzn.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* The defaults on the 6.4 um square of 64 x 64 cells these tests share. */
static void grid64(ZnPhys *p)
{
    phys_defaults(p);
    p->grid.nx = 64;
    p->grid.ny = 64;
    p->grid.dx = 0.1e-6;
}

/* The test's own labelling: 1 on metal (xi > 1/2) 4-connected to the collector row, x
 * periodic (a serial flood fill); caller frees. */
static int *flood_from_collector(const double *xi, int nx, int ny)
{
    size_t n = (size_t)nx * ny;
    int *mark = calloc(n, sizeof *mark), *stack = malloc(n * sizeof *stack);
    int top = 0;
    for (int i = 0; i < nx; i++)
        if (xi[i] > 0.5) {
            mark[i] = 1;
            stack[top++] = i;
        }
    while (top > 0) {
        int c = stack[--top], i = c % nx, j = c / nx;
        int nb[4] = {j * nx + (i + 1) % nx, j * nx + (i + nx - 1) % nx, j + 1 < ny ? c + nx : -1, j > 0 ? c - nx : -1};
        for (int q = 0; q < 4; q++)
            if (nb[q] >= 0 && !mark[nb[q]] && xi[nb[q]] > 0.5) {
                mark[nb[q]] = 1;
                stack[top++] = nb[q];
            }
    }
    free(stack);
    return mark;
}

static void strip_mushroom(int dead_mode)
{
    ZnPhys p;
    grid64(&p);
    p.dead_zn = dead_mode;
    p.k2 = p.k6 = 0.0; /* uniform kinetics: the neck goes first because it is thinnest */
    ZnEngine e;
    check_engine(&e, check_backend(), &p, NULL);
    int nx = p.grid.nx, ny = p.grid.ny;
    double h = p.grid.dx, d = p.delta;
    double *xi = malloc((size_t)nx * ny * sizeof *xi);
    double cap_area = 0.0;
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            double x = (i + 0.5) * h, y = (j + 0.5) * h;
            double s_foil = y - 0.8e-6;                                /* foil 0.8 um */
            double s_neck = fmax(fabs(x - 3.2e-6) - 0.3e-6, y - 3.0e-6); /* 0.6 um wide */
            double s_cap = hypot(x - 3.2e-6, y - 3.8e-6) - 1.2e-6;      /* cap, r 1.2 um */
            double s = fmin(s_foil, fmin(s_neck, s_cap));
            xi[(size_t)j * nx + i] = 0.5 * (1 - tanh(s / d));
            if (s_cap < 0 && s_neck > 0 && s_foil > 0) cap_area += h * h;
        }
    engine_upload(&e, xi, NULL, NULL);
    double A = h * h, Lx = nx * h, nFcs = p.n * ZN_FARADAY * p.cs;
    double m0 = e.sum_xi * A;                       /* initial metal, m^2 per unit depth */
    ZnControl ctl = {ZN_CTRL_CURRENT, -100.0, 0.0}; /* strip at 10 mA/cm^2 */
    double dt = 1e-3, stripped = 0.0;
    long steps = 0;
    ZnStepInfo info;
    while (steps < 200000) {
        if (engine_step(&e, &ctl, dt, &info) != 0) {
            if (!e.exhausted) printf("FAIL strip step: %s\n", e.err);
            break;
        }
        stripped += -info.charge;
        dt = engine_next_dt(&e, dt, info.max_rate);
        steps++;
    }
    const char *mode = dead_mode == ZN_DEAD_FLOATING ? "floating" : "inert";
    char label[160];
    ZnDeadZn dz;
    deadzn_measure(&e, &dz);
    double dead = dz.dead_metal * Lx;               /* m^2 per unit depth */
    double stripped_metal = stripped * Lx / nFcs;
    /* independent of the engine's accumulators and labels: the field itself, labelled here by
     * a serial flood fill (xi > 1/2, 4-connected, periodic in x) from the collector row */
    engine_download(&e, xi, NULL, NULL);
    size_t n = (size_t)nx * ny;
    int *mark = flood_from_collector(xi, nx, ny);
    /* a dead body's metal: its cells (xi > 1/2, not reached from the collector) and the
     * diffuse cells (xi <= 1/2) within 2.5 interface widths of them (inert: Chebyshev distance
     * in cells, x periodic), where its profile's tail lies; floating: within 5 widths, reached
     * by steps to the 8 neighbours that never climb in xi (the body's own side of the profile,
     * host/engine/deadzn.c), grown here cell by cell */
    int floating = dead_mode == ZN_DEAD_FLOATING;
    int reach = (int)((floating ? 5.0 : 2.5) * p.delta / p.grid.dx + 0.999);
    char *halo = calloc(n, 1), *grown = calloc(n, 1);
    for (size_t c = 0; c < n; c++) halo[c] = xi[c] > 0.5 && !mark[c];
    for (int step = 0; step < reach; step++) {
        for (size_t c = 0; c < n; c++) {
            int i = (int)(c % nx), j = (int)(c / nx);
            grown[c] = 0;
            if (xi[c] > 0.5 && mark[c]) continue; /* attached metal is never a dead body's */
            for (int dj = -1; dj <= 1 && !grown[c]; dj++)
                for (int di = -1; di <= 1 && !grown[c]; di++) {
                    int jj = j + dj, ii = ((i + di) % nx + nx) % nx;
                    if (jj < 0 || jj >= ny) continue;
                    size_t q = (size_t)jj * nx + ii;
                    grown[c] = halo[q] && (!floating || xi[c] <= xi[q]);
                }
        }
        char *t = halo;
        halo = grown;
        grown = t;
    }
    double field_total = 0.0, dead_own = 0.0, dead_core = 0.0;
    for (size_t c = 0; c < n; c++) {
        field_total += xi[c] * A;
        if (xi[c] > 0.5 && !mark[c]) dead_core += xi[c] * A;
        if (halo[c] && !(xi[c] > 0.5 && mark[c])) dead_own += xi[c] * A;
    }
    free(halo);
    free(grown);
    printf("     the dead island's rim (xi <= 1/2) holds %.1f %% of its metal\n", 100.0 * (dead_own - dead_core) / dead_own);
    free(mark);
    /* the applied charge: 10 mA/cm^2 for the time the strip ran */
    double applied_metal = 100.0 * e.t * Lx / nFcs;
    printf("     %ld steps; stripped %.4f mAh/cm^2 of %.4f; dead %.3f um^2 in %d island(s), cap %.3f um^2\n",
           steps, stripped / 36000.0, m0 / Lx * nFcs / 36000.0, dead * 1e12, dz.islands, cap_area * 1e12);
    snprintf(label, sizeof label, "%s: the strip ended because no attached metal was left", mode);
    check_abs(label, e.exhausted, 1, 0);
    snprintf(label, sizeof label, "CHECKS 14 %s: the detached cap is one dead island", mode);
    check_abs(label, dz.islands, 1, 0);
    snprintf(label, sizeof label, "CHECKS 14 %s: the dead island keeps most of the cap (dead / cap area)", mode);
    check_above(label, dead / cap_area, 0.6);
    snprintf(label, sizeof label, "CHECKS 14 %s: Coulombic efficiency of stripping the deposit < 1", mode);
    check_below(label, stripped_metal / m0, 0.95);
    snprintf(label, sizeof label, "CHECKS 14 %s: dead metal = the test's own flood fill of the field (exact)", mode);
    check_rel(label, dead, dead_own, 1e-12);
    snprintf(label, sizeof label, "CHECKS 14 %s: metal lost from the field = applied current x time (Faraday)", mode);
    check_abs(label, (m0 - field_total - applied_metal) / m0, 0.0, 1e-6);
    snprintf(label, sizeof label, "CHECKS 14 %s: the stripped charge the engine reports = applied current x time", mode);
    check_abs(label, (stripped_metal - applied_metal) / m0, 0.0, 1e-6);
    free(xi);
    engine_destroy(&e);
}

static void floating_disc(void)
{
    ZnPhys p;
    grid64(&p);
    p.k2 = p.k6 = 0.0;
    p.dead_zn = ZN_DEAD_FLOATING;
    ZnEngine e;
    check_engine(&e, check_backend(), &p, NULL);
    int nx = p.grid.nx, ny = p.grid.ny;
    size_t n = (size_t)nx * ny;
    double h = p.grid.dx, *xi = malloc(n * sizeof *xi), *c = malloc(n * sizeof *c), *phi = malloc(n * sizeof *phi);
    const double xc = 3.2e-6, yc = 3.6e-6, g = 2.0e4; /* 20 mV/um: 40 mV across the disc */
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            size_t q = (size_t)j * nx + i;
            double x = (i + 0.5) * h, y = (j + 0.5) * h;
            double s = fmin(y - 0.8e-6, hypot(x - xc, y - yc) - 1.0e-6);
            xi[q] = 0.5 * (1 - tanh(s / p.delta));
            c[q] = 1.0;
            phi[q] = 0.0;
        }
    /* the drawn profile first settles at rest (its relaxation would otherwise be part of what
     * the floating balance compensates): then the ramp is laid over the settled disc */
    engine_upload(&e, xi, c, phi);
    {
        ZnControl rest = {ZN_CTRL_CURRENT, 0.0, 0.0};
        double dt = 1e-3;
        check_run_until(&e, &rest, 20.0, &dt);
    }
    engine_download(&e, xi, NULL, NULL);
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) phi[(size_t)j * nx + i] = g * ((i + 0.5) * h - xc);
    engine_upload(&e, xi, c, phi);
    deadzn_update_mask(&e);
    PfArgs a = engine_pf_args(&e, 1e-3, 0.0);
    deadzn_float(&e, a, NULL);
    check_abs("floating: the dead disc gets a potential of its own", e.nfloat, 1, 0);
    double tab[2] = {0, 0};
    e.be->download(tab, e.float_E, sizeof tab);
    /* the Butler-Volmer balance alone, ln(B/A)/(n f) over the disc's cells: by symmetry the ramp
     * cancels (alpha = 1/2) and what is left is the Gibbs-Thomson shift of a disc of radius
     * 1 um, -gamma V_m / (n F R) (-23.7 uV) */
    double gt = -p.gt_gamma / p.cs / (p.n * ZN_FARADAY * 1.0e-6);
    a = engine_pf_args(&e, 1e-3, 0.0);
    a.select = tab[0];
    PxSum3 sums = e.be->k->pf_sums(e.r, a);
    double nf = p.n * ZN_FARADAY / (ZN_GAS_R * p.T);
    check_rel("floating: Butler-Volmer balance of a dead disc in a symmetric 40 mV ramp = its Gibbs-Thomson potential (V)",
              log(sums.v[2] / sums.v[1]) / nf, gt, 0.05);
    /* E_b also pays the disc's relaxation (its profile's own drift), so that its metal is kept:
     * the reaction at E_b cancels it */
    double net = e.be->k->pf_sum_reaction(e.r, a);
    /* the anodic half alone, at E_b, is the scale the net sum is compared with */
    double anodic = sums.v[1] * exp((1 - p.alpha) * nf * tab[1]);
    printf("     floating disc: E_b %.4g V (Gibbs-Thomson %.4g V); relaxation sum %.4g of the anodic part\n",
           tab[1], gt, sums.v[0] / anodic);
    check_below("floating: net reaction + relaxation of the dead disc / its anodic part", fabs(net + sums.v[0]) / anodic, 1e-12);
    /* bipolar: the low-phi side (left, eta = E - phi > 0) strips, the right side plates */
    double left = 0.0, right = 0.0;
    {
        double *rate = malloc(n * sizeof *rate);
        ZnControl ctl = {ZN_CTRL_POTENTIAL, 0.0, 0.0};
        ZnStepInfo info;
        ZnDeadZn d0, d1;
        deadzn_measure(&e, &d0);
        engine_step(&e, &ctl, 1e-3, &info);
        deadzn_measure(&e, &d1);
        /* what its two sides exchange in the step is the scale */
        double swapped = anodic * 1e-3 * h * h / (nx * h);
        printf("     floating disc: metal change in the step %.3g of what its sides exchanged\n",
               (d1.dead_metal - d0.dead_metal) / swapped);
        check_below("floating: the dead disc keeps its metal (change / metal its sides exchange)",
                    fabs(d1.dead_metal - d0.dead_metal) / swapped, 1e-3);
        e.be->download(rate, e.rate, n * sizeof *rate);
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++) {
                double x = (i + 0.5) * h, y = (j + 0.5) * h;
                if (hypot(x - xc, y - yc) > 1.6e-6 || y < 2.2e-6) continue;
                if (x < xc - 0.5e-6) left += rate[(size_t)j * nx + i];
                if (x > xc + 0.5e-6) right += rate[(size_t)j * nx + i];
            }
        free(rate);
    }
    printf("     dead disc: d xi/dt summed on the left %.4g, right %.4g 1/s\n", left, right);
    check_below("floating: bipolar: the low-potential side strips (sum of d xi/dt, 1/s)", left, -0.05);
    check_above("floating: bipolar: the high-potential side plates (sum of d xi/dt, 1/s)", right, 0.03);
    /* inert: the same disc does not react */
    e.phys.dead_zn = ZN_DEAD_INERT;
    engine_upload(&e, xi, c, phi);
    deadzn_update_mask(&e);
    e.nfloat = 0;
    a = engine_pf_args(&e, 1e-3, 0.0);
    a.select = tab[0];
    check_abs("inert: the dead disc has no reaction", e.be->k->pf_sum_reaction(e.r, a), 0.0, 0.0);
    free(xi);
    free(c);
    free(phi);
    engine_destroy(&e);
}

/* A post left on the foil 0.2 um under a detached disc (what a stem leaves when it pinches):
 * the disc's halo must not switch off the post's metal, or the post could not strip away from
 * the disc and the two diffuse tips would stay close enough to bridge. */
static void post_under_dead_disc(void)
{
    ZnPhys p;
    grid64(&p);
    ZnEngine e;
    check_engine(&e, check_backend(), &p, NULL);
    int nx = p.grid.nx, ny = p.grid.ny;
    size_t n = (size_t)nx * ny;
    double h = p.grid.dx, *xi = malloc(n * sizeof *xi), *act = malloc(n * sizeof *act);
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            double x = (i + 0.5) * h, y = (j + 0.5) * h;
            double s_post = fmax(fabs(x - 3.2e-6) - 0.4e-6, y - 2.6e-6);
            double s = fmin(fmin(y - 0.8e-6, s_post), hypot(x - 3.2e-6, y - 3.8e-6) - 1.0e-6);
            xi[(size_t)j * nx + i] = 0.5 * (1 - tanh(s / p.delta));
        }
    engine_upload(&e, xi, NULL, NULL);
    deadzn_update_mask(&e);
    e.be->download(act, e.act, n * sizeof *act);
    int *attached = flood_from_collector(xi, nx, ny);
    int taken = 0, dead_cells = 0;
    for (size_t c = 0; c < n; c++) {
        if (attached[c] && act[c] != 0.0) taken++;
        if (!attached[c] && xi[c] > 0.5 && act[c] != 0.0) dead_cells++;
    }
    check_above("the disc above the post is dead (its metal cells in the reaction mask)", dead_cells, 100);
    check_abs("attached metal within the dead disc's halo still reacts (cells switched off)", taken, 0, 0);
    free(attached);
    free(xi);
    free(act);
    engine_destroy(&e);
}

int main(void)
{
    post_under_dead_disc();
    strip_mushroom(ZN_DEAD_INERT);
    strip_mushroom(ZN_DEAD_FLOATING);
    floating_disc();
    return check_finish();
}
