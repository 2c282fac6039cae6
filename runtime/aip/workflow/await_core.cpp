#include "aip/workflow/detail/await_core.hpp"

namespace aip::detail {

void await_core::publish() {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    state_.store(ready, std::memory_order_release);
  }
  // From a thread that is not a pool worker (a CAF scheduler thread), this
  // hands the fiber to its own scheduler's remote-ready queue: Boost.Fiber's
  // documented way to resume a fiber from another thread.
  cv_.notify_all();
}

bool await_core::fail(workflow_error err) {
  if (!claim())
    return false;
  error = std::move(err);
  publish();
  return true;
}

void await_core::wait_until(time_point deadline, workflow_error on_timeout) {
  std::unique_lock<std::mutex> guard{mtx_};
  auto is_ready = [this] {
    return state_.load(std::memory_order_acquire) == ready;
  };
  if (deadline == time_point::max())
    cv_.wait(guard, is_ready);
  else if (!cv_.wait_until(guard, deadline, is_ready)) {
    guard.unlock();
    if (claim()) {
      error = std::move(on_timeout);
      state_.store(ready, std::memory_order_release);
      return;
    }
    // A completer claimed just before the deadline: its publish() follows.
    guard.lock();
    cv_.wait(guard, is_ready);
  }
}

} // namespace aip::detail
