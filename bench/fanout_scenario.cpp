// fanout_10k: rows around run_fanout() (bench/fanout.cpp, owned
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
                                     const std::string& name) {
  auto n = scaled(opts, 10'000, 1);
  // The same receivers get a 1 KB and a 1 MB envelope: AIP's time must not
  // depend on the payload size; raw CAF copying per receiver does.
  return {fanout_row(name, n, 1024, opts),
          fanout_row(name, n, 1024 * 1024, opts)};
}

} // namespace aip::bench
