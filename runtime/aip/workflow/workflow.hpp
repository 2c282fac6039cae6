#pragma once
/// `workflow`: the handle a workflow body receives. It lives on the body's
/// fiber (owned by the `workflow_pool`) and must only be used from that
/// fiber, except `cancelled()`, `id()` and `name()`. Its blocking calls
/// (`await`, `request`, `sleep_for`) suspend the fiber, never the thread.
///
///   pool.start("order", [&](workflow& wf) {
///     auto price = wf.request(pricing, caf::make_message(sku), 2s).value();
///     wf.sleep_for(100ms);
///     auto ok = wf.await<bool>([&](completion<bool> done) {
///       payments.charge(price, std::move(done));     // done() from any thread
///     }, 5s);
///   }, on_done, 30s);                                 // whole-workflow deadline

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <caf/fwd.hpp>

#include "aip/core/duration.hpp"
#include "aip/workflow/completion.hpp"
#include "aip/workflow/deadline.hpp"
#include "aip/workflow/result.hpp"
#include "aip/workflow/workflow_error.hpp"

namespace aip {

namespace detail {
struct workflow_access;
} // namespace detail

class workflow {
public:
  workflow(const workflow&) = delete;
  workflow& operator=(const workflow&) = delete;

  workflow_id id() const noexcept {
    return id_;
  }

  const std::string& name() const noexcept {
    return name_;
  }

  /// True once the pool was asked to cancel this workflow. Any thread.
  bool cancelled() const noexcept {
    return cancelled_.load(std::memory_order_acquire);
  }

  /// The whole workflow's deadline (time_point::max() when none).
  deadline_clock::time_point deadline() const noexcept {
    return deadline_;
  }

  /// Time left until the workflow's deadline; `infinite` when none.
  duration remaining() const;

  /// The actor system of the pool (for spawning or sending from the body).
  caf::actor_system& system() const noexcept {
    return *sys_;
  }

  /// Calls `start` on this fiber with a completion, then suspends the fiber
  /// until the completion is called (from any thread), `deadline` passes,
  /// the workflow's own deadline passes (whichever is first), or the
  /// workflow is cancelled. Errors: timeout, cancelled, or whatever the
  /// completer passed to `fail()`. An await on an already cancelled or
  /// expired workflow returns at once without calling `start`. A late
  /// completion is dropped; `start`'s captures may outlive the await, so
  /// capture by value what the completer uses.
  template <class T>
  result<T> await(std::function<void(completion<T>)> start,
                  duration deadline = infinite);

  /// Sends `msg` to `target` as a CAF request from a one-shot helper actor
  /// and awaits the reply (the whole reply message). The CAF request's
  /// timeout is the effective deadline. Errors: timeout, cancelled (the
  /// helper is then stopped and a late reply dropped), request_failed (an
  /// error reply, a dead or invalid receiver; CAF's error text attached).
  result<caf::message> request(const caf::actor& target, caf::message msg,
                               duration deadline);

  /// Suspends the fiber for `d` (bounded by the workflow's deadline);
  /// returns early when the workflow is cancelled.
  void sleep_for(duration d);

private:
  friend struct detail::workflow_access;

  workflow(workflow_id id, std::string name, deadline_clock::time_point dl,
           caf::actor_system& sys);

  /// Clears `current_` when an await ends, even by an exception in `start`.
  class await_scope;

  deadline_clock::time_point effective_deadline(duration d) const;

  /// Registers `core` as the await cancel() must wake; returns the error
  /// that ends the await at once (cancelled, expired) instead.
  std::optional<workflow_error>
  begin_await(std::shared_ptr<detail::await_core> core, duration asked,
              deadline_clock::time_point at);

  void end_await();

  /// The timeout error of an await that asked for `asked` and got `at`.
  workflow_error timeout_error(duration asked,
                               deadline_clock::time_point at) const;

  /// Pool side: sets the flag and wakes the pending await, if any.
  void request_cancel();

  workflow_id id_;
  std::string name_;
  deadline_clock::time_point deadline_;
  caf::actor_system* sys_;
  std::atomic<bool> cancelled_{false};
  std::mutex mtx_; // guards current_
  std::shared_ptr<detail::await_core> current_;
};

class workflow::await_scope {
public:
  explicit await_scope(workflow& wf) : wf_(wf) {
  }
  ~await_scope() {
    wf_.end_await();
  }
  await_scope(const await_scope&) = delete;
  await_scope& operator=(const await_scope&) = delete;

private:
  workflow& wf_;
};

template <class T>
result<T> workflow::await(std::function<void(completion<T>)> start,
                          duration deadline) {
  auto slot = std::make_shared<detail::await_slot<T>>();
  auto at = effective_deadline(deadline);
  if (auto err = begin_await(slot, deadline, at))
    return std::move(*err);
  {
    await_scope scope{*this};
    start(completion<T>{slot});
    slot->wait_until(at, timeout_error(deadline, at));
  }
  if (slot->error)
    return std::move(*slot->error);
  return std::move(*slot->value);
}

} // namespace aip
