// echo: answers every request with a copy of its payload, or, with
// `reply_delay`, after that delay. Plain CAF messages are reflected too, so
// benchmarks can compare it with a raw CAF echo actor.
#include <memory>

#include "aip/actors/demo/register.hpp"
#include "aip/agents/agent_definition.hpp"

namespace aip {

namespace {

struct echo_state {
  duration delay;

  explicit echo_state(const agent_args& args)
    : delay(args.get_duration("reply_delay", duration{0})) {}
};

reply echo_back(echo_state& st, agent_context& ctx, const envelope& e) {
  auto body = copy_payload(e);
  if (st.delay.count() == 0)
    return reply{std::move(body)};
  auto later = std::make_shared<deferred_reply>(ctx.defer_reply());
  auto held = std::make_shared<payload>(std::move(body));
  ctx.after(st.delay, [later, held] { later->deliver(std::move(*held)); });
  return reply::later();
}

} // namespace

agent_type echo_agent_type() {
  return define_agent<echo_state>("echo")
    .summary("replies to every message with the same message")
    .arg("reply_delay", arg_kind::duration,
         "wait this long before replying (default 0)")
    .on_any(echo_back)
    .on_raw([](echo_state&, caf::message_view& x) {
      return x.move_content_to_message();
    })
    .build();
}

} // namespace aip
