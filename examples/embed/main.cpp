// Embeds an AIP supervision tree in a program's own main: a config written
// inline, the built-in agent types, lifecycle events delivered to a callback,
// and a crash that the supervisor repairs.
#include <atomic>
#include <iostream>
#include <thread>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>
#include <nlohmann/json.hpp>

#include <aip/actors/demo/register.hpp>
#include <aip/config/load_config.hpp>
#include <aip/core/errors.hpp>
#include <aip/core/type_ids.hpp>
#include <aip/supervision/supervisor.hpp>

static const char* tree = R"(
supervisor:
  name: root
  children:
    - name: workers
      supervisor:
        strategy: simple_one_for_one
        template: {type: echo, restart: permanent}
        replicas: 3
)";

int main() {
  auto types = std::make_shared<aip::agent_type_registry>();
  aip::register_demo_agents(*types);
  auto cfg_result = aip::load_config_string(tree, "embedded", *types);
  if (!cfg_result.ok()) {
    for (auto& e : cfg_result.errors)
      std::cerr << to_string(e) << '\n';
    return 2;
  }
  std::atomic<int> restarts{0};
  auto events = aip::event_log::with_callback([&](const nlohmann::json& e) {
    std::cout << e["event"].get<std::string>() << ' '
              << e["path"].get<std::string>() << std::endl;
    if (e["event"] == "restarted")
      ++restarts;
  });
  caf::actor_system_config cfg;
  aip::register_types(cfg);
  caf::actor_system sys{cfg};
  auto root = aip::start_supervisor(
    sys, std::make_shared<const aip::supervisor_spec>(cfg_result.spec->root),
    {types, events}, "root");
  if (!root) {
    std::cerr << aip::describe_exit(root.error()) << '\n';
    return 1;
  }
  caf::scoped_actor self{sys};
  caf::actor workers;
  self->request(*root, std::chrono::seconds{5}, caf::get_atom::value,
                std::string{"workers"})
    .receive([&](caf::actor& a) { workers = a; }, [](caf::error&) {});
  caf::actor echo2;
  self->request(workers, std::chrono::seconds{5}, caf::get_atom::value,
                std::string{"echo-2"})
    .receive([&](caf::actor& a) { echo2 = a; }, [](caf::error&) {});
  self->send_exit(echo2, caf::exit_reason::kill); // the supervisor repairs it
  for (int i = 0; i < 500 && restarts == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  self->send_exit(*root, aip::shutdown_reason("embed demo done"));
  self->monitor(*root);
  self->receive([](caf::down_msg&) {});
  return restarts == 1 ? 0 : 1;
}
