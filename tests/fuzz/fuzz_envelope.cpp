// libFuzzer entry for envelope ingress: verify_envelope must accept or reject
// any byte string without crashing, and its verdicts must hold together.

#include "aip/envelope/verify_envelope.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

// A failed invariant is a finding: abort so libFuzzer saves the input.
void require(bool ok) {
  if (!ok)
    std::abort();
}

void read_everything(const aip::envelope& e) {
  // Touch every accessor so ASan sees each read an accepted buffer allows.
  volatile size_t sink = 0;
  sink += e.message_id().lo + e.correlation_id().hi + e.causation_id().lo;
  sink += e.sender().path.size() + e.sender().id.hi;
  sink += static_cast<size_t>(e.recipient());
  sink += e.recipient_agent().path.size() + e.recipient_topic().size();
  sink += static_cast<size_t>(e.priority()) + e.deadline_ns();
  sink += e.trace_flags() + e.payload_type().size();
  auto payload = e.payload();
  for (auto b : payload)
    sink += b;
  sink += to_string(e).size();
  (void)sink;
  require(e.recipient() != aip::recipient_kind::none);
  require(payload.empty() || !e.payload_type().empty());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto result = aip::verify_envelope(data, size);
  if (result) {
    read_everything(result.value());
  } else {
    auto& msg = result.error().message;
    require(msg.rfind("envelope ", 0) == 0);
    require(msg.find(" rejected: ") != std::string::npos);
  }
  // The misaligned path (copy, then check) must reach the same verdict.
  if (size > 0) {
    std::string shifted(size + 1, '\0');
    shifted.replace(1, size, reinterpret_cast<const char*>(data), size);
    auto again = aip::check_envelope(
        reinterpret_cast<const uint8_t*>(shifted.data()) + 1, size);
    require(again.has_value() != result.ok());
    if (again)
      require(again->message == result.error().message);
  }
  return 0;
}
