// Agents start child agents under a supervisor of their own.
#include <caf/event_based_actor.hpp>
#include <gtest/gtest.h>

#include "aip/agents/agent_definition.hpp"
#include "aip/schemas/demo_generated.h"
#include "backbone_fixture.hpp"
#include "payloads.hpp"

namespace aip::test {
namespace {

// "spawn NAME TYPE" starts a child and answers with its path (or the error).
agent_type parent_type() {
  return define_agent<nothing>("parent")
    .on<demo::Text>([](nothing&, agent_context& ctx, const demo::Text& t) {
      auto words = t.text()->str();
      auto sp = words.find(' ');
      auto name = words.substr(0, sp);
      auto type = words.substr(sp + 1);
      auto later = std::make_shared<deferred_reply>(ctx.defer_reply());
      ctx.spawn_child(
        name, type, agent_args{},
        [later](const address& a) { later->deliver(text(a.name)); },
        [later](const request_failure& f) { later->fail(f.code, f.what); });
      return reply::later();
    })
    .build();
}

const char* tree = R"(
node: {name: n1}
supervisor:
  name: root
  children:
    - {name: boss, type: parent, restart: temporary}
)";

TEST(Children, AnAgentStartsChildrenThatOthersCanAddress) {
  backbone_node node{tree, [](agent_type_registry& r) { r.add(parent_type()); }};
  auto r = node.call(address::of_path("root/boss"), text("helper echo"));
  ASSERT_TRUE(r.ok()) << to_string(*r.error);
  EXPECT_EQ(text_of(r.reply), "root/boss/children/helper");
  auto echo = node.call(address::of_path("root/boss/children/helper"),
                        text("ping"));
  ASSERT_TRUE(echo.ok()) << to_string(*echo.error);
  EXPECT_EQ(text_of(echo.reply), "ping");
}

TEST(Children, NameClashAndUnknownTypeAreErrors) {
  backbone_node node{tree, [](agent_type_registry& r) { r.add(parent_type()); }};
  ASSERT_TRUE(node.call(address::of_path("root/boss"), text("a echo")).ok());
  auto clash = node.call(address::of_path("root/boss"), text("a echo"));
  ASSERT_FALSE(clash.ok());
  EXPECT_NE(clash.error->what.find("a child named 'a' already exists"),
            std::string::npos)
    << clash.error->what;
  auto unknown = node.call(address::of_path("root/boss"), text("b nosuch"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error->what.find("unknown agent type 'nosuch'"),
            std::string::npos)
    << unknown.error->what;
}

TEST(Children, ChildrenStopWithTheirParent) {
  backbone_node node{tree, [](agent_type_registry& r) { r.add(parent_type()); }};
  ASSERT_TRUE(node.call(address::of_path("root/boss"), text("kid echo")).ok());
  caf::scoped_actor self{node.sys()};
  caf::actor boss;
  self->request(node.root(), std::chrono::seconds{5}, caf::get_atom::value,
                std::string{"boss"})
    .receive([&](caf::actor& a) { boss = a; },
             [&](caf::error& e) { FAIL() << caf::to_string(e); });
  self->monitor(boss);
  self->send_exit(boss, caf::exit_reason::user_shutdown);
  self->receive([](caf::down_msg&) {});
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    auto r = node.call(address::of_path("root/boss/children/kid"), text("x"));
    gone = !r.ok() && r.error->code == request_errc::unreachable;
    if (!gone)
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  EXPECT_TRUE(gone);
}

} // namespace
} // namespace aip::test
