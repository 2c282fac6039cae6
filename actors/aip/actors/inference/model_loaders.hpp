#pragma once
/// Internal to the inference agent: one loader per model family, called by
/// load_model (inference_model.cpp) with the backend already resolved.

#include <chrono>
#include <memory>
#include <string>

#include "aip/actors/inference/inference_model.hpp"

namespace aip {

std::unique_ptr<inference_model> load_minilm_model(const model_spec& spec,
                                                   const std::string& backend,
                                                   std::string& error);

std::unique_ptr<inference_model> load_mlp_model(const model_spec& spec,
                                                const std::string& backend,
                                                std::string& error);

/// Nanoseconds since `since` (the models' service time).
int64_t elapsed_ns(std::chrono::steady_clock::time_point since);

} // namespace aip
