#pragma once
/// A small persistent thread pool for the CPU kernels: `parallel_for` runs
/// fn(task, worker) for every task in [0, tasks) on up to `threads` threads
/// (the caller is worker 0). Tasks are handed out in increasing order, so
/// each worker sees its tasks in ascending index order. Callable from any
/// thread; a call made while another is running runs on the caller alone.
///
///   parallel_for(chunks, 0, [&](size_t c, unsigned w) { scan(c, state[w]); });

#include <cstddef>
#include <functional>

namespace aip::kernels {

/// Hardware threads of this machine (at least 1).
unsigned hardware_threads();

/// The worker count a call with `threads` (0 = all cores) and `tasks` tasks
/// uses: workers passed to fn are in [0, that count).
unsigned parallel_workers(unsigned threads, size_t tasks);

/// Runs fn for every task and returns when all are done. fn must not throw.
void parallel_for(size_t tasks, unsigned threads,
                  const std::function<void(size_t task, unsigned worker)>& fn);

} // namespace aip::kernels
