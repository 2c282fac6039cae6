#include <iostream>

#include "aip/core/duration.hpp"
#include "commands.hpp"

#ifdef AIP_WITH_BENCH
#  include "scenario.hpp"
#endif

namespace aip::cli {

int bench(const bench_options& opts) {
#ifdef AIP_WITH_BENCH
  aip::bench::options o;
  o.json = opts.json;
  o.threads = opts.threads;
  o.scale = opts.scale;
  o.agents = opts.agents;
  o.rate = opts.rate;
  auto d = parse_duration(opts.duration);
  if (!d) {
    std::cerr << "aip bench: --duration: expected a duration like 10s, got '"
              << opts.duration << "'\n";
    return 2;
  }
  o.duration_s = std::chrono::duration<double>(*d).count();
  return aip::bench::run_scenarios(opts.scenario, o, std::cout);
#else
  std::cerr << "aip bench: this binary was built with AIP_BUILD_BENCH=OFF\n";
  return 2;
#endif
}

} // namespace aip::cli
