#pragma once
/// The typed errors every AIP request can end in, as the agent API promises
/// them to callers: `timeout`, `overloaded`, `unreachable`, `circuit_open`,
/// `invalid_input`, `denied`. CAF's own request failures are mapped onto
/// them by `classify_request_error`, so callers switch on one enum.

#include <cstdint>
#include <optional>
#include <string>

#include <caf/fwd.hpp>

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

/// The typed error behind `err`: AIP's own request errors as they are, and
/// CAF's `request_timeout` -> timeout, `request_receiver_down` and
/// connection failures -> unreachable, `unexpected_message` ->
/// invalid_input. nullopt for anything else (a bug or an agent's own error).
std::optional<request_errc> classify_request_error(const caf::error& err);

} // namespace aip
