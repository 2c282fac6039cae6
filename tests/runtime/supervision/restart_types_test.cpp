// permanent / transient / temporary against normal, shutdown and abnormal
// exits, exactly as OTP: the full matrix.
#include "runtime/supervision/supervision_fixture.hpp"

namespace aip::test {
namespace {

enum class how { normal, shutdown, crash };

struct restart_case {
  restart_type type;
  how exit;
  bool restarted;
};

class restart_types : public supervision_test,
                      public ::testing::WithParamInterface<restart_case> {};

TEST_P(restart_types, follow_otp) {
  auto param = GetParam();
  // A permanent sibling proves the supervisor keeps running either way.
  auto sup = start(sup_of(strategy::one_for_one,
                          {worker("w", "puppet", param.type), worker("keep")}));
  auto w = child(sup, "w");
  switch (param.exit) {
    case how::normal:
      self->send(w, puppet_normal::value);
      break;
    case how::shutdown:
      self->send(w, puppet_shutdown::value);
      break;
    case how::crash:
      self->send(w, puppet_crash::value);
      break;
  }
  auto ended = param.exit == how::crash ? "crashed" : "exited";
  ASSERT_TRUE(wait_event(ended, "root/w"));
  if (param.restarted) {
    ASSERT_TRUE(wait_event("restarted", "root/w"));
    EXPECT_NE(child(sup, "w"), w);
  } else {
    // Anything that would follow comes from the same handler as the exit
    // event; a round trip to the supervisor orders us after it.
    self->request(sup, std::chrono::seconds{5}, count_atom::value)
      .receive([](uint64_t n) { EXPECT_EQ(n, 1u); },
               [](caf::error& e) { FAIL() << caf::to_string(e); });
    EXPECT_EQ(count_events("restarting", "root/w"), 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(
  matrix, restart_types,
  ::testing::Values(
    restart_case{restart_type::permanent, how::normal, true},
    restart_case{restart_type::permanent, how::shutdown, true},
    restart_case{restart_type::permanent, how::crash, true},
    restart_case{restart_type::transient, how::normal, false},
    restart_case{restart_type::transient, how::shutdown, false},
    restart_case{restart_type::transient, how::crash, true},
    restart_case{restart_type::temporary, how::normal, false},
    restart_case{restart_type::temporary, how::shutdown, false},
    restart_case{restart_type::temporary, how::crash, false}));

TEST_F(supervision_test, killed_child_counts_as_abnormal) {
  auto sup = start(sup_of(strategy::one_for_one,
                          {worker("w", "puppet", restart_type::transient)}));
  self->send_exit(child(sup, "w"), caf::exit_reason::kill);
  ASSERT_TRUE(wait_event("restarted", "root/w"));
  auto evs = all_events();
  bool saw = false;
  for (auto& e : evs)
    if (e["event"] == "crashed" && e["path"] == "root/w") {
      EXPECT_EQ(e["reason"], "killed");
      saw = true;
    }
  EXPECT_TRUE(saw);
}

} // namespace
} // namespace aip::test
