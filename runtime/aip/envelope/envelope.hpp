#pragma once
/// An immutable, verified AIP envelope: a shared_bytes holding one FlatBuffer
/// (schemas/envelope.fbs) plus accessors that read it in place. Copies share
/// the buffer, so sending one envelope to many actors copies no bytes. Any
/// thread may read an envelope; a non-empty one has always passed the verifier
/// or come from make_envelope. For CAF messages include aip/core/type_ids.hpp.

#include "aip/envelope/byte_span.hpp"
#include "aip/envelope/envelope_fields.hpp"
#include "aip/envelope/id128.hpp"
#include "aip/envelope/shared_bytes.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace aip {

namespace schema {
struct Envelope;
} // namespace schema

namespace detail {
/// Passkey: only make_envelope and the verifier may vouch for a buffer.
struct verified_tag {
  explicit verified_tag() = default;
};
} // namespace detail

class envelope {
public:
  /// An empty envelope (valid() is false); exists so that CAF can
  /// default-construct one before loading it. Accessors return defaults.
  envelope() noexcept = default;

  /// @pre `bytes` passed verify_envelope or was built by make_envelope.
  envelope(detail::verified_tag, shared_bytes bytes) noexcept
      : bytes_(std::move(bytes)) {}

  bool valid() const noexcept { return !bytes_.empty(); }

  /// The whole FlatBuffer, e.g. to write it to a socket.
  const shared_bytes& bytes() const noexcept { return bytes_; }

  id128 message_id() const noexcept;
  /// Nil when absent.
  id128 correlation_id() const noexcept;
  /// Nil when absent.
  id128 causation_id() const noexcept;

  bool has_sender() const noexcept;
  /// Views into the buffer; nil id and empty path when absent.
  agent_address sender() const noexcept;

  recipient_kind recipient() const noexcept;
  /// Set when recipient() is agent.
  agent_address recipient_agent() const noexcept;
  /// Set when recipient() is topic.
  std::string_view recipient_topic() const noexcept;
  /// Set when recipient() is capability: the tool or skill name...
  std::string_view recipient_capability() const noexcept;
  /// ...and how to choose among its offerers.
  pick_policy recipient_pick() const noexcept;

  aip::priority priority() const noexcept;
  /// Nanoseconds since the Unix epoch; 0 = none.
  uint64_t deadline_ns() const noexcept;
  uint8_t trace_flags() const noexcept;

  /// Empty when there is no payload.
  std::string_view payload_type() const noexcept;
  /// The nested FlatBuffer, 8-byte aligned, inside bytes(); empty when absent.
  /// Its schema is payload_type(); verifying it is the consumer's job.
  byte_span payload() const noexcept;

  /// The generated table, for fields without an accessor here. Null when
  /// !valid(). Include "aip/schemas/envelope_generated.h" to use it.
  const schema::Envelope* table() const noexcept;

private:
  shared_bytes bytes_;
};

/// `agent root/x` (or its id when the path is absent), `topic a.b`,
/// `capability add`, `nobody`: for errors and dead letters.
std::string describe_recipient(const envelope& x);

/// One line for logs: `envelope <id> <type> (<n> bytes) to <recipient>`.
/// Also what CAF prints for a message holding an envelope.
std::string to_string(const envelope& x);

} // namespace aip
