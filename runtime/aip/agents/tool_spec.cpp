#include "aip/agents/tool_spec.hpp"

namespace aip {

namespace {

constexpr size_t max_name_length = 128;

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
         || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

} // namespace

bool is_valid_tool_name(std::string_view name) {
  if (name.empty() || name.size() > max_name_length)
    return false;
  for (char c : name)
    if (!is_name_char(c))
      return false;
  return true;
}

} // namespace aip
