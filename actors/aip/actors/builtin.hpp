#pragma once
/// Every agent type the `aip` binary offers out of the box: the demo types
/// (demo/register.hpp), `memory`, `embedder` and `classifier`.

#include "aip/agents/agent_type_registry.hpp"

namespace aip {

void register_builtin_agents(agent_type_registry& types);

} // namespace aip
