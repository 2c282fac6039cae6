#pragma once
/// The contract between a node and an agent-type plugin: a shared library
/// that exports two C symbols, declared with AIP_PLUGIN. The node checks the
/// ABI version before calling anything else, and never unloads a plugin
/// (the types it registered point into it).
///
/// Example (examples/plugins/greeter.cpp):
///   static int register_types(aip::agent_type_registry& types) {
///     types.add(greeter_type());
///     return 0;
///   }
///   AIP_PLUGIN("greeter", "1.0", register_types)

#include <cstdint>
#include <cstdio>
#include <exception>

#include "aip/agents/agent_type_registry.hpp"

/// Bumped whenever agent_type, agent_args or the registry change layout.
#define AIP_PLUGIN_ABI_VERSION 1

extern "C" {

struct aip_plugin_descriptor {
  uint32_t abi_version;
  const char* name;
  const char* version;
};

/// Returns the plugin's static info. Symbol name: `aip_plugin_info`.
using aip_plugin_info_fn = const aip_plugin_descriptor* (*)();
/// Registers the plugin's types; returns 0, or non-zero after writing a
/// message into `error` (at most `error_len` bytes, NUL-terminated).
/// Symbol name: `aip_plugin_register`.
using aip_plugin_register_fn = int (*)(aip::agent_type_registry* types,
                                       char* error, size_t error_len);
}

/// Defines both entry points; `fn` is `int(aip::agent_type_registry&)`
/// returning 0 on success (a thrown exception becomes the error message).
#define AIP_PLUGIN(name_str, version_str, fn)                                  \
  extern "C" __attribute__((visibility("default")))                           \
  const aip_plugin_descriptor*                                                 \
  aip_plugin_info() {                                                          \
    static const aip_plugin_descriptor info{AIP_PLUGIN_ABI_VERSION, name_str,  \
                                        version_str};                          \
    return &info;                                                              \
  }                                                                            \
  extern "C" __attribute__((visibility("default"))) int aip_plugin_register(   \
    aip::agent_type_registry* types, char* error, size_t error_len) {          \
    try {                                                                      \
      return fn(*types);                                                       \
    } catch (const std::exception& e) {                                        \
      std::snprintf(error, error_len, "%s", e.what());                         \
      return 1;                                                                \
    }                                                                          \
  }
