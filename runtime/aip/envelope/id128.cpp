#include "aip/envelope/id128.hpp"

#include <array>
#include <chrono>
#include <random>

#include <sys/random.h>

namespace aip {

id128 id128::random() {
  // One generator per thread: no lock on the send path, and seeding from
  // random_device once per thread keeps ids apart across processes.
  // getrandom() rather than std::random_device: the latter is ~5 KB on the
  // stack, too much for the small fiber stacks workflows run on.
  thread_local std::mt19937_64 gen{[] {
    std::array<uint32_t, 8> seed{};
    if (getrandom(seed.data(), sizeof(seed), 0) != sizeof(seed))
      seed[0] = static_cast<uint32_t>(
        std::chrono::steady_clock::now().time_since_epoch().count());
    std::seed_seq seq(seed.begin(), seed.end());
    return std::mt19937_64{seq};
  }()};
  id128 result;
  do {
    result.hi = gen();
    result.lo = gen();
  } while (result.is_nil());
  return result;
}

std::string to_string(id128 x) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string result(32, '0');
  for (int i = 0; i < 16; ++i) {
    result[15 - i] = digits[(x.hi >> (4 * i)) & 0xF];
    result[31 - i] = digits[(x.lo >> (4 * i)) & 0xF];
  }
  return result;
}

std::optional<id128> parse_id128(std::string_view text) {
  if (text.size() != 32)
    return std::nullopt;
  id128 result;
  for (size_t i = 0; i < 32; ++i) {
    auto c = text[i];
    uint64_t nibble;
    if (c >= '0' && c <= '9')
      nibble = static_cast<uint64_t>(c - '0');
    else if (c >= 'a' && c <= 'f')
      nibble = static_cast<uint64_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      nibble = static_cast<uint64_t>(c - 'A' + 10);
    else
      return std::nullopt;
    auto& half = i < 16 ? result.hi : result.lo;
    half = (half << 4) | nibble;
  }
  return result;
}

} // namespace aip
