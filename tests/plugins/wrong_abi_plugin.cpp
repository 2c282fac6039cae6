// A plugin that claims another ABI version: the loader must refuse it before
// calling its register function.
#include <cstdlib>

#include "aip/plugins/plugin_api.hpp"

extern "C" __attribute__((visibility("default"))) const aip_plugin_descriptor*
aip_plugin_info() {
  static const aip_plugin_descriptor info{AIP_PLUGIN_ABI_VERSION + 98, "future",
                                      "9.9"};
  return &info;
}

extern "C" __attribute__((visibility("default"))) int
aip_plugin_register(aip::agent_type_registry*, char*, size_t) {
  std::abort(); // never called
}
