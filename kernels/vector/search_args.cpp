#include "vector/search_args.hpp"

#include <algorithm>
#include <cmath>

namespace aip::kernels {

const char* to_string(metric m) {
  switch (m) {
    case metric::inner_product:
      return "inner_product";
    case metric::cosine:
      return "cosine";
    case metric::l2:
      return "l2";
  }
  return "unknown";
}

namespace vector_detail {

namespace {

constexpr size_t size_max = std::numeric_limits<size_t>::max();

bool mul_overflows(size_t a, size_t b) { return b != 0 && a > size_max / b; }

} // namespace

size_t element_bytes(element t) { return t == element::f16 ? 2 : 4; }

status check_db(const vector_set& db) {
  if (db.d == 0 || db.row_stride() < db.d)
    return status::invalid_argument;
  if (db.type != element::f32 && db.type != element::f16)
    return status::invalid_argument;
  if (db.n == 0)
    return status::ok;
  if (db.data == nullptr)
    return status::invalid_argument;
  // The last row ends at (n - 1) * stride + d elements.
  const size_t bytes = element_bytes(db.type);
  if (mul_overflows(db.n - 1, db.row_stride())
      || mul_overflows((db.n - 1) * db.row_stride() + db.d, bytes))
    return status::invalid_argument;
  return status::ok;
}

status check_search(const vector_set& db, const float* queries, size_t nq,
                    const search_params& p, const float* scores,
                    const int64_t* ids) {
  if (p.k == 0 || p.k > max_k)
    return status::invalid_argument;
  if (p.m != metric::inner_product && p.m != metric::cosine
      && p.m != metric::l2)
    return status::invalid_argument;
  if (auto s = check_db(db); s != status::ok)
    return s;
  if (nq == 0)
    return status::ok;
  if (queries == nullptr || scores == nullptr || ids == nullptr)
    return status::invalid_argument;
  if (mul_overflows(nq, db.d) || mul_overflows(nq * db.d, sizeof(float))
      || mul_overflows(nq, p.k) || mul_overflows(nq * p.k, sizeof(int64_t)))
    return status::invalid_argument;
  return status::ok;
}

void pad_results(metric m, size_t from, size_t k, float* scores,
                 int64_t* ids) {
  const float s = padding_score(m);
  for (size_t i = from; i < k; ++i) {
    scores[i] = s;
    ids[i] = -1;
  }
}

void prepare_batch(const float* queries, size_t d, size_t first, size_t nb,
                   metric m, size_t ldq, std::vector<float>& out,
                   std::vector<float>& qq) {
  std::fill(out.begin(), out.begin() + nb * ldq, 0.0f);
  for (size_t i = 0; i < nb; ++i) {
    const float* q = queries + (first + i) * d;
    double sum = 0;
    for (size_t j = 0; j < d; ++j)
      sum += static_cast<double>(q[j]) * q[j];
    qq[i] = static_cast<float>(sum);
    // Cosine: unit queries, so a score is the dot times 1/|row|; a zero
    // query stays zero and scores 0.
    const double scale = m == metric::cosine && sum > 0 ? 1.0 / std::sqrt(sum)
                                                        : 1.0;
    for (size_t j = 0; j < d; ++j)
      out[i * ldq + j] = static_cast<float>(q[j] * scale);
  }
}

// For l2 the distance |q|^2 - key can round two keys to one distance (or
// clamp them to 0), so ties are re-ordered by id afterwards.
void write_results(metric m, candidate* best, size_t got, size_t k, float qq,
                   float* scores, int64_t* ids) {
  if (m == metric::l2) {
    for (size_t i = 0; i < got; ++i)
      best[i].key = std::max(0.0f, qq - best[i].key);
    for (size_t i = 1; i < got; ++i)
      for (size_t j = i; j > 0 && best[j].key == best[j - 1].key
                         && best[j].id < best[j - 1].id;
           --j)
        std::swap(best[j], best[j - 1]);
  }
  for (size_t i = 0; i < got; ++i) {
    ids[i] = best[i].id;
    scores[i] = best[i].key;
  }
  pad_results(m, got, k, scores, ids);
}

} // namespace vector_detail

} // namespace aip::kernels
