/* px_cuda.cu - the CUDA backend's memory, deterministic reductions, transforms (cuFFT) and its
 * table. Every CUDA and cuFFT call is checked. A failed launch or reduction copy is sticky:
 * the device state can no longer be trusted, so cuda_failed() answers 1 from then on, the
 * message names the kernel, and the engine stops the run (no exit() here). */
#include "kernels.h"

#include <cufft.h>
#include <stdio.h>
#include <stdlib.h>

static char cuda_err[256];
static int cuda_sticky; /* a launch or reduction failed: nothing on the device is trusted */

/* Records the first sticky failure (later ones follow from it). */
static void cuda_fail(const char *file, int line, const char *what, cudaError_t e)
{
    if (cuda_sticky) return;
    cuda_sticky = 1;
    snprintf(cuda_err, sizeof cuda_err, "%s:%d: %s: %s", file, line, what, cudaGetErrorString(e));
}

static int cuda_failed(void) { return cuda_sticky; }

/* A library call that must return ok; otherwise the call, where it stands and the library's
 * reason go to cuda_err and the caller returns -1. */
#define LIB_TRY(call, ok, reason_of)                                                         \
    do {                                                                                     \
        auto r_ = (call);                                                                    \
        if (r_ != (ok)) {                                                                    \
            snprintf(cuda_err, sizeof cuda_err, "%s:%d: %s: %s", __FILE__, __LINE__, #call,  \
                     reason_of(r_));                                                         \
            return -1;                                                                       \
        }                                                                                    \
    } while (0)
#define CUDA_TRY(call) LIB_TRY(call, cudaSuccess, cudaGetErrorString)

static const char *cufft_reason(cufftResult r)
{
    switch (r) {
    case CUFFT_SUCCESS: return "success";
    case CUFFT_INVALID_PLAN: return "invalid plan";
    case CUFFT_ALLOC_FAILED: return "allocation failed";
    case CUFFT_INVALID_VALUE: return "invalid value";
    case CUFFT_INTERNAL_ERROR: return "internal error";
    case CUFFT_EXEC_FAILED: return "exec failed";
    case CUFFT_SETUP_FAILED: return "setup failed";
    case CUFFT_INVALID_SIZE: return "invalid size";
    default: return "cuFFT error";
    }
}

#define CUFFT_TRY(call) LIB_TRY(call, CUFFT_SUCCESS, cufft_reason)

void px_check_launch(const char *what, const char *file, int line)
{
    cudaError_t e = cudaGetLastError();
    if (e != cudaSuccess) {
        char w[128];
        snprintf(w, sizeof w, "launch of kernel %s", what);
        cuda_fail(file, line, w, e);
    }
}

double *px_cuda_row_scratch(size_t rows)
{
    static double *buf = NULL;
    static size_t cap = 0;
    if (rows + 1 > cap) {
        if (buf) cudaFree(buf);
        cudaError_t e = cudaMalloc((void **)&buf, (rows + 1) * sizeof(double));
        if (e != cudaSuccess) {
            buf = NULL;
            cap = 0;
            cuda_fail(__FILE__, __LINE__, "cudaMalloc of the reduction rows", e);
            return NULL;
        }
        cap = rows + 1;
    }
    return buf;
}

#define PX_FINISH_THREADS 256

/* Second stage: one block combines the rows' results in a fixed order into partial[rows]. */
__global__ void px_reduce_rows_kernel(double *partial, size_t rows, int op)
{
    __shared__ double s[PX_FINISH_THREADS];
    double acc = op == PX_OP_MAX ? PX_NEG_HUGE : 0.0;
    for (size_t i = threadIdx.x; i < rows; i += PX_FINISH_THREADS)
        acc = op == PX_OP_MAX ? px_max(acc, partial[i]) : acc + partial[i];
    s[threadIdx.x] = acc;
    __syncthreads();
    for (int w = PX_FINISH_THREADS / 2; w > 0; w /= 2) {
        if ((int)threadIdx.x < w)
            s[threadIdx.x] = op == PX_OP_MAX ? px_max(s[threadIdx.x], s[threadIdx.x + w])
                                             : s[threadIdx.x] + s[threadIdx.x + w];
        __syncthreads();
    }
    if (threadIdx.x == 0) partial[rows] = s[0];
}

double px_cuda_reduce_rows(const double *partial, size_t rows, int op)
{
    double result = 0.0;
    px_reduce_rows_kernel<<<1, PX_FINISH_THREADS>>>((double *)partial, rows, op);
    px_check_launch("px_reduce_rows", __FILE__, __LINE__);
    cudaError_t e = cudaMemcpy(&result, partial + rows, sizeof(double), cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        cuda_fail(__FILE__, __LINE__, "cudaMemcpy of a reduction result", e);
        return PX_NAN;
    }
    return result;
}

/* Three columns of row sums (stride rows + 1), one block each; results copied back at once. */
__global__ void px_reduce_rows3_kernel(double *partial, size_t rows)
{
    __shared__ double s[PX_FINISH_THREADS];
    const double *col = partial + (size_t)blockIdx.x * (rows + 1);
    double acc = 0.0;
    for (size_t i = threadIdx.x; i < rows; i += PX_FINISH_THREADS) acc += col[i];
    s[threadIdx.x] = acc;
    __syncthreads();
    for (int w = PX_FINISH_THREADS / 2; w > 0; w /= 2) {
        if ((int)threadIdx.x < w) s[threadIdx.x] += s[threadIdx.x + w];
        __syncthreads();
    }
    if (threadIdx.x == 0) partial[3 * (rows + 1) + blockIdx.x] = s[0];
}

PxSum3 px_cuda_reduce_rows3(const double *partial, size_t rows)
{
    PxSum3 result;
    px_reduce_rows3_kernel<<<3, PX_FINISH_THREADS>>>((double *)partial, rows);
    px_check_launch("px_reduce_rows3", __FILE__, __LINE__);
    cudaError_t e = cudaMemcpy(result.v, partial + 3 * (rows + 1), 3 * sizeof(double),
                               cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
        cuda_fail(__FILE__, __LINE__, "cudaMemcpy of reduction results", e);
        result.v[0] = result.v[1] = result.v[2] = PX_NAN;
    }
    return result;
}

static const char *cuda_last_error(void) { return cuda_err; }

static void *cuda_alloc(size_t bytes)
{
    void *p = NULL;
    cudaError_t e = cudaMalloc(&p, bytes ? bytes : 1);
    if (e != cudaSuccess) {
        snprintf(cuda_err, sizeof cuda_err, "cudaMalloc(%zu bytes): %s", bytes,
                 cudaGetErrorString(e));
        return NULL;
    }
    e = cudaMemset(p, 0, bytes);
    if (e != cudaSuccess) {
        snprintf(cuda_err, sizeof cuda_err, "cudaMemset(%zu bytes): %s", bytes,
                 cudaGetErrorString(e));
        cudaFree(p);
        return NULL;
    }
    return p;
}

static void cuda_release(void *p)
{
    if (p) cudaFree(p);
}

static int cuda_upload(void *dev, const void *host, size_t bytes)
{
    CUDA_TRY(cudaMemcpy(dev, host, bytes, cudaMemcpyHostToDevice));
    return 0;
}

static int cuda_download(void *host, const void *dev, size_t bytes)
{
    CUDA_TRY(cudaMemcpy(host, dev, bytes, cudaMemcpyDeviceToHost));
    return 0;
}

static int cuda_copy(void *dst, const void *src, size_t bytes)
{
    CUDA_TRY(cudaMemcpy(dst, src, bytes, cudaMemcpyDeviceToDevice));
    return 0;
}

static int cuda_sync(void)
{
    CUDA_TRY(cudaDeviceSynchronize());
    return 0;
}

typedef struct CudaFft {
    cufftHandle fwd, inv;
} CudaFft;

static int cuda_fft_plan(CudaFft *f, int nx, int ny2)
{
    CUFFT_TRY(cufftPlan2d(&f->fwd, ny2, nx, CUFFT_D2Z));
    CUFFT_TRY(cufftPlan2d(&f->inv, ny2, nx, CUFFT_Z2D));
    return 0;
}

static void *cuda_fft_create(int nx, int ny2)
{
    CudaFft *f = (CudaFft *)calloc(1, sizeof *f);
    if (!f) {
        snprintf(cuda_err, sizeof cuda_err, "out of host memory for an FFT plan");
        return NULL;
    }
    if (cuda_fft_plan(f, nx, ny2) != 0) {
        free(f);
        return NULL;
    }
    return f;
}

static int cuda_fft_forward(void *plan, double *real, double *cplx)
{
    CUFFT_TRY(cufftExecD2Z(((CudaFft *)plan)->fwd, real, (cufftDoubleComplex *)cplx));
    return 0;
}

static int cuda_fft_inverse(void *plan, double *cplx, double *real)
{
    CUFFT_TRY(cufftExecZ2D(((CudaFft *)plan)->inv, (cufftDoubleComplex *)cplx, real));
    return 0;
}

static void cuda_fft_destroy(void *plan)
{
    CudaFft *f = (CudaFft *)plan;
    if (!f) return;
    cufftDestroy(f->fwd);
    cufftDestroy(f->inv);
    free(f);
}

/* Graphs are on unless ZNPF_CUDA_GRAPHS=0 (a switch for measuring what they save and for
 * ruling them out when a result looks wrong). */
static int cuda_graphs_on(void)
{
    static int on = -1;
    if (on < 0) {
        const char *v = getenv("ZNPF_CUDA_GRAPHS");
        on = !(v && v[0] == '0');
    }
    return on;
}

/* Every launch goes to the per-thread default stream (nvcc --default-stream per-thread), which,
 * unlike the legacy default stream, can be captured. fn must not synchronise or allocate. */
static int cuda_replay(void **record, void (*fn)(void *), void *ctx)
{
    if (!cuda_graphs_on()) {
        fn(ctx);
        return 0;
    }
    if (!*record) {
        cudaGraph_t g;
        cudaGraphExec_t x;
        CUDA_TRY(cudaStreamBeginCapture(cudaStreamPerThread, cudaStreamCaptureModeThreadLocal));
        fn(ctx);
        CUDA_TRY(cudaStreamEndCapture(cudaStreamPerThread, &g));
        cudaError_t e = cudaGraphInstantiate(&x, g, 0);
        cudaGraphDestroy(g);
        CUDA_TRY(e);
        *record = (void *)x;
    }
    CUDA_TRY(cudaGraphLaunch((cudaGraphExec_t)*record, cudaStreamPerThread));
    return 0;
}

static void cuda_replay_release(void *record)
{
    if (record) cudaGraphExecDestroy((cudaGraphExec_t)record);
}

static const ZnBackend cuda_backend = {
    "cuda",           cuda_alloc,       cuda_release,     cuda_upload,
    cuda_download,    cuda_copy,        cuda_sync,        cuda_fft_create,
    cuda_fft_forward, cuda_fft_inverse, cuda_fft_destroy, cuda_last_error, cuda_failed,
    cuda_replay,      cuda_replay_release, &cuda_kernels,
};

extern "C" const ZnBackend *zn_backend_cuda(char *why, size_t why_len)
{
    int count = 0;
    cudaError_t e = cudaGetDeviceCount(&count);
    if (e != cudaSuccess) {
        snprintf(why, why_len, "no usable CUDA device (%s)", cudaGetErrorString(e));
        return NULL;
    }
    if (count == 0) {
        snprintf(why, why_len, "no CUDA device present");
        return NULL;
    }
    cudaDeviceProp prop;
    e = cudaGetDeviceProperties(&prop, 0);
    if (e != cudaSuccess) {
        snprintf(why, why_len, "cudaGetDeviceProperties: %s", cudaGetErrorString(e));
        return NULL;
    }
    snprintf(why, why_len, "%s (sm_%d%d, %.1f GiB)", prop.name, prop.major, prop.minor,
             (double)prop.totalGlobalMem / (1024.0 * 1024.0 * 1024.0));
    return &cuda_backend;
}
