#pragma once
/// What an agent's code can do, handed to every handler and hook: who it is,
/// the message being handled, and the backbone operations: `send`, `request`
/// with a deadline, `publish` / `subscribe`, `call_tool`, timers, and
/// answering later. Every operation is asynchronous; replies and errors come
/// back as callbacks on the agent's own thread, one at a time, so handlers
/// never lock. Outgoing messages carry the current message's correlation id
/// and name it as their cause, so a conversation can be traced end to end.
/// Straight-line code that awaits replies belongs in a workflow
/// (aip/workflow/), which suspends a fiber instead.

#include <functional>
#include <memory>
#include <string>

#include <caf/fwd.hpp>
#include <nlohmann/json_fwd.hpp>

#include "aip/agents/address.hpp"
#include "aip/agents/agent_args.hpp"
#include "aip/agents/agent_record.hpp"
#include "aip/agents/payload.hpp"
#include "aip/agents/reply.hpp"
#include "aip/agents/request_error.hpp"
#include "aip/core/duration.hpp"
#include "aip/envelope/envelope.hpp"

namespace aip {

struct backbone;
struct tool_result;
class agent_host;

struct send_options {
  aip::priority priority = priority::normal;
  /// Absolute deadline = now + this; zero = none (requests use their timeout).
  duration deadline{0};
  /// Requests only: retry on timeout / overloaded / unreachable with
  /// exponential backoff and jitter, within the agent's retry budget. Only
  /// for requests that are safe to repeat.
  bool idempotent = false;
};

/// Answers a request after the handler returned `reply::later()`. Deliver
/// once; a second deliver is ignored. Dropping it unanswered answers the
/// requester `unreachable` (CAF's broken promise).
class deferred_reply {
public:
  deferred_reply();
  ~deferred_reply();
  deferred_reply(deferred_reply&&) noexcept;
  deferred_reply& operator=(deferred_reply&&) noexcept;
  deferred_reply(const deferred_reply&) = delete;
  deferred_reply& operator=(const deferred_reply&) = delete;

  void deliver(payload p);
  void fail(request_errc code, std::string what);
  bool pending() const;

private:
  friend class agent_context;
  struct impl;
  std::unique_ptr<impl> impl_;
};

class agent_context {
public:
  using reply_handler = std::function<void(const envelope& reply)>;
  using error_handler = std::function<void(const request_failure& failure)>;
  using tool_handler = std::function<void(const tool_result& result)>;

  explicit agent_context(agent_host& host) : host_(&host) {}

  const agent_identity& identity() const;
  /// The message being handled; an empty envelope in timers and hooks.
  const envelope& current() const;

  /// One-way. A refusal (overloaded, unknown recipient, deadline) comes
  /// back through the agent type's `on_undelivered` hook and is counted.
  void send(const address& to, const payload& body, send_options opts = {});

  /// Exactly one of `on_reply` / `on_error` runs, on this agent's thread,
  /// by `timeout` at the latest (`request_errc::timeout`).
  void request(const address& to, const payload& body, duration timeout,
               reply_handler on_reply, error_handler on_error,
               send_options opts = {});

  /// Every subscriber whose pattern matches `topic` gets it (no reply).
  void publish(const std::string& topic, const payload& body,
               send_options opts = {});
  /// NATS-style patterns: `orders.*.created`, `orders.>`. An invalid
  /// pattern is reported to `on_error` (invalid_input, naming the token).
  void subscribe(const std::string& pattern, error_handler on_error = {});
  void unsubscribe(const std::string& pattern);

  /// Calls tool `tool` on some agent offering it. The broker validates
  /// `args` against the tool's input schema first (`invalid_input` naming
  /// the path, e.g. `/b: expected number, got string`).
  void call_tool(const std::string& tool, const nlohmann::json& args,
                 duration timeout, tool_handler on_result,
                 error_handler on_error,
                 pick_policy pick = pick_policy::round_robin,
                 send_options opts = {});

  /// Starts an agent of registered type `type` as a child of this agent,
  /// under a one_for_one supervisor this agent owns (`<path>/children`,
  /// made on first use and linked: if it gives up, this agent fails; when
  /// this agent ends, its children are stopped). `on_started` gets the
  /// child's address (`<path>/children/<name>`); `on_error` why not (unknown
  /// type, name taken, start failure).
  void spawn_child(const std::string& name, const std::string& type,
                   agent_args args, std::function<void(const address&)> on_started,
                   error_handler on_error);

  /// In a request handler: take over answering; return `reply::later()`.
  deferred_reply defer_reply();

  /// Runs `f` once after `d` / every `d` until the agent stops.
  void after(duration d, std::function<void()> f);
  void every(duration d, std::function<void()> f);

  /// Ends this incarnation normally (a `transient` child is not restarted).
  void stop();

  /// The underlying CAF actor, for what the API does not cover.
  caf::event_based_actor* self() const;
  const backbone& net() const;

private:
  agent_host* host_;
};

} // namespace aip
