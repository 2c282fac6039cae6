// Each class of config mistake yields an exact `FILE:LINE:COL: message`,
// and one file with many mistakes yields all of them, sorted.

#include "aip/config/load_config.hpp"
#include "runtime/config/test_agent_types.hpp"

#include <gtest/gtest.h>

using aip::test::errors_of;
using errs = std::vector<std::string>;

TEST(config_errors, yaml_syntax_error) {
  EXPECT_EQ(errors_of("supervisor:\n  children: [a, b\n"),
            errs{"t.yaml:3:1: YAML syntax error: end of sequence flow not "
                 "found"});
  EXPECT_EQ(errors_of("supervisor: x: y\n"),
            errs{"t.yaml:1:14: YAML syntax error: illegal map value"});
}

TEST(config_errors, missing_file_names_the_file) {
  auto r
    = aip::load_config_file("/nonexistent/node.yaml", aip::test::test_types());
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.spec.has_value());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(to_string(r.errors[0]),
            "/nonexistent/node.yaml: cannot read config file: No such file "
            "or directory");
}

TEST(config_errors, directory_instead_of_file) {
  auto r = aip::load_config_file(AIP_SOURCE_DIR, aip::test::test_types());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "cannot read config file: it is a directory");
}

TEST(config_errors, empty_file_and_missing_supervisor) {
  EXPECT_EQ(errors_of(""),
            errs{"t.yaml:1:1: the file is empty; expected a map with a "
                 "'supervisor' key"});
  EXPECT_EQ(errors_of("node:\n  name: x\n"),
            errs{"t.yaml:1:1: missing required key 'supervisor' at the top "
                 "level (the root of the supervision tree)"});
}

TEST(config_errors, unknown_key_suggests_closest) {
  EXPECT_EQ(errors_of("supervisor:\n  stratgy: one_for_all\n"),
            errs{"t.yaml:2:3: unknown key 'stratgy' in supervisor (did you "
                 "mean 'strategy'?)"});
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - name: a\n"
                      "      type: sink\n      restrat: temporary\n"),
            errs{"t.yaml:5:7: unknown key 'restrat' in child 'a' (did you "
                 "mean 'restart'?)"});
}

TEST(config_errors, unknown_key_without_close_match_lists_valid_keys) {
  EXPECT_EQ(errors_of("nodes: {}\nsupervisor: {}\n"),
            errs{"t.yaml:1:1: unknown key 'nodes' in the top level (did you "
                 "mean 'node'?)"});
  EXPECT_EQ(errors_of("node: {colour: red}\nsupervisor: {}\n"),
            errs{"t.yaml:1:8: unknown key 'colour' in node; valid keys: "
                 "name, threads, scheduler, events, debug_events, plugins, "
                 "broker, tools"});
}

TEST(config_errors, duplicate_key) {
  EXPECT_EQ(errors_of("supervisor:\n  intensity: 1\n  intensity: 2\n"),
            errs{"t.yaml:3:3: duplicate key 'intensity' in supervisor "
                 "(first at line 2)"});
}

TEST(config_errors, wrong_types) {
  EXPECT_EQ(errors_of("supervisor: [a, b]\n"),
            errs{"t.yaml:1:13: supervisor: expected a map, got a list"});
  EXPECT_EQ(errors_of("supervisor:\n  intensity: lots\n"),
            errs{"t.yaml:2:14: intensity: expected an integer, got 'lots'"});
  EXPECT_EQ(errors_of("supervisor:\n  children: {a: 1}\n"),
            errs{"t.yaml:2:13: children: expected a list, got a map"});
  EXPECT_EQ(errors_of("node: {threads: [1]}\nsupervisor: {}\n"),
            errs{"t.yaml:1:17: threads: expected an integer, got a list"});
  EXPECT_EQ(errors_of("node: {debug_events: yes}\nsupervisor: {}\n"),
            errs{"t.yaml:1:22: debug_events: expected true or false, got "
                 "'yes'"});
  EXPECT_EQ(errors_of("node: {plugins: x.so}\nsupervisor: {}\n"),
            errs{"t.yaml:1:17: plugins: expected a list of paths, got "
                 "'x.so'"});
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - sink\n"),
            errs{"t.yaml:3:7: child: expected a map, got 'sink'"});
}

TEST(config_errors, empty_value_is_reported_at_its_key) {
  EXPECT_EQ(errors_of("supervisor:\n  intensity:\n  period: 1s\n"),
            errs{"t.yaml:2:3: intensity: expected an integer, got nothing"});
}

TEST(config_errors, bad_durations) {
  EXPECT_EQ(errors_of("supervisor:\n  period: 5\n"),
            errs{"t.yaml:2:11: period: expected a duration like 5s, got "
                 "'5'"});
  EXPECT_EQ(errors_of("supervisor:\n  period: 0s\n"),
            errs{"t.yaml:2:11: period: must be greater than 0, got '0s'"});
  EXPECT_EQ(errors_of("supervisor:\n  period: 5 seconds\n"),
            errs{"t.yaml:2:11: period: expected a duration like 5s, got "
                 "'5 seconds'"});
}

TEST(config_errors, negative_and_too_small_numbers) {
  EXPECT_EQ(errors_of("supervisor:\n  intensity: -1\n"),
            errs{"t.yaml:2:14: intensity: must not be negative, got -1"});
  EXPECT_EQ(errors_of("node: {threads: 0}\nsupervisor: {}\n"),
            errs{"t.yaml:1:17: threads: must be at least 1, got 0"});
  EXPECT_EQ(errors_of("supervisor:\n  strategy: simple_one_for_one\n"
                      "  template: {type: echo}\n  replicas: -5\n"),
            errs{"t.yaml:4:13: replicas: must not be negative, got -5"});
}

TEST(config_errors, bad_names) {
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - name: a/b\n"
                      "      type: sink\n"),
            errs{"t.yaml:3:13: name: 'a/b' is not a valid name (use letters, "
                 "digits, '_', '.' and '-')"});
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - type: sink\n"),
            errs{"t.yaml:3:7: child needs a name"});
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - name: ''\n"
                      "      type: sink\n"),
            errs{"t.yaml:3:13: name: '' is not a valid name (use letters, "
                 "digits, '_', '.' and '-')"});
}

TEST(config_errors, duplicate_child_name_names_first_line) {
  EXPECT_EQ(errors_of("supervisor:\n  children:\n"
                      "    - {name: a, type: sink}\n"
                      "    - {name: b, type: sink}\n"
                      "    - {name: a, type: echo}\n"),
            errs{"t.yaml:5:14: duplicate child name 'a' (first defined at "
                 "line 3)"});
}

TEST(config_errors, unknown_agent_type_lists_known_types) {
  EXPECT_EQ(errors_of("supervisor:\n  children:\n"
                      "    - {name: a, type: tikcer}\n"),
            errs{"t.yaml:3:23: unknown agent type 'tikcer' (did you mean "
                 "'ticker'?); known types: chaos, echo, fetcher, sink, "
                 "ticker"});
  EXPECT_EQ(errors_of("supervisor:\n  children:\n"
                      "    - {name: a, type: database}\n"),
            errs{"t.yaml:3:23: unknown agent type 'database'; known types: "
                 "chaos, echo, fetcher, sink, ticker"});
}

TEST(config_errors, unknown_strategy_lists_valid_ones) {
  EXPECT_EQ(errors_of("supervisor:\n  strategy: one_for_none\n"),
            errs{"t.yaml:2:13: unknown strategy 'one_for_none' (did you mean "
                 "'one_for_one'?); valid: one_for_one, one_for_all, "
                 "rest_for_one, simple_one_for_one"});
  EXPECT_EQ(errors_of("supervisor:\n  auto_shutdown: sometimes\n"),
            errs{"t.yaml:2:18: unknown auto_shutdown 'sometimes'; valid: "
                 "never, any_significant, all_significant"});
}

TEST(config_errors, unknown_scheduler) {
  EXPECT_EQ(errors_of("node: {scheduler: steal}\nsupervisor: {}\n"),
            errs{"t.yaml:1:19: unknown scheduler 'steal'; valid: sharing, "
                 "stealing"});
}

TEST(config_errors, unknown_restart_type) {
  EXPECT_EQ(errors_of("supervisor:\n  children:\n"
                      "    - {name: a, type: sink, restart: always}\n"),
            errs{"t.yaml:3:38: unknown restart type 'always'; valid: "
                 "permanent, transient, temporary"});
}

TEST(config_errors, bad_shutdown) {
  EXPECT_EQ(errors_of("supervisor:\n  children:\n"
                      "    - {name: a, type: sink, shutdown: soon}\n"),
            errs{"t.yaml:3:39: shutdown: expected brutal_kill, infinity or a "
                 "duration like 500ms, got 'soon'"});
  EXPECT_EQ(errors_of("supervisor:\n  children:\n"
                      "    - {name: a, type: sink, shutdown: 500}\n"),
            errs{"t.yaml:3:39: shutdown: expected brutal_kill, infinity or a "
                 "duration like 500ms, got '500'"});
}

TEST(config_errors, template_outside_simple_one_for_one) {
  EXPECT_EQ(errors_of("supervisor:\n  strategy: one_for_all\n"
                      "  template: {type: echo}\n  replicas: 3\n"),
            (errs{"t.yaml:3:3: template is only allowed with strategy "
                  "simple_one_for_one, not one_for_all",
                  "t.yaml:4:3: replicas is only allowed with strategy "
                  "simple_one_for_one, not one_for_all"}));
  // The default strategy (one_for_one) counts too.
  EXPECT_EQ(errors_of("supervisor:\n  template: {type: echo}\n"),
            errs{"t.yaml:2:3: template is only allowed with strategy "
                 "simple_one_for_one, not one_for_one"});
}

TEST(config_errors, children_inside_simple_one_for_one) {
  EXPECT_EQ(errors_of("supervisor:\n  strategy: simple_one_for_one\n"
                      "  template: {type: echo}\n"
                      "  children:\n    - {name: a, type: sink}\n"),
            errs{"t.yaml:4:3: children are not allowed with strategy "
                 "simple_one_for_one (use template and replicas)"});
}

TEST(config_errors, missing_template) {
  EXPECT_EQ(errors_of("supervisor:\n  strategy: simple_one_for_one\n"
                      "  replicas: 4\n"),
            errs{"t.yaml:2:13: strategy simple_one_for_one requires a "
                 "template"});
}

TEST(config_errors, name_in_template) {
  EXPECT_EQ(errors_of("supervisor:\n  strategy: simple_one_for_one\n"
                      "  template: {name: w, type: echo}\n"),
            errs{"t.yaml:3:14: name: not allowed in a template "
                 "(simple_one_for_one children are named at run time)"});
}

TEST(config_errors, child_with_both_type_and_supervisor) {
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - name: a\n"
                      "      type: sink\n      supervisor: {}\n"),
            errs{"t.yaml:5:7: child 'a' has both type and supervisor; a child "
                 "is either a worker (type) or a nested supervisor "
                 "(supervisor)"});
}

TEST(config_errors, child_with_neither_type_nor_supervisor) {
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - name: a\n"
                      "      restart: transient\n"),
            errs{"t.yaml:3:7: child 'a' needs either type (a worker) or "
                 "supervisor (a nested supervisor)"});
}

TEST(config_errors, nested_supervisor_has_no_name_and_no_args) {
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - name: sub\n"
                      "      args: {x: 1}\n"
                      "      supervisor: {name: other}\n"),
            (errs{"t.yaml:4:7: args: only workers (children with type) take "
                  "args",
                  "t.yaml:5:20: name: a nested supervisor is named after its "
                  "child ('sub'); remove this key"}));
}

TEST(config_errors, errors_inside_nested_supervisors) {
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - name: sub\n"
                      "      supervisor:\n        intensty: 2\n"
                      "        children:\n"
                      "          - {name: x, type: sink, restart: often}\n"),
            (errs{"t.yaml:5:9: unknown key 'intensty' in supervisor 'sub' "
                  "(did you mean 'intensity'?)",
                  "t.yaml:7:44: unknown restart type 'often'; valid: "
                  "permanent, transient, temporary"}));
}

TEST(config_errors, significant_rules) {
  // OTP: a permanent child is always restarted, so it cannot be significant.
  EXPECT_EQ(errors_of("supervisor:\n  auto_shutdown: any_significant\n"
                      "  children:\n"
                      "    - {name: a, type: sink, significant: true}\n"),
            errs{"t.yaml:4:42: significant: true requires restart transient "
                 "or temporary"});
  EXPECT_EQ(errors_of("supervisor:\n  children:\n"
                      "    - {name: a, type: sink, restart: temporary, "
                      "significant: true}\n"),
            errs{"t.yaml:3:62: significant: true requires the supervisor's "
                 "auto_shutdown to be any_significant or all_significant"});
  EXPECT_EQ(errors_of("supervisor:\n  auto_shutdown: all_significant\n"
                      "  children:\n"
                      "    - {name: a, type: sink, significant: 1}\n"),
            errs{"t.yaml:4:42: significant: expected true or false, got "
                 "'1'"});
}

TEST(config_errors, bad_health) {
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - name: a\n"
                      "      type: sink\n"
                      "      health: {interval: 0s, timeout: soon, "
                      "failures: 0}\n"),
            (errs{"t.yaml:5:26: health.interval: must be greater than 0, got "
                  "'0s'",
                  "t.yaml:5:39: health.timeout: expected a duration like "
                  "100ms, got 'soon'",
                  "t.yaml:5:55: health.failures: must be at least 1, got 0"}));
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - name: a\n"
                      "      type: sink\n      health: {interval: 1s}\n"),
            (errs{"t.yaml:5:7: health: missing required key 'timeout'",
                  "t.yaml:5:7: health: missing required key 'failures'"}));
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - name: a\n"
                      "      type: sink\n      health: 1s\n"),
            errs{"t.yaml:5:15: health: expected a map, got '1s'"});
}

TEST(config_errors, more_than_one_document) {
  EXPECT_EQ(errors_of("supervisor: {}\n---\nsupervisor: {}\n"),
            errs{"t.yaml:2:1: only one YAML document per file is allowed"});
}

TEST(config_errors, stray_comma_is_a_syntax_error_not_a_hang) {
  // yaml-cpp 0.7's LoadAll loops forever here (jbeder/yaml-cpp#1040).
  EXPECT_EQ(errors_of("# comment\n,\nsupervisor: {}\n"),
            errs{"t.yaml:2:1: YAML syntax error: unexpected ','"});
  EXPECT_EQ(errors_of("[a, b]\n,\n"),
            errs{"t.yaml:2:1: YAML syntax error: unexpected ','"});
}

TEST(config_errors, every_error_is_reported_sorted_and_no_spec) {
  constexpr std::string_view yaml = R"(node:
  threads: -2
supervisor:
  strategy: one_for_al
  period: fast
  children:
    - name: a
      type: sink
      shutdown: later
    - name: a
      type: nope
    - name: c
      type: ticker
      args: {interval: fast, speed: 3}
)";
  auto r = aip::load_config_string(yaml, "t.yaml", aip::test::test_types());
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.spec.has_value());
  std::vector<std::string> got;
  for (auto& e : r.errors)
    got.push_back(to_string(e));
  EXPECT_EQ(got,
            (errs{"t.yaml:2:12: threads: must be at least 1, got -2",
                  "t.yaml:4:13: unknown strategy 'one_for_al' (did you mean "
                  "'one_for_all'?); valid: one_for_one, one_for_all, "
                  "rest_for_one, simple_one_for_one",
                  "t.yaml:5:11: period: expected a duration like 5s, got "
                  "'fast'",
                  "t.yaml:9:17: shutdown: expected brutal_kill, infinity or a "
                  "duration like 500ms, got 'later'",
                  "t.yaml:10:13: duplicate child name 'a' (first defined at "
                  "line 7)",
                  "t.yaml:11:13: unknown agent type 'nope'; known types: "
                  "chaos, echo, fetcher, sink, ticker",
                  "t.yaml:14:24: args.interval: expected a duration like "
                  "100ms, got 'fast'",
                  "t.yaml:14:30: unknown arg 'speed' for type 'ticker'; "
                  "accepted: interval"}));
}

TEST(config_errors, file_fixture_with_many_errors) {
  auto path = std::string{AIP_SOURCE_DIR}
              + "/tests/runtime/config/bad/many_errors.yaml";
  auto r = aip::load_config_file(path, aip::test::test_types());
  std::vector<std::string> got;
  for (auto& e : r.errors)
    got.push_back(e.message + " @" + std::to_string(e.where.line) + ":"
                  + std::to_string(e.where.column));
  EXPECT_EQ(got,
            (errs{"threads: must be at least 1, got -2 @3:12",
                  "unknown strategy 'one_for_al' (did you mean "
                  "'one_for_all'?); valid: one_for_one, one_for_all, "
                  "rest_for_one, simple_one_for_one @5:13",
                  "duplicate child name 'a' (first defined at line 7) @9:13",
                  "args.interval: expected a duration like 100ms, got 'fast' "
                  "@13:24"}));
  ASSERT_FALSE(r.errors.empty());
  EXPECT_EQ(r.errors[0].where.file, path);
}
