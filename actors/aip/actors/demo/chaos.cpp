// chaos: an echo that fails on purpose, to show and test supervision.
//   crash_every D          crash D after each start
//   crash_after_messages N crash on the N-th message
//   exit_normally_after D  exit with reason normal after D
//   fail_start true        fail to start (the supervisor's start fails)
//   hang_after D           stop answering health probes (and everything) after D
//   shutdown_delay D       when asked to stop, take D before exiting (so a
//                          shorter `shutdown:` timeout ends in a kill)
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "aip/actors/demo/register.hpp"
#include "aip/agents/agent_defaults.hpp"
#include "aip/core/errors.hpp"

namespace aip {

namespace {

using crash_atom = caf::atom_constant<caf::atom("chaos_die")>;
using leave_atom = caf::atom_constant<caf::atom("chaos_exit")>;
using hang_atom = caf::atom_constant<caf::atom("chaos_hang")>;
using stop_atom = caf::atom_constant<caf::atom("chaos_stop")>;

struct chaos_config {
  duration crash_every{0};
  int64_t crash_after_messages = 0;
  duration exit_normally_after{0};
  duration hang_after{0};
  duration shutdown_delay{0};
};

struct chaos_state {
  int64_t messages = 0;
  caf::error stop_reason;
};

using chaos_actor = caf::stateful_actor<chaos_state>;

caf::behavior chaos(chaos_actor* self, chaos_config cfg) {
  if (cfg.crash_every.count() > 0)
    self->delayed_send(self, cfg.crash_every, crash_atom::value);
  if (cfg.exit_normally_after.count() > 0)
    self->delayed_send(self, cfg.exit_normally_after, leave_atom::value);
  if (cfg.hang_after.count() > 0)
    self->delayed_send(self, cfg.hang_after, hang_atom::value);
  if (cfg.shutdown_delay.count() > 0)
    self->set_exit_handler([self, cfg](caf::exit_msg& em) {
      if (!self->state.stop_reason)
        self->delayed_send(self, cfg.shutdown_delay, stop_atom::value);
      self->state.stop_reason = em.reason;
    });
  // Everything that is not a chaos trigger is echoed back and counted.
  self->set_default_handler(
    [self, cfg](caf::scheduled_actor*,
                caf::message_view& x) -> caf::result<caf::message> {
      if (cfg.crash_after_messages > 0
          && ++self->state.messages >= cfg.crash_after_messages) {
        self->quit(make_error(errc::crashed,
                              "chaos: crash_after_messages "
                                + std::to_string(cfg.crash_after_messages)));
        return caf::message{};
      }
      return x.move_content_to_message();
    });
  return make_agent_behavior(
    self, caf::behavior{
            [self, cfg](crash_atom) {
              self->quit(make_error(errc::crashed, "chaos: crash_every "
                                                     + to_string(cfg.crash_every)));
            },
            [self](leave_atom) { self->quit(); },
            [self](hang_atom) {
              // A behavior without the health handler, and everything else
              // left in the mailbox: probes go unanswered, as in a real hang.
              self->set_default_handler(caf::skip);
              self->become(caf::behavior{[](caf::unit_t) {}});
            },
            [self](stop_atom) { self->quit(self->state.stop_reason); },
          });
}

} // namespace

agent_type chaos_agent_type() {
  return {"chaos",
          "an echo that crashes, exits, hangs or refuses to start on purpose",
          {{"crash_every", arg_kind::duration, "crash this long after each start"},
           {"crash_after_messages", arg_kind::integer,
            "crash on the N-th message received"},
           {"exit_normally_after", arg_kind::duration,
            "exit with reason normal after this long"},
           {"fail_start", arg_kind::boolean, "fail to start"},
           {"hang_after", arg_kind::duration,
            "stop answering anything (health probes too) after this long"},
           {"shutdown_delay", arg_kind::duration,
            "take this long to stop when asked"}},
          [](caf::local_actor* parent,
             const agent_args& args,
             const spawn_site&) -> caf::expected<caf::actor> {
            if (args.get_bool("fail_start", false))
              return make_error(errc::start_failed, "chaos: fail_start");
            chaos_config cfg;
            cfg.crash_every = args.get_duration("crash_every", duration{0});
            cfg.crash_after_messages = args.get_int("crash_after_messages", 0);
            cfg.exit_normally_after
              = args.get_duration("exit_normally_after", duration{0});
            cfg.hang_after = args.get_duration("hang_after", duration{0});
            cfg.shutdown_delay = args.get_duration("shutdown_delay", duration{0});
            return parent->spawn(chaos, cfg);
          },
          /*traps_exit=*/true};
}

} // namespace aip
