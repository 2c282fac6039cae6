// The AVX2+FMA build of the element-wise ops (compiled with
// AIP_KERNELS_AVX2_FLAGS); bert_cpu_ops_best() calls it only on CPUs that
// have both.
#include "bert/bert_cpu_ops_impl.hpp"

namespace aip::kernels {

const bert_cpu_ops& bert_cpu_ops_avx2() {
  static constexpr bert_cpu_ops ops = make_ops("avx2");
  return ops;
}

} // namespace aip::kernels
