#pragma once
/// A whole node as a config file describes it: its name, scheduler threads,
/// where lifecycle events go, and the root supervisor.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "aip/config/source_location.hpp"
#include "aip/resilience/circuit_breaker_config.hpp"
#include "aip/supervision/supervisor_spec.hpp"

namespace aip {

/// The message backbone (`node.broker:`).
struct broker_spec {
  /// Broker shards; 0 = one per scheduler thread.
  size_t shards = 0;
  /// Default mailbox credits per agent.
  uint32_t mailbox = 1024;
  /// How many received messages an agent looks over to pick the most urgent.
  uint32_t lookahead = 32;
  /// Undeliverable messages the dead-letter sink keeps (oldest dropped first;
  /// counts are kept for all).
  size_t dead_letters = 10000;
};

struct node_spec {
  std::string name = "aip";
  /// Scheduler threads; 0 = one per core.
  size_t threads = 0;
  /// CAF scheduler policy: `sharing` (default) or `stealing`. AIP defaults
  /// to sharing because CAF 0.17's stealing deque steals from the tail by
  /// walking the whole queue, so spawning N agents in one handler (a pool,
  /// a one_for_all restart) costs O(N^2) (docs/pitfalls.md).
  std::string scheduler = "sharing";
  /// Messages an actor handles per turn before its thread moves on. CAF's
  /// default is unbounded, which lets one always-busy actor (a shard under
  /// a flood) keep a thread while the agents it feeds wait: a flooded slow
  /// agent handled 2k msgs/s instead of 150k (docs/benchmarks.md, flood).
  size_t max_throughput = 300;
  /// `stdout`, `stderr`, `off`, or a file path (appended to).
  std::string events = "stdout";
  /// Emit per-message debug events too (correlation/causation ids, later).
  bool debug_events = false;
  /// Shared libraries with agent types (loaded before checking `type:`).
  std::vector<std::string> plugins;
  broker_spec broker;
  /// Circuit breakers per tool name (`node.tools.<name>.circuit_breaker`).
  std::map<std::string, circuit_breaker_config> tool_breakers;
  supervisor_spec root;
  source_location where;
};

} // namespace aip
