#pragma once
/// A bounded count of messages waiting for one consumer (an agent or a
/// broker shard): producers take a credit before they send, the consumer
/// gives it back once the message is handled. This atomic is the only state
/// in AIP written by more than one actor; it is a semaphore, the same kind of
/// primitive as CAF's own mailbox, and a credit protocol by messages would
/// cost a message per message at low load (docs/broker.md).

#include <atomic>
#include <cstdint>

namespace aip {

class credit_gauge {
public:
  explicit credit_gauge(uint32_t capacity) : capacity_(capacity) {}

  /// Takes one credit; false (and counted) when `capacity` are taken.
  bool try_acquire() noexcept {
    auto n = taken_.fetch_add(1, std::memory_order_relaxed);
    if (n < capacity_)
      return true;
    taken_.fetch_sub(1, std::memory_order_relaxed);
    refused_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }

  /// Gives a credit back. Saturates at zero: a message that reached the
  /// consumer without passing a producer's try_acquire took none.
  void release() noexcept {
    auto n = taken_.load(std::memory_order_relaxed);
    while (n > 0
           && !taken_.compare_exchange_weak(n, n - 1, std::memory_order_relaxed))
      ;
  }

  uint32_t capacity() const noexcept { return capacity_; }
  /// Credits taken and not yet given back (messages waiting).
  uint32_t taken() const noexcept {
    return taken_.load(std::memory_order_relaxed);
  }
  /// try_acquire calls refused so far.
  uint64_t refused() const noexcept {
    return refused_.load(std::memory_order_relaxed);
  }

private:
  uint32_t capacity_;
  std::atomic<uint32_t> taken_{0};
  std::atomic<uint64_t> refused_{0};
};

} // namespace aip
