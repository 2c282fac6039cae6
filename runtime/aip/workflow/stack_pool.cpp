#include "aip/workflow/detail/stack_pool.hpp"

#include <algorithm>
#include <new>

#include <sys/mman.h>
#include <unistd.h>

namespace aip::detail {

namespace {

// Freed stacks kept resident for reuse; beyond that, a freed stack's pages
// go back to the OS so a burst of 100k workflows does not pin its RSS.
constexpr size_t hot_stacks = 1024;

// Stacks per mapping: few mappings for 100k stacks (the kernel merges
// adjacent ones anyway), little waste for a small pool.
constexpr size_t stacks_per_slab = 64;

size_t page_size() {
  static const size_t ps = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return ps;
}

} // namespace

stack_pool::stack_pool(size_t stack_bytes) {
  auto ps = page_size();
  size_ = (std::max(stack_bytes, ps) + ps - 1) / ps * ps;
  slab_bytes_ = size_ * stacks_per_slab;
}

stack_pool::~stack_pool() {
  for (auto* slab : slabs_)
    munmap(slab, slab_bytes_);
}

boost::context::stack_context stack_pool::allocate() {
  if (free_.empty()) {
    void* slab = mmap(nullptr, slab_bytes_, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (slab == MAP_FAILED)
      throw std::bad_alloc{};
    slabs_.push_back(slab);
    free_.reserve(free_.size() + stacks_per_slab);
    // Highest first so that allocation walks the slab upwards.
    for (size_t i = stacks_per_slab; i > 0; --i)
      free_.push_back(static_cast<char*>(slab) + (i - 1) * size_);
  }
  void* bottom = free_.back();
  free_.pop_back();
  boost::context::stack_context sctx;
  sctx.size = size_;
  sctx.sp = static_cast<char*>(bottom) + size_;
  return sctx;
}

void stack_pool::deallocate(boost::context::stack_context& sctx) noexcept {
  void* bottom = static_cast<char*>(sctx.sp) - sctx.size;
  if (free_.size() >= hot_stacks)
    madvise(bottom, sctx.size, MADV_DONTNEED);
  free_.push_back(bottom);
}

} // namespace aip::detail
