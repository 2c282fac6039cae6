#pragma once
/// Internal to kernels/vector's CUDA sources (no CAF, not installed): the
/// device-side layout of an uploaded index and the stages cuda_index runs.
/// Candidates travel as 64-bit keys (ordered score bits << 32 | ~row), so
/// one descending sort orders by score and then by ascending row; key 0 is
/// "no candidate". Every function reports CUDA/cuBLAS errors as a status.

#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

#include "common/status.hpp"
#include "vector/vector_search.hpp"

namespace aip::kernels::vector_cuda {

/// Rows in device memory: n rows of `ds` elements (d rounded up to 8 and
/// zero-filled, so every row starts 16-byte aligned and has no tail).
struct device_rows {
  const void* data = nullptr;
  element type = element::f32;
  uint32_t n = 0;
  size_t d = 0;
  size_t ds = 0;
};

/// How a dot product becomes a key on the device and which rows count.
struct key_params {
  metric m = metric::inner_product;
  /// 1/|row| (0 for a zero row), for cosine.
  const float* inv_norm = nullptr;
  /// |row|^2, for l2 (key = 2 q.x - |x|^2).
  const float* sq = nullptr;
  /// nullptr = every row.
  const uint64_t* allowed = nullptr;
  uint32_t n = 0;
};

/// A grow-only device allocation.
struct device_buffer {
  void* ptr = nullptr;
  size_t bytes = 0;

  status ensure(size_t want);
  void release();
  template <class T>
  T* as() const {
    return static_cast<T*>(ptr);
  }
};

/// Largest k of the fused kernel (its chunk select sorts 512 keys per query
/// in shared memory and keeps k of them); larger k use the GEMM path.
constexpr uint32_t fused_max_k = 256;
/// Rows per block of the fused kernel.
constexpr uint32_t fused_chunk = 512;
/// Rows per block of the GEMM path's select kernel.
constexpr uint32_t select_chunk = 4096;

inline uint32_t chunks_of(uint32_t n, uint32_t chunk) {
  return (n + chunk - 1) / chunk;
}

/// Whether the fused kernel can hold one query of ds floats in shared memory.
bool fused_fits(size_t ds);

/// Fused stage 1: scores every row against nq device queries (fp32, ds
/// apart) and writes each query's best k keys of every fused_chunk rows to
/// cand[(q * chunks + c) * k ...], sorted best first.
status fused_candidates(const device_rows& rows, const float* queries,
                        uint32_t nq, const key_params& kp, uint32_t k,
                        uint64_t* cand);

/// Scratch the GEMM path keeps between calls.
struct gemm_workspace {
  device_buffer tile, conv, queries_f16;
  void release();
};

/// GEMM path: cuBLAS tiles of rows x queries in the requested precision,
/// then a select kernel writing the best k keys of every select_chunk rows
/// to cand[(q * chunks + c) * k ...], sorted best first.
status gemm_candidates(const device_rows& rows, const float* queries,
                       uint32_t nq, gemm_precision precision,
                       const key_params& kp, uint32_t k, gemm_workspace& ws,
                       uint64_t* cand);

/// Merges each query's `lists` sorted lists of k keys ([q][list][k] in a)
/// down to one; `b` is scratch of the same size. *result is a or b and
/// holds [q][k], best first.
status reduce_candidates(uint64_t* a, uint64_t* b, uint32_t nq,
                         uint32_t lists, uint32_t k, uint64_t** result);

} // namespace aip::kernels::vector_cuda
