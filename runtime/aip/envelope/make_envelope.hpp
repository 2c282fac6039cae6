#pragma once
/// Builds an envelope from its fields in one FlatBufferBuilder pass, directly
/// into the reference-counted block that the envelope then owns: the payload is
/// copied once (into the buffer) and never again. Callable from any thread.

#include "aip/envelope/envelope.hpp"
#include "aip/envelope/envelope_fields.hpp"

namespace aip {

/// REQUIRES: exactly one of `to_agent` / `to_topic` / `to_capability` set;
/// `payload_type` non-empty when `payload` is not empty; the whole envelope
/// below verify_options{}.max_bytes. Violations are bugs in the caller and
/// throw std::invalid_argument.
envelope make_envelope(const envelope_fields& fields);

} // namespace aip
