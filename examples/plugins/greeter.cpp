// The `greeter` agent type as a plugin: (std::string name) -> "hello, name"
// (or `greeting` from its args instead of "hello").
#include <caf/event_based_actor.hpp>

#include "aip/agents/agent_defaults.hpp"
#include "aip/plugins/plugin_api.hpp"

namespace {

caf::behavior greeter(caf::event_based_actor* self, std::string greeting) {
  return aip::make_agent_behavior(
    self, caf::behavior{[greeting](const std::string& name) {
      return greeting + ", " + name;
    }});
}

aip::agent_type greeter_type() {
  return {"greeter",
          "answers (string name) with \"<greeting>, name\"",
          {{"greeting", aip::arg_kind::string, "default: hello"}},
          [](caf::local_actor* parent,
             const aip::agent_args& args,
             const aip::spawn_site&) -> caf::expected<caf::actor> {
            return parent->spawn<caf::lazy_init>(
              greeter, args.get_string("greeting", "hello"));
          }};
}

int register_types(aip::agent_type_registry& types) {
  types.add(greeter_type());
  return 0;
}

} // namespace

AIP_PLUGIN("greeter", "1.0", register_types)
