#include "aip/agents/request_error.hpp"

#include <caf/error.hpp>
#include <caf/make_message.hpp>
#include <caf/sec.hpp>

namespace aip {

namespace {

constexpr caf::atom_value category = caf::atom("aip_req");

} // namespace

const char* to_string(request_errc x) {
  switch (x) {
    case request_errc::timeout:
      return "timeout";
    case request_errc::overloaded:
      return "overloaded";
    case request_errc::unreachable:
      return "unreachable";
    case request_errc::circuit_open:
      return "circuit_open";
    case request_errc::invalid_input:
      return "invalid_input";
    case request_errc::denied:
      return "denied";
  }
  return "unknown";
}

caf::error make_error(request_errc code, std::string what) {
  return caf::error{static_cast<uint8_t>(code), category,
                    caf::make_message(std::move(what))};
}

caf::error make_error(request_errc code, std::string what,
                      duration retry_after) {
  return caf::error{static_cast<uint8_t>(code), category,
                    caf::make_message(std::move(what),
                                      static_cast<int64_t>(retry_after.count()))};
}

request_failure request_failure::from(const caf::error& err) {
  request_failure result;
  auto code = classify_request_error(err);
  result.code = code.value_or(request_errc::unreachable);
  if (err.category() == category) {
    auto& ctx = err.context();
    if (ctx.size() >= 1 && ctx.match_element<std::string>(0))
      result.what = ctx.get_as<std::string>(0);
    if (ctx.size() >= 2 && ctx.match_element<int64_t>(1))
      result.retry_after = duration{ctx.get_as<int64_t>(1)};
  } else {
    result.what = caf::to_string(err);
  }
  return result;
}

std::string to_string(const request_failure& x) {
  std::string result = to_string(x.code);
  if (!x.what.empty()) {
    result += ": ";
    result += x.what;
  }
  if (x.retry_after.count() > 0) {
    result += " (retry after ";
    result += to_string(x.retry_after);
    result += ')';
  }
  return result;
}

std::optional<request_errc> classify_request_error(const caf::error& err) {
  if (!err)
    return std::nullopt;
  if (err.category() == category && err.code() >= 1
      && err.code() <= static_cast<uint8_t>(request_errc::denied))
    return static_cast<request_errc>(err.code());
  if (err.category() != caf::atom("system"))
    return std::nullopt;
  switch (static_cast<caf::sec>(err.code())) {
    case caf::sec::request_timeout:
      return request_errc::timeout;
    case caf::sec::request_receiver_down:
    case caf::sec::cannot_connect_to_node:
    case caf::sec::remote_linking_failed:
      return request_errc::unreachable;
    case caf::sec::unexpected_message:
      return request_errc::invalid_input;
    default:
      return std::nullopt;
  }
}

} // namespace aip
