// Workflows call agents through the broker in straight-line code.
#include <future>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aip/schemas/demo_generated.h"
#include "aip/workflow/agent_calls.hpp"
#include "aip/workflow/workflow_pool.hpp"
#include "backbone_fixture.hpp"
#include "payloads.hpp"

namespace aip::test {
namespace {

const char* tree = R"(
node: {name: n1}
supervisor:
  name: root
  children:
    - {name: echo, type: echo}
    - {name: slow, type: echo, args: {reply_delay: 2s}}
    - {name: calc, type: calculator}
)";

// Runs `body` as one workflow and waits for its outcome.
workflow_outcome run(backbone_node& node, std::function<void(workflow&)> body) {
  workflow_pool pool{node.sys(), {}};
  std::promise<workflow_outcome> done;
  auto fut = done.get_future();
  pool.start("test", std::move(body),
             [&done](const workflow_outcome& o) { done.set_value(o); });
  return fut.get();
}

TEST(WorkflowCalls, StraightLineRequestsAndToolCalls) {
  backbone_node node{tree};
  auto net = std::shared_ptr<const backbone>(&node.net(), [](auto*) {});
  workflow_agent me{net, node.tester()};
  std::string echoed;
  double sum = 0, quotient = 0;
  std::string div_error;
  auto outcome = run(node, [&](workflow& wf) {
    auto r = request(wf, me, address::of_path("root/echo"), text("hi"),
                     std::chrono::seconds{2})
               .value();
    echoed = read_payload<demo::Text>(r)->text()->str();
    sum = call_tool(wf, me, "add", {{"a", 2}, {"b", 3}}, std::chrono::seconds{2})
            .value()
            .content["result"];
    quotient = call_tool(wf, me, "div", {{"a", 1}, {"b", 4}},
                         std::chrono::seconds{2})
                 .value()
                 .content["result"];
    auto zero = call_tool(wf, me, "div", {{"a", 1}, {"b", 0}},
                          std::chrono::seconds{2})
                  .value();
    div_error = zero.is_error ? zero.content["message"].get<std::string>() : "";
  });
  ASSERT_TRUE(outcome.ok()) << to_string(*outcome.error);
  EXPECT_EQ(echoed, "hi");
  EXPECT_EQ(sum, 5);
  EXPECT_EQ(quotient, 0.25);
  EXPECT_EQ(div_error, "division by zero");
}

TEST(WorkflowCalls, TypedErrorsReachTheWorkflow) {
  backbone_node node{tree};
  auto net = std::shared_ptr<const backbone>(&node.net(), [](auto*) {});
  workflow_agent me{net, node.tester()};
  std::optional<workflow_error> bad_args, nobody, slow;
  auto outcome = run(node, [&](workflow& wf) {
    auto r1 = call_tool(wf, me, "add", {{"a", "x"}, {"b", 1}},
                        std::chrono::seconds{2});
    if (!r1)
      bad_args = r1.error();
    auto r2 = request(wf, me, address::of_path("root/ghost"), text("x"),
                      std::chrono::seconds{2});
    if (!r2)
      nobody = r2.error();
    auto r3 = request(wf, me, address::of_path("root/slow"), text("x"),
                      std::chrono::milliseconds{50});
    if (!r3)
      slow = r3.error();
  });
  ASSERT_TRUE(outcome.ok()) << to_string(*outcome.error);
  ASSERT_TRUE(bad_args);
  EXPECT_EQ(bad_args->code, workflow_errc::request_failed);
  EXPECT_EQ(bad_args->request, request_errc::invalid_input);
  EXPECT_NE(bad_args->message.find("/args/a: expected number"),
            std::string::npos)
    << bad_args->message;
  ASSERT_TRUE(nobody);
  EXPECT_EQ(nobody->request, request_errc::unreachable);
  ASSERT_TRUE(slow);
  EXPECT_EQ(slow->code, workflow_errc::timeout);
}

TEST(WorkflowCalls, AnEscapingErrorBecomesTheOutcome) {
  backbone_node node{tree};
  auto net = std::shared_ptr<const backbone>(&node.net(), [](auto*) {});
  workflow_agent me{net, node.tester()};
  auto outcome = run(node, [&](workflow& wf) {
    request(wf, me, address::of_path("root/ghost"), text("x"),
            std::chrono::seconds{1})
      .value(); // throws: the workflow ends with this error
  });
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error->code, workflow_errc::request_failed);
  EXPECT_EQ(outcome.error->request, request_errc::unreachable);
}

} // namespace
} // namespace aip::test
