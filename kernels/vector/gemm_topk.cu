// The GEMM path for large batches: cuBLAS scores a tile of rows against the
// whole query batch (fp32, TF32 or fp16 inputs, fp32 accumulation and
// output) into a scratch tile, then a select kernel sorts select_chunk keys
// per query in shared memory and keeps the best k; reduce_candidates merges
// the chunks of all tiles.
#include <cuda_fp16.h>

#include <algorithm>
#include <climits>

#include "common/cublas_api.hpp"
#include "common/cuda_error.cuh"
#include "vector/topk_select.cuh"

namespace aip::kernels::vector_cuda {

namespace {

constexpr uint32_t tile_rows = 8 * select_chunk;
constexpr uint32_t select_threads = 512;

__global__ void __launch_bounds__(select_threads)
  select_kernel(const float* __restrict__ c, uint32_t count, uint32_t row0,
                key_params kp, uint32_t k, uint64_t* __restrict__ cand,
                uint32_t chunks, uint32_t chunk0) {
  __shared__ uint64_t keys[select_chunk];
  const uint32_t q = blockIdx.y;
  const uint32_t first = blockIdx.x * select_chunk;
  const float* col = c + static_cast<size_t>(q) * tile_rows;
  for (uint32_t i = threadIdx.x; i < select_chunk; i += blockDim.x) {
    const uint32_t r = first + i;
    keys[i] = r < count ? key_of(kp, col[r], row0 + r) : 0;
  }
  bitonic_sort_desc(keys, 1, select_chunk);
  uint64_t* dst =
    cand + (static_cast<size_t>(q) * chunks + chunk0 + blockIdx.x) * k;
  for (uint32_t i = threadIdx.x; i < k; i += blockDim.x)
    dst[i] = keys[i];
}

__global__ void f16_to_f32_kernel(const __half* __restrict__ in,
                                  float* __restrict__ out, size_t n) {
  for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
       i < n; i += static_cast<size_t>(blockDim.x) * gridDim.x)
    out[i] = __half2float(in[i]);
}

__global__ void f32_to_f16_kernel(const float* __restrict__ in,
                                  __half* __restrict__ out, size_t n) {
  for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
       i < n; i += static_cast<size_t>(blockDim.x) * gridDim.x)
    out[i] = __float2half_rn(in[i]);
}

unsigned grid_for(size_t n) {
  return static_cast<unsigned>(std::min<size_t>((n + 255) / 256, 65535));
}

} // namespace

status gemm_candidates(const device_rows& rows, const float* queries,
                       uint32_t nq, gemm_precision precision,
                       const key_params& kp, uint32_t k, gemm_workspace& ws,
                       uint64_t* cand) {
  if (k == 0 || k > select_chunk || rows.ds > INT_MAX
      || nq > INT_MAX / tile_rows)
    return status::unsupported;
  std::string why;
  const cublas_api* api = cublas(&why);
  if (api == nullptr)
    return status::no_device;
  status st = status::ok;
  cublasHandle_t handle = cublas_handle(&st);
  if (handle == nullptr)
    return st;
  const bool half_inputs = precision == gemm_precision::f16;
  const bool rows_f16 = rows.type == element::f16;
  if (auto s = ws.tile.ensure(size_t{nq} * tile_rows * sizeof(float));
      s != status::ok)
    return s;
  const void* b = queries;
  if (half_inputs) {
    const size_t count = size_t{nq} * rows.ds;
    if (auto s = ws.queries_f16.ensure(count * sizeof(__half)); s != status::ok)
      return s;
    f32_to_f16_kernel<<<grid_for(count), 256>>>(queries,
                                                ws.queries_f16.as<__half>(),
                                                count);
    AIP_KERNELS_CHECK(cudaGetLastError(), {});
    b = ws.queries_f16.ptr;
  }
  // Rows stored in the other type are widened / narrowed a tile at a time.
  const bool convert = rows_f16 != half_inputs;
  if (convert) {
    const size_t elem = half_inputs ? sizeof(__half) : sizeof(float);
    if (auto s = ws.conv.ensure(size_t{tile_rows} * rows.ds * elem);
        s != status::ok)
      return s;
  }
  const cudaDataType in_type = half_inputs ? CUDA_R_16F : CUDA_R_32F;
  const cublasComputeType_t compute = precision == gemm_precision::tf32
                                        ? CUBLAS_COMPUTE_32F_FAST_TF32
                                        : CUBLAS_COMPUTE_32F;
  const uint32_t chunks = chunks_of(rows.n, select_chunk);
  const int ld = static_cast<int>(rows.ds);
  const float one = 1.0f, zero = 0.0f;
  const size_t esize = rows_f16 ? sizeof(__half) : sizeof(float);
  for (uint32_t r0 = 0; r0 < rows.n; r0 += tile_rows) {
    const uint32_t count = std::min(tile_rows, rows.n - r0);
    const void* a =
      static_cast<const unsigned char*>(rows.data) + size_t{r0} * rows.ds * esize;
    if (convert) {
      const size_t elems = size_t{count} * rows.ds;
      if (half_inputs)
        f32_to_f16_kernel<<<grid_for(elems), 256>>>(
          static_cast<const float*>(a), ws.conv.as<__half>(), elems);
      else
        f16_to_f32_kernel<<<grid_for(elems), 256>>>(
          static_cast<const __half*>(a), ws.conv.as<float>(), elems);
      AIP_KERNELS_CHECK(cudaGetLastError(), {});
      a = ws.conv.ptr;
    }
    // Column-major view: rows are a ds x count matrix, queries ds x nq;
    // C = rows^T * queries is count x nq with ld tile_rows, i.e. row-major
    // [query][row].
    AIP_KERNELS_CHECK_CUBLAS(
      api->gemm_ex(handle, CUBLAS_OP_T, CUBLAS_OP_N, static_cast<int>(count),
                   static_cast<int>(nq), static_cast<int>(rows.d), &one, a,
                   in_type, ld, b, in_type, ld, &zero, ws.tile.ptr, CUDA_R_32F,
                   static_cast<int>(tile_rows), compute, CUBLAS_GEMM_DEFAULT),
      {});
    const dim3 grid(chunks_of(count, select_chunk), nq);
    select_kernel<<<grid, select_threads>>>(ws.tile.as<float>(), count, r0, kp,
                                            k, cand, chunks,
                                            r0 / select_chunk);
    AIP_KERNELS_CHECK(cudaGetLastError(), {});
  }
  return status::ok;
}

} // namespace aip::kernels::vector_cuda
