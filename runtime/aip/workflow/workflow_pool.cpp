#include "aip/workflow/workflow_pool.hpp"

#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/context/detail/exception.hpp>
#include <boost/fiber/algo/round_robin.hpp>
#include <boost/fiber/condition_variable.hpp>
#include <boost/fiber/fiber.hpp>
#include <boost/fiber/operations.hpp>

#include "aip/workflow/detail/stack_pool.hpp"
#include "aip/workflow/detail/workflow_access.hpp"

namespace aip {

namespace {

struct job {
  std::shared_ptr<workflow> wf;
  workflow_pool::body_fn body;
  workflow_pool::done_fn on_done;
};

// One worker thread. Each runs Boost.Fiber's round_robin scheduler over its
// own fibers; a workflow stays on the thread it was started on. Boost 1.74's
// shared_work and work_stealing keep process-wide state (one static ready
// queue; a scheduler table initialised once), so two pools in one process
// would trade fibers between their threads.
struct worker {
  explicit worker(size_t stack_bytes) : stacks(stack_bytes) {
  }

  // Outlives the thread: Boost.Fiber frees the last stacks in the thread's
  // scheduler destructor, after run_worker returned.
  detail::stack_pool stacks;
  std::mutex mtx; // guards inbox and stopping
  boost::fibers::condition_variable_any wake;
  std::vector<job> inbox;
  bool stopping = false;
  // Fibers alive on this thread; touched only by this thread's fibers.
  size_t live = 0;
  std::mutex live_mtx;
  boost::fibers::condition_variable_any idle;
  std::thread thread;
};

} // namespace

struct workflow_pool::impl {
  impl(caf::actor_system& sys, workflow_pool_options opts)
    : sys(sys), opts(opts) {
  }

  void run_worker(worker& w);
  void run_job(worker& w, job& j);
  void forget(workflow_id id);

  caf::actor_system& sys;
  workflow_pool_options opts;
  std::vector<std::unique_ptr<worker>> workers;
  std::atomic<size_t> next_worker{0};
  std::atomic<workflow_id> next_id{1};
  mutable std::mutex reg_mtx; // guards registry and stopping
  std::unordered_map<workflow_id, std::shared_ptr<workflow>> registry;
  bool stopping = false;
};

void workflow_pool::impl::run_worker(worker& w) {
  boost::fibers::use_scheduling_algorithm<boost::fibers::algo::round_robin>();
  // Fixed-size stacks without guard pages: 100k guard pages would need 200k
  // mappings (vm.max_map_count is 65530 by default). Only the pages a fiber
  // touches become resident.
  detail::stack_pool_ref stacks{&w.stacks};
  std::vector<job> batch;
  std::unique_lock<std::mutex> guard{w.mtx};
  for (;;) {
    w.wake.wait(guard, [&w] { return !w.inbox.empty() || w.stopping; });
    batch.swap(w.inbox);
    guard.unlock();
    for (auto& j : batch) {
      ++w.live;
      boost::fibers::fiber{std::allocator_arg, stacks,
                           [this, &w, j = std::move(j)]() mutable {
                             run_job(w, j);
                           }}
        .detach();
    }
    batch.clear();
    guard.lock();
    if (w.stopping && w.inbox.empty())
      break;
  }
  guard.unlock();
  std::unique_lock<std::mutex> live_guard{w.live_mtx};
  w.idle.wait(live_guard, [&w] { return w.live == 0; });
}

void workflow_pool::impl::run_job(worker& w, job& j) {
  auto& wf = *j.wf;
  std::optional<workflow_error> err;
  if (wf.cancelled()) {
    err = workflow_error{workflow_errc::cancelled, "cancelled before start"};
  } else {
    try {
      j.body(wf);
    } catch (const boost::context::detail::forced_unwind&) {
      throw; // Boost.Context unwinding a fiber: not the body's failure
    } catch (const workflow_exception& e) {
      err = e.error();
    } catch (const std::exception& e) {
      err = workflow_error{workflow_errc::failed, e.what()};
    } catch (...) {
      err = workflow_error{workflow_errc::failed, "unknown exception"};
    }
  }
  if (!err) {
    if (wf.cancelled())
      err = workflow_error{workflow_errc::cancelled, "workflow cancelled"};
    else if (deadline_clock::now() >= wf.deadline())
      err = workflow_error{workflow_errc::timeout, "workflow deadline passed"};
  }
  workflow_outcome out{wf.id(), wf.name(), std::move(err)};
  j.body = nullptr; // release the body's captures before reporting
  forget(wf.id());
  if (j.on_done)
    j.on_done(out);
  j = job{};
  std::lock_guard<std::mutex> live_guard{w.live_mtx};
  if (--w.live == 0)
    w.idle.notify_all();
}

void workflow_pool::impl::forget(workflow_id id) {
  std::lock_guard<std::mutex> guard{reg_mtx};
  registry.erase(id);
}

workflow_pool::workflow_pool(caf::actor_system& sys,
                             workflow_pool_options opts)
  : impl_(std::make_unique<impl>(sys, opts)) {
  if (impl_->opts.threads == 0)
    impl_->opts.threads = 1;
  for (size_t i = 0; i < impl_->opts.threads; ++i)
    impl_->workers.push_back(std::make_unique<worker>(impl_->opts.stack_bytes));
  for (auto& w : impl_->workers) {
    auto* wp = w.get();
    w->thread = std::thread{[this, wp] { impl_->run_worker(*wp); }};
  }
}

workflow_pool::~workflow_pool() {
  std::vector<std::shared_ptr<workflow>> live;
  {
    std::lock_guard<std::mutex> guard{impl_->reg_mtx};
    impl_->stopping = true;
    live.reserve(impl_->registry.size());
    for (auto& kvp : impl_->registry)
      live.push_back(kvp.second);
  }
  for (auto& wf : live)
    detail::workflow_access::cancel(*wf);
  live.clear();
  for (auto& w : impl_->workers) {
    {
      std::lock_guard<std::mutex> guard{w->mtx};
      w->stopping = true;
    }
    w->wake.notify_all();
  }
  for (auto& w : impl_->workers)
    w->thread.join();
}

workflow_handle workflow_pool::start(std::string name, body_fn body,
                                     done_fn on_done, duration deadline) {
  auto& p = *impl_;
  auto id = p.next_id.fetch_add(1, std::memory_order_relaxed);
  auto reject = [&](std::string why) {
    if (on_done)
      on_done(workflow_outcome{
        id, std::move(name), workflow_error{workflow_errc::rejected,
                                            std::move(why)}});
    return workflow_handle{};
  };
  auto wf = detail::workflow_access::make(id, name, deadline_after(deadline),
                                          p.sys);
  {
    std::lock_guard<std::mutex> guard{p.reg_mtx};
    if (p.stopping)
      return reject("pool stopping");
    if (p.registry.size() >= p.opts.max_workflows)
      return reject("max_workflows reached");
    p.registry.emplace(id, wf);
  }
  auto idx = p.next_worker.fetch_add(1, std::memory_order_relaxed);
  auto& w = *p.workers[idx % p.workers.size()];
  bool first = false;
  {
    std::unique_lock<std::mutex> guard{w.mtx};
    // Only a workflow starting another one during the pool's destruction
    // gets here after its target worker stopped.
    if (w.stopping) {
      guard.unlock();
      p.forget(id);
      return reject("pool stopping");
    }
    first = w.inbox.empty();
    w.inbox.push_back(job{std::move(wf), std::move(body), std::move(on_done)});
  }
  // The worker empties the inbox in one go: only the push that made it
  // non-empty needs to wake it (saves a futex wake per start in a burst).
  if (first)
    w.wake.notify_one();
  return workflow_handle{id};
}

bool workflow_pool::cancel(workflow_id id) {
  std::shared_ptr<workflow> wf;
  {
    std::lock_guard<std::mutex> guard{impl_->reg_mtx};
    auto i = impl_->registry.find(id);
    if (i == impl_->registry.end())
      return false;
    wf = i->second;
  }
  detail::workflow_access::cancel(*wf);
  return true;
}

size_t workflow_pool::running() const {
  std::lock_guard<std::mutex> guard{impl_->reg_mtx};
  return impl_->registry.size();
}

const workflow_pool_options& workflow_pool::options() const noexcept {
  return impl_->opts;
}

} // namespace aip
