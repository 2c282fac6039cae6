#pragma once
/// The records of one memory namespace: vectors in one contiguous block (fp32
/// or fp16, as configured), their norms, ids, texts and metadata, searched
/// exactly with the top-k kernels (kernels/vector). CAF-free; owned by the
/// memory agent's state, so only that actor touches it.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "aip/actors/memory/metadata_filter.hpp"
#include "vector/vector_search.hpp"

namespace aip::memory {

struct index_config {
  size_t dim = 384;
  kernels::metric metric = kernels::metric::cosine;
  kernels::element element = kernels::element::f32;
  /// Search on a GPU when one is usable: the rows are uploaded on the first
  /// search after a change (a whole-namespace copy), and any GPU failure
  /// falls back to the CPU for that search.
  bool gpu = false;
};

struct hit {
  /// Row of the record in its index at search time.
  uint32_t row = 0;
  float score = 0;
};

class namespace_index {
public:
  explicit namespace_index(index_config cfg);
  ~namespace_index();
  namespace_index(namespace_index&&) noexcept;
  namespace_index& operator=(namespace_index&&) noexcept;

  const index_config& config() const { return cfg_; }
  size_t size() const { return ids_.size(); }

  /// Adds (or with `upsert`, replaces) a record. False with `error` when the
  /// id exists and !upsert, or `n` is not the dimension, or a value is not
  /// finite.
  bool add(const std::string& id, const float* v, size_t n, std::string text,
           metadata md, bool upsert, std::string& error);

  /// Replaces what is given (non-null); false when the id does not exist.
  bool update(const std::string& id, const float* v, size_t n,
              const std::string* text, const metadata* md, std::string& error);

  bool remove(const std::string& id, std::string& error);

  /// For each of nq queries (nq × dim floats) the best k records that pass
  /// `filters`, best first (ties by row). One kernel call for the batch.
  kernels::status search(const float* queries, size_t nq, size_t k,
                         const filter_set& filters,
                         std::vector<std::vector<hit>>& out,
                         unsigned threads = 0) const;

  /// Why the last search did not run on the GPU although `gpu` is set;
  /// empty when it did (or `gpu` is off).
  const std::string& gpu_fallback() const { return gpu_why_; }

  const std::string& id(uint32_t row) const { return ids_[row]; }
  const std::string& text(uint32_t row) const { return texts_[row]; }
  const metadata& meta(uint32_t row) const { return meta_[row]; }

  /// Raw row storage for snapshots: size() × dim elements of the configured
  /// element type.
  const void* row_data() const;
  size_t row_bytes() const;
  /// Appends rows from raw storage (snapshot restore); REQUIRES: ids unique
  /// and not present, bytes == count × dim × element size.
  void append_raw(const void* bytes, std::vector<std::string> ids,
                  std::vector<std::string> texts, std::vector<metadata> metas);

private:
  bool check_vector(const float* v, size_t n, std::string& error) const;
  void store_row(size_t row, const float* v);
  float stored_norm(size_t row) const;
  kernels::vector_set view() const;
  kernels::status search_gpu(const float* queries, size_t nq,
                             const kernels::search_params& p, float* scores,
                             int64_t* ids) const;

  index_config cfg_;
  std::vector<float> f32_;
  std::vector<uint16_t> f16_;
  std::vector<float> norms_;
  std::vector<std::string> ids_;
  std::vector<std::string> texts_;
  std::vector<metadata> meta_;
  std::unordered_map<std::string, uint32_t> rows_;
  // The device copy: a cache of the rows above, so searching (const) may
  // refresh it.
  mutable std::unique_ptr<kernels::cuda_index> gpu_;
  mutable bool gpu_stale_ = true;
  mutable std::string gpu_why_;
};

} // namespace aip::memory
