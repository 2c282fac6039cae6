// Starting children: declaration order, a supervisor child awaited before the
// next child starts (as OTP's synchronous start_link), workers spawned inline.
#include <caf/event_based_actor.hpp>

#include "aip/core/errors.hpp"
#include "aip/supervision/messages.hpp"
#include "aip/supervision/supervisor_actor.hpp"

namespace aip::detail {

void supervisor_actor::start_sequence(std::shared_ptr<std::vector<size_t>> order,
                                      size_t pos, done_fn done) {
  // Workers start synchronously, so loop instead of recursing: a pool of a
  // million replicas must not become a million nested calls.
  for (; pos < order->size(); ++pos) {
    auto i = (*order)[pos];
    if (slots_[i].spec->is_supervisor()) {
      start_slot(i, [this, order, pos, done](caf::error err) {
        if (err)
          done(std::move(err));
        else
          start_sequence(order, pos + 1, done);
      });
      return;
    }
    caf::error failure;
    start_slot(i, [&failure](caf::error err) { failure = std::move(err); });
    if (failure) {
      done(std::move(failure));
      return;
    }
  }
  done(caf::error{});
}

void supervisor_actor::start_slot(size_t i, done_fn done) {
  auto& slot = slots_[i];
  auto& spec = *slot.spec;
  auto on_running = [this, i](caf::actor handle) {
    auto& s = slots_[i];
    s.handle = std::move(handle);
    s.health_misses = 0;
    s.health_killed = false;
    monitor(s.handle);
    running_.emplace(s.handle.id(), i);
    // A supervisor child reports its own start, after its children's.
    if (s.restart_count > 0 || !s.spec->is_supervisor())
      emit(s.restart_count == 0 ? "started" : "restarted", s, "");
    if (s.spec->health)
      schedule_probe(i);
  };
  if (!spec.is_supervisor()) {
    // The registry is immutable while supervisors run, so a restart reuses
    // the type found for the first incarnation.
    auto* type = slot.type != nullptr ? slot.type
                 : ctx_.types         ? ctx_.types->find(spec.type)
                                      : nullptr;
    if (type == nullptr || !type->spawn) {
      done(make_error(errc::start_failed, "failed to start " + child_path(slot)
                                            + ": unknown agent type '"
                                            + spec.type + "'"));
      return;
    }
    spawn_site site;
    site.path = child_path(slot);
    site.args = spec.args;
    site.net = ctx_.net;
    site.owner = spec.owner;
    site.mailbox = spec.mailbox;
    if (spec.breaker)
      site.breaker = std::make_shared<const circuit_breaker_config>(*spec.breaker);
    site.critical = spec.critical;
    auto res = type->spawn(this, *spec.args, site);
    if (!res) {
      done(make_error(errc::start_failed, "failed to start " + child_path(slot)
                                            + ": "
                                            + describe_exit(res.error())));
      return;
    }
    slot.type = type;
    on_running(std::move(*res));
    done(caf::error{});
    return;
  }
  auto child = spawn<supervisor_actor>(spec.supervisor, ctx_, child_path(slot));
  request(child, caf::infinite, start_atom::value)
    .await(
      [on_running, child, done](caf::ok_atom) {
        on_running(child);
        done(caf::error{});
      },
      [this, i, done](caf::error& err) {
        // The child supervisor names the deepest failed child itself.
        if (err.category() == caf::atom("aip"))
          done(std::move(err));
        else
          done(make_error(errc::start_failed, "failed to start "
                                                + child_path(slots_[i]) + ": "
                                                + describe_exit(err)));
      });
}

caf::expected<caf::actor> supervisor_actor::add_dynamic_child() {
  auto& tmpl = *spec_->child_template;
  if (tmpl.is_supervisor())
    return make_error(errc::unsupported,
                      path_ + ": adding supervisor children at run time is "
                              "not supported yet; use replicas");
  // Reuse a retired slot first so that churn does not grow the vector.
  size_t i;
  if (!free_slots_.empty()) {
    i = free_slots_.back();
    free_slots_.pop_back();
    slots_[i] = next_dynamic_slot();
  } else {
    i = slots_.size();
    slots_.push_back(next_dynamic_slot());
  }
  caf::error failure;
  start_slot(i, [&failure](caf::error err) { failure = std::move(err); });
  if (failure) {
    slots_[i] = child_slot{};
    free_slots_.push_back(i);
    return failure;
  }
  return slots_[i].handle;
}

caf::expected<caf::actor>
supervisor_actor::add_child(std::shared_ptr<const child_spec> spec) {
  if (is_dynamic())
    return make_error(errc::unsupported,
                      path_ + ": a simple_one_for_one supervisor adds "
                              "children from its template: use (add)");
  if (spec == nullptr || spec->is_supervisor())
    return make_error(errc::unsupported,
                      path_ + ": only agent children can be added at run time");
  for (auto& s : slots_)
    if (s.spec != nullptr && !s.spec_removed && s.name == spec->name)
      return make_error(errc::start_failed,
                        path_ + ": a child named '" + spec->name
                          + "' already exists");
  added_specs_.push_back(spec);
  child_slot slot;
  slot.spec = spec.get();
  slot.name = spec->name;
  auto i = slots_.size();
  slots_.push_back(std::move(slot));
  caf::error failure;
  start_slot(i, [&failure](caf::error err) { failure = std::move(err); });
  if (failure) {
    slots_.pop_back();
    added_specs_.pop_back();
    return failure;
  }
  return slots_[i].handle;
}

} // namespace aip::detail
