# common: status, the CUDA probe and the dlopen'ed cuBLAS shared by every op.
list(APPEND AIP_KERNELS_CUDA_SOURCES common/cublas_api.cpp)
list(APPEND AIP_KERNELS_CUDA_LIBS ${CMAKE_DL_LIBS})
