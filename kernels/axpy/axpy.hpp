#pragma once
/// y := a * x + y over n floats (single precision), as CPU, CUDA and a slow
/// double-precision reference that the other two are tested against. Host
/// API only: no CUDA types, never throws, every failure is a `status`.
/// Example: `if (axpy_cuda(a, x, y, n) != status::ok) axpy_cpu(a, x, y, n);`

#include <cstddef>
#include <string>

#include "common/cuda_device.hpp"
#include "common/status.hpp"

namespace aip::kernels {

/// CPU path; REQUIRES: x and y hold n floats (may be null when n == 0).
status axpy_cpu(float a, const float* x, float* y, size_t n);

/// Reference: computes in double, rounds once to float. Slow on purpose.
status axpy_ref(float a, const float* x, float* y, size_t n);

/// GPU path on host buffers: copies x and y to the device, runs, copies y
/// back. Returns no_cuda_build / no_device when it cannot run; on a failure
/// before the final copy back, y is untouched.
status axpy_cuda(float a, const float* x, float* y, size_t n);

} // namespace aip::kernels
