#include "aip/actors/inference/inference_agent.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include "aip/actors/inference/batcher.hpp"
#include "aip/actors/inference/compute_worker.hpp"
#include "aip/actors/inference/inference_model.hpp"
#include "aip/agents/agent_definition.hpp"
#include "aip/agents/wall_clock.hpp"
#include "aip/core/type_ids.hpp"
#include "aip/schemas/inference_generated.h"
#include "bert/sentence_encoder.hpp"

namespace aip {

namespace {

using namespace aip::inference;

/// One request waiting for, or riding in, a batch.
struct waiting {
  deferred_reply reply;
  /// embed: the tokens of each text, back to back; classify: the features.
  std::vector<int32_t> ids;
  std::vector<uint32_t> lengths;
  std::vector<float> features;
  uint32_t rows = 0;
};

struct worker_slot {
  caf::actor handle;
  bool busy = false;
};

std::string default_model_dir() {
  const char* cache = std::getenv("AIP_CACHE_DIR");
  const char* home = std::getenv("HOME");
  std::string base = cache != nullptr ? cache
                                      : std::string{home != nullptr ? home : "."}
                                          + "/.cache/aip";
  return base + "/models/all-MiniLM-L6-v2";
}

batch_limits limits_from(const agent_args& args) {
  batch_limits l;
  auto positive = [&](const char* key, int64_t fallback) {
    auto v = args.get_int(key, fallback);
    if (v < 1)
      throw std::invalid_argument(std::string{"inference: "} + key
                                  + " must be at least 1");
    return static_cast<size_t>(v);
  };
  l.max_batch = positive("max_batch", 64);
  l.token_budget = positive("token_budget", 16384);
  l.max_queue = positive("max_queue", 1024);
  l.max_delay = args.get_duration("max_delay", std::chrono::milliseconds{2});
  return l;
}

struct inference_agent {
  agent_context* ctx;
  model_kind kind;
  batcher queue;
  model_spec spec;
  std::shared_ptr<inference_model> model; // handed to the first worker
  kernels::wordpiece_tokenizer tokenizer;
  size_t in_cols = 0;
  size_t out_cols = 0;
  std::vector<std::string> labels;
  std::unordered_map<uint64_t, waiting> requests;
  std::vector<worker_slot> workers;
  size_t worker_count;
  uint64_t next_ticket = 1;
  bool timer_armed = false;
  std::string model_name;
  // Counters for InferenceStats.
  uint64_t admitted = 0;
  uint64_t batches = 0;
  uint64_t batched = 0;
  uint64_t overloaded = 0;
  uint64_t expired = 0;
  uint64_t busy_ns = 0;

  inference_agent(agent_context& c, const agent_args& args, model_kind k)
    : ctx(&c),
      kind(k),
      queue(limits_from(args)),
      worker_count(static_cast<size_t>(std::max<int64_t>(1, args.get_int("workers", 1)))) {
    spec.backend = args.get_string("backend", "cpu");
    std::string err;
    if (k == model_kind::embed) {
      spec.family = "minilm";
      spec.path = args.get_string("model_dir", default_model_dir());
    } else {
      spec.family = "mlp";
      spec.path = args.get_string("model", "");
      if (spec.path.empty())
        throw std::runtime_error(c.identity().path
                                 + ": classifier needs args.model "
                                   "(a .safetensors file)");
    }
    model = load_model(spec, err);
    if (model == nullptr)
      throw std::runtime_error(c.identity().path + ": " + err);
    // The agent tokenizes (its batches are budgeted in real tokens); the
    // worker gets ids.
    if (k == model_kind::embed
        && !kernels::load_model_tokenizer(spec.path, model->max_tokens(),
                                          tokenizer, err))
      throw std::runtime_error(c.identity().path + ": " + err);
    model_name = model->describe();
    in_cols = model->in_cols();
    out_cols = model->out_cols();
    labels = model->labels();
  }
};

std::string where(agent_context& ctx, const char* op) {
  return ctx.identity().path + ": " + op + " "
         + to_string(ctx.current().message_id()) + ": ";
}

payload embeddings_payload(const waiting& w, const float* values, size_t dim) {
  return make_payload<Embeddings>([&](flatbuffers::FlatBufferBuilder& b) {
    auto v = b.CreateVector(values, w.lengths.size() * dim);
    auto t = b.CreateVector(w.lengths);
    return CreateEmbeddings(b, static_cast<uint32_t>(dim), v, t);
  });
}

payload classes_payload(const inference_agent& st, const float* values,
                        size_t rows) {
  return make_payload<Classes>([&](flatbuffers::FlatBufferBuilder& b) {
    auto l = b.CreateVectorOfStrings(st.labels);
    auto p = b.CreateVector(values, rows * st.out_cols);
    return CreateClasses(b, l, p);
  });
}

void dispatch(inference_agent& st);

void fail_expired(inference_agent& st, const std::vector<uint64_t>& tickets) {
  st.expired += tickets.size();
  for (auto t : tickets) {
    auto i = st.requests.find(t);
    if (i == st.requests.end())
      continue;
    i->second.reply.fail(request_errc::timeout,
                         st.ctx->identity().path
                           + ": deadline passed while the request was queued");
    st.requests.erase(i);
  }
}

// While every worker is busy, requests wait; their deadlines are checked
// once per finished batch (O(queue)), not on every arrival.
void sweep_expired(inference_agent& st) {
  std::vector<uint64_t> expired;
  st.queue.drop_expired(wall_clock_ns(), expired);
  fail_expired(st, expired);
}

compute_job build_job(inference_agent& st, const std::vector<uint64_t>& batch,
                      uint64_t id) {
  compute_job job;
  job.id = id;
  job.offsets.push_back(0);
  for (auto t : batch) {
    auto& w = st.requests.at(t);
    if (st.kind == model_kind::embed) {
      job.ints.insert(job.ints.end(), w.ids.begin(), w.ids.end());
      for (auto n : w.lengths)
        job.offsets.push_back(job.offsets.back() + n);
    } else {
      job.floats.insert(job.floats.end(), w.features.begin(), w.features.end());
      job.rows += w.rows;
    }
  }
  if (st.kind == model_kind::classify)
    job.offsets.clear();
  return job;
}

void finish(inference_agent& st, const std::vector<uint64_t>& batch,
            compute_result& r) {
  size_t row = 0;
  for (auto t : batch) {
    auto i = st.requests.find(t);
    if (i == st.requests.end())
      continue;
    auto& w = i->second;
    const size_t rows = st.kind == model_kind::embed ? w.lengths.size() : w.rows;
    if (!r.error.empty()) {
      w.reply.fail(request_errc::unreachable, st.ctx->identity().path + ": " + r.error);
    } else {
      const float* values = r.values.data() + row * st.out_cols;
      w.reply.deliver(st.kind == model_kind::embed
                        ? embeddings_payload(w, values, st.out_cols)
                        : classes_payload(st, values, rows));
    }
    row += rows;
    st.requests.erase(i);
  }
}

void send_batch(inference_agent& st, worker_slot& slot,
                std::vector<uint64_t> batch) {
  auto* self = st.ctx->self();
  auto job = build_job(st, batch, st.next_ticket++);
  slot.busy = true;
  ++st.batches;
  st.batched += batch.size();
  auto* slot_ptr = &slot;
  self->request(slot.handle, caf::infinite, std::move(job))
    .then(
      [&st, slot_ptr, batch](compute_result& r) {
        slot_ptr->busy = false;
        st.queue.record_service(duration{r.service_ns});
        st.busy_ns += static_cast<uint64_t>(r.service_ns);
        finish(st, batch, r);
        sweep_expired(st);
        dispatch(st);
      },
      [&st, slot_ptr, batch](caf::error& err) {
        slot_ptr->busy = false;
        compute_result r;
        r.error = "compute worker failed: " + caf::to_string(err);
        finish(st, batch, r);
        dispatch(st);
      });
}

// Sends batches while a worker is free and a batch is due; otherwise wakes
// up when the oldest waiting request's delay runs out.
void dispatch(inference_agent& st) {
  const int64_t now = wall_clock_ns();
  std::vector<uint64_t> expired;
  for (auto& slot : st.workers) {
    if (slot.busy)
      continue;
    if (!st.queue.ready(now))
      break;
    std::vector<uint64_t> batch;
    st.queue.take(now, batch, expired);
    if (!batch.empty())
      send_batch(st, slot, std::move(batch));
  }
  bool all_busy = std::all_of(st.workers.begin(), st.workers.end(),
                              [](auto& w) { return w.busy; });
  fail_expired(st, expired);
  if (!all_busy && !st.timer_armed && st.queue.due_at()) {
    st.timer_armed = true;
    auto wait = duration{std::max<int64_t>(0, *st.queue.due_at() - now)};
    st.ctx->after(wait, [&st] {
      st.timer_armed = false;
      dispatch(st);
    });
  }
}

reply admit(inference_agent& st, agent_context& ctx, const char* op,
            waiting w, size_t cost) {
  auto ticket = st.next_ticket++;
  if (!st.queue.push(ticket, cost, static_cast<int64_t>(ctx.current().deadline_ns()),
                     wall_clock_ns())) {
    ++st.overloaded;
    return reply::error(request_errc::overloaded,
                        where(ctx, op) + "queue full ("
                          + std::to_string(st.queue.queued())
                          + " requests waiting); retry after "
                          + to_string(st.queue.retry_after()));
  }
  ++st.admitted;
  w.reply = ctx.defer_reply();
  st.requests.emplace(ticket, std::move(w));
  dispatch(st);
  return reply::later();
}

reply on_embed(inference_agent& st, agent_context& ctx, const EmbedRequest& m) {
  if (m.texts()->size() == 0)
    return reply::error(request_errc::invalid_input,
                        where(ctx, "EmbedRequest") + "no texts");
  waiting w;
  w.lengths.reserve(m.texts()->size());
  for (auto* text : *m.texts()) {
    auto n = st.tokenizer.encode(text->string_view(), w.ids);
    w.lengths.push_back(static_cast<uint32_t>(n));
  }
  auto cost = w.ids.size();
  return admit(st, ctx, "EmbedRequest", std::move(w), cost);
}

reply on_classify(inference_agent& st, agent_context& ctx,
                  const ClassifyRequest& m) {
  const size_t n = m.inputs()->size();
  if (m.rows() == 0 || n != size_t{m.rows()} * st.in_cols)
    return reply::error(request_errc::invalid_input,
                        where(ctx, "ClassifyRequest") + std::to_string(n)
                          + " inputs for " + std::to_string(m.rows())
                          + " rows; the model takes "
                          + std::to_string(st.in_cols) + " per row");
  waiting w;
  w.features.assign(m.inputs()->begin(), m.inputs()->end());
  w.rows = m.rows();
  const size_t cost = w.rows;
  return admit(st, ctx, "ClassifyRequest", std::move(w), cost);
}

payload stats_payload(const inference_agent& st) {
  return make_payload<InferenceStats>([&](flatbuffers::FlatBufferBuilder& b) {
    return CreateInferenceStats(b, st.admitted, st.batches, st.batched,
                                st.overloaded, st.expired, st.busy_ns,
                                b.CreateString(st.model_name));
  });
}

void start_workers(inference_agent& st, agent_context& ctx) {
  auto* self = ctx.self();
  // Linked: a worker that dies takes the agent with it, and the
  // supervisor restarts both (the model is reloaded).
  // Each worker owns a model of its own (a model serves one thread).
  for (size_t i = 0; i < st.worker_count; ++i) {
    std::shared_ptr<inference_model> model = std::move(st.model);
    if (model == nullptr) {
      std::string err;
      model = load_model(st.spec, err);
      if (model == nullptr)
        throw std::runtime_error(ctx.identity().path + ": " + err);
    }
    st.workers.push_back(worker_slot{
      self->spawn<caf::detached + caf::linked>(compute_worker, std::move(model)),
      false});
  }
}

template <class Self>
auto common_args(Self def) {
  return std::move(def)
    .arg("backend", arg_kind::string, "cpu (default), cuda_f16, cuda_bf16, auto")
    .arg("max_batch", arg_kind::integer, "requests per batch at most (64)")
    .arg("max_delay", arg_kind::duration,
         "longest wait of a request for its batch (2ms)")
    .arg("token_budget", arg_kind::integer, "tokens (or rows) per batch (16384)")
    .arg("max_queue", arg_kind::integer,
         "requests waiting before `overloaded` (1024)")
    .arg("workers", arg_kind::integer, "compute workers (1)");
}

struct embedder : inference_agent {
  embedder(agent_context& c, const agent_args& a)
    : inference_agent(c, a, model_kind::embed) {}
};

struct classifier : inference_agent {
  classifier(agent_context& c, const agent_args& a)
    : inference_agent(c, a, model_kind::classify) {}
};

} // namespace

agent_type embedder_agent_type() {
  return common_args(
           define_agent<embedder>("embedder")
             .summary("sentence embeddings (all-MiniLM-L6-v2) with dynamic "
                      "batching")
             .arg("model_dir", arg_kind::string,
                  "model folder (default: the fetched all-MiniLM-L6-v2)"))
    .skill("embed")
    .on<InferenceStatsRequest>(
      [](embedder& st, agent_context&, const InferenceStatsRequest&) -> reply {
        return stats_payload(st);
      })
    .on<EmbedRequest>([](embedder& st, agent_context& ctx,
                         const EmbedRequest& m) { return on_embed(st, ctx, m); })
    .on_start([](embedder& st, agent_context& ctx) { start_workers(st, ctx); })
    .build();
}

agent_type classifier_agent_type() {
  return common_args(
           define_agent<classifier>("classifier")
             .summary("dense MLP classification with dynamic batching")
             .arg("model", arg_kind::string, "a .safetensors file", true))
    .skill("classify")
    .on<InferenceStatsRequest>(
      [](classifier& st, agent_context&, const InferenceStatsRequest&) -> reply {
        return stats_payload(st);
      })
    .on<ClassifyRequest>([](classifier& st, agent_context& ctx,
                            const ClassifyRequest& m) {
      return on_classify(st, ctx, m);
    })
    .on_start([](classifier& st, agent_context& ctx) { start_workers(st, ctx); })
    .build();
}

} // namespace aip
