#pragma once
/// Internal device code shared by the vector-search kernels: the 64-bit
/// candidate key, the per-row key transform and a block-wide bitonic sort
/// in shared memory. Include only from .cu files.

#include <cstdint>
#include <cstring>

#include "vector/cuda_search.cuh"

namespace aip::kernels::vector_cuda {

/// Float bits mapped so unsigned order is float order.
__host__ __device__ inline uint32_t ordered_bits(float f) {
  uint32_t u;
  memcpy(&u, &f, sizeof(u));
  return (u & 0x80000000u) != 0 ? ~u : (u | 0x80000000u);
}

__host__ __device__ inline float from_ordered_bits(uint32_t o) {
  const uint32_t u = (o & 0x80000000u) != 0 ? (o & 0x7fffffffu) : ~o;
  float f;
  memcpy(&f, &u, sizeof(f));
  return f;
}

/// 0 (below every real key) for NaN; -0 is folded into +0 so the two tie.
__device__ inline uint64_t make_key(float s, uint32_t row) {
  if (s != s)
    return 0;
  if (s == 0.0f)
    s = 0.0f;
  return (static_cast<uint64_t>(ordered_bits(s)) << 32)
         | static_cast<uint64_t>(0xffffffffu - row);
}

/// The key of `row` scoring `dot`, or 0 when the row does not count. The
/// arithmetic matches the CPU path (one fma for l2, one product for cosine).
__device__ inline uint64_t key_of(const key_params& kp, float dot,
                                  uint32_t row) {
  if (row >= kp.n)
    return 0;
  if (kp.allowed != nullptr && ((kp.allowed[row >> 6] >> (row & 63)) & 1) == 0)
    return 0;
  float s = dot;
  if (kp.m == metric::cosine)
    s = dot * kp.inv_norm[row];
  else if (kp.m == metric::l2)
    s = fmaf(dot, 2.0f, -kp.sq[row]);
  return make_key(s, row);
}

/// Sorts `sections` runs of p keys (p a power of two) each, descending.
/// Every thread of the block must call it; it synchronises before and after.
__device__ inline void bitonic_sort_desc(uint64_t* keys, uint32_t sections,
                                         uint32_t p) {
  const uint32_t half = p / 2;
  const uint32_t total = sections * half;
  for (uint32_t size = 2; size <= p; size <<= 1)
    for (uint32_t stride = size >> 1; stride > 0; stride >>= 1) {
      __syncthreads();
      for (uint32_t i = threadIdx.x; i < total; i += blockDim.x) {
        const uint32_t sec = i / half;
        const uint32_t j = i - sec * half;
        const uint32_t lo = 2 * j - (j & (stride - 1));
        const uint32_t hi = lo + stride;
        uint64_t* s = keys + static_cast<size_t>(sec) * p;
        const bool desc = (lo & size) == 0;
        const uint64_t a = s[lo];
        const uint64_t b = s[hi];
        if ((a < b) == desc) {
          s[lo] = b;
          s[hi] = a;
        }
      }
    }
  __syncthreads();
}

} // namespace aip::kernels::vector_cuda
