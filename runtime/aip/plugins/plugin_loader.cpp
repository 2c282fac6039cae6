#include "aip/plugins/plugin_loader.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstdio>

#include "aip/plugins/plugin_api.hpp"

namespace aip {

std::optional<std::string>
plugin_loader::load(const std::string& path, agent_type_registry& types) {
  auto prefix = "plugin '" + path + "': ";
  auto known = std::find_if(loaded_.begin(), loaded_.end(),
                            [&](const loaded_plugin& p) { return p.path == path; });
  void* handle = known != loaded_.end() ? known->handle : nullptr;
  if (handle == nullptr) {
    // RTLD_LOCAL: a plugin's own copy of AIP and its dependencies stays its
    // own; only the two entry points are looked up.
    handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      return prefix + "cannot load: " + (why ? why : "unknown error");
    }
  }
  auto info_fn = reinterpret_cast<aip_plugin_info_fn>(
    dlsym(handle, "aip_plugin_info"));
  auto register_fn = reinterpret_cast<aip_plugin_register_fn>(
    dlsym(handle, "aip_plugin_register"));
  const aip_plugin_descriptor* info = info_fn ? info_fn() : nullptr;
  std::optional<std::string> refusal;
  if (info_fn == nullptr || register_fn == nullptr)
    refusal = prefix + "missing symbol "
              + (info_fn == nullptr ? "aip_plugin_info" : "aip_plugin_register")
              + " (is it an AIP plugin built with AIP_PLUGIN?)";
  else if (info == nullptr || info->abi_version != AIP_PLUGIN_ABI_VERSION)
    refusal = prefix + "built for plugin ABI "
              + std::to_string(info ? info->abi_version : 0)
              + ", this node supports ABI "
              + std::to_string(AIP_PLUGIN_ABI_VERSION)
              + "; rebuild it against this AIP";
  if (refusal) {
    dlclose(handle); // nothing of it was called beyond the info function
    return refusal;
  }
  if (known == loaded_.end())
    loaded_.push_back(loaded_plugin{path, handle, info->name ? info->name : "",
                                    info->version ? info->version : "", {}});
  // Register into a scratch registry first so a clash or a failure leaves
  // `types` untouched. The library stays loaded from here on: registered
  // functions live in it.
  agent_type_registry scratch;
  char error[512] = {0};
  if (register_fn(&scratch, error, sizeof(error)) != 0)
    return prefix + "registration failed: "
           + (error[0] ? std::string{error} : "no reason given");
  auto names = scratch.names();
  for (auto& n : names)
    if (types.find(n) != nullptr)
      return prefix + "agent type '" + n + "' is already registered";
  for (auto& n : names)
    types.add(*scratch.find(n));
  for (auto& p : loaded_)
    if (p.path == path)
      p.types = names;
  return std::nullopt;
}

} // namespace aip
