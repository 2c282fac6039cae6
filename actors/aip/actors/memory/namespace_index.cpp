#include "aip/actors/memory/namespace_index.hpp"

#include <cmath>
#include <cstring>

#include "common/cuda_device.hpp"
#include "safetensors/safetensors.hpp"

namespace aip::memory {

namespace {

constexpr uint32_t no_row = UINT32_MAX;

} // namespace

namespace_index::namespace_index(index_config cfg) : cfg_(cfg) {}
namespace_index::~namespace_index() = default;
namespace_index::namespace_index(namespace_index&&) noexcept = default;
namespace_index& namespace_index::operator=(namespace_index&&) noexcept
  = default;

bool namespace_index::check_vector(const float* v, size_t n,
                                   std::string& error) const {
  if (n != cfg_.dim) {
    error = "vector has " + std::to_string(n) + " values, the namespace "
            + std::to_string(cfg_.dim);
    return false;
  }
  for (size_t i = 0; i < n; ++i)
    if (!std::isfinite(v[i])) {
      error = "vector[" + std::to_string(i) + "] is not finite";
      return false;
    }
  return true;
}

void namespace_index::store_row(size_t row, const float* v) {
  gpu_stale_ = true;
  const size_t d = cfg_.dim;
  if (cfg_.element == kernels::element::f32) {
    if (f32_.size() < (row + 1) * d)
      f32_.resize((row + 1) * d);
    std::memcpy(f32_.data() + row * d, v, d * sizeof(float));
  } else {
    if (f16_.size() < (row + 1) * d)
      f16_.resize((row + 1) * d);
    for (size_t i = 0; i < d; ++i)
      f16_[row * d + i] = kernels::f32_to_f16(v[i]);
  }
  if (norms_.size() < row + 1)
    norms_.resize(row + 1);
  norms_[row] = stored_norm(row);
}

// The norm of the row as stored (after fp16 rounding), so cosine scores
// match what the kernel computes from the stored values.
float namespace_index::stored_norm(size_t row) const {
  const size_t d = cfg_.dim;
  double s = 0;
  for (size_t i = 0; i < d; ++i) {
    double x = cfg_.element == kernels::element::f32
                 ? f32_[row * d + i]
                 : kernels::f16_to_f32(f16_[row * d + i]);
    s += x * x;
  }
  return static_cast<float>(std::sqrt(s));
}

bool namespace_index::add(const std::string& id, const float* v, size_t n,
                          std::string text, metadata md, bool upsert,
                          std::string& error) {
  if (id.empty()) {
    error = "empty id";
    return false;
  }
  if (!check_vector(v, n, error) || !normalize(md, error))
    return false;
  auto found = rows_.find(id);
  if (found != rows_.end()) {
    if (!upsert) {
      error = "id '" + id + "' exists (use upsert or update)";
      return false;
    }
    store_row(found->second, v);
    texts_[found->second] = std::move(text);
    meta_[found->second] = std::move(md);
    return true;
  }
  const auto row = static_cast<uint32_t>(ids_.size());
  if (row == no_row) {
    error = "namespace is full";
    return false;
  }
  store_row(row, v);
  ids_.push_back(id);
  texts_.push_back(std::move(text));
  meta_.push_back(std::move(md));
  rows_.emplace(id, row);
  return true;
}

bool namespace_index::update(const std::string& id, const float* v, size_t n,
                             const std::string* text, const metadata* md,
                             std::string& error) {
  auto found = rows_.find(id);
  if (found == rows_.end()) {
    error = "no record '" + id + "'";
    return false;
  }
  metadata sorted;
  if (md != nullptr) {
    sorted = *md;
    if (!normalize(sorted, error))
      return false;
  }
  if (v != nullptr && !check_vector(v, n, error))
    return false;
  const uint32_t row = found->second;
  if (v != nullptr)
    store_row(row, v);
  if (text != nullptr)
    texts_[row] = *text;
  if (md != nullptr)
    meta_[row] = std::move(sorted);
  return true;
}

bool namespace_index::remove(const std::string& id, std::string& error) {
  auto found = rows_.find(id);
  if (found == rows_.end()) {
    error = "no record '" + id + "'";
    return false;
  }
  // Swap the last row into the hole: rows stay dense, so a search never
  // scans deleted records.
  const uint32_t row = found->second;
  const uint32_t last = static_cast<uint32_t>(ids_.size() - 1);
  const size_t d = cfg_.dim;
  gpu_stale_ = true;
  rows_.erase(found);
  if (row != last) {
    if (cfg_.element == kernels::element::f32)
      std::memcpy(f32_.data() + row * d, f32_.data() + last * d,
                  d * sizeof(float));
    else
      std::memcpy(f16_.data() + row * d, f16_.data() + last * d,
                  d * sizeof(uint16_t));
    norms_[row] = norms_[last];
    ids_[row] = std::move(ids_[last]);
    texts_[row] = std::move(texts_[last]);
    meta_[row] = std::move(meta_[last]);
    rows_[ids_[row]] = row;
  }
  ids_.pop_back();
  texts_.pop_back();
  meta_.pop_back();
  norms_.pop_back();
  if (cfg_.element == kernels::element::f32)
    f32_.resize(ids_.size() * d);
  else
    f16_.resize(ids_.size() * d);
  return true;
}

kernels::vector_set namespace_index::view() const {
  kernels::vector_set db;
  db.data = row_data();
  db.type = cfg_.element;
  db.n = ids_.size();
  db.d = cfg_.dim;
  db.norms = norms_.data();
  return db;
}

kernels::status namespace_index::search(const float* queries, size_t nq,
                                        size_t k, const filter_set& filters,
                                        std::vector<std::vector<hit>>& out,
                                        unsigned threads) const {
  out.assign(nq, {});
  if (nq == 0 || ids_.empty())
    return kernels::status::ok;
  std::vector<uint64_t> allowed;
  kernels::search_params p;
  p.m = cfg_.metric;
  p.k = k;
  p.threads = threads;
  if (!filters.empty()) {
    allowed.assign((ids_.size() + 63) / 64, 0);
    bool any = false;
    for (size_t r = 0; r < ids_.size(); ++r)
      if (filters.matches(meta_[r])) {
        allowed[r / 64] |= uint64_t{1} << (r % 64);
        any = true;
      }
    if (!any)
      return kernels::status::ok;
    p.allowed = allowed.data();
  }
  std::vector<float> scores(nq * k);
  std::vector<int64_t> ids(nq * k);
  auto st = kernels::status::unsupported;
  if (cfg_.gpu)
    st = search_gpu(queries, nq, p, scores.data(), ids.data());
  if (st != kernels::status::ok)
    st = kernels::search_cpu(view(), queries, nq, p, scores.data(), ids.data());
  if (st != kernels::status::ok)
    return st;
  for (size_t q = 0; q < nq; ++q)
    for (size_t j = 0; j < k; ++j) {
      int64_t row = ids[q * k + j];
      if (row < 0)
        break;
      out[q].push_back(hit{static_cast<uint32_t>(row), scores[q * k + j]});
    }
  return kernels::status::ok;
}

kernels::status namespace_index::search_gpu(const float* queries, size_t nq,
                                            const kernels::search_params& p,
                                            float* scores, int64_t* ids) const {
  if (!kernels::cuda_available(&gpu_why_))
    return kernels::status::no_device;
  if (gpu_ == nullptr)
    gpu_ = std::make_unique<kernels::cuda_index>();
  if (gpu_stale_) {
    auto st = gpu_->upload(view());
    if (st != kernels::status::ok) {
      gpu_why_ = std::string{"upload: "} + kernels::to_string(st);
      return st;
    }
    gpu_stale_ = false;
  }
  auto st = gpu_->search(queries, nq, p, scores, ids);
  gpu_why_ = st == kernels::status::ok
               ? std::string{}
               : std::string{"search: "} + kernels::to_string(st);
  return st;
}

const void* namespace_index::row_data() const {
  return cfg_.element == kernels::element::f32
           ? static_cast<const void*>(f32_.data())
           : static_cast<const void*>(f16_.data());
}

size_t namespace_index::row_bytes() const {
  return cfg_.element == kernels::element::f32 ? f32_.size() * sizeof(float)
                                               : f16_.size() * sizeof(uint16_t);
}

void namespace_index::append_raw(const void* bytes, std::vector<std::string> ids,
                                 std::vector<std::string> texts,
                                 std::vector<metadata> metas) {
  const size_t first = ids_.size();
  const size_t count = ids.size();
  const size_t d = cfg_.dim;
  gpu_stale_ = true;
  if (cfg_.element == kernels::element::f32) {
    f32_.resize((first + count) * d);
    std::memcpy(f32_.data() + first * d, bytes, count * d * sizeof(float));
  } else {
    f16_.resize((first + count) * d);
    std::memcpy(f16_.data() + first * d, bytes, count * d * sizeof(uint16_t));
  }
  norms_.resize(first + count);
  for (size_t i = 0; i < count; ++i) {
    norms_[first + i] = stored_norm(first + i);
    rows_.emplace(ids[i], static_cast<uint32_t>(first + i));
  }
  std::move(ids.begin(), ids.end(), std::back_inserter(ids_));
  std::move(texts.begin(), texts.end(), std::back_inserter(texts_));
  std::move(metas.begin(), metas.end(), std::back_inserter(meta_));
}

} // namespace aip::memory
