// bert_encoder_cuda (fp16 and bf16 weights, fp32 accumulation) against
// sentence-transformers' embeddings; poisoned outputs must be overwritten.
// Skips loudly where no GPU can run it; the no-GPU answers are checked in
// bert_encoder_gpu_absent below (which runs everywhere).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>

#include "bert/bert_encoder.hpp"
#include "kernels/minilm_reference.hpp"
#include "support/require_gpu.hpp"

namespace {

using namespace aip_test::minilm;
using aip::kernels::bert_encoder;
using aip::kernels::bert_encoder_cuda;
using aip::kernels::bert_precision;
using aip::kernels::status;
using aip::kernels::token_batch;

// A NaN whose payload no computation produces.
float poison() {
  const uint32_t bits = 0x7fbadbadu;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

bool is_poison(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  return bits == 0x7fbadbadu;
}

class bert_encoder_gpu : public ::testing::TestWithParam<bert_precision> {
protected:
  void SetUp() override {
    AIP_REQUIRE_GPU();
    ref_ = load_reference();
    ASSERT_FALSE(ref_.empty());
    const std::string dir = model_dir();
    ASSERT_FALSE(dir.empty());
    std::string err;
    ASSERT_TRUE(bert_encoder_cuda::load(dir, GetParam(), enc_, err)) << err;
    ASSERT_EQ(enc_.precision(), GetParam());
    ASSERT_EQ(enc_.dim(), 384u);
    ASSERT_EQ(enc_.max_tokens(), 256u);
  }

  // Encodes into a poisoned buffer (with a guard band past the end) and
  // checks every value was written and the guard band was not.
  std::vector<float> encode(const token_batch& b) {
    const size_t n = b.count * 384;
    std::vector<float> out(n + 64, poison());
    EXPECT_EQ(enc_.encode(b, out.data()), status::ok);
    for (size_t i = 0; i < n; ++i)
      EXPECT_FALSE(is_poison(out[i])) << "not written: " << i;
    for (size_t i = n; i < out.size(); ++i)
      EXPECT_TRUE(is_poison(out[i])) << "written past the end: " << i;
    out.resize(n);
    return out;
  }

  std::vector<sentence> ref_;
  bert_encoder_cuda enc_;
};

TEST_P(bert_encoder_gpu, matches_reference_one_at_a_time_and_batched) {
  for (size_t i = 0; i < ref_.size(); ++i)
    expect_matches(ref_, i, encode(batch{ref_, i, 1}.view()), 384, 0.999,
                   "alone");
  // All at once (padded to 256, most keys masked), then ragged groups.
  expect_matches(ref_, 0, encode(batch{ref_, 0, ref_.size()}.view()), 384,
                 0.999, "one batch");
  for (size_t first = 0; first < ref_.size(); first += 4) {
    const size_t n = std::min<size_t>(4, ref_.size() - first);
    expect_matches(ref_, first, encode(batch{ref_, first, n}.view()), 384,
                   0.999, "groups of 4");
  }
}

// Random sequences: the GPU agrees with the fp32 CPU encoder, including
// batches the device cuts into several chunks (130 sequences padded to 256
// tokens: past 32768 padded tokens; 1100 short ones: past 1024 sequences),
// and after the scratch has grown and is reused.
TEST_P(bert_encoder_gpu, agrees_with_cpu_on_random_batches) {
  single_blas_thread();
  bert_encoder cpu;
  std::string err;
  ASSERT_TRUE(bert_encoder::load(model_dir(), cpu, err)) << err;
  const uint32_t seed = std::random_device{}();
  std::printf("seed %u\n", seed);
  std::mt19937 gen{seed};
  struct shape {
    size_t count, longest_first, shortest, longest;
  };
  for (shape sh : {shape{3, 0, 1, 256}, shape{130, 256, 1, 16},
                   shape{1100, 0, 1, 6}, shape{1, 0, 1, 256}}) {
    std::vector<int32_t> ids;
    std::vector<size_t> offsets{0};
    for (size_t i = 0; i < sh.count; ++i) {
      const size_t len = i == 0 && sh.longest_first != 0
                           ? sh.longest_first
                           : std::uniform_int_distribution<size_t>{
                               sh.shortest, sh.longest}(gen);
      for (size_t j = 0; j < len; ++j)
        ids.push_back(std::uniform_int_distribution<int32_t>{0, 30521}(gen));
      offsets.push_back(ids.size());
    }
    token_batch b{ids.data(), offsets.data(), sh.count};
    auto got = encode(b);
    std::vector<float> want(sh.count * 384);
    ASSERT_EQ(cpu.encode(b, want.data()), status::ok);
    double worst = 1;
    for (size_t i = 0; i < sh.count; ++i) {
      const double c
        = cosine(got.data() + i * 384, want.data() + i * 384, 384);
      worst = std::min(worst, c);
      EXPECT_GE(c, 0.999) << "seed " << seed << " batch " << sh.count
                          << " sequence " << i << " length "
                          << offsets[i + 1] - offsets[i];
    }
    std::printf("batch %zu: lowest cosine vs CPU 1 - %.2e\n", sh.count,
                1 - worst);
  }
}

TEST_P(bert_encoder_gpu, rejects_bad_batches) {
  std::vector<int32_t> ids(300, 1000);
  std::vector<float> out(384, 7.0f);
  size_t too_long[] = {0, 257};
  EXPECT_EQ(enc_.encode({ids.data(), too_long, 1}, out.data()),
            status::invalid_argument);
  size_t empty[] = {0, 0};
  EXPECT_EQ(enc_.encode({ids.data(), empty, 1}, out.data()),
            status::invalid_argument);
  ids[3] = 30522;
  size_t ok[] = {0, 10};
  EXPECT_EQ(enc_.encode({ids.data(), ok, 1}, out.data()),
            status::invalid_argument);
  for (float f : out)
    ASSERT_EQ(f, 7.0f);
  EXPECT_EQ(enc_.encode({nullptr, nullptr, 0}, nullptr), status::ok);
}

INSTANTIATE_TEST_SUITE_P(precisions, bert_encoder_gpu,
                         ::testing::Values(bert_precision::f16,
                                           bert_precision::bf16),
                         [](const auto& info) {
                           return std::string{
                             aip::kernels::to_string(info.param)};
                         });

// Where no GPU can run, load says why and an unloaded encoder refuses.
TEST(bert_encoder_gpu_absent, load_explains_and_unloaded_refuses) {
  bert_encoder_cuda enc;
  std::string err;
  EXPECT_FALSE(bert_encoder_cuda::load(AIP_MODEL_DIR, bert_precision::f32,
                                       enc, err));
  EXPECT_FALSE(err.empty());
  std::vector<int32_t> ids{101, 102};
  size_t offsets[] = {0, 2};
  std::vector<float> out(384, 7.0f);
  const status s = enc.encode({ids.data(), offsets, 1}, out.data());
  EXPECT_TRUE(s == status::invalid_argument || s == status::no_cuda_build)
    << aip::kernels::to_string(s);
  if (aip::kernels::cuda_available(nullptr))
    return;
  err.clear();
  EXPECT_FALSE(bert_encoder_cuda::load(AIP_MODEL_DIR, bert_precision::f16,
                                       enc, err));
  EXPECT_FALSE(err.empty());
  std::printf("without a GPU, load says: %s\n", err.c_str());
}

} // namespace
