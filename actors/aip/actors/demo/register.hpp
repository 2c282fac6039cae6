#pragma once
/// The built-in agent types for demos and tests: `echo`, `sink`, `ticker`,
/// `chaos`, `calculator` and `loadgen`. docs/agents.md describes each and its args.

#include "aip/agents/agent_type_registry.hpp"

namespace aip {

/// Adds all of them to `types`.
void register_demo_agents(agent_type_registry& types);

/// One agent type each; register_demo_agents adds them all.
agent_type echo_agent_type();
agent_type sink_agent_type();
agent_type ticker_agent_type();
agent_type chaos_agent_type();

} // namespace aip
