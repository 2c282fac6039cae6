#pragma once

#include <functional>
/// The readers that turn a parsed YAML document into a `node_spec`, one per
/// level of the tree (node, supervisor, child, health). Each reports every
/// problem it finds and returns its best-effort spec; the caller discards
/// the spec when any error was reported. Internal to the config loader.

#include "aip/agents/agent_type_registry.hpp"
#include "aip/config/internal/yaml_map.hpp"
#include "aip/node/node_spec.hpp"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>

namespace aip::config_internal {

/// What every reader needs: where errors go and which agent types exist.
struct reader_env {
  error_sink& errors;
  const agent_type_registry& types;
  /// Loads one `node.plugins` entry into `types` (nullopt on success, else
  /// the message); empty when the caller does not load plugins.
  std::function<std::optional<std::string>(const std::string& path)>
    load_plugin = {};
};

/// A child spec plus the positions the tree rules report at.
struct child_read {
  child_spec spec;
  /// The `name` value, or the start of the child when it has none.
  source_location name_at;
  /// The `significant` value, when the child says `significant: true`.
  std::optional<source_location> significant_at;
};

node_spec read_node_spec(const YAML::Node& doc, reader_env& env);

/// Reads a supervisor map. A top-level supervisor (`nested_name` unset)
/// takes `name:` (default `root`); a nested one is named after its child.
/// `context` names the map in unknown-key errors.
supervisor_spec read_supervisor_spec(const YAML::Node& node,
                                     std::string_view context,
                                     std::optional<std::string> nested_name,
                                     reader_env& env);

/// Reads one entry of `children:`, or a `template:` (no name allowed).
child_read read_child_spec(const YAML::Node& node, bool is_template,
                           reader_env& env);

/// Reads `health: {interval, timeout, failures}`; all three are required.
std::optional<health_spec> read_health_spec(const yaml_entry& e,
                                            error_sink& errors);

} // namespace aip::config_internal
