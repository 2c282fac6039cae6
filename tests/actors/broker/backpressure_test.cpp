// Priorities, bounded mailboxes (credits), deadlines while queued, and
// every refused message accounted for.
#include <caf/event_based_actor.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aip/agents/agent_definition.hpp"
#include "aip/schemas/demo_generated.h"
#include "backbone_fixture.hpp"
#include "payloads.hpp"
#include "recorder.hpp"

namespace aip::test {
namespace {

// Records every Text; "block" parks the agent until the test opens the
// gate, so that what is sent meanwhile piles up in its mailbox.
agent_type slowpoke(std::shared_ptr<recorder> rec) {
  return define_agent<nothing>("slowpoke")
    .on<demo::Text>([rec](nothing&, agent_context&, const demo::Text& t) {
      auto s = t.text()->str();
      if (s == "block")
        rec->hold();
      rec->add(s);
    })
    .build();
}

const char* tree = R"(
node: {name: n1}
supervisor:
  name: root
  children:
    - {name: slow, type: slowpoke}
)";

struct fixture {
  std::shared_ptr<recorder> rec = std::make_shared<recorder>();
  backbone_node node;

  explicit fixture(std::function<void(node_spec&)> tune = {})
    : node{tree, [this](agent_type_registry& r) { r.add(slowpoke(rec)); },
           std::move(tune)} {}

  /// Sends "block" and waits until the agent is parked in it.
  void block() {
    send("block");
    for (int i = 0; i < 1000 && !rec->held(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds{5});
    ASSERT_TRUE(rec->held());
  }

  /// Waits until the shards have handed `n` envelopes to agents.
  void wait_routed(uint64_t n) {
    for (int i = 0; i < 1000; ++i) {
      uint64_t routed = 0;
      for (auto& s : node.ask_shards(stats_atom::value))
        routed += nlohmann::json::parse(s)["routed"].get<uint64_t>();
      if (routed >= n)
        return;
      std::this_thread::sleep_for(std::chrono::milliseconds{5});
    }
    FAIL() << "the shards did not route " << n << " envelopes";
  }

  void send(const std::string& s, aip::priority p = priority::normal) {
    caf::scoped_actor self{node.sys()};
    send_options opts;
    opts.priority = p;
    auto e = node.make(address::of_path("root/slow"), text(s), opts);
    self->send(node.net().shard_for(e), e);
  }
};

TEST(Priority, UrgentBeforeNormalBeforeBulkFifoWithin) {
  fixture f;
  f.block();
  for (int i = 1; i <= 4; ++i) {
    f.send("b" + std::to_string(i), priority::bulk);
    f.send("n" + std::to_string(i), priority::normal);
    f.send("u" + std::to_string(i), priority::urgent);
  }
  f.wait_routed(13);
  f.rec->open();
  auto seen = f.rec->wait_for(13);
  EXPECT_EQ(seen, (std::vector<std::string>{"block", "u1", "u2", "u3", "u4",
                                            "n1", "n2", "n3", "n4", "b1",
                                            "b2", "b3", "b4"}));
}

TEST(Priority, BulkIsSlowedNotStarved) {
  fixture f;
  f.block();
  f.send("bulk", priority::bulk);
  for (int i = 0; i < 25; ++i)
    f.send("u", priority::urgent);
  f.wait_routed(27);
  f.rec->open();
  auto seen = f.rec->wait_for(27);
  ASSERT_EQ(seen.size(), 27u);
  // After 15 urgent messages in a row with bulk waiting, bulk goes next.
  auto at = std::find(seen.begin(), seen.end(), "bulk") - seen.begin();
  EXPECT_EQ(at, 1 + 15);
}

TEST(Backpressure, FullMailboxAnswersOverloadedWithRetryAfter) {
  fixture f{[](node_spec& s) { s.broker.mailbox = 4; }};
  f.block();
  caf::scoped_actor self{f.node.sys()};
  std::vector<envelope> reqs;
  for (int i = 0; i < 10; ++i)
    reqs.push_back(f.node.make(address::of_path("root/slow"),
                               text("r" + std::to_string(i))));
  // Ten requests in flight at once, answers forwarded to `self`.
  caf::actor me = self;
  const auto& shard = f.node.net().shard_for(reqs[0]);
  f.node.sys().spawn([=](caf::event_based_actor* a) {
    for (auto& e : reqs)
      a->request(shard, std::chrono::seconds{5}, e)
        .then([=](envelope& r) { a->send(me, r); },
              [=](caf::error& err) { a->send(me, err); });
  });
  int ok = 0, overloaded = 0;
  duration hint{0};
  for (int i = 0; i < 10; ++i) {
    if (overloaded == 7)
      f.rec->open(); // the refusals are in; let the accepted ones through
    self->receive(
      [&](envelope&) { ++ok; },
      [&](caf::error& err) {
        auto f = request_failure::from(err);
        EXPECT_EQ(f.code, request_errc::overloaded) << to_string(f);
        ++overloaded;
        hint = f.retry_after;
      });
  }
  // "block" holds one credit while it runs; three more fit.
  EXPECT_EQ(ok, 3);
  EXPECT_EQ(overloaded, 7);
  EXPECT_GE(hint, std::chrono::milliseconds{1});
  uint64_t counted = 0;
  for (auto& s : f.node.ask_shards(stats_atom::value))
    counted += nlohmann::json::parse(s)["overloaded"].get<uint64_t>();
  EXPECT_EQ(counted, 7u);
}

TEST(Backpressure, FloodIsHandledOrReportedNeverDropped) {
  fixture f{[](node_spec& s) { s.broker.mailbox = 16; }};
  f.block();
  caf::scoped_actor self{f.node.sys()};
  constexpr int n = 2000;
  for (int i = 0; i < n; ++i) {
    auto e = f.node.make(address::of_path("root/slow"), text("m"));
    self->send(f.node.net().shard_for(e), e);
  }
  int refused = 0;
  bool quiet = false;
  while (!quiet)
    self->receive(
      [&](delivery_failure& x) {
        EXPECT_EQ(x.code, request_errc::overloaded);
        ++refused;
      },
      caf::after(std::chrono::milliseconds{500}) >> [&] { quiet = true; });
  f.rec->open();
  auto handled = f.rec->wait_for(static_cast<size_t>(n - refused + 1)).size();
  EXPECT_EQ(handled - 1 + refused, static_cast<size_t>(n));
  EXPECT_GT(refused, 0);
}

TEST(Deadlines, MessageExpiringInTheQueueIsNeverHandled) {
  fixture f;
  f.block();
  auto r = f.node.call(address::of_path("root/slow"), text("late"), {},
                       std::chrono::milliseconds{30});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, request_errc::timeout);
  f.rec->open();
  f.send("after");
  auto seen = f.rec->wait_for(2);
  EXPECT_EQ(seen, (std::vector<std::string>{"block", "after"}));
  auto dead = f.node.dead_letters();
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].code, request_errc::timeout);
  EXPECT_EQ(dead[0].recipient, "agent root/slow");
}

} // namespace
} // namespace aip::test
