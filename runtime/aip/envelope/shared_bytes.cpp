#include "aip/envelope/shared_bytes.hpp"

#include <cstring>
#include <new>

namespace aip {

namespace detail {

bytes_block* allocate_block(size_t capacity) {
  // Header and bytes in one allocation: one malloc per buffer, and the count
  // sits on the same cache line as the first bytes.
  if (capacity > SIZE_MAX - sizeof(bytes_block))
    throw std::bad_alloc{};
  static_assert(alignof(bytes_block) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__,
                "plain operator new must suffice for the block header");
  void* raw = ::operator new(sizeof(bytes_block) + capacity);
  auto* block = static_cast<bytes_block*>(raw);
  new (&block->refs) std::atomic<size_t>(1);
  block->capacity = capacity;
  return block;
}

void release_block(bytes_block* block) noexcept {
  // acq_rel: the thread that frees the block must see every write made
  // before the other owners let go (the bytes are immutable, but the last
  // owner may be a different thread than the writer).
  if (block->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    block->refs.~atomic();
    ::operator delete(block);
  }
}

} // namespace detail

shared_bytes shared_bytes::copy_of(const uint8_t* data, size_t size) {
  return make(size, [&](uint8_t* dst) {
    if (size > 0)
      std::memcpy(dst, data, size);
    return true;
  });
}

} // namespace aip
