#pragma once
/// Work an agent hands to a detached compute worker (a model forward pass, a
/// kernel call) so that it never blocks a scheduler thread, and the answer.
/// Plain data in CAF messages: the agent moves the vectors in, the worker
/// moves its output back, nothing is shared. Local only (not meant to cross
/// nodes, though it would serialise).

#include <cstdint>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>

namespace aip {

struct compute_job {
  uint64_t id = 0;
  /// Ragged integer input: item i is ints[offsets[i], offsets[i+1]) (token
  /// ids); empty when the input is dense.
  std::vector<int32_t> ints;
  std::vector<uint64_t> offsets;
  /// Dense input: rows × (floats.size() / rows) floats.
  std::vector<float> floats;
  uint32_t rows = 0;
};

struct compute_result {
  uint64_t id = 0;
  /// Row-major output, one row per input item.
  std::vector<float> values;
  uint32_t cols = 0;
  /// Empty on success; otherwise why the job failed.
  std::string error;
  /// Time the worker spent on the job.
  int64_t service_ns = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, compute_job& x) {
  return f(caf::meta::type_name("aip.job"), x.id, x.ints, x.offsets, x.floats,
           x.rows);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, compute_result& x) {
  return f(caf::meta::type_name("aip.jobres"), x.id, x.values, x.cols, x.error,
           x.service_ns);
}

} // namespace aip
