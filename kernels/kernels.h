/* kernels.h - the argument structs of every kernel and the backend table the host calls.
 *
 * The host never calls CUDA: it picks a ZnBackend (zn_backend_cpu or zn_backend_cuda()) and
 * goes through its function pointers. The kernel list is an X-macro so the table, the
 * prototypes and backend.c cannot drift apart.
 */
#ifndef ZN_KERNELS_H
#define ZN_KERNELS_H

#include "px.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Operator A u = a u - div(b grad u) on a cell-centred level: x periodic, zero flux at y = 0,
 * homogeneous Dirichlet at the face y = Ly (the caller moves inhomogeneous values to f). */
typedef struct MgOpArgs {
    const double *a;   /* cell coefficient (1/dt for diffusion, 0 for potential) */
    const double *bx;  /* face coefficient at the face i-1/2 of cell (i,j), nx*ny */
    const double *by;  /* face coefficient at the face j-1/2, nx*(ny+1); row ny is the top */
    double ihx2, ihy2; /* 1/hx^2, 1/hy^2 of this level */
    const double *u;   /* operand */
    const double *f;   /* right-hand side (residual, smoothing) */
    double *out;       /* result (residual, A u) or the iterate being smoothed */
    int color;         /* red-black colour of this half sweep: (i + j + k) % 2 */
} MgOpArgs;

/* Transfer between a level and the next coarser one; block of rx by ry fine cells. */
typedef struct MgTransferArgs {
    const double *src;
    double *dst;
    PxRange fine;
    int rx, ry;
} MgTransferArgs;

/* Residual f - A u of a fine level averaged straight into the next coarser level's right-hand
 * side (range = coarse cells): the fine residual is never stored. */
typedef struct MgResRestrictArgs {
    MgOpArgs op;       /* the fine level's operator, u and f */
    double *dst;       /* coarse right-hand side */
    PxRange fine;
    int rx, ry;
} MgResRestrictArgs;

/* Coefficients of the next coarser level from the finer one (range = coarse cells). */
typedef struct MgCoarsenArgs {
    const double *a, *bx, *by; /* fine */
    double *ca, *cbx, *cby;    /* coarse */
    PxRange fine;
    int rx, ry;
} MgCoarsenArgs;

/* y = alpha x + beta y, and dot products. */
typedef struct VecArgs {
    double *y;
    const double *x;
    double alpha, beta;
} VecArgs;

/* One conjugate-gradient update: x += alpha p, r -= alpha Ap (cg_update returns r.r). */
typedef struct CgArgs {
    double *x, *r;
    const double *p, *Ap;
    double alpha;
} CgArgs;

/* Coefficients and right-hand sides of the transport solves (concentration, potential). */
typedef struct TrArgs {
    ZnModel m;
    const double *xi, *c, *rate; /* phase field, c~, d xi/dt of the step just taken */
    const double *phi;           /* potential of the previous step (cation migration) */
    double *a, *bx, *by, *f;     /* operator and right-hand side being built */
    double inv_dt;               /* 1/dt for the concentration solve */
    double hx, hy;
    double E;                    /* collector potential (single-field model), V */
    const double *her;           /* HER charge source q_H of the step, A/m^3 (her.c); NULL: off */
    const double *acid;          /* acidity: the Newton iterate T^k, mol/m^3 (tr_acid_setup);
                                  * NULL: not transported */
    const double *acid_old;      /* T^n, the acidity at the start of the step */
    const double *dead;          /* owner of each cell: HER runs on the attached metal (owner
                                  * 0, at E) and on floating dead bodies (at their E_b) */
    const double *float_E;       /* floating dead bodies: nfloat pairs (b, E_b) */
    int nfloat;
    int idle;                    /* the attached metal and collector carry no HER this step */
    const double *zhs;           /* ZHS volume fraction psi: electrolyte properties times
                                  * (1 - psi)^1.5, its surface blocked by 1 - psi; NULL: none */
    double top_R;                /* the far field's resistance to salt at the reservoir face,
                                  * s/m (separator.c); 0: the face holds c_bulk exactly */
    double acid_top_R;           /* and to the acidity (m.her_T_b is then the column's face
                                  * response a0); 0: the face holds T_b exactly */
    int positive;                /* 1: the growth's salt uptake implicit in c~ (transport.c) */
    const double *c_iter;        /* positive: the last iterate of c~^{n+1} (explicit uptake
                                  * where it is >= c~^n) */
    const double *dsrc;          /* d rate / d phi of the step (phasefield.c); NULL: the
                                  * potential's source is explicit */
} TrArgs;

/* The growth of the step scaled by c~^{n+1}/c~^n after the positive salt solve (transport.c). */
typedef struct TrPositiveArgs {
    double *xi, *rate;           /* updated in place */
    const double *c, *c_old;     /* c~^{n+1}, c~^n */
    const double *c_iter;        /* the iterate the last positive solve was set up with */
    double dt;
} TrPositiveArgs;

/* Hydrogen evolution (kernels/her.c). */
typedef struct HerArgs {
    ZnModel m;
    const double *xi, *phi;
    const double *dead;      /* owner of each cell, as in PfArgs; NULL: everything attached */
    const double *acid;      /* acidity T (her_eval: T^n; her_acid_update: T^{n+1}); NULL: h = h_b */
    const double *acid_old;  /* T^n (her_acid_update) */
    const double *c;         /* c~ (the Zn2+ of the hydrolysis) */
    const double *zhs;       /* ZHS volume fraction psi: blocks the surface by 1 - psi; NULL: none */
    double E;                /* metal potential of the attached body, V */
    const double *float_E;   /* floating dead bodies: nfloat pairs (b, E_b), as in PfArgs; the
                              * hydrogen on a dead body evolves at its E_b (self-corrosion) */
    int nfloat;
    int idle;                /* 1: the attached metal and the collector carry no current (a
                              * rest with no attached metal); floating bodies still corrode */
    double select;           /* her_sums sums the cells of this owner only */
    double hx, hy;
    double *q;               /* q_H written by her_eval, A/m^3 */
} HerArgs;

/* Zinc hydroxide sulfate (her.c): the local exchange of a step between the acidity, the salt and
 * the ZHS volume fraction, and its sums. */
typedef struct ZhsArgs {
    ZnModel m;
    const double *xi;
    double *acid, *c, *zhs;  /* T, c~ and psi, updated in place (zhs_exchange) */
    double dt;
    double hx, hy;
} ZhsArgs;

/* The explicit part of the phase-field step, its integrals, and the right-hand side. */
typedef struct PfArgs {
    ZnModel m;
    const double *xi, *c, *phi;
    double hx, hy;
    double E;         /* metal potential of the attached body, V */
    double inv_dt;    /* 1/dt */
    double stab;      /* linear stabilisation S, 1/s */
    /* second-order step (SBDF2, phasefield.c): lead = (1 + 2w)/((1 + w) dt), w = dt/dt_prev
     * (w = 0 and lead = 1/dt: the Euler step); hist holds N of the previous step and receives
     * this step's; rate_prev the previous step's rate. hist NULL: the Euler step. */
    double lead, w;
    double *hist;
    const double *rate_prev;
    double L_kimp;    /* L_sigma times the gradient coefficient treated implicitly, m^2/s */
    double *ext;      /* mirror-extended right-hand side, nx * 2ny */
    const double *dead;/* owner of each cell's reaction: 0 = the metal attached to the collector,
                        * b > 0 = dead body b (its root label + 1) and its interface
                        * (deadzn.c); NULL: everything attached */
    const double *float_E; /* floating dead bodies: nfloat pairs (b, E_b); other dead bodies are
                            * inert (no electronic path: no reaction) */
    int nfloat;
    int idle;         /* 1: the attached metal does not react (a rest with no attached body) */
    double select;    /* the pf_sum_* kernels sum the cells of this owner only */
    const double *zhs;/* ZHS volume fraction psi: the reaction runs on 1 - psi; NULL: none */
    const int *grain; /* grain of each cell (-1: none, the model's own orientation); NULL: none */
    const double *grain_tf;  /* fast-growth direction theta_f of each grain, rad */
    const double *grain_act; /* exchange-current multiplier of each grain */
    const double *grain_cos, *grain_sin; /* cos and sin of each grain's theta_f */
    double *dsrc;     /* receives d rate / d phi of the step's reaction, 1/(s V) (the potential
                       * solve's linearised coupling, transport.c); NULL: not wanted */
    double rate_gain; /* d rate / d N of the step: (1 + w) / (dt (lead + S)) */
    double salt_cap;  /* > 0: the cathodic rate takes c~ implicit in the cell's own uptake,
                       * c~ / (1 + salt_cap K) with K its rate per unit c~ (a step redone past
                       * the limiting current, engine.c); salt_cap = dt_eff (1 - t+) cs/c0 */
} PfArgs;

/* Division by the implicit symbol in Fourier space: range (nx/2+1) x 2ny modes. */
typedef struct PfSpecArgs {
    double *spec;     /* interleaved complex, (nx/2+1) fastest */
    int nx, ny2;      /* real grid of the extended field */
    double hx, hy;
    double diag;      /* lead + S (1/dt + S for the Euler step) */
    double L_kimp;
    double norm;      /* 1/(nx * ny2): FFT round-trip scaling */
    const double *lam; /* the 5-point Laplacian's symbol: nx/2+1 values in x, then ny2 in y
                        * (engine.c fills it once: a table instead of two sines per mode) */
} PfSpecArgs;

/* Back from the extended field: new xi and the rate it implies. */
typedef struct PfExtractArgs {
    const double *ext;
    double *xi, *rate;
    double inv_dt;
} PfExtractArgs;

/* Connected bodies of metal (xi > 1/2, 4-connected, periodic in x): every metal cell ends
 * with the smallest linear index of its body, -1 elsewhere (kernels/labels.c). */
typedef struct LabArgs {
    const double *xi;
    const long long *lab;  /* labels being read */
    long long *out;        /* labels being written (double buffer) */
    const double *act_in;  /* dead-Zn halo being grown (lab_dilate) */
    double *act;           /* dead-Zn halo written (lab_dead_seed, lab_dilate) */
    int downhill;          /* lab_dilate: grow only down the profile (xi no larger than the
                            * neighbour's the halo comes from) */
} LabArgs;

/* Grains: which crystal each cell belongs to (kernels/grains.c). Metal keeps its grain; the
 * interface and the electrolyte ahead of it take the grain of the neighbour they are fed from
 * (highest xi), so deposited metal inherits the orientation it grows on (epitaxy). */
typedef struct GrainArgs {
    const double *xi;
    const int *g;       /* grain ids read (-1: none) */
    int *out;           /* grain ids written (double buffer) */
    const double *tf;   /* theta_f per grain, rad */
    double tf_none;     /* theta_f of cells without a grain (the model's), rad */
    int family;         /* facet family counted by gr_facet_length: 0 (002), 1 (101), 2 (100) */
    double hx, hy;
} GrainArgs;

/* Diagnostics over the fields. */
typedef struct DiagArgs {
    const double *xi, *c, *rate;
    const double *phi;
    double *col;    /* per-column output, nx */
    double hx, hy;
    int ny;         /* cells along y (the column kernel runs over an nx by 1 range) */
} DiagArgs;

#define ZN_CELL_KERNELS(X)                                                                   \
    X(mg_residual, MgOpArgs)                                                                 \
    X(mg_smooth, MgOpArgs)                                                                   \
    X(mg_smooth_first, MgOpArgs)                                                             \
    X(mg_residual_restrict, MgResRestrictArgs)                                               \
    X(mg_prolong_add, MgTransferArgs)                                                        \
    X(mg_coarsen, MgCoarsenArgs)                                                             \
    X(vec_axpby, VecArgs)                                                                    \
    X(tr_conc_setup, TrArgs)                                                                 \
    X(tr_pot_setup, TrArgs)                                                                  \
    X(pf_build_rhs, PfArgs)                                                                  \
    X(pf_spectral_solve, PfSpecArgs)                                                         \
    X(pf_extract, PfExtractArgs)                                                             \
    X(diag_column_metal, DiagArgs)                                                           \
    X(diag_column_top, DiagArgs)                                                             \
    X(lab_init, LabArgs)                                                                     \
    X(lab_dead_seed, LabArgs)                                                                \
    X(lab_dilate, LabArgs)                                                                   \
    X(gr_follow_pass, GrainArgs)                                                             \
    X(her_eval, HerArgs)                                                                     \
    X(her_acid_update, HerArgs)                                                              \
    X(tr_acid_setup, TrArgs)                                                                 \
    X(tr_positive_update, TrPositiveArgs)                                                    \
    X(zhs_exchange, ZhsArgs)

#define ZN_REDUCE_KERNELS(X)                                                                 \
    X(her_total, HerArgs)                                                                    \
    X(her_dead_total, HerArgs)                                                               \
    X(her_surface_ph, HerArgs)                                                               \
    X(her_surface_neg_ph, HerArgs)                                                           \
    X(vec_dot, VecArgs)                                                                      \
    X(mg_apply_dot, MgOpArgs)                                                                \
    X(cg_update, CgArgs)                                                                     \
    X(pf_sum_reaction, PfArgs)                                                               \
    X(diag_max_rate, DiagArgs)                                                               \
    X(diag_sum_xi, DiagArgs)                                                                 \
    X(diag_sum_grad, DiagArgs)                                                               \
    X(diag_max_height, DiagArgs)                                                             \
    X(diag_max_neg_c, DiagArgs)                                                              \
    X(diag_nonfinite, DiagArgs)                                                              \
    X(diag_xi_excursion, DiagArgs)                                                           \
    X(tr_max_drift_rate, TrArgs)                                                             \
    X(tr_positive_changes, TrPositiveArgs)                                                   \
    X(tr_top_flux, TrArgs)                                                                   \
    X(tr_acid_top_flux, TrArgs)                                                              \
    X(lab_step, LabArgs)                                                                     \
    X(lab_dead_metal, LabArgs)                                                               \
    X(lab_dead_roots, LabArgs)                                                               \
    X(lab_attached_cells, LabArgs)                                                           \
    X(gr_follow, GrainArgs)                                                                  \
    X(gr_facet_length, GrainArgs)

#define ZN_REDUCE3_KERNELS(X)                                                                \
    X(pf_sums, PfArgs)                                                                       \
    X(her_sums, HerArgs)                                                                     \
    X(zhs_sums, ZhsArgs)                                                                     \
    X(tr_pot_common_mode, TrArgs)

typedef struct ZnKernels {
#define ZN_CELL_PTR(name, Args) void (*name)(PxRange, Args);
#define ZN_RED_PTR(name, Args) double (*name)(PxRange, Args);
#define ZN_RED3_PTR(name, Args) PxSum3 (*name)(PxRange, Args);
    ZN_CELL_KERNELS(ZN_CELL_PTR)
    ZN_REDUCE_KERNELS(ZN_RED_PTR)
    ZN_REDUCE3_KERNELS(ZN_RED3_PTR)
#undef ZN_CELL_PTR
#undef ZN_RED_PTR
#undef ZN_RED3_PTR
} ZnKernels;

/* Memory, transforms and kernels of one target. Functions returning int give 0 on success
 * and otherwise write a one-line reason into the backend's error buffer (last_error). */
typedef struct ZnBackend {
    const char *name;
    void *(*alloc)(size_t bytes);                 /* zero-filled; NULL on failure */
    void (*release)(void *p);
    int (*upload)(void *dev, const void *host, size_t bytes);
    int (*download)(void *host, const void *dev, size_t bytes);
    int (*copy)(void *dst, const void *src, size_t bytes);
    int (*sync)(void);
    void *(*fft_create)(int nx, int ny2);         /* real nx*ny2 <-> complex (nx/2+1)*ny2 */
    int (*fft_forward)(void *plan, double *real, double *cplx);
    int (*fft_inverse)(void *plan, double *cplx, double *real);
    void (*fft_destroy)(void *plan);
    const char *(*last_error)(void);
    /* 1 once a launch, reduction or copy has failed: the backend's state is not to be trusted
     * and last_error names the first failure (the engine stops the run; no exit() inside) */
    int (*failed)(void);
    /* Runs fn(ctx), a fixed sequence of launches whose arguments never change: the CUDA
     * backend records it once into *record (a CUDA graph) and replays the record, which
     * costs far less launch latency per kernel; the CPU backend just calls fn. */
    int (*replay)(void **record, void (*fn)(void *ctx), void *ctx);
    void (*replay_release)(void *record);
    const ZnKernels *k;
} ZnBackend;

/* Prototypes of this compiler's kernels (cpu_* under gcc, cuda_* under nvcc), declared here so
 * that nvcc gives them C linkage. */
#define ZN_CELL_PROTO(name, Args) void PX_NAME(name)(PxRange, Args);
#define ZN_RED_PROTO(name, Args) double PX_NAME(name)(PxRange, Args);
#define ZN_RED3_PROTO(name, Args) PxSum3 PX_NAME(name)(PxRange, Args);
ZN_CELL_KERNELS(ZN_CELL_PROTO)
ZN_REDUCE_KERNELS(ZN_RED_PROTO)
ZN_REDUCE3_KERNELS(ZN_RED3_PROTO)
#undef ZN_CELL_PROTO
#undef ZN_RED_PROTO
#undef ZN_RED3_PROTO
extern const ZnKernels PX_NAME(kernels);

extern const ZnBackend zn_backend_cpu;
/* The CUDA backend, or NULL when this build has none; why says what was found. */
const ZnBackend *zn_backend_cuda(char *why, size_t why_len);

#ifdef __cplusplus
}
#endif

#endif
