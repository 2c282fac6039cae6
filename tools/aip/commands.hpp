#pragma once
/// The subcommands of the `aip` binary; main.cpp wires them to CLI11.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aip/agents/agent_type_registry.hpp"
#include "aip/plugins/plugin_loader.hpp"

namespace aip::cli {

/// Agent types known to the binary (built-ins).
std::shared_ptr<agent_type_registry> builtin_types();

/// The process's plugin loader (plugins stay loaded until exit).
plugin_loader& plugins();

/// The YAML of the embedded default tree (examples/default.yaml).
const char* default_tree_yaml();

/// `aip check FILE...`: 0 when every file is valid, 2 after printing every
/// error as FILE:LINE:COL: message.
int check(const std::vector<std::string>& files);

struct up_options {
  std::optional<std::string> file;
  std::optional<std::string> run_for;
  std::optional<std::string> events;
};

/// `aip up [FILE] [--for D] [--events PATH]`: see aip::node_status.
int up(const up_options& opts);

/// `aip types`: lists agent types and their args.
int types();

struct bench_options {
  std::string scenario;
  bool json = false;
  size_t threads = 0;
  double scale = 1.0;
  size_t agents = 10'000;
  double rate = 0;
  std::string duration = "5s";
};

/// `aip bench SCENARIO`: 0, 1 (a scenario failed) or 2 (unknown scenario).
int bench(const bench_options& opts);

} // namespace aip::cli
