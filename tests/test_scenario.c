/* test_scenario.c - scenario files and the run driver: bad input gets one line naming
 * file:line:col and the key, good input runs, and the run's outputs hold the numbers the
 * protocol implies (net charge of a plate/rest/strip cycle, metrics rows, .npy headers). */
#include "check.h"
#include "npy.h"
#include "run.h"
#include "scenario.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int expect_error(const char *label, const char *yaml, const char *must_contain)
{
    const char *path = T("/tmp/znpf_test_scenario.yaml");
    FILE *f = fopen(path, "w");
    fputs(yaml, f);
    fclose(f);
    static ZnScenario sc;
    char why[1024] = "";
    int rc = scenario_load(path, &sc, why, sizeof why);
    int ok = rc != 0 && strstr(why, must_contain) != NULL && strchr(why, '\n') == NULL;
    printf("     message: %s\n", why);
    char name[200];
    snprintf(name, sizeof name, "scenario rejects %s in one line naming '%s'", label, must_contain);
    check_abs(name, ok, 1, 0);
    return ok;
}

int main(void)
{
    const char *proto = "protocol:\n  steps:\n    - {type: plate, current: 100, time: 1}\n";
    char buf[2048];
    expect_error("a YAML syntax error", "grid: {nx: 32,\n", "znpf_test_scenario.yaml:");
    snprintf(buf, sizeof buf, "grid:\n  nx: 32\n  nz: 4\n%s", proto);
    expect_error("an unknown key, with a suggestion", buf, ":3:3: grid.nz: unknown key (did you mean 'nx'?)");
    snprintf(buf, sizeof buf, "kinetics:\n  i0: 2 M\n%s", proto);
    expect_error("a value of the wrong dimension", buf,
                 ":2:7: kinetics.i0: expected a current density (e.g. 10 mA/cm^2), got a concentration");
    snprintf(buf, sizeof buf, "electrolyte:\n  transference: 1.5\n%s", proto);
    expect_error("an out-of-range value", buf, "electrolyte.transference: 1.5 is out of range");
    snprintf(buf, sizeof buf, "grid: {nx: 32, ny: 32, dx: 3.0e-7}\n%s", proto);
    expect_error("an interface under 4 cells", buf, "interface.width");
    snprintf(buf, sizeof buf, "interface: {k2: 0.9, k6: 0.2}\n%s", proto);
    expect_error("ill-posed kinetic anisotropy", buf, ":1:13: interface.k2: kinetic anisotropy");
    expect_error("cation transport with the single-field potential",
                 "model: {potential: single-field, transport: cation}\nprotocol:\n  steps:\n"
                 "    - {type: plate, potential: -0.1 V, time: 1 s}\n",
                 ":1:34: model.transport: cation transport with the single-field potential");
    expect_error("current control with the single-field potential",
                 "model: {potential: single-field}\nprotocol:\n  steps:\n"
                 "    - {type: plate, current: 1 mA/cm^2, time: 1 s}\n",
                 "potential control only");
    expect_error("a step without an ending", "protocol:\n  steps:\n    - {type: plate, current: 100}\n",
                 "needs an ending");
    expect_error("a missing protocol", "grid: {nx: 32}\n", "protocol: missing");
    expect_error("a duplicate key", "grid: {nx: 32, nx: 64}\nprotocol: {}\n", "duplicate key");
    expect_error("floating dead Zn with the single-field potential",
                 "model: {potential: single-field, dead_zn: floating}\nprotocol:\n  steps:\n"
                 "    - {type: plate, potential: -0.1 V, time: 1 s}\n",
                 "model.dead_zn: floating dead Zn needs the two-field potential");
    snprintf(buf, sizeof buf, "model: {dead_zn: drifting}\n%s", proto);
    expect_error("an unknown dead-Zn mode", buf, ":1:18: model.dead_zn: expected one of inert floating");
    /* electrolyte property tables */
    const char *rows2 = "electrolyte:\n  concentration: 0.5 M\n  properties:\n"
                        "    - {concentration: 0.1 M, conductivity: 1 S/m, diffusivity: 5e-10 m^2/s}\n"
                        "    - {concentration: 1 M, conductivity: 3 S/m, diffusivity: 4e-10 m^2/s}\n";
    snprintf(buf, sizeof buf, "electrolyte:\n  properties:\n    - {concentration: 0.1 M, conductivity: 1 S/m, "
             "diffusivity: 5e-10 m^2/s}\n%s", proto);
    expect_error("a property table of one row", buf, ":2:3: electrolyte.properties: one row gives no dependence");
    snprintf(buf, sizeof buf, "electrolyte:\n  properties:\n    - {concentration: 1 M, conductivity: 1 S/m, "
             "diffusivity: 5e-10 m^2/s}\n    - {concentration: 0.1 M, conductivity: 3 S/m, diffusivity: 4e-10 "
             "m^2/s}\n%s", proto);
    expect_error("property rows out of order", buf, ":2:3: electrolyte.properties: row 1: concentration 100 mol/m^3 "
                 "not above the row before");
    snprintf(buf, sizeof buf, "electrolyte:\n  properties:\n    - {concentration: 1 M, conductivity: -1 S/m, "
             "diffusivity: 5e-10 m^2/s}\n%s", proto);
    expect_error("a negative conductivity in a row", buf, ":3:42: electrolyte.properties.conductivity: -1 S/m is out of range");
    snprintf(buf, sizeof buf, "electrolyte:\n  properties:\n    - {concentration: 1 M, conductivity: 1 S/m}\n%s", proto);
    expect_error("a row without its diffusivity", buf, ":3:7: electrolyte.properties.diffusivity: missing");
    snprintf(buf, sizeof buf, "%s  conductivity: 2 S/m\n%s", rows2, proto);
    expect_error("a bulk conductivity beside a table that gives another", buf,
                 ":6:3: electrolyte.conductivity: 2 S/m contradicts electrolyte.properties, which gives 1.88889 S/m");
    snprintf(buf, sizeof buf, "%smodel: {transport: cation}\n%s", rows2, proto);
    expect_error("a property table with cation transport", buf, "electrolyte.properties: needs model.transport: binary");
    {
        /* a good table: the bulk values are the table's at the concentration */
        const char *path = T("/tmp/znpf_test_scenario_props.yaml");
        FILE *f = fopen(path, "w");
        fprintf(f, "%s%s", rows2, proto);
        fclose(f);
        static ZnScenario ps;
        char why[512] = "";
        int rc = scenario_load(path, &ps, why, sizeof why);
        check_abs("a property table loads", rc, 0, 0);
        check_rel("its conductivity at 0.5 M: 1 + 2 (0.4/0.9) S/m", ps.phys.sigma_l, 1.0 + 2.0 * 0.4 / 0.9, 1e-14);
        check_rel("its diffusivity at 0.5 M", ps.phys.D_l, 5e-10 - 1e-10 * 0.4 / 0.9, 1e-14);
        /* the table is part of what a checkpoint belongs to: an edited row changes the hash */
        unsigned long long h1 = scenario_hash(&ps);
        ps.phys.props[1].sigma *= 1.0 + 1e-15;
        unsigned long long h2 = scenario_hash(&ps);
        ps.phys.nprops = 0;
        unsigned long long h0 = scenario_hash(&ps);
        check_abs("an edited property row changes the scenario hash", h1 != h2, 1, 0);
        check_abs("a table changes the scenario hash", h0 != h1 && h0 != h2, 1, 0);
    }
    /* texture and nucleation input */
    snprintf(buf, sizeof buf, "initial: {thickness: 1 um}\ngrains:\n  size: 2 um\n  texture: {\"002\": 0.5, \"101\": 0.2}\n%s", proto);
    expect_error("texture fractions that do not sum to 1", buf, ":4:12: grains.texture: the fractions sum to 0.7");
    snprintf(buf, sizeof buf, "initial: {thickness: 1 um}\ngrains:\n  size: 2 um\n  texture: {\"110\": 1}\n%s", proto);
    expect_error("an unknown texture family", buf, "grains.texture.110: unknown key");
    snprintf(buf, sizeof buf, "grains: {size: 2 um}\n%s", proto);
    expect_error("grains without a foil", buf, ":1:10: grains.size: a polycrystalline substrate needs a Zn foil under it (initial.thickness > 0");
    snprintf(buf, sizeof buf, "initial: {thickness: 1 um}\ngrains: {map: no_such_map.png}\n%s", proto);
    expect_error("a missing grain map", buf, ":2:15: grains.map: cannot open the file");
    snprintf(buf, sizeof buf, "nucleation: {density: 1e6 /cm^2, radius: 0.2 um}\n%s", proto);
    expect_error("an unresolved nucleus", buf, ":1:34: nucleation.radius: 2e-07 m is under 2 interface widths");
    snprintf(buf, sizeof buf, "nucleation: {density: 1e6 /cm^2, radius: 1 um, mode: progressive}\n%s", proto);
    expect_error("progressive nucleation without a rate", buf, "nucleation.rate: progressive nucleation needs a rate");
    snprintf(buf, sizeof buf, "nucleation: {density: 1e6 /s, radius: 1 um}\n%s", proto);
    expect_error("a site density of the wrong dimension", buf, "nucleation.density: expected an areal density");
    snprintf(buf, sizeof buf, "nucleation: {density: 1e6 /cm^2, radius: 1 um, texture: substrate}\n%s", proto);
    expect_error("inheriting an orientation from bare Cu", buf, "nucleation.texture: substrate: a Cu collector");
    /* hydrogen evolution input */
    snprintf(buf, sizeof buf, "her:\n  bulk_pH: 15\n%s", proto);
    expect_error("an out-of-range pH", buf, ":2:12: her.bulk_pH: 15 is out of range");
    snprintf(buf, sizeof buf, "her:\n  i0_water_zn: -1e-7 A/m^2\n%s", proto);
    expect_error("a negative exchange current", buf, ":2:16: her.i0_water_zn: -1e-7 A/m^2 is out of range");
    snprintf(buf, sizeof buf, "her:\n  i0_proton_cu: 2 M\n%s", proto);
    expect_error("an HER exchange current of the wrong dimension", buf,
                 ":2:17: her.i0_proton_cu: expected a current density");
    snprintf(buf, sizeof buf, "her:\n  i0_water: 1e-7\n%s", proto);
    expect_error("an unknown HER key", buf, ":2:3: her.i0_water: unknown key (did you mean");
    /* wetting, ZHS and the pH buffer */
    snprintf(buf, sizeof buf, "interface: {contact_angle_deg: 190}\n%s", proto);
    expect_error("a contact angle outside (0, 180) deg", buf, ":1:32: interface.contact_angle_deg: 190 is out of range");
    snprintf(buf, sizeof buf, "her: {acidity: 0, zhs: 1}\n%s", proto);
    expect_error("ZHS without the acidity", buf, ":1:19: her.zhs: ZHS precipitates where the pH rises: it needs her.acidity: 1");
    snprintf(buf, sizeof buf, "her: {zhs_molar_volume: 204 cm^2}\n%s", proto);
    expect_error("a ZHS molar volume of the wrong dimension", buf, "her.zhs_molar_volume: expected a molar volume");
    snprintf(buf, sizeof buf, "her: {buffer_concentration: -1 mM}\n%s", proto);
    expect_error("a negative buffer concentration", buf, "her.buffer_concentration: -1 mM is out of range");
    expect_error("HER with the single-field potential",
                 "model: {potential: single-field}\nher: {bulk_pH: 4.3}\nprotocol:\n  steps:\n"
                 "    - {type: plate, potential: -0.1 V, time: 1 s}\n",
                 "model.potential: hydrogen evolution (her:) needs the two-field potential");
    expect_error("a separator with cation-only transport",
                 "model: {transport: cation}\ncell: {separator: 100 um}\nprotocol:\n  steps:\n"
                 "    - {type: plate, current: 10 mA/cm^2, time: 1 s}\n",
                 ":2:8: cell.separator: the far field needs the binary salt transport");
    snprintf(buf, sizeof buf, "output: {frame_background: pH}\n%s", proto);
    expect_error("a pH background without the acidity", buf,
                 ":1:10: output.frame_background: pH is drawn from the acidity field: it needs a her: section with her.acidity: 1");
    snprintf(buf, sizeof buf, "cell: {separator: -5 um}\n%s", proto);
    expect_error("a separator thinner than zero", buf, ":1:19: cell.separator: -5 um is out of range");
    expect_error("a step with both a current and a potential",
                 "protocol:\n  steps:\n    - {type: plate, current: 1 mA/cm^2, potential: -0.1 V, time: 1 s}\n",
                 "protocol.steps.potential: a step is driven by a current or by a potential, not both");
    {
        static ZnScenario s2;
        char w[512];
        int r = scenario_load("/nonexistent/s.yaml", &s2, w, sizeof w);
        printf("     message: %s\n", w);
        check_abs("scenario rejects a missing file", r != 0 && strstr(w, "cannot open"), 1, 0);
    }

    /* a real short cycle: plate 0.05 mAh/cm^2, rest, strip the same */
    static ZnScenario sc;
    char why[1024];
    if (scenario_load("configs/ci/plate_strip_short.yaml", &sc, why, sizeof why) != 0) {
        printf("FAIL bundled CI scenario loads: %s\n", why);
        return check_finish();
    }
    ZnRunOptions o = {T("/tmp/znpf_test_run"), 1, 1, 0, 0};
    int rc = run_scenario(&sc, "configs/ci/plate_strip_short.yaml", &o);
    check_abs("run of configs/ci/plate_strip_short.yaml exits 0", rc, 0, 0);
    FILE *f = fopen(T("/tmp/znpf_test_run/metrics.csv"), "r");
    double last_charge = -1, max_charge = 0;
    int rows = 0;
    char line[1024];
    while (f && fgets(line, sizeof line, f)) {
        if (rows++ == 0) continue;
        double t, dt, q;
        long step;
        if (sscanf(line, "%lf,%lf,%ld,%lf", &t, &dt, &step, &q) == 4) {
            last_charge = q;
            if (q > max_charge) max_charge = q;
        }
    }
    if (f) fclose(f);
    check_abs("the plating step ends on its capacity: peak net charge 0.05 mAh/cm^2", max_charge, 0.05, 1e-9);
    check_abs("the strip step ends on its capacity: net charge 0 after it", last_charge, 0.0, 1e-9);
    /* Faraday on the fields: after plating and stripping the same charge, the metal in xi.npy
     * (summed here) is the metal the cycle started with (cycles.csv, measured at t = 0) */
    {
        double *xi = NULL, start = NAN;
        int ny = 0, nx = 0;
        FILE *cf = fopen(T("/tmp/znpf_test_run/cycles.csv"), "r");
        char cl[1024];
        while (cf && fgets(cl, sizeof cl, cf)) {
            double v[9];
            int cyc;
            if (sscanf(cl, "%d,%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf", &cyc, &v[0], &v[1], &v[2], &v[3],
                       &v[4], &v[5], &v[6], &v[7]) == 9)
                start = v[7];
        }
        if (cf) fclose(cf);
        if (npy_read(T("/tmp/znpf_test_run/xi.npy"), &xi, &ny, &nx, why, sizeof why) == 0) {
            double sum = 0.0, h = sc.phys.grid.dx;
            for (size_t q = 0; q < (size_t)nx * ny; q++) sum += xi[q];
            free(xi);
            check_abs("Faraday on the fields: metal in xi.npy after the cycle = its start (mAh/cm^2)",
                      sum * h / nx * sc.phys.n * ZN_FARADAY * sc.phys.cs / 36000.0, start, 1e-7);
        } else {
            printf("FAIL xi.npy reads back: %s\n", why);
        }
    }
    check_above("metrics.csv: rows (one per 5 s output and per step end)", rows, 8);
    f = fopen(T("/tmp/znpf_test_run/xi.npy"), "rb");
    unsigned char head[10] = {0};
    size_t got = f ? fread(head, 1, 10, f) : 0;
    if (f) fclose(f);
    check_abs("xi.npy starts with the NumPy magic and a 64-byte aligned header",
              got == 10 && head[0] == 0x93 && memcmp(head + 1, "NUMPY", 5) == 0 &&
                      (10 + head[8] + 256 * head[9]) % 64 == 0, 1, 0);
    /* a second run into the same folder without --force is refused */
    ZnRunOptions o2 = {T("/tmp/znpf_test_run"), 0, 1, 0, 0};
    check_abs("a folder holding a run is not overwritten without --force (exit 2)",
              run_scenario(&sc, "configs/ci/plate_strip_short.yaml", &o2), 2, 0);
    /* every bundled scenario loads */
    {
        const char *dirs[4] = {"configs", "configs/ci", "configs/additives", "configs/validation"};
        for (int d = 0; d < 4; d++) {
            DIR *dir = opendir(dirs[d]);
            struct dirent *ent;
            while (dir && (ent = readdir(dir)) != NULL) {
                size_t l = strlen(ent->d_name);
                if (l < 6 || strcmp(ent->d_name + l - 5, ".yaml") != 0) continue;
                char path[600], w[1024], name[1800];
                snprintf(path, sizeof path, "%s/%s", dirs[d], ent->d_name);
                static ZnScenario s3;
                int r = scenario_load(path, &s3, w, sizeof w);
                snprintf(name, sizeof name, "bundled scenario %s loads%s%s", path, r ? ": " : "", r ? w : "");
                check_abs(name, r, 0, 0);
            }
            if (dir) closedir(dir);
        }
    }
    /* the resolved scenario reads back to the same scenario (same hash), and inheritance and
     * command-line overrides land where they should */
    {
        static ZnScenario a, b;
        char w[1024];
        const char *sets[2] = {"kinetics.i0=2 mA/cm^2", "protocol.cycles=3"};
        int r1 = scenario_load_with("configs/plating_bumps.yaml", sets, 2, &a, w, sizeof w);
        FILE *f2 = fopen(T("/tmp/znpf_resolved.yaml"), "w");
        scenario_write(f2, &a);
        fclose(f2);
        int r2 = scenario_load(T("/tmp/znpf_resolved.yaml"), &b, w, sizeof w);
        check_abs("znpf show output reads back to the same scenario (hash)",
                  r1 == 0 && r2 == 0 && scenario_hash(&a) == scenario_hash(&b), 1, 0);
        check_abs("--set kinetics.i0=2 mA/cm^2 overrides the file", a.phys.i0, 20.0, 1e-12);
        check_abs("--set protocol.cycles=3 overrides the default", a.cycles, 3, 0);
        f2 = fopen(T("/tmp/znpf_child.yaml"), "w");
        fputs("base: znpf_resolved.yaml\ngrid: {nx: 64}\ninterface: {texture: \"100\"}\n", f2);
        fclose(f2);
        int r3 = scenario_load(T("/tmp/znpf_child.yaml"), &b, w, sizeof w);
        check_abs("base: inherits everything and the child's keys win",
                  r3 == 0 && b.phys.grid.nx == 64 && b.phys.grid.ny == 128 && b.phys.texture == ZN_TEX_100 &&
                          b.phys.i0 == 20.0 && b.nsteps == 1, 1, 0);
        f2 = fopen(T("/tmp/znpf_child2.yaml"), "w");
        fputs("base: znpf_resolved.yaml\nkinetics: {i00: 3}\n", f2);
        fclose(f2);
        int r4 = scenario_load(T("/tmp/znpf_child2.yaml"), &b, w, sizeof w);
        printf("     message: %s\n", w);
        check_abs("an unknown key in an inheriting file names that file and line",
                  r4 != 0 && strstr(w, T("/tmp/znpf_child2.yaml:2:")) != NULL && strstr(w, "did you mean 'i0'"), 1, 0);
        /* the step bounds follow the time scheme unless given */
        const char *s2[1] = {"numerics.time_scheme=euler"}, *s3[1] = {"numerics.relax_dt=0.1"};
        int rs2 = scenario_load_with("configs/plating_bumps.yaml", s2, 1, &b, w, sizeof w);
        check_abs("time_scheme euler without step bounds: relax_dt 0.05, dxi_max 0.05; the default (sbdf2): "
                  "0.2, 0.0125",
                  rs2 == 0 && b.phys.time_scheme == ZN_SCHEME_EULER && b.phys.relax_dt == 0.05 &&
                          b.phys.dxi_max == 0.05 && a.phys.time_scheme == ZN_SCHEME_SBDF2 &&
                          a.phys.relax_dt == 0.2 && a.phys.dxi_max == 0.0125, 1, 0);
        int rs3 = scenario_load_with("configs/plating_bumps.yaml", s3, 1, &b, w, sizeof w);
        check_abs("relax_dt 0.1 given: 0.1 kept", rs3 == 0 && b.phys.relax_dt == 0.1, 1, 0);
        const char *bad[1] = {"kinetics.i0=2 M"};
        int r5 = scenario_load_with("configs/plating_bumps.yaml", bad, 1, &b, w, sizeof w);
        printf("     message: %s\n", w);
        check_abs("a bad --set value is refused naming --set and the key",
                  r5 != 0 && strstr(w, "(--set)") && strstr(w, "kinetics.i0: expected a current density"), 1, 0);
        f2 = fopen(T("/tmp/znpf_loop.yaml"), "w");
        fputs("base: znpf_loop.yaml\n", f2);
        fclose(f2);
        int r6 = scenario_load(T("/tmp/znpf_loop.yaml"), &b, w, sizeof w);
        printf("     message: %s\n", w);
        check_abs("a file that is its own base is refused, naming the cycle",
                  r6 != 0 && strstr(w, "a cycle (znpf_loop.yaml -> znpf_loop.yaml)") != NULL, 1, 0);
        f2 = fopen(T("/tmp/znpf_cyc_a.yaml"), "w");
        fputs("base: znpf_cyc_b.yaml\n", f2);
        fclose(f2);
        f2 = fopen(T("/tmp/znpf_cyc_b.yaml"), "w");
        fputs("kinetics: {i0: 20}\nbase: znpf_cyc_a.yaml\n", f2);
        fclose(f2);
        int r7 = scenario_load(T("/tmp/znpf_cyc_a.yaml"), &b, w, sizeof w);
        printf("     message: %s\n", w);
        check_abs("a two-file base cycle is refused in one short line naming both files",
                  r7 != 0 && strstr(w, "znpf_cyc_b.yaml:2:7: base: znpf_cyc_a.yaml includes a file of its own chain: "
                                       "a cycle (znpf_cyc_a.yaml -> znpf_cyc_b.yaml -> znpf_cyc_a.yaml)") &&
                      strlen(w) < 200, 1, 0);
    }
    /* the NaN/Inf watchdog names the field and the step */
    {
        ZnPhys p;
        phys_defaults(&p);
        p.grid.nx = 8;
        p.grid.ny = 32;
        ZnInitial in = {0};
        in.thickness = 1e-6;
        ZnEngine e;
        check_engine(&e, check_backend(), &p, &in);
        double *c = malloc(8 * 32 * sizeof *c);
        for (int q = 0; q < 8 * 32; q++) c[q] = 1.0;
        c[8 * 20 + 3] = NAN;
        engine_upload(&e, NULL, c, NULL);
        free(c);
        ZnControl ctl = {ZN_CTRL_POTENTIAL, 0.0, -0.05};
        ZnStepInfo info;
        int r = engine_step(&e, &ctl, 1e-3, &info);
        printf("     message: %s\n", e.err);
        check_abs("a NaN stops the step with the field and step named",
                  r == -1 && strstr(e.err, "field c at step 1") != NULL, 1, 0);
        engine_destroy(&e);
    }
    return check_finish();
}
