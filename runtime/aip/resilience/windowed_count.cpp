#include "aip/resilience/windowed_count.hpp"

#include <algorithm>
#include <cassert>

namespace aip {

windowed_count::windowed_count(duration window)
  // A window shorter than `buckets` nanoseconds still gets 1 ns buckets
  // rather than a division by zero.
  : width_(std::max(duration{1}, window / buckets)) {
  assert(window > duration::zero());
}

int64_t windowed_count::index_of(time_point t) const {
  // Floor division: bucket numbers must stay ordered for times before the
  // clock's epoch too (tests may start at time_point{} and step back).
  auto n = t.time_since_epoch().count();
  auto w = width_.count();
  auto q = n / w;
  return (n % w != 0 && n < 0) ? q - 1 : q;
}

void windowed_count::add(time_point now, uint64_t n) {
  auto i = index_of(now);
  auto slot = ((i % buckets) + buckets) % buckets;
  auto& b = ring_[static_cast<size_t>(slot)];
  if (b.index != i) {
    // The slot still holds a bucket from an earlier lap of the ring; that
    // bucket is at least one window old.
    b.index = i;
    b.count = 0;
  }
  b.count += n;
}

uint64_t windowed_count::sum(time_point now) const {
  auto newest = index_of(now);
  uint64_t total = 0;
  for (auto& b : ring_)
    if (b.index != INT64_MIN && b.index > newest - buckets && b.index <= newest)
      total += b.count;
  return total;
}

void windowed_count::clear() {
  ring_.fill(bucket{});
}

} // namespace aip
