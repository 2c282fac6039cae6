#include "aip/actors/tools/tool_schema.hpp"

// valijson reports bad schemas by calling throwRuntimeError, which aborts the
// process unless this is set. Only this file includes valijson, so every
// definition of those inline functions in the program agrees.
#define VALIJSON_USE_EXCEPTIONS 1

#include "aip/actors/tools/draft7_meta_schema.hpp"
#include "aip/actors/tools/schema_lint.hpp"
#include "aip/actors/tools/schema_messages.hpp"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <utility>

namespace aip {

using json = nlohmann::json;

struct tool_schema::impl {
  json source;
  // Whether any `pattern` or `patternProperties` occurs (over-approximated:
  // any such key anywhere); only then are long strings screened.
  bool uses_regex = false;
  // valijson::Schema is neither copyable nor movable, hence the shared impl.
  valijson::Schema compiled;
};

// -- schema_violation

bool operator==(const schema_violation& x, const schema_violation& y) {
  return x.path == y.path && x.message == y.message;
}

std::string to_string(const schema_violation& x) {
  return x.path.empty() ? x.message : x.path + ": " + x.message;
}

std::string first_error_text(const std::vector<schema_violation>& xs) {
  return xs.empty() ? std::string{} : to_string(xs.front());
}

// -- tool_schema

tool_schema::tool_schema(std::shared_ptr<const impl> ptr)
    : impl_(std::move(ptr)) {
  // nop
}

schema_compile_result tool_schema::compile_unchecked(const json& schema) {
  auto ptr = std::make_shared<tool_schema::impl>();
  ptr->source = schema;
  ptr->uses_regex = mentions_regex(schema);
  try {
    valijson::SchemaParser parser{valijson::SchemaParser::kDraft7};
    valijson::adapters::NlohmannJsonAdapter adapter{ptr->source};
    parser.populateSchema(adapter, ptr->compiled);
  } catch (const std::exception& e) {
    return {std::nullopt, std::string{"schema does not compile: "} + e.what()};
  }
  return {tool_schema{std::move(ptr)}, {}};
}

schema_compile_result tool_schema::compile(const json& schema) {
  // Checked against the meta-schema first: that is what says *where* a
  // keyword has the wrong shape; valijson's parser would only say what.
  static const tool_schema meta
      = *compile_unchecked(draft7_meta_schema()).schema;
  if (auto problems = meta.validate(schema); !problems.empty())
    return {std::nullopt, first_error_text(problems)};
  if (auto problem = lint_schema(schema))
    return {std::nullopt, *problem};
  return compile_unchecked(schema);
}

std::vector<schema_violation>
tool_schema::validate(const json& value, std::string_view root) const {
  std::vector<schema_violation> out;
  if (deeper_than(value, max_value_depth)) {
    out.push_back(
        {std::string{root},
         "nested deeper than " + std::to_string(max_value_depth) + " levels"});
    return out;
  }
  if (impl_->uses_regex) {
    if (auto x = screen_long_strings(impl_->source, value)) {
      x->path.insert(0, root);
      out.push_back(std::move(*x));
      return out;
    }
  }
  // A fresh Validator per call: valijson's Validator caches compiled regexes
  // in a plain map, so sharing one between threads would race.
  valijson::Validator validator;
  valijson::ValidationResults results;
  try {
    valijson::adapters::NlohmannJsonAdapter adapter{value};
    validator.validate(impl_->compiled, adapter, &results);
  } catch (const std::exception& e) {
    // compile() rules out what we know of; this is the last line of defence.
    out.push_back(
        {std::string{root}, std::string{"schema error: "} + e.what()});
    return out;
  }
  for (const auto& error : results) {
    if (is_summary_sentence(error.description))
      continue;
    auto x = describe_violation(error.context, error.description, value,
                                impl_->source);
    x.path.insert(0, root);
    if (std::find(out.begin(), out.end(), x) == out.end())
      out.push_back(std::move(x));
  }
  return out;
}

bool tool_schema::accepts(const json& value) const {
  return validate(value).empty();
}

const json& tool_schema::source() const {
  return impl_->source;
}

} // namespace aip
