#include "aip/agents/outgoing.hpp"

#include "aip/agents/wall_clock.hpp"
#include "aip/envelope/make_envelope.hpp"

namespace aip {

envelope make_outgoing(const backbone& net, const agent_identity& sender,
                       const envelope& cause, const address& to,
                       const payload& body, const send_options& opts,
                       duration timeout) {
  envelope_fields f;
  f.message_id = id128::random();
  if (cause.valid()) {
    f.correlation_id = cause.correlation_id().is_nil() ? cause.message_id()
                                                       : cause.correlation_id();
    f.causation_id = cause.message_id();
  } else {
    f.correlation_id = f.message_id;
  }
  f.sender = agent_address{sender.id, sender.path};
  switch (to.how) {
    case address::kind::id:
      f.to_agent = agent_address{to.id, {}};
      break;
    case address::kind::path:
      f.to_agent = agent_address{agent_id_for(net.node, to.name), to.name};
      break;
    case address::kind::capability:
      f.to_capability = to.name;
      f.pick = to.pick;
      break;
    case address::kind::topic:
      f.to_topic = to.name;
      break;
  }
  f.priority = opts.priority;
  auto limit = opts.deadline;
  if (timeout.count() > 0 && (limit.count() == 0 || timeout < limit))
    limit = timeout;
  if (limit.count() > 0)
    f.deadline_ns = static_cast<uint64_t>(wall_clock_ns() + limit.count());
  if (body.bytes.size() > 0) {
    f.payload_type = body.type;
    f.payload = body.view();
  }
  return make_envelope(f);
}

envelope make_reply(const envelope& request, const agent_identity& me,
                    const payload& body) {
  envelope_fields f;
  f.correlation_id = request.correlation_id().is_nil()
                       ? request.message_id()
                       : request.correlation_id();
  f.causation_id = request.message_id();
  f.sender = agent_address{me.id, me.path};
  f.to_agent = request.sender();
  f.priority = request.priority();
  if (body.bytes.size() > 0) {
    f.payload_type = body.type;
    f.payload = body.view();
  }
  return make_envelope(f);
}

} // namespace aip
