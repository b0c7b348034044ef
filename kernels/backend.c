/* backend.c - this compiler's table of kernels (cpu_kernels under gcc, cuda_kernels under
 * nvcc), built from the X-macro list in kernels.h so that no kernel can be left out. */
#include "kernels.h"

#define ZN_TABLE_ENTRY(name, Args) PX_NAME(name),
const ZnKernels PX_NAME(kernels) = {
    ZN_CELL_KERNELS(ZN_TABLE_ENTRY) ZN_REDUCE_KERNELS(ZN_TABLE_ENTRY) ZN_REDUCE3_KERNELS(ZN_TABLE_ENTRY)
};
