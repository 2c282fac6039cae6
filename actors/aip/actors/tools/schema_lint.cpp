#include "aip/actors/tools/schema_lint.hpp"

#include <cstdlib>
#include <map>
#include <regex>
#include <utility>
#include <vector>

namespace aip {

namespace {

using json = nlohmann::json;
using pointer = json::json_pointer;

// Keywords whose schema applies to the same value as the schema holding them.
// A cycle through these (and $ref) never reaches a smaller value, so valijson
// would recurse until the stack is gone.
constexpr const char* in_place_single[] = {"not", "if", "then", "else"};
constexpr const char* in_place_arrays[] = {"allOf", "anyOf", "oneOf"};
// Keywords whose schema applies to a member or item: recursion through them
// is bounded by the value's depth.
constexpr const char* member_single[]
    = {"additionalProperties", "additionalItems", "contains", "propertyNames"};
constexpr const char* member_maps[] = {"properties", "definitions"};

// json::dump throws on invalid UTF-8; a message must never throw.
std::string dump(const json& x) {
  return x.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool is_schema(const json& x) {
  return x.is_object() || x.is_boolean();
}

std::string prefix(const pointer& at) {
  auto str = at.to_string();
  return str.empty() ? std::string{} : str + ": ";
}

std::string as_ref(const pointer& at) {
  return "'#" + at.to_string() + "'";
}

std::string percent_decode(const std::string& in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size()) {
      auto hex = in.substr(i + 1, 2);
      char* end = nullptr;
      auto code = std::strtol(hex.c_str(), &end, 16);
      if (end == hex.c_str() + 2) {
        out.push_back(static_cast<char>(code));
        i += 2;
        continue;
      }
    }
    out.push_back(in[i]);
  }
  return out;
}

class linter {
public:
  explicit linter(const json& root) : root_(root) {
    // nop
  }

  std::optional<std::string> run() {
    if (deeper_than(root_, max_schema_depth))
      return "schema nested deeper than " + std::to_string(max_schema_depth)
             + " levels";
    walk(root_, pointer{});
    for (const auto& at : schema_nodes_) {
      if (error_)
        break;
      visit(at);
    }
    return error_;
  }

private:
  // Resolves a $ref to the pointer of its target, or records why it cannot.
  std::optional<pointer> resolve(const json& ref, const pointer& at) {
    auto fail = [&](const std::string& why) {
      if (!error_)
        error_ = prefix(at) + "$ref " + dump(ref) + " " + why;
      return std::nullopt;
    };
    if (!ref.is_string())
      return fail("is not a string");
    const auto& text = ref.get_ref<const std::string&>();
    if (text.empty() || text[0] != '#')
      return fail("is not local: only '#' and '#/...' references are "
                  "supported (no remote schemas)");
    auto fragment = percent_decode(text.substr(1));
    if (!fragment.empty() && fragment[0] != '/')
      return fail("is not a JSON pointer ('#/...')");
    try {
      pointer target{fragment};
      if (!root_.contains(target))
        return fail("points to nothing");
      return target;
    } catch (const json::exception&) {
      return fail("is not a valid JSON pointer");
    }
  }

  void check_regex(const std::string& re, const pointer& at) {
    try {
      std::regex compiled{re};
    } catch (const std::regex_error& e) {
      if (!error_)
        error_ = prefix(at) + "invalid regex " + dump(json(re)) + " ("
                 + e.what() + ")";
    }
  }

  // Visits every schema position once: checks $refs and regexes and
  // remembers the node for the cycle search.
  void walk(const json& node, const pointer& at) {
    if (error_ || !node.is_object())
      return;
    schema_nodes_.push_back(at);
    if (auto i = node.find("$ref"); i != node.end())
      resolve(*i, at / "$ref");
    if (auto i = node.find("pattern"); i != node.end() && i->is_string())
      check_regex(i->get<std::string>(), at / "pattern");
    if (auto i = node.find("patternProperties");
        i != node.end() && i->is_object())
      for (const auto& [key, sub] : i->items()) {
        check_regex(key, at / "patternProperties" / key);
        walk(sub, at / "patternProperties" / key);
      }
    for (auto key : in_place_single)
      if (auto i = node.find(key); i != node.end())
        walk(*i, at / key);
    for (auto key : member_single)
      if (auto i = node.find(key); i != node.end())
        walk(*i, at / key);
    for (auto key : in_place_arrays)
      if (auto i = node.find(key); i != node.end() && i->is_array())
        for (size_t n = 0; n < i->size(); ++n)
          walk((*i)[n], at / key / n);
    for (auto key : member_maps)
      if (auto i = node.find(key); i != node.end() && i->is_object())
        for (const auto& [name, sub] : i->items())
          walk(sub, at / key / name);
    if (auto i = node.find("dependencies"); i != node.end() && i->is_object())
      for (const auto& [name, sub] : i->items())
        walk(sub, at / "dependencies" / name);
    if (auto i = node.find("items"); i != node.end()) {
      if (i->is_array())
        for (size_t n = 0; n < i->size(); ++n)
          walk((*i)[n], at / "items" / n);
      else
        walk(*i, at / "items");
    }
  }

  // The schemas that apply to the same value as the one at `at`, with the
  // pointer of the keyword that leads there (for the error message).
  std::vector<std::pair<pointer, pointer>> in_place_edges(const pointer& at) {
    std::vector<std::pair<pointer, pointer>> out;
    const auto& node = root_.at(at);
    if (!node.is_object())
      return out;
    if (auto i = node.find("$ref"); i != node.end()) {
      // valijson ignores the siblings of $ref (as draft 7 says).
      if (auto target = resolve(*i, at / "$ref"))
        out.emplace_back(at / "$ref", *target);
      return out;
    }
    for (auto key : in_place_single)
      if (auto i = node.find(key); i != node.end() && is_schema(*i))
        out.emplace_back(at / key, at / key);
    for (auto key : in_place_arrays)
      if (auto i = node.find(key); i != node.end() && i->is_array())
        for (size_t n = 0; n < i->size(); ++n)
          out.emplace_back(at / key / n, at / key / n);
    if (auto i = node.find("dependencies"); i != node.end() && i->is_object())
      for (const auto& [name, sub] : i->items())
        if (is_schema(sub))
          out.emplace_back(at / "dependencies" / name,
                           at / "dependencies" / name);
    return out;
  }

  // Depth-first search for a cycle among in-place edges.
  void visit(const pointer& at) {
    auto key = at.to_string();
    if (!state_.emplace(key, state::visiting).second)
      return;
    for (const auto& [via, target] : in_place_edges(at)) {
      if (error_)
        return;
      auto j = state_.find(target.to_string());
      if (j != state_.end() && j->second == state::visiting) {
        error_ = prefix(via) + "loops back to " + as_ref(target)
                 + " without consuming input";
        return;
      }
      visit(target);
    }
    state_[key] = state::done;
  }

  enum class state { visiting, done };

  const json& root_;
  std::vector<pointer> schema_nodes_;
  std::map<std::string, state> state_;
  std::optional<std::string> error_;
};

} // namespace

std::optional<std::string> lint_schema(const nlohmann::json& schema) {
  return linter{schema}.run();
}

bool deeper_than(const json& x, size_t limit) {
  // Recursion bounded by `limit`, so the check itself cannot overflow.
  if (!x.is_structured())
    return false;
  if (limit == 0)
    return true;
  for (const auto& child : x)
    if (deeper_than(child, limit - 1))
      return true;
  return false;
}

} // namespace aip
