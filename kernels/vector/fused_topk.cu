// Fused distance + top-k for small batches: no Q x N score matrix ever
// reaches device memory. A block holds up to 8 queries in shared memory,
// scores fused_chunk rows against them and sorts each query's keys in shared
// memory, writing only its best k; reduce_candidates merges the chunks.
//
// Scoring: 8 lanes share a row (16-byte loads, 128 contiguous bytes per row
// per step, so every load is coalesced), 4 rows per lane group, so each
// query vector read from shared memory feeds 4 rows of FMAs.
#include <cuda_fp16.h>

#include "common/cuda_error.cuh"
#include "vector/topk_select.cuh"

namespace aip::kernels::vector_cuda {

namespace {

constexpr uint32_t fused_threads = 256;
constexpr int lanes_per_row = 8;
constexpr int rows_per_group = 4;
constexpr size_t fused_smem_limit = 48 * 1024;

template <class E>
struct vec16;

template <>
struct vec16<float> {
  static constexpr int elems = 4;
  __device__ static void load(const float* p, float (&x)[elems]) {
    const float4 v = *reinterpret_cast<const float4*>(p);
    x[0] = v.x;
    x[1] = v.y;
    x[2] = v.z;
    x[3] = v.w;
  }
};

template <>
struct vec16<uint16_t> {
  static constexpr int elems = 8;
  __device__ static void load(const uint16_t* p, float (&x)[elems]) {
    const uint4 v = *reinterpret_cast<const uint4*>(p);
    const uint32_t w[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      __half2 h;
      memcpy(&h, &w[i], sizeof(h));
      const float2 f = __half22float2(h);
      x[2 * i] = f.x;
      x[2 * i + 1] = f.y;
    }
  }
};

size_t smem_bytes(int qg, size_t ds) {
  return static_cast<size_t>(qg) * ds * sizeof(float)
         + static_cast<size_t>(qg) * fused_chunk * sizeof(uint64_t);
}

template <class E, int QG>
__global__ void __launch_bounds__(fused_threads)
  fused_kernel(const E* __restrict__ rows, uint32_t ds, const float* queries,
               uint32_t nq, key_params kp, uint32_t k,
               uint64_t* __restrict__ cand, uint32_t chunks) {
  constexpr int EV = vec16<E>::elems;
  constexpr int R = rows_per_group;
  extern __shared__ __align__(16) unsigned char smem[];
  float* qs = reinterpret_cast<float*>(smem);
  uint64_t* keys = reinterpret_cast<uint64_t*>(smem + QG * ds * sizeof(float));
  const uint32_t chunk = blockIdx.x;
  const uint32_t q0 = blockIdx.y * QG;
  const uint32_t row0 = chunk * fused_chunk;
  for (uint32_t i = threadIdx.x; i < QG * ds; i += blockDim.x) {
    const uint32_t q = i / ds;
    qs[i] = q0 + q < nq ? queries[static_cast<size_t>(q0 + q) * ds + (i - q * ds)]
                        : 0.0f;
  }
  __syncthreads();
  const uint32_t lane = threadIdx.x % lanes_per_row;
  const uint32_t group = threadIdx.x / lanes_per_row;
  constexpr uint32_t groups = fused_threads / lanes_per_row;
  const uint32_t nvec = ds / EV;
  for (uint32_t base = group * R; base < fused_chunk; base += groups * R) {
    float acc[R][QG];
    const E* rp[R];
    bool valid[R];
#pragma unroll
    for (int r = 0; r < R; ++r) {
      const uint32_t row = row0 + base + r;
      valid[r] = row < kp.n;
      rp[r] = rows + static_cast<size_t>(valid[r] ? row : 0) * ds;
#pragma unroll
      for (int q = 0; q < QG; ++q)
        acc[r][q] = 0.0f;
    }
    for (uint32_t v = lane; v < nvec; v += lanes_per_row) {
      float x[R][EV];
#pragma unroll
      for (int r = 0; r < R; ++r) {
        if (valid[r]) {
          vec16<E>::load(rp[r] + static_cast<size_t>(v) * EV, x[r]);
        } else {
#pragma unroll
          for (int e = 0; e < EV; ++e)
            x[r][e] = 0.0f;
        }
      }
#pragma unroll
      for (int q = 0; q < QG; ++q) {
        float y[EV];
#pragma unroll
        for (int e = 0; e < EV; e += 4) {
          const float4 t =
            *reinterpret_cast<const float4*>(qs + q * ds + v * EV + e);
          y[e] = t.x;
          y[e + 1] = t.y;
          y[e + 2] = t.z;
          y[e + 3] = t.w;
        }
#pragma unroll
        for (int r = 0; r < R; ++r)
#pragma unroll
          for (int e = 0; e < EV; ++e)
            acc[r][q] = fmaf(x[r][e], y[e], acc[r][q]);
      }
    }
    // The 8 lanes of a row group are adjacent in one warp; every lane of
    // the warp runs the same number of base iterations.
#pragma unroll
    for (int r = 0; r < R; ++r)
#pragma unroll
      for (int q = 0; q < QG; ++q) {
#pragma unroll
        for (int m = lanes_per_row / 2; m > 0; m >>= 1)
          acc[r][q] += __shfl_xor_sync(0xffffffffu, acc[r][q], m);
        if (static_cast<uint32_t>((r * QG + q) % lanes_per_row) == lane)
          keys[q * fused_chunk + base + r] =
            q0 + q < nq ? key_of(kp, acc[r][q], row0 + base + r) : 0;
      }
  }
  bitonic_sort_desc(keys, QG, fused_chunk);
  for (uint32_t i = threadIdx.x; i < QG * k; i += blockDim.x) {
    const uint32_t q = i / k;
    if (q0 + q < nq)
      cand[(static_cast<size_t>(q0 + q) * chunks + chunk) * k + (i - q * k)] =
        keys[q * fused_chunk + (i - q * k)];
  }
}

template <class E, int QG>
status launch(const device_rows& rows, const float* queries, uint32_t nq,
              const key_params& kp, uint32_t k, uint64_t* cand) {
  const uint32_t chunks = chunks_of(rows.n, fused_chunk);
  const dim3 grid(chunks, (nq + QG - 1) / QG);
  fused_kernel<E, QG><<<grid, fused_threads, smem_bytes(QG, rows.ds)>>>(
    static_cast<const E*>(rows.data), static_cast<uint32_t>(rows.ds), queries,
    nq, kp, k, cand, chunks);
  AIP_KERNELS_CHECK(cudaGetLastError(), {});
  return status::ok;
}

template <class E>
status launch_typed(const device_rows& rows, const float* queries,
                    uint32_t nq, const key_params& kp, uint32_t k,
                    uint64_t* cand) {
  // The widest query group that fits shared memory and is not mostly empty.
  if (nq > 4 && smem_bytes(8, rows.ds) <= fused_smem_limit)
    return launch<E, 8>(rows, queries, nq, kp, k, cand);
  if (nq > 2 && smem_bytes(4, rows.ds) <= fused_smem_limit)
    return launch<E, 4>(rows, queries, nq, kp, k, cand);
  if (nq > 1 && smem_bytes(2, rows.ds) <= fused_smem_limit)
    return launch<E, 2>(rows, queries, nq, kp, k, cand);
  return launch<E, 1>(rows, queries, nq, kp, k, cand);
}

} // namespace

bool fused_fits(size_t ds) { return smem_bytes(1, ds) <= fused_smem_limit; }

status fused_candidates(const device_rows& rows, const float* queries,
                        uint32_t nq, const key_params& kp, uint32_t k,
                        uint64_t* cand) {
  if (k == 0 || k > fused_max_k || !fused_fits(rows.ds))
    return status::unsupported;
  if (rows.type == element::f16)
    return launch_typed<uint16_t>(rows, queries, nq, kp, k, cand);
  return launch_typed<float>(rows, queries, nq, kp, k, cand);
}

} // namespace aip::kernels::vector_cuda
