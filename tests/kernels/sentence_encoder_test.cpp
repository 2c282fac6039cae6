// sentence_encoder (tokenizer + CPU encoder): the reference sentences'
// text in, sentence-transformers' embeddings out; token counts as the
// reference tokenizer gives them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>

#include "bert/sentence_encoder.hpp"
#include "common/cuda_device.hpp"
#include "kernels/minilm_reference.hpp"

namespace {

using namespace aip_test::minilm;
using aip::kernels::encoder_backend;
using aip::kernels::sentence_encoder;
using aip::kernels::status;

class sentence_encoder_test : public ::testing::Test {
protected:
  void SetUp() override {
    single_blas_thread();
    ref_ = load_reference();
    ASSERT_FALSE(ref_.empty());
    const std::string dir = model_dir();
    ASSERT_FALSE(dir.empty());
    std::string err;
    ASSERT_TRUE(sentence_encoder::load(dir, encoder_backend::cpu, enc_, err))
      << err << " (tools/scripts/fetch-model)";
  }
  std::vector<sentence> ref_;
  sentence_encoder enc_;
};

TEST_F(sentence_encoder_test, counts_tokens_as_the_reference) {
  EXPECT_EQ(enc_.dim(), 384u);
  EXPECT_EQ(enc_.max_tokens(), 256u);
  for (auto& s : ref_)
    EXPECT_EQ(enc_.count_tokens(s.text), s.ids.size()) << s.text;
}

TEST_F(sentence_encoder_test, text_to_embedding_matches_reference) {
  // One at a time, then all at once.
  for (size_t i = 0; i < ref_.size(); ++i) {
    std::vector<float> out(384, std::numeric_limits<float>::quiet_NaN());
    ASSERT_EQ(enc_.embed({ref_[i].text}, out.data()), status::ok);
    expect_matches(ref_, i, out, 384, 0.9999, "alone");
  }
  std::vector<std::string_view> texts;
  for (auto& s : ref_)
    texts.push_back(s.text);
  std::vector<float> out(texts.size() * 384, std::nanf(""));
  ASSERT_EQ(enc_.embed(texts, out.data()), status::ok);
  expect_matches(ref_, 0, out, 384, 0.9999, "one batch");
}

// Shuffled reference texts in one call: each lands in its own row.
TEST_F(sentence_encoder_test, rows_follow_input_order) {
  const uint32_t seed = std::random_device{}();
  std::printf("seed %u\n", seed);
  std::mt19937 gen{seed};
  std::vector<size_t> order(ref_.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::shuffle(order.begin(), order.end(), gen);
  order.resize(8);
  std::vector<std::string_view> texts;
  for (size_t i : order)
    texts.push_back(ref_[i].text);
  std::vector<float> out(texts.size() * 384, std::nanf(""));
  ASSERT_EQ(enc_.embed(texts, out.data()), status::ok);
  for (size_t r = 0; r < order.size(); ++r)
    EXPECT_GE(cosine(out.data() + r * 384,
                     ref_[order[r]].embedding.data(), 384),
              0.9999)
      << "seed " << seed << " row " << r << ": " << ref_[order[r]].text;
}

TEST_F(sentence_encoder_test, edge_inputs) {
  EXPECT_EQ(enc_.embed({}, nullptr), status::ok);
  EXPECT_EQ(enc_.embed({"x"}, nullptr), status::invalid_argument);
  // Text far past 256 tokens is truncated, not refused; invalid UTF-8 is
  // cleaned, not refused.
  std::string huge;
  for (int i = 0; i < 2000; ++i)
    huge += "word ";
  EXPECT_EQ(enc_.count_tokens(huge), 256u);
  std::vector<float> out(2 * 384, std::nanf(""));
  ASSERT_EQ(enc_.embed({huge, "bad \xff\xfe utf-8"}, out.data()), status::ok);
  for (float f : out)
    ASSERT_TRUE(std::isfinite(f));
  sentence_encoder unloaded;
  EXPECT_EQ(unloaded.count_tokens("hello"), 0u);
  EXPECT_EQ(unloaded.embed({"hello"}, out.data()), status::invalid_argument);
}

TEST(sentence_encoder_load, errors_name_the_problem) {
  sentence_encoder enc;
  std::string err;
  EXPECT_FALSE(
    sentence_encoder::load("/nonexistent/model", encoder_backend::cpu, enc, err));
  EXPECT_NE(err.find("/nonexistent/model"), std::string::npos) << err;
  if (aip::kernels::cuda_available(nullptr))
    return; // the GPU path is tested in bert_encoder_gpu_test
  err.clear();
  EXPECT_FALSE(sentence_encoder::load(AIP_MODEL_DIR, encoder_backend::cuda_f16,
                                      enc, err));
  EXPECT_FALSE(err.empty());
}

} // namespace
