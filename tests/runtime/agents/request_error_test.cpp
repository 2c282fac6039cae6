// CAF's request failures, provoked for real, map onto AIP's typed errors.
#include "aip/agents/request_error.hpp"
#include "runtime/supervision/supervision_fixture.hpp"

namespace aip::test {
namespace {

using request_errors = supervision_test;

std::optional<request_errc> error_of(caf::scoped_actor& self,
                                     const caf::actor& target,
                                     caf::message msg,
                                     std::chrono::milliseconds timeout) {
  std::optional<request_errc> out;
  self->request(target, timeout, std::move(msg))
    .receive([](const caf::message&) {},
             [&](caf::error& e) { out = classify_request_error(e); });
  return out;
}

TEST_F(request_errors, caf_failures_map_to_typed_errors) {
  auto hang = sys.spawn([](caf::event_based_actor* self) -> caf::behavior {
    self->set_default_handler(caf::skip);
    return {[](caf::unit_t) {}};
  });
  EXPECT_EQ(error_of(self, hang, caf::make_message(1),
                     std::chrono::milliseconds{50}),
            request_errc::timeout);
  auto picky = sys.spawn([]() -> caf::behavior { return {[](int) {}}; });
  EXPECT_EQ(error_of(self, picky, caf::make_message(std::string{"x"}),
                     std::chrono::seconds{5}),
            request_errc::invalid_input);
  auto gone = sys.spawn([](caf::event_based_actor* self) -> caf::behavior {
    self->quit();
    return {};
  });
  self->monitor(gone);
  self->receive([](caf::down_msg&) {});
  EXPECT_EQ(error_of(self, gone, caf::make_message(1), std::chrono::seconds{5}),
            request_errc::unreachable);
  self->send_exit(hang, caf::exit_reason::kill);
}

TEST(request_error_codes, aip_errors_round_trip_and_others_are_not_typed) {
  for (auto c : {request_errc::timeout, request_errc::overloaded,
                 request_errc::unreachable, request_errc::circuit_open,
                 request_errc::invalid_input, request_errc::denied})
    EXPECT_EQ(classify_request_error(make_error(c, "why")), c) << to_string(c);
  EXPECT_EQ(classify_request_error(caf::error{}), std::nullopt);
  EXPECT_EQ(classify_request_error(make_error(errc::crashed, "x")),
            std::nullopt);
  EXPECT_STREQ(to_string(request_errc::circuit_open), "circuit_open");
}

} // namespace
} // namespace aip::test
