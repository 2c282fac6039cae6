// all-MiniLM-L6-v2 behind inference_model: token ids in, unit embeddings
// out, on the CPU (fp32) or a GPU (fp16 / bf16).
#include "aip/actors/inference/model_loaders.hpp"
#include "bert/bert_encoder.hpp"

namespace aip {

namespace {

// Ragged offsets arrive as uint64 (the message type); the kernels take
// size_t, which is the same width on every platform AIP builds for.
static_assert(sizeof(size_t) == sizeof(uint64_t));

template <class Encoder>
class minilm final : public inference_model {
public:
  minilm(Encoder enc, std::string what)
    : enc_(std::move(enc)), what_(std::move(what)) {}

  model_kind kind() const override { return model_kind::embed; }
  size_t out_cols() const override { return enc_.dim(); }
  size_t max_tokens() const override { return enc_.max_tokens(); }
  std::string describe() const override { return what_; }

  void run(const compute_job& job, compute_result& out) override {
    const size_t count = job.offsets.empty() ? 0 : job.offsets.size() - 1;
    kernels::token_batch batch{
      job.ints.data(), reinterpret_cast<const size_t*>(job.offsets.data()),
      count};
    run_job(job, count, enc_.dim(), what_, "encode", out,
            [&](float* values) { return enc_.encode(batch, values); });
  }

private:
  Encoder enc_;
  std::string what_;
};

} // namespace

std::unique_ptr<inference_model> load_minilm_model(const model_spec& spec,
                                                   const std::string& backend,
                                                   std::string& error) {
  if (backend == "cpu") {
    kernels::bert_encoder enc;
    if (!kernels::bert_encoder::load(spec.path, enc, error))
      return nullptr;
    return std::make_unique<minilm<kernels::bert_encoder>>(
      std::move(enc), "minilm cpu fp32 (" + spec.path + ")");
  }
  if (backend == "cuda_f16" || backend == "cuda_bf16") {
    auto p = backend == "cuda_f16" ? kernels::bert_precision::f16
                                   : kernels::bert_precision::bf16;
    kernels::bert_encoder_cuda enc;
    if (!kernels::bert_encoder_cuda::load(spec.path, p, enc, error))
      return nullptr;
    return std::make_unique<minilm<kernels::bert_encoder_cuda>>(
      std::move(enc), "minilm " + backend + " (" + spec.path + ")");
  }
  error = "backend '" + backend + "' is not cpu, cuda_f16, cuda_bf16 or auto";
  return nullptr;
}

} // namespace aip
