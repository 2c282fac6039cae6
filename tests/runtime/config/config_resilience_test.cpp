// The resilience keys of a config: an agent child's owner, mailbox,
// circuit_breaker and critical; `node.broker`; `node.tools.<name>` breakers.
// Good files give the right spec; each kind of mistake an exact
// `FILE:LINE:COL: message`.

#include "aip/config/load_config.hpp"
#include "runtime/config/test_agent_types.hpp"

#include <chrono>
#include <gtest/gtest.h>

using namespace std::chrono_literals;
using aip::test::errors_of;
using aip::test::test_types;
using errs = std::vector<std::string>;

namespace {

aip::node_spec load_ok(std::string_view yaml) {
  auto r = aip::load_config_string(yaml, "t.yaml", test_types());
  for (auto& e : r.errors)
    ADD_FAILURE() << to_string(e);
  EXPECT_TRUE(r.ok());
  return r.spec.value_or(aip::node_spec{});
}

constexpr std::string_view full_config = R"(node:
  broker: {shards: 4, mailbox: 256, lookahead: 8, dead_letters: 500}
  tools:
    web.search:
      circuit_breaker: {consecutive_failures: 2, open_for: 30s}
    calc_v2-1:
      circuit_breaker: {}
    no-breaker: {}
supervisor:
  children:
    - name: agent
      type: echo
      owner: alice@example.com
      mailbox: 64
      critical: false
      circuit_breaker:
        consecutive_failures: 3
        failure_rate: 0.25
        min_calls_in_window: 8
        window: 2s
        open_for: 500ms
        half_open_probes: 2
        max_concurrent: 16
    - name: pool
      supervisor:
        strategy: simple_one_for_one
        template:
          type: sink
          owner: bob
          mailbox: 4
          circuit_breaker: {max_concurrent: 1}
)";

} // namespace

TEST(config_resilience, agent_keys) {
  auto spec = load_ok(full_config);
  auto& c = spec.root.children.at(0);
  EXPECT_EQ(c.owner, "alice@example.com");
  EXPECT_EQ(c.mailbox, 64u);
  EXPECT_FALSE(c.critical);
  ASSERT_TRUE(c.breaker.has_value());
  EXPECT_EQ(c.breaker->consecutive_failures, 3);
  EXPECT_DOUBLE_EQ(c.breaker->failure_rate, 0.25);
  EXPECT_EQ(c.breaker->min_calls_in_window, 8u);
  EXPECT_EQ(c.breaker->window, 2s);
  EXPECT_EQ(c.breaker->open_for, 500ms);
  EXPECT_EQ(c.breaker->half_open_probes, 2);
  EXPECT_EQ(c.breaker->max_concurrent, 16);
}

TEST(config_resilience, template_takes_agent_keys_and_breaker_defaults) {
  auto spec = load_ok(full_config);
  auto& t = *spec.root.children.at(1).supervisor->child_template;
  EXPECT_EQ(t.owner, "bob");
  EXPECT_EQ(t.mailbox, 4u);
  EXPECT_TRUE(t.critical);
  ASSERT_TRUE(t.breaker.has_value());
  EXPECT_EQ(t.breaker->max_concurrent, 1);
  aip::circuit_breaker_config d;
  EXPECT_EQ(t.breaker->consecutive_failures, d.consecutive_failures);
  EXPECT_EQ(t.breaker->open_for, d.open_for);
  EXPECT_EQ(t.breaker->window, d.window);
}

TEST(config_resilience, agent_key_defaults) {
  auto spec
    = load_ok("supervisor:\n  children:\n    - {name: a, type: sink}\n");
  auto& c = spec.root.children.at(0);
  EXPECT_TRUE(c.owner.empty());
  EXPECT_EQ(c.mailbox, 0u);
  EXPECT_FALSE(c.breaker.has_value());
  EXPECT_TRUE(c.critical);
}

TEST(config_resilience, node_broker_and_tools) {
  auto spec = load_ok(full_config);
  EXPECT_EQ(spec.broker.shards, 4u);
  EXPECT_EQ(spec.broker.mailbox, 256u);
  EXPECT_EQ(spec.broker.lookahead, 8u);
  EXPECT_EQ(spec.broker.dead_letters, 500u);
  // A tool without circuit_breaker gets no entry.
  ASSERT_EQ(spec.tool_breakers.size(), 2u);
  auto& web = spec.tool_breakers.at("web.search");
  EXPECT_EQ(web.consecutive_failures, 2);
  EXPECT_EQ(web.open_for, 30s);
  EXPECT_EQ(spec.tool_breakers.at("calc_v2-1").consecutive_failures, 5);
}

TEST(config_resilience, node_defaults) {
  auto spec = load_ok("node: {broker: {}, tools: }\nsupervisor: {}\n");
  aip::broker_spec d;
  EXPECT_EQ(spec.broker.shards, d.shards);
  EXPECT_EQ(spec.broker.mailbox, d.mailbox);
  EXPECT_EQ(spec.broker.lookahead, d.lookahead);
  EXPECT_EQ(spec.broker.dead_letters, d.dead_letters);
  EXPECT_TRUE(spec.tool_breakers.empty());
  // shards: 0 means one per scheduler thread.
  EXPECT_EQ(
    load_ok("node: {broker: {shards: 0}}\nsupervisor: {}\n").broker.shards, 0u);
}

TEST(config_resilience, bad_owner_mailbox_critical) {
  EXPECT_EQ(errors_of("supervisor:\n  children:\n"
                      "    - {name: a, type: sink, owner: [x]}\n"),
            errs{"t.yaml:3:36: owner: expected a string, got a list"});
  EXPECT_EQ(errors_of("supervisor:\n  children:\n"
                      "    - {name: a, type: sink, owner: ''}\n"),
            errs{"t.yaml:3:36: owner: expected a non-empty string, got ''"});
  EXPECT_EQ(errors_of("supervisor:\n  children:\n"
                      "    - {name: a, type: sink, mailbox: 0}\n"),
            errs{"t.yaml:3:38: mailbox: must be at least 1, got 0"});
  EXPECT_EQ(errors_of("supervisor:\n  children:\n"
                      "    - {name: a, type: sink, mailbox: lots}\n"),
            errs{"t.yaml:3:38: mailbox: expected an integer, got 'lots'"});
  EXPECT_EQ(errors_of("supervisor:\n  children:\n"
                      "    - {name: a, type: sink, mailbox: 4294967296}\n"),
            errs{"t.yaml:3:38: mailbox: at most 4294967295, got "
                 "4294967296"});
  EXPECT_EQ(errors_of("supervisor:\n  children:\n"
                      "    - {name: a, type: sink, critical: no}\n"),
            errs{"t.yaml:3:39: critical: expected true or false, got 'no'"});
}

TEST(config_resilience, unknown_agent_key_suggests_closest) {
  EXPECT_EQ(errors_of("supervisor:\n  children:\n"
                      "    - {name: a, type: sink, circuit_braker: {}}\n"),
            errs{"t.yaml:3:29: unknown key 'circuit_braker' in child 'a' (did "
                 "you mean 'circuit_breaker'?)"});
  EXPECT_EQ(errors_of("supervisor:\n  children:\n"
                      "    - {name: a, type: sink, mailbx: 3}\n"),
            errs{"t.yaml:3:29: unknown key 'mailbx' in child 'a' (did you "
                 "mean 'mailbox'?)"});
}

TEST(config_resilience, agent_keys_on_a_supervisor_child) {
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - name: sub\n"
                      "      supervisor: {}\n"
                      "      owner: alice\n"
                      "      mailbox: 8\n"
                      "      circuit_breaker: {}\n"
                      "      critical: false\n"),
            (errs{"t.yaml:5:7: owner: only workers (children with type) take "
                  "owner",
                  "t.yaml:6:7: mailbox: only workers (children with type) "
                  "take mailbox",
                  "t.yaml:7:7: circuit_breaker: only workers (children with "
                  "type) take circuit_breaker",
                  "t.yaml:8:7: critical: only workers (children with type) "
                  "take critical"}));
  // The same inside a template.
  EXPECT_EQ(errors_of("supervisor:\n  strategy: simple_one_for_one\n"
                      "  template: {supervisor: {}, mailbox: 8}\n"),
            errs{"t.yaml:3:30: mailbox: only workers (children with type) "
                 "take mailbox"});
}

TEST(config_resilience, breaker_wrong_shapes_and_types) {
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - name: a\n"
                      "      type: sink\n      circuit_breaker: on\n"),
            errs{"t.yaml:5:24: circuit_breaker: expected a map, got 'on'"});
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - name: a\n"
                      "      type: sink\n      circuit_breaker:\n"),
            errs{"t.yaml:5:7: circuit_breaker: expected a map, got nothing"});
  EXPECT_EQ(
    errors_of("supervisor:\n  children:\n    - name: a\n      type: sink\n"
              "      circuit_breaker:\n"
              "        consecutive_failures: many\n"
              "        failure_rate: half\n"
              "        window: 10\n"
              "        open_for: soon\n"
              "        max_concurrent: [1]\n"
              "        half_open_probe: 1\n"),
    (errs{"t.yaml:6:31: circuit_breaker.consecutive_failures: expected an "
          "integer, got 'many'",
          "t.yaml:7:23: circuit_breaker.failure_rate: expected a number, got "
          "'half'",
          "t.yaml:8:17: circuit_breaker.window: expected a duration like 5s, "
          "got '10'",
          "t.yaml:9:19: circuit_breaker.open_for: expected a duration like 5s, "
          "got 'soon'",
          "t.yaml:10:25: circuit_breaker.max_concurrent: expected an integer, "
          "got a list",
          "t.yaml:11:9: unknown key 'half_open_probe' in circuit_breaker (did "
          "you mean 'half_open_probes'?)"}));
}

TEST(config_resilience, breaker_ranges_come_from_validate_all_reported) {
  EXPECT_EQ(
    errors_of("supervisor:\n  children:\n    - name: a\n      type: sink\n"
              "      circuit_breaker:\n"
              "        consecutive_failures: 0\n"
              "        failure_rate: 1.5\n"
              "        min_calls_in_window: -1\n"
              "        window: 0s\n"
              "        open_for: 0ms\n"
              "        half_open_probes: 0\n"
              "        max_concurrent: -2\n"),
    (errs{"t.yaml:6:31: circuit_breaker.consecutive_failures: expected x >= "
          "1, got 0",
          "t.yaml:7:23: circuit_breaker.failure_rate: expected 0 < x <= 1, got "
          "1.5",
          "t.yaml:8:30: circuit_breaker.min_calls_in_window: expected x >= 1, "
          "got -1",
          "t.yaml:9:17: circuit_breaker.window: expected x > 0, got 0s",
          "t.yaml:10:19: circuit_breaker.open_for: expected x > 0, got 0ms",
          "t.yaml:11:27: circuit_breaker.half_open_probes: expected x >= 1, "
          "got 0",
          "t.yaml:12:25: circuit_breaker.max_concurrent: expected x >= 0 (0 = "
          "unlimited), got -2"}));
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - name: a\n"
                      "      type: sink\n"
                      "      circuit_breaker: {failure_rate: 0}\n"),
            errs{"t.yaml:5:39: circuit_breaker.failure_rate: expected 0 < x "
                 "<= 1, got 0"});
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - name: a\n"
                      "      type: sink\n"
                      "      circuit_breaker: {half_open_probes: "
                      "3000000000}\n"),
            errs{"t.yaml:5:43: circuit_breaker.half_open_probes: at most "
                 "2147483647, got 3000000000"});
}

TEST(config_resilience, bad_broker) {
  EXPECT_EQ(errors_of("node:\n  broker: {shards: -1, mailbox: 0, "
                      "lookahead: 0, dead_letters: 0}\nsupervisor: {}\n"),
            (errs{"t.yaml:2:20: broker.shards: must not be negative, got -1",
                  "t.yaml:2:33: broker.mailbox: must be at least 1, got 0",
                  "t.yaml:2:47: broker.lookahead: must be at least 1, got 0",
                  "t.yaml:2:64: broker.dead_letters: must be at least 1, got "
                  "0"}));
  EXPECT_EQ(errors_of("node:\n  broker: {mailbox: 5000000000, lookahed: 3}\n"
                      "supervisor: {}\n"),
            (errs{"t.yaml:2:21: broker.mailbox: at most 4294967295, got "
                  "5000000000",
                  "t.yaml:2:33: unknown key 'lookahed' in node.broker (did "
                  "you mean 'lookahead'?)"}));
  EXPECT_EQ(errors_of("node:\n  broker: 4\nsupervisor: {}\n"),
            errs{"t.yaml:2:11: broker: expected a map, got '4'"});
  EXPECT_EQ(errors_of("node:\n  broker: {shards: few}\nsupervisor: {}\n"),
            errs{"t.yaml:2:20: broker.shards: expected an integer, got "
                 "'few'"});
}

TEST(config_resilience, bad_tools) {
  EXPECT_EQ(errors_of("node:\n  tools:\n    'web search': {}\n"
                      "supervisor: {}\n"),
            errs{"t.yaml:3:5: tools: 'web search' is not a valid tool name "
                 "(expected 1-128 characters of [A-Za-z0-9_.-])"});
  EXPECT_EQ(errors_of("node:\n  tools:\n    " + std::string(129, 'x')
                      + ": {}\nsupervisor: {}\n"),
            errs{"t.yaml:3:5: tools: '" + std::string(129, 'x')
                 + "' is not a valid tool name (expected 1-128 characters of "
                   "[A-Za-z0-9_.-])"});
  EXPECT_EQ(errors_of("node:\n  tools: [search]\nsupervisor: {}\n"),
            errs{"t.yaml:2:10: tools: expected a map, got a list"});
  EXPECT_EQ(errors_of("node:\n  tools:\n    search: 3\nsupervisor: {}\n"),
            errs{"t.yaml:3:13: tools.search: expected a map, got '3'"});
  EXPECT_EQ(errors_of("node:\n  tools:\n    search: {breaker: {}}\n"
                      "supervisor: {}\n"),
            errs{"t.yaml:3:14: unknown key 'breaker' in tool 'search'; valid "
                 "keys: circuit_breaker"});
  EXPECT_EQ(errors_of("node:\n  tools:\n    search:\n"
                      "      circuit_breaker: {open_for: 0s, probes: 2}\n"
                      "supervisor: {}\n"),
            (errs{"t.yaml:4:35: tools.search.circuit_breaker.open_for: "
                  "expected x > 0, got 0s",
                  "t.yaml:4:39: unknown key 'probes' in circuit_breaker of "
                  "tool 'search'; valid keys: consecutive_failures, "
                  "failure_rate, min_calls_in_window, window, open_for, "
                  "half_open_probes, max_concurrent"}));
  EXPECT_EQ(errors_of("node:\n  tools:\n    search: {}\n    search: {}\n"
                      "supervisor: {}\n"),
            errs{"t.yaml:4:5: duplicate key 'search' in node.tools (first at "
                 "line 3)"});
}

TEST(config_resilience, file_fixture_with_resilience_errors) {
  auto path = std::string{AIP_SOURCE_DIR}
              + "/tests/runtime/config/bad/resilience_errors.yaml";
  auto r = aip::load_config_file(path, test_types());
  EXPECT_FALSE(r.spec.has_value());
  std::vector<std::string> got;
  for (auto& e : r.errors)
    got.push_back(e.message + " @" + std::to_string(e.where.line) + ":"
                  + std::to_string(e.where.column));
  EXPECT_EQ(got,
            (errs{"broker.lookahead: must be at least 1, got 0 @4:16",
                  "tools: 'bad name' is not a valid tool name (expected "
                  "1-128 characters of [A-Za-z0-9_.-]) @6:5",
                  "tools.search.circuit_breaker.failure_rate: expected 0 < x "
                  "<= 1, got 2 @8:39",
                  "mailbox: must be at least 1, got 0 @13:16",
                  "circuit_breaker.open_for: expected x > 0, got 0s @14:35",
                  "critical: only workers (children with type) take critical "
                  "@17:7"}));
}
