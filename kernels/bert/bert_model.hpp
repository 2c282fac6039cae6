#pragma once
/// Internal to kernels/bert: the all-MiniLM-L6-v2 weights in fp32 host
/// memory as both encoders consume them (Q, K and V fused into one
/// [3·hidden, hidden] matrix), the checked loader that reads config.json and
/// model.safetensors, and the batch validation both encode() calls share.
/// Immutable after loading: any thread may read it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bert/bert_encoder.hpp"

namespace aip::kernels {

/// The architecture this code implements; config.json must agree, except
/// for the number of layers and the vocabulary size, which it gives.
struct bert_shape {
  static constexpr size_t hidden = 384;
  static constexpr size_t heads = 12;
  static constexpr size_t head_dim = hidden / heads; // 32
  static constexpr size_t ffn = 1536;
  /// sentence-transformers' max_seq_length for this model.
  static constexpr size_t max_tokens = 256;
};

struct bert_layer {
  std::vector<float> qkv_w; // [3·hidden, hidden]: rows of Q, then K, then V
  std::vector<float> qkv_b; // [3·hidden]
  std::vector<float> out_w, out_b; // attention.output.dense [hidden, hidden]
  std::vector<float> ln1_g, ln1_b; // attention.output.LayerNorm
  std::vector<float> ffn1_w, ffn1_b; // intermediate.dense [ffn, hidden]
  std::vector<float> ffn2_w, ffn2_b; // output.dense [hidden, ffn]
  std::vector<float> ln2_g, ln2_b;   // output.LayerNorm
};

struct bert_model {
  size_t vocab = 0;
  size_t positions = 0; // max_position_embeddings
  size_t max_tokens = 0; // min(bert_shape::max_tokens, positions)
  float ln_eps = 1e-12f;
  std::vector<float> word;  // [vocab, hidden]
  std::vector<float> pos;   // [positions, hidden]
  std::vector<float> type0; // [hidden]: token_type_embeddings row 0
  std::vector<float> emb_ln_g, emb_ln_b;
  std::vector<bert_layer> layers;
};

/// Reads `model_dir`/config.json and `model_dir`/model.safetensors. False,
/// with `error` naming the file and the problem, on anything unexpected.
bool load_bert_model(const std::string& model_dir, bert_model& out,
                     std::string& error);

/// invalid_argument unless every sequence of `batch` is non-empty, at most
/// `max_tokens` long and holds ids below `vocab`, and the pointers are
/// usable; `*longest` (when not null) gets the longest sequence's length.
status check_token_batch(const token_batch& batch, float* out,
                         size_t max_tokens, size_t vocab,
                         size_t* longest = nullptr);

} // namespace aip::kernels
