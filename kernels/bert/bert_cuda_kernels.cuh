#pragma once
/// Internal to kernels/bert (the .cu files only): the element-wise CUDA
/// kernels of the GPU encoder, each behind a host launcher that enqueues it
/// on `stream` and returns the launch status. T is __half or __nv_bfloat16
/// (GEMM operands); everything accumulated (LayerNorm, softmax, residual
/// stream, pooling) is fp32. Layouts: a chunk of `batch` sequences padded to
/// `len` tokens (a multiple of 8), token t = b·len + i; per-head tensors are
/// [batch·heads, len, head_dim].

#include <cstdint>

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime_api.h>

namespace aip::kernels::bert_cuda {

constexpr int hidden = 384;
constexpr int heads = 12;
constexpr int head_dim = 32;
constexpr int ffn = 1536;
/// Longest padded sequence the softmax kernel holds in registers.
constexpr int max_len = 256;

/// x = LayerNorm(word[ids[t]] + pos[i] + type0) in fp32, xh = x as T.
template <class T>
cudaError_t embed(const int32_t* ids, int batch, int len, const T* word,
                  const T* pos, const float* type0, const float* gamma,
                  const float* beta, float eps, float* x, T* xh,
                  cudaStream_t stream);

/// x = LayerNorm(y + bias + x) in fp32 (y the dense layer's output), xh = x
/// as T.
template <class T>
cudaError_t add_layer_norm(const float* y, const float* bias, const float* gamma,
                           const float* beta, float eps, int tokens, float* x,
                           T* xh, cudaStream_t stream);

/// qkv [tokens, 3·hidden] + bias → q, k, v, each [batch·heads, len, 32].
template <class T>
cudaError_t split_heads(const float* qkv, const float* bias, int batch,
                        int len, T* q, T* k, T* v, cudaStream_t stream);

/// Rows of scores [batch·heads·len, len] (already scaled) → probabilities,
/// keys at i >= lens[b] masked to 0.
template <class T>
cudaError_t masked_softmax(const float* scores, const int32_t* lens, int batch,
                           int len, T* probs, cudaStream_t stream);

/// ctx [batch·heads, len, 32] → out [tokens, hidden].
template <class T>
cudaError_t merge_heads(const float* ctx, int batch, int len, T* out,
                        cudaStream_t stream);

/// out = gelu(y + bias) (exact erf form) over [tokens, ffn].
template <class T>
cudaError_t bias_gelu(const float* y, const float* bias, int tokens, T* out,
                      cudaStream_t stream);

/// out[b] = normalise(mean of x rows b·len .. b·len + lens[b] - 1).
cudaError_t mean_pool_normalize(const float* x, const int32_t* lens, int batch,
                                int len, float* out, cudaStream_t stream);

} // namespace aip::kernels::bert_cuda
