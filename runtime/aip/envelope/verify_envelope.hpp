#pragma once
/// The envelope verifier: the only way bytes from outside the process (a
/// socket, a file, another node) become an envelope. Checks the identifier
/// `AIPE`, runs the FlatBuffers Verifier with depth/table limits, then the
/// rules the schema cannot state. Never crashes or throws on any input
/// (except std::bad_alloc when copying an accepted buffer); any thread.

#include "aip/envelope/envelope.hpp"
#include "aip/envelope/ingress_error.hpp"
#include "aip/envelope/shared_bytes.hpp"
#include "aip/envelope/verify_options.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <variant>

namespace aip {

/// Either a verified envelope or the reason it was rejected.
class ingress_result {
public:
  ingress_result(envelope x) : value_(std::move(x)) {}

  ingress_result(ingress_error x) : value_(std::move(x)) {}

  bool ok() const noexcept { return value_.index() == 0; }

  explicit operator bool() const noexcept { return ok(); }

  /// REQUIRES: ok().
  const envelope& value() const& { return std::get<0>(value_); }

  /// REQUIRES: ok().
  envelope&& value() && { return std::get<0>(std::move(value_)); }

  /// REQUIRES: !ok().
  const ingress_error& error() const& { return std::get<1>(value_); }

private:
  std::variant<envelope, ingress_error> value_;
};

/// Checks `size` bytes at `data` in place, copying nothing; nullopt when they
/// form a valid envelope. `data` may have any alignment.
std::optional<ingress_error> check_envelope(const uint8_t* data, size_t size,
                                            const verify_options& opts = {});

/// Checks, then copies accepted bytes into a new shared_bytes (the single copy
/// made at ingress).
ingress_result verify_envelope(const uint8_t* data, size_t size,
                               const verify_options& opts = {});

/// Checks and adopts `bytes` without copying.
ingress_result verify_envelope(shared_bytes bytes,
                               const verify_options& opts = {});

} // namespace aip
