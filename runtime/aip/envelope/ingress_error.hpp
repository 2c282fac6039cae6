#pragma once
/// Why an envelope was rejected at a trust boundary: a code to branch on, a
/// message for humans and logs, and the message id when it could be read
/// safely from the rejected bytes. A plain value, safe to copy anywhere.

#include "aip/envelope/id128.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aip {

enum class ingress_code : uint8_t {
  /// Fewer than 8 bytes, or the file identifier is not `AIPE`.
  not_an_envelope = 1,
  /// Larger than verify_options::max_bytes.
  too_large,
  /// The FlatBuffers Verifier failed (offsets, sizes, alignment, limits).
  malformed,
  /// The required message_id is absent.
  missing_message_id,
  /// No recipient, or a recipient kind this build does not know.
  bad_recipient,
  /// A non-empty payload without a payload_type.
  missing_payload_type,
  /// A priority outside the schema's enum.
  bad_priority,
  /// An envelope that could not be read from a CAF byte stream at all.
  unreadable,
};

/// The code's name, e.g. `missing_payload_type`.
std::string_view to_string(ingress_code code);

struct ingress_error {
  ingress_code code = ingress_code::malformed;
  /// The full sentence, e.g. `envelope 0123…ef rejected: payload_type
  /// missing` or `envelope (id unreadable) rejected: not a FlatBuffer with
  /// identifier AIPE (12 bytes)`.
  std::string message;
  std::optional<id128> message_id;
};

/// Builds the error with its message: `envelope <id|(id unreadable)>
/// rejected: <reason>`.
ingress_error make_ingress_error(ingress_code code, std::string_view reason,
                                 std::optional<id128> message_id);

inline const std::string& to_string(const ingress_error& x) {
  return x.message;
}

} // namespace aip
