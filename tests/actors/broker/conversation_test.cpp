// Topics with wildcards, conversations traced through two hops, idempotent
// retries, and degraded capabilities.
#include <caf/event_based_actor.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aip/actors/broker/broker_shard.hpp"
#include "aip/agents/agent_definition.hpp"
#include "aip/schemas/demo_generated.h"
#include "aip/schemas/tool_call_generated.h"
#include "backbone_fixture.hpp"
#include "payloads.hpp"
#include "recorder.hpp"

namespace aip::test {
namespace {

struct listener {
  std::string pattern;
  explicit listener(const agent_args& a) : pattern(a.get_string("pattern", "")) {}
};

agent_type listener_type(std::shared_ptr<recorder> rec) {
  return define_agent<listener>("listener")
    .arg("pattern", arg_kind::string, "what to subscribe to")
    .on_start([rec](listener& st, agent_context& ctx) {
      ctx.subscribe(st.pattern, [rec](const request_failure& f) {
        rec->add("error: " + to_string(f));
      });
    })
    .on<demo::Text>([rec](listener& st, agent_context& ctx, const demo::Text& t) {
      rec->add(st.pattern + " got " + t.text()->str() + " on "
               + std::string{ctx.current().recipient_topic()});
    })
    .build();
}

// Answers a Text by asking root/echo and passing its answer on.
agent_type relay_type() {
  return define_agent<nothing>("relay")
    .on<demo::Text>([](nothing&, agent_context& ctx, const demo::Text&) {
      auto later = std::make_shared<deferred_reply>(ctx.defer_reply());
      ctx.request(
        address::of_path("root/echo"), copy_payload(ctx.current()),
        std::chrono::seconds{2},
        [later](const envelope& r) { later->deliver(copy_payload(r)); },
        [later](const request_failure& f) { later->fail(f.code, f.what); });
      return reply::later();
    })
    .build();
}

// Fails the first two attempts of every message id, then echoes.
agent_type flaky_type(std::shared_ptr<recorder> rec) {
  return define_agent<std::map<std::string, int>>("flaky")
    .on<demo::Text>([rec](std::map<std::string, int>& tries, agent_context& ctx,
                          const demo::Text&) -> reply {
      auto id = to_string(ctx.current().message_id());
      rec->add(id);
      if (++tries[id] <= 2)
        return reply::error(request_errc::unreachable, "flaky: not yet");
      return reply{text("finally")};
    })
    .build();
}

// Forwards a Text to root/flaky as an idempotent request.
agent_type client_type() {
  return define_agent<nothing>("client")
    .on<demo::Text>([](nothing&, agent_context& ctx, const demo::Text&) {
      auto later = std::make_shared<deferred_reply>(ctx.defer_reply());
      send_options opts;
      opts.idempotent = true;
      ctx.request(
        address::of_path("root/flaky"), text("go"), std::chrono::seconds{5},
        [later](const envelope& r) { later->deliver(copy_payload(r)); },
        [later](const request_failure& f) { later->fail(f.code, f.what); },
        opts);
      return reply::later();
    })
    .build();
}

void publish(backbone_node& node, const std::string& topic,
             const std::string& s) {
  caf::scoped_actor self{node.sys()};
  auto e = node.make(address::of_topic(topic), text(s), {}, duration{0});
  self->send(node.net().shard_for(e), e);
}

// Subscriptions are registered asynchronously at start; wait for them.
void wait_subscriptions(backbone_node& node, size_t per_shard) {
  for (int i = 0; i < 500; ++i) {
    bool all = true;
    for (auto& s : node.ask_shards(stats_atom::value))
      all = all && nlohmann::json::parse(s)["subscriptions"] == per_shard;
    if (all)
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  FAIL() << "subscriptions did not arrive";
}

TEST(Topics, WildcardsMatchWhatTheyShould) {
  auto rec = std::make_shared<recorder>();
  backbone_node node{R"(
supervisor:
  name: root
  children:
    - {name: one, type: listener, args: {pattern: "orders.*.created"}}
    - {name: all, type: listener, args: {pattern: "orders.>"}}
)",
                     [&](agent_type_registry& r) { r.add(listener_type(rec)); }};
  wait_subscriptions(node, 2);
  publish(node, "orders.eu.created", "a");
  publish(node, "orders.eu.deleted", "b");
  publish(node, "invoices.eu.created", "c");
  auto seen = rec->wait_for(3);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::string>{
                    "orders.*.created got a on orders.eu.created",
                    "orders.> got a on orders.eu.created",
                    "orders.> got b on orders.eu.deleted"}));
}

TEST(Topics, InvalidPatternIsReportedToTheSubscriber) {
  auto rec = std::make_shared<recorder>();
  backbone_node node{R"(
supervisor:
  name: root
  children:
    - {name: bad, type: listener, args: {pattern: "orders..x"}}
)",
                     [&](agent_type_registry& r) { r.add(listener_type(rec)); }};
  auto seen = rec->wait_for(1);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].rfind("error: invalid_input: ", 0), 0u) << seen[0];
  EXPECT_NE(seen[0].find("empty"), std::string::npos) << seen[0];
}

TEST(Conversation, IdsFlowThroughEveryHopAndAreTraced) {
  backbone_node node{R"(
node: {name: n1, debug_events: true}
supervisor:
  name: root
  children:
    - {name: echo, type: echo}
    - {name: relay, type: relay}
)",
                     [](agent_type_registry& r) { r.add(relay_type()); }};
  auto req = node.make(address::of_path("root/relay"), text("hi"));
  auto r = node.call(req);
  ASSERT_TRUE(r.ok()) << to_string(*r.error);
  EXPECT_EQ(text_of(r.reply), "hi");
  EXPECT_EQ(r.reply.correlation_id(), req.correlation_id());
  EXPECT_EQ(r.reply.causation_id(), req.message_id());
  std::vector<nlohmann::json> routed;
  node.events().wait_for(
    [&](const std::vector<nlohmann::json>& xs) {
      routed.clear();
      for (auto& x : xs)
        if (x["event"] == "message.routed")
          routed.push_back(x);
      return routed.size() >= 2;
    },
    5000);
  ASSERT_EQ(routed.size(), 2u);
  EXPECT_EQ(routed[0]["path"], "root/relay");
  EXPECT_EQ(routed[1]["path"], "root/echo");
  EXPECT_EQ(routed[1]["from"], "root/relay");
  for (auto& x : routed)
    EXPECT_EQ(x["correlation_id"], to_string(req.correlation_id()));
  // The sub-request names the request that caused it.
  EXPECT_EQ(routed[1]["causation_id"], to_string(req.message_id()));
}

TEST(Retries, IdempotentRequestIsRetriedWithTheSameMessageId) {
  auto rec = std::make_shared<recorder>();
  backbone_node node{R"(
supervisor:
  name: root
  children:
    - {name: flaky, type: flaky}
    - {name: client, type: client}
)",
                     [&](agent_type_registry& r) {
                       r.add(flaky_type(rec));
                       r.add(client_type());
                     }};
  auto r = node.call(address::of_path("root/client"), text("x"));
  ASSERT_TRUE(r.ok()) << to_string(*r.error);
  EXPECT_EQ(text_of(r.reply), "finally");
  auto tries = rec->seen();
  ASSERT_EQ(tries.size(), 3u);
  EXPECT_EQ(tries[0], tries[1]);
  EXPECT_EQ(tries[1], tries[2]);
}

TEST(Degradation, ANonCriticalAgentsFailureDegradesItsCapabilities) {
  backbone_node node{R"(
supervisor:
  name: root
  children:
    - {name: calc, type: calculator, restart: temporary}
)",
                     {},
                     [](node_spec& s) { s.root.children[0].critical = false; }};
  caf::scoped_actor self{node.sys()};
  caf::actor calc;
  self->request(node.root(), std::chrono::seconds{5}, caf::get_atom::value,
                std::string{"calc"})
    .receive([&](caf::actor& a) { calc = a; },
             [&](caf::error& e) { FAIL() << caf::to_string(e); });
  self->monitor(calc);
  self->send_exit(calc, caf::exit_reason::kill);
  self->receive([](caf::down_msg&) {});
  std::vector<std::string> degraded;
  bool ready = true;
  for (int i = 0; i < 200 && degraded.size() < 3; ++i) {
    degraded.clear();
    ready = true;
    for (auto& s : node.ask_shards(readiness_atom::value)) {
      auto j = nlohmann::json::parse(s);
      ready = ready && j["ready"].get<bool>();
      for (auto& d : j["degraded"])
        degraded.push_back(d);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  std::sort(degraded.begin(), degraded.end());
  EXPECT_EQ(degraded, (std::vector<std::string>{"add", "div", "mul"}));
  EXPECT_TRUE(ready); // not critical: the node stays ready
  auto call = make_payload<schema::ToolCall>([](flatbuffers::FlatBufferBuilder& b) {
    return schema::CreateToolCall(b, b.CreateString("add"),
                                  b.CreateString(R"({"a":1,"b":2})"));
  });
  auto r = node.call(address::of_capability("add"), call);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, request_errc::unreachable);
  EXPECT_EQ(r.error->what,
            "capability add is degraded: every agent offering it is down");
}

} // namespace
} // namespace aip::test
