# axpy: the toolchain check (CPU, reference, CUDA).
list(APPEND AIP_KERNELS_SOURCES axpy/axpy_cpu.cpp axpy/axpy_ref.cpp)
list(APPEND AIP_KERNELS_CUDA_SOURCES axpy/axpy_cuda.cu)
list(APPEND AIP_KERNELS_NOCUDA_SOURCES axpy/axpy_cuda_stub.cpp)
