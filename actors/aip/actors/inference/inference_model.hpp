#pragma once
/// The models an inference agent serves, behind one interface so the agent
/// and its compute worker do not care which: a sentence encoder
/// (all-MiniLM-L6-v2: token ids in, unit embeddings out) on the CPU (fp32)
/// or a GPU (fp16 / bf16), or a dense MLP classifier (features in,
/// probabilities out). Loaded once by the agent at start, then owned by its
/// detached worker: one thread uses a model at a time.

#include <memory>
#include <string>
#include <vector>

#include "aip/core/compute_job.hpp"

namespace aip {

enum class model_kind : uint8_t { embed, classify };

class inference_model {
public:
  virtual ~inference_model() = default;
  virtual model_kind kind() const = 0;
  /// Output values per input item (embedding dimension, classes).
  virtual size_t out_cols() const = 0;
  /// The most tokens one text may take (embed only).
  virtual size_t max_tokens() const { return 0; }
  /// Input values per row (classify only).
  virtual size_t in_cols() const { return 0; }
  /// Class names (classify only).
  virtual std::vector<std::string> labels() const { return {}; }
  /// Which implementation runs, e.g. "minilm cpu fp32".
  virtual std::string describe() const = 0;
  /// Runs the job; on failure sets out.error and leaves values empty.
  virtual void run(const compute_job& job, compute_result& out) = 0;
};

struct model_spec {
  /// "minilm" (a sentence-encoder folder) or "mlp" (a .safetensors file).
  std::string family = "minilm";
  std::string path;
  /// cpu, cuda_f16, cuda_bf16, or auto (a GPU when one is usable).
  std::string backend = "cpu";
};

/// nullptr with `error` (naming the file, the family or the backend) when
/// the model cannot be loaded as asked.
std::unique_ptr<inference_model> load_model(const model_spec& spec,
                                            std::string& error);

} // namespace aip
