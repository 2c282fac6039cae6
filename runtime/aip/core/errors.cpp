#include "aip/core/errors.hpp"

#include <caf/atom.hpp>
#include <caf/exit_reason.hpp>
#include <caf/message.hpp>
#include <caf/make_message.hpp>

namespace aip {

namespace {

constexpr caf::atom_value aip_category = caf::atom("aip");
constexpr caf::atom_value exit_category = caf::atom("exit");

/// The context string an AIP-made error carries, if any.
std::string context_text(const caf::error& e) {
  auto& ctx = e.context();
  if (ctx.size() == 1 && ctx.match_element<std::string>(0))
    return ctx.get_as<std::string>(0);
  return {};
}

} // namespace

const char* to_string(errc x) {
  switch (x) {
    case errc::none:
      return "none";
    case errc::crashed:
      return "crashed";
    case errc::exception:
      return "exception";
    case errc::start_failed:
      return "start_failed";
    case errc::health_failed:
      return "health_failed";
    case errc::invalid_input:
      return "invalid_input";
    case errc::unsupported:
      return "unsupported";
    case errc::no_such_child:
      return "no_such_child";
  }
  return "unknown";
}

caf::error make_error(errc code, std::string what) {
  return caf::error{static_cast<uint8_t>(code), aip_category,
                    caf::make_message(std::move(what))};
}

caf::error shutdown_reason(std::string why) {
  return caf::error{static_cast<uint8_t>(caf::exit_reason::user_shutdown),
                    exit_category, caf::make_message(std::move(why))};
}

exit_kind classify_exit(const caf::error& reason) {
  if (!reason || reason == caf::exit_reason::normal)
    return exit_kind::normal;
  if (reason.category() == exit_category
      && reason.code() == static_cast<uint8_t>(caf::exit_reason::user_shutdown))
    return exit_kind::shutdown;
  return exit_kind::abnormal;
}

std::string describe_exit(const caf::error& reason) {
  if (!reason)
    return "normal";
  auto ctx = context_text(reason);
  std::string base;
  if (reason.category() == exit_category) {
    switch (static_cast<caf::exit_reason>(reason.code())) {
      case caf::exit_reason::normal:
        base = "normal";
        break;
      case caf::exit_reason::user_shutdown:
        base = "shutdown";
        break;
      case caf::exit_reason::kill:
        base = "killed";
        break;
      case caf::exit_reason::unhandled_exception:
        base = "unhandled_exception";
        break;
      default:
        base = caf::to_string(static_cast<caf::exit_reason>(reason.code()));
    }
  } else if (reason.category() == aip_category) {
    base = to_string(static_cast<errc>(reason.code()));
  } else {
    return caf::to_string(reason);
  }
  return ctx.empty() ? base : base + ": " + ctx;
}

} // namespace aip
