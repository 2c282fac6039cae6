#include "aip/workflow/workflow.hpp"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

namespace aip {

namespace {

// A reply type no actor can send. The helper's response handler expects it,
// so every real reply fails to match and CAF 0.17 hands it to the error
// handler as `unexpected_response` with the reply as the error's context:
// 0.17's only way to receive an arbitrary reply message from an event-based
// request (a `message&` handler is not a catch-all there). Pinned by
// workflow_request_test.
struct never_replied {};

} // namespace

workflow::workflow(workflow_id id, std::string name,
                   deadline_clock::time_point dl, caf::actor_system& sys)
  : id_(id), name_(std::move(name)), deadline_(dl), sys_(&sys) {
}

duration workflow::remaining() const {
  if (deadline_ == deadline_clock::time_point::max())
    return infinite;
  auto left = deadline_ - deadline_clock::now();
  if (left.count() < 0)
    return duration::zero();
  return std::chrono::duration_cast<duration>(left);
}

deadline_clock::time_point workflow::effective_deadline(duration d) const {
  return std::min(deadline_after(d), deadline_);
}

std::optional<workflow_error>
workflow::begin_await(std::shared_ptr<detail::await_core> core,
                      duration asked, deadline_clock::time_point at) {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    current_ = std::move(core);
  }
  // request_cancel() sets the flag before it reads current_, so either it
  // sees the core registered above or this check sees its flag.
  std::optional<workflow_error> err;
  if (cancelled())
    err = workflow_error{workflow_errc::cancelled, "workflow cancelled"};
  else if (deadline_clock::now() >= at)
    err = timeout_error(asked, at);
  if (err)
    end_await();
  return err;
}

void workflow::end_await() {
  std::lock_guard<std::mutex> guard{mtx_};
  current_.reset();
}

workflow_error workflow::timeout_error(duration asked,
                                       deadline_clock::time_point at) const {
  if (at == deadline_)
    return {workflow_errc::timeout, "workflow deadline passed"};
  return {workflow_errc::timeout, "deadline of " + to_string(asked)
                                    + " passed"};
}

void workflow::request_cancel() {
  cancelled_.store(true, std::memory_order_seq_cst);
  std::shared_ptr<detail::await_core> core;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    core = current_;
  }
  if (core)
    core->fail({workflow_errc::cancelled, "workflow cancelled"});
}

void workflow::sleep_for(duration d) {
  // An await nobody completes: it ends by its deadline or by cancel().
  await<bool>([](completion<bool>) {}, d);
}

result<caf::message> workflow::request(const caf::actor& target,
                                       caf::message msg, duration deadline) {
  if (!target)
    return workflow_error{workflow_errc::request_failed, "invalid actor"};
  auto at = effective_deadline(deadline);
  caf::actor helper;
  auto start = [&](completion<caf::message> done) {
    auto timeout = infinite;
    if (at != deadline_clock::time_point::max())
      timeout = std::chrono::duration_cast<duration>(
        std::max(at - deadline_clock::now(), deadline_clock::duration{1}));
    helper = sys_->spawn([target, msg, timeout,
                          done](caf::event_based_actor* self) mutable {
      auto on_error = [done](caf::error& err) {
        if (err == caf::sec::unexpected_response)
          done(err.context());
        else if (err == caf::sec::request_timeout)
          done.fail({workflow_errc::timeout, "request timed out"});
        else
          done.fail({workflow_errc::request_failed, to_string(err)});
      };
      auto ignore = [](never_replied&) {};
      if (timeout == infinite)
        self->request(target, caf::infinite, std::move(msg))
          .then(ignore, on_error);
      else
        self->request(target, timeout, std::move(msg)).then(ignore, on_error);
    });
  };
  auto res = await<caf::message>(start, deadline);
  // Timed out or cancelled here first: stop the helper so its pending CAF
  // request does not keep it (and the reply) alive until CAF's timeout.
  if (!res && helper)
    caf::anon_send_exit(helper, caf::exit_reason::user_shutdown);
  return res;
}

} // namespace aip
