// search_cpu: argument checks, query preparation, the choice between the
// scan and GEMM passes, and the final merge of the per-worker lists.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <new>
#include <vector>

#include "common/blas_coretype.hpp"
#include "common/parallel_for.hpp"
#include "vector/cpu_plan.hpp"
#include "vector/search_args.hpp"

namespace aip::kernels {

namespace vector_detail {

bool none_allowed(const uint64_t* allowed, size_t row0, size_t count) {
  if (allowed == nullptr)
    return false;
  for (size_t r = row0, end = row0 + count; r < end;) {
    const size_t bit = r & 63;
    const size_t take = std::min<size_t>(64 - bit, end - r);
    uint64_t word = allowed[r >> 6] >> bit;
    if (take < 64)
      word &= (uint64_t{1} << take) - 1;
    if (word != 0)
      return false;
    r += take;
  }
  return true;
}

void column_transform(const cpu_plan& plan, size_t row0, size_t count,
                      const float* sq, float* scale, float* bias) {
  const float* norms = plan.db->norms;
  switch (plan.p->m) {
    case metric::inner_product:
      std::fill(scale, scale + count, 1.0f);
      std::fill(bias, bias + count, 0.0f);
      break;
    case metric::cosine:
      for (size_t r = 0; r < count; ++r) {
        // A zero row scores 0 against everything.
        const float n = norms != nullptr ? norms[row0 + r] : std::sqrt(sq[r]);
        scale[r] = n > 0 ? 1.0f / n : 0.0f;
      }
      std::fill(bias, bias + count, 0.0f);
      break;
    case metric::l2:
      // |q - x|^2 = |q|^2 - (2 q.x - |x|^2): the key is the bracket.
      std::fill(scale, scale + count, 2.0f);
      for (size_t r = 0; r < count; ++r)
        bias[r] = norms != nullptr ? norms[row0 + r] * norms[row0 + r] : sq[r];
      break;
  }
  if (const uint64_t* allowed = plan.p->allowed; allowed != nullptr)
    for (size_t r = 0; r < count; ++r)
      if (!row_allowed(allowed, row0 + r))
        bias[r] = std::numeric_limits<float>::quiet_NaN();
}

// Measured with bench/kernels/vector_search_bench.cpp (crossover_*, CPU
// time per query over 1M x 384 rows, 2 cores). OpenBLAS AVX-512 (SkylakeX)
// kernels: scan and GEMM even at 24-32 queries (fp32 and fp16 rows), GEMM
// 1.6-1.8x cheaper at 64. AVX2 (Haswell) kernels: scan 1.25x cheaper at 32,
// even at 64, GEMM 10-15% cheaper at 128-256 (fp16: 1.2x at 128). The scan
// is AVX2 either way, so the bar depends on OpenBLAS's kernel set.
size_t gemm_min_queries(const vector_set&, const search_params&) {
  const char* core = blas_core_name();
  const bool avx512 = core != nullptr
                      && (std::strcmp(core, "SkylakeX") == 0
                          || std::strcmp(core, "Cooperlake") == 0
                          || std::strcmp(core, "SapphireRapids") == 0);
  return avx512 ? 32 : 64;
}

} // namespace vector_detail

namespace {

using namespace vector_detail;

// Queries per pass over the rows: bounds the per-worker lists
// (batch * topk_capacity(k) candidates) and the GEMM scratch tile.
constexpr size_t max_batch = 512;

search_path choose_path(const vector_set& db, const search_params& p,
                        size_t nq) {
  if (p.path == search_path::scan)
    return search_path::scan;
  if (!gemm_fits(db, std::min(nq, max_batch)))
    return search_path::scan;
  if (p.path == search_path::gemm)
    return search_path::gemm;
  return blas_core_is_fast() && nq >= gemm_min_queries(db, p)
           ? search_path::gemm
           : search_path::scan;
}

} // namespace

status search_cpu(const vector_set& db, const float* queries, size_t nq,
                  const search_params& p, float* scores, int64_t* ids) {
  if (auto s = check_search(db, queries, nq, p, scores, ids); s != status::ok)
    return s;
  if (nq == 0)
    return status::ok;
  if (db.n == 0 || none_allowed(p.allowed, 0, db.n)) {
    for (size_t q = 0; q < nq; ++q)
      pad_results(p.m, 0, p.k, scores + q * p.k, ids + q * p.k);
    return status::ok;
  }
  try {
    const search_path path = choose_path(db, p, nq);
    cpu_plan plan;
    plan.db = &db;
    plan.p = &p;
    plan.kern = &kernels_for_this_cpu();
    plan.need_sq = p.m != metric::inner_product && db.norms == nullptr;
    // Enough tasks for every core once the rows are split into chunks.
    plan.workers = parallel_workers(p.threads, (db.n + 1023) / 1024);
    const size_t batch = std::min(nq, max_batch);
    const size_t ldq = (db.d + 7) & ~size_t{7};
    std::vector<float> qbuf(batch * ldq), qq(batch);
    std::vector<topk_block> blocks(plan.workers);
    std::vector<std::vector<candidate>> merge_scratch(plan.workers);
    std::vector<candidate> best(plan.workers * p.k);
    for (auto& s : merge_scratch)
      s.reserve(plan.workers * size_t{topk_capacity(p.k)});
    for (size_t first = 0; first < nq; first += batch) {
      const size_t nb = std::min(batch, nq - first);
      prepare_batch(queries, db.d, first, nb, p.m, ldq, qbuf, qq);
      for (auto& b : blocks)
        b.init(nb, p.k);
      plan.q = query_batch{qbuf.data(), ldq, nb};
      if (path == search_path::gemm)
        gemm_rows(plan, blocks);
      else
        scan_rows(plan, blocks);
      parallel_for(nb, plan.workers, [&](size_t i, unsigned w) {
        candidate* out = best.data() + w * p.k;
        const size_t got = merge_lists(blocks, i, p.k, merge_scratch[w], out);
        const size_t at = (first + i) * p.k;
        write_results(p.m, out, got, p.k, qq[i], scores + at, ids + at);
      });
    }
  } catch (const std::bad_alloc&) {
    return status::out_of_memory;
  }
  return status::ok;
}

} // namespace aip::kernels
