#pragma once
/// Exact top-k vector search: for each query, the k database rows with the
/// best score under a metric, over fp32 or fp16 rows. Three twins share this
/// contract: `search_cpu` (AVX2/FMA scan for small batches, OpenBLAS GEMM
/// tiles + top-k merge for large ones, chosen by shape), `search_ref` (slow,
/// float64, the one the others are tested against) and `cuda_index` (device
/// resident; fused distance + top-k for small batches, cuBLAS GEMM + k-select
/// for large ones). Host API only: no CUDA types, never throws.
///
/// Scores: inner_product and cosine are similarities (higher is better);
/// l2 is the squared Euclidean distance (lower is better). Results are best
/// first; equal scores are ordered by ascending row id (the documented tie
/// order). A query with fewer than k eligible rows gets ids -1 after them,
/// with score -inf (similarities) or +inf (l2). Cosine treats a zero vector
/// as having score 0 against everything.
///
///   vector_set db{rows.data(), element::f32, n, 384};
///   search_params p{metric::cosine, 10};
///   std::vector<float> scores(q * 10); std::vector<int64_t> ids(q * 10);
///   search_cpu(db, queries, q, p, scores.data(), ids.data());

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/status.hpp"

namespace aip::kernels {

enum class metric : uint8_t { inner_product, cosine, l2 };
enum class element : uint8_t { f32, f16 };

const char* to_string(metric m);

/// n row-major vectors of dimension d, `stride` elements apart (0 = d).
/// Not owned. f16 rows are IEEE half (uint16_t bit patterns).
struct vector_set {
  const void* data = nullptr;
  element type = element::f32;
  size_t n = 0;
  size_t d = 0;
  size_t stride = 0;
  /// Optional L2 norms of the n rows (cosine uses them instead of
  /// recomputing); nullptr = computed on the fly.
  const float* norms = nullptr;

  size_t row_stride() const { return stride != 0 ? stride : d; }
};

enum class search_path : uint8_t {
  /// Chosen by shape (batch size, k, dimension).
  ///
  /// CPU: the scan below 64 queries, GEMM from 64, when OpenBLAS runs its
  /// AVX2 (Haswell-class) SGEMM kernels; below / from 32 with its AVX-512
  /// (SkylakeX) ones; always the scan with SSE-only ones (blas_core_is_fast()
  /// false). Measured over 1M x 384 fp32 and fp16 rows on 2 cores with the
  /// bench's crossover_* cases: the two are within ~10% of each other
  /// around the bar, which moved as the scan got faster; re-measure there.
  ///
  /// GPU: the fused kernel for up to 16 queries and k <= 256, GEMM otherwise
  /// (a design choice, not yet measured on a GPU).
  automatic,
  /// One pass over the rows per block of queries (bandwidth-bound shapes).
  /// On the GPU this is the fused kernel, which keeps k <= 256; a larger k
  /// runs the GEMM path instead.
  scan,
  /// GEMM tiles (OpenBLAS on CPU, cuBLAS on GPU) then k-selection. On the
  /// CPU each worker runs its own single-threaded SGEMM on its own row
  /// tiles (OpenBLAS is set to 1 thread for the call; measured as fast as
  /// one OpenBLAS-threaded SGEMM per tile followed by a parallel select).
  gemm,
};

/// GPU GEMM input precision (the fused kernel always reads rows as stored).
enum class gemm_precision : uint8_t { f32, tf32, f16 };

struct search_params {
  metric m = metric::inner_product;
  /// 1..max_k.
  size_t k = 10;
  search_path path = search_path::automatic;
  /// Optional bitmap of n bits (bit i of word i/64 = row i may be returned);
  /// nullptr = every row.
  const uint64_t* allowed = nullptr;
  /// CPU worker threads; 0 = all cores. Unused by cuda_index.
  unsigned threads = 0;
  /// cuda_index's GEMM path only; the CPU computes in fp32.
  gemm_precision precision = gemm_precision::f32;
};

constexpr size_t max_k = 1024;

/// REQUIRES: queries hold nq * db.d floats; scores and ids hold nq * p.k.
/// invalid_argument for k outside 1..max_k, d == 0, null buffers (with
/// work to do) or byte counts that overflow.
status search_cpu(const vector_set& db, const float* queries, size_t nq,
                  const search_params& p, float* scores, int64_t* ids);

/// The float64 reference: exact scores rounded once to float, full sort with
/// the tie order above. Slow on purpose (one thread, no SIMD).
status search_ref(const vector_set& db, const float* queries, size_t nq,
                  const search_params& p, float* scores, int64_t* ids);

/// A copy of a vector_set in GPU memory, searched from host query buffers.
/// Not thread-safe: one caller at a time (an owning actor).
class cuda_index {
public:
  cuda_index();
  ~cuda_index();
  cuda_index(cuda_index&&) noexcept;
  cuda_index& operator=(cuda_index&&) noexcept;

  /// Copies the rows (and their norms) to the device, replacing what was
  /// there. no_cuda_build / no_device / out_of_memory when it cannot (the
  /// index is then empty); unsupported for n >= 2^32 - 1 (row ids travel in
  /// 32 bits on the device).
  status upload(const vector_set& db);

  /// Same contract as search_cpu; `allowed` must be nullptr or hold
  /// size() bits. Results are copied back to the host buffers.
  /// invalid_argument before a successful upload.
  status search(const float* queries, size_t nq, const search_params& p,
                float* scores, int64_t* ids);

  size_t size() const;
  size_t dim() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace aip::kernels
