#include "aip/supervision/restart_policy.hpp"

namespace aip {

namespace {

template <class Enum, size_t N>
std::optional<Enum> parse(std::string_view text,
                          const std::string_view (&names)[N]) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == text)
      return static_cast<Enum>(i);
  return std::nullopt;
}

constexpr std::string_view strategy_names[]
  = {"one_for_one", "one_for_all", "rest_for_one", "simple_one_for_one"};
constexpr std::string_view restart_names[]
  = {"permanent", "transient", "temporary"};
constexpr std::string_view auto_shutdown_names[]
  = {"never", "any_significant", "all_significant"};

} // namespace

std::string_view to_string(strategy x) {
  return strategy_names[static_cast<int>(x)];
}
std::string_view to_string(restart_type x) {
  return restart_names[static_cast<int>(x)];
}
std::string_view to_string(auto_shutdown x) {
  return auto_shutdown_names[static_cast<int>(x)];
}
std::optional<strategy> parse_strategy(std::string_view text) {
  return parse<strategy>(text, strategy_names);
}
std::optional<restart_type> parse_restart_type(std::string_view text) {
  return parse<restart_type>(text, restart_names);
}
std::optional<auto_shutdown> parse_auto_shutdown(std::string_view text) {
  return parse<auto_shutdown>(text, auto_shutdown_names);
}

} // namespace aip
