#pragma once
/// A non-owning view of contiguous bytes (C++17 has no std::span). The viewed
/// memory belongs to someone else, usually a shared_bytes the caller holds;
/// the view is valid only while that owner lives.

#include <cstddef>
#include <cstdint>

namespace aip {

struct byte_span {
  const uint8_t* data = nullptr;
  size_t size = 0;

  const uint8_t* begin() const noexcept { return data; }

  const uint8_t* end() const noexcept { return data + size; }

  bool empty() const noexcept { return size == 0; }
};

} // namespace aip
