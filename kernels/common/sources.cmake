# common: status, the CUDA probe, the dlopen'ed cuBLAS and the OpenBLAS core
# type hook shared by every op.
list(APPEND AIP_KERNELS_SOURCES common/blas_coretype.cpp)
list(APPEND AIP_KERNELS_LIBS openblas)
list(APPEND AIP_KERNELS_CUDA_SOURCES common/cublas_api.cpp)
list(APPEND AIP_KERNELS_CUDA_LIBS ${CMAKE_DL_LIBS})
