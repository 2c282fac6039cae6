// Built when AIP_HAVE_CUDA is OFF: the GPU twin exists only as this answer.
#include "mlp/mlp_classifier.hpp"

namespace aip::kernels {

struct mlp_classifier_cuda::impl {};

mlp_classifier_cuda::mlp_classifier_cuda() = default;
mlp_classifier_cuda::~mlp_classifier_cuda() = default;
mlp_classifier_cuda::mlp_classifier_cuda(mlp_classifier_cuda&&) noexcept =
  default;
mlp_classifier_cuda&
mlp_classifier_cuda::operator=(mlp_classifier_cuda&&) noexcept = default;

bool mlp_classifier_cuda::load(const std::string& path, mlp_classifier_cuda&,
                               std::string& error) {
  error = path + ": built without CUDA (no_cuda_build)";
  return false;
}

bool mlp_classifier_cuda::upload(const mlp_classifier&, mlp_classifier_cuda&,
                                 std::string& error) {
  error = "built without CUDA (no_cuda_build)";
  return false;
}

status mlp_classifier_cuda::predict(const float*, size_t, float*) const {
  return status::no_cuda_build;
}

} // namespace aip::kernels
