// workflow::request against real CAF actors: replies, error replies, dead
// receivers, timeouts, cancellation and the workflow deadline.
#include <future>
#include <memory>

#include <caf/response_promise.hpp>
#include <caf/sec.hpp>
#include <caf/send.hpp>

#include "runtime/workflow/workflow_fixture.hpp"

namespace aip::test {
namespace {

using requests = workflow_test;

caf::behavior echo_plus_one() {
  return {
    [](int x, const std::string& s) { return caf::make_message(x + 1, s); },
    [](double) -> caf::result<int> {
      return caf::make_error(caf::sec::invalid_argument, "no doubles");
    },
  };
}

// Never answers: keeps every request's promise until it exits.
caf::behavior black_hole(caf::event_based_actor* self) {
  auto held = std::make_shared<std::vector<caf::response_promise>>();
  return {[self, held](int) { held->push_back(self->make_response_promise()); }};
}

struct requester {
  std::promise<result<caf::message>> reply;
  std::atomic<bool> started{false};

  workflow_pool::body_fn body(caf::actor target, caf::message msg,
                              duration deadline) {
    return [this, target, msg, deadline](workflow& wf) {
      started = true;
      reply.set_value(wf.request(target, msg, deadline));
    };
  }

  result<caf::message> get() {
    auto f = reply.get_future();
    EXPECT_EQ(f.wait_for(did_not_hang), std::future_status::ready);
    return f.get();
  }
};

TEST_F(requests, a_reply_from_a_real_actor_is_returned_whole) {
  workflow_pool pool{sys, {}};
  outcomes out;
  auto echo = sys.spawn(echo_plus_one);
  requester r;
  pool.start("echo",
             r.body(echo, caf::make_message(41, std::string{"hi"}), 5s),
             out.sink());
  auto reply = r.get();
  ASSERT_TRUE(reply.has_value()) << to_string(reply.error());
  ASSERT_TRUE((reply->match_elements<int, std::string>()))
    << caf::to_string(*reply);
  EXPECT_EQ(reply->get_as<int>(0), 42);
  EXPECT_EQ(reply->get_as<std::string>(1), "hi");
  ASSERT_TRUE(out.wait_for(1));
  EXPECT_TRUE(out.all()[0].ok());
  caf::anon_send_exit(echo, caf::exit_reason::user_shutdown);
}

TEST_F(requests, several_requests_in_a_row_from_one_workflow) {
  workflow_pool pool{sys, {}};
  outcomes out;
  auto echo = sys.spawn(echo_plus_one);
  std::promise<int> last;
  pool.start(
    "chain",
    [&](workflow& wf) {
      int x = 0;
      for (int i = 0; i < 10; ++i)
        x = wf.request(echo, caf::make_message(x, std::string{"c"}), 5s)
              .value()
              .get_as<int>(0);
      last.set_value(x);
    },
    out.sink());
  auto f = last.get_future();
  ASSERT_EQ(f.wait_for(did_not_hang), std::future_status::ready);
  EXPECT_EQ(f.get(), 10);
  ASSERT_TRUE(out.wait_for(1));
  caf::anon_send_exit(echo, caf::exit_reason::user_shutdown);
}

TEST_F(requests, an_error_reply_is_request_failed_with_its_text) {
  workflow_pool pool{sys, {}};
  outcomes out;
  auto echo = sys.spawn(echo_plus_one);
  requester r;
  pool.start("err", r.body(echo, caf::make_message(1.5), 5s), out.sink());
  auto reply = r.get();
  ASSERT_TRUE(reply.is(workflow_errc::request_failed));
  EXPECT_NE(reply.error().message.find("no doubles"), std::string::npos)
    << reply.error().message;
  ASSERT_TRUE(out.wait_for(1));
  caf::anon_send_exit(echo, caf::exit_reason::user_shutdown);
}

TEST_F(requests, a_dead_receiver_is_request_failed) {
  workflow_pool pool{sys, {}};
  outcomes out;
  auto gone = sys.spawn([](caf::event_based_actor* self) -> caf::behavior {
    self->quit();
    return {};
  });
  ASSERT_TRUE(eventually([&] {
    return gone->getf(caf::abstract_actor::is_terminated_flag);
  }));
  requester r;
  pool.start("dead", r.body(gone, caf::make_message(1), 5s), out.sink());
  auto reply = r.get();
  ASSERT_FALSE(reply.has_value());
  EXPECT_EQ(reply.error().code, workflow_errc::request_failed);
  requester none;
  pool.start("null", none.body(caf::actor{}, caf::make_message(1), 5s),
             out.sink());
  EXPECT_TRUE(none.get().is(workflow_errc::request_failed));
  ASSERT_TRUE(out.wait_for(2));
}

TEST_F(requests, a_silent_receiver_times_out) {
  workflow_pool pool{sys, {}};
  outcomes out;
  auto hole = sys.spawn(black_hole);
  requester r;
  pool.start("silent", r.body(hole, caf::make_message(1), 30ms), out.sink());
  EXPECT_TRUE(r.get().is(workflow_errc::timeout));
  ASSERT_TRUE(out.wait_for(1));
  EXPECT_TRUE(out.all()[0].ok());
  caf::anon_send_exit(hole, caf::exit_reason::user_shutdown);
}

TEST_F(requests, the_workflow_deadline_bounds_the_request) {
  workflow_pool pool{sys, {}};
  outcomes out;
  auto hole = sys.spawn(black_hole);
  requester r;
  pool.start("bounded", r.body(hole, caf::make_message(1), infinite),
             out.sink(), 30ms);
  EXPECT_TRUE(r.get().is(workflow_errc::timeout));
  ASSERT_TRUE(out.wait_for(1));
  EXPECT_EQ(out.all()[0].error->code, workflow_errc::timeout);
  caf::anon_send_exit(hole, caf::exit_reason::user_shutdown);
}

TEST_F(requests, cancel_ends_a_pending_request) {
  workflow_pool pool{sys, {}};
  outcomes out;
  auto hole = sys.spawn(black_hole);
  requester r;
  auto h = pool.start("cancelled",
                      r.body(hole, caf::make_message(1), infinite),
                      out.sink());
  ASSERT_TRUE(eventually([&] { return r.started.load(); }));
  // The request may not be pending yet; cancel covers both cases.
  EXPECT_TRUE(pool.cancel(h.id));
  EXPECT_TRUE(r.get().is(workflow_errc::cancelled));
  ASSERT_TRUE(out.wait_for(1));
  EXPECT_EQ(out.all()[0].error->code, workflow_errc::cancelled);
  caf::anon_send_exit(hole, caf::exit_reason::user_shutdown);
}

} // namespace
} // namespace aip::test
