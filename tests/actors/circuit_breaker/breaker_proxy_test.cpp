// The breaker proxy with real CAF actors and a controlled clock: a target
// that succeeds, fails, rejects input or never answers on command; the proxy
// opens, rejects at once with a retry hint, probes after the cool-down and
// closes or reopens, sheds load at the bulkhead, and reports every
// transition on the event stream. Time only moves when the test moves it
// (the short call_timeout aside), so nothing depends on scheduling speed.
#include "aip/actors/circuit_breaker/breaker_proxy.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/stateful_actor.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aip/actors/circuit_breaker/messages.hpp"
#include "aip/agents/request_error.hpp"
#include "aip/events/event_log.hpp"

namespace aip::test {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;

// Commands for the target, sent as the request itself.
const std::string ok = "ok";
const std::string fail = "fail";       // replies an error that counts
const std::string invalid = "invalid"; // replies invalid_input
const std::string denied = "denied";   // replies denied
const std::string hang = "hang";       // keeps the request until `release`
const std::string release = "release"; // async: answers every hung request

struct target_state {
  std::vector<caf::response_promise> hung;
  std::shared_ptr<std::atomic<int>> received;
};

caf::behavior target_impl(caf::stateful_actor<target_state>* self,
                          std::shared_ptr<std::atomic<int>> received) {
  self->state.received = std::move(received);
  // Still replies `unexpected_message` to requests it does not understand,
  // without printing them.
  self->set_default_handler(caf::drop);
  return {[self](const std::string& cmd) -> caf::result<std::string> {
    ++*self->state.received;
    if (cmd == fail)
      return make_error(request_errc::unreachable, "target: broken");
    if (cmd == invalid)
      return make_error(request_errc::invalid_input, "target: bad input");
    if (cmd == denied)
      return make_error(request_errc::denied, "target: not allowed");
    if (cmd == hang) {
      self->state.hung.push_back(self->make_response_promise());
      return caf::delegated<std::string>{};
    }
    if (cmd == release) {
      for (auto& rp : self->state.hung)
        rp.deliver(std::string{"released"});
      self->state.hung.clear();
      return std::string{};
    }
    return cmd;
  }};
}

struct breaker_proxy_test : ::testing::Test {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  std::shared_ptr<event_log> events = event_log::memory();
  std::shared_ptr<std::atomic<int>> received
    = std::make_shared<std::atomic<int>>(0);
  // Test time: what the proxy's clock reads, moved only by `advance`.
  std::shared_ptr<std::atomic<int64_t>> now_ns
    = std::make_shared<std::atomic<int64_t>>(0);
  caf::actor target = sys.spawn(target_impl, received);

  // Proxies are stopped explicitly, as their owner would: an unreferenced
  // proxy lives on until its calls' timeout timers (30s here) have fired.
  std::vector<caf::actor> proxies;

  ~breaker_proxy_test() override {
    for (auto& p : proxies)
      self->send_exit(p, caf::exit_reason::user_shutdown);
    self->send_exit(target, caf::exit_reason::kill);
  }

  void advance(duration d) { *now_ns += d.count(); }

  caf::actor make_proxy(circuit_breaker_config config,
                        duration call_timeout = 30s) {
    breaker_proxy_options opts;
    opts.name = "root/calc";
    opts.config = config;
    opts.events = events;
    opts.call_timeout = call_timeout;
    auto t = now_ns;
    opts.clock = [t] {
      return std::chrono::steady_clock::time_point{} + duration{t->load()};
    };
    proxies.push_back(spawn_breaker_proxy(sys, target, std::move(opts)));
    return proxies.back();
  }

  // One request through the proxy: the reply text, or the failure.
  struct outcome {
    std::string reply;
    std::optional<request_failure> failure;
  };

  outcome call(const caf::actor& proxy, const std::string& cmd) {
    outcome out;
    self->request(proxy, 10s, cmd)
      .receive([&](std::string& s) { out.reply = std::move(s); },
               [&](caf::error& e) { out.failure = request_failure::from(e); });
    return out;
  }

  request_errc code_of(const caf::actor& proxy, const std::string& cmd) {
    auto o = call(proxy, cmd);
    EXPECT_TRUE(o.failure) << cmd << " -> " << o.reply;
    return o.failure ? o.failure->code : request_errc{};
  }

  json state_of(const caf::actor& proxy) {
    json out;
    self->request(proxy, 10s, breaker_state_atom::value)
      .receive([&](std::string& s) { out = json::parse(s); },
               [&](caf::error& e) { ADD_FAILURE() << caf::to_string(e); });
    return out;
  }

  std::vector<std::string> circuit_events() {
    std::vector<std::string> out;
    for (auto& line : events->lines()) {
      auto j = json::parse(line);
      out.push_back(j.at("event").get<std::string>() + " "
                    + j.at("reason").get<std::string>());
    }
    return out;
  }
};

circuit_breaker_config open_after(int failures) {
  circuit_breaker_config c;
  c.consecutive_failures = failures;
  c.min_calls_in_window = 1'000'000; // only the consecutive trigger
  c.open_for = 5s;
  return c;
}

TEST_F(breaker_proxy_test, forwards_replies_and_errors_while_closed) {
  auto proxy = make_proxy(open_after(3));
  auto o = call(proxy, ok);
  EXPECT_FALSE(o.failure);
  EXPECT_EQ(o.reply, "ok");
  auto f = call(proxy, fail);
  ASSERT_TRUE(f.failure);
  EXPECT_EQ(f.failure->code, request_errc::unreachable);
  EXPECT_EQ(f.failure->what, "target: broken");
  auto s = state_of(proxy);
  EXPECT_EQ(s["state"], "closed");
  EXPECT_EQ(s["name"], "root/calc");
  EXPECT_EQ(s["successes"], 1);
  EXPECT_EQ(s["failures"], 1);
  EXPECT_EQ(s["in_flight"], 0);
  EXPECT_EQ(s["target_down"], false);
}

TEST_F(breaker_proxy_test, opens_after_failures_and_rejects_without_sending) {
  auto proxy = make_proxy(open_after(3));
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(code_of(proxy, fail), request_errc::unreachable);
  EXPECT_EQ(received->load(), 3);
  advance(1s);
  auto o = call(proxy, ok);
  ASSERT_TRUE(o.failure);
  EXPECT_EQ(o.failure->code, request_errc::circuit_open);
  EXPECT_EQ(o.failure->retry_after, 4s); // 5s cool-down, 1s passed
  EXPECT_EQ(o.failure->what.rfind("root/calc: circuit open (3 consecutive "
                                  "failures",
                                  0),
            0u)
    << o.failure->what;
  EXPECT_EQ(received->load(), 3); // the target never saw it
  auto s = state_of(proxy);
  EXPECT_EQ(s["state"], "open");
  EXPECT_EQ(s["rejected_open"], 1);
  EXPECT_TRUE(events->wait_for(
    [](const std::vector<json>& es) {
      return es.size() == 1 && es[0]["event"] == "circuit.open"
             && es[0]["path"] == "root/calc" && es[0]["from"] == "closed"
             && es[0]["failures"] == 3;
    },
    5000))
    << testing::PrintToString(events->lines());
}

TEST_F(breaker_proxy_test, half_open_probe_success_closes) {
  auto proxy = make_proxy(open_after(2));
  code_of(proxy, fail);
  code_of(proxy, fail);
  EXPECT_EQ(code_of(proxy, ok), request_errc::circuit_open);
  advance(5s);
  auto o = call(proxy, ok); // the probe
  EXPECT_FALSE(o.failure);
  EXPECT_EQ(o.reply, "ok");
  EXPECT_EQ(state_of(proxy)["state"], "closed");
  EXPECT_EQ(call(proxy, ok).reply, "ok");
  EXPECT_EQ(circuit_events(),
            (std::vector<std::string>{"circuit.open 2 consecutive failures",
                                      "circuit.half_open cool-down 5s passed",
                                      "circuit.closed probe succeeded"}));
}

TEST_F(breaker_proxy_test, half_open_probe_failure_reopens) {
  auto proxy = make_proxy(open_after(2));
  code_of(proxy, fail);
  code_of(proxy, fail);
  advance(5s);
  EXPECT_EQ(code_of(proxy, fail), request_errc::unreachable); // the probe
  auto o = call(proxy, ok);
  ASSERT_TRUE(o.failure);
  EXPECT_EQ(o.failure->code, request_errc::circuit_open);
  EXPECT_EQ(o.failure->retry_after, 5s); // the cool-down restarted
  EXPECT_EQ(circuit_events(),
            (std::vector<std::string>{"circuit.open 2 consecutive failures",
                                      "circuit.half_open cool-down 5s passed",
                                      "circuit.open probe failed"}));
}

TEST_F(breaker_proxy_test, half_open_admits_only_its_probes) {
  auto proxy = make_proxy(open_after(1));
  code_of(proxy, fail);
  advance(5s);
  // The probe hangs; a second call while it is in flight is rejected.
  auto probe = self->request(proxy, 10s, hang);
  auto o = call(proxy, ok);
  ASSERT_TRUE(o.failure);
  EXPECT_EQ(o.failure->code, request_errc::circuit_open);
  EXPECT_EQ(o.failure->retry_after, 0s);
  self->send(target, release);
  std::string reply;
  probe.receive([&](std::string& s) { reply = s; },
                [&](caf::error& e) { ADD_FAILURE() << caf::to_string(e); });
  EXPECT_EQ(reply, "released");
  EXPECT_EQ(state_of(proxy)["state"], "closed");
}

TEST_F(breaker_proxy_test, timeouts_count_as_failures) {
  // The one real wait in this file: two calls that time out after 50ms.
  auto proxy = make_proxy(open_after(2), 50ms);
  auto o = call(proxy, hang);
  ASSERT_TRUE(o.failure);
  EXPECT_EQ(o.failure->code, request_errc::timeout);
  EXPECT_EQ(o.failure->what, "root/calc: no reply within 50ms");
  EXPECT_EQ(code_of(proxy, hang), request_errc::timeout);
  EXPECT_EQ(code_of(proxy, ok), request_errc::circuit_open);
  self->send(target, release);
}

TEST_F(breaker_proxy_test, caller_mistakes_do_not_open_it) {
  auto proxy = make_proxy(open_after(2));
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(code_of(proxy, invalid), request_errc::invalid_input);
    EXPECT_EQ(code_of(proxy, denied), request_errc::denied);
  }
  // A message the target does not understand at all is invalid_input too.
  self->request(proxy, 10s, 42)
    .receive([](int) { ADD_FAILURE() << "target answered an int"; },
             [](caf::error& e) {
               EXPECT_EQ(classify_request_error(e),
                         request_errc::invalid_input);
             });
  auto s = state_of(proxy);
  EXPECT_EQ(s["state"], "closed");
  EXPECT_EQ(s["successes"], 11);
  EXPECT_EQ(s["failures"], 0);
  EXPECT_TRUE(events->lines().empty());
}

TEST_F(breaker_proxy_test, bulkhead_full_replies_overloaded) {
  auto config = open_after(3);
  config.max_concurrent = 2;
  auto proxy = make_proxy(config);
  auto h1 = self->request(proxy, 10s, hang);
  auto h2 = self->request(proxy, 10s, hang);
  auto o = call(proxy, ok);
  ASSERT_TRUE(o.failure);
  EXPECT_EQ(o.failure->code, request_errc::overloaded);
  EXPECT_GT(o.failure->retry_after, 0s);
  EXPECT_EQ(o.failure->what, "root/calc: bulkhead full (2 calls in flight, "
                             "max_concurrent 2)");
  auto s = state_of(proxy);
  EXPECT_EQ(s["in_flight"], 2);
  EXPECT_EQ(s["rejected_bulkhead"], 1);
  self->send(target, release);
  for (auto* h : {&h1, &h2})
    h->receive([](std::string& r) { EXPECT_EQ(r, "released"); },
               [](caf::error& e) { ADD_FAILURE() << caf::to_string(e); });
  // Slots are free again; overload rejections never open the breaker.
  EXPECT_EQ(call(proxy, ok).reply, "ok");
  EXPECT_EQ(state_of(proxy)["state"], "closed");
}

TEST_F(breaker_proxy_test, dead_target_is_unreachable_until_rebound) {
  auto proxy = make_proxy(open_after(3));
  self->send_exit(target, caf::exit_reason::kill);
  // The down message reaches the proxy asynchronously; "didn't hang" bound.
  bool down = false;
  for (int i = 0; i < 500 && !down; ++i) {
    down = state_of(proxy)["target_down"] == true;
    if (!down)
      std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(down);
  auto o = call(proxy, ok);
  ASSERT_TRUE(o.failure);
  EXPECT_EQ(o.failure->code, request_errc::unreachable);
  EXPECT_EQ(o.failure->what, "root/calc: target is down (killed)");
  // Unreachable answers from a dead target are not counted.
  EXPECT_EQ(state_of(proxy)["failures"], 0);
  target = sys.spawn(target_impl, received);
  self->request(proxy, 10s, breaker_target_atom::value, target)
    .receive([](caf::ok_atom) {},
             [](caf::error& e) { ADD_FAILURE() << caf::to_string(e); });
  EXPECT_EQ(call(proxy, ok).reply, "ok");
}

TEST_F(breaker_proxy_test, async_messages_pass_through_uncounted) {
  auto proxy = make_proxy(open_after(1));
  self->send(proxy, ok);
  // The target handles messages in order: once this reply is back, the
  // async one has arrived too.
  EXPECT_EQ(call(proxy, ok).reply, "ok");
  EXPECT_EQ(received->load(), 2);
  EXPECT_EQ(state_of(proxy)["successes"], 1);
}

} // namespace
} // namespace aip::test
