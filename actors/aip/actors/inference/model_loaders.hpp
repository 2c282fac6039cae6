#pragma once
/// Internal to the inference agent: one loader per model family, called by
/// load_model (inference_model.cpp) with the backend already resolved.

#include <chrono>
#include <memory>
#include <string>

#include "aip/actors/inference/inference_model.hpp"
#include "common/status.hpp"

namespace aip {

std::unique_ptr<inference_model> load_minilm_model(const model_spec& spec,
                                                   const std::string& backend,
                                                   std::string& error);

std::unique_ptr<inference_model> load_mlp_model(const model_spec& spec,
                                                const std::string& backend,
                                                std::string& error);

/// Runs one job the way every model does: `out.values` sized rows × cols,
/// `compute(values)` returning a kernels status, the time it took in
/// `out.service_ns`; a failure leaves no values and says
/// "<what>: <op> failed: <status>".
template <class Compute>
void run_job(const compute_job& job, size_t rows, size_t cols,
             const std::string& what, const char* op, compute_result& out,
             Compute compute) {
  auto start = std::chrono::steady_clock::now();
  out.id = job.id;
  out.cols = static_cast<uint32_t>(cols);
  out.values.resize(rows * cols);
  auto st = compute(out.values.data());
  if (st != kernels::status::ok) {
    out.values.clear();
    out.error = what + ": " + op + " failed: " + kernels::to_string(st);
  }
  out.service_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                     std::chrono::steady_clock::now() - start)
                     .count();
}

} // namespace aip
