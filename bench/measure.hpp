#pragma once
/// Small measuring helpers shared by the scenarios: a steady-clock stopwatch,
/// percentiles over samples, N scaled by options, and row construction with
/// the ratio oriented so that > 1 always means AIP is better.

#include <chrono>
#include <string>
#include <vector>

#include "scenario.hpp"

namespace aip::bench {

using bench_clock = std::chrono::steady_clock;

inline double seconds_since(bench_clock::time_point start) {
  return std::chrono::duration<double>(bench_clock::now() - start).count();
}

/// `base * opts.scale`, never below `min`.
size_t scaled(const options& opts, size_t base, size_t min = 1);

/// The q-quantile (0..1) of `xs` by nearest rank; sorts `xs`. 0 when empty.
double percentile(std::vector<double>& xs, double q);

double mean(const std::vector<double>& xs);

enum class better { higher, lower };

row make_row(std::string scenario, std::string metric, std::string unit,
             double aip, double caf, better b,
             nlohmann::json extra = nlohmann::json::object());

} // namespace aip::bench
