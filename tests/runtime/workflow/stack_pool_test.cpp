// The fiber stack pool: page-aligned, whole pages, reused LIFO, and usable
// memory across the whole stack.
#include <cstdint>
#include <cstring>
#include <set>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "aip/workflow/detail/stack_pool.hpp"

namespace aip::test {
namespace {

TEST(stack_pool, stacks_are_page_aligned_whole_pages_and_reused) {
  auto ps = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  detail::stack_pool pool{10'000};
  EXPECT_EQ(pool.stack_bytes() % ps, 0u);
  EXPECT_GE(pool.stack_bytes(), 10'000u);
  std::vector<boost::context::stack_context> all;
  std::set<void*> tops;
  for (int i = 0; i < 200; ++i) { // spans several slabs
    auto sctx = pool.allocate();
    EXPECT_EQ(reinterpret_cast<uintptr_t>(sctx.sp) % ps, 0u);
    EXPECT_EQ(sctx.size, pool.stack_bytes());
    // The whole stack is writable.
    std::memset(static_cast<char*>(sctx.sp) - sctx.size, 0xab, sctx.size);
    EXPECT_TRUE(tops.insert(sctx.sp).second) << "handed out twice";
    all.push_back(sctx);
  }
  auto last = all.back();
  pool.deallocate(all.back());
  all.pop_back();
  EXPECT_EQ(pool.allocate().sp, last.sp); // LIFO: the hot one comes back
  for (auto& sctx : all)
    pool.deallocate(sctx);
}

} // namespace
} // namespace aip::test
