#pragma once
/// Backbone calls from a workflow: the agent API's `request` and `call_tool`
/// in straight-line form. The fiber suspends until the reply, a typed error
/// (`workflow_errc::request_failed` with `workflow_error::request` set:
/// overloaded, circuit_open, invalid_input, ...), the deadline (its own or
/// the workflow's, whichever is nearer: `timeout`) or cancellation.
///
///   workflow_agent me{net, ctx.identity()};
///   auto sum = call_tool(wf, me, "add", {{"a", 1}, {"b", 2}}, 2s).value();
///   auto r = request(wf, me, address::of_path("root/echo"), body, 1s);

#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "aip/agents/address.hpp"
#include "aip/agents/agent_context.hpp"
#include "aip/agents/backbone.hpp"
#include "aip/agents/payload.hpp"
#include "aip/agents/reply.hpp"
#include "aip/workflow/workflow.hpp"

namespace aip {

/// Who a workflow speaks as: the node's backbone and an identity (usually
/// the agent that started the workflow).
struct workflow_agent {
  std::shared_ptr<const backbone> net;
  agent_identity as;
};

result<envelope> request(workflow& wf, const workflow_agent& me,
                         const address& to, const payload& body,
                         duration deadline, send_options opts = {});

result<tool_result> call_tool(workflow& wf, const workflow_agent& me,
                              const std::string& tool,
                              const nlohmann::json& args, duration deadline,
                              pick_policy pick = pick_policy::round_robin);

} // namespace aip
