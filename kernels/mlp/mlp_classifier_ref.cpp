// The float64 reference: plain loops, no BLAS, one rounding at the end. The
// CPU and CUDA twins are tested against it.
#include <vector>

#include "mlp/mlp_classifier.hpp"
#include "mlp/mlp_math.hpp"

namespace aip::kernels {

status mlp_classifier::predict_ref(const float* x, size_t n,
                                   float* probs) const {
  if (n == 0)
    return status::ok;
  if (x == nullptr || probs == nullptr || layers_.empty())
    return status::invalid_argument;
  std::vector<double> cur, next;
  for (size_t r = 0; r < n; ++r) {
    cur.assign(x + r * inputs(), x + (r + 1) * inputs());
    for (const mlp_layer& l : layers_) {
      next.assign(l.out, 0.0);
      for (size_t o = 0; o < l.out; ++o) {
        double acc = 0;
        const float* w = l.weight.data() + o * l.in;
        for (size_t k = 0; k < l.in; ++k)
          acc += static_cast<double>(w[k]) * cur[k];
        next[o] = acc;
      }
      mlp_math::bias_activate_row(next.data(), l.bias.data(), l.out,
                                  l.activation);
      cur.swap(next);
    }
    mlp_math::output_row(cur.data(), cur.size(), output_);
    for (size_t o = 0; o < cur.size(); ++o)
      probs[r * outputs() + o] = static_cast<float>(cur[o]);
  }
  return status::ok;
}

} // namespace aip::kernels
