#pragma once
/// AIP's own error codes as CAF errors (category atom `aip`), and the exit
/// reasons supervision distinguishes. Handlers return these; nothing throws
/// across a message on purpose.

#include <cstdint>
#include <string>

#include <caf/error.hpp>

namespace aip {

enum class errc : uint8_t {
  none = 0,
  /// An agent crashed on purpose or on a broken invariant (reason text attached).
  crashed,
  /// An agent threw; the exception's what() is attached.
  exception,
  /// A child could not start (its path and cause attached).
  start_failed,
  /// A child stopped answering health probes.
  health_failed,
  /// A request was malformed (e.g. an envelope that did not verify).
  invalid_input,
  /// The supervisor does not support the request (e.g. add on one_for_one).
  unsupported,
  /// The named child does not exist.
  no_such_child,
};

const char* to_string(errc x);

/// Makes a CAF error in the `aip` category with a context string.
caf::error make_error(errc code, std::string what);

/// How a supervisor reads a child's exit reason.
enum class exit_kind { normal, shutdown, abnormal };

exit_kind classify_exit(const caf::error& reason);

/// The exit reason a supervisor uses when it gives up or is told to stop:
/// CAF's `user_shutdown` (written `shutdown` in events), carrying why.
caf::error shutdown_reason(std::string why);

/// Human text of an exit reason for events and logs: `normal`, `shutdown`,
/// `killed`, `exception: what`, `crashed: why`, ...
std::string describe_exit(const caf::error& reason);

} // namespace aip
