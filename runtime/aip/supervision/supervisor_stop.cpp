// Stopping children: one at a time in the given (reverse) order, each per its
// shutdown policy (brutal_kill, a timeout then kill, or infinity); dynamic
// children all at once. Also the supervisor's own orderly shutdown.
#include <caf/event_based_actor.hpp>

#include "aip/core/errors.hpp"
#include "aip/supervision/messages.hpp"
#include "aip/supervision/supervisor_actor.hpp"

namespace aip::detail {

void supervisor_actor::stop_sequence(std::vector<size_t> order,
                                     bool all_at_once,
                                     std::function<void()> done) {
  stop_.order = std::move(order);
  stop_.pos = 0;
  stop_.all_at_once = all_at_once;
  stop_.waiting.clear();
  stop_.done = std::move(done);
  stop_.active = true;
  stop_next();
}

void supervisor_actor::request_stop(size_t i) {
  auto& s = slots_[i];
  auto policy = s.spec->effective_shutdown();
  stop_.waiting.emplace(s.handle.id(), stop_.step.size());
  stop_.step.push_back(i);
  if (policy.kind == shutdown_policy::brutal_kill) {
    send_exit(s.handle, caf::exit_reason::kill);
    return;
  }
  send_exit(s.handle, stop_reason_);
}

void supervisor_actor::stop_next() {
  ++stop_.gen;
  stop_.step.clear();
  stop_.step_reasons.clear();
  // The longest timeout of this step decides when stragglers are killed.
  duration timeout{0};
  bool any_timeout = false;
  auto add = [&](size_t i) {
    auto policy = slots_[i].spec->effective_shutdown();
    request_stop(i);
    if (policy.kind == shutdown_policy::timeout) {
      any_timeout = true;
      timeout = std::max(timeout, policy.time);
    }
  };
  auto& order = stop_.order;
  auto running = [this](size_t i) { return static_cast<bool>(slots_[i].handle); };
  if (stop_.all_at_once) {
    for (; stop_.pos < order.size(); ++stop_.pos)
      if (running(order[stop_.pos]))
        add(order[stop_.pos]);
  } else {
    while (stop_.pos < order.size() && !running(order[stop_.pos]))
      ++stop_.pos;
    // One child that handles its own stop, or a run of children that do
    // not (see agent_type::traps_exit): either way OTP order is kept.
    if (stop_.pos < order.size() && stops_alone(order[stop_.pos])) {
      add(order[stop_.pos++]);
    } else {
      for (; stop_.pos < order.size(); ++stop_.pos) {
        auto i = order[stop_.pos];
        if (!running(i))
          continue;
        if (stops_alone(i))
          break;
        add(i);
      }
    }
  }
  stop_.step_reasons.resize(stop_.step.size());
  if (stop_.waiting.empty()) {
    stop_.active = false;
    auto done = std::move(stop_.done);
    stop_.done = nullptr;
    if (done)
      done();
    // Exits that arrived while we were busy, oldest first.
    while (!stop_.active && !deferred_.empty() && !shutting_down_) {
      auto [id, reason] = std::move(deferred_.front());
      deferred_.pop_front();
      on_child_down(id, reason);
    }
    return;
  }
  if (any_timeout)
    delayed_send(this, timeout, stop_timeout_atom::value, stop_.gen);
}

void supervisor_actor::finish_step() {
  if (ctx_.events->enabled())
    for (size_t k = 0; k < stop_.step.size(); ++k) {
      auto& s = slots_[stop_.step[k]];
      // A supervisor child reports its own shutdown (after its children's).
      if (!s.spec->is_supervisor())
        emit("shutdown", s, stop_.step_reasons[k]);
    }
  stop_next();
}

void supervisor_actor::on_stop_timeout(uint64_t gen) {
  if (!stop_.active || gen != stop_.gen)
    return; // a stale timer from an earlier step
  for (auto& [id, k] : stop_.waiting) {
    auto& s = slots_[stop_.step[k]];
    if (s.handle) {
      emit("shutdown", s, "shutdown timeout "
                            + to_string(s.spec->effective_shutdown().time)
                            + " passed; killing");
      send_exit(s.handle, caf::exit_reason::kill);
    }
  }
}

void supervisor_actor::shutdown(caf::error reason) {
  if (shutting_down_ && stop_.active)
    return;
  shutting_down_ = true;
  std::vector<size_t> order;
  for (size_t i = slots_.size(); i-- > 0;)
    if (slots_[i].handle)
      order.push_back(i);
  auto finish = [this, reason] {
    if (escalating_)
      emit_self("escalated", describe_exit(reason));
    else
      emit_self("shutdown", describe_exit(reason));
    quit(reason);
  };
  // A stop already in flight (e.g. a one_for_all restart) is superseded: its
  // continuation must not restart anything now.
  stop_.active = false;
  stop_.waiting.clear();
  deferred_.clear();
  stop_sequence(std::move(order), is_dynamic(), std::move(finish));
}

void supervisor_actor::on_exit() {
  // Whatever ended this supervisor (even an untrappable kill), its children
  // must not outlive it: an orderly shutdown has already stopped them, so
  // this only catches the abrupt cases.
  for (auto& s : slots_)
    if (s.handle)
      send_exit(s.handle, caf::exit_reason::kill);
  slots_.clear();
  running_.clear();
}

} // namespace aip::detail
