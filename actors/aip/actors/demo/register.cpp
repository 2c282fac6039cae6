#include "aip/actors/demo/register.hpp"

namespace aip {

void register_demo_agents(agent_type_registry& types) {
  types.add(echo_agent_type());
  types.add(sink_agent_type());
  types.add(ticker_agent_type());
  types.add(chaos_agent_type());
}

} // namespace aip
