// The scalar twins of cpu_kernels_avx2.cpp, for CPUs without AVX2/FMA/F16C
// (and as a cross-check of the SIMD ones in tests). Also chooses between
// the two.
#include <cstdlib>

#include "safetensors/safetensors.hpp"
#include "vector/cpu_kernels.hpp"

namespace aip::kernels::vector_detail {

namespace {

float row_value(const void* rows, element type, size_t at) {
  if (type == element::f16)
    return f16_to_f32(static_cast<const uint16_t*>(rows)[at]);
  return static_cast<const float*>(rows)[at];
}

void dot_tile(const dot_tile_args& a) {
  for (size_t r = 0; r < a.nrows; ++r) {
    const size_t base = r * a.stride;
    for (size_t q = 0; q < a.nq; ++q) {
      const float* qv = a.queries + q * a.ldq;
      float acc = 0;
      for (size_t j = 0; j < a.d; ++j)
        acc += row_value(a.rows, a.type, base + j) * qv[j];
      a.out[q * a.ldo + r] = acc;
    }
    if (a.sq != nullptr) {
      float acc = 0;
      for (size_t j = 0; j < a.d; ++j) {
        const float x = row_value(a.rows, a.type, base + j);
        acc += x * x;
      }
      a.sq[r] = acc;
    }
  }
}

void select(topk_list& list, const float* dots, size_t count,
            const float* scale, const float* bias, int64_t row0) {
  for (size_t r = 0; r < count; ++r) {
    const float key = dots[r] * scale[r] - bias[r];
    if (list.accepts(key))
      list.push(key, row0 + static_cast<int64_t>(r));
  }
}

void f16_to_f32_rows(const uint16_t* src, size_t stride, size_t rows,
                     size_t d, float* dst) {
  for (size_t r = 0; r < rows; ++r)
    for (size_t j = 0; j < d; ++j)
      dst[r * d + j] = f16_to_f32(src[r * stride + j]);
}

void sq_norms(const float* rows, size_t stride, size_t nrows, size_t d,
              float* out) {
  for (size_t r = 0; r < nrows; ++r) {
    float acc = 0;
    for (size_t j = 0; j < d; ++j)
      acc += rows[r * stride + j] * rows[r * stride + j];
    out[r] = acc;
  }
}

bool cpu_has_avx2() {
  if (std::getenv("AIP_KERNELS_NO_AVX2") != nullptr)
    return false;
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")
         && __builtin_cpu_supports("f16c");
}

} // namespace

const cpu_kernels& portable_kernels() {
  static const cpu_kernels k{dot_tile, select, f16_to_f32_rows, sq_norms};
  return k;
}

const cpu_kernels& kernels_for_this_cpu() {
  static const cpu_kernels& k = cpu_has_avx2() ? avx2_kernels()
                                               : portable_kernels();
  return k;
}

} // namespace aip::kernels::vector_detail
