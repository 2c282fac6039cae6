// fanout_1k / fanout_1m: rows around run_fanout() (bench/fanout.cpp, owned
// by the fan-out engineer), which runs both halves itself and reports the
// median time until every receiver acknowledged one message.
#include "fanout.hpp"
#include "measure.hpp"
#include "scenarios.hpp"

namespace aip::bench {

namespace {

row fanout_row(const std::string& name, size_t receivers, size_t payload,
               const options& opts) {
  auto j = run_fanout(receivers, payload, opts.threads);
  auto aip = j.value("aip_us", 0.0);
  auto caf = j.value("caf_us", 0.0);
  return make_row(name, "fan-out " + std::to_string(payload) + " B (median)",
                  "us", aip, caf, better::lower, j);
}

} // namespace

std::vector<row> run_fanout_scenario(const options& opts,
                                     const std::string& name,
                                     size_t receivers) {
  auto n = scaled(opts, receivers, 1);
  std::vector<row> rows;
  rows.push_back(fanout_row(name, n, 1024, opts));
  // Raw CAF copies the payload per receiver: 1M x 64 KiB would be 64 GB.
  if (receivers <= 10'000)
    rows.push_back(fanout_row(name, n, 64 * 1024, opts));
  return rows;
}

} // namespace aip::bench
