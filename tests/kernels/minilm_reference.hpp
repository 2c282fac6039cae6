#pragma once
/// The committed all-MiniLM-L6-v2 reference (tests/data/minilm_reference.json,
/// written by tools/scripts/make-embedding-reference from
/// sentence-transformers) and the helpers the encoder tests share: the model
/// folder check that fails naming tools/scripts/fetch-model, ragged batches
/// of reference ids, cosine similarity.

#include <cblas.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bert/bert_encoder.hpp"

namespace aip_test::minilm {

struct sentence {
  std::string text;
  std::vector<int32_t> ids;
  std::vector<float> embedding;
};

/// One OpenBLAS thread: on a shared, loaded machine OpenBLAS's threads wait
/// for each other's time slices (a 5 s test took 35 s with 2 threads at
/// load 6). The threaded path is measured by bench/kernels/embedding_bench.
inline void single_blas_thread() {
  openblas_set_num_threads(1);
}

/// The model folder; the test fails (not skips) when it is incomplete.
inline std::string model_dir() {
  const std::string dir = AIP_MODEL_DIR;
  for (const char* f : {"config.json", "model.safetensors", "vocab.txt"}) {
    std::ifstream in{dir + "/" + f};
    if (!in) {
      ADD_FAILURE() << dir << "/" << f
                    << " is missing: run tools/scripts/fetch-model";
      return {};
    }
  }
  return dir;
}

inline std::vector<sentence> load_reference() {
  const std::string path
    = std::string{AIP_SOURCE_DIR} + "/tests/data/minilm_reference.json";
  std::ifstream in{path};
  if (!in) {
    ADD_FAILURE() << path << " missing (tools/scripts/make-embedding-reference)";
    return {};
  }
  std::stringstream text;
  text << in.rdbuf();
  auto doc = nlohmann::json::parse(text.str());
  std::vector<sentence> out;
  for (auto& s : doc.at("sentences")) {
    sentence r;
    r.text = s.at("text").get<std::string>();
    r.ids = s.at("ids").get<std::vector<int32_t>>();
    r.embedding = s.at("embedding").get<std::vector<float>>();
    out.push_back(std::move(r));
  }
  EXPECT_GE(out.size(), 20u) << path;
  return out;
}

/// Sentences [first, first + n) as one ragged batch.
struct batch {
  std::vector<int32_t> ids;
  std::vector<size_t> offsets{0};

  batch(const std::vector<sentence>& ref, size_t first, size_t n) {
    for (size_t i = first; i < first + n; ++i) {
      ids.insert(ids.end(), ref[i].ids.begin(), ref[i].ids.end());
      offsets.push_back(ids.size());
    }
  }
  aip::kernels::token_batch view() const {
    return {ids.data(), offsets.data(), offsets.size() - 1};
  }
};

inline double cosine(const float* a, const float* b, size_t n) {
  double ab = 0, aa = 0, bb = 0;
  for (size_t i = 0; i < n; ++i) {
    ab += double{a[i]} * b[i];
    aa += double{a[i]} * a[i];
    bb += double{b[i]} * b[i];
  }
  return ab / std::sqrt(aa * bb);
}

/// Every row of `got` (count × dim) against the reference sentences
/// [first, first + count): cosine at least `min_cos` and unit length.
/// Prints and returns the lowest cosine.
inline double expect_matches(const std::vector<sentence>& ref, size_t first,
                           const std::vector<float>& got, size_t dim,
                           double min_cos, const std::string& what) {
  const size_t count = got.size() / dim;
  double worst = 1;
  for (size_t i = 0; i < count; ++i) {
    const float* row = got.data() + i * dim;
    const auto& want = ref[first + i];
    if (want.embedding.size() != dim) {
      ADD_FAILURE() << "reference sentence " << first + i << " has "
                    << want.embedding.size() << " floats, expected " << dim;
      return 0;
    }
    double norm = 0;
    for (size_t c = 0; c < dim; ++c) {
      EXPECT_TRUE(std::isfinite(row[c]))
        << what << ": sentence " << first + i << " column " << c;
      norm += double{row[c]} * row[c];
    }
    EXPECT_NEAR(std::sqrt(norm), 1.0, 1e-4) << what << ": " << want.text;
    const double cos = cosine(row, want.embedding.data(), dim);
    worst = std::min(worst, cos);
    EXPECT_GE(cos, min_cos)
      << what << ": sentence " << first + i << " \"" << want.text << "\" ("
      << want.ids.size() << " tokens)";
  }
  std::printf("%s: lowest cosine 1 - %.2e over %zu sentences\n",
              what.c_str(), 1 - worst, count);
  return worst;
}

} // namespace aip_test::minilm
