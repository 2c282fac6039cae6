#pragma once
/// Text in, all-MiniLM-L6-v2 embeddings out: the WordPiece tokenizer
/// (kernels/text) in front of bert_encoder (CPU fp32) or bert_encoder_cuda
/// (fp16 / bf16). Owned by one actor: embed() serves one caller at a time;
/// count_tokens() is const and may be called from any thread.
///
///   sentence_encoder enc; std::string err;
///   if (!sentence_encoder::load(dir, encoder_backend::cpu, enc, err)) die(err);
///   std::vector<float> out(texts.size() * enc.dim());
///   enc.embed(texts, out.data());

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bert/bert_encoder.hpp"
#include "common/status.hpp"
#include "text/wordpiece_tokenizer.hpp"

namespace aip::kernels {

enum class encoder_backend : uint8_t { cpu, cuda_f16, cuda_bf16 };

const char* to_string(encoder_backend b);

/// The WordPiece tokenizer of a model folder: vocab.txt with the settings
/// of its tokenizer.json (BertNormalizer + WordPiece; BERT-uncased defaults
/// when the file is absent), truncating to `max_tokens`. What
/// sentence_encoder::load uses; for callers that tokenize apart from the
/// encoder (the inference agent counts tokens for its batch budget).
bool load_model_tokenizer(const std::string& model_dir, size_t max_tokens,
                          wordpiece_tokenizer& out, std::string& error);

class sentence_encoder {
public:
  sentence_encoder();
  ~sentence_encoder();
  sentence_encoder(sentence_encoder&&) noexcept;
  sentence_encoder& operator=(sentence_encoder&&) noexcept;

  /// Reads vocab.txt, tokenizer.json (its BertNormalizer and WordPiece
  /// settings; defaults when the file is absent), config.json and
  /// model.safetensors from `model_dir`. False with `error` saying why
  /// (a CUDA backend without a usable GPU included).
  static bool load(const std::string& model_dir, encoder_backend backend,
                   sentence_encoder& out, std::string& error);

  /// 384.
  size_t dim() const;
  /// The most tokens one text becomes (256, [CLS] and [SEP] included);
  /// longer texts are truncated to it.
  size_t max_tokens() const;
  encoder_backend backend() const { return backend_; }

  /// Tokens `text` would take (including [CLS]/[SEP], after truncation):
  /// the inference batcher's token budget uses it. 0 when not loaded.
  size_t count_tokens(std::string_view text) const;

  /// out: texts.size() × dim() floats, unit length. Any text is valid (the
  /// empty text is [CLS] [SEP]); invalid_argument when not loaded or `out`
  /// is null with texts to embed; the GPU statuses of bert_encoder_cuda.
  status embed(const std::vector<std::string_view>& texts, float* out);

private:
  wordpiece_tokenizer tokenizer_;
  encoder_backend backend_ = encoder_backend::cpu;
  bert_encoder cpu_;
  std::unique_ptr<bert_encoder_cuda> gpu_;
  // embed()'s token batch, kept between calls (grow only).
  std::vector<int32_t> ids_;
  std::vector<size_t> offsets_;
};

} // namespace aip::kernels
