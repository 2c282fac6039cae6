#pragma once
/// Agent types by name. Filled at start-up (built-ins, then plugins or the
/// embedding program), then only read: config checking and supervisors look
/// types up concurrently without locks.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "aip/agents/agent_type.hpp"

namespace aip {

class agent_type_registry {
public:
  /// Adds `t`; returns false (and changes nothing) if the name is taken.
  bool add(agent_type t);

  /// Returns the type called `name`, or nullptr.
  const agent_type* find(const std::string& name) const;

  /// All registered names, sorted (for error messages and `aip types`).
  std::vector<std::string> names() const;

private:
  std::map<std::string, std::shared_ptr<const agent_type>> types_;
};

} // namespace aip
