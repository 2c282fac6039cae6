#pragma once
/// The CAF actor behind every agent written with define_agent: it owns the
/// agent's state and context, takes envelopes from the broker shards,
/// handles them most-urgent-first within its look-ahead window, answers
/// requests, and gives each message's mailbox credit back. Internal to the
/// agent API (agent_context.cpp, spawn_agent.cpp); agents never see it.
///
/// Priority guarantee (docs/broker.md): among the messages an agent has
/// received and not yet handled, up to `lookahead` of them, it handles
/// urgent before normal before bulk, FIFO within a priority; after 15
/// higher-priority messages in a row while a lower one waits, the oldest
/// lower one goes next, so bulk is slowed but never starved.

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <unordered_map>

#include <caf/event_based_actor.hpp>
#include <caf/expected.hpp>
#include <caf/response_promise.hpp>

#include "aip/agents/agent_blueprint.hpp"
#include "aip/agents/agent_context.hpp"
#include "aip/agents/backbone.hpp"
#include "aip/agents/backbone_protocol.hpp"

namespace aip {

class retry_budget;

class agent_host : public caf::event_based_actor {
public:
  agent_host(caf::actor_config& cfg, std::shared_ptr<const agent_blueprint> bp,
             std::shared_ptr<agent_record> record,
             std::shared_ptr<const backbone> net,
             std::shared_ptr<const agent_args> args);
  ~agent_host() override;

  caf::behavior make_behavior() override;
  void on_exit() override;

  // -- used by agent_context ------------------------------------------------

  const agent_record& record() const { return *record_; }
  const std::shared_ptr<agent_record>& record_ptr() const { return record_; }
  const envelope& current() const { return current_; }
  const backbone& net() const;
  bool has_net() const { return net_ != nullptr; }
  /// The promise of the message being handled, made on first use.
  caf::response_promise take_promise();
  void add_timer(duration d, std::function<void()> f, bool periodic);
  retry_budget& budget();
  /// The supervisor of this agent's children, made and started on first use.
  const caf::actor& children();

private:
  struct item {
    envelope msg;
    caf::response_promise promise;
  };

  caf::result<envelope> on_envelope(const envelope& e);
  void hold(const envelope& e);
  /// Handles buffered messages while the mailbox is empty or the buffer
  /// is at its look-ahead limit; schedules a drain if any remain.
  void pump();
  item pop_best();
  /// Runs the handler for `e`; returns its reply or an error reply.
  reply dispatch(const envelope& e);
  /// The answer `r` makes to `request`: its reply envelope or error;
  /// nullopt when the handler answers later itself.
  std::optional<caf::expected<envelope>> answer_for(const envelope& request,
                                                    reply& r);
  /// Answers the message being handled (fast path) through CAF's result.
  caf::result<envelope> finish(const envelope& e, reply r);
  /// Answers a queued request through its promise.
  void answer(item& x, reply r);
  bool expired(const envelope& e, int64_t now_ns);
  void report_expired(const envelope& e, int64_t now_ns);
  void ensure_state();

  std::shared_ptr<const agent_blueprint> bp_;
  std::shared_ptr<agent_record> record_;
  std::shared_ptr<const backbone> net_;
  std::shared_ptr<const agent_args> args_;
  agent_context ctx_;
  agent_blueprint::state_ptr state_;
  envelope current_;
  /// While a queued request is handled: its promise, which
  /// `take_promise` moves out (then the handler answers, not pump).
  caf::response_promise* current_promise_ = nullptr;
  /// Allocated when a message first has to wait (most agents never do).
  std::unique_ptr<std::array<std::deque<item>, 3>> waiting_;
  size_t waiting_count_ = 0;
  int skips_ = 0;
  bool drain_scheduled_ = false;
  uint32_t handled_ = 0;
  struct timer {
    duration period;
    std::function<void()> fn;
  };
  /// What few agents use, allocated on first use: a million idle agents
  /// should not each carry it (docs/benchmarks.md, RSS per agent).
  struct extras {
    std::unordered_map<uint64_t, timer> timers;
    uint64_t next_timer = 0;
    std::unique_ptr<retry_budget> budget;
    caf::actor children;
    ~extras();
  };
  extras& more();
  std::unique_ptr<extras> more_;
};

} // namespace aip
