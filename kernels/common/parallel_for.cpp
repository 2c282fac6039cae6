#include "common/parallel_for.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace aip::kernels {

namespace {

// Workers are started on first use and parked on a condition variable
// between jobs: spawning threads per call would cost more than a small
// search. One job at a time; `owner_` decides who has the pool.
class pool {
public:
  explicit pool(unsigned size) : size_(size) {}

  ~pool() {
    {
      std::lock_guard<std::mutex> g{m_};
      stop_ = true;
    }
    start_.notify_all();
    for (auto& t : threads_)
      t.join();
  }

  unsigned size() const { return size_; }

  // False when another caller holds the pool (the caller then runs alone).
  bool run(size_t tasks, unsigned workers,
           const std::function<void(size_t, unsigned)>& fn) {
    std::unique_lock<std::mutex> own{owner_, std::try_to_lock};
    if (!own.owns_lock())
      return false;
    {
      std::lock_guard<std::mutex> g{m_};
      if (threads_.empty())
        for (unsigned i = 1; i < size_; ++i)
          threads_.emplace_back([this, i] { loop(i); });
      fn_ = &fn;
      tasks_ = tasks;
      next_.store(0, std::memory_order_relaxed);
      workers_ = workers;
      finished_ = 0;
      ++generation_;
    }
    start_.notify_all();
    drain(0);
    std::unique_lock<std::mutex> g{m_};
    done_.wait(g, [&] { return finished_ + 1 == workers_; });
    fn_ = nullptr;
    return true;
  }

private:
  void drain(unsigned worker) {
    for (size_t t; (t = next_.fetch_add(1, std::memory_order_relaxed)) < tasks_;)
      (*fn_)(t, worker);
  }

  void loop(unsigned id) {
    uint64_t seen = 0;
    std::unique_lock<std::mutex> g{m_};
    for (;;) {
      start_.wait(g, [&] { return stop_ || generation_ != seen; });
      if (stop_)
        return;
      seen = generation_;
      if (id >= workers_)
        continue;
      g.unlock();
      drain(id);
      g.lock();
      ++finished_;
      if (finished_ + 1 == workers_)
        done_.notify_one();
    }
  }

  const unsigned size_;
  std::mutex owner_;
  std::mutex m_;
  std::condition_variable start_;
  std::condition_variable done_;
  std::vector<std::thread> threads_;
  const std::function<void(size_t, unsigned)>* fn_ = nullptr;
  size_t tasks_ = 0;
  std::atomic<size_t> next_{0};
  unsigned workers_ = 0;
  unsigned finished_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
};

pool& the_pool() {
  static pool p{hardware_threads()};
  return p;
}

} // namespace

unsigned hardware_threads() {
  static const unsigned n = std::max(1u, std::thread::hardware_concurrency());
  return n;
}

unsigned parallel_workers(unsigned threads, size_t tasks) {
  unsigned w = threads == 0 ? hardware_threads()
                            : std::min(threads, hardware_threads());
  if (tasks < w)
    w = static_cast<unsigned>(std::max<size_t>(tasks, 1));
  return w;
}

void parallel_for(size_t tasks, unsigned threads,
                  const std::function<void(size_t, unsigned)>& fn) {
  const unsigned w = parallel_workers(threads, tasks);
  if (w > 1 && the_pool().run(tasks, w, fn))
    return;
  for (size_t t = 0; t < tasks; ++t)
    fn(t, 0);
}

} // namespace aip::kernels
