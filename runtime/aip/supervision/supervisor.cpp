// Construction, the message interface and event helpers of the supervisor.
// Starting, restarting, stopping and health live in supervisor_*.cpp.
#include "aip/supervision/supervisor.hpp"

#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>

#include "aip/core/errors.hpp"
#include "aip/supervision/messages.hpp"
#include "aip/core/type_ids.hpp"
#include "aip/supervision/supervisor_actor.hpp"

namespace aip {

caf::actor spawn_supervisor(caf::actor_system& sys,
                            std::shared_ptr<const supervisor_spec> spec,
                            supervision_context ctx, std::string path) {
  return sys.spawn<detail::supervisor_actor>(std::move(spec), std::move(ctx),
                                             std::move(path));
}

caf::expected<caf::actor>
start_supervisor(caf::actor_system& sys,
                 std::shared_ptr<const supervisor_spec> spec,
                 supervision_context ctx, std::string path, duration timeout) {
  auto sup = spawn_supervisor(sys, std::move(spec), std::move(ctx), path);
  caf::scoped_actor self{sys};
  caf::error failure;
  self->request(sup, timeout, start_atom::value)
    .receive([](caf::ok_atom) {},
             [&](caf::error& err) { failure = std::move(err); });
  if (!failure)
    return sup;
  // A failed start stops what it had started and then exits; wait for that
  // so the caller never sees half a tree. A start that timed out is killed.
  if (failure == caf::sec::request_timeout) {
    self->send_exit(sup, caf::exit_reason::kill);
    failure = make_error(errc::start_failed,
                         "start of " + path + " did not finish within "
                           + to_string(timeout) + "; the tree was killed");
  }
  self->monitor(sup);
  self->receive([](caf::down_msg&) {});
  return failure;
}

} // namespace aip

namespace aip::detail {

supervisor_actor::supervisor_actor(caf::actor_config& cfg,
                                   std::shared_ptr<const supervisor_spec> spec,
                                   supervision_context ctx, std::string path)
  : caf::event_based_actor(cfg),
    spec_(std::move(spec)),
    ctx_(std::move(ctx)),
    path_(std::move(path)),
    intensity_(spec_->intensity, spec_->period) {
  if (!ctx_.events)
    ctx_.events = event_log::off();
  stop_reason_ = shutdown_reason("stopped by " + path_);
}

caf::behavior supervisor_actor::make_behavior() {
  set_down_handler([this](caf::down_msg& dm) { on_down(dm); });
  set_exit_handler([this](caf::exit_msg& em) { on_exit_msg(em); });
  return {
    [this](start_atom) -> caf::result<caf::ok_atom> {
      if (started_)
        return make_error(errc::unsupported, path_ + " already started");
      started_ = true;
      auto rp = make_response_promise<caf::ok_atom>();
      auto order = std::make_shared<std::vector<size_t>>();
      if (is_dynamic()) {
        slots_.reserve(spec_->replicas);
        for (size_t n = 0; n < spec_->replicas; ++n) {
          slots_.push_back(next_dynamic_slot());
          order->push_back(n);
        }
      } else {
        for (auto& c : spec_->children) {
          order->push_back(slots_.size());
          child_slot slot;
          slot.spec = &c;
          slot.name = c.name;
          slots_.push_back(std::move(slot));
        }
      }
      running_.reserve(order->size());
      start_sequence(order, 0, [this, rp](caf::error err) mutable {
        if (!err) {
          emit_self("started", "");
          rp.deliver(caf::ok_atom::value);
          return;
        }
        // OTP: a child that fails to start aborts the supervisor's start;
        // what already runs is stopped in reverse order first.
        // The error goes to the parent only once our children are gone, so
        // the parent's own reverse-order stop starts after ours finished.
        emit_self("crashed", describe_exit(err));
        shutting_down_ = true;
        std::vector<size_t> order;
        for (size_t i = slots_.size(); i-- > 0;)
          order.push_back(i);
        stop_sequence(std::move(order), is_dynamic(),
                      [this, err, rp]() mutable {
                        rp.deliver(err);
                        quit(err);
                      });
      });
      return rp;
    },
    [this](caf::add_atom) -> caf::result<caf::actor> {
      if (!is_dynamic())
        return make_error(errc::unsupported,
                          path_ + ": add needs simple_one_for_one");
      return add_dynamic_child();
    },
    [this](caf::add_atom, const new_child& x) -> caf::result<caf::actor> {
      return add_child(x.spec);
    },
    [this](caf::add_atom, uint64_t n) -> caf::result<uint64_t> {
      if (!is_dynamic())
        return make_error(errc::unsupported,
                          path_ + ": add needs simple_one_for_one");
      for (uint64_t k = 0; k < n; ++k) {
        auto res = add_dynamic_child();
        if (!res)
          return std::move(res.error());
      }
      return n;
    },
    [this](caf::delete_atom, const caf::actor& child) -> caf::result<caf::ok_atom> {
      auto i = child ? find_running(child.id()) : npos;
      if (i == npos)
        return make_error(errc::no_such_child, path_ + ": not a running child");
      // terminate_child: stop it without restarting, whatever its type.
      auto rp = make_response_promise<caf::ok_atom>();
      stop_sequence({i}, false, [this, i, rp]() mutable {
        retire(i);
        rp.deliver(caf::ok_atom::value);
      });
      return rp;
    },
    [this](caf::get_atom, const std::string& name) -> caf::result<caf::actor> {
      for (auto& s : slots_)
        if (s.name == name && s.handle)
          return s.handle;
      return make_error(errc::no_such_child, path_ + '/' + name);
    },
    [this](which_atom) {
      std::vector<caf::actor> handles;
      handles.reserve(running_.size());
      for (auto& s : slots_)
        if (s.handle)
          handles.push_back(s.handle);
      return handles;
    },
    [this](count_atom) { return static_cast<uint64_t>(running_.size()); },
    [](health_atom) { return caf::ok_atom::value; },
    [this](probe_atom, uint64_t child_id) { on_probe(child_id); },
    [this](stop_timeout_atom, uint64_t gen) { on_stop_timeout(gen); },
  };
}

size_t supervisor_actor::find_running(caf::actor_id id) const {
  auto i = running_.find(id);
  return i == running_.end() ? npos : i->second;
}

void supervisor_actor::emit(const char* event, const child_slot& c,
                            const std::string& reason) {
  if (ctx_.events->enabled())
    ctx_.events->emit(event, child_path(c), reason, c.restart_count);
}

void supervisor_actor::emit_self(const char* event, const std::string& reason,
                                 uint64_t restarts) {
  if (ctx_.events->enabled())
    ctx_.events->emit(event, path_, reason, restarts);
}

} // namespace aip::detail
