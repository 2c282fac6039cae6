#include "aip/envelope/make_envelope.hpp"

#include "aip/envelope/detail/bytes_block.hpp"
#include "aip/envelope/verify_options.hpp"
#include "aip/schemas/envelope_generated.h"

#include <stdexcept>

namespace aip {

namespace {

// Hands the builder memory from shared_bytes blocks so that the finished
// FlatBuffer can be adopted where it lies instead of being copied out.
class block_allocator final : public flatbuffers::Allocator {
public:
  uint8_t* allocate(size_t size) override {
    return detail::allocate_block(size)->bytes();
  }

  void deallocate(uint8_t* p, size_t) override {
    detail::release_block(detail::bytes_block::of(p));
  }
};

block_allocator allocator_instance;

flatbuffers::Offset<schema::AgentAddress>
add_address(flatbuffers::FlatBufferBuilder& fbb, const agent_address& x) {
  flatbuffers::Offset<flatbuffers::String> path;
  if (!x.path.empty())
    path = fbb.CreateString(x.path.data(), x.path.size());
  schema::Id128 id{x.id.hi, x.id.lo};
  return schema::CreateAgentAddress(fbb, &id, path);
}

} // namespace

envelope make_envelope(const envelope_fields& f) {
  int recipients = int{f.to_agent.has_value()} + int{!f.to_topic.empty()}
                   + int{!f.to_capability.empty()};
  if (recipients != 1)
    throw std::invalid_argument("make_envelope: set exactly one of to_agent, "
                                "to_topic and to_capability");
  if (!f.payload.empty() && f.payload_type.empty())
    throw std::invalid_argument(
        "make_envelope: payload_type required with a payload");
  // Reserve everything up front so the builder never regrows (each regrowth
  // would copy the payload again): fixed fields + strings + payload + slack
  // for vtables, alignment and length prefixes.
  size_t estimate = 256 + f.payload.size + f.payload_type.size()
                    + f.to_topic.size() + f.to_capability.size()
                    + (f.sender ? f.sender->path.size() : 0)
                    + (f.to_agent ? f.to_agent->path.size() : 0);
  flatbuffers::FlatBufferBuilder fbb{estimate, &allocator_instance, false};
  // Children first: FlatBuffers builds back to front.
  flatbuffers::Offset<flatbuffers::Vector<uint8_t>> payload;
  if (!f.payload.empty()) {
    // 8-byte alignment lets the consumer read the nested FlatBuffer in place
    // (the schema's force_align, which the raw CreateVector ignores).
    fbb.ForceVectorAlignment(f.payload.size, sizeof(uint8_t), 8);
    payload = fbb.CreateVector(f.payload.data, f.payload.size);
  }
  flatbuffers::Offset<flatbuffers::String> payload_type;
  if (!f.payload_type.empty())
    payload_type
        = fbb.CreateString(f.payload_type.data(), f.payload_type.size());
  flatbuffers::Offset<schema::AgentAddress> sender;
  if (f.sender)
    sender = add_address(fbb, *f.sender);
  flatbuffers::Offset<void> recipient;
  schema::Recipient recipient_type;
  if (f.to_agent) {
    recipient = add_address(fbb, *f.to_agent).Union();
    recipient_type = schema::Recipient::AgentAddress;
  } else if (!f.to_topic.empty()) {
    recipient = schema::CreateTopicAddress(
                    fbb, fbb.CreateString(f.to_topic.data(), f.to_topic.size()))
                    .Union();
    recipient_type = schema::Recipient::TopicAddress;
  } else {
    recipient = schema::CreateCapabilityAddress(
                    fbb,
                    fbb.CreateString(f.to_capability.data(),
                                     f.to_capability.size()),
                    static_cast<uint8_t>(f.pick))
                    .Union();
    recipient_type = schema::Recipient::CapabilityAddress;
  }
  auto message_id = f.message_id.is_nil() ? id128::random() : f.message_id;
  schema::Id128 mid{message_id.hi, message_id.lo};
  schema::Id128 cid{f.correlation_id.hi, f.correlation_id.lo};
  schema::Id128 caid{f.causation_id.hi, f.causation_id.lo};
  schema::EnvelopeBuilder b{fbb};
  b.add_message_id(&mid);
  if (!f.correlation_id.is_nil())
    b.add_correlation_id(&cid);
  if (!f.causation_id.is_nil())
    b.add_causation_id(&caid);
  if (!sender.IsNull())
    b.add_sender(sender);
  b.add_recipient_type(recipient_type);
  b.add_recipient(recipient);
  b.add_priority(static_cast<schema::Priority>(f.priority));
  b.add_deadline_ns(f.deadline_ns);
  if (!payload_type.IsNull())
    b.add_payload_type(payload_type);
  if (!payload.IsNull())
    b.add_payload(payload);
  b.add_trace_flags(static_cast<schema::TraceFlags>(f.trace_flags));
  schema::FinishEnvelopeBuffer(fbb, b.Finish());
  if (fbb.GetSize() > verify_options{}.max_bytes)
    throw std::invalid_argument("make_envelope: envelope too large");
  // Take the builder's block as it is: the finished bytes are its tail.
  size_t reserved = 0;
  size_t offset = 0;
  uint8_t* raw = fbb.ReleaseRaw(reserved, offset);
  auto bytes = shared_bytes::adopt(detail::bytes_block::of(raw), raw + offset,
                                   reserved - offset);
  return envelope{detail::verified_tag{}, std::move(bytes)};
}

} // namespace aip
