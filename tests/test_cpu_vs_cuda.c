/* test_cpu_vs_cuda.c - CHECKS 12: the same scenario for N steps on both backends in double
 * precision agrees to 1e-9 in xi, c~ and phi (relative where |c~| > 1). Three set-ups on the
 * same bumpy (101) foil:
 *   - plain plating in the default 2 M electrolyte;
 *   - the far field and positivity: a 50 um separator column above the domain (Robin top
 *     face, the column's own update), hydrogen evolution with the acidity field, and 0.05 M at
 *     several times the limiting current, so that the salt at the front runs out and the
 *     positivity re-solve runs (the test asserts it did, on the CPU);
 *   - ZHS: 2 M with a fast hydrogen evolution that lifts the surface pH past 5.5, so that ZHS
 *     forms (asserted on the CPU) and blocks reaction and transport.
 * Depletion and ZHS are kept apart: together (measured on an H200, 2026-11-27) the backends
 * drifted to 4e-8 in 100 steps. In a depleted front whose salt is being taken by ZHS, which
 * cells precipitate, which are capped and which take the implicit uptake are threshold
 * decisions, and the two backends' last-digit differences (sum order, the device's exp) flip
 * some of them.
 *   - the first-order phase-field step with the explicit potential coupling (numerics:
 *     {time_scheme: euler, potential_coupling: explicit}, kept for one release) in the plain
 *     set-up and in the depletion set-up; the other set-ups run the defaults (sbdf2,
 *     linearized). The depletion set-up at the defaults drifted to 4.4e-9 in c~ and 1.1e-8 V in
 *     phi in 100 steps (H200, 2026-11-28; xi 2.6e-10, E 3e-12): a KNOWN line up to 1e-7. Why,
 *     measured on the CPU alone: c~ perturbed by 1e-13 (relative) at the start of this set-up
 *     differs after 100 steps by 6.5e-9 in c~ and 2.5e-8 V in phi at the defaults, 3.5e-10 and
 *     3.3e-11 with the Euler step and the explicit coupling (the plain set-up: 4e-12 and 1e-14
 *     with either). The salt-limited front amplifies any last-digit difference, and the
 *     second-order step's extrapolation more than the Euler step; the backends' difference is
 *     of that size (docs/numerics.md). The Euler/explicit depletion run, whose code path is
 *     unchanged since it met 1e-9 on an H100 (2026-11-28, cce172a), stays strict.
 * Diagnostics (not used by the suite): ZNPF_CVC_SIDES="1 3" runs those set-ups only,
 * ZNPF_CVC_SCHEME=euler|sbdf2 and ZNPF_CVC_COUPLING=explicit|linearized override every set-up.
 * Then a Zn||Cu cycle with nucleation on a zincophobic collector (135 deg: caps, and the wall
 * term of the phase field) through run_scenario. Skips cleanly without a CUDA
 * device (set ZNPF_REQUIRE_GPU=1 to turn the skip into a failure, as `make test-gpu` does). */
#include "check.h"
#include "deadzn.h"
#include "npy.h"
#include "run.h"
#include "scenario.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long long labels[128 * 96];

/* Runs the bumpy foil for `steps` steps; side = 1 adds the separator, HER with acidity and a
 * depleting current, side = 2 HER with acidity and ZHS, side = 3 takes the Euler step with the
 * explicit coupling, side = 4 is side 1 with the Euler step and the explicit coupling. Returns the number of steps whose salt
 * solve was redone for positivity. */
static int run(const ZnBackend *be, double *out, long long *lab, int steps, int side)
{
    ZnPhys p;
    phys_defaults(&p);
    p.grid.nx = 128;
    p.grid.ny = 96;
    p.grid.dx = 0.1e-6;
    p.texture = ZN_TEX_101;
    ZnInitial in = {0};
    in.thickness = 1.5e-6;
    in.nbumps = 2;
    in.bumps[0] = (ZnBump){3.0e-6, 1.0e-6, 0.6e-6};
    in.bumps[1] = (ZnBump){8.0e-6, 1.4e-6, 0.7e-6};
    double i = 200.0;
    if (side == 1 || side == 4) {
        p.c0 = 50.0;     /* 0.05 M: the limiting current of the 8 um gap is ~1400 A/m^2 */
        p.sep_L = 50e-6; /* and with the separator's 50 um, ~200 A/m^2 */
        p.her = 1;
        p.her_acidity = 1;
        p.her_i0H_zn = p.her_i0W_zn = 1e-3; /* fast: HER carries what the salt cannot */
        i = 2000.0;
    } else if (side == 2) {
        p.her = 1;
        p.her_acidity = 1;
        p.her_zhs = 1;
        p.her_i0H_zn = p.her_i0W_zn = 3e-3; /* the surface pH passes 5.5 */
    }
    if (side >= 3) {
        p.time_scheme = ZN_SCHEME_EULER;
        p.pot_coupling = ZN_COUPLING_EXPLICIT;
    }
    const char *sch = getenv("ZNPF_CVC_SCHEME"), *cpl = getenv("ZNPF_CVC_COUPLING");
    if (sch) p.time_scheme = strcmp(sch, "euler") == 0 ? ZN_SCHEME_EULER : ZN_SCHEME_SBDF2;
    if (cpl) p.pot_coupling = strcmp(cpl, "explicit") == 0 ? ZN_COUPLING_EXPLICIT : ZN_COUPLING_LINEARIZED;
    ZnEngine e;
    check_engine(&e, be, &p, &in);
    ZnControl ctl = {ZN_CTRL_CURRENT, i, 0.0};
    double dt = 1e-3;
    int positive = 0;
    for (int s = 0; s < steps; s++) {
        ZnStepInfo info;
        if (engine_step(&e, &ctl, dt, &info) != 0) {
            printf("FAIL %s step: %s\n", be->name, e.err);
            exit(1);
        }
        positive += info.positive;
        dt = engine_next_dt(&e, dt, info.max_rate);
    }
    size_t n = (size_t)p.grid.nx * p.grid.ny;
    engine_download(&e, out, out + n, out + 2 * n);
    out[3 * n] = e.E;
    double zhs_cover;
    engine_zhs(&e, &out[3 * n + 1], &zhs_cover); /* Zn held in ZHS, C/m^2 */
    ZnDeadZn dz;
    deadzn_measure(&e, &dz);
    be->download(lab, e.lab, n * sizeof(long long));
    engine_destroy(&e);
    return positive;
}

/* cmp of grain.npy and grains.csv of two run folders: 1 when both are byte-identical. */
static int same_grains(const char *a, const char *b)
{
    char cmd[2400];
    snprintf(cmd, sizeof cmd, "cmp -s %s/grain.npy %s/grain.npy && cmp -s %s/grains.csv %s/grains.csv", a, b, a, b);
    return system(cmd) == 0;
}

int main(void)
{
    char why[256];
    const ZnBackend *cuda = zn_backend_cuda(why, sizeof why);
    if (!cuda) {
        const char *req = getenv("ZNPF_REQUIRE_GPU");
        if (req && strcmp(req, "1") == 0) printf("FAIL CHECKS 12 CPU vs CUDA: %s\n", why);
        else check_skip("CHECKS 12 CPU vs CUDA", why);
        return check_finish();
    }
    size_t n = (size_t)128 * 96;
    double *a = malloc((3 * n + 2) * sizeof *a), *b = malloc((3 * n + 2) * sizeof *b);
    static long long la[128 * 96];
    const char *only = getenv("ZNPF_CVC_SIDES");
    for (int side = 0; side < 5; side++) {
        char tag[4];
        snprintf(tag, sizeof tag, "%d", side);
        if (only && !strstr(only, tag)) continue;
        const char *what = side == 1 ? "with separator, HER, acidity, depletion"
                         : side == 2 ? "with HER, acidity, ZHS"
                         : side == 3 ? "plain plating, Euler step, explicit coupling"
                         : side == 4 ? "with separator, HER, acidity, depletion, Euler step, explicit coupling"
                                     : "plain plating";
        int pos = run(&zn_backend_cpu, a, la, 100, side);
        run(cuda, b, labels, 100, side);
        char name[200];
        if (side == 1 || side == 4) {
            snprintf(name, sizeof name, "CHECKS 12 CPU vs CUDA %s: the positivity re-solve ran (steps, CPU)", what);
            check_above(name, pos, 0.5);
        }
        if (side == 2) {
            snprintf(name, sizeof name, "CHECKS 12 CPU vs CUDA %s: ZHS formed (Zn in it, C/m^2, CPU)", what);
            check_above(name, a[3 * n + 1], 1e-12);
            snprintf(name, sizeof name, "CHECKS 12 CPU vs CUDA %s: Zn in ZHS agrees (relative)", what);
            check_below(name, fabs(a[3 * n + 1] - b[3 * n + 1]) / fmax(1e-300, fabs(a[3 * n + 1])), 1e-9);
        }
        int ldiff = 0;
        for (size_t q = 0; q < n; q++) ldiff += la[q] != labels[q];
        snprintf(name, sizeof name, "CHECKS 12 CPU vs CUDA %s: dead-Zn labels identical (cells that differ)", what);
        check_abs(name, ldiff, 0, 0);
        const char *names[3] = {"xi", "c~", "phi (V)"};
        for (int k = 0; k < 3; k++) {
            /* round-off of the two backends' sums scales with the value: the metal side of
             * the depleted front keeps a bookkeeping c~ of about -12 (docs/model.md), where
             * 1e-9 relative is 1.2e-8 absolute; elsewhere the fields are O(1) */
            double worst = 0.0;
            size_t at = 0;
            for (size_t q = 0; q < n; q++) {
                double d = fabs(a[k * n + q] - b[k * n + q]) / fmax(1.0, fabs(a[k * n + q]));
                if (d > worst) {
                    worst = d;
                    at = q;
                }
            }
            snprintf(name, sizeof name, "CHECKS 12 CPU vs CUDA %s, 100 steps: max |d %s| / max(1, |%s|) (cell %zu: %.12g vs %.12g)",
                     what, names[k], names[k], at, a[k * n + at], b[k * n + at]);
            if (side == 1) check_known_below(name, worst, 1e-9, 1e-7);
            else check_below(name, worst, 1e-9);
        }
        snprintf(name, sizeof name, "CHECKS 12 CPU vs CUDA %s: |d E| (V)", what);
        check_below(name, fabs(a[3 * n] - b[3 * n]), 1e-9);
    }
    free(a);
    free(b);
    if (only) return check_finish();

    /* grains and nuclei: a Zn||Cu cycle with progressive nucleation on each backend gives the
     * same nuclei (host-drawn, counter-based) and the same grain field after epitaxy */
    static ZnScenario sc;
    const char *path = "configs/ci/zn_cu_cycle.yaml";
    if (scenario_load(path, &sc, why, sizeof why) != 0) {
        printf("FAIL %s: %s\n", path, why);
        return check_finish();
    }
    sc.cycles = 1;
    sc.nsteps = 1;
    sc.phys.wet_deg = 135.0;
    const char *be_name[2] = {"cpu", "cuda"}, *dirs[2] = {T("/tmp/znpf_cvc_cpu"), T("/tmp/znpf_cvc_cuda")};
    for (int k = 0; k < 2; k++) {
        sc.backend = k == 0 ? ZN_BACKEND_CPU : ZN_BACKEND_CUDA;
        ZnRunOptions o = {dirs[k], 1, 1, 0, 0};
        char label[128];
        snprintf(label, sizeof label, "Zn||Cu plating with nucleation runs on %s", be_name[k]);
        check_abs(label, run_scenario(&sc, path, &o), 0, 0);
    }
    check_abs("CHECKS 12 CPU vs CUDA: grain fields identical (grain.npy, grains.csv)",
              same_grains(dirs[0], dirs[1]), 1, 0);
    double *xa = NULL, *xb = NULL;
    int ra, ca, rb, cb;
    if (npy_read(T("/tmp/znpf_cvc_cpu/xi.npy"), &xa, &ra, &ca, why, sizeof why) == 0 &&
        npy_read(T("/tmp/znpf_cvc_cuda/xi.npy"), &xb, &rb, &cb, why, sizeof why) == 0 && ra == rb && ca == cb) {
        double worst = 0.0;
        for (size_t q = 0; q < (size_t)ra * ca; q++) worst = fmax(worst, fabs(xa[q] - xb[q]));
        check_below("CHECKS 12 CPU vs CUDA with nucleation: max |d xi|", worst, 1e-9);
    } else {
        printf("FAIL CHECKS 12 CPU vs CUDA with nucleation: reading xi.npy: %s\n", why);
    }
    free(xa);
    free(xb);
    return check_finish();
}
