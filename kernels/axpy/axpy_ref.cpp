#include "axpy/axpy.hpp"

namespace aip::kernels {

status axpy_ref(float a, const float* x, float* y, size_t n) {
  if (n == 0)
    return status::ok;
  if (x == nullptr || y == nullptr)
    return status::invalid_argument;
  // a * x is exact in double (24 + 24 bits), so the only roundings are the
  // double add and the final cast: within one float ulp of the exact value.
  for (size_t i = 0; i < n; ++i) {
    double r = static_cast<double>(a) * static_cast<double>(x[i])
               + static_cast<double>(y[i]);
    y[i] = static_cast<float>(r);
  }
  return status::ok;
}

} // namespace aip::kernels
