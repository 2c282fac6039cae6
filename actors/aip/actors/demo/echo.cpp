// echo: replies to every request with the request itself (CAF's `reflect`),
// or, with `reply_delay`, after that delay (replies keep arrival order).
#include <deque>
#include <utility>

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "aip/actors/demo/register.hpp"
#include "aip/agents/agent_defaults.hpp"

namespace aip {

namespace {

caf::behavior echo(caf::event_based_actor* self) {
  self->set_default_handler(caf::reflect);
  return make_agent_behavior(self, caf::behavior{});
}

struct delayed_echo_state {
  std::deque<std::pair<caf::response_promise, caf::message>> pending;
};

using delayed_echo_actor = caf::stateful_actor<delayed_echo_state>;

caf::behavior delayed_echo(delayed_echo_actor* self, duration delay) {
  self->set_default_handler(
    [self, delay](caf::scheduled_actor*,
                  caf::message_view& x) -> caf::result<caf::message> {
      self->state.pending.emplace_back(self->make_response_promise(),
                                       x.move_content_to_message());
      self->delayed_send(self, delay, caf::tick_atom::value);
      return caf::delegated<caf::message>{};
    });
  return make_agent_behavior(self, caf::behavior{[self](caf::tick_atom) {
    auto& pending = self->state.pending;
    if (pending.empty())
      return;
    pending.front().first.deliver(std::move(pending.front().second));
    pending.pop_front();
  }});
}

} // namespace

agent_type echo_agent_type() {
  return {"echo",
          "replies to every message with the same message",
          {{"reply_delay", arg_kind::duration,
            "wait this long before replying (default 0)"}},
          [](caf::local_actor* parent,
             const agent_args& args) -> caf::expected<caf::actor> {
            auto delay = args.get_duration("reply_delay", duration{0});
            // Lazy: a purely reactive agent needs no scheduling until its
            // first message, which makes bulk spawns (pools, one_for_all
            // restarts) cheap.
            if (delay.count() == 0)
              return parent->spawn<caf::lazy_init>(echo);
            return parent->spawn(delayed_echo, delay);
          }};
}

} // namespace aip
