#pragma once
// Shared by the workflow tests: a real actor system, a collector of
// outcomes that tests block on with a generous "did not hang" bound, and a
// CAF actor that completes awaits from its own thread.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <gtest/gtest.h>

#include "aip/workflow/workflow_pool.hpp"

namespace aip::test {

using namespace std::chrono_literals;

/// Far above anything these tests need; only there so a bug fails a test
/// instead of hanging CTest.
constexpr auto did_not_hang = std::chrono::seconds{20};

class outcomes {
public:
  workflow_pool::done_fn sink() {
    return [this](const workflow_outcome& o) {
      std::lock_guard<std::mutex> guard{mtx_};
      all_.push_back(o);
      cv_.notify_all();
    };
  }

  /// Waits until `n` outcomes arrived; false on the did_not_hang bound.
  bool wait_for(size_t n) {
    std::unique_lock<std::mutex> guard{mtx_};
    return cv_.wait_for(guard, did_not_hang, [&] { return all_.size() >= n; });
  }

  std::vector<workflow_outcome> all() {
    std::lock_guard<std::mutex> guard{mtx_};
    return all_;
  }

  size_t size() {
    std::lock_guard<std::mutex> guard{mtx_};
    return all_.size();
  }

private:
  std::mutex mtx_;
  std::condition_variable cv_;
  std::vector<workflow_outcome> all_;
};

/// Polls `pred` (cheap, thread-safe) until true or the did_not_hang bound.
inline bool eventually(const std::function<bool()>& pred) {
  auto until = std::chrono::steady_clock::now() + did_not_hang;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > until)
      return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

class workflow_test : public ::testing::Test {
public:
  struct config : caf::actor_system_config {
    config() {
      set("scheduler.max-threads", 2);
    }
  };

  workflow_test() : sys(cfg) {
  }

  /// Runs `f` inside a fresh CAF actor (on a CAF scheduler thread).
  void on_caf_thread(std::function<void()> f) {
    sys.spawn([f = std::move(f)](caf::event_based_actor*) { f(); });
  }

  config cfg;
  caf::actor_system sys;
};

} // namespace aip::test
