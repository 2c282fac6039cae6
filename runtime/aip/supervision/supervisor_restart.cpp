// Child exits and what follows: OTP restart types, strategies, intensity
// (give up + escalate), auto_shutdown on significant children.
#include <caf/event_based_actor.hpp>

#include "aip/core/errors.hpp"
#include "aip/supervision/messages.hpp"
#include "aip/supervision/supervisor_actor.hpp"

namespace aip::detail {

void supervisor_actor::on_down(caf::down_msg& dm) {
  auto id = dm.source.id();
  if (stop_.active) {
    auto w = stop_.waiting.find(id);
    if (w != stop_.waiting.end()) {
      auto k = w->second;
      stop_.waiting.erase(w);
      auto& s = slots_[stop_.step[k]];
      running_.erase(id);
      s.handle = nullptr;
      if (ctx_.events->enabled())
        stop_.step_reasons[k] = describe_exit(dm.reason);
      if (stop_.waiting.empty())
        finish_step();
      return;
    }
    // Another child ended while we stop siblings: handle it afterwards, as
    // OTP's synchronous terminate loop would.
    if (running_.count(id) != 0)
      deferred_.emplace_back(id, dm.reason);
    return;
  }
  if (shutting_down_)
    return;
  on_child_down(id, dm.reason);
}

void supervisor_actor::on_child_down(caf::actor_id id, const caf::error& reason) {
  auto i = find_running(id);
  if (i == npos)
    return; // a child we already forgot (e.g. a failed start)
  running_.erase(id);
  slots_[i].handle = nullptr;
  handle_child_exit(i, reason);
}

void supervisor_actor::on_exit_msg(caf::exit_msg& em) {
  // Only a request to stop (from the parent or the node) reaches here:
  // children are monitored, not linked.
  if (classify_exit(em.reason) == exit_kind::normal || shutting_down_)
    return;
  shutdown(em.reason);
}

void supervisor_actor::handle_child_exit(size_t i, const caf::error& reason) {
  auto& s = slots_[i];
  auto kind = classify_exit(reason);
  auto text = describe_exit(reason);
  if (s.health_killed) {
    kind = exit_kind::abnormal;
    text = "health check failed";
  } else if (kind == exit_kind::shutdown && s.spec->is_supervisor()) {
    // A supervisor child that shut down on its own gave up: escalation is a
    // failure of this child, whatever its restart type.
    kind = exit_kind::abnormal;
    text = "escalated: " + text;
  }
  emit(kind == exit_kind::abnormal ? "crashed" : "exited", s, text);
  bool restart = false;
  switch (s.spec->restart) {
    case restart_type::permanent:
      restart = true;
      break;
    case restart_type::transient:
      restart = kind == exit_kind::abnormal;
      break;
    case restart_type::temporary:
      restart = false;
      break;
  }
  if (!restart) {
    bool significant = s.spec->significant;
    retire(i);
    if (significant)
      check_auto_shutdown(i);
    return;
  }
  last_failure_ = child_path(s) + " " + text;
  restart_after_failure(i);
}

void supervisor_actor::restart_after_failure(size_t i) {
  if (!intensity_.add_restart(clock().now())) {
    give_up(std::to_string(intensity_.intensity() + 1) + " restarts within "
            + to_string(intensity_.period()) + " (intensity "
            + std::to_string(intensity_.intensity()) + "); last: "
            + last_failure_);
    return;
  }
  std::vector<size_t> to_stop;
  std::vector<size_t> to_start;
  switch (spec_->strategy) {
    case strategy::one_for_one:
    case strategy::simple_one_for_one:
      to_start.push_back(i);
      break;
    case strategy::one_for_all:
      for (size_t j = slots_.size(); j-- > 0;)
        if (j != i)
          to_stop.push_back(j);
      for (size_t j = 0; j < slots_.size(); ++j)
        to_start.push_back(j);
      break;
    case strategy::rest_for_one:
      for (size_t j = slots_.size(); j-- > i + 1;)
        to_stop.push_back(j);
      for (size_t j = i; j < slots_.size(); ++j)
        to_start.push_back(j);
      break;
  }
  if (to_stop.empty()) {
    restart_slots(std::move(to_start), i);
    return;
  }
  stop_sequence(std::move(to_stop), false,
                [this, to_start{std::move(to_start)}, i]() mutable {
                  restart_slots(std::move(to_start), i);
                });
}

void supervisor_actor::restart_slots(std::vector<size_t> order, size_t failed) {
  auto todo = std::make_shared<std::vector<size_t>>();
  for (auto j : order) {
    auto& s = slots_[j];
    if (s.spec == nullptr || s.spec_removed || s.handle)
      continue; // retired, or still running (not part of this restart)
    // OTP: a temporary sibling stopped by one_for_all/rest_for_one is gone.
    if (j != failed && s.spec->restart == restart_type::temporary) {
      retire(j);
      continue;
    }
    ++s.restart_count;
    emit("restarting", s, "");
    todo->push_back(j);
  }
  start_sequence(todo, 0, [this, failed](caf::error err) {
    if (!err)
      return;
    // A restart that fails to start counts as another failure (OTP retries
    // through the intensity check until it gives up).
    emit("crashed", slots_[failed], describe_exit(err));
    last_failure_ = describe_exit(err);
    restart_after_failure(failed);
  });
}

void supervisor_actor::give_up(std::string why) {
  emit_self("intensity_exceeded", why);
  escalating_ = true;
  shutdown(shutdown_reason("intensity exceeded: " + why));
}

void supervisor_actor::check_auto_shutdown(size_t i) {
  bool trigger = false;
  switch (spec_->auto_shutdown) {
    case auto_shutdown::never:
      break;
    case auto_shutdown::any_significant:
      trigger = true;
      break;
    case auto_shutdown::all_significant: {
      trigger = true;
      for (auto& s : slots_)
        if (s.spec != nullptr && s.spec->significant && s.handle)
          trigger = false;
      break;
    }
  }
  if (trigger) {
    emit_self("exited", "auto_shutdown: significant child "
                          + path_ + '/' + slots_[i].name + " ended");
    shutdown(caf::exit_reason::normal);
  }
}

void supervisor_actor::retire(size_t i) {
  auto& s = slots_[i];
  if (is_dynamic()) {
    auto name = std::move(s.name);
    s = child_slot{};
    s.name = std::move(name); // kept for the auto_shutdown message only
    free_slots_.push_back(i);
  } else if (s.spec->restart == restart_type::temporary) {
    s.spec_removed = true; // OTP deletes a temporary child's spec
  }
}

} // namespace aip::detail
