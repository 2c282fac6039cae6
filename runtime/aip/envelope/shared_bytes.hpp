#pragma once
/// An immutable, reference-counted byte buffer: one heap block holds the count
/// and the bytes. Copies share the block (no byte is copied), so a shared_bytes
/// may be handed to any number of actors and threads; the bytes never change
/// after construction. Copying, moving and destroying are thread-safe.

#include "aip/envelope/byte_span.hpp"
#include "aip/envelope/detail/bytes_block.hpp"

#include <cstddef>
#include <cstdint>
#include <utility>

namespace aip {

class shared_bytes {
public:
  shared_bytes() noexcept = default;

  shared_bytes(const shared_bytes& other) noexcept
      : block_(other.block_), data_(other.data_), size_(other.size_) {
    if (block_ != nullptr)
      detail::retain_block(block_);
  }

  shared_bytes(shared_bytes&& other) noexcept
      : block_(std::exchange(other.block_, nullptr)),
        data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)) {}

  shared_bytes& operator=(shared_bytes other) noexcept {
    swap(other);
    return *this;
  }

  ~shared_bytes() {
    if (block_ != nullptr)
      detail::release_block(block_);
  }

  /// Copies `size` bytes from `data` into a new block (the one copy made when
  /// bytes enter the process from outside).
  static shared_bytes copy_of(const uint8_t* data, size_t size);

  /// Allocates `size` bytes and lets `fill(uint8_t* dst)` write them once,
  /// before anyone else can see them; `fill` returns false to give up, and
  /// then the result is empty. Avoids a temporary when reading from a stream.
  template <class Fill>
  static shared_bytes make(size_t size, Fill&& fill) {
    auto* block = detail::allocate_block(size);
    shared_bytes result{block, block->bytes(), size};
    if (!fill(block->bytes()))
      return shared_bytes{};
    return result;
  }

  /// Takes over one reference to `block`; `data`/`size` must lie inside it.
  /// Used by the envelope builder to adopt a finished FlatBuffer in place.
  static shared_bytes adopt(detail::bytes_block* block, const uint8_t* data,
                            size_t size) noexcept {
    return shared_bytes{block, data, size};
  }

  const uint8_t* data() const noexcept { return data_; }

  size_t size() const noexcept { return size_; }

  bool empty() const noexcept { return size_ == 0; }

  byte_span span() const noexcept { return {data_, size_}; }

  /// Number of shared_bytes sharing this block (0 when empty); a snapshot,
  /// exact only when no other thread copies or drops one concurrently.
  size_t use_count() const noexcept {
    return block_ != nullptr ? block_->refs.load(std::memory_order_relaxed) : 0;
  }

  void swap(shared_bytes& other) noexcept {
    std::swap(block_, other.block_);
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
  }

private:
  shared_bytes(detail::bytes_block* block, const uint8_t* data,
               size_t size) noexcept
      : block_(block), data_(data), size_(size) {}

  detail::bytes_block* block_ = nullptr;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

} // namespace aip
