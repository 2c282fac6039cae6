#include "aip/actors/circuit_breaker/breaker_proxy.hpp"

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include <caf/actor_system.hpp>
#include <caf/detail/behavior_impl.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/sec.hpp>
#include <caf/stateful_actor.hpp>
#include <nlohmann/json.hpp>

#include "aip/actors/circuit_breaker/messages.hpp"
#include "aip/agents/request_error.hpp"
#include "aip/core/errors.hpp"
#include "aip/events/event_log.hpp"
#include "aip/resilience/circuit_breaker.hpp"

namespace aip {

namespace {

using time_point = std::chrono::steady_clock::time_point;

// CAF 0.17's `then` needs the reply's types up front, and an unmatched reply
// only reaches the error callback disguised as `unexpected_response`. A proxy
// forwards messages it knows nothing about, so its reply handler is a
// behavior that matches every message (an error reply is a message holding
// one caf::error).
class any_reply final : public caf::detail::behavior_impl {
public:
  using handler = std::function<void(caf::message&)>;

  any_reply(caf::local_actor* self, handler f)
      : self_(self), f_(std::move(f)) {}

  caf::match_case::result invoke(caf::detail::invoke_result_visitor& v,
                                 caf::type_erased_tuple& xs) override {
    // The reply is the current mailbox element: take its message without
    // copying the payload when CAF hands us exactly that content.
    caf::message msg;
    auto* el = self_->current_mailbox_element();
    if (el != nullptr && &el->content() == &xs)
      msg = el->move_content_to_message();
    else
      msg = caf::message::copy(xs);
    f_(msg);
    // Tell CAF the handler ran and returned nothing; without a result it
    // treats the reply as unmatched and calls us again with an error.
    v();
    return caf::match_case::match;
  }

private:
  caf::local_actor* self_;
  handler f_;
};

struct proxy_state {
  breaker_proxy_options opts;
  std::optional<circuit_breaker> breaker;
  /// Null once the target died (until `breaker_target_atom` rebinds).
  caf::actor target;
  std::string down_reason;
  /// The `why` of the last transition to open, for circuit_open texts.
  std::string open_reason;
  /// Moving average of call times: the hint in `overloaded` replies.
  duration mean_call{0};

  time_point now() const {
    return opts.clock ? opts.clock() : std::chrono::steady_clock::now();
  }
};

using proxy_actor = caf::stateful_actor<proxy_state>;

bool is_system_error(const caf::error& err, caf::sec code) {
  return err.category() == caf::atom("system")
         && err.code() == static_cast<uint8_t>(code);
}

// The caller's own mistakes (invalid_input, denied) say nothing about the
// target's health; everything else that is an error does.
bool counts_as_failure(const caf::error& err) {
  if (!err)
    return false;
  auto code = classify_request_error(err);
  if (!code)
    return true;
  return *code != request_errc::invalid_input && *code != request_errc::denied;
}

// CAF's own request failures get the target's name; the target's errors
// pass unchanged.
caf::error explain(const proxy_state& st, caf::error err) {
  if (is_system_error(err, caf::sec::request_timeout))
    return make_error(request_errc::timeout,
                      st.opts.name + ": no reply within "
                        + to_string(st.opts.call_timeout));
  if (is_system_error(err, caf::sec::request_receiver_down))
    return make_error(request_errc::unreachable,
                      st.opts.name + ": target is down");
  return err;
}

caf::error reject(const proxy_state& st, const admission& a) {
  using namespace std::chrono_literals;
  if (a.reason == rejection_reason::circuit_open) {
    std::string why = st.open_reason;
    if (st.breaker->state() == circuit_state::half_open)
      why += "; probe in flight";
    else
      why += "; retry in " + to_string(a.retry_after);
    return make_error(request_errc::circuit_open,
                      st.opts.name + ": circuit open (" + why + ")",
                      a.retry_after);
  }
  auto hint = std::max<duration>(st.mean_call, 1ms);
  return make_error(request_errc::overloaded,
                    st.opts.name + ": bulkhead full ("
                      + std::to_string(st.breaker->in_flight())
                      + " calls in flight, max_concurrent "
                      + std::to_string(st.opts.config.max_concurrent) + ")",
                    hint);
}

void on_reply(proxy_actor* self, caf::response_promise& rp, const admission& a,
              time_point started, caf::message& reply) {
  auto& st = self->state;
  auto now = st.now();
  auto took = std::max<duration>(now - started, duration::zero());
  st.mean_call
    = st.mean_call.count() == 0 ? took : (st.mean_call * 7 + took) / 8;
  if (reply.match_elements<caf::error>()) {
    auto err = reply.get_as<caf::error>(0);
    if (counts_as_failure(err))
      st.breaker->record_failure(now, a);
    else
      st.breaker->record_success(now, a);
    rp.deliver(explain(st, std::move(err)));
    return;
  }
  st.breaker->record_success(now, a);
  rp.deliver(std::move(reply));
}

caf::result<caf::message> on_message(proxy_actor* self, caf::message_view& x) {
  auto& st = self->state;
  if (!self->current_message_id().is_request()) {
    // Fire-and-forget: nothing to time or classify, so the breaker cannot
    // learn from it; pass it on with its sender.
    if (st.target)
      self->delegate(st.target, x.move_content_to_message());
    return caf::message{};
  }
  if (!st.target)
    return make_error(request_errc::unreachable, st.opts.name
                                                   + ": target is down ("
                                                   + st.down_reason + ")");
  auto now = st.now();
  auto a = st.breaker->admit(now);
  if (!a.admitted)
    return reject(st, a);
  auto rp = self->make_response_promise();
  auto handle = self->request(st.target, st.opts.call_timeout,
                              x.move_content_to_message());
  caf::behavior::impl_ptr on_any_reply = caf::make_counted<any_reply>(
    self, [self, rp, a, now](caf::message& reply) mutable {
      on_reply(self, rp, a, now, reply);
    });
  self->add_multiplexed_response_handler(handle.id(),
                                         caf::behavior{on_any_reply});
  return caf::delegated<caf::message>{};
}

std::string state_json(const proxy_state& st) {
  auto& c = st.breaker->counters();
  nlohmann::json j{{"name", st.opts.name},
                   {"state", std::string{to_string(st.breaker->state())}},
                   {"in_flight", st.breaker->in_flight()},
                   {"successes", c.successes},
                   {"failures", c.failures},
                   {"rejected_open", c.rejected_open},
                   {"rejected_bulkhead", c.rejected_bulkhead},
                   {"target_down", !st.target}};
  return j.dump();
}

void bind(proxy_actor* self, caf::actor target) {
  auto& st = self->state;
  if (st.target)
    self->demonitor(st.target);
  st.target = std::move(target);
  st.down_reason.clear();
  if (st.target)
    self->monitor(st.target);
  else
    st.down_reason = "no target";
}

caf::behavior breaker_proxy(proxy_actor* self, caf::actor target,
                            breaker_proxy_options opts) {
  auto& st = self->state;
  st.opts = std::move(opts);
  st.breaker.emplace(st.opts.config);
  st.breaker->set_on_transition(
    [self](circuit_state from, circuit_state to, std::string_view why) {
      auto& st = self->state;
      if (to == circuit_state::open)
        st.open_reason = std::string{why};
      if (!st.opts.events || !st.opts.events->enabled())
        return;
      auto& c = st.breaker->counters();
      nlohmann::json extra{{"from", std::string{to_string(from)}},
                           {"successes", c.successes},
                           {"failures", c.failures},
                           {"rejected_open", c.rejected_open},
                           {"rejected_bulkhead", c.rejected_bulkhead}};
      st.opts.events->emit("circuit." + std::string{to_string(to)},
                           st.opts.name, why, 0, &extra);
    });
  bind(self, std::move(target));
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& st = self->state;
    if (st.target && dm.source == st.target.address()) {
      st.target = nullptr;
      st.down_reason = describe_exit(dm.reason);
    }
  });
  self->set_default_handler(
    [self](caf::scheduled_actor*, caf::message_view& x) {
      return on_message(self, x);
    });
  return {
    [self](breaker_state_atom) { return state_json(self->state); },
    [self](breaker_target_atom, caf::actor& t) {
      bind(self, std::move(t));
      return caf::ok_atom::value;
    },
  };
}

} // namespace

caf::actor spawn_breaker_proxy(caf::actor_system& sys, caf::actor target,
                               breaker_proxy_options opts) {
  return sys.spawn(breaker_proxy, std::move(target), std::move(opts));
}

caf::actor spawn_breaker_proxy(caf::local_actor* parent, caf::actor target,
                               breaker_proxy_options opts) {
  return parent->spawn(breaker_proxy, std::move(target), std::move(opts));
}

} // namespace aip
