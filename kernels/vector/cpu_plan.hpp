#pragma once
/// Internal to kernels/vector (CPU paths): what search_cpu hands to its two
/// row passes (scan_cpu.cpp, gemm_cpu.cpp). Each pass scores every row
/// against a batch of prepared queries and feeds per-worker top-k lists;
/// search_cpu merges the lists and writes the results.

#include <cstddef>
#include <vector>

#include "vector/cpu_kernels.hpp"
#include "vector/topk_merge.hpp"
#include "vector/vector_search.hpp"

namespace aip::kernels::vector_detail {

/// A batch of queries as the kernels read them: fp32, `ldq` apart (d rounded
/// up to 8, zero-filled), divided by their norm for cosine.
struct query_batch {
  const float* data = nullptr;
  size_t ldq = 0;
  size_t nq = 0;
};

struct cpu_plan {
  const vector_set* db = nullptr;
  const search_params* p = nullptr;
  const cpu_kernels* kern = nullptr;
  query_batch q;
  /// Worker count; blocks[w] belongs to worker w.
  unsigned workers = 1;
  /// Whether the pass must compute |row|^2 (cosine or l2 without db.norms).
  bool need_sq = false;
};

/// Per-row key transform for rows [row0, row0 + count): key =
/// dot * scale - bias; NaN bias for rows `allowed` filters out. `sq` holds
/// the computed |row|^2 when plan.need_sq.
void column_transform(const cpu_plan& plan, size_t row0, size_t count,
                      const float* sq, float* scale, float* bias);

/// True when `allowed` is set and has no bit in [row0, row0 + count).
bool none_allowed(const uint64_t* allowed, size_t row0, size_t count);

/// AVX2 scan over all rows. May throw std::bad_alloc before any work starts.
void scan_rows(const cpu_plan& plan, std::vector<topk_block>& blocks);

/// OpenBLAS tiles over all rows. May throw std::bad_alloc before any work
/// starts.
void gemm_rows(const cpu_plan& plan, std::vector<topk_block>& blocks);

/// Whether the GEMM path can take these sizes (cblas counts are int).
bool gemm_fits(const vector_set& db, size_t nq);

/// The batch size from which search_path::automatic picks the GEMM path.
size_t gemm_min_queries(const vector_set& db, const search_params& p);

} // namespace aip::kernels::vector_detail
