#pragma once
/// What test agents saw, readable from the test thread.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace aip::test {

class recorder {
public:
  void add(std::string x) {
    std::lock_guard<std::mutex> guard{mtx_};
    seen_.push_back(std::move(x));
    cv_.notify_all();
  }

  std::vector<std::string> seen() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return seen_;
  }

  /// Waits until `n` entries exist (or 10 s pass); returns the entries.
  std::vector<std::string> wait_for(size_t n) {
    std::unique_lock<std::mutex> guard{mtx_};
    cv_.wait_for(guard, std::chrono::seconds{10},
                 [&] { return seen_.size() >= n; });
    return seen_;
  }

  /// A test agent parks in `hold()` until the test calls `open()` (or 10 s
  /// pass): what the test sends meanwhile piles up in its mailbox, however
  /// slow the machine. `held()` tells that the agent is parked.
  void hold() {
    held_ = true;
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds{10};
    while (!open_ && std::chrono::steady_clock::now() < until)
      std::this_thread::yield();
  }
  void open() { open_ = true; }
  bool held() const { return held_; }

private:
  std::atomic<bool> held_{false};
  std::atomic<bool> open_{false};
  mutable std::mutex mtx_;
  std::condition_variable cv_;
  std::vector<std::string> seen_;
};


} // namespace aip::test
