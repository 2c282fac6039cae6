// The GPU encoder's host side: weights converted to fp16/bf16 and uploaded
// once; per call the batch is cut into chunks (bounded scratch), each padded
// to its longest sequence, and run as 5 GEMMs (cuBLAS, fp32 accumulation)
// and 5 small kernels per layer on one stream.
#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>

#include "bert/bert_cuda_kernels.cuh"
#include "bert/bert_encoder.hpp"
#include "bert/bert_model.hpp"
#include "common/cublas_api.hpp"
#include "common/cuda_device.hpp"
#include "common/cuda_error.cuh"
#include "safetensors/safetensors.hpp"

namespace aip::kernels {

namespace {

namespace bc = bert_cuda;
static_assert(bc::hidden == bert_shape::hidden && bc::ffn == bert_shape::ffn
                && bc::heads == bert_shape::heads
                && bc::head_dim == bert_shape::head_dim
                && bc::max_len >= bert_shape::max_tokens,
              "kernel constants match the model");

// A chunk's tokens (batch × padded length) and sequences are bounded so
// the scratch (dominated by the [batch·heads, len, len] scores) stays
// under ~0.5 GB however large the caller's batch is.
constexpr size_t chunk_tokens = 32768;
constexpr size_t chunk_sequences = 1024;
// Offsets in the weight blobs and the scratch are multiples of this many
// bytes (cuBLAS tensor-core paths want 16; 256 matches cudaMalloc).
constexpr size_t align_bytes = 256;

size_t round_up(size_t n, size_t to) {
  return (n + to - 1) / to * to;
}

// Host copy of one device blob: tensors appended at aligned offsets.
template <class E>
struct blob {
  std::vector<E> data;
  size_t add(const E* p, size_t n) {
    data.resize(round_up(data.size(), align_bytes / sizeof(E)));
    const size_t at = data.size();
    data.insert(data.end(), p, p + n);
    return at;
  }
};

struct layer_offsets {
  // In the 16-bit blob.
  size_t qkv_w, out_w, ffn1_w, ffn2_w;
  // In the fp32 blob.
  size_t qkv_b, out_b, ln1_g, ln1_b, ffn1_b, ffn2_b, ln2_g, ln2_b;
};

struct chunk {
  size_t first, count, len; // len: the longest sequence rounded up to 8
};

// Byte offsets of one chunk's buffers inside the scratch allocation.
struct scratch_layout {
  size_t ids, x, xh, wide, qkvh, half_b, out, total;

  scratch_layout(size_t batch, size_t len) {
    const size_t t = batch * len;
    const size_t scores = batch * bert_shape::heads * len * len;
    size_t at = 0;
    auto take = [&](size_t bytes) {
      const size_t here = at;
      at = round_up(at + bytes, align_bytes);
      return here;
    };
    ids = take((t + batch) * sizeof(int32_t)); // padded ids, then lengths
    x = take(t * bert_shape::hidden * sizeof(float));
    xh = take(t * bert_shape::hidden * 2);
    wide = take(std::max({t * 3 * bert_shape::hidden, scores,
                          t * bert_shape::ffn})
                * sizeof(float));
    qkvh = take(3 * t * bert_shape::hidden * 2);
    half_b = take(std::max(scores, t * bert_shape::ffn) * 2);
    out = take(batch * bert_shape::hidden * sizeof(float));
    total = at;
  }
};

} // namespace

struct bert_encoder_cuda::impl {
  bert_precision precision = bert_precision::f16;
  size_t vocab = 0;
  size_t max_tokens = 0;
  float eps = 1e-12f;
  size_t word = 0, pos = 0;                  // 16-bit blob
  size_t type0 = 0, emb_ln_g = 0, emb_ln_b = 0; // fp32 blob
  std::vector<layer_offsets> layers;
  uint16_t* w16 = nullptr;
  float* w32 = nullptr;
  cudaStream_t stream = nullptr;
  char* scratch = nullptr;
  size_t scratch_bytes = 0;
  std::vector<int32_t> staging; // one chunk's padded ids and lengths
  std::vector<chunk> chunks;

  ~impl() {
    // Errors while releasing cannot be reported; the memory is gone anyway.
    if (scratch != nullptr)
      cudaFree(scratch);
    if (w16 != nullptr)
      cudaFree(w16);
    if (w32 != nullptr)
      cudaFree(w32);
    if (stream != nullptr)
      cudaStreamDestroy(stream);
  }

  void pack(const bert_model& m, blob<uint16_t>& h, blob<float>& f) {
    const bool bf16 = precision == bert_precision::bf16;
    std::vector<uint16_t> tmp;
    auto add16 = [&](const std::vector<float>& v) {
      tmp.resize(v.size());
      for (size_t i = 0; i < v.size(); ++i)
        tmp[i] = bf16 ? f32_to_bf16(v[i]) : f32_to_f16(v[i]);
      return h.add(tmp.data(), tmp.size());
    };
    auto add32 = [&](const std::vector<float>& v) {
      return f.add(v.data(), v.size());
    };
    word = add16(m.word);
    pos = add16(m.pos);
    type0 = add32(m.type0);
    emb_ln_g = add32(m.emb_ln_g);
    emb_ln_b = add32(m.emb_ln_b);
    for (auto& l : m.layers)
      layers.push_back({add16(l.qkv_w), add16(l.out_w), add16(l.ffn1_w),
                        add16(l.ffn2_w), add32(l.qkv_b), add32(l.out_b),
                        add32(l.ln1_g), add32(l.ln1_b), add32(l.ffn1_b),
                        add32(l.ffn2_b), add32(l.ln2_g), add32(l.ln2_b)});
  }

  // Cuts the batch into chunks and grows the scratch to the largest.
  status plan(const token_batch& batch) {
    chunks.clear();
    size_t need = 0;
    for (size_t i = 0; i < batch.count;) {
      chunk c{i, 0, 0};
      while (i < batch.count && c.count < chunk_sequences) {
        const size_t n = batch.offsets[i + 1] - batch.offsets[i];
        const size_t len = round_up(std::max(c.len, n), 8);
        if (c.count > 0 && (c.count + 1) * len > chunk_tokens)
          break;
        c.len = len;
        ++c.count;
        ++i;
      }
      need = std::max(need, scratch_layout{c.count, c.len}.total);
      chunks.push_back(c);
    }
    if (need > scratch_bytes) {
      char* old = scratch;
      scratch = nullptr;
      scratch_bytes = 0;
      if (old != nullptr)
        AIP_KERNELS_CHECK(cudaFree(old), );
      AIP_KERNELS_CHECK(cudaMalloc(&scratch, need), scratch = nullptr);
      scratch_bytes = need;
    }
    return status::ok;
  }

  template <class T>
  status run(const token_batch& batch, const chunk& c, float* out,
             cublasHandle_t handle, const cublas_api& api);
};

namespace {

template <class T>
constexpr cudaDataType cuda_type() {
  return std::is_same_v<T, __half> ? CUDA_R_16F : CUDA_R_16BF;
}

// out[tokens, n] (fp32) = in[tokens, k] · w[n, k]ᵀ. cuBLAS is column-major:
// this is outᵀ = w · inᵀ with w read transposed.
template <class T>
status linear(cublasHandle_t h, const cublas_api& api, const T* in,
              const uint16_t* w, float* out, int tokens, int n, int k) {
  const float one = 1.0f, zero = 0.0f;
  AIP_KERNELS_CHECK_CUBLAS(
    api.gemm_ex(h, CUBLAS_OP_T, CUBLAS_OP_N, n, tokens, k, &one, w,
                cuda_type<T>(), k, in, cuda_type<T>(), k, &zero, out,
                CUDA_R_32F, n, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT), );
  return status::ok;
}

} // namespace

template <class T>
status bert_encoder_cuda::impl::run(const token_batch& batch, const chunk& c,
                                    float* out, cublasHandle_t handle,
                                    const cublas_api& api) {
  const int b = static_cast<int>(c.count);
  const int len = static_cast<int>(c.len);
  const int t = b * len;
  const int bh = b * static_cast<int>(bert_shape::heads);
  const int hd = static_cast<int>(bert_shape::head_dim);
  constexpr int hidden = bc::hidden;
  constexpr int ffn = bc::ffn;

  staging.assign(size_t(t) + b, 0); // pad id 0 ([PAD])
  for (size_t i = 0; i < c.count; ++i) {
    const size_t from = batch.offsets[c.first + i];
    const size_t n = batch.offsets[c.first + i + 1] - from;
    std::copy(batch.ids + from, batch.ids + from + n,
              staging.begin() + i * c.len);
    staging[size_t(t) + i] = static_cast<int32_t>(n);
  }
  const scratch_layout at{c.count, c.len};
  auto* ids = reinterpret_cast<int32_t*>(scratch + at.ids);
  const int32_t* lens = ids + t;
  auto* x = reinterpret_cast<float*>(scratch + at.x);
  auto* xh = reinterpret_cast<T*>(scratch + at.xh);
  auto* wide = reinterpret_cast<float*>(scratch + at.wide);
  auto* q = reinterpret_cast<T*>(scratch + at.qkvh);
  T* k = q + size_t(t) * hidden;
  T* v = k + size_t(t) * hidden;
  auto* half_b = reinterpret_cast<T*>(scratch + at.half_b);
  auto* pooled = reinterpret_cast<float*>(scratch + at.out);
  auto w = [&](size_t off) { return w16 + off; };
  auto f = [&](size_t off) { return w32 + off; };

  AIP_KERNELS_CHECK(cudaMemcpyAsync(ids, staging.data(),
                                    staging.size() * sizeof(int32_t),
                                    cudaMemcpyHostToDevice, stream), );
  AIP_KERNELS_CHECK(
    bc::embed<T>(ids, b, len, reinterpret_cast<const T*>(w(word)),
                 reinterpret_cast<const T*>(w(pos)), f(type0), f(emb_ln_g),
                 f(emb_ln_b), eps, x, xh, stream), );
  const float scale = 1.0f / std::sqrt(static_cast<float>(hd));
  const float one = 1.0f, zero = 0.0f;
  const long long per_head = static_cast<long long>(len) * hd;
  const long long per_scores = static_cast<long long>(len) * len;
  for (const layer_offsets& l : layers) {
    if (auto s = linear(handle, api, xh, w(l.qkv_w), wide, t, 3 * hidden,
                        hidden);
        s != status::ok)
      return s;
    AIP_KERNELS_CHECK(bc::split_heads<T>(wide, f(l.qkv_b), b, len, q, k, v,
                                         stream), );
    // scores[bh][i][j] = scale · q_i · k_j (row-major [len, len]).
    AIP_KERNELS_CHECK_CUBLAS(
      api.gemm_strided_batched_ex(
        handle, CUBLAS_OP_T, CUBLAS_OP_N, len, len, hd, &scale, k,
        cuda_type<T>(), hd, per_head, q, cuda_type<T>(), hd, per_head, &zero,
        wide, CUDA_R_32F, len, per_scores, bh, CUBLAS_COMPUTE_32F,
        CUBLAS_GEMM_DEFAULT), );
    AIP_KERNELS_CHECK(bc::masked_softmax<T>(wide, lens, b, len, half_b,
                                            stream), );
    // ctx[bh][i] = Σ_j p[bh][i][j] · v_j (row-major [len, 32]).
    AIP_KERNELS_CHECK_CUBLAS(
      api.gemm_strided_batched_ex(
        handle, CUBLAS_OP_N, CUBLAS_OP_N, hd, len, len, &one, v,
        cuda_type<T>(), hd, per_head, half_b, cuda_type<T>(), len, per_scores,
        &zero, wide, CUDA_R_32F, hd, per_head, bh, CUBLAS_COMPUTE_32F,
        CUBLAS_GEMM_DEFAULT), );
    AIP_KERNELS_CHECK(bc::merge_heads<T>(wide, b, len, half_b, stream), );
    if (auto s = linear(handle, api, half_b, w(l.out_w), wide, t, hidden,
                        hidden);
        s != status::ok)
      return s;
    AIP_KERNELS_CHECK(bc::add_layer_norm<T>(wide, f(l.out_b), f(l.ln1_g),
                                            f(l.ln1_b), eps, t, x, xh,
                                            stream), );
    if (auto s = linear(handle, api, xh, w(l.ffn1_w), wide, t, ffn, hidden);
        s != status::ok)
      return s;
    AIP_KERNELS_CHECK(bc::bias_gelu<T>(wide, f(l.ffn1_b), t, half_b,
                                       stream), );
    if (auto s = linear(handle, api, half_b, w(l.ffn2_w), wide, t, hidden,
                        ffn);
        s != status::ok)
      return s;
    AIP_KERNELS_CHECK(bc::add_layer_norm<T>(wide, f(l.ffn2_b), f(l.ln2_g),
                                            f(l.ln2_b), eps, t, x, xh,
                                            stream), );
  }
  AIP_KERNELS_CHECK(bc::mean_pool_normalize(x, lens, b, len, pooled,
                                            stream), );
  AIP_KERNELS_CHECK(cudaMemcpyAsync(out + c.first * hidden, pooled,
                                    c.count * hidden * sizeof(float),
                                    cudaMemcpyDeviceToHost, stream), );
  return status::ok;
}

bert_encoder_cuda::bert_encoder_cuda() = default;
bert_encoder_cuda::~bert_encoder_cuda() = default;
bert_encoder_cuda::bert_encoder_cuda(bert_encoder_cuda&&) noexcept = default;
bert_encoder_cuda&
bert_encoder_cuda::operator=(bert_encoder_cuda&&) noexcept = default;

bool bert_encoder_cuda::load(const std::string& model_dir,
                             bert_precision precision, bert_encoder_cuda& out,
                             std::string& error) {
  const std::string who = "bert_encoder_cuda: ";
  if (precision != bert_precision::f16 && precision != bert_precision::bf16) {
    error = who + "precision must be f16 or bf16 (f32 is bert_encoder)";
    return false;
  }
  std::string why;
  if (!cuda_available(&why) || cublas(&why) == nullptr) {
    error = who + why;
    return false;
  }
  status st = status::ok;
  if (cublas_handle(&st) == nullptr) {
    error = who + "cannot create a cuBLAS handle: " + to_string(st);
    return false;
  }
  auto p = std::make_unique<impl>();
  blob<uint16_t> h;
  blob<float> f;
  {
    bert_model m;
    if (!load_bert_model(model_dir, m, error))
      return false;
    p->precision = precision;
    p->vocab = m.vocab;
    p->max_tokens = m.max_tokens;
    p->eps = m.ln_eps;
    p->pack(m, h, f);
  } // the fp32 host weights go before the upload
  auto check = [&](cudaError_t e, const char* what) {
    if (e != cudaSuccess)
      error = who + what + ": " + cudaGetErrorName(e) + " ("
              + cudaGetErrorString(e) + ")";
    return e == cudaSuccess;
  };
  if (!check(cudaStreamCreateWithFlags(&p->stream, cudaStreamNonBlocking),
             "cudaStreamCreate")
      || !check(cudaMalloc(&p->w16, h.data.size() * sizeof(uint16_t)),
                "cudaMalloc (16-bit weights)")
      || !check(cudaMalloc(&p->w32, f.data.size() * sizeof(float)),
                "cudaMalloc (fp32 weights)")
      || !check(cudaMemcpy(p->w16, h.data.data(),
                           h.data.size() * sizeof(uint16_t),
                           cudaMemcpyHostToDevice),
                "upload")
      || !check(cudaMemcpy(p->w32, f.data.data(), f.data.size() * sizeof(float),
                           cudaMemcpyHostToDevice),
                "upload"))
    return false;
  out.impl_ = std::move(p);
  return true;
}

size_t bert_encoder_cuda::dim() const {
  return bert_shape::hidden;
}
size_t bert_encoder_cuda::max_tokens() const {
  return impl_ ? impl_->max_tokens : 0;
}
size_t bert_encoder_cuda::vocab_size() const {
  return impl_ ? impl_->vocab : 0;
}
bert_precision bert_encoder_cuda::precision() const {
  return impl_ ? impl_->precision : bert_precision::f16;
}

status bert_encoder_cuda::encode(const token_batch& batch, float* out) {
  if (!impl_)
    return status::invalid_argument;
  if (auto st = check_token_batch(batch, out, impl_->max_tokens, impl_->vocab);
      st != status::ok || batch.count == 0)
    return st;
  status st = status::ok;
  cublasHandle_t handle = cublas_handle(&st);
  const cublas_api* api = cublas(nullptr);
  if (handle == nullptr || api == nullptr)
    return st != status::ok ? st : status::no_device;
  // The launchers report cudaGetLastError(): drop a stale error that an
  // earlier failed call (a cudaMalloc of a previous encode) left behind.
  cudaGetLastError();
  AIP_KERNELS_CHECK_CUBLAS(api->set_stream(handle, impl_->stream), );
  if (auto s = impl_->plan(batch); s != status::ok)
    return s;
  for (const chunk& c : impl_->chunks) {
    const status s = impl_->precision == bert_precision::bf16
                       ? impl_->run<__nv_bfloat16>(batch, c, out, handle, *api)
                       : impl_->run<__half>(batch, c, out, handle, *api);
    if (s != status::ok) {
      // Leave the stream idle so the next call starts clean.
      cudaStreamSynchronize(impl_->stream);
      return s;
    }
  }
  AIP_KERNELS_CHECK(cudaStreamSynchronize(impl_->stream), );
  // A kernel fault surfaces at the synchronisation or later; ask once more.
  AIP_KERNELS_CHECK(cudaGetLastError(), );
  return status::ok;
}

} // namespace aip::kernels
