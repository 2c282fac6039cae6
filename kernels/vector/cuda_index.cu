// cuda_index: owns the device copy of the rows (padded to a multiple of 8
// elements), their 1/|row| and |row|^2, and the scratch of both search
// paths; runs a search as prepare queries (host) -> candidates (fused or
// GEMM) -> reduce -> copy back -> decode (host).
#include <cuda_fp16.h>

#include <algorithm>
#include <limits>
#include <new>
#include <vector>

#include "common/cuda_device.hpp"
#include "common/cuda_error.cuh"
#include "vector/search_args.hpp"
#include "vector/topk_select.cuh"

namespace aip::kernels {

using namespace vector_cuda;

namespace {

constexpr size_t candidate_budget = size_t{512} << 20;
constexpr uint32_t fused_max_queries = 16;

__global__ void norms_from_rows(const void* rows, element type, uint32_t n,
                                uint32_t ds, float* inv, float* sq) {
  const size_t warp =
    (blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x) / 32;
  const uint32_t lane = threadIdx.x % 32;
  if (warp >= n)
    return;
  float acc = 0;
  for (uint32_t j = lane; j < ds; j += 32) {
    const size_t at = warp * ds + j;
    const float x = type == element::f16
                      ? __half2float(static_cast<const __half*>(rows)[at])
                      : static_cast<const float*>(rows)[at];
    acc = fmaf(x, x, acc);
  }
  for (int m = 16; m > 0; m >>= 1)
    acc += __shfl_xor_sync(0xffffffffu, acc, m);
  if (lane == 0) {
    sq[warp] = acc;
    const float norm = sqrtf(acc);
    inv[warp] = norm > 0 ? 1.0f / norm : 0.0f;
  }
}

__global__ void norms_given(float* norms_in_inv, float* sq, uint32_t n) {
  const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  const float norm = norms_in_inv[i];
  sq[i] = norm * norm;
  norms_in_inv[i] = norm > 0 ? 1.0f / norm : 0.0f;
}

// Host twin of the device key: score and row back from the 64-bit key.
vector_detail::candidate decode(uint64_t key) {
  return {from_ordered_bits(static_cast<uint32_t>(key >> 32)),
          static_cast<int64_t>(0xffffffffu - static_cast<uint32_t>(key))};
}

} // namespace

struct cuda_index::impl {
  device_buffer rows, inv_norm, sq, allowed, queries, cand_a, cand_b;
  gemm_workspace ws;
  device_rows view;

  void release() {
    for (auto* b : {&rows, &inv_norm, &sq, &allowed, &queries, &cand_a, &cand_b})
      b->release();
    ws.release();
    view = device_rows{};
  }
  ~impl() { release(); }
};

cuda_index::cuda_index() = default;
cuda_index::~cuda_index() = default;
cuda_index::cuda_index(cuda_index&&) noexcept = default;
cuda_index& cuda_index::operator=(cuda_index&&) noexcept = default;

size_t cuda_index::size() const { return impl_ ? impl_->view.n : 0; }
size_t cuda_index::dim() const { return impl_ ? impl_->view.d : 0; }

status cuda_index::upload(const vector_set& db) {
  if (auto s = vector_detail::check_db(db); s != status::ok)
    return s;
  if (!cuda_available(nullptr))
    return status::no_device;
  // Row ids travel in 32 bits of the candidate key (all ones is reserved).
  if (db.n >= std::numeric_limits<uint32_t>::max()
      || db.d > std::numeric_limits<uint32_t>::max() - 8)
    return status::unsupported;
  if (!impl_) {
    impl_.reset(new (std::nothrow) impl);
    if (!impl_)
      return status::out_of_memory;
  }
  // The old copy goes first: holding two may not fit.
  impl& m = *impl_;
  m.release();
  const size_t esize = vector_detail::element_bytes(db.type);
  const size_t ds = (db.d + 7) & ~size_t{7};
  const size_t n = std::max<size_t>(db.n, 1);
  auto fail = [&] { m.release(); };
  if (ds > std::numeric_limits<size_t>::max() / esize / n)
    return status::invalid_argument;
  for (auto [buf, bytes] : {std::pair{&m.rows, n * ds * esize},
                            std::pair{&m.inv_norm, n * sizeof(float)},
                            std::pair{&m.sq, n * sizeof(float)}})
    if (auto s = buf->ensure(bytes); s != status::ok) {
      fail();
      return s;
    }
  if (db.n > 0) {
    if (ds != db.d)
      AIP_KERNELS_CHECK(cudaMemset(m.rows.ptr, 0, db.n * ds * esize), fail());
    if (ds == db.d && db.row_stride() == db.d)
      AIP_KERNELS_CHECK(cudaMemcpy(m.rows.ptr, db.data, db.n * ds * esize,
                                   cudaMemcpyHostToDevice),
                        fail());
    else
      AIP_KERNELS_CHECK(cudaMemcpy2D(m.rows.ptr, ds * esize, db.data,
                                     db.row_stride() * esize, db.d * esize,
                                     db.n, cudaMemcpyHostToDevice),
                        fail());
    const uint32_t n32 = static_cast<uint32_t>(db.n);
    if (db.norms != nullptr) {
      AIP_KERNELS_CHECK(cudaMemcpy(m.inv_norm.ptr, db.norms,
                                   db.n * sizeof(float),
                                   cudaMemcpyHostToDevice),
                        fail());
      const auto blocks = static_cast<unsigned>((size_t{n32} + 255) / 256);
      norms_given<<<blocks, 256>>>(m.inv_norm.as<float>(), m.sq.as<float>(),
                                   n32);
    } else {
      // One warp per row.
      const auto blocks = static_cast<unsigned>((size_t{n32} * 32 + 255) / 256);
      norms_from_rows<<<blocks, 256>>>(m.rows.ptr, db.type, n32,
                                       static_cast<uint32_t>(ds),
                                       m.inv_norm.as<float>(),
                                       m.sq.as<float>());
    }
    AIP_KERNELS_CHECK(cudaGetLastError(), fail());
    AIP_KERNELS_CHECK(cudaDeviceSynchronize(), fail());
  }
  m.view = device_rows{m.rows.ptr, db.type, static_cast<uint32_t>(db.n), db.d,
                       ds};
  return status::ok;
}

status cuda_index::search(const float* queries, size_t nq,
                          const search_params& p, float* scores,
                          int64_t* ids) {
  if (!cuda_available(nullptr))
    return status::no_device;
  if (!impl_ || impl_->view.d == 0)
    return status::invalid_argument;
  impl& m = *impl_;
  const device_rows& rows = m.view;
  // The contract is search_cpu's: check the same way against the shape.
  const vector_set shape{rows.data, rows.type, rows.n, rows.d};
  if (auto s = vector_detail::check_search(shape, queries, nq, p, scores, ids);
      s != status::ok)
    return s;
  if (nq == 0)
    return status::ok;
  if (rows.n == 0) {
    for (size_t q = 0; q < nq; ++q)
      vector_detail::pad_results(p.m, 0, p.k, scores + q * p.k, ids + q * p.k);
    return status::ok;
  }
  const uint32_t k = static_cast<uint32_t>(p.k);
  // The fused kernel serves small batches and k <= fused_max_k; a larger k
  // (or an explicit gemm) runs the GEMM path.
  const bool fused = k <= fused_max_k && fused_fits(rows.ds)
                     && (p.path == search_path::scan
                         || (p.path == search_path::automatic
                             && nq <= fused_max_queries));
  const uint32_t chunks = chunks_of(rows.n, fused ? fused_chunk : select_chunk);
  // Queries per pass: candidates (and for GEMM the score tile) within
  // budget, grid.y within its limit.
  const size_t per_query = size_t{chunks} * k * sizeof(uint64_t)
                           + (fused ? 0 : size_t{8} * select_chunk * sizeof(float));
  const size_t batch = std::clamp<size_t>(candidate_budget / per_query, 1,
                                          std::min<size_t>(nq, 65535));
  try {
    std::vector<float> qbuf(batch * rows.ds), qq(batch);
    std::vector<uint64_t> keys(batch * k);
    std::vector<vector_detail::candidate> best(k);
    key_params kp{p.m, m.inv_norm.as<float>(), m.sq.as<float>(), nullptr,
                  rows.n};
    if (p.allowed != nullptr) {
      const size_t bytes = (size_t{rows.n} + 63) / 64 * sizeof(uint64_t);
      if (auto s = m.allowed.ensure(bytes); s != status::ok)
        return s;
      AIP_KERNELS_CHECK(cudaMemcpy(m.allowed.ptr, p.allowed, bytes,
                                   cudaMemcpyHostToDevice),
                        {});
      kp.allowed = m.allowed.as<uint64_t>();
    }
    const size_t cand_bytes = batch * size_t{chunks} * k * sizeof(uint64_t);
    for (auto [buf, bytes] :
         {std::pair{&m.queries, batch * rows.ds * sizeof(float)},
          std::pair{&m.cand_a, cand_bytes}, std::pair{&m.cand_b, cand_bytes}})
      if (auto s = buf->ensure(bytes); s != status::ok)
        return s;
    for (size_t first = 0; first < nq; first += batch) {
      const size_t nb = std::min(batch, nq - first);
      const uint32_t nb32 = static_cast<uint32_t>(nb);
      vector_detail::prepare_batch(queries, rows.d, first, nb, p.m, rows.ds,
                                   qbuf, qq);
      AIP_KERNELS_CHECK(cudaMemcpy(m.queries.ptr, qbuf.data(),
                                   nb * rows.ds * sizeof(float),
                                   cudaMemcpyHostToDevice),
                        {});
      const float* dq = m.queries.as<float>();
      uint64_t* cand = m.cand_a.as<uint64_t>();
      status s = fused ? fused_candidates(rows, dq, nb32, kp, k, cand)
                       : gemm_candidates(rows, dq, nb32, p.precision, kp, k,
                                         m.ws, cand);
      if (s != status::ok)
        return s;
      uint64_t* result = nullptr;
      if (s = reduce_candidates(cand, m.cand_b.as<uint64_t>(), nb32, chunks, k,
                                &result);
          s != status::ok)
        return s;
      // Synchronous copy: also where an asynchronous kernel fault surfaces.
      AIP_KERNELS_CHECK(cudaMemcpy(keys.data(), result,
                                   nb * k * sizeof(uint64_t),
                                   cudaMemcpyDeviceToHost),
                        {});
      for (size_t i = 0; i < nb; ++i) {
        size_t got = 0;
        while (got < k && keys[i * k + got] != 0) {
          best[got] = decode(keys[i * k + got]);
          ++got;
        }
        const size_t at = (first + i) * p.k;
        vector_detail::write_results(p.m, best.data(), got, p.k, qq[i],
                                     scores + at, ids + at);
      }
    }
  } catch (const std::bad_alloc&) {
    return status::out_of_memory;
  }
  return status::ok;
}

} // namespace aip::kernels
