#pragma once
/// A YAML map opened for reading by the config loader: checks that the node
/// is a map, that every key is known (suggesting the closest valid key) and
/// appears once, and keeps each key with its value and position.

#include "aip/config/internal/error_sink.hpp"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aip::config_internal {

/// One `key: value` pair of a map.
struct yaml_entry {
  std::string name;
  YAML::Node key;
  YAML::Node value;
};

/// Where an error about `e`'s value belongs: the value, or the key when the
/// value is empty (yaml-cpp marks an empty value at the next token).
source_location value_at(const yaml_entry& e, const error_sink& errors);

/// `'text'` for scalars, `a map`, `a list` or `nothing`: the "got ..." part
/// of type errors.
std::string describe(const YAML::Node& n);

class yaml_map {
public:
  /// Opens `node`. `label` names it in type errors (`label: expected a map,
  /// got a list`); `context` in unknown-key errors (`unknown key 'x' in
  /// context`). Keys outside `known` are errors; an empty `known` with
  /// `any_key` set accepts every key (agent args check their own).
  yaml_map(const YAML::Node& node, std::string_view label,
           std::string_view context, const std::vector<std::string>& known,
           error_sink& errors, bool any_key = false);

  /// False when the node was not a map (already reported); then no entries.
  bool is_map() const { return is_map_; }

  /// The entry for `key`, or nullptr. Duplicated keys yield the first.
  const yaml_entry* find(std::string_view key) const;

  const std::vector<yaml_entry>& entries() const { return entries_; }

  /// Start of the map (first key), for errors about the map as a whole.
  const source_location& where() const { return where_; }

private:
  bool is_map_ = false;
  std::vector<yaml_entry> entries_;
  source_location where_;
};

} // namespace aip::config_internal
