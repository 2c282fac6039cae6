#include "aip/actors/inference/inference_model.hpp"

#include "aip/actors/inference/model_loaders.hpp"
#include "common/cuda_device.hpp"

namespace aip {

std::unique_ptr<inference_model> load_model(const model_spec& spec,
                                            std::string& error) {
  std::string backend = spec.backend;
  if (backend == "auto")
    backend = kernels::cuda_available() ? "cuda_f16" : "cpu";
  if (spec.family == "minilm")
    return load_minilm_model(spec, backend, error);
  if (spec.family == "mlp")
    return load_mlp_model(spec, backend, error);
  error = "model family '" + spec.family + "' is not minilm or mlp";
  return nullptr;
}

} // namespace aip
