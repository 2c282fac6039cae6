#pragma once
/// Resident set size of this process, read from /proc/self/statm, and the
/// RSS growth around one step. Linux only; any thread may call it.

#include <cstdint>
#include <functional>

namespace aip::bench {

/// Current RSS in bytes, or 0 when /proc is unreadable.
uint64_t current_rss_bytes();

/// Runs `step` and returns RSS after minus RSS before (negative when the
/// step released memory to the OS).
int64_t rss_delta_bytes(const std::function<void()>& step);

} // namespace aip::bench
