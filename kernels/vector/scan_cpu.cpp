// The bandwidth-bound pass: rows stream from memory once per query batch.
// Tasks are contiguous row ranges handed out in ascending order, so each
// worker's lists see ascending ids; within a task, tiles small enough for
// the dots of every query to stay in L1/L2 are scored and then selected.
#include <algorithm>
#include <vector>

#include "common/parallel_for.hpp"
#include "vector/cpu_plan.hpp"
#include "vector/search_args.hpp"

namespace aip::kernels::vector_detail {

namespace {

constexpr size_t task_rows = 4096;

// Dots of one tile: nq * tile floats, aimed at ~64 KiB.
size_t tile_rows(size_t nq) {
  return std::clamp<size_t>((size_t{16} << 10) / std::max<size_t>(nq, 1), 64,
                            task_rows);
}

struct scan_scratch {
  std::vector<float> dots, sq, scale, bias;
};

} // namespace

void scan_rows(const cpu_plan& plan, std::vector<topk_block>& blocks) {
  const vector_set& db = *plan.db;
  const size_t nq = plan.q.nq;
  const size_t tile = tile_rows(nq);
  std::vector<scan_scratch> scratch(plan.workers);
  for (auto& s : scratch) {
    s.dots.resize(nq * tile);
    s.sq.resize(tile);
    s.scale.resize(tile);
    s.bias.resize(tile);
  }
  const size_t stride = db.row_stride();
  const size_t ebytes = element_bytes(db.type);
  const auto* base = static_cast<const unsigned char*>(db.data);
  const size_t tasks = (db.n + task_rows - 1) / task_rows;
  parallel_for(tasks, plan.workers, [&](size_t task, unsigned w) {
    scan_scratch& s = scratch[w];
    topk_block& lists = blocks[w];
    const size_t end = std::min(db.n, (task + 1) * task_rows);
    for (size_t r0 = task * task_rows; r0 < end; r0 += tile) {
      const size_t count = std::min(tile, end - r0);
      // Rows that are all filtered out cost no bandwidth.
      if (none_allowed(plan.p->allowed, r0, count))
        continue;
      dot_tile_args a{base + r0 * stride * ebytes,
                      db.type,
                      stride,
                      db.d,
                      count,
                      plan.q.data,
                      plan.q.ldq,
                      nq,
                      s.dots.data(),
                      tile,
                      plan.need_sq ? s.sq.data() : nullptr};
      plan.kern->dot_tile(a);
      column_transform(plan, r0, count, s.sq.data(), s.scale.data(),
                       s.bias.data());
      for (size_t q = 0; q < nq; ++q)
        plan.kern->select(lists[q], s.dots.data() + q * tile, count,
                          s.scale.data(), s.bias.data(),
                          static_cast<int64_t>(r0));
    }
  });
}

} // namespace aip::kernels::vector_detail
