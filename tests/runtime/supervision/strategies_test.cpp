// The four OTP strategies: which siblings a failure stops and restarts, and
// in which order.
#include "runtime/supervision/supervision_fixture.hpp"

namespace aip::test {
namespace {

using strategies = supervision_test;

std::vector<child_spec> abc() {
  return {worker("a"), worker("b"), worker("c")};
}

TEST_F(strategies, one_for_one_restarts_only_the_failed_child) {
  auto sup = start(sup_of(strategy::one_for_one, abc()));
  auto a = child(sup, "a"), b = child(sup, "b"), c = child(sup, "c");
  self->send(b, puppet_crash::value);
  ASSERT_TRUE(wait_event("restarted", "root/b"));
  EXPECT_EQ(child(sup, "a"), a);
  EXPECT_EQ(child(sup, "c"), c);
  auto b2 = child(sup, "b");
  EXPECT_NE(b2, b);
  EXPECT_EQ(sequence({"crashed", "restarting", "restarted", "shutdown"}),
            (std::vector<std::string>{"crashed root/b", "restarting root/b",
                                      "restarted root/b"}));
  // The new incarnation serves requests.
  self->request(b2, std::chrono::seconds{5}, 42)
    .receive([](int x) { EXPECT_EQ(x, 42); },
             [](caf::error& e) { FAIL() << caf::to_string(e); });
}

TEST_F(strategies, one_for_all_stops_others_in_reverse_then_restarts_all) {
  auto sup = start(sup_of(strategy::one_for_all, abc()));
  auto a = child(sup, "a"), c = child(sup, "c");
  self->send(child(sup, "b"), puppet_crash::value);
  ASSERT_TRUE(wait_event("restarted", "root/c"));
  EXPECT_NE(child(sup, "a"), a);
  EXPECT_NE(child(sup, "c"), c);
  EXPECT_EQ(sequence({"crashed", "shutdown", "restarted"}),
            (std::vector<std::string>{"crashed root/b", "shutdown root/c",
                                      "shutdown root/a", "restarted root/a",
                                      "restarted root/b", "restarted root/c"}));
}

TEST_F(strategies, rest_for_one_restarts_the_failed_child_and_later_ones) {
  auto sup = start(sup_of(strategy::rest_for_one,
                          {worker("a"), worker("b"), worker("c"), worker("d")}));
  auto a = child(sup, "a");
  self->send(child(sup, "b"), puppet_crash::value);
  ASSERT_TRUE(wait_event("restarted", "root/d"));
  EXPECT_EQ(child(sup, "a"), a);
  EXPECT_EQ(sequence({"crashed", "shutdown", "restarted"}),
            (std::vector<std::string>{"crashed root/b", "shutdown root/d",
                                      "shutdown root/c", "restarted root/b",
                                      "restarted root/c", "restarted root/d"}));
}

TEST_F(strategies, one_for_all_does_not_restart_a_temporary_sibling) {
  auto sup = start(sup_of(strategy::one_for_all,
                          {worker("a"),
                           worker("t", "puppet", restart_type::temporary),
                           worker("c")}));
  self->send(child(sup, "c"), puppet_crash::value);
  ASSERT_TRUE(wait_event("restarted", "root/c"));
  EXPECT_EQ(count_events("restarted", "root/t"), 0u);
  self->request(sup, std::chrono::seconds{5}, count_atom::value)
    .receive([](uint64_t n) { EXPECT_EQ(n, 2u); },
             [](caf::error& e) { FAIL() << caf::to_string(e); });
}

supervisor_spec pool(size_t replicas, restart_type restart) {
  supervisor_spec spec;
  spec.name = "pool";
  spec.strategy = strategy::simple_one_for_one;
  spec.intensity = 100;
  spec.child_template = worker("", "puppet", restart);
  spec.replicas = replicas;
  return spec;
}

TEST_F(strategies, simple_one_for_one_starts_replicas_and_adds_and_removes) {
  auto sup = start(pool(5, restart_type::permanent), "root/pool");
  auto count = [&] {
    uint64_t n = 0;
    self->request(sup, std::chrono::seconds{5}, count_atom::value)
      .receive([&](uint64_t x) { n = x; },
               [](caf::error& e) { FAIL() << caf::to_string(e); });
    return n;
  };
  EXPECT_EQ(count(), 5u);
  EXPECT_TRUE(wait_event("started", "root/pool/puppet-5"));
  caf::actor added;
  self->request(sup, std::chrono::seconds{5}, caf::add_atom::value)
    .receive([&](caf::actor& a) { added = a; },
             [](caf::error& e) { FAIL() << caf::to_string(e); });
  ASSERT_TRUE(added);
  EXPECT_EQ(count(), 6u);
  EXPECT_EQ(child(sup, "puppet-6"), added);
  self->request(sup, std::chrono::seconds{5}, caf::add_atom::value,
                uint64_t{10})
    .receive([](uint64_t n) { EXPECT_EQ(n, 10u); },
             [](caf::error& e) { FAIL() << caf::to_string(e); });
  EXPECT_EQ(count(), 16u);
  // terminate_child: stopped and not restarted, even though permanent.
  self->request(sup, std::chrono::seconds{5}, caf::delete_atom::value, added)
    .receive([](caf::ok_atom) {},
             [](caf::error& e) { FAIL() << caf::to_string(e); });
  EXPECT_EQ(count(), 15u);
  EXPECT_EQ(count_events("restarted", "root/pool/puppet-6"), 0u);
  // A crashed permanent replica comes back under the same name.
  auto p3 = child(sup, "puppet-3");
  self->send(p3, puppet_crash::value);
  ASSERT_TRUE(wait_event("restarted", "root/pool/puppet-3"));
  EXPECT_NE(child(sup, "puppet-3"), p3);
  EXPECT_EQ(count(), 15u);
}

TEST_F(strategies, add_is_refused_by_a_static_supervisor) {
  auto sup = start(sup_of(strategy::one_for_one, abc()));
  self->request(sup, std::chrono::seconds{5}, caf::add_atom::value)
    .receive([](caf::actor&) { FAIL() << "add accepted"; },
             [](caf::error& e) {
               EXPECT_NE(describe_exit(e).find("simple_one_for_one"),
                         std::string::npos);
             });
}

} // namespace
} // namespace aip::test
