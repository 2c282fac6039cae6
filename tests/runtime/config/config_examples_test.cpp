// Every examples/*.yaml must pass the same checks `aip check` runs, against
// the real built-in agent types, and must open with an explanation.

#include "aip/config/load_config.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "aip/actors/builtin.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> example_files() {
  std::vector<fs::path> out;
  for (auto& entry :
       fs::directory_iterator{fs::path{AIP_SOURCE_DIR} / "examples"})
    if (entry.path().extension() == ".yaml")
      out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

const aip::node_spec* find_spec(const std::vector<aip::node_spec>& specs,
                                const std::vector<fs::path>& files,
                                const std::string& name) {
  for (size_t i = 0; i < files.size(); ++i)
    if (files[i].filename() == name)
      return &specs[i];
  return nullptr;
}

} // namespace

TEST(config_examples, every_example_opens_with_comments) {
  auto files = example_files();
  EXPECT_GE(files.size(), 4u);
  for (auto& f : files) {
    std::ifstream in{f};
    std::string first;
    std::getline(in, first);
    EXPECT_EQ(first.rfind('#', 0), 0u) << f << " must open with comments";
  }
}

TEST(config_examples, every_example_loads_with_the_builtin_agents) {
  aip::agent_type_registry types;
  aip::register_builtin_agents(types);
  auto files = example_files();
  std::vector<aip::node_spec> specs;
  for (auto& f : files) {
    auto r = aip::load_config_file(f.string(), types);
    for (auto& e : r.errors)
      ADD_FAILURE() << to_string(e);
    EXPECT_TRUE(r.ok()) << f;
    specs.push_back(r.spec.value_or(aip::node_spec{}));
  }
  for (auto name : {"minimal.yaml", "pool-10k.yaml", "nested-escalation.yaml",
                    "chaos.yaml", "memory.yaml"})
    EXPECT_NE(find_spec(specs, files, name), nullptr) << name << " missing";
  if (auto pool = find_spec(specs, files, "pool-10k.yaml")) {
    // The 10k replicas sit in a simple_one_for_one of echo workers.
    const aip::supervisor_spec* s = &pool->root;
    if (s->strategy != aip::strategy::simple_one_for_one)
      for (auto& c : s->children)
        if (c.is_supervisor()
            && c.supervisor->strategy == aip::strategy::simple_one_for_one)
          s = c.supervisor.get();
    EXPECT_EQ(s->strategy, aip::strategy::simple_one_for_one);
    EXPECT_EQ(s->replicas, 10000u);
    ASSERT_TRUE(s->child_template.has_value());
    EXPECT_EQ(s->child_template->type, "echo");
  }
}

