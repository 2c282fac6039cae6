// Built without nvcc: the device index exists as a type (so callers compile
// unchanged) and answers no_cuda_build.
#include "vector/vector_search.hpp"

namespace aip::kernels {

struct cuda_index::impl {};

cuda_index::cuda_index() = default;
cuda_index::~cuda_index() = default;
cuda_index::cuda_index(cuda_index&&) noexcept = default;
cuda_index& cuda_index::operator=(cuda_index&&) noexcept = default;

status cuda_index::upload(const vector_set&) { return status::no_cuda_build; }

status cuda_index::search(const float*, size_t, const search_params&, float*,
                          int64_t*) {
  return status::no_cuda_build;
}

size_t cuda_index::size() const { return 0; }
size_t cuda_index::dim() const { return 0; }

} // namespace aip::kernels
