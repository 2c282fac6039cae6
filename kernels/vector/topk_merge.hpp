#pragma once
/// Internal to kernels/vector (CPU paths): per-query candidate lists with a
/// rejection threshold, and the merge of several lists into the final best-k.
/// Keys are "higher is better" (l2 is negated before it gets here); equal
/// keys rank by ascending id. One list is fed by one thread.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace aip::kernels::vector_detail {

struct candidate {
  float key;
  int64_t id;
};

inline bool better(const candidate& a, const candidate& b) {
  return a.key > b.key || (a.key == b.key && a.id < b.id);
}

/// The best k of the rows pushed so far, kept in a buffer of `cap` slots that
/// is cut back to k (nth_element) when it fills. REQUIRES: rows are pushed
/// in ascending id order, so a key equal to the threshold can be rejected.
class topk_list {
public:
  void init(candidate* buf, uint32_t k, uint32_t cap) {
    buf_ = buf;
    k_ = k;
    cap_ = cap;
    count_ = 0;
    pruned_ = false;
    thr_ = -std::numeric_limits<float>::infinity();
  }

  /// Until the first cut every non-NaN key is accepted; after it, only keys
  /// strictly above threshold().
  bool pruned() const { return pruned_; }
  float threshold() const { return thr_; }

  bool accepts(float key) const { return pruned_ ? key > thr_ : key == key; }

  void push(float key, int64_t id) {
    buf_[count_++] = candidate{key, id};
    if (count_ == cap_)
      prune();
  }

  /// Keeps the best k (unordered) and raises the threshold to the k-th.
  void prune();

  const candidate* data() const { return buf_; }
  uint32_t size() const { return count_; }

private:
  candidate* buf_ = nullptr;
  uint32_t k_ = 0;
  uint32_t cap_ = 0;
  uint32_t count_ = 0;
  bool pruned_ = false;
  float thr_ = 0;
};

/// One list per query for one worker, in one allocation.
class topk_block {
public:
  /// May throw std::bad_alloc (callers turn it into out_of_memory).
  void init(size_t nq, size_t k);

  topk_list& operator[](size_t q) { return lists_[q]; }
  const topk_list& operator[](size_t q) const { return lists_[q]; }

private:
  std::vector<candidate> storage_;
  std::vector<topk_list> lists_;
};

/// The buffer size used for a given k: room for k plus a batch of
/// candidates, so a cut happens at most once per max(k, 64) acceptances.
uint32_t topk_capacity(size_t k);

/// Merges query q's lists of `blocks` into out[0, got) best first (ties by
/// id) and returns got <= k. `scratch` is reused between calls.
size_t merge_lists(const std::vector<topk_block>& blocks, size_t q, size_t k,
                   std::vector<candidate>& scratch, candidate* out);

} // namespace aip::kernels::vector_detail
