#pragma once
/// The typed errors every AIP request can end in, as the agent API promises
/// them to callers: `timeout`, `overloaded`, `unreachable`, `circuit_open`,
/// `invalid_input`, `denied`. CAF's own request failures are mapped onto
/// them by `classify_request_error`, so callers switch on one enum.

#include <cstdint>
#include <optional>
#include <string>

#include <caf/fwd.hpp>

#include "aip/core/duration.hpp"

namespace aip {

enum class request_errc : uint8_t {
  /// No reply before the deadline (also: a message that expired in a queue).
  timeout = 1,
  /// The target's mailbox is full; retry after the hinted delay.
  overloaded,
  /// The target is gone or cannot be reached (dead actor, lost node).
  unreachable,
  /// A circuit breaker for the target is open; nothing was sent.
  circuit_open,
  /// The request was malformed or failed schema validation.
  invalid_input,
  /// Policy refused the request.
  denied,
};

const char* to_string(request_errc x);

/// Makes a CAF error in category `aip_req` carrying `what` as context.
caf::error make_error(request_errc code, std::string what);

/// The same with a retry-after hint (for `overloaded`); the hint travels in
/// the error's context as nanoseconds after the text.
caf::error make_error(request_errc code, std::string what,
                      duration retry_after);

/// A failed request as the agent API hands it to a caller.
struct request_failure {
  request_errc code = request_errc::unreachable;
  /// Human text naming the target and why, e.g.
  /// `root/calc: mailbox full (256 waiting)`.
  std::string what;
  /// For `overloaded`: when to try again; zero otherwise.
  duration retry_after{0};

  /// Classifies `err` (see classify_request_error). An error outside the
  /// six keeps CAF's text and counts as `unreachable`: the target could not
  /// produce an answer.
  static request_failure from(const caf::error& err);
};

/// `overloaded: root/calc: mailbox full (retry after 2ms)`.
std::string to_string(const request_failure& x);

/// The typed error behind `err`: AIP's own request errors as they are, and
/// CAF's `request_timeout` -> timeout, `request_receiver_down` and
/// connection failures -> unreachable, `unexpected_message` ->
/// invalid_input. nullopt for anything else (a bug or an agent's own error).
std::optional<request_errc> classify_request_error(const caf::error& err);

} // namespace aip
