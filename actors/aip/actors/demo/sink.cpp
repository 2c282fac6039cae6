// sink: accepts and counts every message (envelopes and plain CAF
// messages); a request is acknowledged with an empty reply.
#include <cstdint>

#include "aip/actors/demo/register.hpp"
#include "aip/agents/agent_definition.hpp"

namespace aip {

namespace {

struct sink_state {
  uint64_t received = 0;
};

} // namespace

agent_type sink_agent_type() {
  return define_agent<sink_state>("sink")
    .summary("accepts and counts every message")
    .on_any([](sink_state& st, agent_context&, const envelope&) {
      ++st.received;
    })
    .on_raw([](sink_state& st, caf::message_view&) {
      ++st.received;
      return caf::message{};
    })
    .build();
}

} // namespace aip
