#include "aip/envelope/envelope.hpp"

#include "aip/schemas/envelope_generated.h"

namespace aip {

namespace {

// Reading without re-verifying is safe because a non-empty envelope is only
// ever constructed from a verified (or freshly built) buffer.
const schema::Envelope* root(const shared_bytes& bytes) noexcept {
  if (bytes.empty())
    return nullptr;
  return schema::GetEnvelope(bytes.data());
}

id128 to_id(const schema::Id128* x) noexcept {
  return x != nullptr ? id128{x->hi(), x->lo()} : id128{};
}

std::string_view to_view(const flatbuffers::String* x) noexcept {
  return x != nullptr ? std::string_view{x->data(), x->size()}
                      : std::string_view{};
}

agent_address to_address(const schema::AgentAddress* x) noexcept {
  if (x == nullptr)
    return {};
  return {to_id(x->id()), to_view(x->path())};
}

} // namespace

const schema::Envelope* envelope::table() const noexcept {
  return root(bytes_);
}

id128 envelope::message_id() const noexcept {
  auto* t = root(bytes_);
  return t != nullptr ? to_id(t->message_id()) : id128{};
}

id128 envelope::correlation_id() const noexcept {
  auto* t = root(bytes_);
  return t != nullptr ? to_id(t->correlation_id()) : id128{};
}

id128 envelope::causation_id() const noexcept {
  auto* t = root(bytes_);
  return t != nullptr ? to_id(t->causation_id()) : id128{};
}

bool envelope::has_sender() const noexcept {
  auto* t = root(bytes_);
  return t != nullptr && t->sender() != nullptr;
}

agent_address envelope::sender() const noexcept {
  auto* t = root(bytes_);
  return t != nullptr ? to_address(t->sender()) : agent_address{};
}

recipient_kind envelope::recipient() const noexcept {
  auto* t = root(bytes_);
  if (t == nullptr || t->recipient() == nullptr)
    return recipient_kind::none;
  switch (t->recipient_type()) {
  case schema::Recipient::AgentAddress:
    return recipient_kind::agent;
  case schema::Recipient::TopicAddress:
    return recipient_kind::topic;
  case schema::Recipient::CapabilityAddress:
    return recipient_kind::capability;
  default:
    return recipient_kind::none;
  }
}

agent_address envelope::recipient_agent() const noexcept {
  auto* t = root(bytes_);
  return t != nullptr ? to_address(t->recipient_as_AgentAddress())
                      : agent_address{};
}

std::string_view envelope::recipient_topic() const noexcept {
  auto* t = root(bytes_);
  if (t == nullptr)
    return {};
  auto* topic = t->recipient_as_TopicAddress();
  return topic != nullptr ? to_view(topic->topic()) : std::string_view{};
}

std::string_view envelope::recipient_capability() const noexcept {
  auto* t = root(bytes_);
  auto* c = t != nullptr ? t->recipient_as_CapabilityAddress() : nullptr;
  return c != nullptr && c->name() != nullptr
           ? std::string_view{c->name()->data(), c->name()->size()}
           : std::string_view{};
}

pick_policy envelope::recipient_pick() const noexcept {
  auto* t = root(bytes_);
  auto* c = t != nullptr ? t->recipient_as_CapabilityAddress() : nullptr;
  return c != nullptr && c->pick() == 1 ? pick_policy::least_loaded
                                         : pick_policy::round_robin;
}

aip::priority envelope::priority() const noexcept {
  auto* t = root(bytes_);
  return t != nullptr ? static_cast<aip::priority>(t->priority())
                      : priority::normal;
}

uint64_t envelope::deadline_ns() const noexcept {
  auto* t = root(bytes_);
  return t != nullptr ? t->deadline_ns() : 0;
}

uint8_t envelope::trace_flags() const noexcept {
  auto* t = root(bytes_);
  return t != nullptr ? static_cast<uint8_t>(t->trace_flags()) : 0;
}

std::string_view envelope::payload_type() const noexcept {
  auto* t = root(bytes_);
  return t != nullptr ? to_view(t->payload_type()) : std::string_view{};
}

byte_span envelope::payload() const noexcept {
  auto* t = root(bytes_);
  if (t == nullptr || t->payload() == nullptr)
    return {};
  return {t->payload()->data(), t->payload()->size()};
}

std::string describe_recipient(const envelope& x) {
  switch (x.recipient()) {
    case recipient_kind::agent: {
      auto to = x.recipient_agent();
      return "agent "
             + (to.path.empty() ? to_string(to.id) : std::string{to.path});
    }
    case recipient_kind::topic:
      return "topic " + std::string{x.recipient_topic()};
    case recipient_kind::capability:
      return "capability " + std::string{x.recipient_capability()};
    default:
      return "nobody";
  }
}

std::string to_string(const envelope& x) {
  if (!x.valid())
    return "envelope (empty)";
  std::string result = "envelope ";
  result += to_string(x.message_id());
  auto type = x.payload_type();
  if (!type.empty()) {
    result += ' ';
    result += type;
  }
  result += " (";
  result += std::to_string(x.bytes().size());
  result += " bytes) to ";
  result += describe_recipient(x);
  return result;
}

} // namespace aip
