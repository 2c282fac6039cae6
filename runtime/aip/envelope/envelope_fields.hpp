#pragma once
/// The routing and tracing fields of an envelope, as plain values: the input
/// of make_envelope. String and byte views borrow from the caller and must
/// outlive the make_envelope call only; make_envelope copies them once.

#include "aip/envelope/byte_span.hpp"
#include "aip/envelope/id128.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace aip {

/// Mirrors schema::Priority. Mailboxes may treat urgent ahead of normal and
/// shed bulk first under load.
enum class priority : int8_t { bulk = 0, normal = 1, urgent = 2 };

/// Mirrors the tags of the schema's `Recipient` union.
enum class recipient_kind : uint8_t { none = 0, agent = 1, topic = 2, capability = 3 };

/// How the broker chooses among the agents offering a capability.
enum class pick_policy : uint8_t { round_robin = 0, least_loaded = 1 };

/// Bits of the `trace_flags` field (schema::TraceFlags).
namespace trace_flag {
constexpr uint8_t sampled = 1;
constexpr uint8_t debug = 2;
} // namespace trace_flag

/// An agent by id, with an optional name path such as `root/pool/echo-17`.
struct agent_address {
  id128 id;
  std::string_view path;
};

struct envelope_fields {
  /// Nil means "draw a fresh random id".
  id128 message_id;
  id128 correlation_id;
  id128 causation_id;
  std::optional<agent_address> sender;
  /// Exactly one of `to_agent`, `to_topic` and `to_capability` must be set.
  std::optional<agent_address> to_agent;
  std::string_view to_topic;
  std::string_view to_capability;
  pick_policy pick = pick_policy::round_robin;
  aip::priority priority = priority::normal;
  /// Absolute deadline in nanoseconds since the Unix epoch; 0 = none.
  uint64_t deadline_ns = 0;
  /// Schema name of the payload, e.g. `aip.demo.Ping`; required when the
  /// payload is not empty.
  std::string_view payload_type;
  /// A finished FlatBuffer of `payload_type` (not interpreted here).
  byte_span payload;
  uint8_t trace_flags = 0;
};

} // namespace aip
