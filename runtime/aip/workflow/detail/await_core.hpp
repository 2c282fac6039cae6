#pragma once
/// Internal to workflow::await: the rendezvous between the suspended fiber
/// and whoever completes it (any thread). The first `claim()` wins; the
/// winner stores its value or error and calls `publish()`, which wakes the
/// fiber. Losers (a late reply after a timeout, a second call) drop their
/// value. Shared ownership keeps a late completer from touching freed memory.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

#include <boost/fiber/condition_variable.hpp>

#include "aip/workflow/workflow_error.hpp"

namespace aip::detail {

class await_core {
public:
  using time_point = std::chrono::steady_clock::time_point;

  /// True for the first caller only; that caller must then publish().
  bool claim() noexcept {
    uint8_t expected = pending;
    return state_.compare_exchange_strong(expected, claimed,
                                          std::memory_order_acq_rel);
  }

  /// Wakes the waiting fiber. Any thread; after a successful claim() only.
  void publish();

  /// claim() + store `err` + publish(); false when someone else won.
  bool fail(workflow_error err);

  /// Fiber side: suspends the calling fiber until published or `deadline`;
  /// on the deadline it claims the core itself with `on_timeout`. Returns
  /// once published either way.
  void wait_until(time_point deadline, workflow_error on_timeout);

  /// Set by the winner when the call failed.
  std::optional<workflow_error> error;

protected:
  ~await_core() = default;

private:
  static constexpr uint8_t pending = 0;
  static constexpr uint8_t claimed = 1;
  static constexpr uint8_t ready = 2;

  std::atomic<uint8_t> state_{pending};
  std::mutex mtx_;
  boost::fibers::condition_variable_any cv_;
};

/// The typed slot of one `await<T>`.
template <class T>
class await_slot final : public await_core {
public:
  std::optional<T> value;
};

} // namespace aip::detail
