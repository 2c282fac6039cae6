// Raw-CAF baselines. They keep the same bookkeeping a supervisor needs
// (handles, monitors, an id -> slot map) and nothing more, so the gap to the
// AIP side is the cost of AIP's own features.
#include "caf_baselines.hpp"

#include <unordered_map>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "aip/supervision/messages.hpp"

namespace aip::bench {

namespace {

// Same mechanism as AIP's echo and sink agents (default handler, plus the
// health answer every agent has), so a gap is the runtime's, not the agent's.
// Spawned lazily like AIP's reactive agents (echo, sink).
caf::behavior echo_impl(caf::event_based_actor* self) {
  self->set_default_handler(caf::reflect);
  return {
    [](aip::health_atom) { return caf::ok_atom::value; },
  };
}

struct counter_state {
  uint64_t count = 0;
};

caf::behavior counter_impl(caf::stateful_actor<counter_state>* self) {
  self->set_default_handler(
    [self](caf::scheduled_actor*,
           caf::message_view&) -> caf::result<caf::message> {
      ++self->state.count;
      return caf::message{};
    });
  return {
    [](aip::health_atom) { return caf::ok_atom::value; },
  };
}

struct spawner_state {
  std::vector<caf::actor> children;
};

caf::behavior spawner_impl(caf::stateful_actor<spawner_state>* self) {
  self->set_exit_handler([self](caf::exit_msg& em) {
    for (auto& c : self->state.children)
      self->send_exit(c, caf::exit_reason::kill);
    self->state.children.clear();
    self->quit(em.reason);
  });
  self->set_down_handler([](caf::down_msg&) {});
  return {
    [self](caf::add_atom, uint64_t n) {
      auto& kids = self->state.children;
      kids.reserve(kids.size() + n);
      for (uint64_t i = 0; i < n; ++i) {
        auto child = self->spawn<caf::lazy_init>(echo_impl);
        self->monitor(child);
        kids.push_back(std::move(child));
      }
      return n;
    },
  };
}

struct one_for_one_state {
  std::string name;
  caf::actor child;
};

caf::behavior one_for_one_impl(caf::stateful_actor<one_for_one_state>* self,
                               std::string name) {
  self->state.name = std::move(name);
  self->state.child = self->spawn<caf::lazy_init>(echo_impl);
  self->monitor(self->state.child);
  self->set_down_handler([self](caf::down_msg& dm) {
    if (dm.source != self->state.child.address())
      return;
    self->state.child = self->spawn<caf::lazy_init>(echo_impl);
    self->monitor(self->state.child);
  });
  self->set_exit_handler([self](caf::exit_msg& em) {
    self->send_exit(self->state.child, caf::exit_reason::kill);
    self->quit(em.reason);
  });
  return {
    [self](caf::get_atom, const std::string& name) -> caf::result<caf::actor> {
      if (name != self->state.name || !self->state.child)
        return caf::make_error(caf::sec::invalid_argument);
      return self->state.child;
    },
  };
}

struct one_for_all_state {
  std::vector<caf::actor> children;
  std::unordered_map<caf::actor_id, size_t> running;
  /// Children still to go down before all are respawned; 0 when idle.
  size_t pending_downs = 0;
};

void spawn_all(caf::stateful_actor<one_for_all_state>* self) {
  auto& st = self->state;
  st.running.clear();
  for (size_t i = 0; i < st.children.size(); ++i) {
    st.children[i] = self->spawn<caf::lazy_init>(echo_impl);
    self->monitor(st.children[i]);
    st.running.emplace(st.children[i].id(), i);
  }
}

caf::behavior one_for_all_impl(caf::stateful_actor<one_for_all_state>* self,
                               size_t n) {
  self->state.children.resize(n);
  self->state.running.reserve(n);
  spawn_all(self);
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& st = self->state;
    auto i = st.running.find(dm.source.id());
    if (i == st.running.end())
      return;
    st.children[i->second] = nullptr;
    st.running.erase(i);
    if (st.pending_downs == 0) {
      // First failure: take the siblings down, then restart everyone.
      st.pending_downs = st.running.size();
      for (auto& [id, slot] : st.running)
        self->send_exit(st.children[slot], caf::exit_reason::kill);
    } else {
      --st.pending_downs;
    }
    if (st.pending_downs == 0)
      spawn_all(self);
  });
  self->set_exit_handler([self](caf::exit_msg& em) {
    for (auto& c : self->state.children)
      if (c)
        self->send_exit(c, caf::exit_reason::kill);
    self->quit(em.reason);
  });
  return {
    [self](aip::which_atom) {
      std::vector<caf::actor> handles;
      handles.reserve(self->state.children.size());
      for (auto& c : self->state.children)
        if (c)
          handles.push_back(c);
      return handles;
    },
  };
}

} // namespace

caf::actor spawn_caf_echo(caf::actor_system& sys) {
  return sys.spawn<caf::lazy_init>(echo_impl);
}

caf::actor spawn_caf_counter(caf::actor_system& sys) {
  return sys.spawn<caf::lazy_init>(counter_impl);
}

caf::actor spawn_caf_spawner(caf::actor_system& sys) {
  return sys.spawn(spawner_impl);
}

caf::actor spawn_caf_one_for_one(caf::actor_system& sys, std::string name) {
  return sys.spawn(one_for_one_impl, std::move(name));
}

caf::actor spawn_caf_one_for_all(caf::actor_system& sys, size_t n) {
  return sys.spawn(one_for_all_impl, n);
}

} // namespace aip::bench
