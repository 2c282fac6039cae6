#include "aip/actors/broker/broker_shard.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <nlohmann/json.hpp>

#include "aip/actors/broker/topic.hpp"
#include "aip/actors/circuit_breaker/breaker_proxy.hpp"
#include "aip/actors/broker/topic_trie.hpp"
#include "aip/actors/tools/tool_catalog.hpp"
#include "aip/agents/backbone.hpp"
#include "aip/agents/payload.hpp"
#include "aip/agents/wall_clock.hpp"
#include "aip/core/type_ids.hpp"
#include "aip/events/event_log.hpp"
#include "aip/schemas/tool_call_generated.h"

namespace aip {

namespace {

struct id_hash {
  size_t operator()(id128 x) const noexcept { return x.lo ^ (x.hi * 31); }
};

struct target {
  caf::actor agent;
  std::shared_ptr<agent_record> record;
  bool critical = true;
};

struct capability {
  std::vector<target> offerers;
  size_t next = 0;
  /// Had offerers once and has none now.
  bool degraded = false;
  bool critical = false;
};

struct shard_state {
  size_t index = 0;
  std::shared_ptr<credit_gauge> credits;
  std::shared_ptr<const shard_settings> cfg;
  std::unordered_map<id128, target, id_hash> agents;
  std::unordered_map<std::string, capability> caps;
  /// Breaker proxies by agent id and by tool name, made on first use. They
  /// outlive incarnations: a restart does not reset a breaker.
  std::unordered_map<id128, caf::actor, id_hash> agent_guards;
  /// Agents whose config asks for a breaker (few: kept apart from `agents`
  /// so that the million unguarded ones do not carry the pointer).
  std::unordered_map<id128, std::shared_ptr<const circuit_breaker_config>,
                     id_hash>
    agent_breakers;
  std::unordered_map<std::string, caf::actor> tool_guards;
  tool_catalog catalog;
  topic_trie trie;
  std::unordered_map<uint64_t, target> subscribers;
  /// Every actor this shard indexes: how many indexes hold it, and the
  /// agent id it is registered under (nil if none), so that its death costs
  /// O(its entries), not a walk of every agent.
  struct watch {
    uint32_t refs = 0;
    id128 agent_id;
  };
  std::unordered_map<caf::actor_id, watch> watched;
  std::vector<subscriber_id> matched; // scratch for publish
  struct {
    uint64_t routed = 0, overloaded = 0, unreachable = 0, expired = 0,
             invalid = 0, published = 0;
  } count;
};

using shard_actor = caf::stateful_actor<shard_state>;

class router {
public:
  explicit router(shard_actor* self) : self_(self), st_(self->state) {}

  /// `guarded`: the envelope comes back from its breaker proxy (which let
  /// it through), so deliver it instead of guarding it again.
  caf::result<caf::message> route(const envelope& e, bool guarded = false) {
    auto now = wall_clock_ns();
    if (e.deadline_ns() != 0 && static_cast<int64_t>(e.deadline_ns()) <= now) {
      ++st_.count.expired;
      return refuse(e, request_errc::timeout,
                    describe_recipient(e) + ": deadline passed "
                      + to_string(duration{now - static_cast<int64_t>(
                                                   e.deadline_ns())})
                      + " before delivery",
                    {}, true);
    }
    switch (e.recipient()) {
      case recipient_kind::agent:
        return to_agent(e, guarded);
      case recipient_kind::capability:
        return to_capability(e, guarded);
      case recipient_kind::topic:
        return to_topic(e);
      default:
        ++st_.count.invalid;
        return refuse(e, request_errc::invalid_input, "envelope has no recipient",
                      {}, true);
    }
  }

  void add(registration& r) {
    if (r.capability.empty()) {
      st_.agents[r.record->identity().id]
        = target{r.agent, r.record, r.critical};
      if (r.breaker != nullptr)
        st_.agent_breakers[r.record->identity().id] = r.breaker;
      st_.watched[r.agent.id()].agent_id = r.record->identity().id;
    } else {
      if (r.tool != nullptr) {
        auto aid = r.agent.id();
        if (auto problem = st_.catalog.add(aid, *r.tool)) {
          emit("tool.rejected", r.record->identity().path, *problem);
          return;
        }
      }
      auto& cap = st_.caps[r.capability];
      cap.offerers.push_back(target{r.agent, r.record, r.critical});
      cap.degraded = false;
      cap.critical = cap.critical || r.critical;
    }
    watch(r.agent);
  }

  caf::result<caf::message> subscribe(subscription& s) {
    if (auto problem = validate_pattern(s.pattern))
      return make_error(request_errc::invalid_input, *problem);
    auto sid = s.agent.id();
    if (st_.trie.subscribe(s.pattern, sid)) {
      // Counted once per agent: its death removes all its subscriptions.
      if (st_.subscribers.emplace(sid, target{s.agent, s.record, true})
            .second)
        watch(s.agent);
    }
    return caf::make_message(caf::ok_atom::value);
  }

  void unsubscribe(subscription& s) {
    st_.trie.unsubscribe(s.pattern, s.agent.id());
  }

  void down(const caf::down_msg& dm) {
    auto dead = dm.source;
    auto aid = dead.id();
    auto w = st_.watched.find(aid);
    if (w == st_.watched.end())
      return;
    auto agent_id = w->second.agent_id;
    st_.watched.erase(w);
    // An agent's id entry is replaced by its next incarnation: remove it
    // only if it still names the dead one.
    if (!agent_id.is_nil()) {
      auto i = st_.agents.find(agent_id);
      if (i != st_.agents.end() && i->second.agent.address() == dead)
        st_.agents.erase(i);
    }
    for (auto& [name, cap] : st_.caps) {
      auto& v = cap.offerers;
      auto before = v.size();
      v.erase(std::remove_if(v.begin(), v.end(),
                             [&](const target& t) {
                               return t.agent.address() == dead;
                             }),
              v.end());
      if (before > 0 && v.empty() && !cap.degraded) {
        cap.degraded = true;
        emit("capability.degraded", name,
             "its last agent stopped: " + caf::to_string(dm.reason));
      }
    }
    st_.catalog.remove_agent(aid);
    st_.trie.unsubscribe_all(aid);
    st_.subscribers.erase(aid);
  }

  std::string readiness() const {
    bool ready = true;
    auto degraded = nlohmann::json::array();
    for (auto& [name, cap] : st_.caps)
      if (cap.degraded) {
        degraded.push_back(name);
        ready = ready && !cap.critical;
      }
    return nlohmann::json{{"ready", ready}, {"degraded", degraded}}.dump();
  }

  std::string stats() const {
    auto& c = st_.count;
    return nlohmann::json{{"shard", st_.index},
                          {"agents", st_.agents.size()},
                          {"capabilities", st_.caps.size()},
                          {"subscriptions", st_.trie.size()},
                          {"routed", c.routed},
                          {"published", c.published},
                          {"overloaded", c.overloaded},
                          {"unreachable", c.unreachable},
                          {"expired", c.expired},
                          {"invalid", c.invalid},
                          {"queue_refused", st_.credits->refused()}}
      .dump();
  }

  std::string tools(const std::string& query) const {
    auto found = query.empty() ? st_.catalog.list() : st_.catalog.search(query);
    auto out = nlohmann::json::array();
    for (auto* t : found) {
      auto i = st_.caps.find(t->name);
      out.push_back({{"name", t->name},
                     {"description", t->description},
                     {"inputSchema", t->input_schema},
                     {"offerers", i == st_.caps.end() ? 0 : i->second.offerers.size()}});
    }
    return out.dump();
  }

private:
  caf::result<caf::message> to_agent(const envelope& e, bool guarded) {
    auto i = st_.agents.find(e.recipient_agent().id);
    if (i == st_.agents.end()) {
      ++st_.count.unreachable;
      return refuse(e, request_errc::unreachable,
                    describe_recipient(e) + ": no such agent on node " + st_.cfg->node,
                    {}, true);
    }
    if (!guarded && !st_.agent_breakers.empty()) {
      auto b = st_.agent_breakers.find(i->first);
      if (b != st_.agent_breakers.end()) {
        auto& guard = st_.agent_guards[i->first];
        if (guard == nullptr)
          guard = make_guard(i->second.record->identity().path, *b->second);
        return self_->delegate(guard, guarded_atom::value, e);
      }
    }
    return deliver(e, i->second);
  }

  caf::result<caf::message> to_capability(const envelope& e, bool guarded) {
    auto name = std::string{e.recipient_capability()};
    // The breaker comes first: while it is open, callers learn that at
    // once, whether or not an offerer is registered right now.
    if (!guarded) {
      auto b = st_.cfg->tool_breakers.find(name);
      if (b != st_.cfg->tool_breakers.end()) {
        auto& guard = st_.tool_guards[name];
        if (guard == nullptr)
          guard = make_guard("tool " + name, b->second);
        return self_->delegate(guard, guarded_atom::value, e);
      }
    }
    auto i = st_.caps.find(name);
    if (i == st_.caps.end() || i->second.offerers.empty()) {
      ++st_.count.unreachable;
      bool degraded = i != st_.caps.end() && i->second.degraded;
      return refuse(e, request_errc::unreachable,
                    "capability " + name
                      + (degraded ? " is degraded: every agent offering it is "
                                    "down"
                                  : ": no agent offers it"),
                    {}, true);
    }
    if (e.payload_type() == schema::ToolCall::GetFullyQualifiedName())
      if (auto problem = check_tool_args(e, name)) {
        ++st_.count.invalid;
        return refuse(e, request_errc::invalid_input, *problem, {}, false);
      }
    auto& cap = i->second;
    auto n = cap.offerers.size();
    if (e.recipient_pick() == pick_policy::least_loaded) {
      size_t best = 0;
      for (size_t k = 1; k < n; ++k)
        if (cap.offerers[k].record->in_flight()
            < cap.offerers[best].record->in_flight())
          best = k;
      return deliver(e, cap.offerers[best]);
    }
    // Round robin, skipping offerers whose mailbox is full.
    for (size_t k = 0; k < n; ++k) {
      auto& t = cap.offerers[cap.next++ % n];
      if (t.record->in_flight() < t.record->capacity())
        return deliver(e, t);
    }
    return deliver(e, cap.offerers[cap.next++ % n]); // all full: refuse there
  }

  caf::result<caf::message> to_topic(const envelope& e) {
    auto topic = e.recipient_topic();
    st_.matched.clear();
    try {
      // match() validates while it splits: checking first would split twice.
      st_.trie.match(topic, st_.matched);
    } catch (const std::invalid_argument& problem) {
      ++st_.count.invalid;
      return refuse(e, request_errc::invalid_input, problem.what(), {}, false);
    }
    ++st_.count.published;
    for (auto sid : st_.matched) {
      auto i = st_.subscribers.find(sid);
      if (i == st_.subscribers.end())
        continue;
      auto& t = i->second;
      if (!t.record->try_acquire()) {
        ++st_.count.overloaded;
        notify_sender(e, request_errc::overloaded,
                      "subscriber " + t.record->identity().path
                        + " of topic " + std::string{topic}
                        + ": mailbox full",
                      t.record->retry_after());
        continue;
      }
      ++st_.count.routed;
      // Same envelope, same buffer: fan-out copies no payload bytes.
      self_->send(t.agent, e);
    }
    trace(e, "topic");
    return caf::delegated<caf::message>{};
  }

  caf::result<caf::message> deliver(const envelope& e, const target& t) {
    if (!t.record->try_acquire()) {
      ++st_.count.overloaded;
      auto waiting = t.record->in_flight();
      return refuse(e, request_errc::overloaded,
                    t.record->identity().path + ": mailbox full ("
                      + std::to_string(waiting) + " waiting)",
                    t.record->retry_after(), false);
    }
    ++st_.count.routed;
    trace(e, t.record->identity().path);
    return self_->delegate(t.agent, e);
  }

  std::optional<std::string> check_tool_args(const envelope& e,
                                             const std::string& tool) {
    auto* schema = st_.catalog.input_schema(tool);
    if (schema == nullptr)
      return std::nullopt; // a skill, not a tool: nothing declared
    auto* call = read_payload<schema::ToolCall>(e);
    if (call == nullptr)
      return "tool " + tool + ": payload is not a valid ToolCall";
    auto args = nlohmann::json::parse(
      call->args_json() != nullptr ? call->args_json()->str() : "{}", nullptr,
      false);
    if (args.is_discarded())
      return "tool " + tool + ": arguments are not valid JSON";
    auto errors = schema->validate(args, "/args");
    if (errors.empty())
      return std::nullopt;
    return "tool " + tool + ": " + first_error_text(errors);
  }

  /// Answers a refused message: an error for a request, a delivery_failure
  /// for a one-way sender. `dead` also records it as a dead letter.
  caf::result<caf::message> refuse(const envelope& e, request_errc code,
                                   std::string what, duration retry_after,
                                   bool dead) {
    if (dead) {
      auto dl = dead_letter_for(e, code, what);
      self_->send(st_.cfg->dead_letters, std::move(dl));
    }
    if (self_->current_message_id().is_request())
      return make_error(code, std::move(what), retry_after);
    notify_sender(e, code, std::move(what), retry_after);
    return caf::delegated<caf::message>{};
  }

  void notify_sender(const envelope& e, request_errc code, std::string what,
                     duration retry_after) {
    auto to = caf::actor_cast<caf::actor>(self_->current_sender());
    if (to == nullptr)
      return;
    self_->send(to, delivery_failure{e.message_id(), code, std::move(what),
                                     retry_after.count()});
  }

  /// A breaker proxy whose target is this shard: what it lets through comes
  /// back as (guarded_atom, envelope) and is delivered normally, credits
  /// included; the answer flows back through the proxy, which counts it.
  caf::actor make_guard(const std::string& name,
                        const circuit_breaker_config& cfg) {
    breaker_proxy_options opts;
    opts.name = name;
    opts.config = cfg;
    opts.events = st_.cfg->events;
    auto guard = spawn_breaker_proxy(self_, caf::actor_cast<caf::actor>(self_),
                                     std::move(opts));
    // The proxy holds this shard as its target; stop it with the shard.
    self_->attach_functor(
      [guard] { caf::anon_send_exit(guard, caf::exit_reason::user_shutdown); });
    return guard;
  }

  void watch(const caf::actor& a) {
    if (st_.watched[a.id()].refs++ == 0)
      self_->monitor(a);
  }

  void trace(const envelope& e, const std::string& to) {
    if (!st_.cfg->debug_events || !st_.cfg->events)
      return;
    auto from = e.sender();
    nlohmann::json extra{{"message_id", to_string(e.message_id())},
                         {"correlation_id", to_string(e.correlation_id())},
                         {"causation_id", to_string(e.causation_id())},
                         {"from", std::string{from.path}},
                         {"payload_type", std::string{e.payload_type()}},
                         {"shard", st_.index}};
    st_.cfg->events->emit("message.routed", to, "", 0, &extra);
  }

  void emit(const char* event, const std::string& path, const std::string& why) {
    if (st_.cfg->events)
      st_.cfg->events->emit(event, path, why, 0);
  }

  shard_actor* self_;
  shard_state& st_;
};

caf::behavior shard(shard_actor* self, size_t index,
                    std::shared_ptr<const shard_settings> cfg,
                    std::shared_ptr<credit_gauge> credits) {
  self->state.index = index;
  self->state.credits = std::move(credits);
  self->state.cfg = std::move(cfg);
  self->set_down_handler([self](caf::down_msg& dm) { router{self}.down(dm); });
  return {
    [self](const envelope& e) {
      self->state.credits->release(); // it has left the queue
      return router{self}.route(e);
    },
    [self](guarded_atom, const envelope& e) {
      return router{self}.route(e, true);
    },
    [self](register_atom, registration& r) { router{self}.add(r); },
    [self](subscribe_atom, subscription& s) {
      return router{self}.subscribe(s);
    },
    [self](unsubscribe_atom, subscription& s) { router{self}.unsubscribe(s); },
    [self](readiness_atom) { return router{self}.readiness(); },
    [self](stats_atom) { return router{self}.stats(); },
    [self](tools_atom, const std::string& query) {
      return router{self}.tools(query);
    },
  };
}

} // namespace

caf::actor spawn_broker_shard(caf::actor_system& sys, size_t index,
                              std::shared_ptr<const shard_settings> settings,
                              std::shared_ptr<credit_gauge> credits) {
  return sys.spawn(shard, index, std::move(settings), std::move(credits));
}

} // namespace aip
