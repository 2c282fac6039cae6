#include "aip/actors/builtin.hpp"

#include "aip/actors/demo/register.hpp"
#include "aip/actors/inference/inference_agent.hpp"
#include "aip/actors/memory/memory_agent.hpp"

namespace aip {

void register_builtin_agents(agent_type_registry& types) {
  register_demo_agents(types);
  types.add(memory_agent_type());
  types.add(embedder_agent_type());
  types.add(classifier_agent_type());
}

} // namespace aip
