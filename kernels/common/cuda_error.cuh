#pragma once
/// Internal to the .cu files (not installed): maps a cudaError_t to the
/// host-API status, so every CUDA call is checked in one spelling.

#include <cuda_runtime_api.h>

#include "common/status.hpp"

namespace aip::kernels {

status from_cuda(cudaError_t err);

} // namespace aip::kernels

/// Evaluates a CUDA call; on failure runs `cleanup` and returns its status.
#define AIP_KERNELS_CHECK(call, cleanup)                                       \
  do {                                                                         \
    cudaError_t aip_err_ = (call);                                             \
    if (aip_err_ != cudaSuccess) {                                             \
      cleanup;                                                                 \
      return ::aip::kernels::from_cuda(aip_err_);                              \
    }                                                                          \
  } while (false)
