#pragma once
/// A 128-bit identifier (message, correlation, causation and agent ids) as the
/// envelope carries it: two 64-bit halves. A plain value; zero means "none".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aip {

struct id128 {
  uint64_t hi = 0;
  uint64_t lo = 0;

  bool is_nil() const noexcept { return hi == 0 && lo == 0; }

  /// A fresh random, non-nil id (per-thread generator seeded from
  /// std::random_device; unique in practice, not cryptographic).
  static id128 random();

  friend bool operator==(id128 a, id128 b) noexcept {
    return a.hi == b.hi && a.lo == b.lo;
  }

  friend bool operator!=(id128 a, id128 b) noexcept { return !(a == b); }

  friend bool operator<(id128 a, id128 b) noexcept {
    return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
  }
};

/// 32 lowercase hex digits, `hi` first, e.g.
/// `0123456789abcdef0011223344556677`.
std::string to_string(id128 x);

/// Parses exactly 32 hex digits (either case); nullopt otherwise.
std::optional<id128> parse_id128(std::string_view text);

} // namespace aip
