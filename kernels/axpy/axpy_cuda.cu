#include <cstdint>
#include <limits>

#include "axpy/axpy.hpp"
#include "common/cuda_error.cuh"

namespace aip::kernels {

namespace {

__global__ void axpy_kernel(float a, const float* __restrict__ x,
                            float* __restrict__ y, size_t n) {
  // Grid-stride loop: any n works with a capped grid size.
  size_t stride = static_cast<size_t>(blockDim.x) * gridDim.x;
  for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
       i < n; i += stride)
    y[i] = fmaf(a, x[i], y[i]);
}

} // namespace

status axpy_cuda(float a, const float* x, float* y, size_t n) {
  if (n == 0)
    return status::ok;
  if (x == nullptr || y == nullptr
      || n > std::numeric_limits<size_t>::max() / sizeof(float))
    return status::invalid_argument;
  if (!cuda_available(nullptr))
    return status::no_device;
  const size_t bytes = n * sizeof(float);
  float* dx = nullptr;
  float* dy = nullptr;
  auto release = [&] {
    // Errors while freeing cannot be reported better than the first one.
    if (dx != nullptr)
      cudaFree(dx);
    if (dy != nullptr)
      cudaFree(dy);
  };
  AIP_KERNELS_CHECK(cudaMalloc(&dx, bytes), release());
  AIP_KERNELS_CHECK(cudaMalloc(&dy, bytes), release());
  AIP_KERNELS_CHECK(cudaMemcpy(dx, x, bytes, cudaMemcpyHostToDevice),
                    release());
  AIP_KERNELS_CHECK(cudaMemcpy(dy, y, bytes, cudaMemcpyHostToDevice),
                    release());
  constexpr unsigned threads = 256;
  const size_t wanted = (n + threads - 1) / threads;
  const unsigned blocks = static_cast<unsigned>(
    wanted < 65535 * 8 ? wanted : 65535 * 8);
  axpy_kernel<<<blocks, threads>>>(a, dx, dy, n);
  AIP_KERNELS_CHECK(cudaGetLastError(), release());
  AIP_KERNELS_CHECK(cudaDeviceSynchronize(), release());
  AIP_KERNELS_CHECK(cudaMemcpy(y, dy, bytes, cudaMemcpyDeviceToHost),
                    release());
  release();
  return status::ok;
}

} // namespace aip::kernels
