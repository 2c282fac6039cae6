// Restart intensity/period, giving up, and escalation up to the root and the
// node (exit status 3).
#include "aip/node/node.hpp"
#include "aip/supervision/restart_intensity.hpp"
#include "runtime/supervision/supervision_fixture.hpp"

namespace aip::test {
namespace {

using namespace std::chrono_literals;
using tp = restart_intensity::time_point;

TEST(restart_intensity_window, allows_intensity_restarts_per_period) {
  restart_intensity ri{3, 5s};
  tp t0{};
  EXPECT_TRUE(ri.add_restart(t0));
  EXPECT_TRUE(ri.add_restart(t0 + 1s));
  EXPECT_TRUE(ri.add_restart(t0 + 2s));
  EXPECT_FALSE(ri.add_restart(t0 + 3s)); // 4 within 5 s
}

TEST(restart_intensity_window, forgets_restarts_older_than_the_period) {
  restart_intensity ri{1, 5s};
  tp t0{};
  EXPECT_TRUE(ri.add_restart(t0));
  EXPECT_TRUE(ri.add_restart(t0 + 5s)); // the first has left the window
  EXPECT_TRUE(ri.add_restart(t0 + 10s));
  EXPECT_FALSE(ri.add_restart(t0 + 12s));
}

TEST(restart_intensity_window, zero_intensity_gives_up_on_first_restart) {
  restart_intensity ri{0, 5s};
  EXPECT_FALSE(ri.add_restart(tp{}));
}

using intensity = supervision_test;

TEST_F(intensity, exceeded_stops_children_in_reverse_and_exits_shutdown) {
  auto sup = start(sup_of(strategy::one_for_one,
                          {worker("a"), worker("b"), worker("c")}, 2));
  for (int k = 0; k < 2; ++k) {
    self->send(child(sup, "b"), puppet_crash::value);
    ASSERT_TRUE(wait_event("restarted", "root/b", k + 1));
  }
  self->send(child(sup, "b"), puppet_crash::value);
  auto reason = wait_down(sup);
  EXPECT_EQ(classify_exit(reason), exit_kind::shutdown);
  EXPECT_NE(describe_exit(reason).find("intensity exceeded"), std::string::npos);
  EXPECT_EQ(sequence({"intensity_exceeded", "shutdown", "escalated"}),
            (std::vector<std::string>{"intensity_exceeded root",
                                      "shutdown root/c", "shutdown root/a",
                                      "escalated root"}));
}

supervisor_spec inner_with_worker(int intensity) {
  supervisor_spec inner;
  inner.strategy = strategy::one_for_one;
  inner.intensity = intensity;
  inner.period = std::chrono::seconds{60};
  inner.children = {worker("w")};
  return inner;
}

TEST_F(intensity, giving_up_escalates_to_the_parent_which_restarts_it) {
  auto sup = start(sup_of(strategy::one_for_one,
                          {worker("first"),
                           nested("inner", inner_with_worker(0))}));
  auto inner = child(sup, "inner");
  self->send(child(inner, "w"), puppet_crash::value);
  ASSERT_TRUE(wait_event("restarted", "root/inner"));
  EXPECT_EQ(sequence({"intensity_exceeded", "escalated", "crashed"}),
            (std::vector<std::string>{"crashed root/inner/w",
                                      "intensity_exceeded root/inner",
                                      "escalated root/inner",
                                      "crashed root/inner"}));
  auto evs = all_events();
  for (auto& e : evs)
    if (e["event"] == "crashed" && e["path"] == "root/inner") {
      EXPECT_NE(e["reason"].get<std::string>().find("escalated"),
                std::string::npos);
    }
  // The restarted inner supervisor started a fresh worker.
  EXPECT_TRUE(wait_event("started", "root/inner/w", 2));
}

TEST_F(intensity, escalation_reaches_the_root_which_gives_up) {
  auto sup = start(sup_of(strategy::one_for_one,
                          {nested("inner", inner_with_worker(0))}, 0));
  self->send(child(child(sup, "inner"), "w"), puppet_crash::value);
  auto reason = wait_down(sup);
  EXPECT_EQ(classify_exit(reason), exit_kind::shutdown);
  EXPECT_TRUE(wait_event("escalated", "root"));
}

TEST(node_exit, root_giving_up_ends_the_node_with_status_3) {
  auto types = std::make_shared<agent_type_registry>();
  register_demo_agents(*types);
  node_spec spec;
  spec.name = "t";
  spec.threads = 2;
  spec.events = "off";
  spec.root.name = "root";
  spec.root.intensity = 0;
  child_spec c;
  c.name = "flaky";
  c.type = "chaos";
  auto args = std::make_shared<agent_args>();
  args->set("crash_after_messages", int64_t{1});
  args->set("crash_every", duration{std::chrono::milliseconds{20}});
  c.args = args;
  spec.root.children.push_back(c);
  node n{spec, types};
  node_options opts;
  opts.handle_signals = false;
  opts.run_for = std::chrono::seconds{30};
  EXPECT_EQ(n.run(opts), node_root_gave_up);
}

TEST(node_exit, run_for_stops_gracefully_with_status_0) {
  auto types = std::make_shared<agent_type_registry>();
  register_demo_agents(*types);
  node_spec spec;
  spec.threads = 2;
  spec.events = "off";
  spec.root.name = "root";
  spec.root.children.push_back(worker("e", "echo"));
  node n{spec, types};
  node_options opts;
  opts.handle_signals = false;
  opts.run_for = std::chrono::milliseconds{100};
  EXPECT_EQ(n.run(opts), node_ok);
}

} // namespace
} // namespace aip::test
