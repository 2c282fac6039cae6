#pragma once
/// Test fixture for supervision: an actor system, an in-memory event stream,
/// the demo agent types plus `puppet` (a worker that exits however the test
/// tells it to), and helpers to build specs and wait for events.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aip/actors/demo/register.hpp"
#include "aip/agents/agent_defaults.hpp"
#include "aip/core/errors.hpp"
#include "aip/core/type_ids.hpp"
#include "aip/events/event_log.hpp"
#include "aip/supervision/messages.hpp"
#include "aip/supervision/supervisor.hpp"

namespace aip::test {

using puppet_normal = caf::atom_constant<caf::atom("p_normal")>;
using puppet_crash = caf::atom_constant<caf::atom("p_crash")>;
using puppet_shutdown = caf::atom_constant<caf::atom("p_shutdown")>;

inline caf::behavior puppet(caf::event_based_actor* self) {
  return make_agent_behavior(
    self, caf::behavior{
            [self](puppet_normal) { self->quit(); },
            [self](puppet_crash) {
              self->quit(make_error(errc::crashed, "puppet told to crash"));
            },
            [self](puppet_shutdown) { self->quit(shutdown_reason("puppet")); },
            [](int x) { return x; },
          });
}

inline child_spec worker(std::string name, std::string type = "puppet",
                         restart_type restart = restart_type::permanent) {
  child_spec c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.restart = restart;
  return c;
}

inline child_spec nested(std::string name, supervisor_spec sup,
                         restart_type restart = restart_type::permanent) {
  child_spec c;
  c.name = name;
  sup.name = std::move(name);
  c.supervisor = std::make_shared<const supervisor_spec>(std::move(sup));
  c.restart = restart;
  return c;
}

inline supervisor_spec sup_of(strategy s, std::vector<child_spec> children,
                              int intensity = 10,
                              duration period = std::chrono::seconds{60}) {
  supervisor_spec spec;
  spec.name = "root";
  spec.strategy = s;
  spec.intensity = intensity;
  spec.period = period;
  spec.children = std::move(children);
  return spec;
}

struct configured {
  caf::actor_system_config cfg;
  configured() {
    register_types(cfg);
    cfg.set("scheduler.max-threads", 2);
  }
};

class supervision_test : public ::testing::Test {
protected:
  supervision_test() : sys(conf.cfg), self(sys) {
    types = std::make_shared<agent_type_registry>();
    register_demo_agents(*types);
    types->add({"puppet", "test worker", {},
                [](caf::local_actor* parent,
                   const agent_args&, const spawn_site&) -> caf::expected<caf::actor> {
                  return parent->spawn(puppet);
                }});
    events = event_log::memory();
  }

  ~supervision_test() override {
    for (auto& s : started)
      self->send_exit(s, caf::exit_reason::kill);
  }

  supervision_context ctx() { return {types, events, nullptr}; } // no broker

  caf::actor start(supervisor_spec spec, std::string path = "root") {
    auto res = start_supervisor(
      sys, std::make_shared<const supervisor_spec>(std::move(spec)), ctx(),
      std::move(path));
    if (!res) {
      ADD_FAILURE() << "start failed: " << describe_exit(res.error());
      return {};
    }
    started.push_back(*res);
    return *res;
  }

  /// The running incarnation of child `name` of supervisor `sup`.
  caf::actor child(const caf::actor& sup, const std::string& name) {
    caf::actor result;
    self->request(sup, std::chrono::seconds{5}, caf::get_atom::value, name)
      .receive([&](caf::actor& a) { result = std::move(a); },
               [&](caf::error& e) {
                 ADD_FAILURE() << "no child " << name << ": "
                               << describe_exit(e);
               });
    return result;
  }

  std::vector<nlohmann::json> all_events() {
    std::vector<nlohmann::json> out;
    for (auto& l : events->lines())
      out.push_back(nlohmann::json::parse(l));
    return out;
  }

  /// Waits until `n` events named `event` for `path` have been emitted.
  bool wait_event(const std::string& event, const std::string& path,
                  size_t n = 1, int ms = 10000) {
    return events->wait_for(
      [&](const std::vector<nlohmann::json>& evs) {
        size_t k = 0;
        for (auto& e : evs)
          if (e["event"] == event && e["path"] == path)
            ++k;
        return k >= n;
      },
      ms);
  }

  size_t count_events(const std::string& event, const std::string& path) {
    size_t k = 0;
    for (auto& e : all_events())
      if (e["event"] == event && e["path"] == path)
        ++k;
    return k;
  }

  /// "event path" strings in emission order, filtered by event name.
  std::vector<std::string> sequence(const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (auto& e : all_events())
      for (auto& n : names)
        if (e["event"] == n)
          out.push_back(n + " " + e["path"].get<std::string>());
    return out;
  }

  /// Waits for `sup` to terminate and returns its exit reason.
  caf::error wait_down(const caf::actor& sup, int ms = 10000) {
    caf::error reason;
    bool got = false;
    self->monitor(sup);
    self->receive(
      [&](caf::down_msg& dm) {
        reason = dm.reason;
        got = true;
      },
      caf::after(std::chrono::milliseconds{ms}) >> [] {});
    if (!got)
      ADD_FAILURE() << "supervisor did not terminate";
    return reason;
  }

  configured conf;
  caf::actor_system sys;
  caf::scoped_actor self;
  std::shared_ptr<agent_type_registry> types;
  std::shared_ptr<event_log> events;
  std::vector<caf::actor> started;
};

} // namespace aip::test
