#include "aip_fixtures.hpp"

#include "aip/schemas/demo_generated.h"

#include <stdexcept>

#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>

#include "aip/actors/demo/register.hpp"

namespace aip::bench {

supervision_context make_context(std::shared_ptr<event_log> events) {
  auto types = std::make_shared<agent_type_registry>();
  register_demo_agents(*types);
  return supervision_context{std::move(types),
                             events ? std::move(events) : event_log::off(),
                             nullptr};
}

child_spec worker(std::string name, std::string type) {
  child_spec c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.restart = restart_type::permanent;
  return c;
}

std::shared_ptr<supervisor_spec> tolerant_spec(std::string name,
                                               strategy s) {
  auto spec = std::make_shared<supervisor_spec>();
  spec->name = std::move(name);
  spec->strategy = s;
  spec->intensity = 1'000'000'000;
  spec->period = std::chrono::seconds{1};
  return spec;
}

caf::actor start_or_throw(caf::actor_system& sys,
                          std::shared_ptr<const supervisor_spec> spec,
                          const supervision_context& ctx) {
  auto path = spec->name;
  auto sup = start_supervisor(sys, std::move(spec), ctx, path);
  if (!sup)
    throw std::runtime_error("start_supervisor(" + path
                             + "): " + sys.render(sup.error()));
  return std::move(*sup);
}

caf::actor start_single_agent(caf::actor_system& sys,
                              const std::string& type) {
  auto spec = tolerant_spec(type + "-sup", strategy::one_for_one);
  spec->children.push_back(worker(type, type));
  return start_or_throw(sys, spec, make_context());
}

caf::actor child_of(caf::actor_system& sys, const caf::actor& sup,
                    const std::string& name) {
  caf::scoped_actor self{sys};
  caf::actor result;
  self->request(sup, caf::infinite, caf::get_atom::value, name)
    .receive([&](caf::actor& h) { result = std::move(h); },
             [&](caf::error& err) {
               throw std::runtime_error("child " + name + ": "
                                        + sys.render(err));
             });
  return result;
}

payload load_payload(size_t bytes) {
  std::vector<uint8_t> body(bytes, 0x5a);
  return make_payload<demo::Load>([&](flatbuffers::FlatBufferBuilder& b) {
    return demo::CreateLoad(b, 0, 0, b.CreateVector(body));
  });
}

} // namespace aip::bench
