#include "aip/envelope/id128.hpp"

#include <random>

namespace aip {

id128 id128::random() {
  // One generator per thread: no lock on the send path, and seeding from
  // random_device once per thread keeps ids apart across processes.
  thread_local std::mt19937_64 gen{[] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
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
