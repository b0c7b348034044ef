/* test_labels.c - dead-Zn labelling against a serial reference (breadth-first search) on
 * random and adversarial patterns: identical labels cell by cell (both give each body the
 * smallest linear index it holds), and CHECKS 14's first half: known detached islands are found
 * with their exact volume and number. Metal is xi > 1/2, 4-connected, periodic in x. */
#include "check.h"
#include "deadzn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NX = 64, NY = 48 };

/* Reference: BFS from each unlabelled metal cell in index order (so the seed is the minimum). */
static void reference(const double *xi, long long *lab)
{
    static int queue[NX * NY];
    for (int c = 0; c < NX * NY; c++) lab[c] = -1;
    for (int s = 0; s < NX * NY; s++) {
        if (xi[s] <= 0.5 || lab[s] >= 0) continue;
        int head = 0, tail = 0;
        queue[tail++] = s;
        lab[s] = s;
        while (head < tail) {
            int c = queue[head++], i = c % NX, j = c / NX;
            int nb[4] = {j * NX + (i + 1) % NX, j * NX + (i + NX - 1) % NX, j + 1 < NY ? c + NX : -1,
                         j > 0 ? c - NX : -1};
            for (int q = 0; q < 4; q++)
                if (nb[q] >= 0 && xi[nb[q]] > 0.5 && lab[nb[q]] < 0) {
                    lab[nb[q]] = s;
                    queue[tail++] = nb[q];
                }
        }
    }
}

static ZnEngine eng;

static void compare(const char *name, const double *xi, ZnDeadZn *dz)
{
    static long long ref[NX * NY], got[NX * NY];
    engine_upload(&eng, xi, NULL, NULL);
    if (deadzn_measure(&eng, dz) != 0) {
        printf("FAIL %s: %s\n", name, eng.err);
        return;
    }
    eng.be->download(got, eng.lab, sizeof got);
    reference(xi, ref);
    int diff = 0;
    for (int c = 0; c < NX * NY; c++) diff += ref[c] != got[c];
    char label[200];
    snprintf(label, sizeof label, "labels of %s equal the reference (%d steps)", name, dz->iterations);
    check_abs(label, diff, 0, 0);
}

int main(void)
{
    ZnPhys p;
    phys_defaults(&p);
    p.grid.nx = NX;
    p.grid.ny = NY;
    check_engine(&eng, check_backend(), &p, NULL);
    static double xi[NX * NY];
    ZnDeadZn dz;

    unsigned long long rng = 12345;
    for (int c = 0; c < NX * NY; c++) {
        rng = rng * 6364136223846793005ull + 1442695040888963407ull;
        xi[c] = (rng >> 33) % 100 < 55 ? 1.0 : 0.0;
    }
    compare("random 55 % metal", xi, &dz);

    for (int c = 0; c < NX * NY; c++) xi[c] = ((c % NX) + (c / NX)) % 2 ? 1.0 : 0.0;
    compare("a checkerboard (no two cells share a face)", xi, &dz);
    check_abs("checkerboard: every metal cell off the collector is its own dead island",
              dz.islands, (NX * NY) / 2 - NX / 2, 0);

    /* a one-cell-wide square spiral from the collector inwards: one long body */
    memset(xi, 0, sizeof xi);
    int i0 = 2, j0 = 0, i1 = NX - 3, j1 = NY - 3;
    for (int i = 2; i < NX - 2; i++) xi[i] = 1.0;
    while (i0 < i1 && j0 < j1) {
        for (int j = j0; j <= j1; j++) xi[j * NX + i1] = 1.0;
        for (int i = i0; i <= i1; i++) xi[j1 * NX + i] = 1.0;
        for (int j = j0 + 2; j <= j1; j++) xi[j * NX + i0] = 1.0;
        for (int i = i0; i <= i1 - 2; i++) xi[(j0 + 2) * NX + i] = 1.0;
        i0 += 2;
        j0 += 2;
        i1 -= 2;
        j1 -= 2;
    }
    compare("a one-cell-wide spiral", xi, &dz);

    /* two blocks joined by a single cell; a body wrapped across x = 0; a diagonal-only contact */
    memset(xi, 0, sizeof xi);
    for (int j = 20; j < 30; j++)
        for (int i = 10; i < 20; i++) xi[j * NX + i] = xi[j * NX + i + 15] = 1.0;
    xi[25 * NX + 20] = xi[25 * NX + 21] = xi[25 * NX + 22] = xi[25 * NX + 23] = xi[25 * NX + 24] = 1.0;
    for (int j = 35; j < 40; j++) xi[j * NX + 0] = xi[j * NX + NX - 1] = xi[j * NX + 1] = 1.0;
    xi[44 * NX + 40] = xi[45 * NX + 41] = 1.0;
    compare("single-cell bridges, periodic wrap, diagonal contact", xi, &dz);
    check_abs("bridged blocks = 1 body, wrapped body = 1, diagonal pair = 2: 4 islands", dz.islands, 4, 0);

    /* CHECKS 14, first half: a foil on the collector and three detached rectangles */
    memset(xi, 0, sizeof xi);
    for (int j = 0; j < 8; j++)
        for (int i = 0; i < NX; i++) xi[j * NX + i] = 1.0;
    for (int i = 5; i < 9; i++) xi[8 * NX + i] = 1.0; /* a bump, still attached */
    int rects[3][4] = {{3, 12, 7, 15}, {20, 30, 22, 40}, {40, 11, 60, 13}}; /* i0, j0, i1, j1 */
    int dead_cells = 0;
    for (int r = 0; r < 3; r++)
        for (int j = rects[r][1]; j < rects[r][3]; j++)
            for (int i = rects[r][0]; i < rects[r][2]; i++) {
                xi[j * NX + i] = 1.0;
                dead_cells++;
            }
    compare("a foil with three detached rectangles", xi, &dz);
    check_abs("CHECKS 14 three detached islands found", dz.islands, 3, 0);
    check_abs("CHECKS 14 detached volume found exactly (um^2 per um of substrate)",
              dz.dead_metal * 1e6, dead_cells * p.grid.dx * p.grid.dx / (NX * p.grid.dx) * 1e6, 1e-15);
    engine_destroy(&eng);
    return check_finish();
}
