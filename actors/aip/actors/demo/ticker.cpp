// ticker: counts ticks every `interval`; (caf::get_atom) -> uint64_t ticks.
// A heartbeat that shows a tree is alive and keeps ticking across restarts
// of its siblings.
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "aip/actors/demo/register.hpp"
#include "aip/agents/agent_defaults.hpp"

namespace aip {

namespace {

struct ticker_state {
  uint64_t ticks = 0;
};

caf::behavior ticker(caf::stateful_actor<ticker_state>* self,
                     duration interval) {
  self->delayed_send(self, interval, caf::tick_atom::value);
  return make_agent_behavior(
    self, caf::behavior{
            [self, interval](caf::tick_atom) {
              ++self->state.ticks;
              self->delayed_send(self, interval, caf::tick_atom::value);
            },
            [self](caf::get_atom) { return self->state.ticks; },
          });
}

} // namespace

agent_type ticker_agent_type() {
  return {"ticker",
          "ticks every `interval`; (get) -> ticks so far",
          {{"interval", arg_kind::duration, "time between ticks (default 1s)"}},
          [](caf::local_actor* parent,
             const agent_args& args) -> caf::expected<caf::actor> {
            auto interval = args.get_duration("interval", std::chrono::seconds{1});
            return parent->spawn(ticker, interval);
          }};
}

} // namespace aip
