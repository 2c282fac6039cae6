#include "aip/config/internal/scalar_reader.hpp"
#include "aip/config/internal/spec_readers.hpp"
#include "aip/config/internal/tree_rules.hpp"

#include <limits>

namespace aip::config_internal {

namespace {

const std::vector<std::string> supervisor_keys
  = {"name",          "strategy", "intensity", "period",
     "auto_shutdown", "children", "template",  "replicas"};
const std::vector<std::string> strategy_names
  = {"one_for_one", "one_for_all", "rest_for_one", "simple_one_for_one"};
const std::vector<std::string> auto_shutdown_names
  = {"never", "any_significant", "all_significant"};

void read_name_key(const yaml_map& map,
                   const std::optional<std::string>& nested_name,
                   supervisor_spec& spec, error_sink& errors) {
  auto e = map.find("name");
  if (nested_name) {
    spec.name = *nested_name;
    // Two names for one tree node would disagree in paths and events.
    if (e)
      errors.add(errors.at(e->key),
                 "name: a nested supervisor is named after its child ('"
                   + *nested_name + "'); remove this key");
    return;
  }
  spec.name = "root";
  if (e)
    if (auto n = read_name(*e, "name", errors))
      spec.name = *n;
}

void read_limits(const yaml_map& map, supervisor_spec& spec,
                 error_sink& errors) {
  if (auto e = map.find("intensity")) {
    auto v = read_integer(*e, "intensity", 0, errors);
    if (v && *v > std::numeric_limits<int>::max())
      errors.add(value_at(*e, errors),
                 "intensity: too large, got " + std::to_string(*v));
    else if (v)
      spec.intensity = static_cast<int>(*v);
  }
  if (auto e = map.find("period"))
    if (auto d = read_duration(*e, "period", "5s", true, errors))
      spec.period = *d;
  if (auto e = map.find("replicas"))
    if (auto v = read_integer(*e, "replicas", 0, errors))
      spec.replicas = static_cast<size_t>(*v);
}

std::vector<child_read> read_children(const yaml_entry& e, reader_env& env) {
  std::vector<child_read> out;
  if (!e.value.IsSequence()) {
    // `children:` with nothing after it is an empty list, not a mistake.
    if (!e.value.IsNull())
      env.errors.add(value_at(e, env.errors),
                     "children: expected a list, got " + describe(e.value));
    return out;
  }
  for (const auto& item : e.value)
    out.push_back(read_child_spec(item, false, env));
  return out;
}

} // namespace

supervisor_spec read_supervisor_spec(const YAML::Node& node,
                                     std::string_view context,
                                     std::optional<std::string> nested_name,
                                     reader_env& env) {
  auto& errors = env.errors;
  supervisor_spec spec;
  yaml_map map{node, "supervisor", context, supervisor_keys, errors};
  spec.where = map.where();
  if (!map.is_map())
    return spec;
  read_name_key(map, nested_name, spec, errors);
  std::optional<strategy> strat = spec.strategy;
  source_location strategy_at = map.where();
  if (auto e = map.find("strategy")) {
    strategy_at = value_at(*e, errors);
    strat = read_choice<strategy>(*e, "strategy", "strategy", strategy_names,
                                  parse_strategy, errors);
  }
  if (strat)
    spec.strategy = *strat;
  // With an unknown auto_shutdown, significant children cannot be judged.
  bool auto_shutdown_known = true;
  if (auto e = map.find("auto_shutdown")) {
    auto a = read_choice<aip::auto_shutdown>(
      *e, "auto_shutdown", "auto_shutdown", auto_shutdown_names,
      parse_auto_shutdown, errors);
    auto_shutdown_known = a.has_value();
    if (a)
      spec.auto_shutdown = *a;
  }
  read_limits(map, spec, errors);
  std::vector<child_read> children;
  if (auto e = map.find("children"))
    children = read_children(*e, env);
  check_sibling_names(children, errors);
  for (auto& c : children) {
    if (auto_shutdown_known)
      check_significant(c, spec.auto_shutdown, errors);
    spec.children.push_back(std::move(c.spec));
  }
  if (auto e = map.find("template")) {
    auto t = read_child_spec(e->value, true, env);
    if (auto_shutdown_known)
      check_significant(t, spec.auto_shutdown, errors);
    spec.child_template = std::move(t.spec);
  }
  // An unknown strategy was reported already; guessing its rules would only
  // add noise.
  if (strat)
    check_strategy_keys(*strat, strategy_at, map, errors);
  return spec;
}

} // namespace aip::config_internal
