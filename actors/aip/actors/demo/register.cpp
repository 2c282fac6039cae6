#include "aip/actors/demo/register.hpp"

#include "aip/actors/calculator/calculator.hpp"
#include "aip/actors/loadgen/loadgen.hpp"

namespace aip {

void register_demo_agents(agent_type_registry& types) {
  types.add(echo_agent_type());
  types.add(sink_agent_type());
  types.add(ticker_agent_type());
  types.add(chaos_agent_type());
  types.add(calculator_agent_type());
  types.add(loadgen_agent_type());
}

} // namespace aip
