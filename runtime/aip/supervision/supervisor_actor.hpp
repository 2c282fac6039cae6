#pragma once
/// The supervisor actor behind `spawn_supervisor`. Internal to the runtime:
/// included only by the supervision .cpp files (it pulls in CAF's actor
/// headers). All state is owned by the actor and touched only by its handlers.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <caf/event_based_actor.hpp>

#include "aip/supervision/restart_intensity.hpp"
#include "aip/supervision/supervisor.hpp"

namespace aip::detail {

/// One child slot. Static children keep their slot for the supervisor's life
/// (a stopped child has a null handle); dynamic children (simple_one_for_one)
/// are removed when they end for good.
struct child_slot {
  const child_spec* spec = nullptr;
  std::string name;
  /// The worker's agent type (null for supervisor children), set at start.
  const agent_type* type = nullptr;
  caf::actor handle;
  uint64_t restart_count = 0;
  /// Consecutive unanswered health probes of the current incarnation.
  int health_misses = 0;
  /// Set when the supervisor itself killed the child for failed health checks.
  bool health_killed = false;
  /// A temporary static child that ended: OTP deletes its spec.
  bool spec_removed = false;
};

class supervisor_actor : public caf::event_based_actor {
public:
  supervisor_actor(caf::actor_config& cfg,
                   std::shared_ptr<const supervisor_spec> spec,
                   supervision_context ctx, std::string path);

  caf::behavior make_behavior() override;

  const char* name() const override { return "aip.supervisor"; }

private:
  using done_fn = std::function<void(caf::error)>;

  // -- starting (supervisor_start.cpp) -------------------------------------

  /// Starts slots `order[pos..]` one after another; a supervisor child is
  /// awaited before the next child starts. Calls `done` with the first error.
  void start_sequence(std::shared_ptr<std::vector<size_t>> order, size_t pos,
                      done_fn done);
  /// Starts one incarnation of `slots_[i]`; calls `done` when it runs.
  void start_slot(size_t i, done_fn done);
  /// Adds a dynamic child from the template (simple_one_for_one).
  caf::expected<caf::actor> add_dynamic_child();
  /// OTP start_child for the static strategies: appends `spec` (after the
  /// declared children, so it stops first) and starts it.
  caf::expected<caf::actor> add_child(std::shared_ptr<const child_spec> spec);

  // -- exits and restarts (supervisor_restart.cpp) -------------------------

  void on_down(caf::down_msg& dm);
  /// A running child ended on its own: forget the incarnation, then decide
  /// (restart, retire, escalate). Ignores ids that are no longer running.
  void on_child_down(caf::actor_id id, const caf::error& reason);
  void on_exit_msg(caf::exit_msg& em);
  void handle_child_exit(size_t i, const caf::error& reason);
  void restart_after_failure(size_t i);
  void restart_slots(std::vector<size_t> order, size_t failed);
  void give_up(std::string why);
  void check_auto_shutdown(size_t i);
  /// Drops a child that ends for good (dynamic slot removed, static emptied).
  void retire(size_t i);

  // -- stopping (supervisor_stop.cpp) ---------------------------------------

  /// Stops the running children among `order` one at a time, in that order,
  /// honouring each child's shutdown policy; then calls `done`.
  /// With `all_at_once` (simple_one_for_one, as OTP) every child is asked
  /// to stop at the same time and the sequence waits for all of them.
  void stop_sequence(std::vector<size_t> order, bool all_at_once,
                     std::function<void()> done);
  void stop_next();
  /// Emits the finished step's `shutdown` events in stop order, then goes on.
  void finish_step();
  void on_stop_timeout(uint64_t gen);
  /// Asks the running child in slot `i` to stop per its shutdown policy and
  /// adds it to the current step's waiting set.
  void request_stop(size_t i);
  void on_exit() override;
  /// Stops every child (reverse order; dynamic children all at once), then
  /// quits with `reason`.
  void shutdown(caf::error reason);

  // -- health (supervisor_health.cpp) --------------------------------------

  void schedule_probe(size_t i);
  void on_probe(uint64_t child_id);

  // -- helpers ----------------------------------------------------------------

  std::string child_path(const child_slot& c) const {
    return path_ + '/' + c.name;
  }
  void emit(const char* event, const child_slot& c, const std::string& reason);
  void emit_self(const char* event, const std::string& reason,
                 uint64_t restarts = 0);
  /// A new slot for the next dynamic child, named `<type>-<n>` (or
  /// `supervisor-<n>` for a supervisor template).
  child_slot next_dynamic_slot() {
    auto& tmpl = *spec_->child_template;
    auto base = tmpl.type.empty() ? std::string{"supervisor"} : tmpl.type;
    child_slot slot;
    slot.spec = &tmpl;
    slot.name = base + '-' + std::to_string(next_dynamic_++);
    return slot;
  }
  bool is_dynamic() const {
    return spec_->strategy == strategy::simple_one_for_one;
  }
  /// Index of the running child with actor id `id`, or npos.
  size_t find_running(caf::actor_id id) const;

  static constexpr size_t npos = static_cast<size_t>(-1);

  std::shared_ptr<const supervisor_spec> spec_;
  supervision_context ctx_;
  std::string path_;
  restart_intensity intensity_;
  std::vector<child_slot> slots_;
  std::unordered_map<caf::actor_id, size_t> running_;
  /// Retired dynamic slots, reused by the next add (indices stay stable).
  std::vector<size_t> free_slots_;
  /// Specs of children added at run time (slots point into them).
  std::vector<std::shared_ptr<const child_spec>> added_specs_;
  uint64_t next_dynamic_ = 1;
  bool started_ = false;
  bool shutting_down_ = false;
  /// Set when intensity was exceeded: the exit is an escalation to the parent.
  bool escalating_ = false;
  /// Path and reason of the latest failure, for the intensity message.
  std::string last_failure_;
  /// The exit reason sent to children it stops (built once: a stop of 10k
  /// siblings should not build 10k strings).
  caf::error stop_reason_;

  /// Whether stopping slot `i` must wait before its siblings are stopped.
  bool stops_alone(size_t i) const {
    auto& s = slots_[i];
    return s.type == nullptr || s.type->traps_exit;
  }

  // State of the one stop sequence that may be in flight.
  struct stop_state {
    std::vector<size_t> order;
    size_t pos = 0;
    bool all_at_once = false;
    /// The current step: slots asked to stop, in stop order, and how each
    /// ended (events are emitted in this order when the step completes).
    std::vector<size_t> step;
    std::vector<std::string> step_reasons;
    /// Children of the step still to go down: actor id -> index into step.
    std::unordered_map<caf::actor_id, size_t> waiting;
    std::function<void()> done;
    uint64_t gen = 0;
    bool active = false;
  } stop_;
  /// Exits of other children that arrived while a stop sequence ran; handled
  /// in arrival order once it completes (OTP handles them after, too).
  std::deque<std::pair<caf::actor_id, caf::error>> deferred_;
};

} // namespace aip::detail
