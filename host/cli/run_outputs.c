/* run_outputs.c - the files a run writes as it goes (the list is in run.c's opening comment):
 * metrics rows and frames, fields and grains, snapshots, checkpoints, cycle rows. Every write
 * is checked; output events are kept apart from the integrator (the loop in run.c calls them). */
#include "acidity.h"
#include "atomic_file.h"
#include "grains.h"
#include "metrics.h"
#include "metrics_columns.h"
#include "npy.h"
#include "render.h"
#include "run_state.h"
#include "vtk.h"
#include "vtk_series.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_frame(RunState *s);
static double *download_fields(const ZnEngine *e);

int run_write_row(RunState *s)
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
    ZnMetricsRow row;
    memset(&row, 0, sizeof row);
    row.t = s->e.t;
    row.dt = s->pos.last_dt;
    row.step = s->e.step;
    row.charge = s->pos.charge_total;
    row.current = s->pos.last_current;
    row.E = s->e.E;
    row.cell_E = s->e.sep.n > 0 ? s->e.cell_E : s->e.E;
    row.m = m;
    row.tx = tx;
    row.her_current = s->pos.last_her;
    engine_surface_ph(&s->e, &row.ph_min, &row.ph_max);
    row.corroded = s->pos.q_corroded;
    engine_zhs(&s->e, &row.zhs_zn, &row.zhs_cover);
    row.iters_conc = s->pos.last_iters_conc;
    row.iters_pot = s->pos.last_iters_pot;
    row.redone = s->pos.redone;
    s->pos.redone = 0; /* counted again from this row */
    row.cycle = s->pos.cycle + 1;
    row.step_name = scenario_step_name(st->kind);
    return metrics_write_row(s->metrics, &row);
}

/* DIR/frames/frame_NNNNN.png of the current state (output.frames). */
static int write_frame(RunState *s)
{
    char path[4300], why[600];
    snprintf(path, sizeof path, "%s/frames", s->o->out_dir);
    if (afile_mkdirs(path) != 0) {
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
    ZnFrameInfo fi = {.dx = s->e.hx, .t = s->e.t, .charge = s->pos.charge_total / ZN_C_M2_PER_MAH_CM2,
                      .step = scenario_step_name(st->kind), .scale = s->sc->frame_scale,
                      .composite = s->sc->frame_style, .title = s->sc->title, .lab = lab};
    int zpos = engine_state_position(&s->e, "zhs");
    if (zpos > 0) fi.zhs = buf + (size_t)zpos * n;
    /* pH from the acidity and the salt (kernels/acidity.h) */
    int apos = engine_state_position(&s->e, "acidity");
    double *ph = NULL;
    if (s->sc->frame_background == 1 && apos > 0 && (ph = (double *)malloc(n * sizeof(double)))) {
        const double *T = buf + (size_t)apos * n, *c = buf + n;
        for (size_t k = 0; k < n; k++) ph[k] = zn_acid_pH(&s->e.m, T[k], c[k]);
        fi.ph = ph;
    }
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
    free(ph);
    return rc;
}

/* The state fields the engine holds (engine_state.c), one after the other (nx*ny each). */
static double *download_fields(const ZnEngine *e)
{
    size_t n = (size_t)e->r.nx * e->r.ny * e->r.nz;
    double *buf = (double *)malloc((size_t)engine_nstate(e) * n * sizeof(double));
    if (buf && engine_state_download(e, buf) != 0) {
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
    int ok = fprintf(gf, "grain,tilt_deg,family,activity\n") > 0;
    for (int g = 0; g < s->e.ngrains && ok; g++)
        ok = fprintf(gf, "%d,%.6g,%s,%.6g\n", g, -s->e.grains[g].theta_f * 180.0 / PX_PI,
                     fam[phys_tilt_family(-s->e.grains[g].theta_f)], s->e.grains[g].activity) > 0;
    if (fclose(gf) != 0 || !ok) {
        fprintf(stderr, "znpf: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

int run_write_fields(RunState *s, const char *suffix)
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
    /* the side-reaction fields, when the run has them (acidity, ZHS): `znpf render` redraws
     * pH backgrounds and ZHS from them */
    for (int k = 3; k < zn_nstate_fields && rc == 0; k++) { /* after xi, c, phi (output.fields) */
        int pos = engine_state_position(&s->e, zn_state_fields[k].name);
        if (pos < 0) continue;
        snprintf(path, sizeof path, "%s/%s%s.npy", s->o->out_dir, zn_state_fields[k].name, suffix);
        if (npy_write(path, buf + (size_t)pos * n, ny, nx, why, sizeof why) != 0) {
            fprintf(stderr, "znpf: %s\n", why);
            rc = -1;
        }
    }
    if (rc == 0 && suffix[0] != 0) { /* a snapshot: one image of the ParaView time series */
        snprintf(path, sizeof path, "%s/fields%s.vti", s->o->out_dir, suffix);
        if (vtk_write_vti(path, sel, sel_names, nsel, nx, ny, s->e.hx, s->sc->compress, why, sizeof why) != 0) {
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
    if (!f) {
        fprintf(stderr, "znpf: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    int ok = fprintf(f, "# fields written by znpf: float64 .npy arrays of shape (ny, nx) = (%d, %d)\n"
               "# cell (j, i) is centred at x = (i + 1/2) dx, y = (j + 1/2) dx; y = 0 is the "
               "current collector\n"
               "dx_m %.9g\nnx %d\nny %d\n"
               "xi: phase field (1 = Zn metal, 0 = electrolyte)\n"
               "c: salt concentration / c0 (c0 = %.6g mol/m^3)\n"
               "phi: electrolyte potential vs the bulk reference, V\n"
               "grain: crystal of each cell (-1: none), its c-axis tilt in grains.csv\n"
               "acidity: (when the run transports it) acidity T, mol/m^3 (docs/model.md, pH from T and c)\n"
               "zhs: (when the run forms ZHS) ZHS volume fraction of each cell\n"
               "rate: (second-order step) d xi/dt of the last step, 1/s\n"
               "pf_history: (second-order step) the explicit part N of the last phase-field "
               "step, 1/s (docs/numerics.md)\n",
            ny, nx, s->e.hx, nx, ny, s->e.phys.c0) > 0;
    return (fclose(f) == 0 && ok && rc == 0) ? 0 : -1;
}

/* Shifts checkpoint.znpf -> checkpoint.1.znpf -> ... (keeping checkpoint_keep in all) and
 * writes the new one. */
int run_write_checkpoint(RunState *s)
{
    char path[4200], why[600];
    snprintf(path, sizeof path, "%s/checkpoint.znpf", s->o->out_dir);
    for (int k = s->sc->checkpoint_keep - 1; k >= 1; k--) {
        char from[4200], to[4200];
        if (k == 1) snprintf(from, sizeof from, "%s", path);
        else snprintf(from, sizeof from, "%s/checkpoint.%d.znpf", s->o->out_dir, k - 1);
        snprintf(to, sizeof to, "%s/checkpoint.%d.znpf", s->o->out_dir, k);
        if (rename(from, to) != 0 && errno != ENOENT) /* a missing older one is fine */
            fprintf(stderr, "znpf: warning: cannot keep %s as %s: %s\n", from, to, strerror(errno));
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
    s->pos.charge_carry = s->e.charge_carry;
    s->pos.nfields = engine_nstate(&s->e);
    s->pos.nsep = engine_separator_count(&s->e);
    s->pos.cell_E = s->e.cell_E;
    s->pos.pf_dt_prev = s->e.dt_prev;
    double *sep = (double *)malloc((size_t)(s->pos.nsep > 0 ? s->pos.nsep : 1) * sizeof(double));
    int rc = -1;
    if (!sep) snprintf(why, sizeof why, "no memory for the separator columns");
    else {
        engine_separator_get(&s->e, sep);
        rc = ckpt_write(path, &s->pos, buf, grain, gtab, sep, why, sizeof why);
    }
    if (rc != 0) fprintf(stderr, "znpf: checkpoint: %s\n", why);
    free(sep);
    free(buf);
    free(grain);
    free(gtab);
    return rc;
}

/* One row of DIR/cycles.csv at the end of a cycle (docs/model.md, "Accounting"): charge passed
 * in plating, of it Zn plated and hydrogen; Zn stripped (the external anodic charge), Zn
 * corroded (dissolved to feed hydrogen outside plating), dead and attached Zn at the end; the
 * Coulombic efficiency stripped / passed; the dead Zn's volume, share and islands; Zn in ZHS;
 * and the rests' residual: metal change there that no counted reaction paid (run.c). */
int run_write_cycle(RunState *s)
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
                        "coulombic_efficiency,dead_zn_um,dead_share_of_plated,dead_islands,"
                        "zhs_zn_mAh_cm2,rest_residual_mAh_cm2\n") > 0;
    char ce[32] = "", share[32] = "";
    int strips = 0; /* a cycle without a strip step has no efficiency to report */
    for (int k = 0; k < s->sc->nsteps; k++) strips |= s->sc->steps[k].kind == ZN_STEP_STRIP;
    if (p->q_plated > 0.0) {
        if (strips) snprintf(ce, sizeof ce, "%.6f", p->q_stripped / p->q_plated);
        if (zn_plated > 0.0) snprintf(share, sizeof share, "%.6f", dead / zn_plated);
    }
    const double u = ZN_C_M2_PER_MAH_CM2;
    double zhs_zn, zhs_cover;
    engine_zhs(&s->e, &zhs_zn, &zhs_cover);
    ok = ok && fprintf(f, "%d,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%s,%.6g,%s,%d,%.9g,%.9g\n", p->cycle + 1,
                       p->q_plated / u, zn_plated / u, p->q_her_plate / u, p->q_stripped / u,
                       p->q_corroded / u, dead / u, attached / u, p->q_metal0 / u, ce,
                       m.dead_metal * ZN_UM_PER_M, share, m.dead_islands, zhs_zn / u,
                       p->q_rest_residual / u) > 0;
    s->pos.q_metal0 = dead + attached; /* the next cycle starts with what this one left */
    return (fclose(f) == 0 && ok) ? 0 : -1;
}


/* DIR/fields.pvd, the ParaView collection of the snapshots written so far, rebuilt from
 * snapshots.csv (so a resumed run lists its snapshots once: a later line of an index wins). */
static int write_series_index(RunState *s)
{
    char path[4200], line[256], why[512];
    int cap = s->pos.snap > 0 ? s->pos.snap : 1;
    double *times = (double *)calloc((size_t)cap, sizeof(double));
    char (*names)[32] = (char (*)[32])calloc((size_t)cap, 32);
    const char **files = (const char **)calloc((size_t)cap, sizeof(char *));
    int rc = -1;
    snprintf(path, sizeof path, "%s/snapshots.csv", s->o->out_dir);
    FILE *f = fopen(path, "r");
    if (f && times && names && files) {
        int idx;
        double t;
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "%d,%lf", &idx, &t) == 2 && idx >= 0 && idx < cap) times[idx] = t;
        for (int k = 0; k < cap; k++) {
            snprintf(names[k], 32, "fields_%05d.vti", k);
            files[k] = names[k];
        }
        snprintf(path, sizeof path, "%s/fields.pvd", s->o->out_dir);
        rc = vtk_write_pvd(path, times, files, s->pos.snap, why, sizeof why);
        if (rc != 0) fprintf(stderr, "znpf: %s\n", why);
    }
    if (f) fclose(f);
    free(times);
    free(names);
    free(files);
    return rc;
}

/* DIR/xi_NNNNN.npy (...) of the current state and its line in DIR/snapshots.csv, what
 * `znpf render` needs to caption it. Returns 0, or -1 when a file could not be written. */
int run_write_snapshot(RunState *s, const char *step_name)
{
    ZnRunPosition *p = &s->pos;
    char suf[32], ipath[4200];
    snprintf(suf, sizeof suf, "_%05d", p->snap);
    int rc = run_write_fields(s, suf);
    snprintf(ipath, sizeof ipath, "%s/snapshots.csv", s->o->out_dir);
    FILE *fi = fopen(ipath, p->snap == 0 ? "w" : "a");
    int ok = fi != NULL;
    if (ok && p->snap == 0) ok = fprintf(fi, "index,time_s,charge_mAh_cm2,protocol_step\n") > 0;
    if (ok) ok = fprintf(fi, "%d,%.9g,%.9g,%s\n", p->snap, s->e.t, p->charge_total / ZN_C_M2_PER_MAH_CM2, step_name) > 0;
    if (fi && fclose(fi) != 0) ok = 0;
    p->snap++;
    if (ok && write_series_index(s) != 0) ok = 0;
    return rc == 0 && ok ? 0 : -1;
}
