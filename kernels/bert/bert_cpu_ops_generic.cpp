// The portable build of the element-wise ops (baseline x86-64: SSE2), and
// the run-time choice between it and the AVX2 build.
#include "bert/bert_cpu_ops_impl.hpp"

namespace aip::kernels {

const bert_cpu_ops& bert_cpu_ops_generic() {
  static constexpr bert_cpu_ops ops = make_ops("generic");
  return ops;
}

const bert_cpu_ops& bert_cpu_ops_best() {
  static const bert_cpu_ops& best =
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")
      ? bert_cpu_ops_avx2()
      : bert_cpu_ops_generic();
#else
    bert_cpu_ops_generic();
#endif
  return best;
}

} // namespace aip::kernels
