#include "aip/agents/agent_type_registry.hpp"

namespace aip {

const char* to_string(arg_kind k) {
  switch (k) {
    case arg_kind::boolean:
      return "boolean";
    case arg_kind::integer:
      return "integer";
    case arg_kind::number:
      return "number";
    case arg_kind::string:
      return "string";
    case arg_kind::duration:
      return "duration";
  }
  return "?";
}

bool agent_type_registry::add(agent_type t) {
  auto name = t.name;
  return types_
    .emplace(std::move(name), std::make_shared<const agent_type>(std::move(t)))
    .second;
}

const agent_type* agent_type_registry::find(const std::string& name) const {
  auto i = types_.find(name);
  return i == types_.end() ? nullptr : i->second.get();
}

std::vector<std::string> agent_type_registry::names() const {
  std::vector<std::string> out;
  for (auto& kv : types_)
    out.push_back(kv.first);
  return out;
}

} // namespace aip
