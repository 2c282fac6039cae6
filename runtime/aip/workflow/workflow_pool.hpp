#pragma once
/// `workflow_pool`: runs straight-line workflows as Boost.Fiber fibers on a
/// few worker threads of its own (not CAF's scheduler threads). A workflow
/// suspended in `await` costs its fiber's touched stack pages, no thread.
/// Owned by one component (a node, a test); `start`, `cancel` and `running`
/// are thread-safe and may be called from actors and from workflows.
///
///   workflow_pool pool{sys};                       // 2 threads, 16 KiB stacks
///   pool.start("fetch", [&](workflow& wf) {
///     auto r = wf.request(db, caf::make_message(key), 1s);
///     ...
///   }, [](const workflow_outcome& o) { if (!o.ok()) log(o.error); });
///
/// Destroy the pool before its `caf::actor_system` and never from one of its
/// own workflows (the destructor joins the worker threads).

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <caf/fwd.hpp>

#include "aip/workflow/deadline.hpp"
#include "aip/workflow/workflow.hpp"
#include "aip/workflow/workflow_error.hpp"

namespace aip {

/// 16 KiB; 64 KiB under AddressSanitizer, whose redzones make every frame
/// several times larger.
#if defined(__SANITIZE_ADDRESS__)
constexpr size_t default_stack_bytes = 64 * 1024;
#else
constexpr size_t default_stack_bytes = 16 * 1024;
#endif

struct workflow_pool_options {
  /// Worker threads; each runs its own fibers (no migration between them).
  size_t threads = 2;
  /// Stack of each fiber, fixed size, no guard page. 16 KiB holds the
  /// runtime's own frames (await, request, CAF spawn) with room to spare;
  /// bodies that recurse deeply or keep big arrays on the stack need more.
  /// Only touched pages are resident, so a larger value costs address
  /// space, not RSS.
  size_t stack_bytes = default_stack_bytes;
  /// Workflows started and not yet done; `start` beyond it is rejected.
  size_t max_workflows = 1'000'000;
};

/// What `on_done` receives, exactly once per `start`.
struct workflow_outcome {
  workflow_id id = 0;
  std::string name;
  /// Empty on success; else timeout, cancelled, failed (exception text),
  /// rejected, or the error of an escaping `result<T>::value()`.
  std::optional<workflow_error> error;

  bool ok() const noexcept {
    return !error.has_value();
  }
};

struct workflow_handle {
  /// 0 when the pool rejected the workflow (on_done has then already run).
  workflow_id id = 0;

  bool accepted() const noexcept {
    return id != 0;
  }
};

class workflow_pool {
public:
  using body_fn = std::function<void(workflow&)>;
  using done_fn = std::function<void(const workflow_outcome&)>;

  workflow_pool(caf::actor_system& sys, workflow_pool_options opts = {});

  /// Cancels every running workflow, waits for their bodies to return and
  /// their `on_done` to run, then joins the threads. A body that ignores
  /// cancellation while never awaiting keeps the destructor waiting.
  ~workflow_pool();

  workflow_pool(const workflow_pool&) = delete;
  workflow_pool& operator=(const workflow_pool&) = delete;

  /// Runs `body` on a new fiber. `on_done` runs once on the workflow's
  /// worker thread after the body returns (or on the caller's thread when
  /// rejected) and must not throw. Outcome: ok; failed (escaping exception,
  /// its what()); the error of an escaping `workflow_exception`; cancelled
  /// (cancel requested before the body returned); timeout (the workflow's
  /// `deadline` passed before the body returned); rejected.
  workflow_handle start(std::string name, body_fn body, done_fn on_done,
                        duration deadline = infinite);

  /// Asks workflow `id` to stop: its pending await returns cancelled and
  /// every later one returns cancelled at once. False when it is not
  /// running (unknown, or already done). Any thread.
  bool cancel(workflow_id id);

  /// Workflows started and not yet done (on_done not yet called).
  size_t running() const;

  const workflow_pool_options& options() const noexcept;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace aip
