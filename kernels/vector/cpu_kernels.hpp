#pragma once
/// Internal to kernels/vector (CPU paths): the inner loops, in an AVX2/FMA/
/// F16C build and a portable one, picked once per process by what the CPU
/// supports. Stateless; any thread.

#include <cstddef>
#include <cstdint>

#include "vector/topk_merge.hpp"
#include "vector/vector_search.hpp"

namespace aip::kernels::vector_detail {

/// out[q * ldo + r] = <query q, row r> for nrows rows and nq queries, and
/// sq[r] = |row r|^2 when sq is not null. Queries are fp32, `ldq` apart,
/// zero beyond d up to ldq (ldq a multiple of 8).
struct dot_tile_args {
  const void* rows;
  element type;
  size_t stride;
  size_t d;
  size_t nrows;
  const float* queries;
  size_t ldq;
  size_t nq;
  float* out;
  size_t ldo;
  float* sq;
};

struct cpu_kernels {
  void (*dot_tile)(const dot_tile_args& a);
  /// Pushes into `list` every row r < count whose key
  /// fma(dots[r], scale[r], -bias[r]) the list accepts, as id row0 + r.
  /// A NaN bias (a filtered-out row) is never accepted.
  void (*select)(topk_list& list, const float* dots, size_t count,
                 const float* scale, const float* bias, int64_t row0);
  /// dst[r * d + j] = the fp16 value src[r * stride + j] as fp32.
  void (*f16_to_f32_rows)(const uint16_t* src, size_t stride, size_t rows,
                          size_t d, float* dst);
  /// out[r] = |row r|^2 of fp32 rows `stride` apart.
  void (*sq_norms)(const float* rows, size_t stride, size_t nrows, size_t d,
                   float* out);
};

/// The AVX2 kernels when the CPU has AVX2, FMA and F16C, else the portable
/// ones. Setting AIP_KERNELS_NO_AVX2 in the environment forces the latter.
const cpu_kernels& kernels_for_this_cpu();

const cpu_kernels& avx2_kernels();
const cpu_kernels& portable_kernels();

} // namespace aip::kernels::vector_detail
