#include <iostream>

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
  return aip::bench::run_scenarios(opts.scenario, o, std::cout);
#else
  std::cerr << "aip bench: this binary was built with AIP_BUILD_BENCH=OFF\n";
  return 2;
#endif
}

} // namespace aip::cli
