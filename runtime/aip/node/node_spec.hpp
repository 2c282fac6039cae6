#pragma once
/// A whole node as a config file describes it: its name, scheduler threads,
/// where lifecycle events go, and the root supervisor.

#include <cstddef>
#include <string>
#include <vector>

#include "aip/config/source_location.hpp"
#include "aip/supervision/supervisor_spec.hpp"

namespace aip {

struct node_spec {
  std::string name = "aip";
  /// Scheduler threads; 0 = one per core.
  size_t threads = 0;
  /// CAF scheduler policy: `sharing` (default) or `stealing`. AIP defaults
  /// to sharing because CAF 0.17's stealing deque steals from the tail by
  /// walking the whole queue, so spawning N agents in one handler (a pool,
  /// a one_for_all restart) costs O(N^2) (docs/pitfalls.md).
  std::string scheduler = "sharing";
  /// `stdout`, `stderr`, `off`, or a file path (appended to).
  std::string events = "stdout";
  /// Emit per-message debug events too (correlation/causation ids, later).
  bool debug_events = false;
  /// Shared libraries with agent types (loaded before checking `type:`).
  std::vector<std::string> plugins;
  supervisor_spec root;
  source_location where;
};

} // namespace aip
