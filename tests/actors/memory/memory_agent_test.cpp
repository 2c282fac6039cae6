// The `memory` agent through the broker: records in, best matches out (with
// filters), updates and deletes, errors that name the agent and message,
// searches arriving together answered by one batched kernel call, a bounded
// queue of waiting searches, and snapshots by message and at start.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "aip/actors/memory/memory_agent.hpp"
#include "aip/actors/memory/memory_codec.hpp"
#include "actors/broker/backbone_fixture.hpp"
#include "memory_records.hpp"

namespace aip::test {
namespace {

using namespace aip::memory;

constexpr size_t dim = 16;

std::string tree(const std::string& extra_args = "") {
  return R"(
node: {name: n1}
supervisor:
  name: root
  children:
    - name: mem
      type: memory
      args: {dim: 16)" + extra_args + R"(}
)";
}

void add_memory(agent_type_registry& t) {
  t.add(memory_agent_type());
}

const address mem = address::of_path("root/mem");

std::vector<recalled> hits_of(const call_result& r) {
  EXPECT_TRUE(r.ok()) << (r.error ? to_string(*r.error) : "");
  auto* h = read_payload<MemoryHits>(r.reply);
  EXPECT_NE(h, nullptr);
  return h != nullptr ? read_hits(*h) : std::vector<recalled>{};
}

payload simple(const char* which, const std::string& ns, const std::string& id) {
  if (std::string{which} == "delete")
    return make_payload<MemoryDelete>([&](flatbuffers::FlatBufferBuilder& b) {
      return CreateMemoryDeleteDirect(b, ns.c_str(), id.c_str());
    });
  return make_payload<MemoryUpdate>([&](flatbuffers::FlatBufferBuilder& b) {
    return CreateMemoryUpdateDirect(b, ns.c_str(), id.c_str(), nullptr,
                                    "updated");
  });
}

payload snapshot_msg(bool restore, const std::string& name) {
  if (restore)
    return make_payload<MemoryRestore>([&](flatbuffers::FlatBufferBuilder& b) {
      return CreateMemoryRestoreDirect(b, name.c_str());
    });
  return make_payload<MemorySnapshot>([&](flatbuffers::FlatBufferBuilder& b) {
    return CreateMemorySnapshotDirect(b, name.c_str());
  });
}

struct filled {
  std::vector<std::pair<std::string, std::vector<float>>> rows;
};

filled fill(backbone_node& node, std::mt19937& gen, size_t n,
            const std::string& ns = "agent:root/a") {
  filled f;
  for (size_t i = 0; i < n; ++i) {
    auto id = "m" + std::to_string(i);
    auto v = random_vector(gen, dim);
    auto r = node.call(mem, make_add(ns, id, v, "note " + id,
                                     {{"kind", i % 2 ? "odd" : "even"}}, false));
    EXPECT_TRUE(r.ok()) << to_string(*r.error);
    auto* ack = read_payload<MemoryAck>(r.reply);
    EXPECT_NE(ack, nullptr);
    if (ack != nullptr)
      EXPECT_EQ(ack->size(), i + 1);
    f.rows.emplace_back(id, v);
  }
  return f;
}

TEST(MemoryAgent, RemembersAndFindsTheClosestRecords) {
  backbone_node node{tree(), add_memory};
  std::mt19937 gen{fresh_seed("memory agent")};
  auto f = fill(node, gen, 100);
  auto q = random_vector(gen, dim);
  auto hits = hits_of(node.call(mem, make_search("agent:root/a", q, 5)));
  auto want = brute_force(f.rows, q, 5, [](auto&) { return true; });
  ASSERT_EQ(hits.size(), 5u);
  for (size_t i = 0; i < 5; ++i)
    EXPECT_NEAR(hits[i].score, want[i].first, 1e-5);
  EXPECT_EQ(hits[0].id, want[0].second);
  EXPECT_EQ(hits[0].text, "note " + hits[0].id);
  // A record finds itself first, and a filter applies.
  auto self = hits_of(node.call(mem, make_search("agent:root/a", f.rows[7].second, 1)));
  ASSERT_EQ(self.size(), 1u);
  EXPECT_EQ(self[0].id, "m7");
  filter_set odd{{filter{"kind", filter_op::eq, {"odd"}}}};
  for (auto& h : hits_of(node.call(mem, make_search("agent:root/a", q, 10, odd))))
    EXPECT_EQ(h.meta, (metadata{{"kind", "odd"}})) << h.id;
  // Another namespace sees none of them.
  EXPECT_TRUE(hits_of(node.call(mem, make_search("team:other", q, 5))).empty());
}

TEST(MemoryAgent, UpdateAndDelete) {
  backbone_node node{tree(), add_memory};
  std::mt19937 gen{fresh_seed("memory agent update")};
  auto f = fill(node, gen, 10);
  ASSERT_TRUE(node.call(mem, simple("update", "agent:root/a", "m3")).ok());
  auto hit = hits_of(node.call(mem, make_search("agent:root/a", f.rows[3].second, 1)));
  ASSERT_EQ(hit.size(), 1u);
  EXPECT_EQ(hit[0].text, "updated");
  auto del = node.call(mem, simple("delete", "agent:root/a", "m3"));
  ASSERT_TRUE(del.ok());
  EXPECT_EQ(read_payload<MemoryAck>(del.reply)->size(), 9u);
  for (auto& h : hits_of(node.call(mem, make_search("agent:root/a", f.rows[3].second, 10))))
    EXPECT_NE(h.id, "m3");
  auto again = node.call(mem, simple("delete", "agent:root/a", "m3"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error->code, request_errc::invalid_input);
  EXPECT_NE(again.error->what.find("agent:root/a/m3: no record 'm3'"),
            std::string::npos)
    << again.error->what;
}

TEST(MemoryAgent, BadInputIsRejectedNamingTheAgentAndMessage) {
  backbone_node node{tree(), add_memory};
  std::vector<float> v(dim, 1.f), short_v(3, 1.f);
  auto req = node.make(mem, make_add("nowhere", "x", v, "", {}, false));
  auto r = node.call(req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, request_errc::invalid_input);
  EXPECT_EQ(r.error->what, "root/mem: MemoryAdd " + to_string(req.message_id())
                             + ": namespace 'nowhere' must be agent:<path>, "
                               "team:<name> or org:<name>");
  r = node.call(mem, make_add("org:acme", "x", short_v, "", {}, false));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error->what.find("org:acme/x: vector has 3 values, the namespace 16"),
            std::string::npos)
    << r.error->what;
  ASSERT_TRUE(node.call(mem, make_add("org:acme", "x", v, "", {}, false)).ok());
  r = node.call(mem, make_search("org:acme", short_v, 3));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error->what.find("vector has 3 values, the agent 16"),
            std::string::npos);
  r = node.call(mem, make_search("org:acme", v, 0));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error->what.find("k 0 is outside 1..1024"), std::string::npos);
  filter_set bad{{filter{"k", filter_op::eq, {"a", "b"}}}};
  r = node.call(mem, make_search("org:acme", v, 3, bad));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error->what.find("filters[0] (k): 2 values do not fit"),
            std::string::npos);
  // The agent is still serving after all of that.
  EXPECT_EQ(hits_of(node.call(mem, make_search("org:acme", v, 3))).size(), 1u);
}

size_t batches_of(backbone_node& node) {
  auto r = node.call(mem, make_payload<MemoryStatsRequest>(
                            [](flatbuffers::FlatBufferBuilder& b) {
                              return CreateMemoryStatsRequest(b);
                            }));
  EXPECT_TRUE(r.ok());
  return read_payload<MemoryStats>(r.reply)->batches();
}

TEST(MemoryAgent, SearchesArrivingTogetherShareBatches) {
  backbone_node node{tree(", coalesce: 20ms"), add_memory};
  std::mt19937 gen{fresh_seed("memory coalescing")};
  auto f = fill(node, gen, 200);
  std::vector<envelope> reqs;
  std::vector<std::vector<float>> qs;
  for (int i = 0; i < 64; ++i) {
    qs.push_back(random_vector(gen, dim));
    reqs.push_back(node.make(mem, make_search("agent:root/a", qs.back(), 3)));
  }
  auto before = batches_of(node);
  auto answers = node.call_all(reqs);
  auto used = batches_of(node) - before;
  for (size_t i = 0; i < answers.size(); ++i) {
    auto hits = hits_of(answers[i]);
    auto want = brute_force(f.rows, qs[i], 3, [](auto&) { return true; });
    ASSERT_EQ(hits.size(), 3u);
    for (size_t j = 0; j < 3; ++j)
      EXPECT_NEAR(hits[j].score, want[j].first, 1e-5) << "query " << i;
  }
  std::printf("64 concurrent searches answered in %zu kernel calls\n", used);
  EXPECT_LE(used, 16u);
}

TEST(MemoryAgent, TooManyWaitingSearchesAreOverloaded) {
  backbone_node node{tree(", coalesce: 300ms, max_pending: 4"), add_memory};
  std::mt19937 gen{fresh_seed("memory overload")};
  fill(node, gen, 10);
  std::vector<envelope> reqs;
  for (int i = 0; i < 10; ++i)
    reqs.push_back(node.make(mem, make_search("agent:root/a",
                                              random_vector(gen, dim), 1)));
  int ok = 0, overloaded = 0;
  for (auto& a : node.call_all(reqs)) {
    if (a.ok())
      ++ok;
    else if (a.error->code == request_errc::overloaded)
      ++overloaded;
  }
  EXPECT_EQ(ok, 4);
  EXPECT_EQ(overloaded, 6);
}

TEST(MemoryAgent, SnapshotsAndRestoresByMessage) {
  auto dir = std::filesystem::temp_directory_path() / "aip-memory-test";
  std::filesystem::create_directories(dir);
  backbone_node node{tree(", snapshot_dir: " + dir.string()), add_memory};
  std::mt19937 gen{fresh_seed("memory snapshot")};
  auto f = fill(node, gen, 20);
  auto snap = node.call(mem, snapshot_msg(false, "s1"));
  ASSERT_TRUE(snap.ok()) << to_string(*snap.error);
  EXPECT_EQ(read_payload<MemorySnapshotInfo>(snap.reply)->records(), 20u);
  ASSERT_TRUE(node.call(mem, simple("delete", "agent:root/a", "m5")).ok());
  auto restored = node.call(mem, snapshot_msg(true, "s1"));
  ASSERT_TRUE(restored.ok()) << to_string(*restored.error);
  auto hit = hits_of(node.call(mem, make_search("agent:root/a", f.rows[5].second, 1)));
  ASSERT_EQ(hit.size(), 1u);
  EXPECT_EQ(hit[0].id, "m5");
  // Paths are names inside snapshot_dir, nothing else.
  auto escape = node.call(mem, snapshot_msg(false, "../x"));
  ASSERT_FALSE(escape.ok());
  EXPECT_EQ(escape.error->code, request_errc::denied);
  // A corrupt file is refused and what is held stays.
  std::ofstream{dir / "bad"} << "AIPMEM01garbage";
  auto bad = node.call(mem, snapshot_msg(true, "bad"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error->code, request_errc::invalid_input);
  EXPECT_NE(bad.error->what.find("snapshot " + (dir / "bad").string()),
            std::string::npos)
    << bad.error->what;
  EXPECT_EQ(hits_of(node.call(mem, make_search("agent:root/a", f.rows[5].second, 30))).size(),
            20u);
  std::filesystem::remove_all(dir);
}

TEST(MemoryAgent, SnapshotsAreOffWithoutADirectory) {
  backbone_node node{tree(), add_memory};
  auto r = node.call(mem, snapshot_msg(false, "s"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, request_errc::denied);
  EXPECT_NE(r.error->what.find("snapshots are off (no snapshot_dir)"),
            std::string::npos);
}

TEST(MemoryAgent, RestoresAtStartAndRefusesACorruptFile) {
  auto dir = std::filesystem::temp_directory_path() / "aip-memory-start";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string args = ", snapshot_dir: " + dir.string()
                           + ", restore: mem.snap, snapshot_on_stop: true";
  std::mt19937 gen{fresh_seed("memory restart")};
  std::vector<float> q;
  {
    backbone_node node{tree(args), add_memory};
    auto f = fill(node, gen, 12);
    q = f.rows[4].second;
  } // stopping writes mem.snap
  {
    backbone_node node{tree(args), add_memory};
    auto hit = hits_of(node.call(mem, make_search("agent:root/a", q, 1)));
    ASSERT_EQ(hit.size(), 1u);
    EXPECT_EQ(hit[0].id, "m4");
  }
  auto snap = dir / "mem.snap";
  auto size = std::filesystem::file_size(snap);
  std::filesystem::resize_file(snap, size - 5);
  {
    // The agent fails as it starts, saying why; its supervisor restarts it
    // (and fails it again) rather than serving from half a snapshot.
    backbone_node node{tree(args), add_memory};
    const auto expect = "restore: snapshot " + snap.string();
    bool reported = node.events().wait_for(
      [&](const std::vector<nlohmann::json>& evs) {
        for (auto& e : evs)
          if (e.dump().find(expect) != std::string::npos)
            return true;
        return false;
      },
      5000);
    EXPECT_TRUE(reported) << "no event names " << expect;
    auto r = node.call(mem, make_search("agent:root/a", q, 1),
                       {}, std::chrono::milliseconds{500});
    EXPECT_FALSE(r.ok() && !hits_of(r).empty());
  }
  std::filesystem::remove_all(dir);
}

} // namespace
} // namespace aip::test
