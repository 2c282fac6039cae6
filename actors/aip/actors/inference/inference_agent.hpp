#pragma once
/// Inference agents: a model served with dynamic batching. Requests wait in
/// a bounded queue and leave in batches (max_batch requests, token_budget
/// tokens, or once the oldest has waited max_delay) for a detached compute
/// worker that owns the model, so no scheduler thread ever runs a forward
/// pass; while a worker computes, the next batch gathers.
///
/// `embedder` (skill `embed`): EmbedRequest -> Embeddings with
/// all-MiniLM-L6-v2 (args: model_dir, default the fetched model). The
/// WordPiece tokenizer runs on the agent, so the token budget counts real
/// tokens. `classifier` (skill `classify`): ClassifyRequest -> Classes
/// with a dense MLP (args: model, a .safetensors file).
///
/// Errors: overloaded (queue full: `max_queue` requests, with an estimated
/// retry-after in the message), timeout (the request's deadline passed
/// while it waited), invalid_input (empty input, wrong width). A model that
/// cannot be loaded fails the agent's start with the file and the reason.
///
/// Shared args: backend (cpu | cuda_f16 | cuda_bf16 | auto), max_batch
/// (64), max_delay (2ms), token_budget (16384), max_queue (1024),
/// workers (1).

#include "aip/agents/agent_type.hpp"

namespace aip {

agent_type embedder_agent_type();
agent_type classifier_agent_type();

} // namespace aip
