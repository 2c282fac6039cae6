#include <cmath>
#include <cstddef>

#include "bert/bert_cuda_kernels.cuh"

namespace aip::kernels::bert_cuda {

namespace {

// Row kernels (LayerNorm, pooling): 128 threads, 3 of the 384 columns each,
// held in registers between the two reductions.
constexpr int row_threads = 128;
constexpr int per_thread = hidden / row_threads;
static_assert(hidden % row_threads == 0, "columns split evenly");
constexpr int elementwise_threads = 256;

__device__ inline float to_f(__half v) {
  return __half2float(v);
}
__device__ inline float to_f(__nv_bfloat16 v) {
  return __bfloat162float(v);
}
template <class T>
__device__ T from_f(float v);
template <>
__device__ inline __half from_f<__half>(float v) {
  return __float2half_rn(v);
}
template <>
__device__ inline __nv_bfloat16 from_f<__nv_bfloat16>(float v) {
  return __float2bfloat16_rn(v);
}

__device__ inline float warp_sum(float v) {
  for (int o = 16; o > 0; o >>= 1)
    v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}
__device__ inline float warp_max(float v) {
  for (int o = 16; o > 0; o >>= 1)
    v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}

// Sum over the row_threads threads of the block; every thread gets it. The
// leading barrier lets a block call it twice in a row.
__device__ float block_sum(float v) {
  __shared__ float part[row_threads / 32];
  v = warp_sum(v);
  __syncthreads();
  if (threadIdx.x % 32 == 0)
    part[threadIdx.x / 32] = v;
  __syncthreads();
  float r = 0;
#pragma unroll
  for (int w = 0; w < row_threads / 32; ++w)
    r += part[w];
  return r;
}

__device__ inline int column(int k) {
  return static_cast<int>(threadIdx.x) + k * row_threads;
}

// Two-pass LayerNorm of the row held in v; writes the fp32 row and its T
// copy (the next GEMM's operand).
template <class T>
__device__ void layer_norm_store(float (&v)[per_thread], const float* gamma,
                                 const float* beta, float eps, float* x,
                                 T* xh) {
  float s = 0;
#pragma unroll
  for (int k = 0; k < per_thread; ++k)
    s += v[k];
  const float mean = block_sum(s) * (1.0f / hidden);
  float q = 0;
#pragma unroll
  for (int k = 0; k < per_thread; ++k) {
    v[k] -= mean;
    q += v[k] * v[k];
  }
  const float rstd = rsqrtf(block_sum(q) * (1.0f / hidden) + eps);
#pragma unroll
  for (int k = 0; k < per_thread; ++k) {
    const int c = column(k);
    const float y = v[k] * rstd * gamma[c] + beta[c];
    x[c] = y;
    xh[c] = from_f<T>(y);
  }
}

template <class T>
__global__ void embed_kernel(const int32_t* __restrict__ ids, int len,
                             const T* __restrict__ word,
                             const T* __restrict__ pos,
                             const float* __restrict__ type0,
                             const float* __restrict__ gamma,
                             const float* __restrict__ beta, float eps,
                             float* __restrict__ x, T* __restrict__ xh) {
  const size_t t = blockIdx.x;
  const size_t i = t % len;
  const size_t id = static_cast<size_t>(ids[t]);
  float v[per_thread];
#pragma unroll
  for (int k = 0; k < per_thread; ++k) {
    const int c = column(k);
    v[k] = to_f(word[id * hidden + c]) + to_f(pos[i * hidden + c]) + type0[c];
  }
  layer_norm_store(v, gamma, beta, eps, x + t * hidden, xh + t * hidden);
}

template <class T>
__global__ void add_layer_norm_kernel(const float* __restrict__ y,
                                      const float* __restrict__ bias,
                                      const float* __restrict__ gamma,
                                      const float* __restrict__ beta,
                                      float eps, float* __restrict__ x,
                                      T* __restrict__ xh) {
  const size_t row = static_cast<size_t>(blockIdx.x) * hidden;
  float v[per_thread];
#pragma unroll
  for (int k = 0; k < per_thread; ++k) {
    const int c = column(k);
    v[k] = y[row + c] + bias[c] + x[row + c];
  }
  layer_norm_store(v, gamma, beta, eps, x + row, xh + row);
}

template <class T>
__global__ void split_heads_kernel(const float* __restrict__ qkv,
                                   const float* __restrict__ bias, int len,
                                   size_t n, T* __restrict__ q,
                                   T* __restrict__ k, T* __restrict__ v) {
  for (size_t e = blockIdx.x * size_t{blockDim.x} + threadIdx.x; e < n;
       e += size_t{blockDim.x} * gridDim.x) {
    const size_t t = e / (3 * hidden);
    const int c = static_cast<int>(e % (3 * hidden));
    const int which = c / hidden;
    const int h = (c % hidden) / head_dim;
    const int d = c % head_dim;
    const size_t b = t / len;
    const size_t i = t % len;
    T* dst = which == 0 ? q : which == 1 ? k : v;
    dst[((b * heads + h) * len + i) * head_dim + d] = from_f<T>(qkv[e] + bias[c]);
  }
}

// One warp per row of scores; a row of at most max_len keys stays in
// registers (max_len / 32 per lane).
template <class T>
__global__ void softmax_kernel(const float* __restrict__ scores,
                               const int32_t* __restrict__ lens, int len,
                               size_t rows, T* __restrict__ probs) {
  const size_t row = blockIdx.x * size_t{blockDim.x / 32} + threadIdx.x / 32;
  if (row >= rows)
    return; // the whole warp leaves together
  const int lane = threadIdx.x % 32;
  const int valid = lens[row / (size_t{heads} * len)];
  const float* in = scores + row * len;
  T* out = probs + row * len;
  constexpr int per_lane = max_len / 32;
  float e[per_lane];
  float m = -INFINITY;
#pragma unroll
  for (int k = 0; k < per_lane; ++k) {
    const int j = lane + 32 * k;
    e[k] = j < valid ? in[j] : -INFINITY;
    m = fmaxf(m, e[k]);
  }
  m = warp_max(m);
  float sum = 0;
#pragma unroll
  for (int k = 0; k < per_lane; ++k) {
    e[k] = lane + 32 * k < valid ? expf(e[k] - m) : 0.0f;
    sum += e[k];
  }
  const float inv = 1.0f / warp_sum(sum);
#pragma unroll
  for (int k = 0; k < per_lane; ++k)
    if (lane + 32 * k < len)
      out[lane + 32 * k] = from_f<T>(e[k] * inv);
}

template <class T>
__global__ void merge_heads_kernel(const float* __restrict__ ctx, int len,
                                   size_t n, T* __restrict__ out) {
  for (size_t e = blockIdx.x * size_t{blockDim.x} + threadIdx.x; e < n;
       e += size_t{blockDim.x} * gridDim.x) {
    const size_t t = e / hidden;
    const int c = static_cast<int>(e % hidden);
    const size_t b = t / len;
    const size_t i = t % len;
    const int h = c / head_dim;
    out[e] = from_f<T>(ctx[((b * heads + h) * len + i) * head_dim + c % head_dim]);
  }
}

template <class T>
__global__ void bias_gelu_kernel(const float* __restrict__ y,
                                 const float* __restrict__ bias, size_t n,
                                 T* __restrict__ out) {
  for (size_t e = blockIdx.x * size_t{blockDim.x} + threadIdx.x; e < n;
       e += size_t{blockDim.x} * gridDim.x) {
    const float v = y[e] + bias[e % ffn];
    out[e] = from_f<T>(0.5f * v * (1.0f + erff(v * 0.70710678118654752f)));
  }
}

__global__ void pool_kernel(const float* __restrict__ x,
                            const int32_t* __restrict__ lens, int len,
                            float* __restrict__ out) {
  const size_t b = blockIdx.x;
  const int n = lens[b];
  float v[per_thread] = {};
  for (int i = 0; i < n; ++i) {
    const float* row = x + (b * len + i) * hidden;
#pragma unroll
    for (int k = 0; k < per_thread; ++k)
      v[k] += row[column(k)];
  }
  float q = 0;
#pragma unroll
  for (int k = 0; k < per_thread; ++k) {
    v[k] /= static_cast<float>(n);
    q += v[k] * v[k];
  }
  // sentence-transformers' Normalize clamps the norm at 1e-12.
  const float inv = 1.0f / fmaxf(sqrtf(block_sum(q)), 1e-12f);
#pragma unroll
  for (int k = 0; k < per_thread; ++k)
    out[b * hidden + column(k)] = v[k] * inv;
}

unsigned grid_for(size_t n) {
  const size_t blocks = (n + elementwise_threads - 1) / elementwise_threads;
  return static_cast<unsigned>(blocks < (1u << 20) ? blocks : (1u << 20));
}

} // namespace

template <class T>
cudaError_t embed(const int32_t* ids, int batch, int len, const T* word,
                  const T* pos, const float* type0, const float* gamma,
                  const float* beta, float eps, float* x, T* xh,
                  cudaStream_t stream) {
  embed_kernel<T><<<batch * len, row_threads, 0, stream>>>(
    ids, len, word, pos, type0, gamma, beta, eps, x, xh);
  return cudaGetLastError();
}

template <class T>
cudaError_t add_layer_norm(const float* y, const float* bias, const float* gamma,
                           const float* beta, float eps, int tokens, float* x,
                           T* xh, cudaStream_t stream) {
  add_layer_norm_kernel<T><<<tokens, row_threads, 0, stream>>>(
    y, bias, gamma, beta, eps, x, xh);
  return cudaGetLastError();
}

template <class T>
cudaError_t split_heads(const float* qkv, const float* bias, int batch,
                        int len, T* q, T* k, T* v, cudaStream_t stream) {
  const size_t n = size_t(batch) * len * 3 * hidden;
  split_heads_kernel<T><<<grid_for(n), elementwise_threads, 0, stream>>>(
    qkv, bias, len, n, q, k, v);
  return cudaGetLastError();
}

template <class T>
cudaError_t masked_softmax(const float* scores, const int32_t* lens, int batch,
                           int len, T* probs, cudaStream_t stream) {
  if (len > max_len)
    return cudaErrorInvalidValue;
  const size_t rows = size_t(batch) * heads * len;
  constexpr unsigned warps = elementwise_threads / 32;
  const auto blocks = static_cast<unsigned>((rows + warps - 1) / warps);
  softmax_kernel<T><<<blocks, elementwise_threads, 0, stream>>>(
    scores, lens, len, rows, probs);
  return cudaGetLastError();
}

template <class T>
cudaError_t merge_heads(const float* ctx, int batch, int len, T* out,
                        cudaStream_t stream) {
  const size_t n = size_t(batch) * len * hidden;
  merge_heads_kernel<T><<<grid_for(n), elementwise_threads, 0, stream>>>(
    ctx, len, n, out);
  return cudaGetLastError();
}

template <class T>
cudaError_t bias_gelu(const float* y, const float* bias, int tokens, T* out,
                      cudaStream_t stream) {
  const size_t n = size_t(tokens) * ffn;
  bias_gelu_kernel<T><<<grid_for(n), elementwise_threads, 0, stream>>>(
    y, bias, n, out);
  return cudaGetLastError();
}

cudaError_t mean_pool_normalize(const float* x, const int32_t* lens, int batch,
                                int len, float* out, cudaStream_t stream) {
  pool_kernel<<<batch, row_threads, 0, stream>>>(x, lens, len, out);
  return cudaGetLastError();
}

#define AIP_BERT_CUDA_INSTANTIATE(T)                                           \
  template cudaError_t embed<T>(const int32_t*, int, int, const T*, const T*,  \
                                const float*, const float*, const float*,      \
                                float, float*, T*, cudaStream_t);              \
  template cudaError_t add_layer_norm<T>(const float*, const float*,           \
                                         const float*, const float*, float,    \
                                         int, float*, T*, cudaStream_t);       \
  template cudaError_t split_heads<T>(const float*, const float*, int, int,    \
                                      T*, T*, T*, cudaStream_t);               \
  template cudaError_t masked_softmax<T>(const float*, const int32_t*, int,    \
                                         int, T*, cudaStream_t);               \
  template cudaError_t merge_heads<T>(const float*, int, int, T*,              \
                                      cudaStream_t);                           \
  template cudaError_t bias_gelu<T>(const float*, const float*, int, T*,       \
                                    cudaStream_t);

AIP_BERT_CUDA_INSTANTIATE(__half)
AIP_BERT_CUDA_INSTANTIATE(__nv_bfloat16)
#undef AIP_BERT_CUDA_INSTANTIATE

} // namespace aip::kernels::bert_cuda
