#pragma once
/// Internal to kernels/mlp: the scalar activations and the row-wise output
/// functions, in one place for the CPU path (float), the reference (double)
/// and the CUDA kernels (float, compiled for the device as well).

#include <cmath>
#include <cstddef>

#include "mlp/mlp_classifier.hpp"

#if defined(__CUDACC__)
#define AIP_MLP_HD __host__ __device__
#else
#define AIP_MLP_HD
#endif

namespace aip::kernels::mlp_math {

AIP_MLP_HD inline float exp_(float v) { return expf(v); }
AIP_MLP_HD inline double exp_(double v) { return exp(v); }
AIP_MLP_HD inline float erf_(float v) { return erff(v); }
AIP_MLP_HD inline double erf_(double v) { return erf(v); }
AIP_MLP_HD inline float tanh_(float v) { return tanhf(v); }
AIP_MLP_HD inline double tanh_(double v) { return tanh(v); }

template <class T>
AIP_MLP_HD inline T sigmoid(T v) {
  return T(1) / (T(1) + exp_(-v));
}

template <class T>
AIP_MLP_HD inline T activate(T v, mlp_activation a) {
  switch (a) {
    case mlp_activation::relu:
      return v > T(0) ? v : T(0);
    case mlp_activation::gelu:
      return T(0.5) * v * (T(1) + erf_(v * T(0.70710678118654752440)));
    case mlp_activation::tanh:
      return tanh_(v);
    case mlp_activation::sigmoid:
      return sigmoid(v);
    case mlp_activation::none:
      break;
  }
  return v;
}

/// y[0..n) += bias (may be null), then the activation, for one row.
template <class T, class B>
inline void bias_activate_row(T* y, const B* bias, size_t n, mlp_activation a) {
  for (size_t j = 0; j < n; ++j)
    y[j] = activate(static_cast<T>(y[j] + (bias ? static_cast<T>(bias[j]) : T(0))), a);
}

/// The spec's output function over one row of n values, in place.
template <class T>
inline void output_row(T* y, size_t n, mlp_output o) {
  if (o == mlp_output::logits)
    return;
  if (o == mlp_output::sigmoid) {
    for (size_t j = 0; j < n; ++j)
      y[j] = sigmoid(y[j]);
    return;
  }
  T m = y[0];
  for (size_t j = 1; j < n; ++j)
    m = y[j] > m ? y[j] : m;
  T sum = 0;
  for (size_t j = 0; j < n; ++j) {
    y[j] = exp_(y[j] - m);
    sum += y[j];
  }
  for (size_t j = 0; j < n; ++j)
    y[j] /= sum;
}

} // namespace aip::kernels::mlp_math
