#include "aip/agents/agent_record.hpp"

#include <algorithm>

namespace aip {

namespace {

// FNV-1a over the bytes, then a splitmix64 finaliser so that paths differing
// in one character spread over all bits (shard choice uses the low ones).
uint64_t hash64(std::string_view a, std::string_view b, uint64_t seed) {
  uint64_t h = 14695981039346656037ULL ^ seed;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
  };
  mix(a);
  h ^= 0x2f; // separator: ("ab","c") and ("a","bc") differ
  h *= 1099511628211ULL;
  mix(b);
  h += 0x9e3779b97f4a7c15ULL;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

} // namespace

id128 agent_id_for(std::string_view node, std::string_view path) {
  id128 id{hash64(node, path, 0x61697069642d6869ULL),
           hash64(node, path, 0x61697069642d6c6fULL)};
  if (id.is_nil())
    id.lo = 1; // nil means "none" in envelopes
  return id;
}

duration agent_record::retry_after() const noexcept {
  auto waiting = std::max<uint64_t>(in_flight(), 1);
  auto ns = waiting * service_ns_.load(std::memory_order_relaxed);
  return std::clamp(duration{static_cast<duration::rep>(ns)},
                    duration{std::chrono::milliseconds{1}},
                    duration{std::chrono::seconds{1}});
}

} // namespace aip
