// sink: swallows every message and counts them; (caf::get_atom) -> uint64_t
// tells how many it has seen.
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "aip/actors/demo/register.hpp"
#include "aip/agents/agent_defaults.hpp"

namespace aip {

namespace {

struct sink_state {
  uint64_t received = 0;
};

caf::behavior sink(caf::stateful_actor<sink_state>* self) {
  self->set_default_handler(
    [self](caf::scheduled_actor*, caf::message_view&) -> caf::result<caf::message> {
      ++self->state.received;
      return caf::message{};
    });
  return make_agent_behavior(self, caf::behavior{[self](caf::get_atom) {
    return self->state.received;
  }});
}

} // namespace

agent_type sink_agent_type() {
  return {"sink",
          "accepts and counts every message; (get) -> count",
          {},
          [](caf::local_actor* parent,
             const agent_args&) -> caf::expected<caf::actor> {
            return parent->spawn<caf::lazy_init>(sink); // reactive: see echo
          }};
}

} // namespace aip
