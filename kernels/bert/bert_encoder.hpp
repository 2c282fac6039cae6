#pragma once
/// The all-MiniLM-L6-v2 sentence encoder (BERT, 6 layers, hidden 384, then
/// mean pooling and L2 normalisation): token ids in, unit embeddings out.
/// `bert_encoder` runs on the CPU in fp32 (OpenBLAS) and is const and
/// thread-safe; `bert_encoder_cuda` keeps fp16 or bf16 weights on the GPU
/// and serves one caller at a time (an owning actor). Host API only: no CUDA
/// types, never throws.
///
///   bert_encoder enc; std::string err;
///   if (!bert_encoder::load(model_dir, enc, err)) die(err);
///   token_batch b{ids.data(), offsets.data(), count};
///   std::vector<float> out(count * enc.dim());
///   enc.encode(b, out.data());

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/status.hpp"

namespace aip::kernels {

/// A ragged batch: sequence i is ids[offsets[i], offsets[i+1]); offsets has
/// count+1 entries. Each sequence already has [CLS]..[SEP].
struct token_batch {
  const int32_t* ids = nullptr;
  const size_t* offsets = nullptr;
  size_t count = 0;
};

enum class bert_precision : uint8_t { f32, f16, bf16 };

const char* to_string(bert_precision p);

struct bert_model; // the fp32 weights (bert/bert_model.hpp)

/// CPU, fp32. Dense layers run as one GEMM over all tokens of the batch
/// (no padding); attention runs per sequence.
class bert_encoder {
public:
  bert_encoder();
  ~bert_encoder();
  bert_encoder(bert_encoder&&) noexcept;
  bert_encoder& operator=(bert_encoder&&) noexcept;

  /// Reads config.json and model.safetensors from `model_dir`; false, with
  /// `error` naming the file and what is wrong, when either is missing,
  /// malformed or not this architecture (a missing or misshaped tensor).
  static bool load(const std::string& model_dir, bert_encoder& out,
                   std::string& error);

  /// 384.
  size_t dim() const;
  /// 256 (sentence-transformers' max_seq_length; never more than the
  /// model's position embeddings).
  size_t max_tokens() const;
  /// The vocabulary size: valid ids are 0 .. vocab_size()-1.
  size_t vocab_size() const;

  /// out: batch.count × dim() floats, mean-pooled and L2-normalised.
  /// invalid_argument for an empty sequence, a sequence longer than
  /// max_tokens(), an id outside the vocab, null pointers (with count > 0),
  /// decreasing offsets, or an encoder that was never loaded; `out` is then
  /// untouched. Thread-safe: const, with scratch per call. OpenBLAS decides
  /// the threads of the dense layers (openblas_set_num_threads).
  status encode(const token_batch& batch, float* out) const;

  /// encode() works through the batch in sub-batches of at most this many
  /// tokens (a longer sequence alone), which bounds its scratch at about
  /// 14 KB a token; default 8192. Not thread-safe: set before sharing.
  void set_chunk_tokens(size_t n);

private:
  std::shared_ptr<const bert_model> model_;
  size_t chunk_tokens_ = 8192;
};

/// GPU: weights converted to fp16 or bf16 and uploaded once at load;
/// GEMMs on cuBLAS with fp32 accumulation, LayerNorm, softmax, residuals and
/// pooling in fp32. The batch is padded to its longest sequence on the
/// device (padded keys masked). Device scratch is reused across calls and
/// only grows. One caller at a time.
class bert_encoder_cuda {
public:
  bert_encoder_cuda();
  ~bert_encoder_cuda();
  bert_encoder_cuda(bert_encoder_cuda&&) noexcept;
  bert_encoder_cuda& operator=(bert_encoder_cuda&&) noexcept;

  /// `precision` must be f16 or bf16. False, with `error` saying why, when
  /// the model cannot be read, the build has no CUDA, no device is usable,
  /// cuBLAS cannot be loaded, or the upload fails.
  static bool load(const std::string& model_dir, bert_precision precision,
                   bert_encoder_cuda& out, std::string& error);

  size_t dim() const;
  size_t max_tokens() const;
  size_t vocab_size() const;
  bert_precision precision() const;

  /// Same contract as bert_encoder::encode; out_of_memory / no_device /
  /// launch_failed / cuda_error / blas_error when the device fails (then
  /// `out` may be partly written).
  status encode(const token_batch& batch, float* out);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace aip::kernels
