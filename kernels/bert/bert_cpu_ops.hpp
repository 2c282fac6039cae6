#pragma once
/// Internal to kernels/bert: the element-wise parts of the CPU encoder
/// (LayerNorm with residual and bias, bias + exact GELU, row softmax), one
/// implementation (bert_cpu_ops_impl.hpp) compiled twice: with AVX2+FMA and
/// without. `bert_cpu_ops_best()` picks by the running CPU. Stateless:
/// callable from any thread.

#include <cstddef>

namespace aip::kernels {

struct bert_cpu_ops {
  /// out[r] = LayerNorm(a[r] + b[r] + bias) over `cols` floats per row, for
  /// `rows` rows. b and bias may be null; out may alias a or b. cols is a
  /// multiple of 8.
  void (*add_layer_norm)(const float* a, const float* b, const float* bias,
                         const float* gamma, const float* beta, float eps,
                         size_t rows, size_t cols, float* out);
  /// x[r] = gelu(x[r] + bias), exact (erf) form; cols a multiple of 8.
  void (*bias_gelu)(float* x, const float* bias, size_t rows, size_t cols);
  /// x[r] += bias; cols a multiple of 8.
  void (*add_bias)(float* x, const float* bias, size_t rows, size_t cols);
  /// Row r (cols floats at x + r·ld) becomes softmax(scale · row).
  void (*softmax)(float* x, size_t rows, size_t cols, size_t ld, float scale);
  /// Scalar forms of the approximations, for tests: erf within 4e-7
  /// absolute, exp within 3e-7 relative.
  float (*erf)(float x);
  float (*exp)(float x);
  const char* name;
};

const bert_cpu_ops& bert_cpu_ops_generic();
/// Only call when the CPU has AVX2 and FMA.
const bert_cpu_ops& bert_cpu_ops_avx2();
/// AVX2+FMA when the CPU has them, otherwise the generic build.
const bert_cpu_ops& bert_cpu_ops_best();

} // namespace aip::kernels
