/* px_nocuda.c - stands in for px_cuda.cu in a build without nvcc. */
#include "kernels.h"

#include <stdio.h>

const ZnBackend *zn_backend_cuda(char *why, size_t why_len)
{
    snprintf(why, why_len, "this build has no CUDA backend (nvcc was not found at build time)");
    return NULL;
}
