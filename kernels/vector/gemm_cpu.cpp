// The compute-bound pass: OpenBLAS SGEMM of a row tile against the whole
// query batch into a per-worker scratch tile, then the threshold select of
// cpu_kernels. fp16 rows are widened to fp32 per tile first.
//
// Threads: each worker runs its own single-threaded SGEMM on its own row
// tiles (OpenBLAS set to 1 thread for the duration of the call). Measured on
// 2 cores (bench/kernels/vector_search_bench.cpp) against one OpenBLAS-
// threaded SGEMM per tile followed by a parallel select: see
// vector_search.hpp.
#include <cblas.h>

#include <algorithm>
#include <climits>
#include <mutex>
#include <vector>

#include "common/parallel_for.hpp"
#include "vector/cpu_plan.hpp"
#include "vector/search_args.hpp"

namespace aip::kernels::vector_detail {

namespace {

constexpr size_t tile_rows = 1024;

struct gemm_scratch {
  std::vector<float> dots, rows, sq, scale, bias;
};

// openblas_set_num_threads is process-wide: callers that overlap share one
// count, restored by the last to leave.
class openblas_single_thread {
public:
  openblas_single_thread() {
    std::lock_guard<std::mutex> g{m_};
    if (users_++ == 0) {
      saved_ = openblas_get_num_threads();
      if (saved_ != 1)
        openblas_set_num_threads(1);
    }
  }
  ~openblas_single_thread() {
    std::lock_guard<std::mutex> g{m_};
    if (--users_ == 0 && saved_ != 1)
      openblas_set_num_threads(saved_);
  }
  openblas_single_thread(const openblas_single_thread&) = delete;
  openblas_single_thread& operator=(const openblas_single_thread&) = delete;

private:
  static inline std::mutex m_;
  static inline int users_ = 0;
  static inline int saved_ = 1;
};

} // namespace

void gemm_rows(const cpu_plan& plan, std::vector<topk_block>& blocks) {
  const vector_set& db = *plan.db;
  const size_t nq = plan.q.nq;
  const size_t stride = db.row_stride();
  const bool f16 = db.type == element::f16;
  std::vector<gemm_scratch> scratch(plan.workers);
  for (auto& s : scratch) {
    s.dots.resize(nq * tile_rows);
    if (f16)
      s.rows.resize(tile_rows * db.d);
    s.sq.resize(tile_rows);
    s.scale.resize(tile_rows);
    s.bias.resize(tile_rows);
  }
  openblas_single_thread one_thread;
  const size_t tasks = (db.n + tile_rows - 1) / tile_rows;
  parallel_for(tasks, plan.workers, [&](size_t task, unsigned w) {
    gemm_scratch& s = scratch[w];
    const size_t r0 = task * tile_rows;
    const size_t count = std::min(tile_rows, db.n - r0);
    if (none_allowed(plan.p->allowed, r0, count))
      return;
    const float* rows;
    size_t ldb;
    if (f16) {
      plan.kern->f16_to_f32_rows(static_cast<const uint16_t*>(db.data)
                                   + r0 * stride,
                                 stride, count, db.d, s.rows.data());
      rows = s.rows.data();
      ldb = db.d;
    } else {
      rows = static_cast<const float*>(db.data) + r0 * stride;
      ldb = stride;
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(nq),
                static_cast<int>(count), static_cast<int>(db.d), 1.0f,
                plan.q.data, static_cast<int>(plan.q.ldq), rows,
                static_cast<int>(ldb), 0.0f, s.dots.data(),
                static_cast<int>(tile_rows));
    if (plan.need_sq)
      plan.kern->sq_norms(rows, ldb, count, db.d, s.sq.data());
    column_transform(plan, r0, count, s.sq.data(), s.scale.data(),
                     s.bias.data());
    for (size_t q = 0; q < nq; ++q)
      plan.kern->select(blocks[w][q], s.dots.data() + q * tile_rows, count,
                        s.scale.data(), s.bias.data(),
                        static_cast<int64_t>(r0));
  });
}

bool gemm_fits(const vector_set& db, size_t nq) {
  return db.row_stride() <= INT_MAX - 8 && nq <= INT_MAX / tile_rows;
}

} // namespace aip::kernels::vector_detail
