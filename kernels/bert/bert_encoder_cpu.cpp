#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "bert/bert_cpu_ops.hpp"
#include "bert/bert_encoder.hpp"
#include "bert/bert_model.hpp"

namespace aip::kernels {

namespace {

constexpr size_t hidden = bert_shape::hidden;
constexpr size_t ffn_cols = bert_shape::ffn;
constexpr size_t heads = bert_shape::heads;
constexpr size_t head_dim = bert_shape::head_dim;
constexpr size_t qkv_cols = 3 * hidden;

// out[T, n] = in[T, k] · w[n, k]ᵀ (PyTorch Linear weights are [out, in]).
void linear(const float* in, size_t t, size_t k, const std::vector<float>& w,
            size_t n, float* out) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(t),
              static_cast<int>(n), static_cast<int>(k), 1.0f, in,
              static_cast<int>(k), w.data(), static_cast<int>(k), 0.0f, out,
              static_cast<int>(n));
}

// Per-call activations: all tokens of the batch packed row after row, so
// every dense layer is one GEMM with no padding.
struct scratch {
  // Not value-initialised: every element is written before it is read.
  std::unique_ptr<float[]> buf;
  float* x;   // [T, hidden] the residual stream
  float* qkv; // [T, 3·hidden]
  float* ctx; // [T, hidden] attention output, then the dense layers' output
  float* ffn; // [T, ffn_cols]
  float* scores; // [longest, longest]

  scratch(size_t t, size_t longest)
    : buf(new float[t * (hidden + qkv_cols + hidden + ffn_cols)
                    + longest * longest]) {
    x = buf.get();
    qkv = x + t * hidden;
    ctx = qkv + t * qkv_cols;
    ffn = ctx + t * hidden;
    scores = ffn + t * ffn_cols;
  }
};

// Attention of one sequence (rows [0, len) of qkv), written into ctx. The
// softmax runs over this sequence only, so no padding mask exists.
void attend(const float* qkv, size_t len, float* scores, float* ctx,
            const bert_cpu_ops& ops) {
  const int n = static_cast<int>(len);
  const int ld = static_cast<int>(qkv_cols);
  const float scale = 1.0f / std::sqrt(static_cast<float>(head_dim));
  for (size_t h = 0; h < heads; ++h) {
    const float* q = qkv + h * head_dim;
    const float* k = q + hidden;
    const float* v = k + hidden;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n,
                static_cast<int>(head_dim), 1.0f, q, ld, k, ld, 0.0f, scores,
                n);
    ops.softmax(scores, len, len, len, scale);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n,
                static_cast<int>(head_dim), n, 1.0f, scores, n, v, ld, 0.0f,
                ctx + h * head_dim, static_cast<int>(hidden));
  }
}

void run_layer(const bert_layer& l, float eps, const token_batch& batch,
               size_t t, scratch& s, const bert_cpu_ops& ops) {
  linear(s.x, t, hidden, l.qkv_w, qkv_cols, s.qkv);
  ops.add_bias(s.qkv, l.qkv_b.data(), t, qkv_cols);
  const size_t base = batch.offsets[0];
  for (size_t i = 0; i < batch.count; ++i) {
    const size_t row = batch.offsets[i] - base;
    attend(s.qkv + row * qkv_cols, batch.offsets[i + 1] - batch.offsets[i],
           s.scores, s.ctx + row * hidden, ops);
  }
  // ctx is dead once projected: the projection lands in qkv's space.
  float* proj = s.qkv;
  linear(s.ctx, t, hidden, l.out_w, hidden, proj);
  ops.add_layer_norm(proj, s.x, l.out_b.data(), l.ln1_g.data(),
                     l.ln1_b.data(), eps, t, hidden, s.x);
  linear(s.x, t, hidden, l.ffn1_w, ffn_cols, s.ffn);
  ops.bias_gelu(s.ffn, l.ffn1_b.data(), t, ffn_cols);
  linear(s.ffn, t, ffn_cols, l.ffn2_w, hidden, proj);
  ops.add_layer_norm(proj, s.x, l.ffn2_b.data(), l.ln2_g.data(),
                     l.ln2_b.data(), eps, t, hidden, s.x);
}

void embed(const bert_model& m, const token_batch& batch, scratch& s,
           const bert_cpu_ops& ops) {
  const size_t base = batch.offsets[0];
  for (size_t i = 0; i < batch.count; ++i) {
    const size_t b = batch.offsets[i];
    const size_t len = batch.offsets[i + 1] - b;
    float* x = s.x + (b - base) * hidden;
    for (size_t j = 0; j < len; ++j) {
      const float* w = m.word.data() + size_t(batch.ids[b + j]) * hidden;
      std::copy(w, w + hidden, x + j * hidden);
    }
    // Positions 0..len-1 are consecutive rows of the position table.
    ops.add_layer_norm(x, m.pos.data(), m.type0.data(), m.emb_ln_g.data(),
                       m.emb_ln_b.data(), m.ln_eps, len, hidden, x);
  }
}

void pool(const token_batch& batch, const float* x, float* out) {
  const size_t base = batch.offsets[0];
  for (size_t i = 0; i < batch.count; ++i) {
    const size_t len = batch.offsets[i + 1] - batch.offsets[i];
    const float* rows = x + (batch.offsets[i] - base) * hidden;
    float* o = out + i * hidden;
    std::fill(o, o + hidden, 0.0f);
    for (size_t j = 0; j < len; ++j)
      for (size_t c = 0; c < hidden; ++c)
        o[c] += rows[j * hidden + c];
    // Mean then L2: the mean's 1/len cancels in the normalisation, but
    // dividing first keeps the intermediate in the reference's range.
    double norm = 0;
    for (size_t c = 0; c < hidden; ++c) {
      o[c] /= static_cast<float>(len);
      norm += double{o[c]} * o[c];
    }
    // sentence-transformers' Normalize clamps the norm at 1e-12.
    const float inv = 1.0f / std::max(static_cast<float>(std::sqrt(norm)),
                                      1e-12f);
    for (size_t c = 0; c < hidden; ++c)
      o[c] *= inv;
  }
}

} // namespace

bert_encoder::bert_encoder() = default;
bert_encoder::~bert_encoder() = default;
bert_encoder::bert_encoder(bert_encoder&&) noexcept = default;
bert_encoder& bert_encoder::operator=(bert_encoder&&) noexcept = default;

bool bert_encoder::load(const std::string& model_dir, bert_encoder& out,
                        std::string& error) {
  auto m = std::make_shared<bert_model>();
  if (!load_bert_model(model_dir, *m, error))
    return false;
  out.model_ = std::move(m);
  return true;
}

size_t bert_encoder::dim() const {
  return hidden;
}

size_t bert_encoder::max_tokens() const {
  return model_ ? model_->max_tokens : 0;
}

void bert_encoder::set_chunk_tokens(size_t n) {
  chunk_tokens_ = std::max<size_t>(n, 1);
}

size_t bert_encoder::vocab_size() const {
  return model_ ? model_->vocab : 0;
}

status bert_encoder::encode(const token_batch& batch, float* out) const {
  if (!model_)
    return status::invalid_argument;
  size_t longest = 0;
  if (auto st = check_token_batch(batch, out, model_->max_tokens,
                                  model_->vocab, &longest);
      st != status::ok || batch.count == 0)
    return st;
  const bert_cpu_ops& ops = bert_cpu_ops_best();
  // Sub-batches bound the scratch; GEMMs of 8192 rows (the default)
  // already run at full speed.
  for (size_t first = 0; first < batch.count;) {
    size_t n = 1;
    while (first + n < batch.count
           && batch.offsets[first + n + 1] - batch.offsets[first]
                <= chunk_tokens_)
      ++n;
    const token_batch part{batch.ids, batch.offsets + first, n};
    const size_t t = part.offsets[n] - part.offsets[0];
    scratch s{t, longest};
    embed(*model_, part, s, ops);
    for (auto& l : model_->layers)
      run_layer(l, model_->ln_eps, part, t, s, ops);
    pool(part, s.x, out + first * hidden);
    first += n;
  }
  return status::ok;
}

} // namespace aip::kernels
