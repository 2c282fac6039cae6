// Envelopes cross nodes as CAF 0.17 binary data: a round trip keeps every
// byte, and load runs the verifier, so corrupted bytes never become an
// envelope.

#include "aip/core/type_ids.hpp"
#include "aip/envelope/make_envelope.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <caf/deep_to_string.hpp>
#include <caf/make_message.hpp>
#include <caf/message.hpp>

#include "runtime/envelope/envelope_samples.hpp"
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

using namespace aip;

namespace {

struct fixture : ::testing::Test {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  std::vector<uint8_t> payload = std::vector<uint8_t>(300, 0x5A);
  envelope env = make_envelope(test::sample_fields(payload));

  void SetUp() override {
    register_types(cfg);
    register_types(cfg); // idempotent
    cfg.set("scheduler.max-threads", 1);
    sys = std::make_unique<caf::actor_system>(cfg);
  }

  std::vector<char> save(envelope x) {
    std::vector<char> buf;
    caf::binary_serializer sink{*sys, buf};
    auto err = sink(x);
    EXPECT_FALSE(err) << sys->render(err);
    return buf;
  }

  caf::error load(const std::vector<char>& buf, envelope& out) {
    caf::binary_deserializer source{*sys, buf};
    return source(out);
  }

  // Where the FlatBuffer starts inside the serialized bytes (after CAF's
  // length prefix): 4 bytes before the identifier.
  size_t flatbuffer_offset(const std::vector<char>& buf) {
    auto it = std::search(buf.begin(), buf.end(), "AIPE", "AIPE" + 4);
    EXPECT_NE(it, buf.end());
    return static_cast<size_t>(it - buf.begin()) - 4;
  }
};

} // namespace

TEST_F(fixture, type_id_block_names_the_envelope) {
  EXPECT_EQ(caf::type_id<envelope>::value, caf::first_custom_type_id);
  EXPECT_STREQ(caf::type_name<envelope>::value, "aip::envelope");
  EXPECT_LE(caf::id_block::aip::begin, caf::type_id<envelope>::value);
  EXPECT_LT(caf::type_id<envelope>::value, caf::id_block::aip::end);
}

TEST_F(fixture, binary_round_trip_keeps_every_byte) {
  auto buf = save(env);
  EXPECT_LT(buf.size(), env.bytes().size() + 8); // bytes + length prefix
  envelope out;
  auto err = load(buf, out);
  ASSERT_FALSE(err) << sys->render(err);
  ASSERT_TRUE(out.valid());
  ASSERT_EQ(out.bytes().size(), env.bytes().size());
  EXPECT_EQ(
      std::memcmp(out.bytes().data(), env.bytes().data(), env.bytes().size()),
      0);
  EXPECT_EQ(out.message_id(), test::sample_id);
  EXPECT_EQ(out.payload_type(), "aip.demo.Ping");
  EXPECT_EQ(out.payload().size, payload.size());
}

TEST_F(fixture, message_round_trip_needs_the_registered_type) {
  // The path BASP takes: a whole caf::message, resolved by type name.
  auto msg = caf::make_message(env);
  std::vector<char> buf;
  caf::binary_serializer sink{*sys, buf};
  ASSERT_FALSE(sink(msg));
  caf::message out;
  caf::binary_deserializer source{*sys, buf};
  auto err = source(out);
  ASSERT_FALSE(err) << sys->render(err);
  ASSERT_TRUE(out.match_elements<envelope>());
  EXPECT_EQ(out.get_as<envelope>(0).message_id(), test::sample_id);
  // And CAF prints it with to_string(envelope), not as 400 numbers.
  EXPECT_NE(caf::to_string(out).find(test::sample_id_hex), std::string::npos);
}

TEST_F(fixture, load_rejects_a_corrupted_identifier) {
  auto buf = save(env);
  buf[flatbuffer_offset(buf) + 4] = 'X';
  envelope out;
  auto err = load(buf, out);
  ASSERT_TRUE(err);
  EXPECT_EQ(err.category(), ingress_error_category);
  EXPECT_EQ(err.code(), static_cast<uint8_t>(ingress_code::not_an_envelope));
  EXPECT_FALSE(out.valid());
  EXPECT_NE(sys->render(err).find("not a FlatBuffer with identifier AIPE"),
            std::string::npos)
      << sys->render(err);
}

TEST_F(fixture, load_rejects_a_corrupted_root_offset) {
  auto buf = save(env);
  uint32_t bad = 0x7FFFFFF0;
  std::memcpy(buf.data() + flatbuffer_offset(buf), &bad, 4);
  envelope out;
  auto err = load(buf, out);
  ASSERT_TRUE(err);
  EXPECT_EQ(err.code(), static_cast<uint8_t>(ingress_code::malformed));
  EXPECT_NE(sys->render(err).find("(id unreadable) rejected: root offset"),
            std::string::npos)
      << sys->render(err);
}

TEST_F(fixture, load_rejects_truncated_and_oversized_input) {
  auto buf = save(env);
  buf.resize(buf.size() - 10);
  envelope out;
  auto err = load(buf, out);
  ASSERT_TRUE(err);
  EXPECT_NE(sys->render(err).find("truncated"), std::string::npos)
      << sys->render(err);
  // A length prefix claiming gigabytes must not make load allocate them.
  std::vector<char> huge;
  caf::binary_serializer sink{*sys, huge};
  size_t n = size_t{3} << 30;
  ASSERT_FALSE(sink.begin_sequence(n));
  err = load(huge, out);
  ASSERT_TRUE(err);
  EXPECT_EQ(err.code(), static_cast<uint8_t>(ingress_code::too_large));
}

TEST_F(fixture, save_refuses_an_empty_envelope) {
  std::vector<char> buf;
  caf::binary_serializer sink{*sys, buf};
  envelope empty;
  EXPECT_TRUE(sink(empty));
}
