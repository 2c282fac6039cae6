// Memory snapshots: a round trip keeps every namespace, record, text and
// metadata entry and gives identical search answers; flipping any single
// byte or cutting the file anywhere is rejected with a message naming the
// file, and the store being restored into is left as it was.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "aip/actors/memory/snapshot.hpp"
#include "memory_records.hpp"

namespace aip::test {
namespace {

using memory::index_config;
using memory::memory_store;
using memory::read_snapshot;
using memory::snapshot_info;
using memory::write_snapshot;

constexpr size_t dim = 8;

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + name;
}

memory_store make_store(kernels::element e, std::mt19937& gen, size_t n) {
  memory_store s{index_config{dim, kernels::metric::cosine, e}};
  std::string err;
  for (size_t i = 0; i < n; ++i) {
    auto ns = i % 2 ? "agent:root/a" : "team:ops";
    auto v = random_vector(gen, dim);
    EXPECT_TRUE(s.get_or_create(ns).add(
      "id" + std::to_string(i), v.data(), v.size(), "tëxt ✓ " + std::to_string(i),
      {{"k", std::to_string(i % 3)}, {"z", ""}}, false, err))
      << err;
  }
  return s;
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream f{path, std::ios::binary};
  return {std::istreambuf_iterator<char>(f), {}};
}

void write_file(const std::string& path, const std::vector<uint8_t>& b) {
  std::ofstream f{path, std::ios::binary | std::ios::trunc};
  f.write(reinterpret_cast<const char*>(b.data()),
          static_cast<std::streamsize>(b.size()));
}

void expect_equal(const memory_store& a, const memory_store& b) {
  ASSERT_EQ(a.all().size(), b.all().size());
  for (auto& [name, idx] : a.all()) {
    auto* other = b.find(name);
    ASSERT_NE(other, nullptr) << name;
    ASSERT_EQ(idx.size(), other->size());
    ASSERT_EQ(idx.row_bytes(), other->row_bytes());
    EXPECT_EQ(std::memcmp(idx.row_data(), other->row_data(), idx.row_bytes()), 0);
    for (uint32_t r = 0; r < idx.size(); ++r) {
      EXPECT_EQ(idx.id(r), other->id(r));
      EXPECT_EQ(idx.text(r), other->text(r));
      EXPECT_EQ(idx.meta(r), other->meta(r));
    }
  }
}

TEST(Snapshot, RoundTripKeepsEverything) {
  std::mt19937 gen{fresh_seed("snapshot round trip")};
  for (auto e : {kernels::element::f32, kernels::element::f16}) {
    auto store = make_store(e, gen, 40);
    auto path = temp_path("round.snapshot");
    snapshot_info wrote, read;
    std::string err;
    ASSERT_TRUE(write_snapshot(store, path, wrote, err)) << err;
    EXPECT_EQ(wrote.namespaces, 2u);
    EXPECT_EQ(wrote.records, 40u);
    memory_store back{store.defaults()};
    ASSERT_TRUE(read_snapshot(path, store.defaults(), back, read, err)) << err;
    EXPECT_EQ(read.records, 40u);
    EXPECT_EQ(read.bytes, wrote.bytes);
    expect_equal(store, back);
    auto q = random_vector(gen, dim);
    std::vector<std::vector<memory::hit>> x, y;
    ASSERT_EQ(store.find("team:ops")->search(q.data(), 1, 5, {}, x),
              kernels::status::ok);
    ASSERT_EQ(back.find("team:ops")->search(q.data(), 1, 5, {}, y),
              kernels::status::ok);
    ASSERT_EQ(x[0].size(), y[0].size());
    for (size_t i = 0; i < x[0].size(); ++i) {
      EXPECT_EQ(x[0][i].row, y[0][i].row);
      EXPECT_EQ(x[0][i].score, y[0][i].score);
    }
    std::remove(path.c_str());
  }
}

TEST(Snapshot, EverySingleByteFlipIsRejectedAndNothingIsLoaded) {
  std::mt19937 gen{fresh_seed("snapshot flips")};
  auto store = make_store(kernels::element::f32, gen, 6);
  auto path = temp_path("flip.snapshot");
  snapshot_info info;
  std::string err;
  ASSERT_TRUE(write_snapshot(store, path, info, err)) << err;
  const auto good = read_file(path);
  auto target = make_store(kernels::element::f32, gen, 3);
  const auto before = target.records();
  for (size_t at = 0; at < good.size(); ++at) {
    auto bad = good;
    bad[at] ^= static_cast<uint8_t>(1u << (at % 8));
    write_file(path, bad);
    ASSERT_FALSE(read_snapshot(path, store.defaults(), target, info, err))
      << "flip at byte " << at << " accepted";
    ASSERT_EQ(err.rfind("snapshot " + path + ": ", 0), 0u) << err;
    ASSERT_EQ(target.records(), before) << "half-loaded at byte " << at;
  }
  std::remove(path.c_str());
}

TEST(Snapshot, EveryTruncationIsRejected) {
  std::mt19937 gen{fresh_seed("snapshot truncation")};
  auto store = make_store(kernels::element::f16, gen, 5);
  auto path = temp_path("cut.snapshot");
  snapshot_info info;
  std::string err;
  ASSERT_TRUE(write_snapshot(store, path, info, err)) << err;
  const auto good = read_file(path);
  memory_store target{store.defaults()};
  for (size_t n = 0; n < good.size(); ++n) {
    write_file(path, {good.begin(), good.begin() + static_cast<long>(n)});
    ASSERT_FALSE(read_snapshot(path, store.defaults(), target, info, err))
      << "cut at " << n << " accepted";
  }
  write_file(path, {good.begin(), good.begin() + 40});
  read_snapshot(path, store.defaults(), target, info, err);
  EXPECT_NE(err.find("namespace #1: truncated at byte"), std::string::npos)
    << err;
  EXPECT_TRUE(target.all().empty());
  std::remove(path.c_str());
}

TEST(Snapshot, RejectsAnotherShapeAndForeignFiles) {
  std::mt19937 gen{fresh_seed("snapshot shape")};
  auto store = make_store(kernels::element::f32, gen, 4);
  auto path = temp_path("shape.snapshot");
  snapshot_info info;
  std::string err;
  ASSERT_TRUE(write_snapshot(store, path, info, err)) << err;
  memory_store other{index_config{16, kernels::metric::cosine,
                                  kernels::element::f32}};
  EXPECT_FALSE(read_snapshot(path, other.defaults(), other, info, err));
  EXPECT_NE(err.find("has dim 8, metric 1, element 0; this agent is "
                     "configured for dim 16"),
            std::string::npos)
    << err;
  write_file(path, {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '!',
                    0, 0, 0, 0});
  EXPECT_FALSE(read_snapshot(path, store.defaults(), other, info, err));
  EXPECT_EQ(err, "snapshot " + path + ": not an AIP memory snapshot (bad magic)");
  EXPECT_FALSE(read_snapshot(temp_path("missing.snapshot"), store.defaults(),
                             other, info, err));
  EXPECT_NE(err.find("cannot open"), std::string::npos);
  std::remove(path.c_str());
}

TEST(Snapshot, FailedWriteLeavesTheOldFileAndNoTemporary) {
  std::mt19937 gen{fresh_seed("snapshot write failure")};
  auto store = make_store(kernels::element::f32, gen, 4);
  snapshot_info info;
  std::string err;
  EXPECT_FALSE(write_snapshot(store, "/nonexistent-dir/x.snapshot", info, err));
  EXPECT_EQ(err.rfind("snapshot /nonexistent-dir/x.snapshot.tmp: cannot create", 0),
            0u)
    << err;
}

} // namespace
} // namespace aip::test
