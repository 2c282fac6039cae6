#pragma once
/// Fan-out benchmark: one message to N local receivers, each acknowledging;
/// AIP (one shared envelope) against raw CAF (a byte vector per receiver).
/// Shows that envelope fan-out time does not depend on the payload size.
/// Spawns its own actor systems; call from one thread (main) at a time.

#include <nlohmann/json.hpp>

#include <cstddef>

namespace aip::bench {

/// Returns {"scenario":"fanout_<N>_<SIZE>", "aip_us", "caf_us", "ratio"
/// (caf_us / aip_us, > 1 means AIP faster), "payload_bytes", "receivers",
/// ...details}. aip_us: median time from the first send of one envelope
/// until all N receivers have acknowledged it. caf_us: the same with a
/// std::vector<uint8_t> sent by value to each receiver (CAF copies it per
/// send). `threads` sets scheduler.max-threads (0 = hardware cores).
nlohmann::json run_fanout(size_t receivers, size_t payload_bytes,
                          size_t threads);

} // namespace aip::bench
