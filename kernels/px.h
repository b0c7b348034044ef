/* px.h - the portability layer: one per-cell body, two targets.
 *
 * Every file in kernels/ that includes this header is compiled twice: by gcc -fopenmp (names
 * get the prefix cpu_) and by nvcc -x cu (prefix cuda_). The physics is written once as a
 * PX_HD function of one cell; the macros below turn it into an OpenMP loop or a CUDA kernel.
 *
 * API
 *   PX_HD                         qualifier of functions callable on host and device
 *   PX_NAME(x)                    cpu_x or cuda_x, for the compiler at hand
 *   PX_PI                         pi (no M_PI: it is not C11)
 *   PxRange {nx, ny, nz}          loop extents; 2D runs use nz = 1
 *   PX_IDX(r, i, j, k)            linear index, x fastest, as size_t
 *   PX_FOR_EACH_CELL(name, body, Args)
 *                                 defines void PX_NAME(name)(PxRange r, Args a) calling
 *                                 body(r, a, i, j, k) once per cell of r
 *   PX_SUM_OVER_CELLS(name, body, Args)
 *                                 defines double PX_NAME(name)(PxRange r, Args a) returning the
 *                                 sum of double body(r, a, i, j, k); the order of summation is
 *                                 fixed (rows, then rows' sums) so a run is reproducible
 *   PX_MAX_OVER_CELLS(name, body, Args)   the same with max instead of +; NaN wins, so a
 *                                 watchdog built on it sees a NaN anywhere
 *   PX_SUM3_OVER_CELLS(name, body, Args)  three sums from one pass: body returns a PxSum3,
 *                                 the function too (each component summed in the order above)
 *   px_max(a, b)                  NaN-propagating max
 *   px_check_launch(what, file, line)   (CUDA) records a failed launch: the backend's failed()
 *                                       then answers 1 and last_error() names it
 *
 * Why a row-wise sum: OpenMP's reduction clause and CUDA atomics add in an order that changes
 * from run to run; restart tests need bit-identical results on one backend.
 */
#ifndef ZN_PX_H
#define ZN_PX_H

#include <stddef.h>

#define PX_PI 3.14159265358979323846
/* what a reduction returns when its scratch could not be had (the backend has failed) */
#define PX_NAN (__builtin_nan(""))

typedef struct PxRange {
    int nx, ny, nz; /* cells along x (periodic), y (substrate normal), z (periodic, 1 in 2D) */
} PxRange;

/* Three sums from one pass over the cells (when the per-cell work they share is costly). */
typedef struct PxSum3 {
    double v[3];
} PxSum3;

#define PX_IDX(r, i, j, k) \
    ((size_t)(i) + (size_t)(r).nx * ((size_t)(j) + (size_t)(r).ny * (size_t)(k)))

#ifdef __CUDACC__

#include <cuda_runtime.h>
#define PX_HD __host__ __device__
#define PX_NAME(x) cuda_##x

enum { PX_OP_SUM = 0, PX_OP_MAX = 1 };
void px_check_launch(const char *what, const char *file, int line);
double *px_cuda_row_scratch(size_t rows);
double px_cuda_reduce_rows(const double *partial, size_t rows, int op);
PxSum3 px_cuda_reduce_rows3(const double *partial, size_t rows);

#define PX_BLOCK_X 32
#define PX_BLOCK_Y 8
#define PX_RED_THREADS 128

#define PX_FOR_EACH_CELL(name, body, Args)                                                   \
    __global__ void name##_kernel(PxRange r, Args a)                                        \
    {                                                                                        \
        int i = (int)(blockIdx.x * blockDim.x + threadIdx.x);                                \
        int jk = (int)(blockIdx.y * blockDim.y + threadIdx.y);                               \
        if (i >= r.nx || jk >= r.ny * r.nz) return;                                          \
        body(r, a, i, jk % r.ny, jk / r.ny);                                                    \
    }                                                                                        \
    void cuda_##name(PxRange r, Args a)                                                      \
    {                                                                                        \
        dim3 block(PX_BLOCK_X, PX_BLOCK_Y);                                                  \
        dim3 grid((unsigned)((r.nx + PX_BLOCK_X - 1) / PX_BLOCK_X),                          \
                  (unsigned)((r.ny * r.nz + PX_BLOCK_Y - 1) / PX_BLOCK_Y));                  \
        name##_kernel<<<grid, block>>>(r, a);                                                \
        px_check_launch(#name, __FILE__, __LINE__);                                          \
    }

/* One block per row (fixed tree order), then one block over the rows' results. */
#define PX_REDUCE_CELLS_(name, body, Args, OP, INIT, COMBINE)                                \
    __global__ void name##_kernel(PxRange r, Args a, double *partial)                       \
    {                                                                                        \
        __shared__ double s[PX_RED_THREADS];                                                 \
        int row = (int)blockIdx.x;                                                           \
        int j = row % r.ny, k = row / r.ny;                                                  \
        double acc = INIT;                                                                   \
        for (int i = (int)threadIdx.x; i < r.nx; i += PX_RED_THREADS)                        \
            acc = COMBINE(acc, body(r, a, i, j, k));                                            \
        s[threadIdx.x] = acc;                                                                \
        __syncthreads();                                                                     \
        for (int w = PX_RED_THREADS / 2; w > 0; w /= 2) {                                    \
            if ((int)threadIdx.x < w) s[threadIdx.x] = COMBINE(s[threadIdx.x], s[threadIdx.x + w]); \
            __syncthreads();                                                                 \
        }                                                                                    \
        if (threadIdx.x == 0) partial[row] = s[0];                                           \
    }                                                                                        \
    double cuda_##name(PxRange r, Args a)                                                    \
    {                                                                                        \
        size_t rows = (size_t)r.ny * (size_t)r.nz;                                           \
        double *partial = px_cuda_row_scratch(rows);                                         \
        if (!partial) return PX_NAN;                                                         \
        name##_kernel<<<(unsigned)rows, PX_RED_THREADS>>>(r, a, partial);                    \
        px_check_launch(#name, __FILE__, __LINE__);                                          \
        return px_cuda_reduce_rows(partial, rows, OP);                                       \
    }

/* Rows' three sums at partial[m (rows + 1) + row]; the finisher adds each column. */
#define PX_SUM3_OVER_CELLS(name, body, Args)                                                 \
    __global__ void name##_kernel(PxRange r, Args a, double *partial)                       \
    {                                                                                        \
        __shared__ double s[3][PX_RED_THREADS];                                              \
        int row = (int)blockIdx.x;                                                           \
        int j = row % r.ny, k = row / r.ny;                                                  \
        double acc[3] = {0.0, 0.0, 0.0};                                                     \
        for (int i = (int)threadIdx.x; i < r.nx; i += PX_RED_THREADS) {                      \
            PxSum3 v = body(r, a, i, j, k);                                                  \
            for (int m = 0; m < 3; m++) acc[m] += v.v[m];                                    \
        }                                                                                    \
        for (int m = 0; m < 3; m++) s[m][threadIdx.x] = acc[m];                              \
        __syncthreads();                                                                     \
        for (int w = PX_RED_THREADS / 2; w > 0; w /= 2) {                                    \
            if ((int)threadIdx.x < w)                                                        \
                for (int m = 0; m < 3; m++) s[m][threadIdx.x] += s[m][threadIdx.x + w];      \
            __syncthreads();                                                                 \
        }                                                                                    \
        if (threadIdx.x == 0)                                                                \
            for (int m = 0; m < 3; m++) partial[(size_t)m * (r.ny * r.nz + 1) + row] = s[m][0]; \
    }                                                                                        \
    PxSum3 cuda_##name(PxRange r, Args a)                                                    \
    {                                                                                        \
        size_t rows = (size_t)r.ny * (size_t)r.nz;                                           \
        double *partial = px_cuda_row_scratch(3 * (rows + 1) + 3);                           \
        if (!partial) {                                                                      \
            PxSum3 bad = {{PX_NAN, PX_NAN, PX_NAN}};                                         \
            return bad;                                                                      \
        }                                                                                    \
        name##_kernel<<<(unsigned)rows, PX_RED_THREADS>>>(r, a, partial);                    \
        px_check_launch(#name, __FILE__, __LINE__);                                          \
        return px_cuda_reduce_rows3(partial, rows);                                          \
    }

#else /* CPU: gcc with OpenMP */

#define PX_HD
#define PX_NAME(x) cpu_##x

double *px_cpu_row_scratch(size_t rows);

#define PX_FOR_EACH_CELL(name, body, Args)                                                   \
    void cpu_##name(PxRange r, Args a)                                                       \
    {                                                                                        \
        int rows = r.ny * r.nz;                                                              \
        _Pragma("omp parallel for schedule(static)")                                         \
        for (int jk = 0; jk < rows; jk++)                                                    \
            for (int i = 0; i < r.nx; i++) body(r, a, i, jk % r.ny, jk / r.ny);                 \
    }

#define PX_REDUCE_CELLS_(name, body, Args, OP, INIT, COMBINE)                                \
    double cpu_##name(PxRange r, Args a)                                                     \
    {                                                                                        \
        int rows = r.ny * r.nz;                                                              \
        double *partial = px_cpu_row_scratch((size_t)rows);                                  \
        if (!partial) return PX_NAN;                                                         \
        _Pragma("omp parallel for schedule(static)")                                         \
        for (int jk = 0; jk < rows; jk++) {                                                  \
            double acc = INIT;                                                               \
            for (int i = 0; i < r.nx; i++) acc = COMBINE(acc, body(r, a, i, jk % r.ny, jk / r.ny)); \
            partial[jk] = acc;                                                               \
        }                                                                                    \
        double total = INIT;                                                                 \
        for (int jk = 0; jk < rows; jk++) total = COMBINE(total, partial[jk]);               \
        return total;                                                                        \
    }

#define PX_SUM3_OVER_CELLS(name, body, Args)                                                 \
    PxSum3 cpu_##name(PxRange r, Args a)                                                     \
    {                                                                                        \
        int rows = r.ny * r.nz;                                                              \
        double *partial = px_cpu_row_scratch(3 * (size_t)rows);                              \
        if (!partial) {                                                                      \
            PxSum3 bad = {{PX_NAN, PX_NAN, PX_NAN}};                                         \
            return bad;                                                                      \
        }                                                                                    \
        _Pragma("omp parallel for schedule(static)")                                         \
        for (int jk = 0; jk < rows; jk++) {                                                  \
            double acc[3] = {0.0, 0.0, 0.0};                                                 \
            for (int i = 0; i < r.nx; i++) {                                                 \
                PxSum3 v = body(r, a, i, jk % r.ny, jk / r.ny);                              \
                for (int m = 0; m < 3; m++) acc[m] += v.v[m];                                \
            }                                                                                \
            for (int m = 0; m < 3; m++) partial[(size_t)m * rows + jk] = acc[m];             \
        }                                                                                    \
        PxSum3 total = {{0.0, 0.0, 0.0}};                                                    \
        for (int m = 0; m < 3; m++)                                                          \
            for (int jk = 0; jk < rows; jk++) total.v[m] += partial[(size_t)m * rows + jk];  \
        return total;                                                                        \
    }

#endif

/* NaN-propagating max: a != a means a is NaN, and a NaN must reach the watchdog. */
static inline PX_HD double px_max(double a, double b)
{
    if (a != a) return a;
    if (b != b) return b;
    return a > b ? a : b;
}
#define PX_ADD_(x, y) ((x) + (y))
#define PX_NEG_HUGE (-1.0e308)

#define PX_SUM_OVER_CELLS(name, body, Args) \
    PX_REDUCE_CELLS_(name, body, Args, 0, 0.0, PX_ADD_)
#define PX_MAX_OVER_CELLS(name, body, Args) \
    PX_REDUCE_CELLS_(name, body, Args, 1, PX_NEG_HUGE, px_max)

#endif
