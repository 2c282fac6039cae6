#pragma once
/// Dense MLP classifiers (e.g. a head on sentence embeddings): weights from a
/// safetensors file, the layer list from a small spec. Three twins share one
/// loader: mlp_classifier (CPU, fp32, OpenBLAS sgemm), its float64
/// reference predict_ref(), and mlp_classifier_cuda (cuBLAS, fp32). Loaded
/// models are immutable: any thread may call predict() on a shared one.
///
///   mlp_classifier m; std::string err;
///   if (!mlp_classifier::load("head.safetensors", m, err)) die(err);
///   std::vector<float> p(n * m.outputs());
///   m.predict(embeddings, n, p.data());
///
/// The spec: the safetensors `__metadata__` key "aip.layers" (a JSON
/// string), or, when absent, a YAML file beside the weights (the same path
/// with .yaml instead of .safetensors). JSON being YAML, both are read alike:
///
///   inputs: 384                 # optional; checked against layer 0
///   layers:                     # required, non-empty, applied in order
///     - {weight: fc1.weight, bias: fc1.bias, activation: relu}
///     - {weight: fc2.weight}    # bias optional (zero), activation none
///   output: softmax             # softmax (default) | sigmoid | logits
///   labels: [neg, pos]          # optional; default "0", "1", ...
///
/// A spec that is only a list is the `layers` list. Each weight is [out, in]
/// like torch.nn.Linear (y = x W^T + b), F32, F16 or BF16 (converted to f32);
/// a bias is [out] in one of those dtypes. Activations: none, relu, gelu
/// (erf form), tanh, sigmoid. Unknown keys are errors. Every error names the
/// file and the place: the spec's file:line:col, the layer index, the tensor
/// name and its shape against the expected one.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.hpp"

namespace aip::kernels {

enum class mlp_activation : uint8_t { none, relu, gelu, tanh, sigmoid };
enum class mlp_output : uint8_t { softmax, sigmoid, logits };

/// The spelling used in specs: "relu", "softmax", ...
const char* to_string(mlp_activation a);
const char* to_string(mlp_output o);

/// One dense layer, weights as loaded (converted to f32).
struct mlp_layer {
  size_t in = 0;
  size_t out = 0;
  mlp_activation activation = mlp_activation::none;
  /// out × in, row-major.
  std::vector<float> weight;
  /// out values (zeros when the spec names no bias).
  std::vector<float> bias;
  std::string weight_name;
  std::string bias_name;
};

class mlp_classifier {
public:
  /// Loads weights from a safetensors file and the spec from its metadata or
  /// the YAML file beside it. False, with `error` saying where, on any
  /// problem; `out` is then unchanged.
  static bool load(const std::string& path, mlp_classifier& out,
                   std::string& error);

  size_t inputs() const { return layers_.empty() ? 0 : layers_.front().in; }
  size_t outputs() const { return layers_.empty() ? 0 : layers_.back().out; }
  /// Class names, one per output.
  const std::vector<std::string>& labels() const { return labels_; }
  mlp_output output() const { return output_; }
  const std::vector<mlp_layer>& layers() const { return layers_; }

  /// x: n × inputs() row-major; probs: n × outputs(): softmax over each row,
  /// or sigmoid, or the raw logits, as the spec says. invalid_argument on a
  /// null pointer with n > 0 or an unloaded model.
  status predict(const float* x, size_t n, float* probs) const;

  /// The same in float64 (rounded once at the end): slow, for tests.
  status predict_ref(const float* x, size_t n, float* probs) const;

private:
  std::vector<mlp_layer> layers_;
  mlp_output output_ = mlp_output::softmax;
  std::vector<std::string> labels_;
};

/// The CUDA twin: the same spec and weights (fp32) on the device, cuBLAS for
/// the products, one kernel for bias + activation and one for the output.
/// predict() takes host buffers and copies in and out. Move-only.
class mlp_classifier_cuda {
public:
  mlp_classifier_cuda();
  ~mlp_classifier_cuda();
  mlp_classifier_cuda(mlp_classifier_cuda&&) noexcept;
  mlp_classifier_cuda& operator=(mlp_classifier_cuda&&) noexcept;

  /// mlp_classifier::load, then upload. Also false when the build has no
  /// CUDA, no device is usable, cuBLAS cannot be loaded or the copy fails.
  static bool load(const std::string& path, mlp_classifier_cuda& out,
                   std::string& error);
  /// Puts an already loaded model on the device.
  static bool upload(const mlp_classifier& model, mlp_classifier_cuda& out,
                     std::string& error);

  size_t inputs() const { return inputs_; }
  size_t outputs() const { return outputs_; }
  const std::vector<std::string>& labels() const { return labels_; }

  /// Same contract as mlp_classifier::predict; no_cuda_build / no_device /
  /// out_of_memory / launch_failed / cuda_error / blas_error when the device
  /// cannot run it (then `probs` may be partly written).
  status predict(const float* x, size_t n, float* probs) const;

  struct impl; // device buffers, in the .cu (or the stub)

private:
  std::unique_ptr<impl> impl_;
  size_t inputs_ = 0;
  size_t outputs_ = 0;
  std::vector<std::string> labels_;
};

} // namespace aip::kernels
