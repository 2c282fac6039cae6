#include "aip/actors/memory/recall.hpp"

#include "aip/schemas/inference_generated.h"

namespace aip {

namespace {

std::string own_namespace(agent_context& ctx, const memory_options& opts) {
  return opts.ns.empty() ? "agent:" + ctx.identity().path : opts.ns;
}

// Embeds one text, then hands its vector to `next`.
void embed_one(agent_context& ctx, const std::string& text,
               const memory_options& opts,
               std::function<void(std::vector<float>)> next,
               agent_context::error_handler on_error) {
  ctx.request(
    opts.embedder, make_embed_request({text}), opts.timeout,
    [next = std::move(next), on_error](const envelope& reply) {
      auto* e = read_payload<inference::Embeddings>(reply);
      if (e == nullptr || e->vectors() == nullptr || e->dim() == 0
          || e->vectors()->size() != e->dim()) {
        on_error(request_failure{request_errc::invalid_input,
                                 "embedder answered " + std::string{reply.payload_type()}
                                   + ", not one Embeddings row",
                                 duration{0}});
        return;
      }
      next(std::vector<float>(e->vectors()->begin(), e->vectors()->end()));
    },
    on_error);
}

} // namespace

payload make_embed_request(const std::vector<std::string>& texts) {
  return make_payload<inference::EmbedRequest>(
    [&](flatbuffers::FlatBufferBuilder& b) {
      return inference::CreateEmbedRequest(b, b.CreateVectorOfStrings(texts));
    });
}

void remember(agent_context& ctx, const std::string& text, memory_options opts,
              std::function<void(const std::string& id)> done,
              agent_context::error_handler on_error) {
  auto ns = own_namespace(ctx, opts);
  auto id = opts.id.empty() ? to_string(id128::random()) : opts.id;
  auto* c = &ctx;
  embed_one(
    ctx, text, opts,
    [c, ns, id, text, opts, done = std::move(done), on_error](std::vector<float> v) {
      c->request(
        opts.memory, memory::make_add(ns, id, v, text, opts.meta, true),
        opts.timeout,
        [id, done](const envelope&) { done(id); }, on_error);
    },
    on_error);
}

void recall(agent_context& ctx, const std::string& query, uint32_t k,
            memory_options opts,
            std::function<void(std::vector<memory::recalled>)> done,
            agent_context::error_handler on_error) {
  auto ns = own_namespace(ctx, opts);
  auto* c = &ctx;
  embed_one(
    ctx, query, opts,
    [c, ns, k, opts, done = std::move(done), on_error](std::vector<float> v) {
      c->request(
        opts.memory, memory::make_search(ns, v, k, opts.filters), opts.timeout,
        [done, on_error](const envelope& reply) {
          auto* hits = read_payload<memory::MemoryHits>(reply);
          if (hits == nullptr) {
            on_error(request_failure{request_errc::invalid_input,
                                     "memory answered "
                                       + std::string{reply.payload_type()},
                                     duration{0}});
            return;
          }
          done(memory::read_hits(*hits));
        },
        on_error);
    },
    on_error);
}

} // namespace aip
