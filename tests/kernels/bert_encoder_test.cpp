// bert_encoder (CPU, fp32) against sentence-transformers' own embeddings
// (tests/data/minilm_reference.json), batched several ways; its input
// checks; and the loader's errors for broken model folders.
#include <gtest/gtest.h>

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <thread>

#include "bert/bert_cpu_ops.hpp"
#include "bert/bert_encoder.hpp"
#include "kernels/minilm_reference.hpp"

namespace {

namespace fs = std::filesystem;
using namespace aip_test::minilm;
using aip::kernels::bert_encoder;
using aip::kernels::status;
using aip::kernels::token_batch;

class bert_encoder_test : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    single_blas_thread();
    ref_ = new std::vector<sentence>(load_reference());
    enc_ = new bert_encoder;
    const std::string dir = model_dir();
    std::string err;
    if (dir.empty() || !bert_encoder::load(dir, *enc_, err)) {
      load_error_ = new std::string(dir.empty() ? "model missing" : err);
    }
  }
  static void TearDownTestSuite() {
    delete ref_;
    delete enc_;
    delete load_error_;
    load_error_ = nullptr;
  }
  void SetUp() override {
    if (load_error_ != nullptr)
      FAIL() << "cannot load the model (tools/scripts/fetch-model): "
             << *load_error_;
    ASSERT_FALSE(ref_->empty());
  }

  static std::vector<float> encode(const batch& b) {
    std::vector<float> out(b.view().count * enc_->dim(),
                           std::numeric_limits<float>::quiet_NaN());
    EXPECT_EQ(enc_->encode(b.view(), out.data()), status::ok);
    return out;
  }

  static std::vector<sentence>* ref_;
  static bert_encoder* enc_;
  static std::string* load_error_;
};

std::vector<sentence>* bert_encoder_test::ref_ = nullptr;
bert_encoder* bert_encoder_test::enc_ = nullptr;
std::string* bert_encoder_test::load_error_ = nullptr;

TEST_F(bert_encoder_test, shape) {
  EXPECT_EQ(enc_->dim(), 384u);
  EXPECT_EQ(enc_->max_tokens(), 256u);
  EXPECT_EQ(enc_->vocab_size(), 30522u);
}

TEST_F(bert_encoder_test, matches_reference_one_at_a_time) {
  for (size_t i = 0; i < ref_->size(); ++i)
    expect_matches(*ref_, i, encode(batch{*ref_, i, 1}), 384, 0.9999,
                   "alone");
}

TEST_F(bert_encoder_test, matches_reference_all_at_once) {
  expect_matches(*ref_, 0, encode(batch{*ref_, 0, ref_->size()}), 384, 0.9999,
                 "one batch");
}

// Ragged groupings of a shuffled order give each sentence the embedding it
// gets alone, and a batch need not start at ids[0].
TEST_F(bert_encoder_test, batching_does_not_change_results) {
  const size_t n = ref_->size();
  std::vector<std::vector<float>> alone(n);
  for (size_t i = 0; i < n; ++i)
    alone[i] = encode(batch{*ref_, i, 1});
  const uint32_t seed = std::random_device{}();
  std::printf("seed %u\n", seed);
  std::mt19937 gen{seed};
  for (int round = 0; round < 3; ++round) {
    std::vector<sentence> order = *ref_;
    std::vector<size_t> index(n);
    for (size_t i = 0; i < n; ++i)
      index[i] = i;
    std::shuffle(index.begin(), index.end(), gen);
    for (size_t i = 0; i < n; ++i)
      order[i] = (*ref_)[index[i]];
    size_t first = 0;
    while (first < n) {
      const size_t take
        = std::min(n - first, std::uniform_int_distribution<size_t>{1, 9}(gen));
      batch b{order, first, take};
      // Shift the view so offsets[0] != 0: a slice of a larger buffer.
      std::vector<int32_t> padded(5, 101);
      padded.insert(padded.end(), b.ids.begin(), b.ids.end());
      std::vector<size_t> offsets = b.offsets;
      for (auto& o : offsets)
        o += 5;
      token_batch view{padded.data(), offsets.data(), take};
      std::vector<float> got(take * 384, std::nanf(""));
      ASSERT_EQ(enc_->encode(view, got.data()), status::ok);
      for (size_t i = 0; i < take; ++i) {
        const auto& want = alone[index[first + i]];
        for (size_t c = 0; c < 384; ++c)
          ASSERT_NEAR(got[i * 384 + c], want[c], 1e-5)
            << "seed " << seed << " sentence " << index[first + i]
            << " in a batch of " << take << ", column " << c;
      }
      first += take;
    }
  }
}

// Random id sequences (lengths 1..256): batch = one at a time = small
// sub-batches, and two threads encoding at once agree with one thread.
TEST_F(bert_encoder_test, random_sequences_batched_and_threaded) {
  const uint32_t seed = std::random_device{}();
  std::printf("seed %u\n", seed);
  std::mt19937 gen{seed};
  std::vector<int32_t> ids;
  std::vector<size_t> offsets{0};
  for (int i = 0; i < 12; ++i) {
    const size_t len = i == 0 ? 256 : std::uniform_int_distribution<size_t>{
                                        1, i % 3 == 0 ? size_t{256} : size_t{24}}(gen);
    for (size_t j = 0; j < len; ++j)
      ids.push_back(std::uniform_int_distribution<int32_t>{0, 30521}(gen));
    offsets.push_back(ids.size());
  }
  const size_t count = offsets.size() - 1;
  token_batch all{ids.data(), offsets.data(), count};
  std::vector<float> together(count * 384, std::nanf(""));
  ASSERT_EQ(enc_->encode(all, together.data()), status::ok);
  for (size_t i = 0; i < count; ++i) {
    std::vector<float> one(384, std::nanf(""));
    ASSERT_EQ(enc_->encode({ids.data(), offsets.data() + i, 1}, one.data()),
              status::ok);
    for (size_t c = 0; c < 384; ++c)
      ASSERT_NEAR(one[c], together[i * 384 + c], 1e-5)
        << "seed " << seed << " sequence " << i << " column " << c;
  }
  // Sub-batches of at most 40 tokens (most sequences alone) change nothing.
  bert_encoder chunked;
  std::string err;
  ASSERT_TRUE(bert_encoder::load(model_dir(), chunked, err)) << err;
  chunked.set_chunk_tokens(40);
  std::vector<float> pieces(together.size(), std::nanf(""));
  ASSERT_EQ(chunked.encode(all, pieces.data()), status::ok);
  for (size_t i = 0; i < pieces.size(); ++i)
    ASSERT_NEAR(pieces[i], together[i], 1e-5) << "seed " << seed << " at " << i;
  std::vector<float> a(together.size()), b(together.size());
  status sa = status::cuda_error, sb = status::cuda_error;
  std::thread ta{[&] { sa = enc_->encode(all, a.data()); }};
  std::thread tb{[&] { sb = enc_->encode(all, b.data()); }};
  ta.join();
  tb.join();
  ASSERT_EQ(sa, status::ok);
  ASSERT_EQ(sb, status::ok);
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_NEAR(a[i], together[i], 1e-5) << "seed " << seed << " at " << i;
    ASSERT_NEAR(b[i], together[i], 1e-5) << "seed " << seed << " at " << i;
  }
}

TEST_F(bert_encoder_test, rejects_bad_batches_without_writing) {
  std::vector<int32_t> ids(300, 1000);
  ids[0] = 101;
  std::vector<float> out(2 * 384, 7.0f);
  auto untouched = [&] {
    return std::all_of(out.begin(), out.end(),
                       [](float x) { return x == 7.0f; });
  };
  auto expect_rejected = [&](token_batch b, const char* what) {
    EXPECT_EQ(enc_->encode(b, out.data()), status::invalid_argument) << what;
    EXPECT_TRUE(untouched()) << what;
  };
  size_t empty[] = {0, 3, 3};
  expect_rejected({ids.data(), empty, 2}, "empty second sequence");
  size_t too_long[] = {0, 257};
  expect_rejected({ids.data(), too_long, 1}, "257 tokens");
  size_t backwards[] = {4, 2};
  expect_rejected({ids.data(), backwards, 1}, "decreasing offsets");
  size_t ok[] = {0, 256};
  ids[10] = 30522;
  expect_rejected({ids.data(), ok, 1}, "id == vocab");
  ids[10] = -1;
  expect_rejected({ids.data(), ok, 1}, "negative id");
  ids[10] = 1000;
  expect_rejected({nullptr, ok, 1}, "null ids");
  expect_rejected({ids.data(), nullptr, 1}, "null offsets");
  EXPECT_EQ(enc_->encode({ids.data(), ok, 1}, nullptr),
            status::invalid_argument);
  EXPECT_EQ(enc_->encode({nullptr, nullptr, 0}, nullptr), status::ok);
  EXPECT_EQ(enc_->encode({ids.data(), ok, 1}, out.data()), status::ok)
    << "256 tokens is the limit, not past it";
  bert_encoder never_loaded;
  EXPECT_EQ(never_loaded.encode({ids.data(), ok, 1}, out.data()),
            status::invalid_argument);
}

TEST(bert_cpu_ops, erf_and_exp_approximations) {
  std::vector<const aip::kernels::bert_cpu_ops*> builds{
    &aip::kernels::bert_cpu_ops_generic()};
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    builds.push_back(&aip::kernels::bert_cpu_ops_avx2());
  for (auto* ops : builds) {
    for (float x = -8.0f; x <= 8.0f; x += 1.0f / 1024) {
      ASSERT_NEAR(ops->erf(x), std::erf(double{x}), 4e-7)
        << ops->name << " x " << x;
      const double e = std::exp(double{x});
      ASSERT_NEAR(ops->exp(x), e, 3e-7 * e) << ops->name << " x " << x;
    }
    EXPECT_NEAR(ops->exp(-80.0f), std::exp(-80.0), 1e-40);
    EXPECT_EQ(ops->exp(-1000.0f) < 1e-37f, true) << ops->name;
  }
}

// A throw-away copy of the model folder to break.
class broken_model : public ::testing::Test {
protected:
  void SetUp() override {
    src_ = model_dir();
    ASSERT_FALSE(src_.empty());
    char tmpl[] = "/tmp/aip-bert-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    fs::copy_file(src_ + "/config.json", dir_ + "/config.json");
  }
  void TearDown() override {
    if (!dir_.empty())
      fs::remove_all(dir_);
  }
  std::string load_error() {
    bert_encoder enc;
    std::string err;
    EXPECT_FALSE(bert_encoder::load(dir_, enc, err));
    EXPECT_EQ(enc.dim(), 384u);
    EXPECT_EQ(enc.max_tokens(), 0u) << "a failed load leaves it empty";
    return err;
  }
  std::string read_model() {
    std::ifstream in{src_ + "/model.safetensors", std::ios::binary};
    return {std::istreambuf_iterator<char>{in}, {}};
  }
  void write_model(const std::string& bytes) {
    std::ofstream out{dir_ + "/model.safetensors", std::ios::binary};
    out << bytes;
  }
  std::string src_, dir_;
};

TEST_F(broken_model, missing_folder_or_files) {
  auto err = load_error();
  EXPECT_NE(err.find("model.safetensors"), std::string::npos) << err;
  fs::remove(dir_ + "/config.json");
  err = load_error();
  EXPECT_NE(err.find("config.json"), std::string::npos) << err;
}

TEST_F(broken_model, truncated_safetensors) {
  auto bytes = read_model();
  write_model(bytes.substr(0, bytes.size() / 2));
  auto err = load_error();
  EXPECT_NE(err.find("model.safetensors"), std::string::npos) << err;
}

TEST_F(broken_model, missing_tensor) {
  auto bytes = read_model();
  // Rename one tensor in the header (same length, so offsets stay valid).
  const std::string name = "\"encoder.layer.3.output.dense.bias\"";
  auto at = bytes.find(name);
  ASSERT_NE(at, std::string::npos);
  bytes[at + name.size() - 2] = '_';
  write_model(bytes);
  auto err = load_error();
  EXPECT_NE(err.find("'encoder.layer.3.output.dense.bias': missing"),
            std::string::npos)
    << err;
}

TEST_F(broken_model, config_of_another_architecture) {
  std::ifstream in{src_ + "/config.json"};
  std::string cfg{std::istreambuf_iterator<char>{in}, {}};
  auto at = cfg.find("\"hidden_size\": 384");
  ASSERT_NE(at, std::string::npos) << cfg;
  cfg.replace(at, 18, "\"hidden_size\": 768");
  std::ofstream{dir_ + "/config.json"} << cfg;
  fs::create_symlink(src_ + "/model.safetensors", dir_ + "/model.safetensors");
  auto err = load_error();
  EXPECT_NE(err.find("hidden_size is 768, expected 384"), std::string::npos)
    << err;
}

} // namespace
