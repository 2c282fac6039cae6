// CPU path: one OpenBLAS sgemm per layer over a block of rows, then bias +
// activation and the output function in one pass over the block.
#include <cblas.h>

#include <algorithm>
#include <limits>
#include <vector>

#include "mlp/mlp_classifier.hpp"
#include "mlp/mlp_math.hpp"

namespace aip::kernels {

namespace {

// Rows per block: bounds the scratch (block × widest layer) and keeps the
// BLAS int arguments small whatever n is.
constexpr size_t block_rows = 1024;

} // namespace

status mlp_classifier::predict(const float* x, size_t n, float* probs) const {
  if (n == 0)
    return status::ok;
  if (x == nullptr || probs == nullptr || layers_.empty())
    return status::invalid_argument;
  size_t widest = 0;
  for (const mlp_layer& l : layers_)
    widest = std::max(widest, l.out);
  std::vector<float> a(std::min(n, block_rows) * widest);
  std::vector<float> b(a.size());
  for (size_t r0 = 0; r0 < n; r0 += block_rows) {
    const size_t rows = std::min(block_rows, n - r0);
    const float* in = x + r0 * inputs();
    for (size_t i = 0; i < layers_.size(); ++i) {
      const mlp_layer& l = layers_[i];
      float* out = i + 1 == layers_.size() ? probs + r0 * outputs()
                   : i % 2 == 0            ? a.data()
                                           : b.data();
      // out (rows × l.out) = in (rows × l.in) · W^T, W being l.out × l.in.
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
                  static_cast<int>(rows), static_cast<int>(l.out),
                  static_cast<int>(l.in), 1.0f, in, static_cast<int>(l.in),
                  l.weight.data(), static_cast<int>(l.in), 0.0f, out,
                  static_cast<int>(l.out));
      const bool last = i + 1 == layers_.size();
      for (size_t r = 0; r < rows; ++r) {
        float* row = out + r * l.out;
        mlp_math::bias_activate_row(row, l.bias.data(), l.out, l.activation);
        if (last)
          mlp_math::output_row(row, l.out, output_);
      }
      in = out;
    }
  }
  return status::ok;
}

} // namespace aip::kernels
