#include "vector/topk_merge.hpp"

#include <algorithm>

namespace aip::kernels::vector_detail {

void topk_list::prune() {
  if (count_ <= k_)
    return;
  // nth_element leaves the k-th best at k-1 with only better-or-equal
  // candidates before it: that one is the bar every later row must beat.
  std::nth_element(buf_, buf_ + (k_ - 1), buf_ + count_, better);
  count_ = k_;
  thr_ = buf_[k_ - 1].key;
  pruned_ = true;
}

uint32_t topk_capacity(size_t k) {
  return static_cast<uint32_t>(k + std::max<size_t>(k, 64));
}

void topk_block::init(size_t nq, size_t k) {
  const uint32_t cap = topk_capacity(k);
  storage_.resize(nq * cap);
  lists_.resize(nq);
  for (size_t q = 0; q < nq; ++q)
    lists_[q].init(storage_.data() + q * cap, static_cast<uint32_t>(k), cap);
}

size_t merge_lists(const std::vector<topk_block>& blocks, size_t q, size_t k,
                   std::vector<candidate>& scratch, candidate* out) {
  scratch.clear();
  for (const auto& b : blocks)
    scratch.insert(scratch.end(), b[q].data(), b[q].data() + b[q].size());
  const size_t got = std::min(k, scratch.size());
  if (got == 0)
    return 0;
  if (scratch.size() > got)
    std::nth_element(scratch.begin(), scratch.begin() + (got - 1),
                     scratch.end(), better);
  std::sort(scratch.begin(), scratch.begin() + got, better);
  std::copy(scratch.begin(), scratch.begin() + got, out);
  return got;
}

} // namespace aip::kernels::vector_detail
