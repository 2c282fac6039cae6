#include "aip/actors/tools/tool_catalog.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace aip {

namespace {

std::string lower(std::string_view str) {
  std::string out{str};
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool contains(const std::string& haystack, const std::string& lowered_needle) {
  return lower(haystack).find(lowered_needle) != std::string::npos;
}

std::string agent_name(tool_catalog::agent_id id) {
  return "agent " + std::to_string(id);
}

} // namespace

std::optional<std::string> tool_catalog::add(agent_id agent, tool_spec spec) {
  if (auto problem = validate_tool_spec(spec)) {
    if (!is_valid_tool_name(spec.name))
      return problem;
    return "tool '" + spec.name + "': " + *problem;
  }
  if (auto i = tools_.find(spec.name); i != tools_.end()) {
    auto& known = i->second;
    if (known.offerers.count(agent) > 0)
      return "tool '" + spec.name + "': " + agent_name(agent)
             + " already offers it";
    // Two tools under one name would make a caller's arguments valid for one
    // offerer and not for the other, so the picker could not choose freely.
    if (spec.input_schema != known.spec.input_schema) {
      auto other = known.offerers.count(known.declared_by) > 0
                       ? known.declared_by
                       : *known.offerers.begin();
      return "tool '" + spec.name + "': " + agent_name(agent)
             + " declares an input_schema different from the one "
             + agent_name(other) + " declared";
    }
    known.offerers.insert(agent);
    return std::nullopt;
  }
  // validate_tool_spec compiled both schemas once already; compiling again
  // here keeps that function free of out-parameters, and adds are rare.
  auto input = tool_schema::compile(spec.input_schema);
  if (!input) // Cannot happen after validate_tool_spec; never dereference null.
    return "tool '" + spec.name + "': input_schema: " + input.error;
  std::optional<tool_schema> output;
  if (!spec.output_schema.is_null())
    output = tool_schema::compile(spec.output_schema).schema;
  auto name = spec.name;
  tools_.emplace(std::move(name), entry{std::move(spec),
                                        std::move(*input.schema),
                                        std::move(output),
                                        agent,
                                        {agent},
                                        std::nullopt});
  return std::nullopt;
}

size_t tool_catalog::remove_agent(agent_id agent) {
  size_t removed = 0;
  for (auto i = tools_.begin(); i != tools_.end();) {
    auto& offerers = i->second.offerers;
    removed += offerers.erase(agent);
    if (offerers.empty())
      i = tools_.erase(i);
    else
      ++i;
  }
  in_flight_.erase(agent);
  return removed;
}

std::vector<const tool_spec*> tool_catalog::list() const {
  std::vector<const tool_spec*> out;
  out.reserve(tools_.size());
  for (const auto& [name, known] : tools_)
    out.push_back(&known.spec);
  return out;
}

std::vector<const tool_spec*>
tool_catalog::search(std::string_view query) const {
  auto needle = lower(query);
  std::vector<const tool_spec*> by_name;
  std::vector<const tool_spec*> by_text;
  // tools_ is sorted by name, so each group comes out sorted too.
  for (const auto& [name, known] : tools_) {
    const auto& spec = known.spec;
    if (contains(spec.name, needle)) {
      by_name.push_back(&spec);
      continue;
    }
    auto tagged = std::any_of(
        spec.tags.begin(), spec.tags.end(),
        [&](const std::string& tag) { return contains(tag, needle); });
    if (tagged || contains(spec.description, needle))
      by_text.push_back(&spec);
  }
  by_name.insert(by_name.end(), by_text.begin(), by_text.end());
  return by_name;
}

const tool_catalog::entry* tool_catalog::entry_of(std::string_view name) const {
  auto i = tools_.find(name);
  return i != tools_.end() ? &i->second : nullptr;
}

const tool_spec* tool_catalog::find(std::string_view name) const {
  auto known = entry_of(name);
  return known != nullptr ? &known->spec : nullptr;
}

const tool_schema* tool_catalog::input_schema(std::string_view name) const {
  auto known = entry_of(name);
  return known != nullptr ? &known->input : nullptr;
}

const tool_schema* tool_catalog::output_schema(std::string_view name) const {
  auto known = entry_of(name);
  return known != nullptr && known->output ? &*known->output : nullptr;
}

std::vector<tool_catalog::agent_id>
tool_catalog::offerers(std::string_view name) const {
  auto known = entry_of(name);
  if (known == nullptr)
    return {};
  return {known->offerers.begin(), known->offerers.end()};
}

std::optional<tool_catalog::agent_id> tool_catalog::pick(std::string_view name,
                                                         policy how) {
  auto i = tools_.find(name);
  if (i == tools_.end() || i->second.offerers.empty())
    return std::nullopt;
  auto& known = i->second;
  if (how == policy::round_robin) {
    // The cursor is an agent id rather than an index, so agents joining or
    // leaving do not make the rotation skip or repeat anyone.
    auto next = known.last_picked
                    ? known.offerers.upper_bound(*known.last_picked)
                    : known.offerers.begin();
    if (next == known.offerers.end())
      next = known.offerers.begin();
    known.last_picked = *next;
    return *next;
  }
  // least_loaded: offerers is ordered by id and only a strictly smaller load
  // replaces the best so far, so ties go to the lowest id.
  std::optional<agent_id> best;
  size_t best_load = 0;
  for (auto agent : known.offerers) {
    auto load = in_flight(agent);
    if (!best || load < best_load) {
      best = agent;
      best_load = load;
    }
  }
  return best;
}

void tool_catalog::call_started(agent_id agent) {
  ++in_flight_[agent];
}

void tool_catalog::call_finished(agent_id agent) {
  auto i = in_flight_.find(agent);
  if (i == in_flight_.end())
    return;
  if (--i->second == 0)
    in_flight_.erase(i);
}

size_t tool_catalog::in_flight(agent_id agent) const {
  auto i = in_flight_.find(agent);
  return i != in_flight_.end() ? i->second : 0;
}

} // namespace aip
