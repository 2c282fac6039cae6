// The safetensors reader: valid files read back exactly; every class of
// malformed header or truncated file is rejected with a message naming the
// file and the place; random mutations never crash it and never yield a
// tensor outside the data; the real MiniLM file opens.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "safetensors/safetensors.hpp"
#include "support/safetensors_writer.hpp"

namespace {

using aip::kernels::dtype;
using aip::kernels::safetensors;
using aip_test::safetensors_writer;

safetensors_writer two_tensors() {
  safetensors_writer w;
  w.add_f32("a", {2, 3}, {1, 2, 3, 4, 5, 6});
  std::vector<uint16_t> h{aip::kernels::f32_to_f16(0.5f),
                          aip::kernels::f32_to_f16(-2.f)};
  w.add("b", "F16", {2}, h.data(), h.size() * 2);
  w.metadata("format", "pt");
  return w;
}

std::string reject(const std::vector<uint8_t>& bytes) {
  safetensors st;
  std::string err;
  EXPECT_FALSE(safetensors::parse(bytes.data(), bytes.size(), "m.st", st, err));
  EXPECT_TRUE(st.tensors().empty()) << "half-loaded after: " << err;
  return err;
}

std::vector<uint8_t> with_header(const std::string& header,
                                 std::vector<uint8_t> data = {}) {
  return safetensors_writer::frame(header, data);
}

TEST(safetensors, reads_back_what_was_written) {
  auto bytes = two_tensors().bytes();
  safetensors st;
  std::string err;
  ASSERT_TRUE(safetensors::parse(bytes.data(), bytes.size(), "m.st", st, err))
    << err;
  ASSERT_EQ(st.tensors().size(), 2u);
  EXPECT_EQ(st.metadata().at("format"), "pt");
  auto* a = st.require("a", dtype::f32, {2, 3}, err);
  ASSERT_NE(a, nullptr) << err;
  std::vector<float> v;
  ASSERT_TRUE(st.to_f32(*a, v));
  EXPECT_EQ(v, (std::vector<float>{1, 2, 3, 4, 5, 6}));
  auto* b = st.find("b");
  ASSERT_NE(b, nullptr);
  ASSERT_TRUE(st.to_f32(*b, v));
  EXPECT_EQ(v, (std::vector<float>{0.5f, -2.f}));
}

TEST(safetensors, require_names_what_differs) {
  auto bytes = two_tensors().bytes();
  safetensors st;
  std::string err;
  ASSERT_TRUE(safetensors::parse(bytes.data(), bytes.size(), "m.st", st, err));
  EXPECT_EQ(st.require("a", dtype::f32, {3, 2}, err), nullptr);
  EXPECT_EQ(err, "m.st: tensor 'a': shape [2,3], expected [3,2]");
  EXPECT_EQ(st.require("a", dtype::bf16, {2, 3}, err), nullptr);
  EXPECT_EQ(err, "m.st: tensor 'a': dtype F32, expected BF16");
  EXPECT_EQ(st.require("zz", dtype::f32, {1}, err), nullptr);
  EXPECT_EQ(err, "m.st: tensor 'zz': missing");
}

TEST(safetensors, rejects_bad_framing) {
  EXPECT_EQ(reject({1, 2, 3}),
            "m.st: file is 3 bytes; it must start with an 8-byte header "
            "length");
  std::vector<uint8_t> huge(16, 0);
  huge[5] = 0x10; // 2^44
  EXPECT_NE(reject(huge).find("exceeds the limit"), std::string::npos);
  auto cut = two_tensors().bytes();
  cut.resize(20);
  EXPECT_NE(reject(cut).find("bytes after it (truncated file?)"),
            std::string::npos);
  EXPECT_EQ(reject(with_header("[1,2]")),
            "m.st: header must be a JSON object starting with '{'");
}

TEST(safetensors, rejects_bad_headers_naming_the_place) {
  struct bad_case {
    std::string header;
    std::vector<uint8_t> data;
    std::string message;
  };
  const std::vector<uint8_t> four(4, 0);
  const std::vector<bad_case> cases = {
    {R"({"a":)", {}, "m.st: header byte 6: "},
    {R"({"a":{"dtype":"F32","shape":[[[1]]],"data_offsets":[0,4]}})", four,
     "m.st: header byte 30: nested deeper than 3"},
    {R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{}})", four,
     "m.st: duplicate key 'a'"},
    {R"({"a":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}})", four,
     "m.st: tensor 'a': unknown dtype 'F33'"},
    {R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", four,
     "m.st: tensor 'a': shape entries must be integers >= 0"},
    {R"({"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", four,
     "m.st: tensor 'a': shape entries must be integers >= 0"},
    {R"({"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}})",
     four, "m.st: tensor 'a': shape [4294967296,4294967296] overflows"},
    {R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}})", four,
     "m.st: tensor 'a': data_offsets must be [begin, end] with integers >= 0"},
    {R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}})", four,
     "m.st: tensor 'a': data_offsets [4,0] end before begin"},
    {R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", four,
     "m.st: tensor 'a': data_offsets end 8 is past the data section (4 bytes; "
     "truncated file?)"},
    {R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", four,
     "m.st: tensor 'a': 4 bytes for F32 [2], which needs 8"},
    {R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":1}})", four,
     "m.st: tensor 'a': unknown field 'x'"},
    {R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
     R"("b":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}})",
     four, "m.st: tensor 'b' overlaps 'a'"},
    {R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}})", four,
     "m.st: bytes [0,2) of the data section belong to no tensor (before 'a')"},
    {R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}})", four,
     "m.st: 2 bytes after the last tensor belong to no tensor"},
    {R"({"__metadata__":{"k":1}})", {},
     "m.st: __metadata__ 'k' must be a string"},
    {R"({"a":[1]})", {},
     "m.st: tensor 'a': expected an object with dtype, shape, data_offsets"},
  };
  for (auto& c : cases) {
    auto err = reject(with_header(c.header, c.data));
    EXPECT_EQ(err.rfind(c.message, 0), 0u)
      << "header " << c.header << "\n got: " << err;
  }
}

TEST(safetensors, every_truncation_is_rejected) {
  auto bytes = two_tensors().bytes();
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + n);
    EXPECT_FALSE(reject(cut).empty()) << "accepted " << n << " bytes";
  }
}

// A fuzzing pass inside the unit tests (so it runs under ASan in CI, beside
// the longer libFuzzer target tests/fuzz/fuzz_safetensors.cpp): flips,
// inserts and deletes bytes of a valid file. An accepted mutant must still
// describe tensors that lie inside the data it was given.
TEST(safetensors, random_mutations_never_escape_the_buffer) {
  const auto seed = std::random_device{}();
  std::mt19937 gen{seed};
  const auto base = two_tensors().bytes();
  size_t accepted = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    auto m = base;
    const int edits = 1 + static_cast<int>(gen() % 4);
    for (int e = 0; e < edits && !m.empty(); ++e) {
      size_t at = gen() % m.size();
      switch (gen() % 3) {
        case 0:
          m[at] = static_cast<uint8_t>(gen());
          break;
        case 1:
          m.insert(m.begin() + static_cast<long>(at), static_cast<uint8_t>(gen()));
          break;
        default:
          m.erase(m.begin() + static_cast<long>(at));
      }
    }
    safetensors st;
    std::string err;
    if (!safetensors::parse(m.data(), m.size(), "m", st, err)) {
      ASSERT_FALSE(err.empty());
      continue;
    }
    ++accepted;
    const uint8_t* end = m.data() + m.size();
    for (auto& t : st.tensors()) {
      ASSERT_LE(st.data(t) + t.bytes, end) << "seed " << seed;
      ASSERT_EQ(t.bytes, t.elements() * aip::kernels::dtype_size(t.type))
        << "seed " << seed;
    }
  }
  std::printf("mutation seed %u: %zu of 20000 mutants accepted\n", seed,
              accepted);
}

TEST(safetensors, half_conversions_round_trip_and_round_to_nearest_even) {
  using namespace aip::kernels;
  for (uint32_t h = 0; h < 0x10000; ++h) {
    float f = f16_to_f32(static_cast<uint16_t>(h));
    if (f != f)
      continue; // NaN payloads need not survive
    EXPECT_EQ(f32_to_f16(f), h) << std::hex << h;
  }
  EXPECT_EQ(f32_to_f16(65520.f), 0x7c00); // rounds up to inf
  EXPECT_EQ(f32_to_f16(1.f + 1.f / 2048), 0x3c00); // tie to even
  EXPECT_EQ(f32_to_f16(1.f + 3.f / 2048), 0x3c02);
  EXPECT_EQ(bf16_to_f32(f32_to_bf16(3.140625f)), 3.140625f);
}

TEST(safetensors, open_reports_missing_and_truncated_files) {
  safetensors st;
  std::string err;
  EXPECT_FALSE(safetensors::open("/nonexistent/m.safetensors", st, err));
  EXPECT_EQ(err.rfind("/nonexistent/m.safetensors: cannot open: ", 0), 0u)
    << err;
  EXPECT_FALSE(safetensors::open("/tmp", st, err));
  EXPECT_EQ(err, "/tmp: not a regular file");
  auto bytes = two_tensors().bytes();
  bytes.pop_back();
  std::string path = ::testing::TempDir() + "truncated.safetensors";
  safetensors_writer::write_file(path, bytes);
  EXPECT_FALSE(safetensors::open(path, st, err));
  EXPECT_EQ(err.rfind(path + ": tensor 'b': data_offsets end 28 is past", 0),
            0u)
    << err;
  std::remove(path.c_str());
}

TEST(safetensors, opens_the_minilm_model) {
  const std::string path = std::string{AIP_MODEL_DIR} + "/model.safetensors";
  safetensors st;
  std::string err;
  ASSERT_TRUE(safetensors::open(path, st, err))
    << err << " (run tools/scripts/fetch-model)";
  EXPECT_EQ(st.tensors().size(), 104u);
  EXPECT_NE(st.require("embeddings.word_embeddings.weight", dtype::f32,
                       {30522, 384}, err),
            nullptr)
    << err;
}

} // namespace
