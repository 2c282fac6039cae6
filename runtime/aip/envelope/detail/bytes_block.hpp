#pragma once
/// The single heap block behind a shared_bytes: a reference count followed by
/// the bytes. Internal to the envelope area (shared_bytes, envelope building,
/// deserialization); other code uses shared_bytes.

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace aip::detail {

/// Header at the start of each block; the bytes follow it, 16-byte aligned so
/// that every FlatBuffer scalar inside them is naturally aligned.
struct alignas(16) bytes_block {
  std::atomic<size_t> refs;
  size_t capacity;

  uint8_t* bytes() noexcept { return reinterpret_cast<uint8_t*>(this + 1); }

  /// The block whose bytes() is `p`.
  static bytes_block* of(uint8_t* p) noexcept {
    return reinterpret_cast<bytes_block*>(p) - 1;
  }
};

/// Allocates a block with `capacity` bytes and a reference count of 1.
/// Throws std::bad_alloc like operator new.
bytes_block* allocate_block(size_t capacity);

/// Drops one reference; frees the block when it was the last.
void release_block(bytes_block* block) noexcept;

/// Adds one reference.
inline void retain_block(bytes_block* block) noexcept {
  block->refs.fetch_add(1, std::memory_order_relaxed);
}

} // namespace aip::detail
