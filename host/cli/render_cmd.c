/* render_cmd.c - znpf render: frames re-drawn from a finished run's saved fields. */
#include "acidity.h"
#include "atomic_file.h"
#include "metrics_columns.h"
#include "npy.h"
#include "physics.h"
#include "render.h"
#include "run.h"
#include "scenario.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* DIR/NAMESUFFIX.npy of shape (ny, nx) when the run wrote it (else *f = NULL, 0); 2 after a
 * message when it is unreadable or of another shape. */
static int read_optional(const char *dir, const char *name, const char *suffix, int nx, int ny, double **f)
{
    char path[4200], why[600];
    int a, b;
    *f = NULL;
    snprintf(path, sizeof path, "%s/%s%s.npy", dir, name, suffix);
    if (access(path, F_OK) != 0) return 0;
    if (npy_read(path, f, &a, &b, why, sizeof why) != 0) {
        fprintf(stderr, "znpf: %s\n", why);
        return 2;
    }
    if (a != ny || b != nx) {
        fprintf(stderr, "znpf: %s: shape (%d, %d) differs from xi's (%d, %d)\n", path, a, b, ny, nx);
        free(*f);
        *f = NULL;
        return 2;
    }
    return 0;
}

/* title: the run's (DIR/scenario.yaml) or NULL; model: its physics when its frames colour the
 * electrolyte by pH, else NULL (salt). */
static int render_saved(const char *dir, const char *suffix, const char *out, double dx, double t,
                        double q, const char *step, int scale, int composite, int orientation,
                        const char *title, const ZnModel *model)
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
    ZnFrameInfo fi = {.dx = dx, .t = t, .charge = q, .step = step, .scale = scale, .composite = composite,
                      .title = title};
    /* ZHS and pH (from the acidity and the salt, kernels/acidity.h), as the run drew them */
    double *zhs = NULL, *acid = NULL;
    if (rc == 0) rc = read_optional(dir, "zhs", suffix, nx, ny, &zhs);
    if (rc == 0 && model) rc = read_optional(dir, "acidity", suffix, nx, ny, &acid);
    fi.zhs = zhs;
    if (acid)
        for (size_t c = 0; c < (size_t)nx * ny; c++) acid[c] = zn_acid_pH(model, acid[c], f[1][c]);
    fi.ph = acid;
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
    free(zhs);
    free(acid);
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
    /* the run's own scenario says whether its frames show pH (output.frame_background) */
    static ZnScenario sc;
    ZnModel model, *ph_model = NULL;
    const char *title = NULL;
    char why[1024];
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    if (access(path, F_OK) == 0) {
        if (scenario_load(path, &sc, why, sizeof why) != 0) {
            fprintf(stderr, "%s\n", why);
            return 2;
        }
        title = sc.title;
        if (sc.frame_background == 1) {
            model = phys_model(&sc.phys);
            ph_model = &model;
        }
    }
    char outdir[4200];
    snprintf(outdir, sizeof outdir, "%s/%s", dir, subdir);
    if (afile_mkdirs(outdir) != 0) {
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
            rc = render_saved(dir, suf, out, dx, t, q, step, scale, composite, orientation, title, ph_model);
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
        rc = render_saved(dir, "", out, dx, t, q, step, scale, composite, orientation, title, ph_model);
    }
    if (rc == 0) printf("znpf: %d frame%s in %s/\n", frames, frames == 1 ? "" : "s", outdir);
    return rc;
}

