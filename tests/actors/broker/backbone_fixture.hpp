#pragma once
/// A node in a test: actor system, in-memory events, the broker, and a
/// supervision tree from YAML with the built-in agent types plus any the
/// test adds. `call` sends an envelope through the broker from outside any
/// agent (as a gateway would) and waits for the answer.

#include <chrono>
#include <memory>
#include <string>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <gtest/gtest.h>

#include "aip/actors/broker/start_broker.hpp"
#include "aip/actors/demo/register.hpp"
#include "aip/agents/outgoing.hpp"
#include "aip/config/load_config.hpp"
#include "aip/core/type_ids.hpp"
#include "aip/events/event_log.hpp"
#include "aip/supervision/supervisor.hpp"

namespace aip::test {

struct call_result {
  envelope reply;
  std::optional<request_failure> error;
  bool ok() const { return !error; }
};

class backbone_node {
public:
  /// `tune` may change the spec (broker settings) before anything starts.
  explicit backbone_node(const std::string& yaml,
                         std::function<void(agent_type_registry&)> add_types = {},
                         std::function<void(node_spec&)> tune = {}) {
    register_types(cfg_);
    cfg_.set("scheduler.max-threads", 2);
    cfg_.set("scheduler.policy", caf::atom("sharing"));
    cfg_.set("scheduler.max-throughput",
             static_cast<caf::config_value::integer>(node_spec{}.max_throughput));
    sys_ = std::make_unique<caf::actor_system>(cfg_);
    types_ = std::make_shared<agent_type_registry>();
    register_demo_agents(*types_);
    if (add_types)
      add_types(*types_);
    auto res = load_config_string(yaml, "test.yaml", *types_);
    if (!res.ok()) {
      for (auto& e : res.errors)
        ADD_FAILURE() << to_string(e);
      throw std::runtime_error("bad test config");
    }
    spec_ = *res.spec;
    if (tune)
      tune(spec_);
    net_ = start_broker(*sys_, spec_, events_, types_);
    auto root = start_supervisor(
      *sys_, std::make_shared<const supervisor_spec>(spec_.root),
      supervision_context{types_, events_, net_}, spec_.root.name);
    if (!root)
      throw std::runtime_error("tree failed: " + caf::to_string(root.error()));
    root_ = *root;
  }

  ~backbone_node() {
    caf::scoped_actor self{*sys_};
    self->monitor(root_);
    self->send_exit(root_, caf::exit_reason::user_shutdown);
    self->receive([](caf::down_msg&) {});
    stop_backbone(*net_);
  }

  caf::actor_system& sys() { return *sys_; }
  const caf::actor& root() const { return root_; }
  const backbone& net() const { return *net_; }
  event_log& events() { return *events_; }
  const std::string& node_name() const { return spec_.name; }

  /// The identity tests send as.
  agent_identity tester() const {
    return {agent_id_for(spec_.name, "test"), "test", "test", ""};
  }

  envelope make(const address& to, const payload& body, send_options opts = {},
                duration timeout = std::chrono::seconds{5}) const {
    return make_outgoing(*net_, tester(), envelope{}, to, body, opts, timeout);
  }

  call_result call(const envelope& e,
                   duration timeout = std::chrono::seconds{5}) {
    caf::scoped_actor self{*sys_};
    call_result out;
    self->request(net_->shard_for(e), timeout, e)
      .receive([&](envelope& r) { out.reply = std::move(r); },
               [&](caf::error& err) { out.error = request_failure::from(err); });
    return out;
  }

  call_result call(const address& to, const payload& body,
                   send_options opts = {},
                   duration timeout = std::chrono::seconds{5}) {
    return call(make(to, body, opts, timeout), timeout);
  }

  /// Sends every request at once (through one helper actor) and returns the
  /// answers in request order.
  std::vector<call_result> call_all(const std::vector<envelope>& reqs,
                                    duration timeout = std::chrono::seconds{5}) {
    caf::scoped_actor self{*sys_};
    caf::actor me = self;
    auto net = net_;
    sys_->spawn([=](caf::event_based_actor* a) {
      for (uint64_t i = 0; i < reqs.size(); ++i)
        a->request(net->shard_for(reqs[i]), timeout, reqs[i])
          .then([=](envelope& r) { a->send(me, i, r); },
                [=](caf::error& err) { a->send(me, i, err); });
    });
    std::vector<call_result> out(reqs.size());
    for (size_t n = 0; n < reqs.size(); ++n)
      self->receive(
        [&](uint64_t i, envelope& r) { out[i].reply = std::move(r); },
        [&](uint64_t i, caf::error& err) {
          out[i].error = request_failure::from(err);
        });
    return out;
  }

  /// Sends the same query to every shard and returns the answers.
  template <class... Ts>
  std::vector<std::string> ask_shards(Ts... xs) {
    caf::scoped_actor self{*sys_};
    std::vector<std::string> out;
    for (auto& shard : net_->shards)
      self->request(shard, std::chrono::seconds{5}, xs...)
        .receive([&](std::string& s) { out.push_back(std::move(s)); },
                 [&](caf::error& err) { ADD_FAILURE() << caf::to_string(err); });
    return out;
  }

  std::vector<dead_letter> dead_letters(uint64_t max = 100) {
    caf::scoped_actor self{*sys_};
    std::vector<dead_letter> out;
    self->request(net_->dead_letters, std::chrono::seconds{5},
                  dead_letters_atom::value, max)
      .receive([&](std::vector<dead_letter>& xs) { out = std::move(xs); },
               [&](caf::error& err) { ADD_FAILURE() << caf::to_string(err); });
    return out;
  }

private:
  caf::actor_system_config cfg_;
  std::unique_ptr<caf::actor_system> sys_;
  std::shared_ptr<agent_type_registry> types_;
  std::shared_ptr<event_log> events_ = event_log::memory();
  node_spec spec_;
  std::shared_ptr<const backbone> net_;
  caf::actor root_;
};

} // namespace aip::test
