#pragma once
/// The lifecycle event stream: one JSON object per line, written by any actor
/// thread (a mutex keeps lines whole). Sinks: stdout, stderr, a file (append),
/// `off`, an in-memory buffer for tests, or a callback for benchmarks.
/// Fields: ts (RFC 3339, microseconds, UTC), event, path, reason,
/// restart_count, plus event-specific extras. See docs/events.md.

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace aip {

class event_log {
public:
  using callback = std::function<void(const nlohmann::json& event)>;

  /// `stdout`, `stderr`, `off`, or a file path. Throws std::runtime_error
  /// naming the path when a file cannot be opened.
  static std::shared_ptr<event_log> open(const std::string& target);
  /// Keeps every line in memory (tests): see `lines()` and `wait_for()`.
  static std::shared_ptr<event_log> memory();
  /// Calls `f` for each event on the emitting thread (benchmarks, embedding).
  static std::shared_ptr<event_log> with_callback(callback f);
  static std::shared_ptr<event_log> off();

  ~event_log();

  bool enabled() const { return kind_ != kind::off; }

  /// Writes one event line. `extra` (a JSON object or null) adds fields.
  void emit(std::string_view event, std::string_view path,
            std::string_view reason, uint64_t restart_count,
            const nlohmann::json* extra = nullptr);

  /// Memory sink only: a copy of all lines so far.
  std::vector<std::string> lines() const;
  /// Memory sink only: waits until `pred(parsed lines)` holds or `ms` pass.
  bool wait_for(const std::function<bool(const std::vector<nlohmann::json>&)>& pred,
                int ms) const;

private:
  enum class kind { off, file, memory, callback };
  explicit event_log(kind k) : kind_(k) {}

  kind kind_;
  FILE* file_ = nullptr;
  bool owns_file_ = false;
  callback callback_;
  mutable std::mutex mtx_;
  mutable std::condition_variable cv_;
  std::vector<std::string> lines_;
};

/// Current time as RFC 3339 with microseconds in UTC, e.g.
/// `2026-11-22T02:25:24.123456Z`.
std::string rfc3339_now();

} // namespace aip
