/* px_cpu.c - the CPU backend's memory, transforms (FFTW, threaded with OpenMP) and its table.
 * Only gcc compiles this file. */
#include "kernels.h"

#include <fftw3.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char cpu_err[256];

static const char *cpu_last_error(void) { return cpu_err; }
/* set when a reduction could not get its scratch: its result was NaN */
static int cpu_sticky;
static int cpu_failed(void) { return cpu_sticky; }

double *px_cpu_row_scratch(size_t rows)
{
    /* Grows only; one reduction runs at a time (the host is single-threaded). */
    static double *buf = NULL;
    static size_t cap = 0;
    if (rows > cap) {
        double *nb = (double *)realloc(buf, rows * sizeof(double));
        if (!nb) {
            snprintf(cpu_err, sizeof cpu_err, "out of memory for a %zu-row reduction", rows);
            cpu_sticky = 1;
            return NULL;
        }
        buf = nb;
        cap = rows;
    }
    return buf;
}

static void *cpu_alloc(size_t bytes)
{
    void *p = fftw_malloc(bytes ? bytes : 1); /* aligned as FFTW's SIMD paths want */
    if (!p) {
        snprintf(cpu_err, sizeof cpu_err, "fftw_malloc(%zu bytes) failed", bytes);
        return NULL;
    }
    memset(p, 0, bytes);
    return p;
}

static void cpu_release(void *p) { fftw_free(p); }

static int cpu_upload(void *dev, const void *host, size_t bytes)
{
    memcpy(dev, host, bytes);
    return 0;
}

static int cpu_copy(void *dst, const void *src, size_t bytes)
{
    memmove(dst, src, bytes);
    return 0;
}

static int cpu_sync(void) { return 0; }

typedef struct CpuFft {
    fftw_plan fwd, inv;
} CpuFft;

static void *cpu_fft_create(int nx, int ny2)
{
    static int threads_ready = 0;
    if (!threads_ready) {
        if (!fftw_init_threads()) {
            snprintf(cpu_err, sizeof cpu_err, "fftw_init_threads failed");
            return NULL;
        }
        threads_ready = 1;
    }
    fftw_plan_with_nthreads(omp_get_max_threads());
    CpuFft *f = (CpuFft *)calloc(1, sizeof *f);
    size_t nr = (size_t)nx * (size_t)ny2, nc = (size_t)(nx / 2 + 1) * (size_t)ny2;
    double *re = (double *)fftw_malloc(nr * sizeof(double));
    fftw_complex *co = (fftw_complex *)fftw_malloc(nc * sizeof(fftw_complex));
    if (!f || !re || !co) {
        snprintf(cpu_err, sizeof cpu_err, "out of memory planning a %d x %d FFT", nx, ny2);
        free(f);
        fftw_free(re);
        fftw_free(co);
        return NULL;
    }
    /* FFTW_ESTIMATE: plans do not touch the arrays and runs stay reproducible. */
    f->fwd = fftw_plan_dft_r2c_2d(ny2, nx, re, co, FFTW_ESTIMATE);
    f->inv = fftw_plan_dft_c2r_2d(ny2, nx, co, re, FFTW_ESTIMATE);
    fftw_free(re);
    fftw_free(co);
    if (!f->fwd || !f->inv) {
        snprintf(cpu_err, sizeof cpu_err, "fftw_plan_dft_r2c_2d(%d, %d) failed", ny2, nx);
        if (f->fwd) fftw_destroy_plan(f->fwd);
        if (f->inv) fftw_destroy_plan(f->inv);
        free(f);
        return NULL;
    }
    return f;
}

static int cpu_fft_forward(void *plan, double *real, double *cplx)
{
    fftw_execute_dft_r2c(((CpuFft *)plan)->fwd, real, (fftw_complex *)cplx);
    return 0;
}

static int cpu_fft_inverse(void *plan, double *cplx, double *real)
{
    /* c2r overwrites its input; the caller does not need the spectrum afterwards. */
    fftw_execute_dft_c2r(((CpuFft *)plan)->inv, (fftw_complex *)cplx, real);
    return 0;
}

static void cpu_fft_destroy(void *plan)
{
    CpuFft *f = (CpuFft *)plan;
    if (!f) return;
    fftw_destroy_plan(f->fwd);
    fftw_destroy_plan(f->inv);
    free(f);
}

static int cpu_replay(void **record, void (*fn)(void *), void *ctx)
{
    (void)record; /* nothing to save on the CPU: a loop costs no launch */
    fn(ctx);
    return 0;
}

static void cpu_replay_release(void *record) { (void)record; }

const ZnBackend zn_backend_cpu = {
    "cpu",          cpu_alloc,       cpu_release,     cpu_upload,
    cpu_upload,     cpu_copy,        cpu_sync,        cpu_fft_create,
    cpu_fft_forward, cpu_fft_inverse, cpu_fft_destroy, cpu_last_error, cpu_failed,
    cpu_replay,     cpu_replay_release, &cpu_kernels,
};
