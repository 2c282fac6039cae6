// ticker: a heartbeat every `interval`; with `topic`, each beat is published
// there as an aip.demo.Tick, which is how demos show pub/sub.
#include <cstdint>

#include "aip/actors/demo/register.hpp"
#include "aip/agents/agent_definition.hpp"
#include "aip/agents/wall_clock.hpp"
#include "aip/schemas/demo_generated.h"

namespace aip {

namespace {

struct ticker_state {
  duration interval;
  std::string topic;
  uint64_t ticks = 0;

  explicit ticker_state(const agent_args& args)
    : interval(args.get_duration("interval", std::chrono::seconds{1})),
      topic(args.get_string("topic", "")) {}
};

void beat(ticker_state& st, agent_context& ctx) {
  ++st.ticks;
  if (st.topic.empty())
    return;
  auto seq = st.ticks;
  ctx.publish(st.topic,
              make_payload<demo::Tick>([&](flatbuffers::FlatBufferBuilder& b) {
                return demo::CreateTick(b, seq,
                                        static_cast<uint64_t>(wall_clock_ns()));
              }));
}

} // namespace

agent_type ticker_agent_type() {
  return define_agent<ticker_state>("ticker")
    .summary("ticks every `interval`, publishing each tick on `topic` if set")
    .arg("interval", arg_kind::duration, "time between ticks (default 1s)")
    .arg("topic", arg_kind::string, "publish aip.demo.Tick here (default: none)")
    .on_start([](ticker_state& st, agent_context& ctx) {
      ctx.every(st.interval, [&st, &ctx] { beat(st, ctx); });
    })
    .build();
}

} // namespace aip
