#include "aip/agents/agent_blueprint.hpp"

#include <caf/local_actor.hpp>
#include <caf/send.hpp>

#include "aip/agents/agent_host.hpp"
#include "aip/core/type_ids.hpp"

namespace aip {

caf::expected<caf::actor> spawn_agent(std::shared_ptr<const agent_blueprint> bp,
                                      caf::local_actor* parent,
                                      const spawn_site& site) {
  const auto& node = site.net != nullptr ? site.net->node : std::string{};
  uint32_t credits = site.mailbox != 0 ? site.mailbox
                     : site.net != nullptr ? site.net->settings.mailbox
                                           : 1024;
  auto record = std::make_shared<agent_record>(
    agent_identity{agent_id_for(node, site.path), site.path, bp->klass,
                   site.owner},
    credits);
  caf::actor handle;
  if (bp->on_start)
    handle = parent->spawn<agent_host>(bp, record, site.net, site.args);
  else
    handle = parent->spawn<agent_host, caf::lazy_init>(bp, record, site.net,
                                                       site.args);
  if (site.net == nullptr)
    return handle;
  const auto& net = *site.net;
  // Sent before the supervisor reports the start, so anything that learns
  // of this agent afterwards finds it registered.
  caf::anon_send(net.shard_for(record->identity().id), register_atom::value,
               registration{handle, record, {}, nullptr, site.breaker,
                            site.critical});
  for (const auto& tool : bp->tools)
    caf::anon_send(net.shard_for(tool->name), register_atom::value,
                 registration{handle, record, tool->name, tool, nullptr,
                              site.critical});
  for (const auto& skill : bp->skills)
    caf::anon_send(net.shard_for(skill), register_atom::value,
                 registration{handle, record, skill, nullptr, nullptr,
                              site.critical});
  return handle;
}

} // namespace aip
