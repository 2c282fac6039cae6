#pragma once
/// `completion<T>`: the callback `workflow::await` hands to its `start`
/// function. Copyable; callable from ANY thread (a CAF actor's, a timer's);
/// only the first call counts, later ones (and calls after the await timed
/// out or was cancelled) are dropped safely.
///
///   wf.await<int>([&](completion<int> done) {
///     caf::anon_send(worker, job, /* worker calls */ done);
///   }, 2s);

#include <memory>
#include <utility>

#include "aip/workflow/detail/await_core.hpp"
#include "aip/workflow/workflow_error.hpp"

namespace aip {

template <class T>
class completion {
public:
  explicit completion(std::shared_ptr<detail::await_slot<T>> slot)
    : slot_(std::move(slot)) {
  }

  /// Completes the await with `value`. Returns false when it had already
  /// been completed (or had timed out / been cancelled).
  bool operator()(T value) const {
    if (!slot_->claim())
      return false;
    slot_->value.emplace(std::move(value));
    slot_->publish();
    return true;
  }

  /// Completes the await with an error instead of a value.
  bool fail(workflow_error err) const {
    return slot_->fail(std::move(err));
  }

private:
  std::shared_ptr<detail::await_slot<T>> slot_;
};

} // namespace aip
