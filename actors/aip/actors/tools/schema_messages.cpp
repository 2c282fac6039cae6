#include "aip/actors/tools/schema_messages.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <initializer_list>
#include <regex>
#include <utility>

namespace aip {

using json = nlohmann::json;

namespace {

// -- JSON helpers

const char* type_name(const json& x) {
  switch (x.type()) {
  case json::value_t::null:
    return "null";
  case json::value_t::boolean:
    return "boolean";
  case json::value_t::number_integer:
  case json::value_t::number_unsigned:
    return "integer";
  case json::value_t::number_float:
    return "number";
  case json::value_t::string:
    return "string";
  case json::value_t::array:
    return "array";
  case json::value_t::object:
    return "object";
  default:
    return "value";
  }
}

// json::dump throws on invalid UTF-8; a message must never throw.
std::string dump(const json& x) {
  return x.dump(-1, ' ', false, json::error_handler_t::replace);
}

size_t utf8_length(const std::string& str) {
  size_t n = 0;
  for (unsigned char c : str)
    n += (c & 0xC0) != 0x80;
  return n;
}

bool starts_with(std::string_view str, std::string_view prefix) {
  return str.substr(0, prefix.size()) == prefix;
}

// -- Finding the schema behind an error
// valijson's errors carry only a path and a sentence, so to say "expected
// integer" we walk the schema along the same path. Where the walk is
// ambiguous (anyOf, allOf, ...) it gives up and the message says less.

const json* follow_refs(const json& root, const json* node) {
  for (int hops = 0; node != nullptr && hops < 32; ++hops) {
    if (!node->is_object())
      return node;
    auto ref = node->find("$ref");
    if (ref == node->end() || !ref->is_string())
      return node;
    const auto& text = ref->get_ref<const std::string&>();
    if (text.empty() || text[0] != '#')
      return nullptr;
    try {
      json::json_pointer at{text.substr(1)};
      node = root.contains(at) ? &root.at(at) : nullptr;
    } catch (const json::exception&) {
      return nullptr;
    }
  }
  return nullptr;
}

const json* member_schema(const json& root, const json* s,
                          const std::string& key) {
  if (s == nullptr || !s->is_object())
    return nullptr;
  if (auto props = s->find("properties");
      props != s->end() && props->contains(key))
    return follow_refs(root, &props->at(key));
  if (auto pats = s->find("patternProperties");
      pats != s->end() && pats->is_object())
    for (const auto& [re, sub] : pats->items())
      try {
        if (std::regex_search(key, std::regex{re}))
          return follow_refs(root, &sub);
      } catch (const std::regex_error&) {
        return nullptr;
      }
  if (auto extra = s->find("additionalProperties"); extra != s->end())
    return follow_refs(root, &*extra);
  return nullptr;
}

const json* item_schema(const json& root, const json* s, size_t index) {
  if (s == nullptr || !s->is_object())
    return nullptr;
  auto items = s->find("items");
  if (items == s->end())
    return nullptr;
  if (!items->is_array())
    return follow_refs(root, &*items);
  if (index < items->size())
    return follow_refs(root, &(*items)[index]);
  if (auto extra = s->find("additionalItems"); extra != s->end())
    return follow_refs(root, &*extra);
  return nullptr;
}

// Where an error happened: the path, the value there and its schema (the
// latter two null when unknown).
struct location {
  json::json_pointer path;
  const json* value;
  const json* schema;
};

location locate(const std::vector<std::string>& context, const json& value,
                const json& schema) {
  location loc{json::json_pointer{}, &value, follow_refs(schema, &schema)};
  // context[0] is "<root>"; each further entry is "[key]" or "[index]".
  for (size_t i = 1; i < context.size(); ++i) {
    const auto& raw = context[i];
    auto token = raw.size() >= 2 && raw.front() == '[' && raw.back() == ']'
                     ? raw.substr(1, raw.size() - 2)
                     : raw;
    auto is_index
        = !token.empty()
          && token.find_first_not_of("0123456789") == std::string::npos;
    if (loc.value != nullptr && loc.value->is_array() && is_index) {
      auto index = std::strtoull(token.c_str(), nullptr, 10);
      loc.path /= index;
      loc.schema = item_schema(schema, loc.schema, index);
      loc.value = index < loc.value->size() ? &(*loc.value)[index] : nullptr;
    } else {
      loc.path /= token;
      if (loc.value != nullptr && loc.value->is_object()) {
        loc.schema = member_schema(schema, loc.schema, token);
        auto member = loc.value->find(token);
        loc.value = member != loc.value->end() ? &*member : nullptr;
      } else {
        loc.schema = nullptr;
        loc.value = nullptr;
      }
    }
  }
  return loc;
}

// -- Messages

// The values of `key` in the located schema or, when it has none, in its
// allOf / anyOf / oneOf alternatives: valijson reports a failed alternative
// at the same path as the schema holding it.
void collect(const json& root, const json* s, const char* key, int depth,
             std::vector<const json*>& out) {
  if (s == nullptr || !s->is_object() || depth > 4)
    return;
  if (auto i = s->find(key); i != s->end()) {
    out.push_back(&*i);
    return;
  }
  for (auto group : {"allOf", "anyOf", "oneOf"})
    if (auto alts = s->find(group); alts != s->end() && alts->is_array())
      for (const auto& alt : *alts)
        collect(root, follow_refs(root, &alt), key, depth + 1, out);
}

// The keyword `key` as JSON text, if exactly one schema there has it.
std::optional<std::string> keyword(const json& root, const location& loc,
                                   const char* key) {
  std::vector<const json*> found;
  collect(root, loc.schema, key, 0, found);
  if (found.size() != 1)
    return std::nullopt;
  return dump(*found.front());
}

// The number valijson printed after `prefix` (std::to_string style, e.g.
// "10.000000"), with the trailing zeros dropped.
std::string number_after(const std::string& text, std::string_view prefix) {
  auto num = text.substr(prefix.size());
  num = num.substr(0, num.find(' '));
  if (num.find('.') != std::string::npos) {
    num.erase(num.find_last_not_of('0') + 1);
    if (!num.empty() && num.back() == '.')
      num.pop_back();
  }
  return num;
}

std::string got(const location& loc) {
  return loc.value != nullptr ? ", got " + dump(*loc.value) : "";
}

// Every type the schemas there allow, e.g. `string or null`.
std::string expected_type(const json& root, const location& loc) {
  std::vector<const json*> found;
  collect(root, loc.schema, "type", 0, found);
  std::vector<std::string> names;
  auto add = [&](const json& x) {
    if (!x.is_string())
      return;
    const auto& name = x.get_ref<const std::string&>();
    if (std::find(names.begin(), names.end(), name) == names.end())
      names.push_back(name);
  };
  for (auto type : found) {
    add(*type);
    if (type->is_array())
      for (const auto& x : *type)
        add(x);
  }
  std::string out;
  for (const auto& name : names)
    out += (out.empty() ? "" : " or ") + name;
  return out;
}

std::string bound_message(const json& root, const location& loc,
                          const std::string& text, std::string_view prefix,
                          const char* key, const char* relation) {
  auto bound = keyword(root, loc, key).value_or(number_after(text, prefix));
  return std::string{"expected "} + relation + " " + bound + got(loc);
}

std::string count_message(const json& root, const location& loc,
                          const std::string& text, std::string_view prefix,
                          const char* key, const char* relation,
                          const char* unit) {
  auto bound = keyword(root, loc, key).value_or(number_after(text, prefix));
  std::string out
      = std::string{"expected "} + relation + " " + bound + " " + unit;
  if (loc.value == nullptr)
    return out;
  size_t n = loc.value->is_string()
                 ? utf8_length(loc.value->get_ref<const std::string&>())
                 : loc.value->size();
  return out + ", got " + std::to_string(n);
}

// The text between the first and the last single quote of `text`.
std::string quoted_name(const std::string& text, size_t from = 0) {
  auto first = text.find('\'', from);
  auto last = text.rfind('\'');
  if (first == std::string::npos || last <= first)
    return text;
  return text.substr(first + 1, last - first - 1);
}

// valijson's sentences that only repeat a child's error one level up.
bool is_summary_impl(const std::string& text) {
  static constexpr std::string_view prefixes[] = {
      "Failed to validate against schema associated with property name",
      "Failed to validate against schema associated with pattern",
      "Failed to validate item #",
      "Failed to validate against child schema #",
      "Failed to validate against additional properties schema",
      "Failed to validate against a conditional schema",
  };
  for (auto prefix : prefixes)
    if (starts_with(text, prefix))
      return true;
  return false;
}

// Translates one valijson sentence; see the table in docs/tools.md.
std::string message_for(const json& root, const location& loc,
                        const std::string& text) {
  if (text == "Value type not permitted by 'type' constraint.") {
    auto want = expected_type(root, loc);
    auto have = loc.value != nullptr ? type_name(*loc.value) : "value";
    if (want.empty())
      return std::string{"type "} + have + " not allowed here";
    return "expected " + want + ", got " + have;
  }
  if (starts_with(text, "Missing required property"))
    return "missing required property '" + quoted_name(text) + "'";
  if (starts_with(text, "Object contains a property that could not be"))
    return "unexpected property '" + quoted_name(text, text.find(": '")) + "'";
  if (text == "Failed to match against any enum values.") {
    auto values = keyword(root, loc, "enum");
    return values ? "expected one of " + *values
                  : "not one of the allowed values";
  }
  if (text == "Failed to match expected value set by 'const' constraint.") {
    auto value = keyword(root, loc, "const");
    return value ? "expected " + *value : "not the required constant";
  }
  static constexpr std::string_view le
      = "Expected number less than or equal to ";
  static constexpr std::string_view lt = "Expected number less than ";
  static constexpr std::string_view ge
      = "Expected number greater than or equal to ";
  static constexpr std::string_view gt = "Expected number greater than ";
  if (starts_with(text, le))
    return bound_message(root, loc, text, le, "maximum", "at most");
  if (starts_with(text, lt))
    return bound_message(root, loc, text, lt, "exclusiveMaximum", "less than");
  if (starts_with(text, ge))
    return bound_message(root, loc, text, ge, "minimum", "at least");
  if (starts_with(text, gt))
    return bound_message(root, loc, text, gt, "exclusiveMinimum", "more than");
  static constexpr std::string_view max_len = "String should be no more than ";
  static constexpr std::string_view min_len = "String should be no fewer than ";
  static constexpr std::string_view max_items
      = "Array should contain no more than ";
  static constexpr std::string_view min_items
      = "Array should contain no fewer than ";
  static constexpr std::string_view max_props
      = "Object should have no more than ";
  static constexpr std::string_view min_props
      = "Object should have no fewer than ";
  if (starts_with(text, max_len))
    return count_message(root, loc, text, max_len, "maxLength", "at most",
                         "characters");
  if (starts_with(text, min_len))
    return count_message(root, loc, text, min_len, "minLength", "at least",
                         "characters");
  if (starts_with(text, max_items))
    return count_message(root, loc, text, max_items, "maxItems", "at most",
                         "items");
  if (starts_with(text, min_items))
    return count_message(root, loc, text, min_items, "minItems", "at least",
                         "items");
  if (starts_with(text, max_props))
    return count_message(root, loc, text, max_props, "maxProperties", "at most",
                         "properties");
  if (starts_with(text, min_props))
    return count_message(root, loc, text, min_props, "minProperties",
                         "at least", "properties");
  if (text == "Failed to match regex specified by 'pattern' constraint.") {
    auto pattern = keyword(root, loc, "pattern");
    return pattern ? "does not match pattern " + *pattern
                   : "does not match the required pattern";
  }
  if (starts_with(text, "Value should be a multiple of ")) {
    auto divisor = keyword(root, loc, "multipleOf");
    return "expected a multiple of "
           + divisor.value_or(
               number_after(text, "Value should be a multiple of "));
  }
  if (starts_with(text,
                  "Failed to validate against any schemas allowed by anyOf")
      || starts_with(
          text,
          "Failed to validate against any child schemas allowed by oneOf"))
    return "matches none of the allowed alternatives";
  if (text == "Failed to validate against exactly one child schema.")
    return "matches more than one alternative of oneOf";
  // Anything else: valijson's own sentence, in the same shape as ours.
  auto out = text;
  if (!out.empty() && out.back() == '.')
    out.pop_back();
  if (!out.empty())
    out[0]
        = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

// -- Screening long strings before std::regex sees them

bool mentions_regex_impl(const json& x) {
  if (x.is_object()) {
    for (const auto& [key, sub] : x.items())
      if ((key == "pattern" && sub.is_string())
          || (key == "patternProperties" && sub.is_object())
          || mentions_regex_impl(sub))
        return true;
  } else if (x.is_array()) {
    for (const auto& sub : x)
      if (mentions_regex_impl(sub))
        return true;
  }
  return false;
}

// Whether one of `keys` may apply to the value `s` describes: searched in
// `s` and every schema applying to the same value. A schema that the walk
// could not find (null) may hold anything.
bool may_apply(const json& root, const json* s,
               std::initializer_list<const char*> keys, int depth = 0) {
  if (s == nullptr || depth > 8)
    return true;
  if (!s->is_object())
    return false;
  for (auto key : keys)
    if (s->contains(key))
      return true;
  for (auto group : {"allOf", "anyOf", "oneOf"})
    if (auto alts = s->find(group); alts != s->end() && alts->is_array())
      for (const auto& alt : *alts)
        if (may_apply(root, follow_refs(root, &alt), keys, depth + 1))
          return true;
  for (auto single : {"not", "if", "then", "else"})
    if (auto sub = s->find(single); sub != s->end())
      if (may_apply(root, follow_refs(root, &*sub), keys, depth + 1))
        return true;
  if (auto deps = s->find("dependencies");
      deps != s->end() && deps->is_object())
    for (const auto& [name, sub] : deps->items())
      if (sub.is_object()
          && may_apply(root, follow_refs(root, &sub), keys, depth + 1))
        return true;
  return false;
}

std::string too_long(size_t n) {
  return "string of " + std::to_string(n)
         + " characters too long to match against a pattern (limit "
         + std::to_string(tool_schema::max_pattern_subject) + ")";
}

// Finds the first string or key over the limit that a regex may be run on.
// `context` is built like valijson's so that `locate` can be reused.
std::optional<schema_violation> screen(const json& root, const json& value,
                                       const json& x,
                                       std::vector<std::string>& context) {
  if (x.is_string()
      && x.get_ref<const std::string&>().size()
             > tool_schema::max_pattern_subject) {
    auto loc = locate(context, value, root);
    if (may_apply(root, loc.schema, {"pattern"}))
      return schema_violation{loc.path.to_string(),
                              too_long(utf8_length(x.get<std::string>()))};
  } else if (x.is_object()) {
    for (const auto& [key, sub] : x.items()) {
      if (key.size() > tool_schema::max_pattern_subject) {
        auto loc = locate(context, value, root);
        if (may_apply(root, loc.schema, {"patternProperties", "propertyNames"}))
          return schema_violation{loc.path.to_string(),
                                  "property name: "
                                      + too_long(utf8_length(key))};
      }
      context.push_back("[" + key + "]");
      auto found = screen(root, value, sub, context);
      context.pop_back();
      if (found)
        return found;
    }
  } else if (x.is_array()) {
    for (size_t i = 0; i < x.size(); ++i) {
      context.push_back("[" + std::to_string(i) + "]");
      auto found = screen(root, value, x[i], context);
      context.pop_back();
      if (found)
        return found;
    }
  }
  return std::nullopt;
}

} // namespace

bool is_summary_sentence(const std::string& sentence) {
  return is_summary_impl(sentence);
}

schema_violation describe_violation(const std::vector<std::string>& context,
                                    const std::string& sentence,
                                    const json& value, const json& schema) {
  auto loc = locate(context, value, schema);
  return {loc.path.to_string(), message_for(schema, loc, sentence)};
}

bool mentions_regex(const json& schema) {
  return mentions_regex_impl(schema);
}

std::optional<schema_violation> screen_long_strings(const json& schema,
                                                    const json& value) {
  std::vector<std::string> context{"<root>"};
  return screen(schema, value, value, context);
}

} // namespace aip
