#pragma once
/// The type-erased description of an agent class that `define_agent` builds
/// and every incarnation shares (read-only): how to make its private state,
/// its handlers by payload type, its tools and skills, its hooks.
/// `spawn_agent` starts one incarnation from it and registers it with the
/// backbone. Agent authors use agent_definition.hpp instead.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <caf/fwd.hpp>
#include <nlohmann/json_fwd.hpp>

#include "aip/agents/agent_args.hpp"
#include "aip/agents/agent_type.hpp"
#include "aip/agents/reply.hpp"
#include "aip/agents/tool_spec.hpp"

namespace aip {

class agent_context;
struct delivery_failure;

/// An agent's private state, owned by its actor.
struct agent_state_base {
  virtual ~agent_state_base() = default;
};

struct agent_blueprint {
  using state_ptr = std::unique_ptr<agent_state_base>;
  using make_state_fn
    = std::function<state_ptr(agent_context&, const agent_args&)>;
  using message_fn = std::function<reply(agent_state_base&, agent_context&,
                                         const envelope&)>;
  using tool_fn = std::function<tool_result(agent_state_base&, agent_context&,
                                            const nlohmann::json&)>;
  using hook_fn = std::function<void(agent_state_base&, agent_context&)>;
  using stop_fn = std::function<void(agent_state_base&, agent_context&,
                                     const std::string& reason)>;
  using undelivered_fn = std::function<void(
    agent_state_base&, agent_context&, const delivery_failure&)>;
  using raw_fn
    = std::function<caf::message(agent_state_base&, caf::message_view&)>;

  std::string klass;
  make_state_fn make_state;
  /// By payload type (`aip.demo.Text`); ordered with a transparent
  /// comparator so the hot path looks up the envelope's string_view as is.
  std::map<std::string, message_fn, std::less<>> handlers;
  /// Any other payload type; unset: such messages are answered
  /// `invalid_input` naming the agent and the type.
  message_fn fallback;
  std::vector<std::shared_ptr<const tool_spec>> tools;
  std::map<std::string, tool_fn, std::less<>> tool_fns;
  std::vector<std::string> skills;
  hook_fn on_start;
  stop_fn on_stop;
  undelivered_fn on_undelivered;
  /// Plain CAF messages that are not envelopes (benchmarks comparing with
  /// raw CAF, bridges); unset: CAF's default (logged and dropped).
  raw_fn on_raw;
};

/// Starts one incarnation of `bp` under `parent` at `site.path` and, when
/// the node has a backbone, registers it there (by id, and as an offerer of
/// each tool and skill) before returning: a message sent after the spawn
/// finds it. Agents without an `on_start` hook start lazily (no scheduling
/// until their first message), which keeps pools of 1M agents cheap.
caf::expected<caf::actor> spawn_agent(std::shared_ptr<const agent_blueprint> bp,
                                      caf::local_actor* parent,
                                      const spawn_site& site);

} // namespace aip
