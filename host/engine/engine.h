/* engine.h - the coupled solver: state on one backend and one time step of
 *   phase field (semi-implicit Fourier) -> concentration (implicit, MG-CG) -> potential (MG-CG)
 * under current (galvanostatic) or potential (potentiostatic) control of the metal. */
#ifndef ZN_ENGINE_H
#define ZN_ENGINE_H

#include "separator.h"
#include "kernels.h"
#include "multigrid.h"
#include "params.h"
#include "physics.h"

typedef struct ZnControl {
    int mode;       /* ZN_CTRL_CURRENT or ZN_CTRL_POTENTIAL */
    double i;       /* current density, A/m^2, positive = plating (cathodic on the metal) */
    double E;       /* metal potential vs the bulk reference, V (potential control) */
} ZnControl;

#define ZN_MAX_FLOATING 64 /* dead bodies given their own potential; more stay inert */
/* the grain table on a backend: theta_f, activity, cos theta_f, sin theta_f */
#define ZN_GRAIN_COLUMNS 4

typedef struct ZnStepInfo {
    double dt;          /* s */
    double E;           /* metal potential used, V */
    double charge;      /* plated charge in the step per substrate area, C/m^2 (< 0: stripped) */
    double current;     /* charge / dt, A/m^2 */
    double her_charge;  /* hydrogen evolved in the step per substrate area, C/m^2 (<= 0), on
                         * the attached metal and the collector (the external circuit's share) */
    double her_dead_charge; /* hydrogen on floating dead bodies, C/m^2 (<= 0): fed by their own
                             * Zn, which corrodes by as much (included in charge) */
    double max_rate;    /* max |d xi/dt|, 1/s */
    double drift_rate;  /* max D (n f |grad phi|)^2, 1/s (cation model; 0 otherwise) */
    MgStats conc, pot;  /* elliptic solves */
    MgStats acid;       /* the acidity solve (iterations 0 when it is off) */
    int positive;       /* 1: the salt solve was redone with the uptake implicit (c~ >= 0) */
    int trials;         /* times the step was redone at a lower E so that hydrogen carries what
                         * the salt could not (step_balance.c; 0: taken once) */
    double wall_pf, wall_conc, wall_pot; /* s spent in each part (only when e->profile) */
} ZnStepInfo;

/* One crystal: its orientation and what it started with (grains.c). */
typedef struct ZnGrain {
    double theta_f;   /* fast-growth (basal trace) direction, rad from +x */
    double activity;  /* exchange-current multiplier of this crystal and its epitaxial deposit */
    double v0;        /* its metal when the run started or it nucleated, cells (sum of xi) */
} ZnGrain;

typedef struct ZnEngine {
    const ZnBackend *be;
    ZnPhys phys;
    ZnModel m;
    PxRange r;
    double hx, hy;
    double *xi, *c, *phi, *rate;   /* fields on the backend */
    double *ext, *spec;            /* FFT work: nx x 2ny real, (nx/2+1) x 2ny complex */
    double *col;                   /* per-column metal, nx */
    double *lam;                   /* the 5-point Laplacian's Fourier symbol, nx/2+1 then 2ny */
    long long *lab, *lab2;         /* body labels of the metal, double-buffered (deadzn.c) */
    double *act, *act2;            /* dead-Zn halo: body label + 1 on detached metal and its
                                    * interface, 0 elsewhere (deadzn.c); act2 is the halo's
                                    * scratch at a step's start, then holds d rate / d phi from
                                    * the phase field to the potential solve (linearized
                                    * coupling) */
    double *float_E;               /* floating dead bodies: (label + 1, E) pairs on the backend */
    double *her_q;                 /* HER charge source q_H of the step, A/m^3 (NULL: HER off) */
    double *acid, *acid_old;       /* acidity T and its value at the step's start, mol/m^3
                                    * (NULL unless HER runs with her.acidity) */
    double *zhs;                   /* ZHS volume fraction psi (NULL unless her.zhs) */
    double *hist;                  /* the second-order step's N of the last step, 1/s (NULL:
                                    * the Euler step, numerics.time_scheme) */
    double *bal;                   /* the step's starting xi, c~, rate, history and ZHS, for
                                    * a plating step redone at a lower E (step_balance.c;
                                    * NULL unless hydrogen evolution is on) */
    double *bal_sep_T;             /* the acidity's separator column, likewise (host) */
    double *rate_state;            /* rate when the second-order step needs it across a
                                    * restart (an alias of rate, else NULL) */
    double dt_prev;                /* the last step's dt, s; 0: the next step has no history
                                    * (start, new protocol step, fields uploaded): Euler */
    int nfloat;                    /* how many of them are in float_E */
    double float_her;              /* their hydrogen at E_b this step, summed over cells, A/m^3
                                    * (what their balance lets them lose in Zn) */
    int *grain, *grain2;           /* crystal of each cell, double-buffered (grains.c) */
    double *gtab;                  /* per grain, column after column of gcap: theta_f, activity,
                                    * cos theta_f, sin theta_f (ZN_GRAIN_COLUMNS) */
    ZnGrain *grains;               /* host copy of the grain table */
    int ngrains, gcap;
    double charge_debt;            /* charge of nuclei placed but not yet delivered by the
                                    * controlled current, C/m^2 (run.c adds, engine_step settles) */
    double pending_repay;          /* part of the debt the step being taken settles */
    double charge_carry;           /* charge the last current-controlled step passed beyond the
                                    * applied one, C/m^2: the hydrogen its acidity update added
                                    * after the controller balanced it, and in a rest the
                                    * plating its salt held back; the next step's metal target
                                    * is less by it, so the charge over the steps is the applied */
    int depleted;                  /* the last step was a current-controlled plating step whose
                                    * salt let it deliver less than half its current (Zn2+
                                    * exhausted at the interface: the potential runs away) */
    void *fft;
    MgSolver mg;
    double E;                      /* metal potential, V */
    ZnSeparator sep;               /* the far field (cell.separator > 0), else sep.n = 0 */
    ZnSeparator sep_T;             /* the acidity in the same column (a separator and
                                    * her.acidity), else sep_T.n = 0 */
    double cell_E;                 /* E against the electrolyte at the counter electrode: E less
                                    * the separator's ohmic and diffusion-potential drop, V */
    double t;                      /* simulated time, s */
    long step;
    double sum_xi;                 /* sum of xi over cells (kept current) */
    double drift_rate;             /* last step's max D (n f |grad phi|)^2 (cation model) */
    int profile;                   /* time the parts of each step (synchronises the device) */
    int exhausted;                 /* set when a step failed because no attached metal is left
                                    * to strip (a strip step's natural end) */
    int backend_failed;            /* the backend failed (a launch, a copy): exit code 3 */
    char err[512];                 /* reason of the last failure */
} ZnEngine;

/* The next phase-field step starts afresh (Euler) instead of using the last step: after the
 * fields were changed from outside the step, or when the drive jumps (a new protocol step). */
void engine_reset_history(ZnEngine *e);

/* The arguments of the diagnostic reductions over the engine's fields, with field as their xi. */
DiagArgs engine_diag_args(const ZnEngine *e, const double *field);

/* The separator columns' values, as checkpoints hold them: the salt's cells (c~), then the
 * acidity's (mol/m^3) when it has a column. engine_separator_count says how many. */
int engine_separator_count(const ZnEngine *e);
void engine_separator_get(const ZnEngine *e, double *out);

/* The columns from a checkpoint: n values (n must match the scenario's count). */
int engine_separator_set(ZnEngine *e, const double *c, int n);

/* Allocates the state for p on backend be; xi = 0, c~ = 1, phi = 0. Returns -1 with e->err. */
int engine_create(ZnEngine *e, const ZnBackend *be, const ZnPhys *p);
void engine_destroy(ZnEngine *e);

/* The fields that are a run's state, in the order checkpoints hold them: xi, c~, phi, then
 * those of the physics switched on (the acidity, ZHS). One line each in engine_state.c. */
typedef struct ZnStateField {
    const char *name;    /* as in checkpoints and fields.txt */
    size_t at;           /* offset of its backend pointer in ZnEngine (NULL: not held) */
} ZnStateField;
extern const ZnStateField zn_state_fields[];
extern const int zn_nstate_fields;
/* How many of them this engine holds; all of them to or from one host buffer, nx*ny each,
 * in that order. */
int engine_nstate(const ZnEngine *e);
int engine_state_download(const ZnEngine *e, double *buf);
/* Where the field called name sits in that buffer (0 = xi), or -1 when it is not held. */
int engine_state_position(const ZnEngine *e, const char *name);
int engine_state_upload(ZnEngine *e, const double *buf);

/* Copies host arrays (nx*ny each, x fastest; NULL keeps the field) to the backend. */
int engine_upload(ZnEngine *e, const double *xi, const double *c, const double *phi);
/* Copies the fields back (NULL skips one). */
int engine_download(const ZnEngine *e, double *xi, double *c, double *phi);

/* Lowest and highest pH where hydrogen can evolve (metal surfaces attached to the collector and
 * the exposed collector); NaN both without the acidity field or such a surface. */
void engine_surface_ph(const ZnEngine *e, double *ph_min, double *ph_max);

/* ZHS (her.zhs): the Zn it holds per substrate area, as the charge that Zn would carry
 * (4 Zn per formula unit, C/m^2), and the share of the metal surface it covers; 0 and NaN
 * without it. */
void engine_zhs(const ZnEngine *e, double *zn_charge, double *coverage);

/* The acidity T (nx*ny, mol/m^3) from the backend; -1 when it is not transported (a resume
 * restores it with the other state fields, engine_state_upload). */
int engine_download_acid(const ZnEngine *e, double *T);

/* Limiting current of a flat deposit of the present mean thickness under the binary salt,
 * n F D c0 c_bulk / ((1 - t+) g), A/m^2 (g = electrolyte height above it); NaN for the
 * cation-only transport. tests/test_limiting_current.c checks it. */
double engine_flat_limit(const ZnEngine *e);

/* Advances by dt under ctl. Returns 0, or -1 with e->err (a control that cannot be met, a
 * NaN/Inf, a backend failure); on -1 the state is not to be trusted. */
int engine_step(ZnEngine *e, const ZnControl *ctl, double dt, ZnStepInfo *info);

/* The phase-field kernel arguments a step of size dt would use at metal potential E (the
 * dead-Zn owners and floating potentials as they stand): for diagnostics and tests. */
PfArgs engine_pf_args(const ZnEngine *e, double dt, double E);

/* The next step size after a step that saw max |d xi/dt| = max_rate. */
double engine_next_dt(const ZnEngine *e, double dt, double max_rate);

/* Largest dt that keeps the explicit double-well term accurate (relax_dt / (L_sigma W)). */
double engine_dt_relax_bound(const ZnEngine *e);

/* Device bytes per cell, all fields, solver levels and FFT buffers included. */
double engine_bytes_per_cell(const ZnEngine *e);

/* The bytes engine_create would allocate for p, all included (before any allocation). */
double engine_estimate_bytes(const ZnPhys *p);

#endif
