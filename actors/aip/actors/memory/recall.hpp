#pragma once
/// An agent's memory by meaning, for any agent's code: `remember(text)`
/// embeds the text through an agent offering `embed` (an `embedder`) and
/// stores it with an agent offering `memory`; `recall(query, k)` embeds the
/// query and returns the k closest memories, best first. Both are two
/// requests through the broker; callbacks run on the calling agent's
/// thread. The namespace defaults to the agent's own, `agent:<its path>`.
///
///   remember(ctx, "the build server's disk filled up", {}, on_saved, on_err);
///   recall(ctx, "why did CI fail?", 3, {}, [](auto hits) { ... }, on_err);

#include <functional>
#include <string>
#include <vector>

#include "aip/actors/memory/memory_codec.hpp"
#include "aip/agents/agent_context.hpp"

namespace aip {

struct memory_options {
  /// Empty: `agent:<path of the calling agent>`.
  std::string ns;
  /// Record id for remember; empty: a fresh random id.
  std::string id;
  memory::metadata meta;
  /// recall only: conditions on the metadata.
  memory::filter_set filters;
  /// Each of the two requests.
  duration timeout = std::chrono::seconds{5};
  address embedder = address::of_capability("embed");
  address memory = address::of_capability("memory");
};

/// `done` gets the stored record's id.
void remember(agent_context& ctx, const std::string& text, memory_options opts,
              std::function<void(const std::string& id)> done,
              agent_context::error_handler on_error);

void recall(agent_context& ctx, const std::string& query, uint32_t k,
            memory_options opts,
            std::function<void(std::vector<memory::recalled>)> done,
            agent_context::error_handler on_error);

/// The embedding request/answer pair both use (schemas/inference.fbs).
payload make_embed_request(const std::vector<std::string>& texts);

} // namespace aip
