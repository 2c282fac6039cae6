#pragma once
/// The result of every kernel host call: kernels never throw, and every CUDA
/// error is mapped to one of these values. Callable from any thread.

namespace aip::kernels {

enum class status {
  ok,
  /// A null pointer with n > 0, or a size whose byte count overflows.
  invalid_argument,
  /// The library was built without nvcc (AIP_CUDA=OFF or nvcc missing).
  no_cuda_build,
  /// Built with CUDA, but no usable driver or device at run time.
  no_device,
  /// cudaMalloc failed.
  out_of_memory,
  /// A kernel launch failed (bad configuration, unsupported arch, ...).
  launch_failed,
  /// Any other CUDA runtime error.
  cuda_error,
  /// A valid request this path does not implement (a dtype, a k too large
  /// for a fused kernel): the caller picks another path.
  unsupported,
  /// A cuBLAS call failed (its status is not a cudaError_t).
  blas_error,
};

/// A short stable name, e.g. "no_device".
const char* to_string(status s);

} // namespace aip::kernels
