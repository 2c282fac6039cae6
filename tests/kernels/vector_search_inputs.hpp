#pragma once
/// Random databases and queries for the vector-search tests (CPU and GPU),
/// and the two checks against search_ref: a tolerance-aware one for float
/// data (near-equal neighbours may swap) and an exact one for integer data.
/// Every test prints its seed so a failure can be replayed.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "safetensors/safetensors.hpp"
#include "vector/vector_search.hpp"

namespace aip_test::vector_search {

using namespace aip::kernels;

inline uint32_t fresh_seed() {
  const uint32_t seed = std::random_device{}();
  std::printf("vector_search seed %u\n", seed);
  return seed;
}

/// Rows stored as the kernels read them (fp32 or fp16, `stride` apart).
struct database {
  element type = element::f32;
  size_t n = 0, d = 0, stride = 0;
  std::vector<float> f32;
  std::vector<uint16_t> f16;
  std::vector<float> norms;

  float at(size_t r, size_t j) const {
    return type == element::f16 ? f16_to_f32(f16[r * stride + j])
                                : f32[r * stride + j];
  }

  vector_set view(bool with_norms = false) const {
    vector_set v;
    v.data = type == element::f16 ? static_cast<const void*>(f16.data())
                                   : static_cast<const void*>(f32.data());
    v.type = type;
    v.n = n;
    v.d = d;
    v.stride = stride;
    v.norms = with_norms ? norms.data() : nullptr;
    return v;
  }
};

/// value(r, j) gives element j of row r; padding between d and stride is
/// filled with NaN so a kernel that reads it is caught.
template <class Value>
database make_database(element type, size_t n, size_t d, size_t stride,
                       Value value) {
  database db;
  db.type = type;
  db.n = n;
  db.d = d;
  db.stride = stride;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  if (type == element::f16)
    db.f16.assign(n * stride, f32_to_f16(nan));
  else
    db.f32.assign(n * stride, nan);
  db.norms.resize(n);
  for (size_t r = 0; r < n; ++r) {
    double sq = 0;
    for (size_t j = 0; j < d; ++j) {
      const float x = value(r, j);
      if (type == element::f16)
        db.f16[r * stride + j] = f32_to_f16(x);
      else
        db.f32[r * stride + j] = x;
      sq += static_cast<double>(db.at(r, j)) * db.at(r, j);
    }
    db.norms[r] = static_cast<float>(std::sqrt(sq));
  }
  return db;
}

inline database random_database(element type, size_t n, size_t d,
                                size_t stride, std::mt19937& gen) {
  std::normal_distribution<float> dist{0.f, 1.f};
  return make_database(type, n, d, stride,
                       [&](size_t, size_t) { return dist(gen); });
}

inline std::vector<float> random_queries(size_t nq, size_t d,
                                         std::mt19937& gen) {
  std::normal_distribution<float> dist{0.f, 1.f};
  std::vector<float> q(nq * d);
  for (auto& x : q)
    x = dist(gen);
  return q;
}

inline std::vector<uint64_t> random_bitmap(size_t n, double keep,
                                           std::mt19937& gen) {
  std::bernoulli_distribution b{keep};
  std::vector<uint64_t> bits((n + 63) / 64, 0);
  for (size_t i = 0; i < n; ++i)
    if (b(gen))
      bits[i / 64] |= uint64_t{1} << (i % 64);
  return bits;
}

inline bool bit(const uint64_t* bits, size_t i) {
  return bits == nullptr || ((bits[i / 64] >> (i % 64)) & 1) != 0;
}

/// Integer-valued rows and queries: every fp32 (and TF32 / fp16) product and
/// sum is exact, so a search must equal the reference bit for bit, ties
/// included. ip / l2: entries in [-2, 2]; cosine: four +-1 entries per
/// vector (norm 2, so every cosine is an exact multiple of 1/4) and every
/// tenth row zero. REQUIRES: d >= 4.
inline std::pair<database, std::vector<float>> integer_case(
  element type, metric m, size_t n, size_t d, size_t nq, std::mt19937& gen) {
  std::vector<float> q(nq * d, 0.f);
  if (m != metric::cosine) {
    std::uniform_int_distribution<int> small{-2, 2};
    auto db = make_database(type, n, d, d + gen() % 3, [&](size_t, size_t) {
      return static_cast<float>(small(gen));
    });
    for (auto& x : q)
      x = static_cast<float>(small(gen));
    return {std::move(db), std::move(q)};
  }
  auto four_signs = [&](float* v) {
    std::fill(v, v + d, 0.f);
    for (size_t placed = 0; placed < 4;) {
      const size_t j = gen() % d;
      if (v[j] == 0.f) {
        v[j] = gen() % 2 ? 1.f : -1.f;
        ++placed;
      }
    }
  };
  std::vector<float> rows(n * d, 0.f);
  for (size_t r = 0; r < n; ++r)
    if (gen() % 10 != 0)
      four_signs(rows.data() + r * d);
  for (size_t i = 0; i < nq; ++i)
    four_signs(q.data() + i * d);
  auto db = make_database(type, n, d, d, [&](size_t r, size_t j) {
    return rows[r * d + j];
  });
  return {std::move(db), std::move(q)};
}

/// Results of one call, pre-filled with a poison pattern every slot must
/// lose.
struct results {
  std::vector<float> scores;
  std::vector<int64_t> ids;
  static constexpr int64_t poison_id = 0x7fffdeadbeef0001;

  results(size_t nq, size_t k) : scores(nq * k), ids(nq * k, poison_id) {
    const uint32_t poison = 0x7fc0dead;
    for (auto& s : scores)
      std::memcpy(&s, &poison, sizeof(poison));
  }
};

/// The float64 score of one row (cosine uses db.norms when `with_norms`).
inline double exact_score(const database& db, const float* q, size_t r,
                          metric m, bool with_norms) {
  double dot = 0, qq = 0, xx = 0, dist = 0;
  for (size_t j = 0; j < db.d; ++j) {
    const double x = db.at(r, j), y = q[j];
    dot += x * y;
    qq += y * y;
    xx += x * x;
    dist += (x - y) * (x - y);
  }
  if (m == metric::inner_product)
    return dot;
  if (m == metric::l2)
    return dist;
  if (with_norms)
    xx = static_cast<double>(db.norms[r]) * db.norms[r];
  return qq == 0 || xx == 0 ? 0.0 : dot / std::sqrt(qq * xx);
}

/// How far an fp32 score may sit from the exact one: a worst-case
/// summation bound (d roundings of the largest product) for this query,
/// plus the rounding of both inputs when a GEMM rounds them to
/// `input_unit` (2^-11 for TF32 or fp16 inputs, 0 for fp32).
inline double score_bound(const database& db, const float* q, metric m,
                          double input_unit = 0) {
  const double u = std::ldexp(1.0, -24);
  double qn = 0, xm = 0;
  for (size_t j = 0; j < db.d; ++j)
    qn += static_cast<double>(q[j]) * q[j];
  qn = std::sqrt(qn);
  for (size_t r = 0; r < db.n; ++r)
    xm = std::max<double>(xm, db.norms[r]);
  const double g = 2.0 * (db.d + 8) * u + 4 * input_unit;
  switch (m) {
    case metric::inner_product:
      return g * qn * xm + 1e-30;
    case metric::cosine:
      return 2 * g + 1e-30;
    case metric::l2:
      return g * (qn + xm) * (qn + xm) + 1e-30;
  }
  return 0;
}

inline bool is_better(metric m, double a, double b) {
  return m == metric::l2 ? a < b : a > b;
}

/// `s` made better by `slack` under metric m.
inline double shifted(metric m, double s, double slack) {
  return m == metric::l2 ? s - slack : s + slack;
}

/// got (k per query) against want (the reference with kw >= k per query,
/// so its first k are the reference top-k): every reported score belongs
/// to its id within the bound, the i-th scores agree within it, the order
/// and tie order hold, and any id the two disagree on scores within twice
/// the bound of the k-th. Padding must match exactly.
inline void expect_close(const database& db, const float* queries, size_t nq,
                         const search_params& p, const results& got,
                         const results& want, size_t kw, bool with_norms,
                         double input_unit = 0) {
  const size_t k = p.k;
  const float pad = p.m == metric::l2 ? std::numeric_limits<float>::infinity()
                                      : -std::numeric_limits<float>::infinity();
  for (size_t qi = 0; qi < nq; ++qi) {
    const float* q = queries + qi * db.d;
    const double b = score_bound(db, q, p.m, input_unit);
    const float* gs = got.scores.data() + qi * k;
    const int64_t* gi = got.ids.data() + qi * k;
    const float* ws = want.scores.data() + qi * kw;
    const int64_t* wi = want.ids.data() + qi * kw;
    size_t m = 0;
    while (m < k && wi[m] >= 0)
      ++m;
    std::set<int64_t> seen;
    for (size_t i = 0; i < k; ++i) {
      SCOPED_TRACE("query " + std::to_string(qi) + " slot "
                   + std::to_string(i));
      if (i >= m) {
        ASSERT_EQ(gi[i], -1);
        ASSERT_EQ(gs[i], pad);
        continue;
      }
      ASSERT_GE(gi[i], 0);
      ASSERT_LT(gi[i], static_cast<int64_t>(db.n));
      ASSERT_TRUE(bit(p.allowed, static_cast<size_t>(gi[i])))
        << "filtered row returned";
      ASSERT_TRUE(seen.insert(gi[i]).second) << "id twice";
      const double e = exact_score(db, q, static_cast<size_t>(gi[i]), p.m,
                                   with_norms);
      ASSERT_NEAR(gs[i], e, b) << "score is not that of id " << gi[i];
      ASSERT_NEAR(gs[i], ws[i], b) << "i-th score differs from reference";
      if (i > 0) {
        ASSERT_FALSE(is_better(p.m, gs[i], gs[i - 1])) << "out of order";
        if (gs[i] == gs[i - 1]) {
          ASSERT_LT(gi[i - 1], gi[i]) << "tie order";
        }
      }
      // A row the reference did not rank this high must be within the
      // bound of its k-th.
      ASSERT_FALSE(is_better(p.m, ws[m - 1], shifted(p.m, e, 2 * b)))
        << "id " << gi[i] << " (exact " << e << ") not near the top-k (k-th "
        << ws[m - 1] << ", bound " << b << ")";
    }
    if (m == 0)
      continue;
    std::set<int64_t> ref(wi, wi + m);
    const float got_kth = gs[m - 1];
    for (int64_t id : ref)
      if (seen.count(id) == 0) {
        const double e = exact_score(db, q, static_cast<size_t>(id), p.m,
                                     with_norms);
        ASSERT_FALSE(is_better(p.m, e, shifted(p.m, got_kth, 2 * b)))
          << "query " << qi << ": reference id " << id << " (exact " << e
          << ") missing, k-th returned " << got_kth;
      }
  }
}

/// Bitwise-equal scores and ids, tie order included.
inline void expect_exact(size_t nq, size_t k, const results& got,
                         const results& want) {
  for (size_t i = 0; i < nq * k; ++i) {
    ASSERT_EQ(got.ids[i], want.ids[i])
      << "query " << i / k << " slot " << i % k;
    ASSERT_EQ(got.scores[i], want.scores[i])
      << "query " << i / k << " slot " << i % k;
  }
}

} // namespace aip_test::vector_search
