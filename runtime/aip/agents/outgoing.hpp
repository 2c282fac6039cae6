#pragma once
/// Builds the envelope for a message leaving an agent (or a test, a bench
/// driver, a gateway): sender, recipient, priority, absolute deadline, and
/// the conversation ids. With a `cause` (the message being handled) the new
/// message keeps its correlation id and names it as causation; without one
/// it starts a conversation (correlation id = its own id).

#include "aip/agents/address.hpp"
#include "aip/agents/agent_context.hpp"
#include "aip/agents/agent_record.hpp"
#include "aip/agents/backbone.hpp"
#include "aip/agents/payload.hpp"
#include "aip/envelope/envelope.hpp"

namespace aip {

/// `timeout` (zero: none) and `opts.deadline` both bound the deadline; the
/// nearer wins. Path addresses get their id from `net.node` + path.
envelope make_outgoing(const backbone& net, const agent_identity& sender,
                       const envelope& cause, const address& to,
                       const payload& body, const send_options& opts,
                       duration timeout);

/// The answer to `request` from `me`: same correlation, caused by the
/// request, addressed to its sender, at its priority.
envelope make_reply(const envelope& request, const agent_identity& me,
                    const payload& body);

} // namespace aip
