#include "aip/actors/memory/memory_agent.hpp"

#include <unistd.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <vector>

#include <caf/atom.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/message.hpp>
#include <caf/message_view.hpp>

#include "aip/actors/memory/memory_codec.hpp"
#include "aip/actors/memory/memory_store.hpp"
#include "aip/actors/memory/snapshot.hpp"
#include "aip/agents/agent_definition.hpp"

namespace aip {

namespace {

using namespace aip::memory;

using flush_atom = caf::atom_constant<caf::atom("memflush")>;

struct pending_search {
  std::string ns;
  std::string signature;
  filter_set filters;
  std::vector<float> query;
  uint32_t k = 10;
  deferred_reply reply;
};

kernels::metric parse_metric(const std::string& s) {
  if (s == "cosine")
    return kernels::metric::cosine;
  if (s == "inner_product")
    return kernels::metric::inner_product;
  if (s == "l2")
    return kernels::metric::l2;
  throw std::invalid_argument("memory: metric '" + s
                              + "' is not cosine, inner_product or l2");
}

kernels::element parse_element(const std::string& s) {
  if (s == "f32")
    return kernels::element::f32;
  if (s == "f16")
    return kernels::element::f16;
  throw std::invalid_argument("memory: element '" + s + "' is not f32 or f16");
}

index_config config_from(const agent_args& args) {
  index_config cfg;
  auto dim = args.get_int("dim", 384);
  if (dim <= 0 || dim > 65536)
    throw std::invalid_argument("memory: dim must be 1..65536");
  cfg.dim = static_cast<size_t>(dim);
  cfg.metric = parse_metric(args.get_string("metric", "cosine"));
  cfg.element = parse_element(args.get_string("element", "f32"));
  auto backend = args.get_string("backend", "cpu");
  if (backend != "cpu" && backend != "gpu")
    throw std::invalid_argument("memory: backend '" + backend
                                + "' is not cpu or gpu");
  cfg.gpu = backend == "gpu";
  return cfg;
}

struct memory_agent {
  // The context outlives the state (both belong to the agent's actor); the
  // raw flush message handler has no context argument of its own.
  agent_context* ctx;
  memory_store store;
  std::string snapshot_dir;
  std::string restore;
  bool snapshot_on_stop;
  size_t max_pending;
  size_t max_batch;
  duration coalesce;
  std::vector<pending_search> pending;
  bool flush_scheduled = false;
  uint64_t searches = 0;
  uint64_t batches = 0;

  memory_agent(agent_context& c, const agent_args& args)
    : ctx(&c),
      store(config_from(args)),
      snapshot_dir(args.get_string("snapshot_dir", "")),
      restore(args.get_string("restore", "")),
      snapshot_on_stop(args.get_bool("snapshot_on_stop", false)),
      max_pending(static_cast<size_t>(
        std::max<int64_t>(1, args.get_int("max_pending", 4096)))),
      max_batch(static_cast<size_t>(
        std::max<int64_t>(1, args.get_int("max_batch", 256)))),
      coalesce(args.get_duration("coalesce", duration{0})) {}
};

// "root/mem: MemoryAdd 5f3e..: " — every error names the agent and message.
std::string where(agent_context& ctx, const char* op) {
  return ctx.identity().path + ": " + op + " "
         + to_string(ctx.current().message_id()) + ": ";
}

reply invalid(agent_context& ctx, const char* op, const std::string& what) {
  return reply::error(request_errc::invalid_input, where(ctx, op) + what);
}

// A snapshot file name inside snapshot_dir: no directories, no "..", so a
// message cannot make the agent read or write elsewhere.
bool snapshot_path(const memory_agent& st, const std::string& name,
                   std::string& path, std::string& error) {
  if (st.snapshot_dir.empty()) {
    error = "snapshots are off (no snapshot_dir)";
    return false;
  }
  if (name.empty() || name.find('/') != std::string::npos || name == "."
      || name == "..") {
    error = "snapshot name '" + name + "' must be a plain file name";
    return false;
  }
  path = st.snapshot_dir + "/" + name;
  return true;
}

payload info_payload(const std::string& path, const snapshot_info& info) {
  return make_payload<MemorySnapshotInfo>([&](flatbuffers::FlatBufferBuilder& b) {
    return CreateMemorySnapshotInfo(b, b.CreateString(path), info.namespaces,
                                    info.records, info.bytes);
  });
}

std::vector<recalled> to_recalled(const namespace_index& idx,
                                  const std::vector<hit>& hits, size_t k) {
  std::vector<recalled> out;
  for (size_t i = 0; i < hits.size() && i < k; ++i)
    out.push_back(recalled{idx.id(hits[i].row), hits[i].score,
                           idx.text(hits[i].row), idx.meta(hits[i].row)});
  return out;
}

// Answers every pending search: one kernel call per (namespace, filters)
// group, with the group's largest k (each reply is cut to its own k).
void flush(memory_agent& st, agent_context& ctx) {
  st.flush_scheduled = false;
  if (st.pending.empty())
    return;
  auto work = std::move(st.pending);
  st.pending.clear();
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> groups;
  for (size_t i = 0; i < work.size(); ++i)
    groups[{work[i].ns, work[i].signature}].push_back(i);
  for (auto& [key, members] : groups) {
    const namespace_index* idx = st.store.find(key.first);
    if (idx == nullptr) {
      for (auto i : members)
        work[i].reply.deliver(make_hits({}));
      continue;
    }
    const size_t d = idx->config().dim;
    uint32_t k = 0;
    std::vector<float> queries;
    queries.reserve(members.size() * d);
    for (auto i : members) {
      k = std::max(k, work[i].k);
      queries.insert(queries.end(), work[i].query.begin(), work[i].query.end());
    }
    std::vector<std::vector<hit>> hits;
    auto status = idx->search(queries.data(), members.size(), k,
                              work[members.front()].filters, hits);
    ++st.batches;
    for (size_t j = 0; j < members.size(); ++j) {
      auto& p = work[members[j]];
      if (status != kernels::status::ok)
        p.reply.fail(request_errc::unreachable,
                     ctx.identity().path + ": search kernel failed: "
                       + kernels::to_string(status));
      else
        p.reply.deliver(make_hits(to_recalled(*idx, hits[j], p.k)));
    }
  }
}

void schedule_flush(memory_agent& st, agent_context& ctx) {
  if (st.pending.size() >= st.max_batch) {
    flush(st, ctx);
    return;
  }
  if (st.flush_scheduled)
    return;
  st.flush_scheduled = true;
  if (st.coalesce.count() > 0) {
    ctx.after(st.coalesce, [&st, &ctx] { flush(st, ctx); });
  } else {
    // Queued behind everything already in the mailbox: searches that
    // arrived together are answered together, with no timer in between.
    auto* self = ctx.self();
    self->send(self, flush_atom::value);
  }
}

reply on_search(memory_agent& st, agent_context& ctx, const MemorySearch& m) {
  ++st.searches;
  std::string err;
  auto ns = m.ns()->str();
  if (!memory_store::valid_name(ns, err))
    return invalid(ctx, "MemorySearch", err);
  const size_t d = st.store.defaults().dim;
  if (m.vector()->size() != d)
    return invalid(ctx, "MemorySearch",
                   "vector has " + std::to_string(m.vector()->size())
                     + " values, the agent " + std::to_string(d));
  if (m.k() < 1 || m.k() > kernels::max_k)
    return invalid(ctx, "MemorySearch",
                   "k " + std::to_string(m.k()) + " is outside 1.."
                     + std::to_string(kernels::max_k));
  auto filters = read_filters(m.filters());
  if (!filters.validate(err))
    return invalid(ctx, "MemorySearch", err);
  if (st.store.find(ns) == nullptr)
    return make_hits({});
  if (st.pending.size() >= st.max_pending)
    return reply::error(request_errc::overloaded,
                        where(ctx, "MemorySearch")
                          + std::to_string(st.pending.size())
                          + " searches already waiting");
  pending_search p;
  p.ns = std::move(ns);
  p.signature = filters.signature();
  p.filters = std::move(filters);
  p.query.assign(m.vector()->begin(), m.vector()->end());
  p.k = m.k();
  p.reply = ctx.defer_reply();
  st.pending.push_back(std::move(p));
  schedule_flush(st, ctx);
  return reply::later();
}

reply on_add(memory_agent& st, agent_context& ctx, const MemoryAdd& m) {
  std::string err;
  auto ns = m.ns()->str();
  auto id = m.id()->str();
  if (!memory_store::valid_name(ns, err))
    return invalid(ctx, "MemoryAdd", err);
  auto& idx = st.store.get_or_create(ns);
  if (!idx.add(id, m.vector()->data(), m.vector()->size(),
               m.text() ? m.text()->str() : std::string{},
               read_metadata(m.metadata()), m.upsert(), err)) {
    st.store.drop_if_empty(ns);
    return invalid(ctx, "MemoryAdd", ns + "/" + id + ": " + err);
  }
  return make_ack(ns, id, idx.size());
}

reply on_update(memory_agent& st, agent_context& ctx, const MemoryUpdate& m) {
  std::string err;
  auto ns = m.ns()->str();
  auto id = m.id()->str();
  auto* idx = st.store.find(ns);
  if (idx == nullptr)
    return invalid(ctx, "MemoryUpdate", "no namespace '" + ns + "'");
  std::string text = m.text() ? m.text()->str() : std::string{};
  metadata md = read_metadata(m.metadata());
  if (!idx->update(id, m.vector() ? m.vector()->data() : nullptr,
                   m.vector() ? m.vector()->size() : 0,
                   m.text() ? &text : nullptr,
                   m.metadata() ? &md : nullptr, err))
    return invalid(ctx, "MemoryUpdate", ns + "/" + id + ": " + err);
  return make_ack(ns, id, idx->size());
}

reply on_delete(memory_agent& st, agent_context& ctx, const MemoryDelete& m) {
  std::string err;
  auto ns = m.ns()->str();
  auto id = m.id()->str();
  auto* idx = st.store.find(ns);
  if (idx == nullptr || !idx->remove(id, err))
    return invalid(ctx, "MemoryDelete",
                   ns + "/" + id + ": " + (idx ? err : "no such namespace"));
  auto left = idx->size();
  st.store.drop_if_empty(ns);
  return make_ack(ns, id, left);
}

reply on_snapshot(memory_agent& st, agent_context& ctx,
                  const MemorySnapshot& m) {
  std::string path, err;
  if (!snapshot_path(st, m.path()->str(), path, err))
    return reply::error(request_errc::denied, where(ctx, "MemorySnapshot") + err);
  // Answer what is waiting first: the snapshot then holds every write
  // acknowledged before it.
  flush(st, ctx);
  snapshot_info info;
  if (!write_snapshot(st.store, path, info, err))
    return reply::error(request_errc::unreachable,
                        where(ctx, "MemorySnapshot") + err);
  return info_payload(path, info);
}

reply on_restore(memory_agent& st, agent_context& ctx, const MemoryRestore& m) {
  std::string path, err;
  if (!snapshot_path(st, m.path()->str(), path, err))
    return reply::error(request_errc::denied, where(ctx, "MemoryRestore") + err);
  flush(st, ctx);
  snapshot_info info;
  if (!read_snapshot(path, st.store.defaults(), st.store, info, err))
    return invalid(ctx, "MemoryRestore", err);
  return info_payload(path, info);
}

payload stats_payload(const memory_agent& st) {
  return make_payload<MemoryStats>([&](flatbuffers::FlatBufferBuilder& b) {
    std::vector<flatbuffers::Offset<NamespaceStats>> ns;
    for (auto& [name, idx] : st.store.all())
      ns.push_back(CreateNamespaceStats(b, b.CreateString(name), idx.size(),
                                        static_cast<uint32_t>(idx.config().dim)));
    return CreateMemoryStats(b, b.CreateVector(ns), st.searches, st.batches);
  });
}

void on_start(memory_agent& st, agent_context& ctx) {
  if (st.restore.empty())
    return;
  std::string path, err;
  if (!snapshot_path(st, st.restore, path, err))
    throw std::runtime_error(ctx.identity().path + ": restore: " + err);
  if (::access(path.c_str(), F_OK) != 0)
    return; // first start: nothing saved yet
  snapshot_info info;
  if (!read_snapshot(path, st.store.defaults(), st.store, info, err))
    throw std::runtime_error(ctx.identity().path + ": restore: " + err);
}

void on_stop(memory_agent& st, agent_context& ctx, const std::string&) {
  if (!st.snapshot_on_stop)
    return;
  std::string path, err;
  snapshot_info info;
  if (snapshot_path(st, st.restore.empty() ? "memory.snapshot" : st.restore,
                    path, err))
    write_snapshot(st.store, path, info, err);
}

} // namespace

agent_type memory_agent_type() {
  return define_agent<memory_agent>("memory")
    .summary("vector memory: namespaces of records, exact top-k search with "
             "metadata filters, batched; snapshots to disk")
    .arg("dim", arg_kind::integer, "vector dimension (default 384)")
    .arg("metric", arg_kind::string, "cosine (default), inner_product or l2")
    .arg("element", arg_kind::string, "stored as f32 (default) or f16")
    .arg("backend", arg_kind::string,
         "cpu (default) or gpu (falls back to the CPU without a device)")
    .arg("max_pending", arg_kind::integer,
         "searches waiting before `overloaded` (default 4096)")
    .arg("max_batch", arg_kind::integer,
         "searches answered by one kernel call at most (default 256)")
    .arg("coalesce", arg_kind::duration,
         "extra wait to gather searches into a batch (default 0)")
    .arg("snapshot_dir", arg_kind::string,
         "directory for MemorySnapshot/MemoryRestore files (default: off)")
    .arg("restore", arg_kind::string,
         "snapshot file in snapshot_dir to load at start, if it exists")
    .arg("snapshot_on_stop", arg_kind::boolean,
         "write the restore file (or memory.snapshot) when stopping")
    .skill("memory")
    .on<MemoryAdd>(on_add)
    .on<MemoryUpdate>(on_update)
    .on<MemoryDelete>(on_delete)
    .on<MemorySearch>(on_search)
    .on<MemorySnapshot>(on_snapshot)
    .on<MemoryRestore>(on_restore)
    .on<MemoryStatsRequest>(
      [](memory_agent& st, agent_context&, const MemoryStatsRequest&) -> reply {
        return stats_payload(st);
      })
    .on_start(on_start)
    .on_stop(on_stop)
    .on_raw([](memory_agent& st, caf::message_view& x) -> caf::message {
      auto msg = x.copy_content_to_message();
      if (msg.match_elements<caf::atom_value>()
          && msg.get_as<caf::atom_value>(0) == flush_atom::value)
        flush(st, *st.ctx);
      return {};
    })
    .build();
}

} // namespace aip
