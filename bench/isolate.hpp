#pragma once
/// Runs one measurement in a forked child process so that its RSS and heap
/// start clean (allocator reuse from an earlier run would hide memory).
/// Call only while this process runs no other threads (no live actor system).

#include <functional>

#include <nlohmann/json.hpp>

namespace aip::bench {

/// Returns what `f` returned in the child. Throws std::runtime_error when the
/// child fails (an exception in `f` is reported with its message).
nlohmann::json run_isolated(const std::function<nlohmann::json()>& f);

} // namespace aip::bench
