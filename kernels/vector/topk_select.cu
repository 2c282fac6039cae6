// The merge stage both paths end with, and the device buffers they share.
// Each level sorts groups of candidate lists in shared memory (at most 4096
// keys per block) and keeps the best k, until one list per query is left.
#include <algorithm>

#include "common/cuda_error.cuh"
#include "vector/topk_select.cuh"

namespace aip::kernels::vector_cuda {

namespace {

constexpr uint32_t reduce_threads = 512;
constexpr uint32_t reduce_keys = 4096;

uint32_t pow2_at_least(uint32_t x) {
  uint32_t p = 1;
  while (p < x)
    p <<= 1;
  return p;
}

__global__ void __launch_bounds__(reduce_threads)
  reduce_kernel(const uint64_t* __restrict__ in, uint32_t lists_in,
                uint32_t k, uint32_t group, uint32_t p,
                uint64_t* __restrict__ out, uint32_t lists_out) {
  extern __shared__ uint64_t keys[];
  const uint32_t q = blockIdx.y;
  const uint32_t first = blockIdx.x * group;
  const uint32_t count = min(group, lists_in - first) * k;
  const uint64_t* src = in + (static_cast<size_t>(q) * lists_in + first) * k;
  for (uint32_t i = threadIdx.x; i < p; i += blockDim.x)
    keys[i] = i < count ? src[i] : 0;
  bitonic_sort_desc(keys, 1, p);
  uint64_t* dst = out + (static_cast<size_t>(q) * lists_out + blockIdx.x) * k;
  for (uint32_t i = threadIdx.x; i < k; i += blockDim.x)
    dst[i] = keys[i];
}

} // namespace

status device_buffer::ensure(size_t want) {
  if (want <= bytes)
    return status::ok;
  release();
  AIP_KERNELS_CHECK(cudaMalloc(&ptr, want), ptr = nullptr);
  bytes = want;
  return status::ok;
}

void device_buffer::release() {
  // A failed free cannot be reported better than the error that follows.
  if (ptr != nullptr)
    cudaFree(ptr);
  ptr = nullptr;
  bytes = 0;
}

void gemm_workspace::release() {
  tile.release();
  conv.release();
  queries_f16.release();
}

status reduce_candidates(uint64_t* a, uint64_t* b, uint32_t nq,
                         uint32_t lists, uint32_t k, uint64_t** result) {
  const uint32_t group = std::max<uint32_t>(2, reduce_keys / pow2_at_least(k));
  while (lists > 1) {
    const uint32_t out_lists = (lists + group - 1) / group;
    const uint32_t p = pow2_at_least(std::min(group, lists) * k);
    reduce_kernel<<<dim3(out_lists, nq), reduce_threads,
                    p * sizeof(uint64_t)>>>(a, lists, k, group, p, b,
                                            out_lists);
    AIP_KERNELS_CHECK(cudaGetLastError(), {});
    std::swap(a, b);
    lists = out_lists;
  }
  *result = a;
  return status::ok;
}

} // namespace aip::kernels::vector_cuda
