#pragma once
/// The OTP vocabulary of supervision, as enums with their config spellings:
/// strategies, restart types, shutdown policies and auto_shutdown.

#include <optional>
#include <string_view>

#include "aip/core/duration.hpp"

namespace aip {

enum class strategy { one_for_one, one_for_all, rest_for_one, simple_one_for_one };

/// permanent: always restarted; transient: restarted only after an abnormal
/// exit (not `normal`, not `shutdown`); temporary: never restarted.
enum class restart_type { permanent, transient, temporary };

enum class auto_shutdown { never, any_significant, all_significant };

/// How a child is stopped: `brutal_kill` (kill at once), a timeout (ask it to
/// shut down, kill it when the time is up) or `infinity` (wait for it).
struct shutdown_policy {
  enum kind_t { brutal_kill, timeout, infinity } kind = timeout;
  duration time{};

  static shutdown_policy worker_default() { return {timeout, std::chrono::seconds{5}}; }
  static shutdown_policy supervisor_default() { return {infinity, {}}; }
};

std::string_view to_string(strategy x);
std::string_view to_string(restart_type x);
std::string_view to_string(auto_shutdown x);

std::optional<strategy> parse_strategy(std::string_view text);
std::optional<restart_type> parse_restart_type(std::string_view text);
std::optional<auto_shutdown> parse_auto_shutdown(std::string_view text);

} // namespace aip
