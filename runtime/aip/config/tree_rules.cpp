#include "aip/config/internal/tree_rules.hpp"

#include <map>

namespace aip::config_internal {

void check_strategy_keys(strategy s, source_location strategy_at,
                         const yaml_map& supervisor, error_sink& errors) {
  auto templ = supervisor.find("template");
  if (s == strategy::simple_one_for_one) {
    if (auto children = supervisor.find("children"))
      errors.add(errors.at(children->key),
                 "children are not allowed with strategy simple_one_for_one "
                 "(use template and replicas)");
    if (!templ)
      errors.add(std::move(strategy_at),
                 "strategy simple_one_for_one requires a template");
    return;
  }
  auto name = std::string{to_string(s)};
  if (templ)
    errors.add(errors.at(templ->key),
               "template is only allowed with strategy simple_one_for_one, "
               "not "
                 + name);
  if (auto replicas = supervisor.find("replicas"))
    errors.add(errors.at(replicas->key),
               "replicas is only allowed with strategy simple_one_for_one, "
               "not "
                 + name);
}

void check_sibling_names(const std::vector<child_read>& children,
                         error_sink& errors) {
  std::map<std::string, const child_read*> seen;
  for (auto& c : children) {
    if (c.spec.name.empty())
      continue; // a missing name is reported by the child reader
    auto [it, added] = seen.emplace(c.spec.name, &c);
    if (!added)
      errors.add(c.name_at, "duplicate child name '" + c.spec.name
                              + "' (first defined at line "
                              + std::to_string(it->second->name_at.line) + ")");
  }
}

void check_significant(const child_read& child, aip::auto_shutdown parent,
                       error_sink& errors) {
  if (child.significant_at && parent == auto_shutdown::never)
    errors.add(*child.significant_at,
               "significant: true requires the supervisor's auto_shutdown to "
               "be any_significant or all_significant");
}

} // namespace aip::config_internal
