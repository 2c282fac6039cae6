#pragma once
/// The built-in agent types for demos and tests: `echo`, `sink`, `ticker`
/// and `chaos`. docs/agents.md describes each and its args.

#include "aip/agents/agent_type_registry.hpp"

namespace aip {

/// Adds echo, sink, ticker and chaos to `types`.
void register_demo_agents(agent_type_registry& types);

/// One agent type each; register_demo_agents adds them all.
agent_type echo_agent_type();
agent_type sink_agent_type();
agent_type ticker_agent_type();
agent_type chaos_agent_type();

} // namespace aip
