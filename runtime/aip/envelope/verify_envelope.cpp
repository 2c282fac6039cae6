#include "aip/envelope/verify_envelope.hpp"

#include "aip/schemas/envelope_generated.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

namespace aip {

namespace {

using schema::Envelope;

static_assert(FLATBUFFERS_LITTLEENDIAN,
              "the message-id probe reads little-endian scalars directly");

constexpr int64_t min_size = 2 * sizeof(flatbuffers::uoffset_t);

template <class T>
T load(const uint8_t* p) noexcept {
  T result;
  std::memcpy(&result, p, sizeof(T));
  return result;
}

enum class probe_state { unreadable, absent, present };

struct probe_result {
  probe_state state = probe_state::unreadable;
  id128 id;
};

// Reads the message id of a buffer that failed (or has not yet passed)
// verification. This is itself a trust boundary: every offset is checked
// against `size` in 64-bit arithmetic before it is followed, reads use memcpy
// (no alignment assumed), and nothing else in the buffer is touched.
probe_result probe_message_id(const uint8_t* data, size_t size) noexcept {
  probe_result result;
  if (size < static_cast<size_t>(min_size)
      || size > FLATBUFFERS_MAX_BUFFER_SIZE)
    return result;
  auto n = static_cast<int64_t>(size);
  int64_t table = load<uint32_t>(data);
  if (table < min_size || table > n - 4)
    return result;
  int64_t vtable = table - load<int32_t>(data + table);
  if (vtable < 0 || vtable > n - 4)
    return result;
  int64_t vsize = load<uint16_t>(data + vtable);
  if (vsize < 4 || (vsize & 1) != 0 || vtable + vsize > n)
    return result;
  int64_t slot = Envelope::VT_MESSAGE_ID;
  int64_t field = slot + 2 <= vsize ? load<uint16_t>(data + vtable + slot) : 0;
  if (field == 0) {
    result.state = probe_state::absent;
    return result;
  }
  if (field < 4 || table + field + 16 > n)
    return result;
  result.state = probe_state::present;
  result.id.hi = load<uint64_t>(data + table + field);
  result.id.lo = load<uint64_t>(data + table + field + 8);
  return result;
}

flatbuffers::Verifier::Options fb_options(const verify_options& opts) {
  flatbuffers::Verifier::Options result;
  result.max_depth = opts.max_depth;
  result.max_tables = opts.max_tables;
  result.check_alignment = true;
  // The payload's schema is unknown here; its consumer verifies it.
  result.check_nested_flatbuffers = false;
  return result;
}

// The generated verifier folds a topic without its required `topic` into
// "recipient invalid"; tell the two apart for the error text.
// REQUIRES: the recipient_type field and the recipient offset verified.
std::string recipient_reason(const uint8_t* data, size_t size,
                             const verify_options& opts, const Envelope* env) {
  if (env->recipient_type() == schema::Recipient::TopicAddress
      && env->recipient() != nullptr) {
    flatbuffers::Verifier v{data, size, fb_options(opts)};
    auto* topic = static_cast<const flatbuffers::Table*>(env->recipient());
    if (topic->VerifyTableStart(v)
        && !topic->CheckField(schema::TopicAddress::VT_TOPIC))
      return "recipient topic missing";
  }
  return "recipient malformed";
}

// Runs after the generated verifier failed, to name the first bad field. It
// repeats the generated Verify() step by step; when the schema grows and this
// falls behind, the generic reason still stands.
std::string diagnose(const uint8_t* data, size_t size,
                     const verify_options& opts) {
  // The schema has no recursion and no vectors of tables, so verifying
  // without the limits is bounded too; passing that way pins the blame.
  auto relaxed = fb_options(opts);
  relaxed.max_depth = 64;
  relaxed.max_tables = 1000;
  flatbuffers::Verifier unlimited{data, size, relaxed};
  if (schema::VerifyEnvelopeBuffer(unlimited))
    return "more than " + std::to_string(opts.max_tables)
           + " tables or nesting deeper than " + std::to_string(opts.max_depth);
  flatbuffers::Verifier v{data, size, fb_options(opts)};
  auto root = v.VerifyOffset(0);
  if (root == 0)
    return "root offset out of bounds";
  auto* t = reinterpret_cast<const flatbuffers::Table*>(data + root);
  auto* env = reinterpret_cast<const Envelope*>(data + root);
  if (!t->VerifyTableStart(v))
    return "root table or vtable out of bounds";
  if (!t->CheckField(Envelope::VT_MESSAGE_ID))
    return "message_id missing";
  if (!t->VerifyField<schema::Id128>(v, Envelope::VT_MESSAGE_ID, 8))
    return "message_id out of bounds";
  if (!t->VerifyField<schema::Id128>(v, Envelope::VT_CORRELATION_ID, 8))
    return "correlation_id out of bounds";
  if (!t->VerifyField<schema::Id128>(v, Envelope::VT_CAUSATION_ID, 8))
    return "causation_id out of bounds";
  if (!t->VerifyOffset(v, Envelope::VT_SENDER) || !v.VerifyTable(env->sender()))
    return "sender malformed";
  // Each accessor below runs only after its field verified: this pass is
  // reached precisely when something in the buffer is wrong.
  if (!t->VerifyField<uint8_t>(v, Envelope::VT_RECIPIENT_TYPE, 1))
    return "recipient_type out of bounds";
  if (!t->VerifyOffset(v, Envelope::VT_RECIPIENT))
    return "recipient offset out of bounds";
  if (!schema::VerifyRecipient(v, env->recipient(), env->recipient_type()))
    return recipient_reason(data, size, opts, env);
  if (!t->VerifyField<int8_t>(v, Envelope::VT_PRIORITY, 1))
    return "priority out of bounds";
  if (!t->VerifyField<uint64_t>(v, Envelope::VT_DEADLINE_NS, 8))
    return "deadline_ns out of bounds";
  if (!t->VerifyOffset(v, Envelope::VT_PAYLOAD_TYPE)
      || !v.VerifyString(env->payload_type()))
    return "payload_type is not a valid string";
  if (!t->VerifyOffset(v, Envelope::VT_PAYLOAD)
      || !v.VerifyVector(env->payload()))
    return "payload out of bounds";
  if (!t->VerifyField<uint8_t>(v, Envelope::VT_TRACE_FLAGS, 1))
    return "trace_flags out of bounds";
  return "failed FlatBuffers verification";
}

// Checks that need no alignment: size, identifier, and the id for the text.
std::optional<ingress_error> check_header(const uint8_t* data, size_t size,
                                          const verify_options& opts,
                                          std::optional<id128>& id) {
  // Cheapest checks first, and nothing below reads beyond `size`.
  if (size < static_cast<size_t>(min_size)
      || !flatbuffers::BufferHasIdentifier(data, schema::EnvelopeIdentifier()))
    return make_ingress_error(ingress_code::not_an_envelope,
                              "not a FlatBuffer with identifier AIPE ("
                                  + std::to_string(size) + " bytes)",
                              std::nullopt);
  auto probe = probe_message_id(data, size);
  if (probe.state == probe_state::present)
    id = probe.id;
  // The Verifier asserts on buffers of 2 GiB and more: check the size first.
  auto limit
      = std::min<size_t>(opts.max_bytes, FLATBUFFERS_MAX_BUFFER_SIZE - 1);
  if (size > limit)
    return make_ingress_error(ingress_code::too_large,
                              std::to_string(size)
                                  + " bytes exceed the limit of "
                                  + std::to_string(limit),
                              id);
  return std::nullopt;
}

// REQUIRES: check_header passed and `data` is 8-byte aligned.
std::optional<ingress_error> check_body(const uint8_t* data, size_t size,
                                        const verify_options& opts,
                                        std::optional<id128> id) {
  flatbuffers::Verifier v{data, size, fb_options(opts)};
  if (!schema::VerifyEnvelopeBuffer(v)) {
    auto reason = diagnose(data, size, opts);
    auto code = reason == "message_id missing"
                    ? ingress_code::missing_message_id
                    : ingress_code::malformed;
    return make_ingress_error(code, reason, id);
  }
  // Verified: from here on the generated accessors are safe. What follows are
  // the rules the schema language cannot express.
  auto* env = schema::GetEnvelope(data);
  id = id128{env->message_id()->hi(), env->message_id()->lo()};
  auto kind = env->recipient_type();
  if (kind == schema::Recipient::NONE || env->recipient() == nullptr)
    return make_ingress_error(ingress_code::bad_recipient, "recipient missing",
                              id);
  if (kind != schema::Recipient::AgentAddress
      && kind != schema::Recipient::TopicAddress)
    return make_ingress_error(ingress_code::bad_recipient,
                              "recipient type "
                                  + std::to_string(static_cast<unsigned>(kind))
                                  + " unknown",
                              id);
  auto prio = static_cast<int>(env->priority());
  if (prio < static_cast<int>(schema::Priority::MIN)
      || prio > static_cast<int>(schema::Priority::MAX))
    return make_ingress_error(
        ingress_code::bad_priority,
        "priority " + std::to_string(prio) + " out of range", id);
  auto* payload = env->payload();
  auto* type = env->payload_type();
  if (payload != nullptr && payload->size() > 0
      && (type == nullptr || type->size() == 0))
    return make_ingress_error(ingress_code::missing_payload_type,
                              "payload_type missing", id);
  return std::nullopt;
}

bool is_aligned(const uint8_t* data) noexcept {
  // FlatBuffers' largest scalar; a block from shared_bytes always is.
  return reinterpret_cast<uintptr_t>(data) % 8 == 0;
}

} // namespace

std::optional<ingress_error> check_envelope(const uint8_t* data, size_t size,
                                            const verify_options& opts) {
  if (data == nullptr)
    size = 0;
  std::optional<id128> id;
  if (auto err = check_header(data, size, opts, id))
    return err;
  if (is_aligned(data))
    return check_body(data, size, opts, id);
  // Generated accessors read scalars in place, so a misaligned buffer (e.g.
  // at an odd offset in a socket buffer) is checked from an aligned copy.
  std::unique_ptr<uint64_t[]> copy{new uint64_t[(size + 7) / 8]};
  std::memcpy(copy.get(), data, size);
  return check_body(reinterpret_cast<const uint8_t*>(copy.get()), size, opts,
                    id);
}

ingress_result verify_envelope(const uint8_t* data, size_t size,
                               const verify_options& opts) {
  if (data != nullptr && size > 0 && !is_aligned(data))
    return verify_envelope(shared_bytes::copy_of(data, size), opts);
  if (auto err = check_envelope(data, size, opts))
    return std::move(*err);
  return envelope{detail::verified_tag{}, shared_bytes::copy_of(data, size)};
}

ingress_result verify_envelope(shared_bytes bytes, const verify_options& opts) {
  if (auto err = check_envelope(bytes.data(), bytes.size(), opts))
    return std::move(*err);
  return envelope{detail::verified_tag{}, std::move(bytes)};
}

} // namespace aip
