#pragma once
/// What test agents saw, readable from the test thread.

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

private:
  mutable std::mutex mtx_;
  std::condition_variable cv_;
  std::vector<std::string> seen_;
};

/// Keeps a scheduler thread busy: what a slow handler looks like.
inline void busy_for(std::chrono::milliseconds d) {
  auto until = std::chrono::steady_clock::now() + d;
  while (std::chrono::steady_clock::now() < until)
    std::this_thread::yield();
}

} // namespace aip::test
