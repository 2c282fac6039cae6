// Circuit breakers configured in YAML guard calls routed by the broker:
// per agent (child `circuit_breaker:`) and per tool (node.tools.<name>).
#include <caf/event_based_actor.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aip/agents/agent_definition.hpp"
#include "aip/schemas/demo_generated.h"
#include "aip/schemas/tool_call_generated.h"
#include "backbone_fixture.hpp"
#include "payloads.hpp"
#include "recorder.hpp"

namespace aip::test {
namespace {

// Answers every Text with `unreachable` (its own dependency is down).
agent_type broken_type(std::shared_ptr<recorder> rec) {
  return define_agent<nothing>("broken")
    .on<demo::Text>([rec](nothing&, agent_context&, const demo::Text& t) {
      rec->add(t.text()->str());
      return reply::error(request_errc::unreachable, "broken: db is down");
    })
    .build();
}

// Offers tool `boom`, which crashes the agent (the supervisor restarts it).
agent_type bomb_type(std::shared_ptr<recorder> rec) {
  nlohmann::json schema{{"type", "object"}};
  return define_agent<nothing>("bomb")
    .tool(tool_spec{"boom", "crashes", schema, nullptr, {}},
          [rec](nothing&, agent_context&, const nlohmann::json&) -> tool_result {
            rec->add("boom");
            throw std::runtime_error("bomb went off");
          })
    .build();
}

TEST(Breakers, AgentBreakerOpensAfterConsecutiveFailures) {
  auto rec = std::make_shared<recorder>();
  backbone_node node{R"(
supervisor:
  name: root
  children:
    - name: db
      type: broken
      circuit_breaker: {consecutive_failures: 2, open_for: 30s}
)",
                     [&](agent_type_registry& r) { r.add(broken_type(rec)); }};
  for (int i = 0; i < 2; ++i) {
    auto r = node.call(address::of_path("root/db"), text("call"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, request_errc::unreachable) << to_string(*r.error);
  }
  auto r = node.call(address::of_path("root/db"), text("call"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, request_errc::circuit_open) << to_string(*r.error);
  EXPECT_GT(r.error->retry_after, std::chrono::seconds{20});
  EXPECT_EQ(rec->seen().size(), 2u); // the third never reached the agent
  EXPECT_TRUE(node.events().wait_for(
    [](const std::vector<nlohmann::json>& xs) {
      for (auto& x : xs)
        if (x["event"] == "circuit.open" && x["path"] == "root/db")
          return true;
      return false;
    },
    5000));
}

TEST(Breakers, ToolBreakerFromNodeConfig) {
  auto rec = std::make_shared<recorder>();
  backbone_node node{R"(
node:
  name: n1
  tools:
    boom: {circuit_breaker: {consecutive_failures: 1, open_for: 30s}}
supervisor:
  name: root
  children:
    - {name: bomb, type: bomb}
)",
                     [&](agent_type_registry& r) { r.add(bomb_type(rec)); }};
  auto call = make_payload<schema::ToolCall>([](flatbuffers::FlatBufferBuilder& b) {
    return schema::CreateToolCall(b, b.CreateString("boom"),
                                  b.CreateString("{}"));
  });
  auto first = node.call(address::of_capability("boom"), call);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error->code, request_errc::unreachable)
    << to_string(*first.error);
  auto second = node.call(address::of_capability("boom"), call);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error->code, request_errc::circuit_open)
    << to_string(*second.error);
  EXPECT_EQ(rec->seen().size(), 1u);
}

TEST(Breakers, UnguardedAgentsAreNotAffected) {
  auto rec = std::make_shared<recorder>();
  backbone_node node{R"(
supervisor:
  name: root
  children:
    - {name: db, type: broken}
)",
                     [&](agent_type_registry& r) { r.add(broken_type(rec)); }};
  for (int i = 0; i < 8; ++i) {
    auto r = node.call(address::of_path("root/db"), text("call"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, request_errc::unreachable);
  }
  EXPECT_EQ(rec->seen().size(), 8u);
}

} // namespace
} // namespace aip::test
