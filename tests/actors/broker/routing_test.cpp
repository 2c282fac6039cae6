// Addressing through the broker: by path, by id, by capability (tools,
// round robin, schema validation), refusals and dead letters.
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aip/schemas/demo_generated.h"
#include "aip/schemas/tool_call_generated.h"
#include "aip/agents/tool_call.hpp"
#include "backbone_fixture.hpp"
#include "payloads.hpp"

namespace aip::test {
namespace {

payload tool_call(const std::string& tool, const nlohmann::json& args) {
  return make_tool_call(tool, args);
}

const char* tree = R"(
node: {name: n1}
supervisor:
  name: root
  children:
    - {name: echo, type: echo}
    - name: calcs
      supervisor:
        strategy: simple_one_for_one
        template: {type: calculator}
        replicas: 3
)";

TEST(Routing, ByPathRepliesWithConversationIds) {
  backbone_node node{tree};
  auto req = node.make(address::of_path("root/echo"), text("hello"));
  auto r = node.call(req);
  ASSERT_TRUE(r.ok()) << to_string(*r.error);
  EXPECT_EQ(text_of(r.reply), "hello");
  EXPECT_EQ(r.reply.correlation_id(), req.correlation_id());
  EXPECT_EQ(r.reply.causation_id(), req.message_id());
  EXPECT_EQ(r.reply.sender().path, "root/echo");
  EXPECT_EQ(r.reply.sender().id, agent_id_for("n1", "root/echo"));
}

TEST(Routing, ById) {
  backbone_node node{tree};
  auto r = node.call(address::of_id(agent_id_for("n1", "root/echo")),
                     text("by id"));
  ASSERT_TRUE(r.ok()) << to_string(*r.error);
  EXPECT_EQ(text_of(r.reply), "by id");
}

TEST(Routing, UnknownAgentIsUnreachableAndADeadLetter) {
  backbone_node node{tree};
  auto req = node.make(address::of_path("root/nobody"), text("x"));
  auto r = node.call(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, request_errc::unreachable);
  EXPECT_EQ(r.error->what, "agent root/nobody: no such agent on node n1");
  auto dead = node.dead_letters();
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].message_id, req.message_id());
  EXPECT_EQ(dead[0].recipient, "agent root/nobody");
  EXPECT_EQ(dead[0].payload_type, "aip.demo.Text");
  EXPECT_EQ(dead[0].code, request_errc::unreachable);
}

TEST(Routing, OneWaySendToNobodyTellsTheSender) {
  backbone_node node{tree};
  caf::scoped_actor self{node.sys()};
  auto e = node.make(address::of_path("root/ghost"), text("x"));
  self->send(node.net().shard_for(e), e);
  bool told = false;
  self->receive(
    [&](delivery_failure& f) {
      told = true;
      EXPECT_EQ(f.message_id, e.message_id());
      EXPECT_EQ(f.code, request_errc::unreachable);
    },
    caf::after(std::chrono::seconds{5}) >> [] {});
  EXPECT_TRUE(told);
}

TEST(Routing, AgentWithoutHandlerAnswersInvalidInput) {
  backbone_node node{tree};
  auto r = node.call(address::of_path("root/calcs/calculator-1"), text("x"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, request_errc::invalid_input);
  EXPECT_EQ(r.error->what,
            "root/calcs/calculator-1 (calculator) has no handler for "
            "'aip.demo.Text'");
}

TEST(Tools, CallByCapabilityRoundRobin) {
  backbone_node node{tree};
  std::map<std::string, int> served;
  for (int i = 0; i < 6; ++i) {
    auto r = node.call(address::of_capability("add"),
                       tool_call("add", {{"a", i}, {"b", 2}}));
    ASSERT_TRUE(r.ok()) << to_string(*r.error);
    auto* res = read_payload<schema::ToolResult>(r.reply);
    ASSERT_NE(res, nullptr);
    EXPECT_FALSE(res->is_error());
    EXPECT_EQ(nlohmann::json::parse(res->content_json()->str())["result"],
              i + 2.0);
    ++served[std::string{r.reply.sender().path}];
  }
  ASSERT_EQ(served.size(), 3u);
  for (auto& [path, n] : served)
    EXPECT_EQ(n, 2) << path;
}

TEST(Tools, DivisionByZeroIsAToolError) {
  backbone_node node{tree};
  auto r = node.call(address::of_capability("div"),
                     tool_call("div", {{"a", 1}, {"b", 0}}));
  ASSERT_TRUE(r.ok()) << to_string(*r.error);
  auto* res = read_payload<schema::ToolResult>(r.reply);
  ASSERT_NE(res, nullptr);
  EXPECT_TRUE(res->is_error());
  EXPECT_EQ(nlohmann::json::parse(res->content_json()->str())["message"],
            "division by zero");
  // The calculator survived: the next call works.
  auto again = node.call(address::of_capability("div"),
                         tool_call("div", {{"a", 1}, {"b", 4}}));
  ASSERT_TRUE(again.ok());
}

TEST(Tools, ArgumentsAreValidatedBeforeTheAgentSeesThem) {
  backbone_node node{tree};
  auto r = node.call(address::of_capability("add"),
                     tool_call("add", {{"a", 1}, {"b", "two"}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, request_errc::invalid_input);
  EXPECT_EQ(r.error->what, "tool add: /args/b: expected number, got string");
  auto missing = node.call(address::of_capability("mul"),
                           tool_call("mul", {{"a", 1}}));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error->code, request_errc::invalid_input);
  EXPECT_NE(missing.error->what.find("b"), std::string::npos)
    << missing.error->what;
  // Invalid input is the caller's mistake, not undeliverable mail.
  EXPECT_TRUE(node.dead_letters().empty());
}

TEST(Tools, UnknownToolIsUnreachable) {
  backbone_node node{tree};
  auto r = node.call(address::of_capability("sqrt"),
                     tool_call("sqrt", {{"x", 4}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, request_errc::unreachable);
  EXPECT_EQ(r.error->what, "capability sqrt: no agent offers it");
}

TEST(Tools, ListedAndSearchable) {
  backbone_node node{tree};
  std::vector<std::string> names;
  for (auto& answer : node.ask_shards(tools_atom::value, std::string{}))
    for (auto& t : nlohmann::json::parse(answer)) {
      names.push_back(t["name"]);
      EXPECT_EQ(t["offerers"], 3) << t.dump();
      EXPECT_EQ(t["inputSchema"]["type"], "object");
    }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"add", "div", "mul"}));
  size_t found = 0;
  for (auto& answer : node.ask_shards(tools_atom::value, std::string{"division"}))
    found += nlohmann::json::parse(answer).size();
  EXPECT_EQ(found, 1u); // only div mentions division
}

TEST(Tools, LeastLoadedPicksAnIdleOfferer) {
  backbone_node node{tree};
  auto r = node.call(address::of_capability("mul", pick_policy::least_loaded),
                     tool_call("mul", {{"a", 3}, {"b", 4}}));
  ASSERT_TRUE(r.ok()) << to_string(*r.error);
  auto* res = read_payload<schema::ToolResult>(r.reply);
  ASSERT_NE(res, nullptr);
  EXPECT_EQ(nlohmann::json::parse(res->content_json()->str())["result"], 12.0);
}

TEST(Deadlines, ExpiredBeforeDeliveryIsTimeoutAndADeadLetter) {
  backbone_node node{tree};
  send_options opts;
  opts.deadline = std::chrono::nanoseconds{1};
  auto req = node.make(address::of_path("root/echo"), text("late"), opts);
  auto r = node.call(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, request_errc::timeout);
  auto dead = node.dead_letters();
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].code, request_errc::timeout);
  EXPECT_NE(dead[0].reason.find("deadline passed"), std::string::npos)
    << dead[0].reason;
}

} // namespace
} // namespace aip::test
