// search_cpu (both passes) against search_ref on fresh random inputs: a
// tolerance-aware comparison for float data and an exact one (ids, scores
// and tie order) for integer-valued data; filters, padding, zero vectors,
// strides and the argument checks.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "common/cuda_device.hpp"
#include "kernels/vector_search_inputs.hpp"

namespace {

using namespace aip_test::vector_search;

const char* path_name(search_path p) {
  return p == search_path::scan ? "scan"
         : p == search_path::gemm ? "gemm"
                                  : "automatic";
}

std::string label(const database& db, const search_params& p, size_t nq) {
  return std::string{to_string(p.m)} + " "
         + (db.type == element::f16 ? "f16" : "f32") + " " + path_name(p.path)
         + " k=" + std::to_string(p.k) + " nq=" + std::to_string(nq)
         + " n=" + std::to_string(db.n) + " d=" + std::to_string(db.d)
         + " stride=" + std::to_string(db.stride);
}

// Runs search_cpu over every path and k against one reference run with the
// largest k (a smaller k's answer is its prefix).
void check_all_k(const database& db, const std::vector<float>& q, size_t nq,
                 search_params p, bool with_norms,
                 const std::vector<size_t>& ks) {
  const size_t kw = *std::max_element(ks.begin(), ks.end());
  const vector_set v = db.view(with_norms);
  search_params pr = p;
  pr.k = kw;
  results want(nq, kw);
  ASSERT_EQ(search_ref(v, q.data(), nq, pr, want.scores.data(),
                       want.ids.data()),
            status::ok);
  for (search_path path :
       {search_path::scan, search_path::gemm, search_path::automatic})
    for (size_t k : ks) {
      p.k = k;
      p.path = path;
      SCOPED_TRACE(label(db, p, nq));
      results got(nq, k);
      ASSERT_EQ(search_cpu(v, q.data(), nq, p, got.scores.data(),
                           got.ids.data()),
                status::ok);
      expect_close(db, q.data(), nq, p, got, want, kw, with_norms);
      if (::testing::Test::HasFatalFailure())
        return;
    }
}

TEST(vector_search, cpu_matches_reference_on_random_inputs) {
  const uint32_t seed = fresh_seed();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 gen{seed};
  for (element type : {element::f32, element::f16})
    for (metric m : {metric::inner_product, metric::cosine, metric::l2})
      for (size_t nq : {1, 3, 17, 300}) {
        // Rows span several scan tasks (4096) and GEMM tiles (1024) and end
        // mid-tile; d is not a multiple of 8.
        const size_t n = 5120 + 1 + 2 * (gen() % 500);
        const size_t d = nq == 300 ? 21 : 37 + gen() % 64;
        const size_t stride = d + (gen() % 2) * 3;
        auto db = random_database(type, n, d, stride, gen);
        auto q = random_queries(nq, d, gen);
        search_params p;
        p.m = m;
        check_all_k(db, q, nq, p, gen() % 2 == 0, {1, 10, 100, 1024});
        if (::testing::Test::HasFatalFailure())
          return;
      }
}

// Integer entries make every fp32 sum exact, so ids, scores and the tie
// order must equal the reference's bit for bit. Entries in [-2, 2] over a
// short d give many equal scores.
TEST(vector_search, cpu_equals_reference_on_integer_inputs) {
  const uint32_t seed = fresh_seed();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 gen{seed};
  for (element type : {element::f32, element::f16})
    for (metric m : {metric::inner_product, metric::l2, metric::cosine})
      for (size_t nq : {1, 5, 40}) {
        const size_t n = 3000 + gen() % 3000;
        const size_t d = 6 + gen() % 20;
        auto [db, q] = integer_case(type, m, n, d, nq, gen);
        auto bits = random_bitmap(n, 0.7, gen);
        for (bool filtered : {false, true})
          for (size_t k : {1, 10, 100, 1024}) {
            search_params p;
            p.m = m;
            p.k = k;
            p.allowed = filtered ? bits.data() : nullptr;
            results want(nq, k);
            ASSERT_EQ(search_ref(db.view(), q.data(), nq, p,
                                 want.scores.data(), want.ids.data()),
                      status::ok);
            for (search_path path : {search_path::scan, search_path::gemm}) {
              p.path = path;
              SCOPED_TRACE(label(db, p, nq) + (filtered ? " filtered" : ""));
              results got(nq, k);
              ASSERT_EQ(search_cpu(db.view(), q.data(), nq, p,
                                   got.scores.data(), got.ids.data()),
                        status::ok);
              expect_exact(nq, k, got, want);
              if (::testing::Test::HasFatalFailure())
                return;
            }
          }
      }
}

TEST(vector_search, allowed_bitmaps_and_padding) {
  const uint32_t seed = fresh_seed();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 gen{seed};
  const size_t n = 2000 + gen() % 1000, d = 24, nq = 20;
  auto db = random_database(element::f32, n, d, d, gen);
  auto q = random_queries(nq, d, gen);
  std::vector<uint64_t> none((n + 63) / 64, 0), all((n + 63) / 64, ~0ull);
  auto some = random_bitmap(n, 0.1, gen);
  std::vector<uint64_t> three((n + 63) / 64, 0);
  for (size_t r : {size_t{5}, n / 2, n - 1})
    three[r / 64] |= uint64_t{1} << (r % 64);
  for (metric m : {metric::inner_product, metric::cosine, metric::l2})
    for (const auto* bits : {none.data(), all.data(), some.data(), three.data()})
      for (search_path path : {search_path::scan, search_path::gemm}) {
        search_params p;
        p.m = m;
        p.k = 300;
        p.path = path;
        p.allowed = bits;
        SCOPED_TRACE(label(db, p, nq));
        results want(nq, p.k), got(nq, p.k);
        ASSERT_EQ(search_ref(db.view(), q.data(), nq, p, want.scores.data(),
                             want.ids.data()),
                  status::ok);
        ASSERT_EQ(search_cpu(db.view(), q.data(), nq, p, got.scores.data(),
                             got.ids.data()),
                  status::ok);
        expect_close(db, q.data(), nq, p, got, want, p.k, false);
        if (bits == three.data()) {
          EXPECT_EQ(got.ids[3], -1) << "only three rows are eligible";
        }
        if (bits == none.data()) {
          EXPECT_EQ(got.ids[0], -1) << "no row is eligible";
        }
      }
}

TEST(vector_search, k_larger_than_the_database_pads) {
  const uint32_t seed = fresh_seed();
  std::mt19937 gen{seed};
  auto db = random_database(element::f16, 5, 9, 9, gen);
  auto q = random_queries(2, 9, gen);
  for (search_path path : {search_path::scan, search_path::gemm}) {
    search_params p;
    p.k = 10;
    p.m = metric::l2;
    p.path = path;
    results got(2, 10);
    ASSERT_EQ(search_cpu(db.view(), q.data(), 2, p, got.scores.data(),
                         got.ids.data()),
              status::ok);
    for (size_t qi = 0; qi < 2; ++qi)
      for (size_t i = 0; i < 10; ++i) {
        if (i < 5) {
          EXPECT_GE(got.ids[qi * 10 + i], 0);
        } else {
          EXPECT_EQ(got.ids[qi * 10 + i], -1);
          EXPECT_EQ(got.scores[qi * 10 + i],
                    std::numeric_limits<float>::infinity());
        }
      }
  }
  // An empty database: all padding.
  vector_set empty{nullptr, element::f32, 0, 9};
  search_params p;
  p.k = 3;
  results got(2, 3);
  ASSERT_EQ(search_cpu(empty, q.data(), 2, p, got.scores.data(),
                       got.ids.data()),
            status::ok);
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(got.ids[i], -1);
    EXPECT_EQ(got.scores[i], -std::numeric_limits<float>::infinity());
  }
}

TEST(vector_search, cosine_zero_vectors_score_zero) {
  const uint32_t seed = fresh_seed();
  std::mt19937 gen{seed};
  const size_t n = 300, d = 16;
  std::normal_distribution<float> dist;
  // Every third row is zero.
  auto db = make_database(element::f32, n, d, d, [&](size_t r, size_t) {
    return r % 3 == 0 ? 0.f : dist(gen);
  });
  std::vector<float> q(2 * d, 0.f);
  for (size_t j = 0; j < d; ++j)
    q[d + j] = dist(gen);
  for (bool norms : {false, true})
    for (search_path path : {search_path::scan, search_path::gemm}) {
      search_params p;
      p.m = metric::cosine;
      p.k = n;
      p.path = path;
      results got(2, n);
      ASSERT_EQ(search_cpu(db.view(norms), q.data(), 2, p, got.scores.data(),
                           got.ids.data()),
                status::ok);
      // The zero query scores 0 against every row: ids in order.
      for (size_t i = 0; i < n; ++i) {
        EXPECT_EQ(got.scores[i], 0.f);
        EXPECT_EQ(got.ids[i], static_cast<int64_t>(i));
      }
      // The real query: zero rows score exactly 0.
      for (size_t i = 0; i < n; ++i)
        if (got.ids[n + i] % 3 == 0) {
          EXPECT_EQ(got.scores[n + i], 0.f) << "row " << got.ids[n + i];
        }
    }
}

TEST(vector_search, threads_setting_does_not_change_results) {
  const uint32_t seed = fresh_seed();
  std::mt19937 gen{seed};
  auto db = random_database(element::f32, 9000, 40, 40, gen);
  auto q = random_queries(7, 40, gen);
  for (search_path path : {search_path::scan, search_path::gemm}) {
    std::vector<results> runs;
    for (unsigned t : {1u, 2u, 0u, 5u}) {
      search_params p;
      p.k = 50;
      p.path = path;
      p.threads = t;
      runs.emplace_back(7, 50);
      ASSERT_EQ(search_cpu(db.view(), q.data(), 7, p,
                           runs.back().scores.data(), runs.back().ids.data()),
                status::ok);
    }
    for (size_t i = 1; i < runs.size(); ++i)
      expect_exact(7, 50, runs[i], runs[0]);
  }
}

// Callers on several threads at once (the pool runs one job at a time; the
// others run on their own thread) get the same answers as one caller.
TEST(vector_search, concurrent_callers_get_the_same_results) {
  const uint32_t seed = fresh_seed();
  std::mt19937 gen{seed};
  auto db = random_database(element::f32, 7000, 33, 33, gen);
  auto q = random_queries(20, 33, gen);
  for (search_path path : {search_path::scan, search_path::gemm}) {
    search_params p;
    p.k = 20;
    p.path = path;
    results want(20, 20);
    ASSERT_EQ(search_cpu(db.view(), q.data(), 20, p, want.scores.data(),
                         want.ids.data()),
              status::ok);
    std::vector<results> got(4, results(20, 20));
    std::vector<status> st(4, status::cuda_error);
    std::vector<std::thread> callers;
    for (size_t t = 0; t < got.size(); ++t)
      callers.emplace_back([&, t] {
        for (int rep = 0; rep < 5 && st[t] != status::invalid_argument; ++rep)
          st[t] = search_cpu(db.view(), q.data(), 20, p,
                             got[t].scores.data(), got[t].ids.data());
      });
    for (auto& c : callers)
      c.join();
    for (size_t t = 0; t < got.size(); ++t) {
      ASSERT_EQ(st[t], status::ok);
      expect_exact(20, 20, got[t], want);
    }
  }
}

TEST(vector_search, invalid_arguments) {
  std::vector<float> rows(4 * 8, 1.f), q(8, 1.f), s(10);
  std::vector<int64_t> ids(10);
  vector_set db{rows.data(), element::f32, 4, 8};
  search_params p;
  p.k = 2;
  auto both = [&](const vector_set& v, const float* qp, size_t nq,
                  const search_params& pp, float* sp, int64_t* ip) {
    const status a = search_cpu(v, qp, nq, pp, sp, ip);
    const status b = search_ref(v, qp, nq, pp, sp, ip);
    EXPECT_EQ(a, b) << "cpu and ref disagree";
    return a;
  };
  EXPECT_EQ(both(db, q.data(), 1, p, s.data(), ids.data()), status::ok);
  search_params bad = p;
  bad.k = 0;
  EXPECT_EQ(both(db, q.data(), 1, bad, s.data(), ids.data()),
            status::invalid_argument);
  bad.k = max_k + 1;
  EXPECT_EQ(both(db, q.data(), 1, bad, s.data(), ids.data()),
            status::invalid_argument);
  vector_set v = db;
  v.d = 0;
  EXPECT_EQ(both(v, q.data(), 1, p, s.data(), ids.data()),
            status::invalid_argument);
  v = db;
  v.data = nullptr;
  EXPECT_EQ(both(v, q.data(), 1, p, s.data(), ids.data()),
            status::invalid_argument);
  v = db;
  v.stride = 4;
  EXPECT_EQ(both(v, q.data(), 1, p, s.data(), ids.data()),
            status::invalid_argument);
  v = db;
  v.n = ~size_t{0} / 4;
  EXPECT_EQ(both(v, q.data(), 1, p, s.data(), ids.data()),
            status::invalid_argument);
  EXPECT_EQ(both(db, nullptr, 1, p, s.data(), ids.data()),
            status::invalid_argument);
  EXPECT_EQ(both(db, q.data(), 1, p, nullptr, ids.data()),
            status::invalid_argument);
  EXPECT_EQ(both(db, q.data(), 1, p, s.data(), nullptr),
            status::invalid_argument);
  // No queries: nothing to do, null buffers are fine.
  EXPECT_EQ(both(db, nullptr, 0, p, nullptr, nullptr), status::ok);
  EXPECT_STREQ(to_string(metric::cosine), "cosine");
}

TEST(vector_search, cuda_index_reports_why_it_cannot_run) {
  std::string why;
  if (cuda_available(&why))
    GTEST_SKIP() << "a CUDA device is present: vector_search_gpu_test runs";
  std::vector<float> rows(4 * 8, 1.f), q(8, 1.f), s(2);
  std::vector<int64_t> ids(2, 7);
  cuda_index idx;
  const status u = idx.upload(vector_set{rows.data(), element::f32, 4, 8});
  EXPECT_TRUE(u == status::no_device || u == status::no_cuda_build)
    << to_string(u);
  search_params p;
  p.k = 2;
  const status r = idx.search(q.data(), 1, p, s.data(), ids.data());
  EXPECT_TRUE(r == status::no_device || r == status::no_cuda_build)
    << to_string(r);
  EXPECT_EQ(ids[0], 7) << "results touched on failure";
  EXPECT_EQ(idx.size(), 0u);
}

} // namespace
