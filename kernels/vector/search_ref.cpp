// The reference every other path is tested against: float64 sums, one
// rounding to float, a full sort. Slow on purpose.
#include <algorithm>
#include <cmath>
#include <new>
#include <vector>

#include "safetensors/safetensors.hpp"
#include "vector/search_args.hpp"

namespace aip::kernels {

namespace {

using namespace vector_detail;

double element_at(const vector_set& db, size_t row, size_t j) {
  const size_t at = row * db.row_stride() + j;
  if (db.type == element::f16)
    return f16_to_f32(static_cast<const uint16_t*>(db.data)[at]);
  return static_cast<const float*>(db.data)[at];
}

// The float64 score, before the single rounding.
double exact_score(const vector_set& db, size_t row, const float* q,
                   metric m) {
  double dot = 0, qq = 0, xx = 0, dist = 0;
  for (size_t j = 0; j < db.d; ++j) {
    const double x = element_at(db, row, j);
    const double y = q[j];
    dot += x * y;
    qq += y * y;
    xx += x * x;
    dist += (x - y) * (x - y);
  }
  switch (m) {
    case metric::inner_product:
      return dot;
    case metric::l2:
      return dist;
    case metric::cosine:
      if (db.norms != nullptr)
        xx = static_cast<double>(db.norms[row]) * db.norms[row];
      return qq == 0 || xx == 0 ? 0.0 : dot / (std::sqrt(qq) * std::sqrt(xx));
  }
  return 0;
}

struct scored {
  float score;
  int64_t id;
};

} // namespace

status search_ref(const vector_set& db, const float* queries, size_t nq,
                  const search_params& p, float* scores, int64_t* ids) {
  if (auto s = check_search(db, queries, nq, p, scores, ids); s != status::ok)
    return s;
  const bool lower_better = p.m == metric::l2;
  // Ties by ascending id on the returned (rounded) score: that is the order
  // a caller can observe.
  auto better = [&](const scored& a, const scored& b) {
    if (a.score != b.score)
      return lower_better ? a.score < b.score : a.score > b.score;
    return a.id < b.id;
  };
  try {
    std::vector<scored> all;
    all.reserve(db.n);
    for (size_t qi = 0; qi < nq; ++qi) {
      const float* q = queries + qi * db.d;
      all.clear();
      for (size_t r = 0; r < db.n; ++r) {
        if (!row_allowed(p.allowed, r))
          continue;
        const float s = static_cast<float>(exact_score(db, r, q, p.m));
        // A NaN score (NaN in the data) never ranks.
        if (!std::isnan(s))
          all.push_back({s, static_cast<int64_t>(r)});
      }
      std::sort(all.begin(), all.end(), better);
      const size_t got = std::min(all.size(), p.k);
      for (size_t i = 0; i < got; ++i) {
        scores[qi * p.k + i] = all[i].score;
        ids[qi * p.k + i] = all[i].id;
      }
      pad_results(p.m, got, p.k, scores + qi * p.k, ids + qi * p.k);
    }
  } catch (const std::bad_alloc&) {
    return status::out_of_memory;
  }
  return status::ok;
}

} // namespace aip::kernels
