#include "aip/node/node.hpp"

#include <atomic>
#include <csignal>
#include <iostream>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include "aip/agents/backbone.hpp"
#include "aip/core/errors.hpp"
#include "aip/core/type_ids.hpp"
#include "aip/events/event_log.hpp"
#include "aip/supervision/supervisor.hpp"

namespace aip {

namespace {

std::atomic<int> last_signal{0};

extern "C" void on_stop_signal(int sig) {
  last_signal.store(sig);
}

const char* signal_name(int sig) {
  return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "signal";
}

} // namespace

node::node(node_spec spec, std::shared_ptr<const agent_type_registry> types)
  : spec_(std::move(spec)), types_(std::move(types)) {
}

int node::run(const node_options& opts) {
  std::shared_ptr<event_log> events;
  try {
    events = event_log::open(opts.events.value_or(spec_.events));
  } catch (const std::exception& e) {
    std::cerr << "aip: " << e.what() << '\n';
    return node_start_failed;
  }
  caf::actor_system_config cfg;
  register_types(cfg);
  if (spec_.threads > 0)
    cfg.set("scheduler.max-threads", spec_.threads);
  cfg.set("scheduler.policy", caf::atom_from_string(spec_.scheduler));
  cfg.set("scheduler.max-throughput",
          static_cast<caf::config_value::integer>(spec_.max_throughput));
  caf::actor_system sys{cfg};
  if (opts.handle_signals) {
    last_signal.store(0);
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);
  }
  auto root_spec = std::make_shared<const supervisor_spec>(spec_.root);
  std::shared_ptr<const backbone> net;
  if (opts.start_backbone)
    net = opts.start_backbone(sys, spec_, events, types_);
  // Whatever way run() ends, the broker stops after the tree.
  struct broker_guard {
    const std::shared_ptr<const backbone>& net;
    ~broker_guard() {
      if (net != nullptr)
        stop_backbone(*net);
    }
  } stop_net{net};
  supervision_context ctx{types_, events, net};
  auto root = start_supervisor(sys, root_spec, ctx, spec_.root.name);
  if (!root) {
    std::cerr << "aip: node " << spec_.name
              << " failed to start: " << describe_exit(root.error()) << '\n';
    return node_start_failed;
  }
  caf::scoped_actor self{sys};
  self->monitor(*root);
  auto deadline = opts.run_for ? std::chrono::steady_clock::now() + *opts.run_for
                               : std::chrono::steady_clock::time_point::max();
  bool stopping = false;
  int status = node_ok;
  for (;;) {
    bool down = false;
    caf::error reason;
    self->receive(
      [&](caf::down_msg& dm) {
        down = true;
        reason = std::move(dm.reason);
      },
      caf::after(std::chrono::milliseconds{20}) >> [] {});
    if (down) {
      if (!stopping) {
        std::cerr << "aip: root supervisor '" << spec_.root.name
                  << "' gave up: " << describe_exit(reason) << '\n';
        status = node_root_gave_up;
      }
      break;
    }
    if (stopping)
      continue;
    std::string why;
    if (auto sig = last_signal.load(); sig != 0)
      why = std::string{"node stopping on "} + signal_name(sig);
    else if (std::chrono::steady_clock::now() >= deadline)
      why = "node stopping: --for " + to_string(*opts.run_for) + " elapsed";
    if (!why.empty()) {
      stopping = true;
      self->send_exit(*root, shutdown_reason(why));
    }
  }
  if (opts.handle_signals) {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
  }
  return status;
}

} // namespace aip
