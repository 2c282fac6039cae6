#include "aip/workflow/agent_calls.hpp"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <nlohmann/json.hpp>

#include "aip/agents/outgoing.hpp"
#include "aip/core/type_ids.hpp"
#include "aip/agents/tool_call.hpp"
#include "aip/workflow/completion.hpp"

namespace aip {

result<envelope> request(workflow& wf, const workflow_agent& me,
                         const address& to, const payload& body,
                         duration deadline, send_options opts) {
  auto limit = std::min(deadline, wf.remaining());
  if (limit.count() <= 0)
    limit = duration{1}; // expired: the await below reports the timeout
  auto e = make_outgoing(*me.net, me.as, envelope{}, to, body, opts, limit);
  auto* admitted = me.net->admit(e);
  if (admitted == nullptr)
    return workflow_error{workflow_errc::request_failed,
                          "overloaded: broker shard of node " + me.net->node
                            + " is full",
                          request_errc::overloaded};
  auto shard = *admitted;
  auto& sys = wf.system();
  return wf.await<envelope>(
    [&sys, shard, e, limit](completion<envelope> done) {
      // A one-shot actor issues the request so no scheduler thread waits.
      sys.spawn([=](caf::event_based_actor* self) {
        self->request(shard, limit, e)
          .then(
            [=](envelope& r) {
              done(std::move(r));
              self->quit();
            },
            [=](caf::error& err) {
              auto f = request_failure::from(err);
              done.fail(workflow_error{f.code == request_errc::timeout
                                         ? workflow_errc::timeout
                                         : workflow_errc::request_failed,
                                       to_string(f), f.code});
              self->quit();
            });
      });
    },
    limit);
}

result<tool_result> call_tool(workflow& wf, const workflow_agent& me,
                              const std::string& tool,
                              const nlohmann::json& args, duration deadline,
                              pick_policy pick) {
  auto body = make_tool_call(tool, args);
  auto r = request(wf, me, address::of_capability(tool, pick), body, deadline);
  if (!r)
    return r.error();
  auto res = read_tool_result(*r);
  if (!res)
    return workflow_error{workflow_errc::request_failed,
                          "tool " + tool + " answered with something not a "
                                           "ToolResult",
                          request_errc::invalid_input};
  return *res;
}

} // namespace aip
