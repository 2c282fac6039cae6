// cuda_index (fused and GEMM paths, fp32 / TF32 / fp16 GEMM inputs) against
// search_ref on fresh random inputs with poisoned outputs; exact on integer
// data; filters, padding and argument checks. Skipped loudly without a GPU.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "kernels/vector_search_inputs.hpp"
#include "support/require_gpu.hpp"

namespace {

using namespace aip_test::vector_search;

struct gpu_case {
  search_path path;
  gemm_precision precision;
  const char* name;
};

const gpu_case cases[] = {
  {search_path::scan, gemm_precision::f32, "fused"},
  {search_path::automatic, gemm_precision::f32, "automatic"},
  {search_path::gemm, gemm_precision::f32, "gemm f32"},
  {search_path::gemm, gemm_precision::tf32, "gemm tf32"},
  {search_path::gemm, gemm_precision::f16, "gemm f16"},
};

double input_unit(gemm_precision p, search_path path) {
  // The fused kernel always reads rows as stored, in fp32 arithmetic.
  if (path == search_path::scan || p == gemm_precision::f32)
    return 0;
  return std::ldexp(1.0, -11);
}

TEST(vector_search_gpu, matches_reference_on_random_inputs) {
  AIP_REQUIRE_GPU();
  const uint32_t seed = fresh_seed();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 gen{seed};
  for (element type : {element::f32, element::f16})
    for (metric m : {metric::inner_product, metric::cosine, metric::l2})
      for (size_t nq : {1, 3, 17, 300}) {
        // Several fused chunks (512), select chunks (4096) and GEMM tiles
        // (32768), ending mid-chunk; d not a multiple of 8.
        const size_t n = 40000 + 2 * (gen() % 5000) + 1;
        const size_t d = 37 + gen() % 64;
        const size_t stride = d + (gen() % 2) * 5;
        auto db = random_database(type, n, d, stride, gen);
        auto q = random_queries(nq, d, gen);
        const bool norms = gen() % 2 == 0;
        search_params p;
        p.m = m;
        p.k = 1024;
        results want(nq, p.k);
        ASSERT_EQ(search_ref(db.view(norms), q.data(), nq, p,
                             want.scores.data(), want.ids.data()),
                  status::ok);
        cuda_index index;
        ASSERT_EQ(index.upload(db.view(norms)), status::ok);
        ASSERT_EQ(index.size(), n);
        ASSERT_EQ(index.dim(), d);
        for (const auto& c : cases)
          // 256 is the fused kernel's largest k; 257 makes it fall back.
          for (size_t k : {1, 10, 100, 256, 257, 1024}) {
            p.k = k;
            p.path = c.path;
            p.precision = c.precision;
            SCOPED_TRACE(std::string{c.name} + " " + to_string(m) + " "
                         + (type == element::f16 ? "f16" : "f32") + " k="
                         + std::to_string(k) + " nq=" + std::to_string(nq)
                         + " n=" + std::to_string(n) + " d="
                         + std::to_string(d));
            results got(nq, k);
            ASSERT_EQ(index.search(q.data(), nq, p, got.scores.data(),
                                   got.ids.data()),
                      status::ok);
            expect_close(db, q.data(), nq, p, got, want, 1024, norms,
                         input_unit(c.precision, c.path));
            if (::testing::Test::HasFatalFailure())
              return;
          }
      }
}

TEST(vector_search_gpu, equals_reference_on_integer_inputs) {
  AIP_REQUIRE_GPU();
  const uint32_t seed = fresh_seed();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 gen{seed};
  for (element type : {element::f32, element::f16})
    for (metric m : {metric::inner_product, metric::l2, metric::cosine})
      for (size_t nq : {1, 5, 40}) {
        const size_t n = 9000 + gen() % 9000;
        const size_t d = 6 + gen() % 20;
        auto [db, q] = integer_case(type, m, n, d, nq, gen);
        auto bits = random_bitmap(n, 0.7, gen);
        cuda_index index;
        ASSERT_EQ(index.upload(db.view()), status::ok);
        for (bool filtered : {false, true})
          for (size_t k : {1, 10, 256, 1024}) {
            search_params p;
            p.m = m;
            p.k = k;
            p.allowed = filtered ? bits.data() : nullptr;
            results want(nq, k);
            ASSERT_EQ(search_ref(db.view(), q.data(), nq, p,
                                 want.scores.data(), want.ids.data()),
                      status::ok);
            // Small integers are exact in TF32 and fp16 too.
            for (const auto& c : cases) {
              p.path = c.path;
              p.precision = c.precision;
              SCOPED_TRACE(std::string{c.name} + " " + to_string(m) + " k="
                           + std::to_string(k) + " nq=" + std::to_string(nq)
                           + (filtered ? " filtered" : ""));
              results got(nq, k);
              ASSERT_EQ(index.search(q.data(), nq, p, got.scores.data(),
                                     got.ids.data()),
                        status::ok);
              expect_exact(nq, k, got, want);
              if (::testing::Test::HasFatalFailure())
                return;
            }
          }
      }
}

TEST(vector_search_gpu, filters_padding_and_zero_vectors) {
  AIP_REQUIRE_GPU();
  const uint32_t seed = fresh_seed();
  std::mt19937 gen{seed};
  const size_t n = 5000 + gen() % 1000, d = 24, nq = 20;
  auto db = random_database(element::f32, n, d, d, gen);
  auto q = random_queries(nq, d, gen);
  std::fill(q.begin(), q.begin() + d, 0.f); // query 0 is zero
  std::vector<uint64_t> none((n + 63) / 64, 0), all((n + 63) / 64, ~0ull);
  auto some = random_bitmap(n, 0.05, gen);
  cuda_index index;
  ASSERT_EQ(index.upload(db.view()), status::ok);
  for (metric m : {metric::inner_product, metric::cosine, metric::l2})
    for (const auto* bits : {none.data(), all.data(), some.data()})
      for (const auto& c : cases) {
        search_params p;
        p.m = m;
        p.k = 400;
        p.path = c.path;
        p.precision = c.precision;
        p.allowed = bits;
        SCOPED_TRACE(std::string{c.name} + " " + to_string(m));
        results want(nq, p.k), got(nq, p.k);
        ASSERT_EQ(search_ref(db.view(), q.data(), nq, p, want.scores.data(),
                             want.ids.data()),
                  status::ok);
        ASSERT_EQ(index.search(q.data(), nq, p, got.scores.data(),
                               got.ids.data()),
                  status::ok);
        expect_close(db, q.data(), nq, p, got, want, p.k, false,
                     input_unit(c.precision, c.path));
      }
  // k beyond the database: padding after the 5 rows.
  auto tiny = random_database(element::f16, 5, 9, 9, gen);
  ASSERT_EQ(index.upload(tiny.view()), status::ok);
  EXPECT_EQ(index.size(), 5u);
  search_params p;
  p.k = 10;
  p.m = metric::l2;
  results got(1, 10);
  auto tq = random_queries(1, 9, gen);
  ASSERT_EQ(index.search(tq.data(), 1, p, got.scores.data(), got.ids.data()),
            status::ok);
  for (size_t i = 0; i < 10; ++i) {
    if (i < 5) {
      EXPECT_GE(got.ids[i], 0);
    } else {
      EXPECT_EQ(got.ids[i], -1);
      EXPECT_EQ(got.scores[i], std::numeric_limits<float>::infinity());
    }
  }
}

TEST(vector_search_gpu, invalid_arguments) {
  AIP_REQUIRE_GPU();
  std::vector<float> rows(4 * 8, 1.f), q(8, 1.f), s(4);
  std::vector<int64_t> ids(4);
  search_params p;
  p.k = 2;
  cuda_index index;
  EXPECT_EQ(index.search(q.data(), 1, p, s.data(), ids.data()),
            status::invalid_argument)
    << "nothing uploaded";
  EXPECT_EQ(index.upload(vector_set{nullptr, element::f32, 4, 8}),
            status::invalid_argument);
  ASSERT_EQ(index.upload(vector_set{rows.data(), element::f32, 4, 8}),
            status::ok);
  p.k = 0;
  EXPECT_EQ(index.search(q.data(), 1, p, s.data(), ids.data()),
            status::invalid_argument);
  p.k = max_k + 1;
  EXPECT_EQ(index.search(q.data(), 1, p, s.data(), ids.data()),
            status::invalid_argument);
  p.k = 2;
  EXPECT_EQ(index.search(nullptr, 1, p, s.data(), ids.data()),
            status::invalid_argument);
  EXPECT_EQ(index.search(q.data(), 1, p, nullptr, ids.data()),
            status::invalid_argument);
  EXPECT_EQ(index.search(nullptr, 0, p, nullptr, nullptr), status::ok);
  ASSERT_EQ(index.search(q.data(), 1, p, s.data(), ids.data()), status::ok);
  EXPECT_EQ(ids[0], 0);
  EXPECT_EQ(ids[1], 1);
}

} // namespace
