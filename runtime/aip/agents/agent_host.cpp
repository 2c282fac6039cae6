#include "aip/agents/agent_host.hpp"

#include <chrono>
#include <exception>

#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <nlohmann/json.hpp>

#include "aip/agents/agent_defaults.hpp"
#include "aip/agents/outgoing.hpp"
#include "aip/agents/tool_call.hpp"
#include "aip/agents/wall_clock.hpp"
#include "aip/core/type_ids.hpp"
#include "aip/envelope/make_envelope.hpp"
#include "aip/events/event_log.hpp"
#include "aip/resilience/retry_budget.hpp"
#include "aip/supervision/messages.hpp"
#include "aip/supervision/supervisor.hpp"
#include "aip/schemas/tool_call_generated.h"

namespace aip {

namespace {

constexpr int max_skips = 15;

size_t rank(aip::priority p) {
  // waiting_[0] is the most urgent queue.
  switch (p) {
    case priority::urgent:
      return 0;
    case priority::normal:
      return 1;
    default:
      return 2;
  }
}

} // namespace

agent_host::agent_host(caf::actor_config& cfg,
                       std::shared_ptr<const agent_blueprint> bp,
                       std::shared_ptr<agent_record> record,
                       std::shared_ptr<const backbone> net,
                       std::shared_ptr<const agent_args> args)
  : caf::event_based_actor(cfg),
    bp_(std::move(bp)),
    record_(std::move(record)),
    net_(std::move(net)),
    args_(std::move(args)),
    ctx_(*this) {
}

agent_host::~agent_host() = default;

agent_host::extras::~extras() = default;

agent_host::extras& agent_host::more() {
  if (more_ == nullptr)
    more_ = std::make_unique<extras>();
  return *more_;
}

const backbone& agent_host::net() const {
  if (net_ == nullptr)
    throw std::logic_error(record_->identity().path
                           + ": this node has no message backbone");
  return *net_;
}

void agent_host::ensure_state() {
  if (state_ != nullptr)
    return;
  static const agent_args no_args;
  state_ = bp_->make_state(ctx_, args_ != nullptr ? *args_ : no_args);
  if (bp_->on_start)
    bp_->on_start(*state_, ctx_);
}

caf::behavior agent_host::make_behavior() {
  // The state's constructor and on_start may throw (a model or snapshot
  // that cannot be loaded): the reason must carry their text.
  set_agent_exception_handler(this);
  ensure_state();
  if (bp_->on_raw)
    set_default_handler(
      [this](caf::scheduled_actor*,
             caf::message_view& x) -> caf::result<caf::message> {
        return bp_->on_raw(*state_, x);
      });
  return make_agent_behavior(
    this,
    caf::behavior{
      [this](const envelope& e) -> caf::result<envelope> {
        return on_envelope(e);
      },
      [this](const delivery_failure& x) {
        if (bp_->on_undelivered)
          bp_->on_undelivered(*state_, ctx_, x);
        pump();
      },
      [this](timer_atom, uint64_t id) {
        if (more_ != nullptr) {
          auto& timers = more_->timers;
          auto i = timers.find(id);
          if (i != timers.end()) {
            auto t = i->second; // the callback may add or cancel timers
            if (t.period.count() > 0)
              delayed_send(this, t.period, timer_atom::value, id);
            else
              timers.erase(i);
            t.fn();
          }
        }
        pump();
      },
      [this](drain_atom) {
        drain_scheduled_ = false;
        pump();
      },
    });
}

void agent_host::on_exit() {
  if (state_ != nullptr && bp_->on_stop) {
    auto why = fail_state() ? caf::to_string(fail_state()) : std::string{"normal"};
    try {
      bp_->on_stop(*state_, ctx_, why);
    } catch (...) {
      // The agent is already ending; nothing can handle this any more.
    }
  }
  // Messages still waiting will never be handled: answer their requesters
  // and give the credits back.
  if (waiting_ != nullptr)
    for (auto& q : *waiting_)
      for (auto& x : q) {
        x.promise.deliver(make_error(request_errc::unreachable,
                                     record_->identity().path
                                       + ": agent stopped before handling"));
        record_->release();
      }
  waiting_.reset();
  if (more_ != nullptr && more_->children != nullptr)
    send_exit(more_->children, caf::exit_reason::user_shutdown);
  more_.reset();
  state_.reset();
  caf::event_based_actor::on_exit();
}

bool agent_host::expired(const envelope& e, int64_t now_ns) {
  auto deadline = e.deadline_ns();
  return deadline != 0 && static_cast<int64_t>(deadline) <= now_ns;
}

void agent_host::report_expired(const envelope& e, int64_t now_ns) {
  if (net_ == nullptr)
    return;
  auto dl = dead_letter_for(
    e, request_errc::timeout,
    "deadline passed "
      + to_string(duration{now_ns - static_cast<int64_t>(e.deadline_ns())})
      + " before " + record_->identity().path + " handled it");
  dl.recipient = "agent " + record_->identity().path; // even if sent by id
  send(net_->dead_letters, std::move(dl));
}

caf::result<envelope> agent_host::on_envelope(const envelope& e) {
  auto now = wall_clock_ns();
  bool is_request = current_message_id().is_request();
  if (expired(e, now)) {
    report_expired(e, now);
    record_->release();
    if (is_request)
      return make_error(request_errc::timeout,
                        record_->identity().path
                          + ": deadline passed before the agent handled it");
    return caf::delegated<envelope>{};
  }
  if (waiting_count_ == 0 && mailbox().empty()) {
    // Nothing else is waiting: no priority decision to make.
    current_promise_ = nullptr;
    auto r = dispatch(e);
    record_->release();
    return finish(e, std::move(r));
  }
  hold(e);
  pump();
  return caf::delegated<envelope>{};
}

void agent_host::hold(const envelope& e) {
  if (waiting_ == nullptr)
    waiting_ = std::make_unique<std::array<std::deque<item>, 3>>();
  (*waiting_)[rank(e.priority())].push_back(
    item{e, current_message_id().is_request() ? make_response_promise()
                                              : caf::response_promise{}});
  ++waiting_count_;
}

agent_host::item agent_host::pop_best() {
  auto& qs = *waiting_;
  size_t best = 0;
  while (qs[best].empty())
    ++best;
  size_t lowest = 2;
  while (lowest > best && qs[lowest].empty())
    --lowest;
  size_t pick = best;
  if (lowest > best) {
    // A lower priority waits behind this one: count it, and let the oldest
    // of the lowest waiting priority through now and then.
    if (++skips_ > max_skips) {
      pick = lowest;
      skips_ = 0;
    }
  } else {
    skips_ = 0;
  }
  auto x = std::move(qs[pick].front());
  qs[pick].pop_front();
  --waiting_count_;
  return x;
}

void agent_host::pump() {
  auto limit = net_ != nullptr ? net_->settings.lookahead : 32u;
  while (waiting_count_ > 0 && (mailbox().empty() || waiting_count_ >= limit)) {
    auto x = pop_best();
    auto now = wall_clock_ns();
    if (expired(x.msg, now)) {
      report_expired(x.msg, now);
      record_->release();
      x.promise.deliver(make_error(
        request_errc::timeout,
        record_->identity().path + ": deadline passed while queued"));
      continue;
    }
    current_promise_ = &x.promise;
    auto r = dispatch(x.msg);
    record_->release();
    bool taken = current_promise_ == nullptr;
    current_promise_ = nullptr;
    if (!taken)
      answer(x, std::move(r));
  }
  if (waiting_count_ > 0 && !drain_scheduled_) {
    // Something else is in the mailbox; look again once it has been read.
    drain_scheduled_ = true;
    send(this, drain_atom::value);
  }
}

caf::response_promise agent_host::take_promise() {
  if (current_promise_ != nullptr) {
    auto p = std::move(*current_promise_);
    current_promise_ = nullptr;
    return p;
  }
  return make_response_promise();
}

reply agent_host::dispatch(const envelope& e) {
  current_ = e;
  bool sample = (++handled_ & 63) == 0;
  auto started = sample ? std::chrono::steady_clock::now()
                        : std::chrono::steady_clock::time_point{};
  reply r;
  auto type = e.payload_type();
  if (type == schema::ToolCall::GetFullyQualifiedName()) {
    auto* call = read_payload<schema::ToolCall>(e);
    auto fn = call != nullptr ? bp_->tool_fns.find(call->tool()->string_view())
                              : bp_->tool_fns.end();
    if (fn == bp_->tool_fns.end()) {
      r = reply::error(request_errc::invalid_input,
                       record_->identity().path + ": no such tool"
                         + (call != nullptr ? " '" + call->tool()->str() + "'"
                                            : std::string{}));
    } else {
      auto args = nlohmann::json::parse(
        call->args_json() != nullptr ? call->args_json()->str() : "{}",
        nullptr, false);
      if (args.is_discarded()) {
        r = reply::error(request_errc::invalid_input,
                         record_->identity().path + ": tool arguments are "
                                                    "not JSON");
      } else {
        r = reply{make_tool_result(fn->second(*state_, ctx_, args))};
      }
    }
  } else if (auto h = bp_->handlers.find(type);
             h != bp_->handlers.end()) {
    r = h->second(*state_, ctx_, e);
  } else if (bp_->fallback) {
    r = bp_->fallback(*state_, ctx_, e);
  } else {
    r = reply::error(request_errc::invalid_input,
                     record_->identity().path + " (" + bp_->klass
                       + ") has no handler for '" + std::string{type} + "'");
  }
  if (sample)
    record_->record_service_time(std::chrono::steady_clock::now() - started);
  if (net_ != nullptr && net_->settings.debug_events && net_->events) {
    nlohmann::json extra{{"message_id", to_string(e.message_id())},
                         {"correlation_id", to_string(e.correlation_id())},
                         {"causation_id", to_string(e.causation_id())},
                         {"payload_type", std::string{type}}};
    net_->events->emit("message.handled", record_->identity().path, "", 0,
                       &extra);
  }
  current_ = envelope{};
  return r;
}

std::optional<caf::expected<envelope>>
agent_host::answer_for(const envelope& request, reply& r) {
  switch (r.what_kind()) {
    case reply::kind::later:
      return std::nullopt; // the handler answers through its deferred_reply
    case reply::kind::error:
      return caf::expected<envelope>{make_error(r.code(), r.what())};
    default:
      return caf::expected<envelope>{
        make_reply(request, record_->identity(), r.body())};
  }
}

caf::result<envelope> agent_host::finish(const envelope& e, reply r) {
  // One-way messages get no answer, not even an error (CAF would send it
  // back to the sender as an ordinary message).
  if (!current_message_id().is_request())
    return caf::delegated<envelope>{};
  auto a = answer_for(e, r);
  if (!a)
    return caf::delegated<envelope>{};
  if (!*a)
    return std::move(a->error());
  return std::move(**a);
}

void agent_host::answer(item& x, reply r) {
  if (!x.promise.pending())
    return;
  if (auto a = answer_for(x.msg, r)) {
    if (*a)
      x.promise.deliver(std::move(**a));
    else
      x.promise.deliver(std::move(a->error()));
  }
}

void agent_host::add_timer(duration d, std::function<void()> f, bool periodic) {
  auto& x = more();
  auto id = ++x.next_timer;
  x.timers.emplace(id, timer{periodic ? d : duration{0}, std::move(f)});
  delayed_send(this, d, timer_atom::value, id);
}

const caf::actor& agent_host::children() {
  auto& children = more().children;
  if (children != nullptr)
    return children;
  auto spec = std::make_shared<supervisor_spec>();
  spec->name = "children";
  spec->strategy = strategy::one_for_one;
  const auto& net = this->net();
  children = spawn_supervisor(system(), spec,
                               supervision_context{net.types, net.events,
                                                   net_},
                               record_->identity().path + "/children");
  // It gives up -> this agent fails (OTP escalation). This agent ends ->
  // on_exit stops it (a normal exit does not travel over links).
  link_to(children);
  caf::anon_send(children, start_atom::value); // the ok is of no use here
  return children;
}

retry_budget& agent_host::budget() {
  auto& budget = more().budget;
  if (budget == nullptr)
    budget = std::make_unique<retry_budget>(retry_budget_config{});
  return *budget;
}

} // namespace aip
