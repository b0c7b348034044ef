/* labels.c - connected bodies of metal, for dead Zn.
 *
 * Metal is xi > 1/2; bodies are 4-connected (cells sharing a face; a diagonal contact does
 * not connect), periodic across x, never across y. Each metal cell converges to the smallest
 * linear index in its body, so the labels do not depend on the order of work and the CPU and
 * CUDA results are identical. Because row j = 0 holds the smallest indices, a body touches the
 * current collector exactly when its label is < nx: attached bodies need no second pass.
 *
 * One step (double-buffered, out from lab): the minimum over the cell and its metal neighbours,
 * then one pointer jump through that minimum's own label, which halves the remaining distance
 * on long chains. The host repeats until no label changes (the step is a sum of changes).
 */
#include "kernels.h"

static inline PX_HD void lab_init_cell(PxRange r, LabArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    a.out[c] = a.xi[c] > 0.5 ? (long long)c : -1;
}
PX_FOR_EACH_CELL(lab_init, lab_init_cell, LabArgs)

static inline PX_HD double lab_step_cell(PxRange r, LabArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    long long m = a.lab[c];
    if (m < 0) {
        a.out[c] = -1;
        return 0.0;
    }
    long long nb[4] = {a.lab[PX_IDX(r, zn_wrap(i + 1, r.nx), j, k)],
                       a.lab[PX_IDX(r, zn_wrap(i - 1, r.nx), j, k)],
                       j + 1 < r.ny ? a.lab[PX_IDX(r, i, j + 1, k)] : -1,
                       j > 0 ? a.lab[PX_IDX(r, i, j - 1, k)] : -1};
    for (int q = 0; q < 4; q++)
        if (nb[q] >= 0 && nb[q] < m) m = nb[q];
    long long jump = a.lab[m]; /* the label of the cell our minimum names */
    if (jump >= 0 && jump < m) m = jump;
    a.out[c] = m;
    return m != a.lab[c] ? 1.0 : 0.0;
}
PX_SUM_OVER_CELLS(lab_step, lab_step_cell, LabArgs)

/* Metal in detached bodies: sum of xi over cells whose label is >= nx, and, with the halo
 * (a.act_in, lab_dead_seed + lab_dilate), over the diffuse cells (xi <= 1/2, no body) inside
 * it: a body's profile outside its xi = 1/2 line is its metal too (for a 1 um disc at
 * delta = 0.4 um about a quarter of it), and it does not react there (cells, times hx hy). */
static inline PX_HD double lab_dead_metal_cell(PxRange r, LabArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    if (a.lab[c] >= (long long)r.nx) return a.xi[c];
    if (a.act_in && a.lab[c] < 0 && a.act_in[c] > 0.0) return a.xi[c];
    return 0.0;
}
PX_SUM_OVER_CELLS(lab_dead_metal, lab_dead_metal_cell, LabArgs)

/* Metal cells in bodies attached to the collector (label < nx). */
static inline PX_HD double lab_attached_cells_cell(PxRange r, LabArgs a, int i, int j, int k)
{
    long long l = a.lab[PX_IDX(r, i, j, k)];
    return (l >= 0 && l < (long long)r.nx) ? 1.0 : 0.0;
}
PX_SUM_OVER_CELLS(lab_attached_cells, lab_attached_cells_cell, LabArgs)

/* Number of detached bodies: their roots are the cells that carry their own index. */
static inline PX_HD double lab_dead_roots_cell(PxRange r, LabArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    return (a.lab[c] == (long long)c && a.lab[c] >= (long long)r.nx) ? 1.0 : 0.0;
}
PX_SUM_OVER_CELLS(lab_dead_roots, lab_dead_roots_cell, LabArgs)

/* Seed of the dead-Zn halo: label + 1 on metal detached from the collector (label >= nx),
 * else 0; dilation by the maximum then names, on the interface around it, which dead body a
 * cell belongs to (where two halos overlap the larger label wins).
 * Only dead bodies are switched off: the diffuse remains of an attached particle that shrank
 * below xi = 1/2 belong to no body and must keep reacting, or they would stay behind as
 * unstrippable metal and lower the Coulombic efficiency of a Zn||Cu cycle. */
static inline PX_HD void lab_dead_seed_cell(PxRange r, LabArgs a, int i, int j, int k)
{
    size_t c = PX_IDX(r, i, j, k);
    a.act[c] = a.lab[c] >= (long long)r.nx ? (double)(a.lab[c] + 1) : 0.0;
}
PX_FOR_EACH_CELL(lab_dead_seed, lab_dead_seed_cell, LabArgs)

/* One cell of growth of the halo over the 8 neighbours (x periodic), double-buffered: the
 * host repeats it across the electrolyte side of the interface profile. Metal of an attached
 * body (label < nx) is never taken: a stub left on the foil under a cap that just detached
 * lies within the cap's halo, and switched off there it could not strip away from the cap;
 * the two diffuse tips would then stay within a width of each other until the Allen-Cahn
 * relaxation bridged them and the dead cap came back to life. With a.downhill a cell joins only
 * from a neighbour whose xi is no smaller than its own: the halo follows its body's profile
 * down and stops at the saddle towards other metal. */
static inline PX_HD void lab_dilate_cell(PxRange r, LabArgs a, int i, int j, int k)
{
    long long own = a.lab[PX_IDX(r, i, j, k)];
    if (own >= 0 && own < (long long)r.nx) {
        a.act[PX_IDX(r, i, j, k)] = 0.0;
        return;
    }
    double m = 0.0;
    for (int dj = -1; dj <= 1; dj++) {
        int jj = j + dj;
        if (jj < 0 || jj >= r.ny) continue;
        for (int di = -1; di <= 1; di++) {
            size_t n = PX_IDX(r, zn_wrap(i + di, r.nx), jj, k);
            double v = a.act_in[n];
            if (a.downhill && a.xi[PX_IDX(r, i, j, k)] > a.xi[n]) continue;
            m = v > m ? v : m;
        }
    }
    a.act[PX_IDX(r, i, j, k)] = m;
}
PX_FOR_EACH_CELL(lab_dilate, lab_dilate_cell, LabArgs)
