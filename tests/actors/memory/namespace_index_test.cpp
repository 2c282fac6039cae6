// One memory namespace: add / upsert / update / delete keep ids, rows and
// metadata consistent (rows are swapped into holes), searches agree with a
// float64 brute force under every kind of metadata filter, fp16 storage
// stays close to fp32.
#include <gtest/gtest.h>

#include <map>

#include "aip/actors/memory/namespace_index.hpp"
#include "common/cuda_device.hpp"
#include "memory_records.hpp"

namespace aip::test {
namespace {

using memory::filter;
using memory::filter_op;
using memory::filter_set;
using memory::metadata;
using memory::namespace_index;

constexpr size_t dim = 32;

struct corpus {
  namespace_index idx{{dim, kernels::metric::cosine, kernels::element::f32}};
  std::vector<std::pair<std::string, std::vector<float>>> rows;
  std::map<std::string, metadata> meta;
};

corpus make_corpus(size_t n, std::mt19937& gen) {
  corpus c;
  const char* colors[] = {"red", "green", "blue"};
  for (size_t i = 0; i < n; ++i) {
    auto id = "r" + std::to_string(i);
    auto v = random_vector(gen, dim);
    metadata md{{"color", colors[i % 3]}};
    if (i % 2 == 0)
      md.emplace_back("even", "yes");
    std::string err;
    EXPECT_TRUE(c.idx.add(id, v.data(), v.size(), "text " + id, md, false, err))
      << err;
    c.rows.emplace_back(id, v);
    c.meta[id] = md;
  }
  return c;
}

void expect_same_as_brute_force(const corpus& c, const std::vector<float>& q,
                                size_t k, const filter_set& f, uint32_t seed) {
  std::vector<std::vector<memory::hit>> out;
  ASSERT_EQ(c.idx.search(q.data(), 1, k, f, out), kernels::status::ok);
  auto want = brute_force(c.rows, q, k, [&](const std::string& id) {
    auto m = c.meta.at(id);
    std::string err;
    EXPECT_TRUE(memory::normalize(m, err));
    return f.matches(m);
  });
  ASSERT_EQ(out[0].size(), want.size()) << "seed " << seed;
  for (size_t i = 0; i < want.size(); ++i) {
    // Near-equal neighbours may swap under fp32 rounding: compare scores.
    EXPECT_NEAR(out[0][i].score, want[i].first, 1e-5) << "seed " << seed;
    auto& got_id = c.idx.id(out[0][i].row);
    EXPECT_TRUE(f.matches(c.idx.meta(out[0][i].row))) << got_id;
  }
}

TEST(NamespaceIndex, AddRejectsDuplicatesWrongDimensionAndNonFinite) {
  namespace_index idx{{4, kernels::metric::cosine, kernels::element::f32}};
  std::string err;
  std::vector<float> v{1, 2, 3, 4};
  ASSERT_TRUE(idx.add("a", v.data(), 4, "", {}, false, err)) << err;
  EXPECT_FALSE(idx.add("a", v.data(), 4, "", {}, false, err));
  EXPECT_EQ(err, "id 'a' exists (use upsert or update)");
  EXPECT_FALSE(idx.add("b", v.data(), 3, "", {}, false, err));
  EXPECT_EQ(err, "vector has 3 values, the namespace 4");
  std::vector<float> bad{1, NAN, 0, 0};
  EXPECT_FALSE(idx.add("b", bad.data(), 4, "", {}, false, err));
  EXPECT_EQ(err, "vector[1] is not finite");
  EXPECT_FALSE(idx.add("b", v.data(), 4, "", {{"k", "1"}, {"k", "2"}}, false, err));
  EXPECT_EQ(err, "metadata: duplicate key 'k'");
  EXPECT_EQ(idx.size(), 1u);
  std::vector<float> w{4, 3, 2, 1};
  ASSERT_TRUE(idx.add("a", w.data(), 4, "new", {}, true, err)) << err;
  EXPECT_EQ(idx.size(), 1u);
  EXPECT_EQ(idx.text(0), "new");
}

TEST(NamespaceIndex, SearchMatchesBruteForceUnderEveryFilter) {
  auto seed = fresh_seed("namespace_index");
  std::mt19937 gen{seed};
  auto c = make_corpus(500, gen);
  auto q = random_vector(gen, dim);
  std::vector<filter_set> filters = {
    {},
    {{filter{"color", filter_op::eq, {"red"}}}},
    {{filter{"color", filter_op::ne, {"red"}}}},
    {{filter{"color", filter_op::in_set, {"green", "blue"}}}},
    {{filter{"even", filter_op::exists, {}}}},
    {{filter{"even", filter_op::not_exists, {}},
      filter{"color", filter_op::eq, {"blue"}}}},
    {{filter{"color", filter_op::eq, {"purple"}}}},
  };
  for (auto& f : filters)
    for (size_t k : {1, 7, 50})
      expect_same_as_brute_force(c, q, k, f, seed);
}

TEST(NamespaceIndex, DeletesInRandomOrderKeepEverythingConsistent) {
  auto seed = fresh_seed("namespace_index deletes");
  std::mt19937 gen{seed};
  auto c = make_corpus(120, gen);
  auto order = c.rows;
  std::shuffle(order.begin(), order.end(), gen);
  std::string err;
  for (size_t i = 0; i < order.size(); ++i) {
    ASSERT_TRUE(c.idx.remove(order[i].first, err)) << err;
    c.rows.erase(std::find_if(c.rows.begin(), c.rows.end(), [&](auto& r) {
      return r.first == order[i].first;
    }));
    ASSERT_EQ(c.idx.size(), c.rows.size());
    if (i % 10 == 0 && !c.rows.empty())
      expect_same_as_brute_force(c, random_vector(gen, dim), 5, {}, seed);
  }
  EXPECT_FALSE(c.idx.remove("r0", err));
  EXPECT_EQ(err, "no record 'r0'");
}

TEST(NamespaceIndex, UpdateReplacesOnlyWhatIsGiven) {
  std::mt19937 gen{fresh_seed("namespace_index update")};
  auto c = make_corpus(10, gen);
  std::string err;
  std::string text = "changed";
  ASSERT_TRUE(c.idx.update("r3", nullptr, 0, &text, nullptr, err)) << err;
  std::vector<std::vector<memory::hit>> out;
  auto& v = c.rows[3].second;
  ASSERT_EQ(c.idx.search(v.data(), 1, 1, {}, out), kernels::status::ok);
  ASSERT_EQ(c.idx.id(out[0][0].row), "r3");
  EXPECT_EQ(c.idx.text(out[0][0].row), "changed");
  EXPECT_EQ(*memory::find_value(c.idx.meta(out[0][0].row), "color"), "red");
  auto w = random_vector(gen, dim);
  metadata md{{"tag", "x"}};
  ASSERT_TRUE(c.idx.update("r3", w.data(), w.size(), nullptr, &md, err));
  ASSERT_EQ(c.idx.search(w.data(), 1, 1, {}, out), kernels::status::ok);
  EXPECT_EQ(c.idx.id(out[0][0].row), "r3");
  EXPECT_NEAR(out[0][0].score, 1.0, 1e-5);
  EXPECT_EQ(memory::find_value(c.idx.meta(out[0][0].row), "color"), nullptr);
  EXPECT_FALSE(c.idx.update("nope", nullptr, 0, &text, nullptr, err));
  EXPECT_EQ(err, "no record 'nope'");
}

TEST(NamespaceIndex, Fp16StorageStaysCloseToFp32) {
  std::mt19937 gen{fresh_seed("namespace_index f16")};
  namespace_index half{{dim, kernels::metric::cosine, kernels::element::f16}};
  auto c = make_corpus(200, gen);
  std::string err;
  for (auto& [id, v] : c.rows)
    ASSERT_TRUE(half.add(id, v.data(), v.size(), "", {}, false, err));
  auto q = random_vector(gen, dim);
  std::vector<std::vector<memory::hit>> a, b;
  ASSERT_EQ(c.idx.search(q.data(), 1, 10, {}, a), kernels::status::ok);
  ASSERT_EQ(half.search(q.data(), 1, 10, {}, b), kernels::status::ok);
  ASSERT_EQ(a[0].size(), b[0].size());
  for (size_t i = 0; i < a[0].size(); ++i)
    EXPECT_NEAR(a[0][i].score, b[0][i].score, 2e-3);
}

// With `gpu` set the answers are the CPU's: from the device when one is
// usable, otherwise from the CPU fallback, and then the index says why.
TEST(NamespaceIndex, GpuBackendAnswersLikeTheCpuOrSaysWhyNot) {
  std::string why;
  const bool have_gpu = kernels::cuda_available(&why);
  std::mt19937 gen{fresh_seed("namespace_index gpu fallback")};
  auto c = make_corpus(50, gen);
  namespace_index gpu{{dim, kernels::metric::cosine, kernels::element::f32,
                       /*gpu=*/true}};
  std::string err;
  for (auto& [id, v] : c.rows)
    ASSERT_TRUE(gpu.add(id, v.data(), v.size(), "", {}, false, err));
  auto q = random_vector(gen, dim);
  std::vector<std::vector<memory::hit>> a, b;
  ASSERT_EQ(c.idx.search(q.data(), 1, 5, {}, a), kernels::status::ok);
  ASSERT_EQ(gpu.search(q.data(), 1, 5, {}, b), kernels::status::ok);
  ASSERT_EQ(a[0].size(), b[0].size());
  for (size_t i = 0; i < a[0].size(); ++i)
    EXPECT_NEAR(a[0][i].score, b[0][i].score, 1e-4);
  EXPECT_EQ(gpu.gpu_fallback(), have_gpu ? std::string{} : why);
}

TEST(MetadataFilter, ValidateNamesTheFilter) {
  std::string err;
  filter_set f{{filter{"color", filter_op::eq, {}}}};
  EXPECT_FALSE(f.validate(err));
  EXPECT_EQ(err, "filters[0] (color): 0 values do not fit the operator");
  filter_set g{{filter{"", filter_op::exists, {}}}};
  EXPECT_FALSE(g.validate(err));
  EXPECT_EQ(err, "filters[0]: empty key");
  filter_set a{{filter{"k", filter_op::in_set, {"a:b", "c"}}}};
  filter_set b{{filter{"k", filter_op::in_set, {"a", "b:c"}}}};
  EXPECT_NE(a.signature(), b.signature());
}

} // namespace
} // namespace aip::test
