// Built when AIP_HAVE_CUDA is OFF: the GPU encoder exists only as this
// answer.
#include "bert/bert_encoder.hpp"

namespace aip::kernels {

struct bert_encoder_cuda::impl {};

bert_encoder_cuda::bert_encoder_cuda() = default;
bert_encoder_cuda::~bert_encoder_cuda() = default;
bert_encoder_cuda::bert_encoder_cuda(bert_encoder_cuda&&) noexcept = default;
bert_encoder_cuda&
bert_encoder_cuda::operator=(bert_encoder_cuda&&) noexcept = default;

bool bert_encoder_cuda::load(const std::string&, bert_precision,
                             bert_encoder_cuda&, std::string& error) {
  error = "bert_encoder_cuda: built without CUDA (AIP_CUDA=OFF or no nvcc at "
          "configure time)";
  return false;
}

size_t bert_encoder_cuda::dim() const {
  return 0;
}
size_t bert_encoder_cuda::max_tokens() const {
  return 0;
}
size_t bert_encoder_cuda::vocab_size() const {
  return 0;
}
bert_precision bert_encoder_cuda::precision() const {
  return bert_precision::f16;
}

status bert_encoder_cuda::encode(const token_batch&, float*) {
  return status::no_cuda_build;
}

} // namespace aip::kernels
