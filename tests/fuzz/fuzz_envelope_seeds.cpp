// Writes the seed corpus for fuzz_envelope into the directory given as the
// only argument: valid envelopes of each shape and variants that each break
// one rule, so the fuzzer starts next to every branch of the verifier.

#include "aip/envelope/make_envelope.hpp"

#include "runtime/envelope/envelope_samples.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace {

bool write(const std::string& dir, const std::string& name,
           const aip::shared_bytes& bytes) {
  auto path = dir + "/" + name;
  auto* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr)
    return false;
  auto n = std::fwrite(bytes.data(), 1, bytes.size(), f);
  return std::fclose(f) == 0 && n == bytes.size();
}

template <class F>
aip::shared_bytes raw(F f) {
  aip::test::raw_envelope r;
  f(r);
  return aip::test::build_raw(r);
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  std::string dir = argv[1];
  using aip::test::raw_envelope;
  std::vector<uint8_t> payload(64, 0x42);
  auto full = aip::make_envelope(aip::test::sample_fields(payload));
  aip::envelope_fields minimal;
  minimal.to_topic = "orders.*.created";
  bool ok
      = write(dir, "full", full.bytes())
        && write(dir, "minimal_topic", aip::make_envelope(minimal).bytes())
        && write(dir, "raw_valid", raw([](raw_envelope&) {}))
        && write(dir, "no_message_id",
                 raw([](raw_envelope& r) { r.message_id = false; }))
        && write(dir, "no_payload_type",
                 raw([](raw_envelope& r) { r.payload_type = false; }))
        && write(dir, "no_recipient", raw([](raw_envelope& r) {
                   r.recipient_type = 0;
                   r.recipient = false;
                 }))
        && write(dir, "unknown_recipient",
                 raw([](raw_envelope& r) { r.recipient_type = 9; }))
        && write(dir, "no_topic", raw([](raw_envelope& r) { r.topic = false; }))
        && write(dir, "bad_priority",
                 raw([](raw_envelope& r) { r.priority = 5; }))
        && write(dir, "wrong_identifier",
                 raw([](raw_envelope& r) { r.identifier = "NOPE"; }));
  if (!ok) {
    std::perror("fuzz_envelope_seeds");
    return 1;
  }
  return 0;
}
