// Start order and start failures, shutdown order and per-child shutdown
// policies, significant children and auto_shutdown, health checks, and the
// event line format.
#include <regex>

#include "runtime/supervision/supervision_fixture.hpp"

namespace aip::test {
namespace {

using namespace std::chrono_literals;
using lifecycle = supervision_test;

std::shared_ptr<agent_args> args_of(
  std::initializer_list<std::pair<std::string, arg_value>> kv) {
  auto a = std::make_shared<agent_args>();
  for (auto& [k, v] : kv)
    a->set(k, v);
  return a;
}

TEST_F(lifecycle, children_start_in_declaration_order_and_stop_in_reverse) {
  supervisor_spec inner;
  inner.children = {worker("x"), worker("y")};
  auto sup = start(sup_of(strategy::one_for_one,
                          {worker("a"), nested("n", inner), worker("b")}));
  self->send_exit(sup, shutdown_reason("test"));
  wait_down(sup);
  EXPECT_EQ(sequence({"started", "shutdown"}),
            (std::vector<std::string>{
              "started root/a", "started root/n/x", "started root/n/y",
              "started root/n", "started root/b", "started root",
              "shutdown root/b", "shutdown root/n/y", "shutdown root/n/x",
              "shutdown root/n", "shutdown root/a", "shutdown root"}));
}

TEST_F(lifecycle, a_child_failing_to_start_aborts_start_naming_its_path) {
  supervisor_spec inner;
  auto bad = worker("bad", "chaos");
  bad.args = args_of({{"fail_start", true}});
  inner.children = {worker("x"), bad};
  auto res = start_supervisor(
    sys,
    std::make_shared<const supervisor_spec>(
      sup_of(strategy::one_for_one, {worker("a"), nested("inner", inner),
                                     worker("never")})),
    ctx(), "root");
  ASSERT_FALSE(res);
  auto text = describe_exit(res.error());
  EXPECT_NE(text.find("root/inner/bad"), std::string::npos) << text;
  EXPECT_NE(text.find("fail_start"), std::string::npos) << text;
  // What had started was stopped again, latest first; `never` never started.
  ASSERT_TRUE(wait_event("shutdown", "root/a")) << [&] {
    std::string all;
    for (auto& l : events->lines())
      all += l + "\n";
    return all;
  }();
  EXPECT_EQ(sequence({"started", "shutdown"}),
            (std::vector<std::string>{"started root/a", "started root/inner/x",
                                      "shutdown root/inner/x",
                                      "shutdown root/a"}));
}

TEST_F(lifecycle, unknown_agent_type_fails_the_start) {
  auto res = start_supervisor(
    sys,
    std::make_shared<const supervisor_spec>(
      sup_of(strategy::one_for_one, {worker("ghost", "no_such_type")})),
    ctx(), "root");
  ASSERT_FALSE(res);
  EXPECT_NE(describe_exit(res.error()).find("root/ghost"), std::string::npos);
}

TEST_F(lifecycle, shutdown_timeout_kills_a_slow_child) {
  auto slow = worker("slow", "chaos");
  slow.args = args_of({{"shutdown_delay", duration{10s}}});
  slow.shutdown = shutdown_policy{shutdown_policy::timeout, 100ms};
  auto sup = start(sup_of(strategy::one_for_one, {slow}));
  self->send_exit(sup, shutdown_reason("test"));
  wait_down(sup, 5000);
  auto evs = all_events();
  std::vector<std::string> reasons;
  for (auto& e : evs)
    if (e["path"] == "root/slow" && e["event"] == "shutdown")
      reasons.push_back(e["reason"]);
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_NE(reasons[0].find("shutdown timeout 100ms"), std::string::npos);
  EXPECT_EQ(reasons[1], "killed");
}

TEST_F(lifecycle, infinity_waits_for_a_slow_child_to_finish) {
  auto slow = worker("slow", "chaos");
  slow.args = args_of({{"shutdown_delay", duration{200ms}}});
  slow.shutdown = shutdown_policy{shutdown_policy::infinity, {}};
  auto sup = start(sup_of(strategy::one_for_one, {slow}));
  self->send_exit(sup, shutdown_reason("test"));
  wait_down(sup, 5000);
  auto evs = all_events();
  for (auto& e : evs) {
    if (e["path"] == "root/slow" && e["event"] == "shutdown") {
      EXPECT_EQ(e["reason"].get<std::string>().rfind("shutdown", 0), 0u)
        << e.dump();
    }
  }
}

TEST_F(lifecycle, brutal_kill_kills_at_once) {
  auto slow = worker("slow", "chaos");
  slow.args = args_of({{"shutdown_delay", duration{10s}}});
  slow.shutdown = shutdown_policy{shutdown_policy::brutal_kill, {}};
  auto sup = start(sup_of(strategy::one_for_one, {slow}));
  self->send_exit(sup, shutdown_reason("test"));
  wait_down(sup, 5000);
  EXPECT_EQ(sequence({"shutdown"}),
            (std::vector<std::string>{"shutdown root/slow", "shutdown root"}));
  for (auto& e : all_events()) {
    if (e["path"] == "root/slow" && e["event"] == "shutdown") {
      EXPECT_EQ(e["reason"], "killed");
    }
  }
}

TEST_F(lifecycle, any_significant_ends_the_supervisor_normally) {
  auto sig = worker("sig", "puppet", restart_type::transient);
  sig.significant = true;
  auto spec = sup_of(strategy::one_for_one, {worker("other"), sig});
  spec.auto_shutdown = auto_shutdown::any_significant;
  auto sup = start(spec);
  self->send(child(sup, "sig"), puppet_normal::value);
  auto reason = wait_down(sup);
  EXPECT_EQ(classify_exit(reason), exit_kind::normal);
  EXPECT_TRUE(wait_event("shutdown", "root/other"));
}

TEST_F(lifecycle, all_significant_waits_for_every_significant_child) {
  auto s1 = worker("s1", "puppet", restart_type::temporary);
  auto s2 = worker("s2", "puppet", restart_type::temporary);
  s1.significant = s2.significant = true;
  auto spec = sup_of(strategy::one_for_one, {s1, s2});
  spec.auto_shutdown = auto_shutdown::all_significant;
  auto sup = start(spec);
  auto c2 = child(sup, "s2");
  self->send(child(sup, "s1"), puppet_normal::value);
  ASSERT_TRUE(wait_event("exited", "root/s1"));
  self->request(sup, 5s, count_atom::value)
    .receive([](uint64_t n) { EXPECT_EQ(n, 1u); },
             [](caf::error& e) { FAIL() << caf::to_string(e); });
  self->send(c2, puppet_crash::value);
  EXPECT_EQ(classify_exit(wait_down(sup)), exit_kind::normal);
}

TEST_F(lifecycle, a_child_that_stops_answering_is_killed_and_restarted) {
  auto hung = worker("hung", "chaos");
  hung.args = args_of({{"hang_after", duration{100ms}}});
  hung.health = health_spec{50ms, 30ms, 2};
  auto sup = start(sup_of(strategy::one_for_one, {hung}));
  ASSERT_TRUE(wait_event("health_failed", "root/hung"));
  ASSERT_TRUE(wait_event("restarted", "root/hung"));
  for (auto& e : all_events()) {
    if (e["event"] == "crashed" && e["path"] == "root/hung") {
      EXPECT_EQ(e["reason"], "health check failed");
    }
  }
}

TEST_F(lifecycle, a_healthy_child_is_left_alone) {
  auto ok = worker("ok", "echo");
  ok.health = health_spec{20ms, 500ms, 1};
  auto sup = start(sup_of(strategy::one_for_one, {ok}));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(count_events("health_failed", "root/ok"), 0u);
  EXPECT_EQ(count_events("restarted", "root/ok"), 0u);
}

TEST_F(lifecycle, every_event_line_has_the_documented_fields) {
  auto sup = start(sup_of(strategy::one_for_one, {worker("a")}));
  self->send(child(sup, "a"), puppet_crash::value);
  ASSERT_TRUE(wait_event("restarted", "root/a"));
  std::regex ts{R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$)"};
  auto evs = all_events();
  ASSERT_GE(evs.size(), 4u);
  for (auto& e : evs) {
    ASSERT_TRUE(e.contains("ts") && e.contains("event") && e.contains("path")
                && e.contains("reason") && e.contains("restart_count"))
      << e.dump();
    EXPECT_TRUE(std::regex_match(e["ts"].get<std::string>(), ts)) << e.dump();
    EXPECT_TRUE(e["restart_count"].is_number_unsigned());
  }
  for (auto& e : evs) {
    if (e["event"] == "restarted") {
      EXPECT_EQ(e["restart_count"], 1);
    }
  }
}

} // namespace
} // namespace aip::test
