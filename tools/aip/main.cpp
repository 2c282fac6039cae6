// aip: check configs, run a node, benchmark against raw CAF.
#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"aip: an actor runtime for AI-agent infrastructure"};
  app.require_subcommand(1);

  std::vector<std::string> check_files;
  auto* check = app.add_subcommand("check", "validate config files without running");
  check->add_option("FILE", check_files, "config files")->required();

  aip::cli::up_options up_opts;
  auto* up = app.add_subcommand("up", "run a node (the embedded default tree without FILE)");
  up->add_option("FILE", up_opts.file, "config file");
  up->add_option("--for", up_opts.run_for, "stop gracefully after DURATION (e.g. 10s)");
  up->add_option("--events", up_opts.events, "event stream: stdout, stderr, off or a file");

  auto* types = app.add_subcommand("types", "list agent types and their args");

  aip::cli::bench_options bench_opts;
  auto* bench = app.add_subcommand("bench", "run a benchmark scenario (AIP vs raw CAF)");
  bench->add_option("SCENARIO", bench_opts.scenario, "scenario name or 'all'")->required();
  bench->add_flag("--json", bench_opts.json, "one JSON object per result row");
  bench->add_option("--agents", bench_opts.agents, "load: agents (default 10000)");
  bench->add_option("--rate", bench_opts.rate, "load: requests/s, 0 = closed loop at max (default)");
  bench->add_option("--duration", bench_opts.duration, "load: how long to drive traffic (default 5s)");
  bench->add_option("--threads", bench_opts.threads, "scheduler threads (default: cores)");
  bench->add_option("--scale", bench_opts.scale, "multiply each scenario's N");

  CLI11_PARSE(app, argc, argv);
  if (*check)
    return aip::cli::check(check_files);
  if (*up)
    return aip::cli::up(up_opts);
  if (*types)
    return aip::cli::types();
  if (*bench)
    return aip::cli::bench(bench_opts);
  return 2;
}
