#include "aip/config/internal/yaml_map.hpp"

#include "aip/config/internal/closest_match.hpp"

#include <algorithm>

namespace aip::config_internal {

source_location value_at(const yaml_entry& e, const error_sink& errors) {
  return errors.at(e.value.IsNull() ? e.key : e.value);
}

std::string describe(const YAML::Node& n) {
  switch (n.Type()) {
  case YAML::NodeType::Scalar:
    return "'" + n.Scalar() + "'";
  case YAML::NodeType::Sequence:
    return "a list";
  case YAML::NodeType::Map:
    return "a map";
  default:
    return "nothing";
  }
}

yaml_map::yaml_map(const YAML::Node& node, std::string_view label,
                   std::string_view context,
                   const std::vector<std::string>& known, error_sink& errors,
                   bool any_key)
    : where_(errors.at(node)) {
  if (!node.IsMap()) {
    errors.add(where_,
               std::string{label} + ": expected a map, got " + describe(node));
    return;
  }
  is_map_ = true;
  // Copies, not references: yaml-cpp's iterators hand out temporaries.
  for (const auto& kv : node) {
    YAML::Node key = kv.first;
    if (!key.IsScalar()) {
      errors.add(errors.at(key), "keys in " + std::string{context}
                                   + " must be plain words, got "
                                   + describe(key));
      continue;
    }
    std::string name = key.Scalar();
    // yaml-cpp keeps both copies of a repeated key; YAML forbids it and a
    // silent "last one wins" hides typos in long files.
    if (auto first = find(name)) {
      errors.add(errors.at(key), "duplicate key '" + name + "' in "
                                   + std::string{context} + " (first at line "
                                   + std::to_string(errors.at(first->key).line)
                                   + ")");
      continue;
    }
    if (!any_key
        && std::find(known.begin(), known.end(), name) == known.end()) {
      auto hint = did_you_mean(name, known);
      errors.add(errors.at(key),
                 "unknown key '" + name + "' in " + std::string{context}
                   + (hint.empty() ? "; valid keys: " + join(known) : hint));
    }
    // Unknown keys are kept too: callers may report a better message.
    entries_.push_back({std::move(name), key, kv.second});
  }
}

const yaml_entry* yaml_map::find(std::string_view key) const {
  for (auto& e : entries_)
    if (e.name == key)
      return &e;
  return nullptr;
}

} // namespace aip::config_internal
