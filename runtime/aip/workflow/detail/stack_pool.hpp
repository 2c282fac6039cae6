#pragma once
/// Internal to workflow_pool: fiber stacks cut from large anonymous mappings
/// (slabs), page-aligned, reused LIFO. One per worker thread and used only
/// by it (a fiber allocates and frees its stack on its own worker). Page
/// alignment matters: a fiber's context record and first frames sit at the
/// top of its stack, so a shallow suspended fiber touches one page, where a
/// malloc'd stack straddles two. No guard pages (see workflow_pool.cpp).

#include <cstddef>
#include <vector>

#include <boost/context/stack_context.hpp>

namespace aip::detail {

class stack_pool {
public:
  /// Stacks of `stack_bytes` rounded up to whole pages.
  explicit stack_pool(size_t stack_bytes);
  ~stack_pool();

  stack_pool(const stack_pool&) = delete;
  stack_pool& operator=(const stack_pool&) = delete;

  boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& sctx) noexcept;

  size_t stack_bytes() const noexcept {
    return size_;
  }

private:
  size_t size_;
  std::vector<void*> free_;            // bottoms of free stacks
  std::vector<void*> slabs_;           // mappings of slab_bytes_ each
  size_t slab_bytes_;
};

/// The StackAllocator Boost.Fiber copies into each fiber: a pointer.
struct stack_pool_ref {
  stack_pool* pool;

  boost::context::stack_context allocate() {
    return pool->allocate();
  }

  void deallocate(boost::context::stack_context& sctx) noexcept {
    pool->deallocate(sctx);
  }
};

} // namespace aip::detail
