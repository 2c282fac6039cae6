#pragma once
/// One node's view of which agents offer which tools: declarations checked
/// and de-duplicated by name, search for callers, and a picker that spreads
/// calls over the agents offering a tool. Not thread-safe: owned by one actor
/// (the tool broker), which makes every call. CAF-free.

#include "aip/actors/tools/tool_schema.hpp"
#include "aip/actors/tools/validate_tool_spec.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace aip {

class tool_catalog {
public:
  using agent_id = std::uint64_t;

  /// How `pick` chooses among the agents offering a tool.
  enum class policy {
    /// Each offerer in turn, in agent-id order.
    round_robin,
    /// The offerer with the fewest calls in flight; ties go to the lower id.
    least_loaded,
  };

  /// Records that `agent` offers `spec`. Returns nullopt on success, else why
  /// not: the spec is invalid (see validate_tool_spec), `agent` already
  /// offers a tool of that name, or another agent offers that name with a
  /// different input_schema (one name must mean one thing). The first
  /// declaration of a name is its canonical spec; later offerers' text,
  /// tags and output_schema are not kept.
  std::optional<std::string> add(agent_id agent, tool_spec spec);

  /// Forgets every offer of `agent` and its in-flight count; a tool nobody
  /// offers any more disappears. Returns how many offers were removed.
  size_t remove_agent(agent_id agent);

  /// Every tool once, sorted by name. Pointers stay valid until the tool's
  /// last offerer is removed.
  std::vector<const tool_spec*> list() const;

  /// Tools whose name, description or a tag contains `query`, ignoring ASCII
  /// case; name matches first, then the rest, each group sorted by name. An
  /// empty query matches everything.
  std::vector<const tool_spec*> search(std::string_view query) const;

  /// The canonical spec of `name`, or null.
  const tool_spec* find(std::string_view name) const;

  /// The compiled input schema of `name` (for checking call arguments), or
  /// null for an unknown tool.
  const tool_schema* input_schema(std::string_view name) const;

  /// The compiled output schema of `name`, or null when the tool is unknown
  /// or declared none.
  const tool_schema* output_schema(std::string_view name) const;

  /// The agents offering `name`, in id order; empty for an unknown tool.
  std::vector<agent_id> offerers(std::string_view name) const;

  /// An agent to send the next call of `name` to; nullopt when none offers
  /// it. Does not count the call: the caller reports `call_started` once it
  /// actually sends it.
  std::optional<agent_id> pick(std::string_view name, policy how);

  /// A call to `agent` was sent (feeds `policy::least_loaded`).
  void call_started(agent_id agent);

  /// A call to `agent` got its reply or timed out. Ignored when none is in
  /// flight (e.g. the agent was removed meanwhile).
  void call_finished(agent_id agent);

  /// Calls to `agent` in flight.
  size_t in_flight(agent_id agent) const;

  /// Number of distinct tool names.
  size_t size() const {
    return tools_.size();
  }

private:
  struct entry {
    tool_spec spec;
    tool_schema input;
    std::optional<tool_schema> output;
    /// Who declared `spec`; named in conflict errors.
    agent_id declared_by;
    std::set<agent_id> offerers;
    /// Round-robin cursor: the agent picked last.
    std::optional<agent_id> last_picked;
  };

  const entry* entry_of(std::string_view name) const;

  std::map<std::string, entry, std::less<>> tools_;
  std::unordered_map<agent_id, size_t> in_flight_;
};

} // namespace aip
