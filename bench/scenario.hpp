#pragma once
/// The `aip bench` harness: named scenarios, each timing an AIP path and its
/// raw-CAF equivalent in the same process, every half in a fresh
/// caf::actor_system. Rows carry both numbers and their ratio (> 1 means AIP
/// is better, whether the metric is a rate or a latency). Call from main only.

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aip::bench {

struct options {
  /// One JSON object per line and per row instead of a table.
  bool json = false;
  /// scheduler.max-threads of every actor system; 0 = hardware cores.
  size_t threads = 0;
  /// Multiplies each scenario's N (e.g. 0.01 for a smoke run).
  double scale = 1.0;
  /// `load` only: agents, requests/s (0 = as fast as a closed loop goes),
  /// and how long to drive traffic.
  size_t agents = 10'000;
  double rate = 0;
  double duration_s = 5;
};

struct row {
  std::string scenario;
  std::string metric;
  std::string unit;
  double aip = 0;
  double caf = 0;
  /// > 1 means AIP better: aip/caf for rates, caf/aip for costs.
  double ratio = 0;
  /// Scenario-specific details (N, baseline description, percentiles...).
  nlohmann::json extra = nlohmann::json::object();
};

struct scenario {
  std::string name;
  std::string summary;
  std::function<std::vector<row>(const options&)> run;
};

/// Every scenario in a fixed order (the order of `all`).
const std::vector<scenario>& all_scenarios();

/// Runs `name` (or every scenario for "all") and writes rows to `out`.
/// Returns 0 on success, 1 when a scenario failed, 2 for an unknown name
/// (after listing the valid ones).
int run_scenarios(const std::string& name, const options& opts,
                  std::ostream& out);

} // namespace aip::bench
