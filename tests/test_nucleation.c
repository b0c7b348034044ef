/* test_nucleation.c - grains and nuclei (issue #5):
 *   - the counter-based RNG is uniform and a pure function of its counter,
 *   - sites: count Lx sqrt(density), same seed -> same sites, lattice spacing exact,
 *     clustered sites closer than random ones, progressive activation times exponential with
 *     mean 1/rate,
 *   - polycrystal: grain count from the size, texture fractions drawn within sampling error,
 *   - facet families of flat (002), (101) and (100) surfaces,
 *   - epitaxy: metal grown on a seed of another grain carries that grain; grain boundaries in
 *     the metal stay put,
 *   - a Zn||Cu run: the nuclei's metal is paid by the applied current (metal = i t exactly
 *     once the debt is settled) and every plated charge is stripped again (CE = 1 without
 *     dead Zn), and a restart in the middle of progressive nucleation is bit-identical. */
#include "check.h"
#include "grains.h"
#include "nucleation.h"
#include "polycrystal.h"
#include "rng.h"
#include "run.h"
#include "scenario.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : (x > y);
}

/* The sites' positions in increasing order (malloc'ed). */
static double *sorted_x(const ZnSite *s, int n)
{
    double *x = (double *)malloc((size_t)n * sizeof(double));
    for (int k = 0; k < n; k++) x[k] = s[k].x;
    qsort(x, (size_t)n, sizeof(double), cmp_double);
    return x;
}

/* Mean distance from each site to its nearest neighbour (periodic). */
static double mean_nn(const ZnSite *s, int n, double Lx)
{
    double *x = sorted_x(s, n);
    double sum = 0.0;
    for (int k = 0; k < n; k++) {
        double l = k > 0 ? x[k] - x[k - 1] : x[0] + Lx - x[n - 1];
        double r = k < n - 1 ? x[k + 1] - x[k] : x[0] + Lx - x[k];
        sum += l < r ? l : r;
    }
    free(x);
    return sum / n;
}

static void test_rng(void)
{
    double sum = 0.0, sum2 = 0.0;
    int inside = 1;
    const int N = 200000;
    for (int k = 0; k < N; k++) {
        double u = zn_rng_u01(42, 7, (uint64_t)k);
        inside &= u > 0.0 && u < 1.0;
        sum += u;
        sum2 += u * u;
    }
    check_abs("rng: every draw in (0, 1)", inside, 1, 0);
    check_abs("rng: mean of 2e5 uniform draws", sum / N, 0.5, 5 * sqrt(1.0 / 12.0 / N));
    check_abs("rng: variance of 2e5 uniform draws", sum2 / N - (sum / N) * (sum / N), 1.0 / 12.0, 0.002);
    check_abs("rng: a draw is a function of (seed, stream, index)",
              zn_rng_u01(42, 7, 1234) == zn_rng_u01(42, 7, 1234) && zn_rng_u01(42, 7, 1234) != zn_rng_u01(43, 7, 1234),
              1, 0);
}

static ZnNucleation nuc_defaults(void)
{
    ZnNucleation nu;
    memset(&nu, 0, sizeof nu);
    nu.enabled = 1;
    nu.density = 1e10; /* 1e6 /cm^2 */
    nu.radius = 1e-6;
    nu.frac[0] = nu.frac[1] = nu.frac[2] = 1.0 / 3.0;
    nu.activity = 1.0;
    nu.cluster_size = 5;
    nu.cluster_radius = 2e-6;
    nu.seed = 9;
    return nu;
}

static void test_sites(void)
{
    char why[256];
    double Lx = 0.01; /* 1 cm: 1000 sites at 1e6 /cm^2 */
    ZnNucleation nu = nuc_defaults();
    ZnSite *a = NULL, *b = NULL, *c = NULL;
    int na = 0, nb = 0, nc = 0;
    nuc_sites(&nu, Lx, 0, &a, &na, why, sizeof why);
    nuc_sites(&nu, Lx, 0, &b, &nb, why, sizeof why);
    check_abs("sites: Lx sqrt(density) of them", na, 1000, 0);
    check_abs("sites: the same seed gives the same sites", na == nb && memcmp(a, b, (size_t)na * sizeof *a) == 0, 1, 0);
    nu.seed = 10;
    nuc_sites(&nu, Lx, 0, &c, &nc, why, sizeof why);
    check_abs("sites: another seed gives other sites", memcmp(a, c, (size_t)na * sizeof *a) != 0, 1, 0);
    free(c);
    nuc_sites(&nu, Lx, 1, &c, &nc, why, sizeof why);
    check_abs("sites: the next plating step draws new sites", c[0].x != a[0].x, 1, 0);
    free(c);
    /* uniform random: mean nearest-neighbour distance of a Poisson line process is 1/(2 lambda) */
    double lambda = na / Lx;
    check_rel("sites: random placement, mean nearest-neighbour distance vs 1/(2 lambda)", mean_nn(a, na, Lx),
              0.5 / lambda, 0.1);
    nu.placement = ZN_NUC_LATTICE;
    nuc_sites(&nu, Lx, 0, &c, &nc, why, sizeof why);
    double dmin = 1e9, dmax = 0.0;
    {
        double *x = sorted_x(c, nc);
        for (int k = 1; k < nc; k++) {
            dmin = fmin(dmin, x[k] - x[k - 1]);
            dmax = fmax(dmax, x[k] - x[k - 1]);
        }
        free(x);
    }
    check_rel("sites: lattice spacing is Lx / N (smallest gap)", dmin, Lx / nc, 1e-9);
    check_rel("sites: lattice spacing is Lx / N (largest gap)", dmax, Lx / nc, 1e-9);
    free(c);
    nu.placement = ZN_NUC_CLUSTERED;
    nuc_sites(&nu, Lx, 0, &c, &nc, why, sizeof why);
    check_below("sites: clustered sites sit closer than random ones (nn distance ratio)",
                mean_nn(c, nc, Lx) / mean_nn(a, na, Lx), 0.5);
    free(c);
    nu.placement = ZN_NUC_RANDOM;
    nu.mode = ZN_NUC_PROGRESSIVE;
    nu.rate = 0.25;
    nuc_sites(&nu, Lx, 0, &c, &nc, why, sizeof why);
    double mean = 0.0;
    int sorted = 1;
    for (int k = 0; k < nc; k++) {
        mean += c[k].t_act / nc;
        if (k > 0 && c[k].t_act < c[k - 1].t_act) sorted = 0;
    }
    check_abs("sites: progressive sites come in order of activation", sorted, 1, 0);
    check_rel("sites: progressive activation times have mean 1/rate (N0 (1 - exp(-A t)))", mean, 4.0,
              5.0 / sqrt((double)nc));
    free(a);
    free(b);
    free(c);
}

static void test_polycrystal(void)
{
    ZnPhys p;
    phys_defaults(&p);
    p.grid.nx = 400;
    p.grid.ny = 40;
    p.grid.dx = 0.1e-6;
    ZnInitial in;
    memset(&in, 0, sizeof in);
    in.thickness = 2e-6;
    ZnPolycrystal pc;
    memset(&pc, 0, sizeof pc);
    pc.enabled = 1;
    pc.size = 0.2e-6;
    pc.frac[0] = 0.6;
    pc.frac[1] = 0.3;
    pc.frac[2] = 0.1;
    pc.seed = 5;
    int *g = (int *)malloc((size_t)p.grid.nx * p.grid.ny * sizeof(int));
    ZnGrain *tab = NULL;
    int n = 0;
    char why[256];
    int rc = poly_build(&pc, &p, &in, &tab, &n, g, why, sizeof why);
    check_abs("polycrystal: built", rc, 0, 0);
    check_abs("polycrystal: grains = foil area / size^2", n, 40e-6 * 2e-6 / (0.2e-6 * 0.2e-6), 0.5);
    int count[3] = {0, 0, 0};
    for (int k = 0; k < n; k++) count[phys_tilt_family(-tab[k].theta_f)]++;
    const char *names[3] = {"(002)", "(101)", "(100)"};
    for (int f = 0; f < 3; f++) {
        char label[128];
        snprintf(label, sizeof label, "polycrystal: share of %s grains vs its fraction (5 sigma)", names[f]);
        check_abs(label, (double)count[f] / n, pc.frac[f], 5.0 * sqrt(pc.frac[f] * (1 - pc.frac[f]) / n));
    }
    int used_ok = 1;
    for (size_t c = 0; c < (size_t)p.grid.nx * 20; c++) used_ok &= g[c] >= 0 && g[c] < n;
    check_abs("polycrystal: every foil cell belongs to a grain", used_ok, 1, 0);
    free(tab);
    free(g);
}

/* Facet shares of a flat foil of one texture. */
static void test_facets(void)
{
    const char *names[3] = {"(002)", "(101)", "(100)"};
    for (int tex = 0; tex < 3; tex++) {
        ZnPhys p;
        phys_defaults(&p);
        p.grid.nx = 32;
        p.grid.ny = 32;
        p.grid.dx = 0.1e-6;
        p.texture = tex;
        ZnInitial in;
        memset(&in, 0, sizeof in);
        in.thickness = 1.0e-6;
        ZnEngine e;
        check_engine(&e, check_backend(), &p, &in);
        ZnTexture t;
        grains_texture(&e, &t);
        char label[128];
        snprintf(label, sizeof label, "facets: a flat %s foil is all %s facets", names[tex], names[tex]);
        check_abs(label, t.facet[tex], 1.0, 1e-12);
        engine_destroy(&e);
    }
}

/* A (100) seed of grain 1 on a (002) foil of grain 0: the metal it grows carries grain 1. */
static void test_epitaxy(void)
{
    ZnPhys p;
    phys_defaults(&p);
    p.grid.nx = 64;
    p.grid.ny = 64;
    p.grid.dx = 0.1e-6;
    p.i_ref = 100.0;
    ZnInitial in;
    memset(&in, 0, sizeof in);
    in.thickness = 1.0e-6;
    in.nseeds = 1;
    in.seeds[0].x = 3.2e-6;
    in.seeds[0].radius = 1.0e-6;
    ZnEngine e;
    check_engine(&e, check_backend(), &p, &in);
    size_t n = 64 * 64;
    int *g = (int *)malloc(n * sizeof(int));
    double *xi = (double *)malloc(n * sizeof(double));
    engine_download(&e, xi, NULL, NULL);
    int id = grains_add(&e, -0.5 * PX_PI, 1.0); /* (100): vertical fast direction */
    for (size_t c = 0; c < n; c++) {
        int j = (int)(c / 64), i = (int)(c % 64);
        double d = hypot((i + 0.5) * 0.1e-6 - 3.2e-6, (j + 0.5) * 0.1e-6 - 1.0e-6);
        g[c] = (d < 1.0e-6 && j >= 10) ? id : 0;
    }
    grains_upload(&e, g);
    grains_follow(&e, 0);
    int *g0 = (int *)malloc(n * sizeof(int));
    grains_download(&e, g0);
    double *xi0 = (double *)malloc(n * sizeof(double));
    memcpy(xi0, xi, n * sizeof(double));
    ZnControl ctl = {ZN_CTRL_CURRENT, 100.0, 0.0};
    double dt = 0.05;
    check_run_until(&e, &ctl, 120.0, &dt); /* 0.33 mAh/cm^2: the seed rises ~1.5 um */
    engine_download(&e, xi, NULL, NULL);
    grains_download(&e, g);
    long grown = 0, grown_seed = 0, moved = 0;
    int top = -1;
    for (size_t c = 0; c < n; c++) {
        if (xi[c] > 0.5 && xi0[c] <= 0.5) {
            grown++;
            int i = (int)(c % 64);
            if (abs(i - 32) <= 6) grown_seed += g[c] == id;
        }
        if (xi0[c] > 0.5 && g[c] != g0[c]) moved++;
        if (xi[c] > 0.5 && (int)(c % 64) == 32) top = (int)(c / 64);
    }
    check_above("epitaxy: new metal grew", (double)grown, 50);
    check_abs("epitaxy: the metal above the seed carries the seed's grain (cell at the top)", g[(size_t)top * 64 + 32], id, 0);
    check_above("epitaxy: new metal over the seed in the seed's grain (cells)", (double)grown_seed, 20);
    check_abs("epitaxy: metal present at the start keeps its grain (cells changed)", (double)moved, 0, 0);
    free(g);
    free(g0);
    free(xi);
    free(xi0);
    engine_destroy(&e);
}

static void test_zn_cu(void)
{
    const char *path = "configs/ci/zn_cu_cycle.yaml";
    static ZnScenario sc;
    char why[1024];
    if (scenario_load(path, &sc, why, sizeof why) != 0) {
        printf("FAIL %s: %s\n", path, why);
        return;
    }
    sc.cycles = 1;
    sc.nsteps = 1; /* plating only: the metal must equal the applied charge */
    sc.out_interval = 5.0;
    ZnRunOptions o = {T("/tmp/znpf_nuc_plate"), 1, 1, 0, 0};
    check_abs("Zn||Cu plating with progressive nucleation runs", run_scenario(&sc, path, &o), 0, 0);
    double thick = check_csv_last(T("/tmp/znpf_nuc_plate/metrics.csv"), "mean_thickness_um");
    double grains = check_csv_last(T("/tmp/znpf_nuc_plate/metrics.csv"), "grains");
    /* the plated capacity as dense Zn: Q / (n F cs) */
    double expect_um = sc.steps[0].capacity / (sc.phys.n * ZN_FARADAY * sc.phys.cs) * 1e6;
    check_rel("nucleation: metal on Cu = applied charge (nuclei paid by the current)", thick, expect_um, 1e-5);
    check_above("nucleation: nuclei became grains", grains, 2);

    /* the full two-cycle scenario: no dead Zn forms, so every plated charge comes back */
    scenario_load(path, &sc, why, sizeof why);
    ZnRunOptions o2 = {T("/tmp/znpf_nuc_cycle"), 1, 1, 0, 0};
    check_abs("Zn||Cu two cycles run", run_scenario(&sc, path, &o2), 0, 0);
    double ce = check_csv_last(T("/tmp/znpf_nuc_cycle/cycles.csv"), "coulombic_efficiency");
    double dead = check_csv_last(T("/tmp/znpf_nuc_cycle/cycles.csv"), "dead_zn_um");
    check_abs("Zn||Cu cycle 2: no dead Zn", dead, 0.0, 0.0);
    check_abs("Zn||Cu cycle 2: CE = 1 when no dead Zn forms", ce, 1.0, 1e-6);

    /* stop in the middle of progressive nucleation and resume: bit-identical */
    ZnRunOptions a = {T("/tmp/znpf_nuc_restart"), 1, 1, 40, 0};
    check_abs("Zn||Cu: stopped after 40 steps (exit 130)", run_scenario(&sc, path, &a), 130, 0);
    ZnRunOptions b = {T("/tmp/znpf_nuc_restart"), 0, 1, 0, 0};
    check_abs("Zn||Cu: resumed to the end", run_resume(&b), 0, 0);
    char cmd[3000];
    const char *ra = T("/tmp/znpf_nuc_cycle"), *rb = T("/tmp/znpf_nuc_restart");
    snprintf(cmd, sizeof cmd, "cmp -s %s/metrics.csv %s/metrics.csv && cmp -s %s/xi.npy %s/xi.npy && "
             "cmp -s %s/cycles.csv %s/cycles.csv", ra, rb, ra, rb, ra, rb);
    int same = system(cmd) == 0;
    check_abs("CHECKS 13 with nucleation: resumed run is bit-identical (metrics, cycles, xi)", same, 1, 0);
}

int main(void)
{
    test_rng();
    test_sites();
    test_polycrystal();
    test_facets();
    test_epitaxy();
    test_zn_cu();
    return check_finish();
}
