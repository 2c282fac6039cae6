#include "aip/agents/agent_context.hpp"

#include <random>

#include <caf/actor_system.hpp>
#include <nlohmann/json.hpp>

#include "aip/agents/agent_host.hpp"
#include "aip/agents/outgoing.hpp"
#include "aip/agents/wall_clock.hpp"
#include "aip/core/errors.hpp"
#include "aip/core/type_ids.hpp"
#include "aip/envelope/make_envelope.hpp"
#include "aip/resilience/retry_backoff.hpp"
#include "aip/resilience/retry_budget.hpp"
#include "aip/agents/tool_call.hpp"

namespace aip {

// -- deferred_reply -----------------------------------------------------------

struct deferred_reply::impl {
  caf::response_promise promise;
  envelope request;
  std::shared_ptr<agent_record> record;
};

deferred_reply::deferred_reply() = default;
deferred_reply::~deferred_reply() = default;
deferred_reply::deferred_reply(deferred_reply&&) noexcept = default;
deferred_reply& deferred_reply::operator=(deferred_reply&&) noexcept = default;

bool deferred_reply::pending() const {
  return impl_ != nullptr && impl_->promise.pending();
}

void deferred_reply::deliver(payload p) {
  if (!pending())
    return;
  impl_->promise.deliver(
    make_reply(impl_->request, impl_->record->identity(), p));
}

void deferred_reply::fail(request_errc code, std::string what) {
  if (pending())
    impl_->promise.deliver(make_error(code, std::move(what)));
}

// -- agent_context ------------------------------------------------------------

namespace {

request_failure shard_full(const backbone& net, const envelope& e) {
  return {request_errc::overloaded,
          "broker shard " + std::to_string(net.shard_index(e)) + " of node "
            + net.node + " is full (" + std::to_string(net.settings.shard_queue)
            + " messages waiting)",
          std::chrono::milliseconds{1}};
}

bool retryable(request_errc code) {
  return code == request_errc::timeout || code == request_errc::overloaded
         || code == request_errc::unreachable;
}

// One idempotent request and its retries: the same envelope (same message
// id, so a receiver can tell a repeat) until it succeeds, fails for a reason
// a retry cannot fix, runs out of attempts, budget or time.
struct retrying_call : std::enable_shared_from_this<retrying_call> {
  agent_host* host;
  envelope msg;
  std::chrono::steady_clock::time_point until;
  agent_context::reply_handler on_reply;
  agent_context::error_handler on_error;
  retry_backoff backoff;
  int attempt = 0;

  void run() {
    ++attempt;
    auto left = until - std::chrono::steady_clock::now();
    auto self = shared_from_this();
    auto* shard = host->net().admit(msg);
    if (shard == nullptr) {
      // On the next turn, like any other failure: callbacks never run
      // inside request() itself.
      auto f = shard_full(host->net(), msg);
      host->add_timer(duration{0}, [self, f] { self->failed(f); }, false);
      return;
    }
    host->request(*shard, std::chrono::duration_cast<duration>(left), msg)
      .then([self](envelope& r) { self->on_reply(r); },
            [self](caf::error& err) { self->failed(request_failure::from(err)); });
  }

  void failed(request_failure f) {
    auto now = std::chrono::steady_clock::now();
    if (!retryable(f.code) || !backoff.may_retry(attempt)
        || !host->budget().try_spend(now)) {
      on_error(f);
      return;
    }
    thread_local std::mt19937_64 gen{std::random_device{}()};
    auto delay = std::max(backoff.next_delay(attempt, gen()), f.retry_after);
    if (now + delay >= until) {
      on_error(f);
      return;
    }
    auto self = shared_from_this();
    host->add_timer(delay, [self] { self->run(); }, false);
  }
};

} // namespace

const agent_identity& agent_context::identity() const {
  return host_->record().identity();
}

const envelope& agent_context::current() const {
  return host_->current();
}

caf::event_based_actor* agent_context::self() const {
  return host_;
}

const backbone& agent_context::net() const {
  return host_->net();
}

void agent_context::send(const address& to, const payload& body,
                         send_options opts) {
  auto e = make_outgoing(net(), identity(), host_->current(), to, body, opts,
                         duration{0});
  if (auto* shard = net().admit(e)) {
    host_->send(*shard, std::move(e));
    return;
  }
  // Reported like any other refusal: later, through on_undelivered.
  auto f = shard_full(net(), e);
  host_->send(host_, delivery_failure{e.message_id(), f.code, f.what,
                                      f.retry_after.count()});
}

void agent_context::request(const address& to, const payload& body,
                            duration timeout, reply_handler on_reply,
                            error_handler on_error, send_options opts) {
  if (to.how == address::kind::topic) {
    on_error({request_errc::invalid_input,
              "a request needs one recipient, not " + to_string(to), {}});
    return;
  }
  auto e = make_outgoing(net(), identity(), host_->current(), to, body, opts,
                         timeout);
  if (!opts.idempotent) {
    auto* shard = net().admit(e);
    if (shard == nullptr) {
      // Callbacks never run inside request(): report on the next turn.
      auto f = shard_full(net(), e);
      host_->add_timer(duration{0}, [on_error, f] { on_error(f); }, false);
      return;
    }
    host_->request(*shard, timeout, std::move(e))
      .then([on_reply](envelope& r) { on_reply(r); },
            [on_error](caf::error& err) {
              on_error(request_failure::from(err));
            });
    return;
  }
  host_->budget().deposit(std::chrono::steady_clock::now());
  auto call = std::make_shared<retrying_call>();
  call->host = host_;
  call->msg = std::move(e);
  call->until = std::chrono::steady_clock::now() + timeout;
  call->on_reply = std::move(on_reply);
  call->on_error = std::move(on_error);
  call->run();
}

void agent_context::publish(const std::string& topic, const payload& body,
                            send_options opts) {
  send(address::of_topic(topic), body, opts);
}

void agent_context::subscribe(const std::string& pattern,
                              error_handler on_error) {
  const auto& net = this->net();
  subscription sub{caf::actor_cast<caf::actor>(host_), host_->record_ptr(),
                   pattern};
  // Every shard may publish any topic, so every shard learns the pattern;
  // they all judge it alike, so the first one's verdict is reported.
  bool first = true;
  for (const auto& shard : net.shards) {
    auto req = host_->request(shard, std::chrono::seconds{10},
                              subscribe_atom::value, sub);
    if (first && on_error)
      req.then([](caf::ok_atom) {},
               [on_error](caf::error& err) {
                 on_error(request_failure::from(err));
               });
    else
      req.then([](caf::ok_atom) {}, [](caf::error&) {});
    first = false;
  }
}

void agent_context::unsubscribe(const std::string& pattern) {
  subscription sub{caf::actor_cast<caf::actor>(host_), host_->record_ptr(),
                   pattern};
  for (const auto& shard : net().shards)
    host_->send(shard, unsubscribe_atom::value, sub);
}

void agent_context::call_tool(const std::string& tool,
                              const nlohmann::json& args, duration timeout,
                              tool_handler on_result, error_handler on_error,
                              pick_policy pick, send_options opts) {
  auto body = make_tool_call(tool, args);
  request(
    address::of_capability(tool, pick), body, timeout,
    [on_result, on_error, tool](const envelope& r) {
      auto res = read_tool_result(r);
      if (!res) {
        on_error({request_errc::invalid_input,
                  "tool " + tool + " answered with something not a "
                    "ToolResult",
                  {}});
        return;
      }
      on_result(*res);
    },
    on_error, opts);
}

void agent_context::spawn_child(const std::string& name,
                                const std::string& type, agent_args args,
                                std::function<void(const address&)> on_started,
                                error_handler on_error) {
  auto spec = std::make_shared<child_spec>();
  spec->name = name;
  spec->type = type;
  spec->args = std::make_shared<const agent_args>(std::move(args));
  const auto& sup = host_->children();
  auto path = identity().path + "/children/" + name;
  host_->request(sup, caf::infinite, caf::add_atom::value,
                 new_child{std::move(spec)})
    .then([on_started, path](const caf::actor&) {
            on_started(address::of_path(path));
          },
          [on_error](caf::error& err) {
            on_error({request_errc::invalid_input, describe_exit(err), {}});
          });
}

deferred_reply agent_context::defer_reply() {
  deferred_reply result;
  result.impl_ = std::make_unique<deferred_reply::impl>();
  result.impl_->promise = host_->take_promise();
  result.impl_->request = host_->current();
  result.impl_->record = host_->record_ptr();
  return result;
}

void agent_context::after(duration d, std::function<void()> f) {
  host_->add_timer(d, std::move(f), false);
}

void agent_context::every(duration d, std::function<void()> f) {
  host_->add_timer(d, std::move(f), true);
}

void agent_context::stop() {
  host_->quit();
}

} // namespace aip
