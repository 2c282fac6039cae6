// End to end on one node, no network: an agent's remember(text) embeds
// through the `embedder` and stores through `memory`; recall(query, k) finds
// the memory that means the same thing, in the agent's own namespace only.
#include <gtest/gtest.h>

#include "aip/actors/inference/inference_agent.hpp"
#include "aip/actors/memory/memory_agent.hpp"
#include "aip/actors/memory/recall.hpp"
#include "aip/agents/agent_definition.hpp"
#include "actors/broker/backbone_fixture.hpp"
#include "actors/broker/payloads.hpp"
#include "kernels/minilm_reference.hpp"

namespace aip::test {
namespace {

// "remember:<text>" -> "ok"; "recall:<query>" -> the two best texts, "|"
// separated, best first.
agent_type notes_type() {
  return define_agent<nothing>("notes")
    .on<demo::Text>([](nothing&, agent_context& ctx, const demo::Text& t) -> reply {
      const std::string s = t.text()->str();
      auto answer = std::make_shared<deferred_reply>(ctx.defer_reply());
      auto fail = [answer](const request_failure& f) {
        answer->fail(f.code, f.what);
      };
      if (s.rfind("remember:", 0) == 0) {
        remember(ctx, s.substr(9), {},
                 [answer](const std::string&) { answer->deliver(text("ok")); },
                 fail);
      } else {
        recall(ctx, s.substr(7), 2, {},
               [answer](std::vector<memory::recalled> hits) {
                 std::string joined;
                 for (auto& h : hits)
                   joined += (joined.empty() ? "" : "|") + h.text;
                 answer->deliver(text(joined));
               },
               fail);
      }
      return reply::later();
    })
    .build();
}

TEST(RememberRecall, AnAgentRecallsByMeaning) {
  aip_test::minilm::single_blas_thread();
  const std::string yaml = R"(
node: {name: n1}
supervisor:
  name: root
  children:
    - {name: embed, type: embedder, args: {model_dir: )"
                           + aip_test::minilm::model_dir() + R"(}}
    - {name: mem, type: memory, args: {dim: 384}}
    - {name: alice, type: notes}
    - {name: bob, type: notes}
)";
  backbone_node node{yaml, [](agent_type_registry& t) {
                       t.add(embedder_agent_type());
                       t.add(memory_agent_type());
                       t.add(notes_type());
                     }};
  const auto alice = address::of_path("root/alice");
  const auto bob = address::of_path("root/bob");
  const std::vector<std::string> facts = {
    "The build server ran out of disk space during the nightly job.",
    "Our cat likes to sleep on the warm windowsill in the afternoon.",
    "Quarterly revenue grew by twelve percent compared to last year.",
    "The new espresso machine in the kitchen makes excellent coffee.",
  };
  const auto timeout = std::chrono::seconds{30};
  for (auto& f : facts) {
    auto r = node.call(alice, text("remember:" + f), {}, timeout);
    ASSERT_TRUE(r.ok()) << to_string(*r.error);
    EXPECT_EQ(text_of(r.reply), "ok");
  }
  struct probe {
    const char* query;
    size_t fact;
  };
  for (auto [query, fact] : {probe{"Why did the CI machine fail last night?", 0},
                             probe{"Where does the kitty nap?", 1},
                             probe{"How much did sales increase?", 2},
                             probe{"Is there good coffee at the office?", 3}}) {
    auto r = node.call(alice, text(std::string{"recall:"} + query), {}, timeout);
    ASSERT_TRUE(r.ok()) << to_string(*r.error);
    auto got = text_of(r.reply);
    EXPECT_EQ(got.substr(0, got.find('|')), facts[fact]) << query;
  }
  // Bob's namespace is his own: he recalls nothing of Alice's.
  auto r = node.call(bob, text("recall:Why did the CI machine fail?"), {}, timeout);
  ASSERT_TRUE(r.ok()) << to_string(*r.error);
  EXPECT_EQ(text_of(r.reply), "");
}

TEST(RememberRecall, WithoutAnEmbedderTheAgentIsToldWhy) {
  const std::string yaml = R"(
node: {name: n1}
supervisor:
  name: root
  children:
    - {name: mem, type: memory, args: {dim: 384}}
    - {name: alice, type: notes}
)";
  backbone_node node{yaml, [](agent_type_registry& t) {
                       t.add(memory_agent_type());
                       t.add(notes_type());
                     }};
  auto r = node.call(address::of_path("root/alice"), text("remember:x"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, request_errc::unreachable);
  EXPECT_NE(r.error->what.find("embed"), std::string::npos) << r.error->what;
}

} // namespace
} // namespace aip::test
