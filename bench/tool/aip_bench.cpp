// Stand-alone runner for the scenarios (the same entry point that
// `aip bench` calls), so benchmarks run without the full CLI:
//   aip-bench SCENARIO|all [--json] [--threads N] [--scale X]
#include <cstdlib>
#include <iostream>
#include <string>

#include "scenario.hpp"

int main(int argc, char** argv) {
  aip::bench::options opts;
  std::string name;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--json")
      opts.json = true;
    else if (arg == "--threads" && i + 1 < argc)
      opts.threads = std::strtoul(argv[++i], nullptr, 10);
    else if (arg == "--scale" && i + 1 < argc)
      opts.scale = std::strtod(argv[++i], nullptr);
    else if (name.empty() && arg[0] != '-')
      name = arg;
    else {
      std::cerr << "usage: aip-bench SCENARIO|all [--json] [--threads N] "
                   "[--scale X]\n";
      return 2;
    }
  }
  if (name.empty())
    name = "help";
  return aip::bench::run_scenarios(name, opts, std::cout);
}
