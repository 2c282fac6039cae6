// Building and reading envelopes: every field survives build → verify.

#include "aip/envelope/envelope.hpp"
#include "aip/envelope/make_envelope.hpp"
#include "aip/envelope/verify_envelope.hpp"

#include "runtime/envelope/envelope_samples.hpp"
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

using namespace aip;

namespace {

std::vector<uint8_t> bytes_of(size_t n) {
  std::vector<uint8_t> result(n);
  for (size_t i = 0; i < n; ++i)
    result[i] = static_cast<uint8_t>(i * 7 + 1);
  return result;
}

void expect_sample_fields(const envelope& e, const std::vector<uint8_t>& p) {
  ASSERT_TRUE(e.valid());
  EXPECT_EQ(e.message_id(), test::sample_id);
  EXPECT_EQ(e.correlation_id(), (id128{1, 2}));
  EXPECT_EQ(e.causation_id(), (id128{3, 4}));
  ASSERT_TRUE(e.has_sender());
  EXPECT_EQ(e.sender().id, (id128{5, 6}));
  EXPECT_EQ(e.sender().path, "root/pool/sender-1");
  ASSERT_EQ(e.recipient(), recipient_kind::agent);
  EXPECT_EQ(e.recipient_agent().id, (id128{7, 8}));
  EXPECT_EQ(e.recipient_agent().path, "root/pool/echo-17");
  EXPECT_EQ(e.recipient_topic(), "");
  EXPECT_EQ(e.priority(), priority::urgent);
  EXPECT_EQ(e.deadline_ns(), 1'700'000'000'123'456'789ULL);
  EXPECT_EQ(e.trace_flags(), trace_flag::sampled | trace_flag::debug);
  EXPECT_EQ(e.payload_type(), "aip.demo.Ping");
  auto payload = e.payload();
  ASSERT_EQ(payload.size, p.size());
  EXPECT_TRUE(std::equal(payload.begin(), payload.end(), p.begin()));
  // The nested FlatBuffer must be readable in place.
  EXPECT_EQ(reinterpret_cast<uintptr_t>(payload.data) % 8, 0u);
}

} // namespace

TEST(id128, renders_and_parses_32_hex_digits) {
  EXPECT_EQ(to_string(test::sample_id), test::sample_id_hex);
  EXPECT_EQ(to_string(id128{}), std::string(32, '0'));
  EXPECT_EQ(parse_id128(test::sample_id_hex), test::sample_id);
  EXPECT_EQ(parse_id128("0123456789ABCDEF0011223344556677"), test::sample_id);
  EXPECT_FALSE(parse_id128("0123"));
  EXPECT_FALSE(parse_id128("0123456789abcdef001122334455667g"));
  auto a = id128::random();
  auto b = id128::random();
  EXPECT_FALSE(a.is_nil());
  EXPECT_NE(a, b);
}

TEST(shared_bytes, copies_share_one_block) {
  uint8_t raw[] = {1, 2, 3};
  auto a = shared_bytes::copy_of(raw, sizeof(raw));
  EXPECT_EQ(a.use_count(), 1u);
  auto b = a;
  EXPECT_EQ(a.use_count(), 2u);
  EXPECT_EQ(a.data(), b.data());
  auto c = std::move(b);
  EXPECT_EQ(a.use_count(), 2u);
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.use_count(), 0u);
  EXPECT_EQ(c.size(), 3u);
  EXPECT_EQ(c.data()[2], 3);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a.data()) % 16, 0u);
}

TEST(make_envelope, every_field_survives_build_and_verify) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{1024}, size_t{1} << 20}) {
    SCOPED_TRACE(n);
    auto payload = bytes_of(n);
    auto fields = test::sample_fields(payload);
    if (n == 0)
      fields.payload_type = "aip.demo.Ping"; // allowed without payload
    auto built = make_envelope(fields);
    expect_sample_fields(built, payload);
    // The builder's own bytes verify...
    EXPECT_FALSE(check_envelope(built.bytes().data(), built.bytes().size()));
    // ...and so does a copy arriving from outside.
    auto in = verify_envelope(built.bytes().data(), built.bytes().size());
    ASSERT_TRUE(in) << in.error().message;
    EXPECT_NE(in.value().bytes().data(), built.bytes().data());
    expect_sample_fields(in.value(), payload);
    // Adopting a shared_bytes copies nothing.
    auto adopted = verify_envelope(built.bytes());
    ASSERT_TRUE(adopted);
    EXPECT_EQ(adopted.value().bytes().data(), built.bytes().data());
  }
}

TEST(make_envelope, builds_without_copying_afterwards) {
  auto payload = bytes_of(1 << 20);
  auto e = make_envelope(test::sample_fields(payload));
  // One block, owned by the envelope alone: the builder's buffer was adopted.
  EXPECT_EQ(e.bytes().use_count(), 1u);
  // Reserved up front, so the slack before the data stays small.
  EXPECT_LT(e.bytes().size(), payload.size() + 512);
  auto copy = e;
  EXPECT_EQ(e.bytes().use_count(), 2u);
  EXPECT_EQ(copy.payload().data, e.payload().data);
}

TEST(make_envelope, optional_fields_default) {
  envelope_fields f;
  f.to_topic = "orders.*.created";
  auto e = make_envelope(f);
  EXPECT_FALSE(e.message_id().is_nil()); // drawn at random
  EXPECT_TRUE(e.correlation_id().is_nil());
  EXPECT_TRUE(e.causation_id().is_nil());
  EXPECT_FALSE(e.has_sender());
  EXPECT_EQ(e.recipient(), recipient_kind::topic);
  EXPECT_EQ(e.recipient_topic(), "orders.*.created");
  EXPECT_EQ(e.priority(), priority::normal);
  EXPECT_EQ(e.deadline_ns(), 0u);
  EXPECT_EQ(e.trace_flags(), 0);
  EXPECT_EQ(e.payload_type(), "");
  EXPECT_TRUE(e.payload().empty());
  EXPECT_NE(to_string(e).find("to topic orders.*.created"), std::string::npos);
}

TEST(make_envelope, refuses_invalid_fields) {
  envelope_fields none;
  EXPECT_THROW(make_envelope(none), std::invalid_argument);
  envelope_fields both;
  both.to_topic = "t";
  both.to_agent = agent_address{{1, 1}, ""};
  EXPECT_THROW(make_envelope(both), std::invalid_argument);
  uint8_t raw[] = {1};
  envelope_fields untyped;
  untyped.to_topic = "t";
  untyped.payload = {raw, 1};
  EXPECT_THROW(make_envelope(untyped), std::invalid_argument);
}

TEST(envelope, empty_envelope_reads_defaults) {
  envelope e;
  EXPECT_FALSE(e.valid());
  EXPECT_TRUE(e.message_id().is_nil());
  EXPECT_EQ(e.recipient(), recipient_kind::none);
  EXPECT_EQ(e.table(), nullptr);
  EXPECT_EQ(to_string(e), "envelope (empty)");
}
