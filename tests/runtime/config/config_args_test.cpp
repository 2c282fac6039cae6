// Agent `args:` are checked against the registered type's declared args:
// unknown keys, wrong kinds and missing required args are errors; good
// values arrive typed in the child's agent_args.

#include "aip/config/load_config.hpp"
#include "runtime/config/test_agent_types.hpp"

#include <gtest/gtest.h>

#include <chrono>

using namespace std::chrono_literals;
using aip::test::errors_of;
using errs = std::vector<std::string>;

namespace {

// One worker of `type` with `args` (a flow map) on line 3, column 7.
std::string worker(const std::string& type, const std::string& args) {
  return "supervisor:\n  children:\n    - name: w\n      type: " + type
         + "\n      args: " + args + "\n";
}

} // namespace

TEST(config_args, wrong_kind_quotes_the_value) {
  EXPECT_EQ(errors_of(worker("ticker", "{interval: fast}")),
            errs{"t.yaml:5:24: args.interval: expected a duration like "
                 "100ms, got 'fast'"});
  EXPECT_EQ(errors_of(worker("chaos", "{crash_after_messages: 1.5}")),
            errs{"t.yaml:5:36: args.crash_after_messages: expected an "
                 "integer, got '1.5'"});
  EXPECT_EQ(errors_of(worker("chaos", "{fail_start: maybe}")),
            errs{"t.yaml:5:26: args.fail_start: expected true or false, got "
                 "'maybe'"});
  EXPECT_EQ(errors_of(worker("fetcher", "{url: u, ratio: half}")),
            errs{"t.yaml:5:29: args.ratio: expected a number, got 'half'"});
  EXPECT_EQ(errors_of(worker("fetcher", "{url: [a, b]}")),
            errs{"t.yaml:5:19: args.url: expected a string, got a list"});
}

TEST(config_args, unknown_arg_lists_accepted_args) {
  EXPECT_EQ(errors_of(worker("ticker", "{intervl: 1s}")),
            errs{"t.yaml:5:14: unknown arg 'intervl' for type 'ticker' (did "
                 "you mean 'interval'?); accepted: interval"});
  EXPECT_EQ(errors_of(worker("chaos", "{speed: 1}")),
            errs{"t.yaml:5:14: unknown arg 'speed' for type 'chaos'; "
                 "accepted: crash_every, crash_after_messages, "
                 "exit_normally_after, fail_start, hang_after"});
  EXPECT_EQ(errors_of(worker("sink", "{speed: 1}")),
            errs{"t.yaml:5:14: unknown arg 'speed' for type 'sink', which "
                 "takes no args"});
}

TEST(config_args, missing_required_arg) {
  // Reported at `args:` when present, else at the type.
  EXPECT_EQ(errors_of(worker("fetcher", "{retries: 2}")),
            errs{"t.yaml:5:7: missing required arg 'url' for type "
                 "'fetcher'"});
  EXPECT_EQ(errors_of("supervisor:\n  children:\n"
                      "    - {name: w, type: fetcher}\n"),
            errs{"t.yaml:3:23: missing required arg 'url' for type "
                 "'fetcher'"});
}

TEST(config_args, args_must_be_a_map) {
  EXPECT_EQ(errors_of(worker("ticker", "[interval, 1s]")),
            errs{"t.yaml:5:13: args: expected a map, got a list"});
}

TEST(config_args, several_bad_args_are_all_reported) {
  EXPECT_EQ(errors_of("supervisor:\n  children:\n    - name: w\n"
                      "      type: chaos\n      args:\n"
                      "        crash_every: 1\n"
                      "        crash_after_messages: many\n"
                      "        crash_evry: 1s\n"),
            (errs{"t.yaml:6:22: args.crash_every: expected a duration like "
                  "100ms, got '1'",
                  "t.yaml:7:31: args.crash_after_messages: expected an "
                  "integer, got 'many'",
                  "t.yaml:8:9: unknown arg 'crash_evry' for type 'chaos' (did "
                  "you mean 'crash_every'?); accepted: crash_every, "
                  "crash_after_messages, exit_normally_after, fail_start, "
                  "hang_after"}));
}

TEST(config_args, typed_values) {
  auto r = aip::load_config_string(
    worker("chaos", "{crash_every: 250ms, crash_after_messages: -3, "
                    "fail_start: true, hang_after: 2m}"),
    "t.yaml", aip::test::test_types());
  ASSERT_TRUE(r.ok());
  auto& args = *r.spec->root.children.at(0).args;
  EXPECT_EQ(args.get_duration("crash_every", 0s), 250ms);
  EXPECT_EQ(args.get_int("crash_after_messages", 0), -3);
  EXPECT_TRUE(args.get_bool("fail_start", false));
  EXPECT_EQ(args.get_duration("hang_after", 0s), 2min);
  EXPECT_EQ(args.values().size(), 4u);
}

TEST(config_args, string_arg_keeps_numbers_as_text) {
  auto r = aip::load_config_string(worker("fetcher", "{url: 42}"), "t.yaml",
                                   aip::test::test_types());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.spec->root.children.at(0).args->get_string("url", ""), "42");
}
