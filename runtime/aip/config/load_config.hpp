#pragma once
/// Reads a node config (YAML) into a `node_spec`, checking everything that can
/// be checked without running: keys, types, durations, names, strategies,
/// agent types and their args. Collects EVERY error, not just the first.
///
/// Example:
///   auto r = aip::load_config_file("node.yaml", types);
///   for (auto& e : r.errors) std::cerr << to_string(e) << '\n';
///   if (r.ok()) run(*r.spec);

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aip/agents/agent_type_registry.hpp"
#include "aip/config/config_error.hpp"
#include "aip/node/node_spec.hpp"
#include "aip/plugins/plugin_loader.hpp"

namespace aip {

struct config_result {
  std::optional<node_spec> spec;  // set only when errors is empty
  std::vector<config_error> errors;

  bool ok() const { return errors.empty() && spec.has_value(); }
};

/// Loads `path`; a missing or unreadable file is one error naming the file.
config_result load_config_file(const std::string& path,
                               const agent_type_registry& types);

/// Loads YAML text; `file_name` is used in error locations.
config_result load_config_string(std::string_view yaml,
                                 const std::string& file_name,
                                 const agent_type_registry& types);

/// As above, but first loads every `node.plugins` entry into `types` through
/// `plugins` (relative paths are relative to the config file's folder), so
/// the plugins' agent types can be used; a plugin that fails to load is a
/// config error at its entry.
config_result load_config_file(const std::string& path,
                               agent_type_registry& types,
                               plugin_loader& plugins);

} // namespace aip
