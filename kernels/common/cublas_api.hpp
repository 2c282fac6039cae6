#pragma once
/// Internal to the CUDA sources (not for host-API headers): cuBLAS opened with
/// dlopen on first use instead of linked, so a binary built with CUDA starts
/// where the toolkit's 600 MB of cuBLAS libraries are absent and reports
/// no_device there. One handle per thread, created on first use, bound to
/// the legacy default stream. Callable from any thread.

#include <string>

#include <cublas_v2.h>

#include "common/status.hpp"

namespace aip::kernels {

/// The cuBLAS entry points the kernels use. The Ex calls are spelled out:
/// cublas_api.h overloads them for C++ (legacy cudaDataType compute types).
using cublas_gemm_ex_fn = cublasStatus_t (*)(
  cublasHandle_t, cublasOperation_t, cublasOperation_t, int m, int n, int k,
  const void* alpha, const void* a, cudaDataType a_type, int lda,
  const void* b, cudaDataType b_type, int ldb, const void* beta, void* c,
  cudaDataType c_type, int ldc, cublasComputeType_t, cublasGemmAlgo_t);
using cublas_gemm_strided_batched_ex_fn = cublasStatus_t (*)(
  cublasHandle_t, cublasOperation_t, cublasOperation_t, int m, int n, int k,
  const void* alpha, const void* a, cudaDataType a_type, int lda,
  long long stride_a, const void* b, cudaDataType b_type, int ldb,
  long long stride_b, const void* beta, void* c, cudaDataType c_type, int ldc,
  long long stride_c, int batch_count, cublasComputeType_t, cublasGemmAlgo_t);

struct cublas_api {
  decltype(&cublasCreate_v2) create = nullptr;
  decltype(&cublasDestroy_v2) destroy = nullptr;
  decltype(&cublasSetStream_v2) set_stream = nullptr;
  decltype(&cublasSetMathMode) set_math_mode = nullptr;
  decltype(&cublasSgemm_v2) sgemm = nullptr;
  cublas_gemm_ex_fn gemm_ex = nullptr;
  cublas_gemm_strided_batched_ex_fn gemm_strided_batched_ex = nullptr;
};

/// The loaded library, or nullptr (with `why` set) when libcublas.so.13/.12
/// cannot be opened or lacks an entry point.
const cublas_api* cublas(std::string* why = nullptr);

/// This thread's handle; nullptr when cuBLAS is unavailable or creating the
/// handle failed (`*err` says which).
cublasHandle_t cublas_handle(status* err);

status from_cublas(cublasStatus_t s);

} // namespace aip::kernels

/// Evaluates a cuBLAS call; on failure runs `cleanup` and returns a status.
#define AIP_KERNELS_CHECK_CUBLAS(call, cleanup)                                \
  do {                                                                         \
    cublasStatus_t aip_st_ = (call);                                           \
    if (aip_st_ != CUBLAS_STATUS_SUCCESS) {                                    \
      cleanup;                                                                 \
      return ::aip::kernels::from_cublas(aip_st_);                             \
    }                                                                          \
  } while (false)
