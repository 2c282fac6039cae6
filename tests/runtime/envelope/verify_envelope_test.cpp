// The verifier at trust boundaries: every kind of bad input is rejected with
// a clear message (carrying the message id when it can be read safely), and
// no input crashes it.

#include "aip/envelope/make_envelope.hpp"
#include "aip/envelope/verify_envelope.hpp"

#include "runtime/envelope/envelope_samples.hpp"
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace aip;
using test::build_raw;
using test::raw_envelope;

namespace {

template <class F>
raw_envelope with(F f) {
  raw_envelope r;
  f(r);
  return r;
}

const std::string with_id
    = std::string{"envelope "} + test::sample_id_hex + " rejected: ";
const std::string without_id = "envelope (id unreadable) rejected: ";

ingress_error rejected(const std::vector<uint8_t>& bytes,
                       const verify_options& opts = {}) {
  auto result = verify_envelope(bytes.data(), bytes.size(), opts);
  EXPECT_FALSE(result);
  return result ? ingress_error{} : result.error();
}

ingress_error rejected(const shared_bytes& bytes,
                       const verify_options& opts = {}) {
  return rejected(
      std::vector<uint8_t>(bytes.data(), bytes.data() + bytes.size()), opts);
}

std::vector<uint8_t> valid_bytes() {
  std::vector<uint8_t> payload(64, 0xAB);
  auto e = make_envelope(test::sample_fields(payload));
  return {e.bytes().data(), e.bytes().data() + e.bytes().size()};
}

} // namespace

TEST(verify_envelope, raw_builder_defaults_are_valid) {
  auto bytes = build_raw({});
  auto result = verify_envelope(bytes);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result.value().message_id(), test::sample_id);
  EXPECT_EQ(result.value().recipient_topic(), "orders.created");
}

TEST(verify_envelope, rejects_tiny_and_empty_input) {
  auto err = rejected(std::vector<uint8_t>{});
  EXPECT_EQ(err.code, ingress_code::not_an_envelope);
  EXPECT_EQ(err.message,
            without_id + "not a FlatBuffer with identifier AIPE (0 bytes)");
  EXPECT_FALSE(err.message_id);
  EXPECT_EQ(verify_envelope(nullptr, 10).error().code,
            ingress_code::not_an_envelope);
  err = rejected(std::vector<uint8_t>{1, 2, 3, 4, 'A', 'I', 'P'});
  EXPECT_EQ(err.message,
            without_id + "not a FlatBuffer with identifier AIPE (7 bytes)");
}

TEST(verify_envelope, rejects_wrong_identifier) {
  auto bytes = build_raw(with([](raw_envelope& r) { r.identifier = "NOPE"; }));
  auto err = rejected(bytes);
  EXPECT_EQ(err.code, ingress_code::not_an_envelope);
  EXPECT_EQ(err.message, without_id + "not a FlatBuffer with identifier AIPE ("
                             + std::to_string(bytes.size()) + " bytes)");
}

TEST(verify_envelope, rejects_every_truncation) {
  auto bytes = valid_bytes();
  for (size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + n);
    auto err = rejected(cut);
    EXPECT_EQ(err.message.rfind("envelope ", 0), 0u);
    EXPECT_NE(err.message.find(" rejected: "), std::string::npos);
    if (n < 8)
      EXPECT_EQ(err.code, ingress_code::not_an_envelope);
    else
      EXPECT_EQ(err.code, ingress_code::malformed) << err.message;
    // The id is only ever reported when it is the real one.
    if (err.message_id) {
      EXPECT_EQ(*err.message_id, test::sample_id);
    }
  }
}

TEST(verify_envelope, survives_random_bytes) {
  std::mt19937_64 gen{42};
  std::vector<uint8_t> buf;
  size_t accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    buf.resize(gen() % 256);
    for (auto& b : buf)
      b = static_cast<uint8_t>(gen());
    // Half of them get a valid identifier so the Verifier itself is fed.
    if (i % 2 == 0 && buf.size() >= 8)
      std::memcpy(buf.data() + 4, "AIPE", 4);
    auto result = verify_envelope(buf.data(), buf.size());
    if (result)
      ++accepted;
    else
      EXPECT_EQ(result.error().message.rfind("envelope ", 0), 0u);
  }
  EXPECT_EQ(accepted, 0u);
}

TEST(verify_envelope, survives_bit_flips_of_a_valid_envelope) {
  auto bytes = valid_bytes();
  // Single-byte corruptions may still verify (e.g. inside the payload); the
  // point is that none crashes and every verdict is self-consistent.
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t v : {uint8_t{0x00}, uint8_t{0xFF}, uint8_t{0x80}}) {
      auto copy = bytes;
      copy[i] = v;
      auto result = verify_envelope(copy.data(), copy.size());
      if (result)
        EXPECT_TRUE(result.value().valid());
      else
        EXPECT_FALSE(result.error().message.empty());
    }
  }
}

TEST(verify_envelope, rejects_missing_message_id) {
  auto err = rejected(
      build_raw(with([](raw_envelope& r) { r.message_id = false; })));
  EXPECT_EQ(err.code, ingress_code::missing_message_id);
  EXPECT_EQ(err.message, without_id + "message_id missing");
}

TEST(verify_envelope, rejects_payload_without_type) {
  auto err = rejected(
      build_raw(with([](raw_envelope& r) { r.payload_type = false; })));
  EXPECT_EQ(err.code, ingress_code::missing_payload_type);
  EXPECT_EQ(err.message, with_id + "payload_type missing");
  ASSERT_TRUE(err.message_id);
  EXPECT_EQ(*err.message_id, test::sample_id);
  // A type without a payload is fine.
  EXPECT_TRUE(verify_envelope(
      build_raw(with([](raw_envelope& r) { r.payload = false; }))));
}

TEST(verify_envelope, rejects_missing_or_unknown_recipient) {
  auto err = rejected(build_raw(with([](raw_envelope& r) {
    r.recipient_type = 0;
    r.recipient = false;
  })));
  EXPECT_EQ(err.code, ingress_code::bad_recipient);
  EXPECT_EQ(err.message, with_id + "recipient missing");
  err = rejected(
      build_raw(with([](raw_envelope& r) { r.recipient_type = 7; })));
  EXPECT_EQ(err.code, ingress_code::bad_recipient);
  EXPECT_EQ(err.message, with_id + "recipient type 7 unknown");
}

TEST(verify_envelope, rejects_topic_without_its_required_topic) {
  auto err
      = rejected(build_raw(with([](raw_envelope& r) { r.topic = false; })));
  EXPECT_EQ(err.code, ingress_code::malformed);
  EXPECT_EQ(err.message, with_id + "recipient topic missing");
}

TEST(verify_envelope, rejects_out_of_range_priority) {
  auto err = rejected(build_raw(with([](raw_envelope& r) { r.priority = 9; })));
  EXPECT_EQ(err.code, ingress_code::bad_priority);
  EXPECT_EQ(err.message, with_id + "priority 9 out of range");
}

TEST(verify_envelope, names_the_field_whose_offset_is_bad) {
  // Point the payload's length prefix past the end of the buffer.
  auto good = make_envelope(test::sample_fields(std::vector<uint8_t>(64, 1)));
  std::vector<uint8_t> bytes(good.bytes().data(),
                             good.bytes().data() + good.bytes().size());
  auto len_at
      = static_cast<size_t>(good.payload().data - good.bytes().data()) - 4;
  uint32_t huge = 0x7FFFFF00;
  std::memcpy(bytes.data() + len_at, &huge, 4);
  auto err = rejected(bytes);
  EXPECT_EQ(err.code, ingress_code::malformed);
  EXPECT_EQ(err.message, with_id + "payload out of bounds");
}

TEST(verify_envelope, enforces_limits) {
  auto bytes = valid_bytes();
  verify_options small;
  small.max_bytes = 64;
  auto err = rejected(bytes, small);
  EXPECT_EQ(err.code, ingress_code::too_large);
  EXPECT_EQ(err.message, with_id + std::to_string(bytes.size())
                             + " bytes exceed the limit of 64");
  verify_options few_tables;
  few_tables.max_tables = 2; // envelope + sender + recipient = 3
  err = rejected(bytes, few_tables);
  EXPECT_EQ(err.code, ingress_code::malformed);
  EXPECT_EQ(err.message,
            with_id + "more than 2 tables or nesting deeper than 16");
}

TEST(verify_envelope, accepts_misaligned_input) {
  auto bytes = valid_bytes();
  std::vector<uint8_t> shifted(bytes.size() + 1);
  std::memcpy(shifted.data() + 1, bytes.data(), bytes.size());
  EXPECT_FALSE(check_envelope(shifted.data() + 1, bytes.size()));
  auto result = verify_envelope(shifted.data() + 1, bytes.size());
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result.value().message_id(), test::sample_id);
}
