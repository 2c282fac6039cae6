#include "axpy/axpy.hpp"

namespace aip::kernels {

status axpy_cpu(float a, const float* x, float* y, size_t n) {
  if (n == 0)
    return status::ok;
  if (x == nullptr || y == nullptr)
    return status::invalid_argument;
  // __restrict lets the compiler vectorise without runtime alias checks;
  // callers never pass overlapping x and y.
  const float* __restrict xs = x;
  float* __restrict ys = y;
  for (size_t i = 0; i < n; ++i)
    ys[i] = a * xs[i] + ys[i];
  return status::ok;
}

} // namespace aip::kernels
