// Plugins: a real plugin's agent type runs under a supervisor; every load
// error (missing file, missing entry point, other ABI, failing registration,
// name clash) is refused with a message naming the file; `node.plugins` in a
// config makes the plugin's types usable, and a bad entry is a located error.
#include <fstream>

#include "aip/config/load_config.hpp"
#include "aip/plugins/plugin_loader.hpp"
#include "runtime/supervision/supervision_fixture.hpp"

namespace aip::test {
namespace {

bool has(const std::optional<std::string>& err, const std::string& text) {
  return err && err->find(text) != std::string::npos;
}

TEST(plugin_loader, loads_a_plugin_and_registers_its_types) {
  plugin_loader loader;
  agent_type_registry types;
  auto err = loader.load(GREETER_PLUGIN, types);
  ASSERT_FALSE(err) << *err;
  ASSERT_NE(types.find("greeter"), nullptr);
  ASSERT_EQ(loader.loaded().size(), 1u);
  EXPECT_EQ(loader.loaded()[0].name, "greeter");
  EXPECT_EQ(loader.loaded()[0].types, std::vector<std::string>{"greeter"});
  // Loading it again into another registry registers the types there too.
  agent_type_registry other;
  EXPECT_FALSE(loader.load(GREETER_PLUGIN, other));
  EXPECT_NE(other.find("greeter"), nullptr);
  EXPECT_EQ(loader.loaded().size(), 1u);
}

TEST(plugin_loader, refuses_a_missing_file) {
  plugin_loader loader;
  agent_type_registry types;
  auto err = loader.load("/nonexistent/libnope.so", types);
  EXPECT_TRUE(has(err, "plugin '/nonexistent/libnope.so': cannot load"))
    << err.value_or("accepted");
}

TEST(plugin_loader, refuses_a_library_without_entry_points) {
  plugin_loader loader;
  agent_type_registry types;
  auto err = loader.load(NO_ENTRY_PLUGIN, types);
  EXPECT_TRUE(has(err, "missing symbol aip_plugin_info")) << err.value_or("");
}

TEST(plugin_loader, refuses_another_abi_before_calling_it) {
  plugin_loader loader;
  agent_type_registry types;
  auto err = loader.load(WRONG_ABI_PLUGIN, types);
  EXPECT_TRUE(has(err, "built for plugin ABI 99, this node supports ABI 1"))
    << err.value_or("");
  EXPECT_TRUE(types.names().empty());
}

TEST(plugin_loader, reports_a_failing_registration) {
  plugin_loader loader;
  agent_type_registry types;
  auto err = loader.load(FAILING_PLUGIN, types);
  EXPECT_TRUE(has(err, "registration failed: license file missing"))
    << err.value_or("");
}

TEST(plugin_loader, refuses_a_type_name_clash_and_changes_nothing) {
  plugin_loader loader;
  agent_type_registry types;
  types.add({"greeter", "already here", {}, {}});
  auto err = loader.load(GREETER_PLUGIN, types);
  EXPECT_TRUE(has(err, "agent type 'greeter' is already registered"))
    << err.value_or("");
  EXPECT_EQ(types.find("greeter")->summary, "already here");
}

using plugin_agents = supervision_test;

TEST_F(plugin_agents, a_plugin_type_runs_under_a_supervisor) {
  plugin_loader loader;
  ASSERT_FALSE(loader.load(GREETER_PLUGIN, *types));
  auto c = worker("g", "greeter");
  auto args = std::make_shared<agent_args>();
  args->set("greeting", std::string{"bonjour"});
  c.args = args;
  auto sup = start(sup_of(strategy::one_for_one, {c}));
  self->request(child(sup, "g"), std::chrono::seconds{5}, std::string{"ada"})
    .receive([](const std::string& s) { EXPECT_EQ(s, "bonjour, ada"); },
             [](caf::error& e) { FAIL() << caf::to_string(e); });
}

std::string write_config(const std::string& plugin_line) {
  auto path = ::testing::TempDir() + "plugin_cfg_" + std::to_string(::getpid())
              + ".yaml";
  std::ofstream{path} << "node:\n  plugins:\n    - " << plugin_line
                      << "\nsupervisor:\n  children:\n"
                         "    - {name: g, type: greeter}\n";
  return path;
}

TEST(plugin_config, node_plugins_make_their_types_usable) {
  plugin_loader loader;
  agent_type_registry types;
  auto res = load_config_file(write_config(GREETER_PLUGIN), types, loader);
  EXPECT_TRUE(res.ok()) << (res.errors.empty() ? ""
                                               : to_string(res.errors[0]));
}

TEST(plugin_config, a_bad_plugin_entry_is_an_error_at_its_line) {
  plugin_loader loader;
  agent_type_registry types;
  auto path = write_config("./missing-plugin.so");
  auto res = load_config_file(path, types, loader);
  ASSERT_FALSE(res.ok());
  auto first = to_string(res.errors.at(0));
  EXPECT_EQ(first.rfind(path + ":3:7: plugin '", 0), 0u) << first;
  EXPECT_NE(first.find("missing-plugin.so': cannot load"), std::string::npos)
    << first;
  // And the type it would have brought is unknown, reported too.
  ASSERT_EQ(res.errors.size(), 2u);
  EXPECT_NE(to_string(res.errors[1]).find("unknown agent type 'greeter'"),
            std::string::npos);
}

} // namespace
} // namespace aip::test
