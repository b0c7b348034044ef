/* test_render.c - PNG frames decoded back with libpng: even sizes, the caption strip on top,
 * metal and electrolyte colours at known cells (electrolyte on the viridis map across its
 * concentration range), the collector at the bottom, and ink where the caption and scale bar
 * are drawn. */
#include "check.h"
#include "metrics_columns.h"
#include "render.h"
#include "run.h"
#include "vtk.h"

#include <stdint.h>

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Decoded {
    int w, h;
    unsigned char *px;
} Decoded;

static int decode(const char *path, Decoded *d)
{
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&im, path)) return -1;
    im.format = PNG_FORMAT_RGB;
    d->w = (int)im.width;
    d->h = (int)im.height;
    d->px = malloc(PNG_IMAGE_SIZE(im));
    if (!png_image_finish_read(&im, NULL, d->px, 0, NULL)) return -1;
    return 0;
}

static int same_rgb(const unsigned char *a, const unsigned char *b)
{
    return abs(a[0] - b[0]) <= 1 && abs(a[1] - b[1]) <= 1 && abs(a[2] - b[2]) <= 1;
}

/* The caption of `znpf render` without snapshots reads time, charge and protocol step from
 * the last metrics row by column name (it once took the last column, texture_100, as the
 * step): a header and a row written by metrics_columns, read back the way render_cmd.c does. */
static void columns_by_name(void)
{
    const char *path = T("/tmp/znpf_columns.csv");
    FILE *f = fopen(path, "w");
    ZnMetricsRow r;
    memset(&r, 0, sizeof r);
    r.t = 12.5;
    r.charge = 0.25 * ZN_C_M2_PER_MAH_CM2;
    r.step_name = "strip";
    r.tx.rtc[2] = 0.75; /* texture_100, the last-but-four column */
    int ok = f && metrics_write_header(f) == 0 && metrics_write_row(f, &r) == 0;
    if (f) fclose(f);
    char header[2048] = "", row[2048] = "", v[64];
    f = fopen(path, "r");
    ok = ok && f && fgets(header, sizeof header, f) && fgets(row, sizeof row, f);
    if (f) fclose(f);
    int ct = metrics_column_index(header, "time_s"), cq = metrics_column_index(header, "charge_mAh_cm2");
    int cs = metrics_column_index(header, "protocol_step");
    char step[32] = "";
    double t = NAN, q = NAN;
    if (ok && ct >= 0 && metrics_field(row, ct, v, sizeof v) == 0) t = atof(v);
    if (ok && cq >= 0 && metrics_field(row, cq, v, sizeof v) == 0) q = atof(v);
    if (ok && cs >= 0) metrics_field(row, cs, step, sizeof step);
    check_abs("caption columns by name: time_s", t, 12.5, 0);
    check_abs("caption columns by name: charge_mAh_cm2", q, 0.25, 1e-12);
    check_abs("caption columns by name: protocol_step is 'strip'", strcmp(step, "strip") == 0, 1, 0);
    check_abs("a column that does not exist is not found", metrics_column_index(header, "no_such"), -1, 0);
}

/* 1 when two PNG files decode to the same size and the same pixels. */
static int same_png(const char *x, const char *y)
{
    Decoded a = {0, 0, NULL}, b = {0, 0, NULL};
    int ok = decode(x, &a) == 0 && decode(y, &b) == 0 && a.w == b.w && a.h == b.h &&
             memcmp(a.px, b.px, (size_t)a.w * a.h * 3) == 0;
    free(a.px);
    free(b.px);
    return ok;
}

/* Runs path with sets (and `cycles` cycles when > 0) into dir, re-renders its snapshots with
 * znpf render (scale, style, metal) and checks that snapshot 3 redrawn equals frame 4 the run
 * drew (frame 0 is the start). */
static void rerender_matches(const char *path, const char *const *sets, int nsets, int cycles,
                             const char *dir, int scale, int style, int metal, const char *what)
{
    static ZnScenario sc;
    char why[1024], label[200], a[600], b[600];
    if (scenario_load_with(path, sets, nsets, &sc, why, sizeof why) != 0) {
        printf("FAIL load: %s\n", why);
        return;
    }
    if (cycles > 0) sc.cycles = cycles;
    ZnRunOptions o = {dir, 1, 1, 0, 0};
    snprintf(label, sizeof label, "a run with frames (%s) and field snapshots", what);
    check_abs(label, run_scenario(&sc, path, &o), 0, 0);
    snprintf(label, sizeof label, "znpf render re-renders the snapshots (%s)", what);
    check_abs(label, run_render(dir, "again", scale, style, metal), 0, 0);
    snprintf(a, sizeof a, "%s/frames/frame_00004.png", dir);
    snprintf(b, sizeof b, "%s/again/frame_00003.png", dir);
    snprintf(label, sizeof label, "the re-rendered snapshot (%s) matches the frame drawn during the run", what);
    check_abs(label, same_png(a, b), 1, 0);
}

int main(void)
{
    columns_by_name();
    int nx = 41, ny = 30, s = 3; /* odd nx * scale: the frame is padded to an even width */
    double *xi = malloc((size_t)nx * ny * sizeof *xi), *c = malloc((size_t)nx * ny * sizeof *c);
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            size_t k = (size_t)j * nx + i;
            xi[k] = j < 10 ? 1.0 : 0.0;                      /* a 10-cell foil at the bottom */
            c[k] = 0.5 + 0.5 * (j - 10) / (double)(ny - 11); /* 0.5 at the foil, 1 at the top */
        }
    ZnFrameInfo fi = {.dx = 0.1e-6, .t = 12.5, .charge = 0.25, .step = "plate", .scale = s};
    char why[300];
    int rc = render_frame(T("/tmp/znpf_frame_test.png"), xi, c, NULL, nx, ny, &fi, why, sizeof why);
    check_abs("render_frame writes a PNG", rc, 0, 0);
    Decoded d;
    if (decode(T("/tmp/znpf_frame_test.png"), &d) != 0) {
        printf("FAIL the PNG decodes with libpng\n");
        return check_finish();
    }
    int cap = render_caption_height();
    check_abs("frame width is even and nx * scale (+1 pad)", d.w, nx * s + 1, 0);
    check_abs("frame height is caption + ny * scale", d.h, cap + ny * s + (ny * s) % 2, 0);
    unsigned char want[3];
#define PIX(x, y) (d.px + 3 * ((size_t)(y) * d.w + (x)))
    render_metal_rgb(want);
    /* cell (i=5, j=2) is metal; rows are drawn collector-at-bottom */
    check_abs("metal cell has the metal colour", same_rgb(PIX(5 * s, cap + (ny - 1 - 2) * s), want), 1, 0);
    render_viridis(0.0, want);
    check_abs("electrolyte at the lowest c~ is viridis(0)", same_rgb(PIX(7 * s, cap + (ny - 1 - 10) * s), want), 1, 0);
    render_viridis(1.0, want);
    check_abs("electrolyte at the highest c~ is viridis(1)", same_rgb(PIX(7 * s, cap + (ny - 1 - (ny - 1)) * s), want), 1, 0);
    int ink_caption = 0, ink_bar = 0;
    for (int y = 0; y < cap; y++)
        for (int x = 0; x < d.w; x++) {
            const unsigned char *p = PIX(x, y);
            if (p[0] == 0 && p[1] == 0 && p[2] == 0) {
                if (x < d.w / 2) ink_caption++;
                else ink_bar++;
            }
        }
    check_above("caption text is drawn (black pixels, left half of the strip)", ink_caption, 100);
    check_above("scale bar and its label are drawn (right half of the strip)", ink_bar, 20);
    free(d.px);
    /* metal by orientation: left half of the foil in a (002) grain, right half (100); the
     * boundary column is darker */
    {
        int *grain = malloc((size_t)nx * ny * sizeof *grain);
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++) grain[(size_t)j * nx + i] = i < 20 ? 0 : 1;
        double tf[2] = {0.0, -0.5 * 3.14159265358979323846};
        ZnFrameInfo fo = fi;
        fo.grain = grain;
        fo.grain_tf = tf;
        fo.ngrains = 2;
        rc = render_frame(T("/tmp/znpf_frame_grain.png"), xi, c, NULL, nx, ny, &fo, why, sizeof why);
        Decoded g;
        if (rc != 0 || decode(T("/tmp/znpf_frame_grain.png"), &g) != 0) {
            printf("FAIL orientation frame: %s\n", why);
        } else {
            unsigned char w0[3], w90[3];
            render_orientation_rgb(0.0, w0);
            render_orientation_rgb(90.0, w90);
#define GPIX(x, y) (g.px + 3 * ((size_t)(y) * g.w + (x)))
            check_abs("orientation: a (002) grain is drawn in the tilt-0 colour",
                      same_rgb(GPIX(5 * s, cap + (ny - 1 - 2) * s), w0), 1, 0);
            check_abs("orientation: a (100) grain is drawn in the tilt-90 colour",
                      same_rgb(GPIX(30 * s, cap + (ny - 1 - 2) * s), w90), 1, 0);
            const unsigned char *b = GPIX(19 * s, cap + (ny - 1 - 2) * s);
            check_below("orientation: the grain boundary cell is darker than its grain (red channel ratio)",
                        b[0] / (double)w0[0], 0.6);
#undef GPIX
            free(g.px);
        }
        free(grain);
    }
    /* pH background: a pH falling from 6 at the foil to 4.3 at the top (the other way round
     * from c~) colours the electrolyte, so the foil row is viridis(1) and the top viridis(0) */
    {
        double *ph = malloc((size_t)nx * ny * sizeof *ph);
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++) ph[(size_t)j * nx + i] = 6.0 - 1.7 * (j - 10) / (double)(ny - 11);
        ZnFrameInfo fp = fi;
        fp.ph = ph;
        rc = render_frame(T("/tmp/znpf_frame_ph.png"), xi, c, NULL, nx, ny, &fp, why, sizeof why);
        Decoded q;
        if (rc != 0 || decode(T("/tmp/znpf_frame_ph.png"), &q) != 0) {
            printf("FAIL pH frame: %s\n", why);
        } else {
#define QPIX(x, y) (q.px + 3 * ((size_t)(y) * q.w + (x)))
            render_viridis(1.0, want);
            check_abs("pH background: the electrolyte at the foil (pH 6, the highest) is viridis(1)",
                      same_rgb(QPIX(7 * s, cap + (ny - 1 - 10) * s), want), 1, 0);
            render_viridis(0.0, want);
            check_abs("pH background: the top (pH 4.3, the lowest) is viridis(0)",
                      same_rgb(QPIX(7 * s, cap + (ny - 1 - (ny - 1)) * s), want), 1, 0);
            render_metal_rgb(want);
            check_abs("pH background: metal stays grey", same_rgb(QPIX(5 * s, cap + (ny - 1 - 2) * s), want), 1, 0);
#undef QPIX
            free(q.px);
        }
        free(ph);
    }
    /* ZHS: a layer of psi = 0.6 in rows 10-12 above the foil is pale and hatched, the
     * electrolyte above it keeps viridis */
    {
        double *zhs = calloc((size_t)nx * ny, sizeof *zhs);
        for (int j = 10; j < 13; j++)
            for (int i = 0; i < nx; i++) zhs[(size_t)j * nx + i] = 0.6;
        ZnFrameInfo fz = fi;
        fz.zhs = zhs;
        rc = render_frame(T("/tmp/znpf_frame_zhs.png"), xi, c, NULL, nx, ny, &fz, why, sizeof why);
        Decoded z;
        if (rc != 0 || decode(T("/tmp/znpf_frame_zhs.png"), &z) != 0) {
            printf("FAIL ZHS frame: %s\n", why);
        } else {
            unsigned char zc[3], dark[3] = {60, 60, 60};
            render_zhs_rgb(zc);
            int pale = 0, hatch = 0, other = 0;
            for (int y = cap + (ny - 1 - 12) * s; y < cap + (ny - 10) * s; y++)
                for (int x = 0; x < nx * s; x++) {
                    const unsigned char *p = z.px + 3 * ((size_t)y * z.w + x);
                    if (same_rgb(p, zc)) pale++;
                    else if (same_rgb(p, dark)) hatch++;
                    else other++;
                }
            printf("     ZHS rows: %d pale, %d hatch, %d other pixels\n", pale, hatch, other);
            check_abs("ZHS: its cells are drawn only in its pale colour and the hatching", other, 0, 0);
            check_rel("ZHS: the hatching is a quarter of its pixels", hatch / (double)(pale + hatch), 0.25, 0.05);
            render_viridis(1.0, zc);
            check_abs("ZHS: the electrolyte above it keeps its viridis colour",
                      same_rgb(z.px + 3 * ((size_t)cap * z.w + 7 * s), zc), 1, 0);
            free(z.px);
        }
        free(zhs);
    }
    /* composite: a potential panel on the right, diverging map, most negative phi = deep blue */
    double *phi = malloc((size_t)nx * ny * sizeof *phi);
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) phi[(size_t)j * nx + i] = -0.02 * (ny - 1 - j) / (double)(ny - 1);
    fi.composite = 1;
    rc = render_frame(T("/tmp/znpf_frame_comp.png"), xi, c, phi, nx, ny, &fi, why, sizeof why);
    if (rc != 0 || decode(T("/tmp/znpf_frame_comp.png"), &d) != 0) {
        printf("FAIL composite frame: %s\n", why);
        return check_finish();
    }
    check_abs("composite frame holds two panels and a gap (even width)", d.w, 2 * nx * s + 4 + (2 * nx * s + 4) % 2, 0);
    render_diverging(-1.0, want);
    int x0 = nx * s + 4;
    check_abs("potential panel: the lowest electrolyte phi is the blue end",
              same_rgb(PIX(x0 + 7 * s, cap + (ny - 1 - 10) * s), want), 1, 0);
    render_metal_rgb(want);
    check_abs("potential panel: metal stays grey", same_rgb(PIX(x0 + 5 * s, cap + (ny - 1 - 2) * s), want), 1, 0);
    free(d.px);
    /* dead Zn: a body whose label is >= nx is drawn orange, attached metal stays grey */
    static long long lab[41 * 30];
    for (int q = 0; q < nx * ny; q++) lab[q] = xi[q] > 0.5 ? 0 : -1;
    for (int j = 20; j < 24; j++)
        for (int i = 30; i < 35; i++) {
            xi[(size_t)j * nx + i] = 1.0;
            lab[(size_t)j * nx + i] = 20 * nx + 30;
        }
    fi.composite = 0;
    fi.lab = lab;
    rc = render_frame(T("/tmp/znpf_frame_dead.png"), xi, c, NULL, nx, ny, &fi, why, sizeof why);
    if (rc != 0 || decode(T("/tmp/znpf_frame_dead.png"), &d) != 0) {
        printf("FAIL dead-Zn frame: %s\n", why);
        return check_finish();
    }
    render_dead_rgb(want);
    check_abs("dead Zn is drawn in the dead colour", same_rgb(PIX(32 * s, cap + (ny - 1 - 21) * s), want), 1, 0);
    render_metal_rgb(want);
    check_abs("attached metal stays grey beside it", same_rgb(PIX(5 * s, cap + (ny - 1 - 2) * s), want), 1, 0);
    free(d.px);
    fi.lab = NULL;
    /* VTK export: header for ParaView and every value back exactly (big-endian doubles) */
    const double *f2[2] = {xi, c};
    const char *nm[2] = {"xi", "c"};
    rc = vtk_write(T("/tmp/znpf_test.vtk"), f2, nm, 2, nx, ny, 0.1e-6, why, sizeof why);
    FILE *vf = fopen(T("/tmp/znpf_test.vtk"), "rb");
    static char text[200000];
    size_t got = vf ? fread(text, 1, sizeof text, vf) : 0;
    if (vf) fclose(vf);
    char dims[64];
    snprintf(dims, sizeof dims, "DIMENSIONS %d %d 1\nORIGIN 0 0 0\nSPACING 9.99", nx + 1, ny + 1);
    const char *cpos = NULL;
    for (size_t q = 0; q + 18 < got; q++)
        if (memcmp(text + q, "SCALARS c double 1", 18) == 0) cpos = text + q;
    int exact = cpos != NULL;
    if (cpos) {
        const unsigned char *b = (const unsigned char *)strchr(strchr(cpos, '\n') + 1, '\n') + 1;
        for (int q = 0; q < nx * ny && exact; q++) {
            uint64_t u = 0;
            for (int k = 0; k < 8; k++) u = (u << 8) | b[8 * q + k];
            double v;
            memcpy(&v, &u, 8);
            exact = v == c[q];
        }
    }
    check_abs("VTK export: ParaView header with the grid in metres",
              rc == 0 && strstr(text, "DATASET STRUCTURED_POINTS") && strstr(text, dims) &&
                      strstr(text, "CELL_DATA 1230"), 1, 0);
    check_abs("VTK export: the c field reads back exactly", exact, 1, 0);
    free(phi);
    free(xi);
    free(c);

    /* znpf render: frames re-rendered from saved snapshots equal the ones the run drew;
     * snapshot 3 (30 s) of the Zn||Cu cycle holds nuclei grown on the Cu, so their orientation
     * colours are redrawn too. The same with hydrogen, the acidity and frames coloured by pH:
     * `znpf render` reads the acidity snapshots and the run's scenario.yaml and draws the same
     * pH background */
    const char *sets[5] = {"output.frames=1", "output.field_snapshots=1", "output.frame_style=composite",
                           "output.frame_scale=3", "output.frame_metal=orientation"};
    rerender_matches("configs/ci/zn_cu_cycle.yaml", sets, 5, 0, T("/tmp/znpf_render_run"), 3, 1, 1,
                     "metal by orientation");
    const char *ph_sets[3] = {"output.frames=1", "output.field_snapshots=1", "output.frame_background=pH"};
    rerender_matches("configs/additives/bare_2M_ZnSO4_cu_her.yaml", ph_sets, 3, 1, T("/tmp/znpf_render_ph"), 2, 0, 0,
                     "electrolyte by pH");
    check_abs("znpf render refuses a folder that is not a run", run_render("/nonexistent/znpf_run", "x", 2, 0, 0), 2, 0);
    return check_finish();
}
