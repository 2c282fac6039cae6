// Dense MLP classifiers behind inference_model: features in, class
// probabilities out, on the CPU or a GPU.
#include "aip/actors/inference/model_loaders.hpp"
#include "mlp/mlp_classifier.hpp"

namespace aip {

namespace {

template <class Classifier>
class mlp final : public inference_model {
public:
  mlp(Classifier c, std::string what) : c_(std::move(c)), what_(std::move(what)) {}

  model_kind kind() const override { return model_kind::classify; }
  size_t out_cols() const override { return c_.outputs(); }
  size_t in_cols() const override { return c_.inputs(); }
  std::vector<std::string> labels() const override { return c_.labels(); }
  std::string describe() const override { return what_; }

  void run(const compute_job& job, compute_result& out) override {
    run_job(job, job.rows, c_.outputs(), what_, "predict", out,
            [&](float* values) {
              return c_.predict(job.floats.data(), job.rows, values);
            });
  }

private:
  Classifier c_;
  std::string what_;
};

} // namespace

std::unique_ptr<inference_model> load_mlp_model(const model_spec& spec,
                                                const std::string& backend,
                                                std::string& error) {
  if (backend == "cpu") {
    kernels::mlp_classifier c;
    if (!kernels::mlp_classifier::load(spec.path, c, error))
      return nullptr;
    return std::make_unique<mlp<kernels::mlp_classifier>>(
      std::move(c), "mlp cpu fp32 (" + spec.path + ")");
  }
  if (backend == "cuda_f16" || backend == "cuda_bf16" || backend == "cuda") {
    kernels::mlp_classifier_cuda c;
    if (!kernels::mlp_classifier_cuda::load(spec.path, c, error))
      return nullptr;
    return std::make_unique<mlp<kernels::mlp_classifier_cuda>>(
      std::move(c), "mlp cuda fp32 (" + spec.path + ")");
  }
  error = "backend '" + backend + "' is not cpu, cuda or auto";
  return nullptr;
}

} // namespace aip
