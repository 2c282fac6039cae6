// The CUDA twin: weights uploaded once as fp32; per call the rows go up in
// blocks, each layer is one cuBLAS GEMM (pedantic fp32, so a TF32 mode set
// on the shared per-thread handle by another op does not change results)
// followed by one bias + activation kernel, then one output kernel.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "common/cublas_api.hpp"
#include "common/cuda_device.hpp"
#include "common/cuda_error.cuh"
#include "mlp/mlp_classifier.hpp"
#include "mlp/mlp_math.hpp"

namespace aip::kernels {

struct mlp_classifier_cuda::impl {
  struct layer {
    size_t in = 0;
    size_t out = 0;
    mlp_activation activation = mlp_activation::none;
    float* weight = nullptr; // out × in, row-major
    float* bias = nullptr;   // out
  };
  std::vector<layer> layers;
  mlp_output output = mlp_output::softmax;
  size_t widest = 0; // max over inputs and every layer's out

  ~impl() {
    // Freeing cannot report better than the call that failed first.
    for (layer& l : layers) {
      if (l.weight != nullptr)
        cudaFree(l.weight);
      if (l.bias != nullptr)
        cudaFree(l.bias);
    }
  }
};

namespace {

// Rows per device block: bounds the scratch and keeps cuBLAS ints small.
constexpr size_t block_rows = 16384;
constexpr unsigned threads = 256;

unsigned grid_for(size_t work) {
  const size_t blocks = (work + threads - 1) / threads;
  return static_cast<unsigned>(std::min<size_t>(blocks, 65535u * 8));
}

__global__ void bias_activate_kernel(float* __restrict__ y,
                                     const float* __restrict__ bias,
                                     size_t rows, size_t cols,
                                     mlp_activation act) {
  const size_t total = rows * cols;
  const size_t stride = static_cast<size_t>(blockDim.x) * gridDim.x;
  for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
       i < total; i += stride) {
    const float b = bias != nullptr ? bias[i % cols] : 0.0f;
    y[i] = mlp_math::activate(y[i] + b, act);
  }
}

// One warp per row: max, sum of exponentials, normalise.
__global__ void softmax_rows_kernel(float* __restrict__ y, size_t rows,
                                    size_t cols) {
  const unsigned lane = threadIdx.x % 32;
  const size_t warps_per_grid = static_cast<size_t>(gridDim.x) * (blockDim.x / 32);
  for (size_t r = blockIdx.x * static_cast<size_t>(blockDim.x / 32)
                  + threadIdx.x / 32;
       r < rows; r += warps_per_grid) {
    float* row = y + r * cols;
    float m = -INFINITY;
    for (size_t j = lane; j < cols; j += 32)
      m = fmaxf(m, row[j]);
    for (int off = 16; off > 0; off /= 2)
      m = fmaxf(m, __shfl_xor_sync(0xffffffffu, m, off));
    float sum = 0.0f;
    for (size_t j = lane; j < cols; j += 32) {
      const float e = expf(row[j] - m);
      row[j] = e;
      sum += e;
    }
    for (int off = 16; off > 0; off /= 2)
      sum += __shfl_xor_sync(0xffffffffu, sum, off);
    const float inv = 1.0f / sum;
    for (size_t j = lane; j < cols; j += 32)
      row[j] *= inv;
  }
}

bool fail(std::string& error, const std::string& what, status st) {
  error = what + ": " + to_string(st);
  return false;
}

} // namespace

mlp_classifier_cuda::mlp_classifier_cuda() = default;
mlp_classifier_cuda::~mlp_classifier_cuda() = default;
mlp_classifier_cuda::mlp_classifier_cuda(mlp_classifier_cuda&&) noexcept =
  default;
mlp_classifier_cuda&
mlp_classifier_cuda::operator=(mlp_classifier_cuda&&) noexcept = default;

bool mlp_classifier_cuda::load(const std::string& path,
                               mlp_classifier_cuda& out, std::string& error) {
  mlp_classifier host;
  if (!mlp_classifier::load(path, host, error))
    return false;
  if (!upload(host, out, error)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

bool mlp_classifier_cuda::upload(const mlp_classifier& model,
                                 mlp_classifier_cuda& out,
                                 std::string& error) {
  if (model.layers().empty()) {
    error = "upload: the model is not loaded";
    return false;
  }
  std::string why;
  if (!cuda_available(&why)) {
    error = "no usable CUDA device: " + why;
    return false;
  }
  if (cublas(&why) == nullptr) {
    error = "cuBLAS unavailable: " + why;
    return false;
  }
  auto d = std::make_unique<impl>();
  d->output = model.output();
  d->widest = model.inputs();
  for (const mlp_layer& l : model.layers()) {
    impl::layer dl;
    dl.in = l.in;
    dl.out = l.out;
    dl.activation = l.activation;
    d->layers.push_back(dl);
    impl::layer& back = d->layers.back();
    const size_t wbytes = l.weight.size() * sizeof(float);
    const size_t bbytes = l.bias.size() * sizeof(float);
    status st = from_cuda(cudaMalloc(&back.weight, wbytes));
    if (st == status::ok)
      st = from_cuda(cudaMalloc(&back.bias, bbytes));
    if (st == status::ok)
      st = from_cuda(cudaMemcpy(back.weight, l.weight.data(), wbytes,
                                cudaMemcpyHostToDevice));
    if (st == status::ok)
      st = from_cuda(cudaMemcpy(back.bias, l.bias.data(), bbytes,
                                cudaMemcpyHostToDevice));
    if (st != status::ok)
      return fail(error, "uploading " + l.weight_name, st);
    d->widest = std::max(d->widest, l.out);
  }
  out.impl_ = std::move(d);
  out.inputs_ = model.inputs();
  out.outputs_ = model.outputs();
  out.labels_ = model.labels();
  return true;
}

status mlp_classifier_cuda::predict(const float* x, size_t n,
                                    float* probs) const {
  if (n == 0)
    return status::ok;
  if (x == nullptr || probs == nullptr || impl_ == nullptr)
    return status::invalid_argument;
  const impl& m = *impl_;
  const size_t rows_max = std::min(n, block_rows);
  if (m.widest > std::numeric_limits<size_t>::max() / sizeof(float) / rows_max)
    return status::invalid_argument;
  status st = status::ok;
  cublasHandle_t handle = cublas_handle(&st);
  if (handle == nullptr)
    return st;
  const cublas_api& api = *cublas();

  const size_t scratch_bytes = rows_max * m.widest * sizeof(float);
  float* a = nullptr;
  float* b = nullptr;
  auto release = [&] {
    if (a != nullptr)
      cudaFree(a);
    if (b != nullptr)
      cudaFree(b);
  };
  AIP_KERNELS_CHECK(cudaMalloc(&a, scratch_bytes), release());
  AIP_KERNELS_CHECK(cudaMalloc(&b, scratch_bytes), release());

  const float one = 1.0f;
  const float zero = 0.0f;
  for (size_t r0 = 0; r0 < n; r0 += block_rows) {
    const size_t rows = std::min(block_rows, n - r0);
    AIP_KERNELS_CHECK(cudaMemcpy(a, x + r0 * inputs_,
                                 rows * inputs_ * sizeof(float),
                                 cudaMemcpyHostToDevice),
                      release());
    float* in = a;
    float* out = b;
    for (const impl::layer& l : m.layers) {
      // Column-major view: out^T (l.out × rows) = W (l.out × l.in, i.e.
      // the row-major W read transposed) · in^T (l.in × rows).
      AIP_KERNELS_CHECK_CUBLAS(
        api.gemm_ex(handle, CUBLAS_OP_T, CUBLAS_OP_N, static_cast<int>(l.out),
                    static_cast<int>(rows), static_cast<int>(l.in), &one,
                    l.weight, CUDA_R_32F, static_cast<int>(l.in), in,
                    CUDA_R_32F, static_cast<int>(l.in), &zero, out,
                    CUDA_R_32F, static_cast<int>(l.out),
                    CUBLAS_COMPUTE_32F_PEDANTIC, CUBLAS_GEMM_DEFAULT),
        release());
      bias_activate_kernel<<<grid_for(rows * l.out), threads>>>(
        out, l.bias, rows, l.out, l.activation);
      AIP_KERNELS_CHECK(cudaGetLastError(), release());
      std::swap(in, out);
    }
    // `in` holds the last layer's rows × outputs.
    if (m.output == mlp_output::softmax) {
      const size_t warps = threads / 32;
      const size_t blocks = std::min<size_t>((rows + warps - 1) / warps,
                                             65535u * 8);
      softmax_rows_kernel<<<static_cast<unsigned>(blocks), threads>>>(
        in, rows, outputs_);
      AIP_KERNELS_CHECK(cudaGetLastError(), release());
    } else if (m.output == mlp_output::sigmoid) {
      bias_activate_kernel<<<grid_for(rows * outputs_), threads>>>(
        in, nullptr, rows, outputs_, mlp_activation::sigmoid);
      AIP_KERNELS_CHECK(cudaGetLastError(), release());
    }
    // The handle is bound to the legacy default stream: this copy waits
    // for the GEMMs and kernels above.
    AIP_KERNELS_CHECK(cudaMemcpy(probs + r0 * outputs_, in,
                                 rows * outputs_ * sizeof(float),
                                 cudaMemcpyDeviceToHost),
                      release());
  }
  release();
  return status::ok;
}

} // namespace aip::kernels
