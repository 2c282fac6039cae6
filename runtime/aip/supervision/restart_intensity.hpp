#pragma once
/// OTP restart intensity: at most `intensity` restarts within any window of
/// `period`. Owned by one supervisor actor; fed with its actor clock's time so
/// tests can drive it with a controlled clock.

#include <chrono>
#include <deque>

#include "aip/core/duration.hpp"

namespace aip {

class restart_intensity {
public:
  using time_point = std::chrono::steady_clock::time_point;

  restart_intensity(int intensity, duration period)
    : intensity_(intensity), period_(period) {}

  /// Records a restart at `now`; returns false when this restart exceeds the
  /// limit (the supervisor must then give up).
  bool add_restart(time_point now) {
    restarts_.push_back(now);
    while (!restarts_.empty() && now - restarts_.front() >= period_)
      restarts_.pop_front();
    return static_cast<int>(restarts_.size()) <= intensity_;
  }

  int intensity() const { return intensity_; }
  duration period() const { return period_; }

private:
  int intensity_;
  duration period_;
  std::deque<time_point> restarts_;
};

} // namespace aip
