#pragma once
/// Internal to kernels/vector: the argument checks and result padding that
/// search_cpu, search_ref and cuda_index share, so the three report the same
/// status for the same bad call. Pure functions; any thread.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "vector/topk_merge.hpp"
#include "vector/vector_search.hpp"

namespace aip::kernels::vector_detail {

/// Bytes per stored element of `t`.
size_t element_bytes(element t);

/// Checks the database alone (null data with n > 0, d == 0, stride < d,
/// byte counts that overflow).
status check_db(const vector_set& db);

/// Checks one search call: k in 1..max_k, buffers non-null when nq > 0,
/// nq * d and nq * k byte counts representable. `db` is checked too.
status check_search(const vector_set& db, const float* queries, size_t nq,
                    const search_params& p, const float* scores,
                    const int64_t* ids);

/// The score a padding slot carries: -inf for similarities, +inf for l2.
inline float padding_score(metric m) {
  return m == metric::l2 ? std::numeric_limits<float>::infinity()
                         : -std::numeric_limits<float>::infinity();
}

/// Fills slots [from, k) of one query's results with padding.
void pad_results(metric m, size_t from, size_t k, float* scores,
                 int64_t* ids);

/// Copies queries [first, first + nb) into the kernels' layout (`ldq`
/// apart, zero after d; divided by their norm for cosine) and stores |q|^2
/// of each in qq (l2 turns keys back into distances with it).
void prepare_batch(const float* queries, size_t d, size_t first, size_t nb,
                   metric m, size_t ldq, std::vector<float>& out,
                   std::vector<float>& qq);

/// Writes one query's results from `best` (got candidates, best key first;
/// l2 keys are 2 q.x - |x|^2) and pads to k.
void write_results(metric m, candidate* best, size_t got, size_t k, float qq,
                   float* scores, int64_t* ids);

inline bool row_allowed(const uint64_t* allowed, size_t row) {
  return allowed == nullptr || ((allowed[row >> 6] >> (row & 63)) & 1u) != 0;
}

} // namespace aip::kernels::vector_detail
