// A plugin whose registration throws: the message must reach the user.
#include <stdexcept>

#include "aip/plugins/plugin_api.hpp"

namespace {
int register_types(aip::agent_type_registry&) {
  throw std::runtime_error("license file missing");
}
} // namespace

AIP_PLUGIN("failing", "0.1", register_types)
