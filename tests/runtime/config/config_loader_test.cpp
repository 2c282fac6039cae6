// A valid config becomes the right spec tree: every key, every variant of
// shutdown, typed args, templates and nested supervisors, and the defaults.

#include "aip/config/load_config.hpp"
#include "runtime/config/test_agent_types.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>

using namespace std::chrono_literals;
using aip::test::test_types;

namespace {

constexpr std::string_view full_config = R"(node:
  name: demo
  threads: 2
  scheduler: stealing
  events: off
  debug_events: true
  plugins: [./libfoo.so, /opt/bar.so]
supervisor:
  name: top
  strategy: rest_for_one
  intensity: 3
  period: 10s
  auto_shutdown: any_significant
  children:
    - name: ticker
      type: ticker
      restart: permanent
      shutdown: 500ms
      args: {interval: 100ms}
    - name: pool
      shutdown: 2s
      supervisor:
        strategy: simple_one_for_one
        intensity: 0
        period: 1.5s
        template: {type: echo, restart: transient, args: {reply_delay: 1ms}}
        replicas: 10000
    - name: flaky
      type: chaos
      restart: transient
      significant: true
      shutdown: brutal_kill
      args:
        crash_every: 200ms
        crash_after_messages: 5
        fail_start: false
      health: {interval: 1s, timeout: 100ms, failures: 3}
    - name: forever
      type: sink
      restart: temporary
      shutdown: infinity
    - name: fetch
      type: fetcher
      args: {url: "http://x/y", retries: 4, ratio: 0.25}
)";

aip::node_spec load_ok(std::string_view yaml) {
  auto r = aip::load_config_string(yaml, "t.yaml", test_types());
  for (auto& e : r.errors)
    ADD_FAILURE() << to_string(e);
  EXPECT_TRUE(r.ok());
  return r.spec.value_or(aip::node_spec{});
}

} // namespace

TEST(config_loader, node_keys) {
  auto spec = load_ok(full_config);
  EXPECT_EQ(spec.name, "demo");
  EXPECT_EQ(spec.threads, 2u);
  EXPECT_EQ(spec.scheduler, "stealing");
  EXPECT_EQ(spec.events, "off");
  EXPECT_TRUE(spec.debug_events);
  EXPECT_EQ(spec.plugins,
            (std::vector<std::string>{"./libfoo.so", "/opt/bar.so"}));
  EXPECT_EQ(spec.where.file, "t.yaml");
  // The node's position is its `node:` map.
  EXPECT_EQ(spec.where.line, 2);
  EXPECT_EQ(spec.where.column, 3);
}

TEST(config_loader, root_supervisor) {
  auto root = load_ok(full_config).root;
  EXPECT_EQ(root.name, "top");
  EXPECT_EQ(root.strategy, aip::strategy::rest_for_one);
  EXPECT_EQ(root.intensity, 3);
  EXPECT_EQ(root.period, 10s);
  EXPECT_EQ(root.auto_shutdown, aip::auto_shutdown::any_significant);
  ASSERT_EQ(root.children.size(), 5u);
  EXPECT_FALSE(root.child_template.has_value());
  EXPECT_EQ(root.where.line, 9);
  EXPECT_EQ(root.where.column, 3);
}

TEST(config_loader, worker_with_duration_arg) {
  auto spec = load_ok(full_config);
  auto& c = spec.root.children.at(0);
  EXPECT_EQ(c.name, "ticker");
  EXPECT_EQ(c.type, "ticker");
  EXPECT_FALSE(c.is_supervisor());
  EXPECT_EQ(c.restart, aip::restart_type::permanent);
  ASSERT_TRUE(c.shutdown.has_value());
  EXPECT_EQ(c.shutdown->kind, aip::shutdown_policy::timeout);
  EXPECT_EQ(c.shutdown->time, 500ms);
  EXPECT_EQ(c.args->get_duration("interval", 0s), 100ms);
  EXPECT_FALSE(c.significant);
  EXPECT_FALSE(c.health.has_value());
  EXPECT_EQ(c.where.file, "t.yaml");
  EXPECT_EQ(c.where.line, 15);
  EXPECT_EQ(c.where.column, 7);
}

TEST(config_loader, nested_simple_one_for_one) {
  auto spec = load_ok(full_config);
  auto& c = spec.root.children.at(1);
  EXPECT_EQ(c.name, "pool");
  ASSERT_TRUE(c.is_supervisor());
  EXPECT_TRUE(c.type.empty());
  EXPECT_EQ(c.effective_shutdown().time, 2s);
  auto& sup = *c.supervisor;
  EXPECT_EQ(sup.name, "pool");
  EXPECT_EQ(sup.strategy, aip::strategy::simple_one_for_one);
  EXPECT_EQ(sup.intensity, 0);
  EXPECT_EQ(sup.period, 1500ms);
  EXPECT_EQ(sup.replicas, 10000u);
  EXPECT_TRUE(sup.children.empty());
  EXPECT_EQ(sup.where.line, 23);
  EXPECT_EQ(sup.where.column, 9);
  ASSERT_TRUE(sup.child_template.has_value());
  auto& t = *sup.child_template;
  EXPECT_TRUE(t.name.empty());
  EXPECT_EQ(t.type, "echo");
  EXPECT_EQ(t.restart, aip::restart_type::transient);
  EXPECT_EQ(t.args->get_duration("reply_delay", 0s), 1ms);
  EXPECT_EQ(t.where.line, 26);
  EXPECT_EQ(t.where.column, 19);
}

TEST(config_loader, significant_chaos_with_health) {
  auto spec = load_ok(full_config);
  auto& c = spec.root.children.at(2);
  EXPECT_EQ(c.type, "chaos");
  EXPECT_EQ(c.restart, aip::restart_type::transient);
  EXPECT_TRUE(c.significant);
  EXPECT_EQ(c.effective_shutdown().kind, aip::shutdown_policy::brutal_kill);
  EXPECT_EQ(c.args->get_duration("crash_every", 0s), 200ms);
  EXPECT_EQ(c.args->get_int("crash_after_messages", 0), 5);
  EXPECT_TRUE(c.args->has("fail_start"));
  EXPECT_FALSE(c.args->get_bool("fail_start", true));
  EXPECT_FALSE(c.args->has("hang_after"));
  ASSERT_TRUE(c.health.has_value());
  EXPECT_EQ(c.health->interval, 1s);
  EXPECT_EQ(c.health->timeout, 100ms);
  EXPECT_EQ(c.health->failures, 3);
}

TEST(config_loader, infinity_shutdown_and_string_and_number_args) {
  auto root = load_ok(full_config).root;
  auto& sink = root.children.at(3);
  EXPECT_EQ(sink.restart, aip::restart_type::temporary);
  EXPECT_EQ(sink.effective_shutdown().kind, aip::shutdown_policy::infinity);
  EXPECT_TRUE(sink.args->values().empty());
  auto& fetch = root.children.at(4);
  EXPECT_EQ(fetch.args->get_string("url", ""), "http://x/y");
  EXPECT_EQ(fetch.args->get_int("retries", 0), 4);
  EXPECT_DOUBLE_EQ(fetch.args->get_double("ratio", 0), 0.25);
}

TEST(config_loader, defaults) {
  auto spec = load_ok(R"(supervisor:
  children:
    - name: w
      type: sink
    - name: s
      supervisor: {}
)");
  EXPECT_EQ(spec.name, "aip");
  EXPECT_EQ(spec.threads, 0u);
  EXPECT_EQ(spec.scheduler, "sharing");
  EXPECT_EQ(spec.events, "stdout");
  EXPECT_FALSE(spec.debug_events);
  EXPECT_TRUE(spec.plugins.empty());
  auto& root = spec.root;
  EXPECT_EQ(root.name, "root");
  EXPECT_EQ(root.strategy, aip::strategy::one_for_one);
  EXPECT_EQ(root.intensity, 1);
  EXPECT_EQ(root.period, 5s);
  EXPECT_EQ(root.auto_shutdown, aip::auto_shutdown::never);
  ASSERT_EQ(root.children.size(), 2u);
  auto& w = root.children[0];
  EXPECT_EQ(w.restart, aip::restart_type::permanent);
  EXPECT_FALSE(w.shutdown.has_value());
  EXPECT_EQ(w.effective_shutdown().kind, aip::shutdown_policy::timeout);
  EXPECT_EQ(w.effective_shutdown().time, 5s);
  auto& s = root.children[1];
  ASSERT_TRUE(s.is_supervisor());
  EXPECT_EQ(s.supervisor->name, "s");
  EXPECT_TRUE(s.supervisor->children.empty());
  EXPECT_EQ(s.effective_shutdown().kind, aip::shutdown_policy::infinity);
}

TEST(config_loader, empty_children_and_replicas_zero) {
  auto spec = load_ok(R"(supervisor:
  children:
    - name: pool
      supervisor:
        strategy: simple_one_for_one
        template: {supervisor: {children: []}}
)");
  auto& pool = *spec.root.children.at(0).supervisor;
  EXPECT_EQ(pool.replicas, 0u);
  ASSERT_TRUE(pool.child_template.has_value());
  EXPECT_TRUE(pool.child_template->is_supervisor());
}

TEST(config_loader, loads_from_file) {
  auto path = testing::TempDir() + "config_loader_test.yaml";
  {
    std::ofstream out{path};
    out << full_config;
  }
  auto r = aip::load_config_file(path, test_types());
  EXPECT_TRUE(r.ok());
  ASSERT_TRUE(r.spec.has_value());
  EXPECT_EQ(r.spec->root.children.at(0).where.file, path);
  std::remove(path.c_str());
}

TEST(config_loader, error_prints_as_file_line_col) {
  aip::config_error e{{"a.yaml", 3, 7}, "boom"};
  EXPECT_EQ(to_string(e), "a.yaml:3:7: boom");
  aip::config_error no_pos{{"a.yaml", 0, 0}, "gone"};
  EXPECT_EQ(to_string(no_pos), "a.yaml: gone");
}
