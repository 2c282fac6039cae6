#pragma once
/// Envelopes for the envelope tests: a fully populated valid one, and raw
/// builders that break one rule at a time (which make_envelope refuses to).

#include "aip/envelope/envelope_fields.hpp"
#include "aip/envelope/make_envelope.hpp"
#include "aip/envelope/shared_bytes.hpp"
#include "aip/schemas/envelope_generated.h"

#include <cstdint>
#include <string>
#include <vector>

namespace aip::test {

inline constexpr id128 sample_id{0x0123456789abcdefULL, 0x0011223344556677ULL};
inline constexpr const char* sample_id_hex = "0123456789abcdef0011223344556677";

/// Every field set; the payload is `payload`.
inline envelope_fields sample_fields(const std::vector<uint8_t>& payload) {
  envelope_fields f;
  f.message_id = sample_id;
  f.correlation_id = {1, 2};
  f.causation_id = {3, 4};
  f.sender = agent_address{{5, 6}, "root/pool/sender-1"};
  f.to_agent = agent_address{{7, 8}, "root/pool/echo-17"};
  f.priority = priority::urgent;
  f.deadline_ns = 1'700'000'000'123'456'789ULL;
  f.payload_type = "aip.demo.Ping";
  f.payload = {payload.data(), payload.size()};
  f.trace_flags = trace_flag::sampled | trace_flag::debug;
  return f;
}

/// Knobs for a hand-built envelope table; defaults give a valid envelope.
struct raw_envelope {
  bool message_id = true;
  /// Recipient union tag: 0 none, 1 agent, 2 topic, anything else unknown.
  uint8_t recipient_type = 2;
  bool recipient = true;
  bool topic = true;
  int8_t priority = 1;
  bool payload = true;
  bool payload_type = true;
  const char* identifier = "AIPE";
};

inline shared_bytes build_raw(const raw_envelope& r) {
  using schema::Envelope;
  flatbuffers::FlatBufferBuilder fbb;
  flatbuffers::Offset<flatbuffers::Vector<uint8_t>> payload;
  if (r.payload) {
    uint8_t bytes[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    fbb.ForceVectorAlignment(sizeof(bytes), 1, 8);
    payload = fbb.CreateVector(bytes, sizeof(bytes));
  }
  flatbuffers::Offset<flatbuffers::String> payload_type;
  if (r.payload_type)
    payload_type = fbb.CreateString("aip.demo.Ping");
  flatbuffers::Offset<void> recipient;
  if (r.recipient) {
    flatbuffers::Offset<flatbuffers::String> topic;
    if (r.topic)
      topic = fbb.CreateString("orders.created");
    // Raw table so that a missing required `topic` can be built at all.
    auto start = fbb.StartTable();
    if (r.topic)
      fbb.AddOffset(schema::TopicAddress::VT_TOPIC, topic);
    recipient = flatbuffers::Offset<void>(fbb.EndTable(start));
  }
  auto start = fbb.StartTable();
  schema::Id128 id{sample_id.hi, sample_id.lo};
  if (r.message_id)
    fbb.AddStruct(Envelope::VT_MESSAGE_ID, &id);
  if (r.recipient_type != 0)
    fbb.AddElement<uint8_t>(Envelope::VT_RECIPIENT_TYPE, r.recipient_type, 0);
  if (r.recipient)
    fbb.AddOffset(Envelope::VT_RECIPIENT, recipient);
  fbb.AddElement<int8_t>(Envelope::VT_PRIORITY, r.priority, 1);
  if (r.payload_type)
    fbb.AddOffset(Envelope::VT_PAYLOAD_TYPE, payload_type);
  if (r.payload)
    fbb.AddOffset(Envelope::VT_PAYLOAD, payload);
  flatbuffers::Offset<Envelope> root{fbb.EndTable(start)};
  fbb.Finish(root, r.identifier);
  return shared_bytes::copy_of(fbb.GetBufferPointer(), fbb.GetSize());
}

} // namespace aip::test
