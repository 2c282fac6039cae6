// Drives the real `aip` binary: `check` exit codes and error lines, `up` on
// the embedded default tree, graceful stop on SIGTERM/SIGINT (reverse order),
// and exit status 3 when the root supervisor gives up.
#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

extern char** environ;

namespace {

struct run_result {
  int status = -1;
  std::string out;
};

std::string temp_path(const std::string& stem) {
  return ::testing::TempDir() + "aip_cli_" + stem + "_"
         + std::to_string(::getpid());
}

/// Starts `aip args...` with stdout+stderr into a file; returns its pid.
pid_t start(const std::vector<std::string>& args, const std::string& out) {
  std::vector<char*> argv;
  std::string bin = AIP_BINARY;
  argv.push_back(bin.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  pid_t pid = -1;
  EXPECT_EQ(posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ),
            0);
  posix_spawn_file_actions_destroy(&fa);
  return pid;
}

std::string slurp(const std::string& path) {
  std::ifstream in{path};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

run_result finish(pid_t pid, const std::string& out) {
  int st = 0;
  waitpid(pid, &st, 0);
  run_result r;
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  r.out = slurp(out);
  return r;
}

run_result run(const std::vector<std::string>& args) {
  auto out = temp_path("run");
  return finish(start(args, out), out);
}

std::string write_file(const std::string& stem, const std::string& text) {
  auto path = temp_path(stem) + ".yaml";
  std::ofstream{path} << text;
  return path;
}

std::vector<nlohmann::json> events_in(const std::string& text) {
  std::vector<nlohmann::json> evs;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line.front() == '{')
      evs.push_back(nlohmann::json::parse(line));
  return evs;
}

TEST(aip_check, accepts_every_example) {
  for (auto name : {"minimal", "pool-10k", "nested-escalation", "chaos",
                    "default", "memory"}) {
    auto r = run({"check", std::string{AIP_SOURCE_DIR} + "/examples/" + name
                             + ".yaml"});
    EXPECT_EQ(r.status, 0) << name << ": " << r.out;
  }
}

TEST(aip_check, prints_every_error_with_file_line_column_and_exits_2) {
  auto path = write_file("bad", R"(supervisor:
  name: root
  strategy: one_for_some
  period: soon
  children:
    - name: a
      type: no_such_type
    - name: a
      type: echo
      restart: sometimes
)");
  auto r = run({"check", path});
  EXPECT_EQ(r.status, 2) << r.out;
  std::regex line{"^" + path + R"(:\d+:\d+: .+$)"};
  std::istringstream in{r.out};
  size_t located = 0;
  for (std::string l; std::getline(in, l);)
    if (std::regex_match(l, line))
      ++located;
  // strategy, period, unknown type, duplicate name, restart type.
  EXPECT_GE(located, 5u) << r.out;
  EXPECT_NE(r.out.find(path + ":3:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(path + ":4:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(path + ":7:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(path + ":8:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(path + ":10:"), std::string::npos) << r.out;
}

TEST(aip_check, a_missing_file_is_an_error) {
  auto r = run({"check", "/nonexistent/aip.yaml"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("/nonexistent/aip.yaml"), std::string::npos) << r.out;
}

TEST(aip_up, embedded_default_tree_shows_restarts_and_stops_cleanly) {
  auto r = run({"up", "--for", "3s"});
  EXPECT_EQ(r.status, 0) << r.out;
  auto evs = events_in(r.out);
  size_t restarted = 0;
  for (auto& e : evs)
    if (e["event"] == "restarted")
      ++restarted;
  EXPECT_GE(restarted, 1u) << r.out;
  ASSERT_FALSE(evs.empty());
  EXPECT_EQ(evs.back()["event"], "shutdown");
  EXPECT_EQ(evs.back()["path"], "root");
}

TEST(aip_up, sigterm_stops_the_tree_in_reverse_order_with_status_0) {
  auto cfg = write_file("order", R"(node: {name: t, threads: 2}
supervisor:
  name: root
  children:
    - {name: first, type: echo}
    - {name: second, type: ticker, args: {interval: 50ms}}
    - {name: third, type: sink}
)");
  auto events = temp_path("events") + ".jsonl";
  auto out = temp_path("term");
  auto pid = start({"up", cfg, "--events", events}, out);
  // Wait until the tree is up (root's own `started` is its last start event).
  for (int i = 0; i < 500; ++i) {
    if (slurp(events).find("\"path\":\"root\"") != std::string::npos)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  ::kill(pid, SIGTERM);
  auto r = finish(pid, out);
  EXPECT_EQ(r.status, 0) << r.out;
  std::vector<std::string> order;
  for (auto& e : events_in(slurp(events)))
    if (e["event"] == "shutdown")
      order.push_back(e["path"]);
  EXPECT_EQ(order, (std::vector<std::string>{"root/third", "root/second",
                                             "root/first", "root"}));
}

TEST(aip_up, root_giving_up_exits_3_and_says_why) {
  auto cfg = write_file("giveup", R"(node: {name: t, threads: 2, events: off}
supervisor:
  name: root
  intensity: 2
  period: 60s
  children:
    - name: flaky
      type: chaos
      args: {crash_every: 20ms}
)");
  auto r = run({"up", cfg, "--for", "30s"});
  EXPECT_EQ(r.status, 3) << r.out;
  EXPECT_NE(r.out.find("gave up"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("root/flaky"), std::string::npos) << r.out;
}

TEST(aip_up, a_child_failing_to_start_names_its_path_and_exits_1) {
  auto cfg = write_file("failstart", R"(node: {events: off}
supervisor:
  name: root
  children:
    - name: inner
      supervisor:
        children:
          - {name: bad, type: chaos, args: {fail_start: true}}
)");
  auto r = run({"up", cfg, "--for", "5s"});
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("root/inner/bad"), std::string::npos) << r.out;
}

TEST(aip_up, a_config_error_exits_2_without_running) {
  auto cfg = write_file("cfgerr", "supervisor: {name: root, strategy: x}\n");
  auto r = run({"up", cfg});
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find(cfg + ":1:"), std::string::npos) << r.out;
}

} // namespace
