#include "aip/actors/inference/batcher.hpp"

#include <algorithm>

namespace aip {

namespace {

bool expired_at(int64_t deadline_ns, int64_t now_ns) {
  return deadline_ns != 0 && deadline_ns <= now_ns;
}

} // namespace

bool batcher::push(uint64_t ticket, size_t tokens, int64_t deadline_ns,
                   int64_t now_ns) {
  if (queue_.size() >= limits_.max_queue)
    return false;
  tokens = std::max<size_t>(tokens, 1);
  queue_.push_back(entry{ticket, tokens, deadline_ns, now_ns});
  tokens_ += tokens;
  return true;
}

bool batcher::ready(int64_t now_ns) const {
  if (queue_.empty())
    return false;
  return queue_.size() >= limits_.max_batch || tokens_ >= limits_.token_budget
         || now_ns >= *due_at();
}

std::optional<int64_t> batcher::due_at() const {
  if (queue_.empty())
    return std::nullopt;
  return queue_.front().arrived_ns + limits_.max_delay.count();
}

void batcher::take(int64_t now_ns, std::vector<uint64_t>& batch,
                   std::vector<uint64_t>& expired) {
  size_t tokens = 0;
  while (!queue_.empty() && batch.size() < limits_.max_batch) {
    auto& e = queue_.front();
    if (expired_at(e.deadline_ns, now_ns)) {
      expired.push_back(e.ticket);
    } else {
      if (!batch.empty() && tokens + e.tokens > limits_.token_budget)
        break;
      tokens += e.tokens;
      batch.push_back(e.ticket);
    }
    tokens_ -= e.tokens;
    queue_.pop_front();
  }
}

void batcher::drop_expired(int64_t now_ns, std::vector<uint64_t>& expired) {
  auto keep = std::stable_partition(queue_.begin(), queue_.end(),
                                    [&](const entry& e) {
                                      return !expired_at(e.deadline_ns, now_ns);
                                    });
  for (auto i = keep; i != queue_.end(); ++i) {
    expired.push_back(i->ticket);
    tokens_ -= i->tokens;
  }
  queue_.erase(keep, queue_.end());
}

void batcher::record_service(duration took) {
  // An exponential moving average: recent batches matter most.
  const double x = static_cast<double>(took.count());
  mean_service_ns_ = mean_service_ns_ == 0 ? x : 0.8 * mean_service_ns_ + 0.2 * x;
}

duration batcher::retry_after() const {
  const double batches_ahead
    = static_cast<double>((queue_.size() + limits_.max_batch - 1)
                          / limits_.max_batch);
  auto est = duration{static_cast<int64_t>(batches_ahead * mean_service_ns_)};
  return std::max(est, limits_.max_delay);
}

} // namespace aip
