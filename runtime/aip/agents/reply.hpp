#pragma once
/// What an agent's handler gives back: nothing (a one-way message, or an
/// empty acknowledgement to a request), a payload, a typed error, or "later"
/// when it took `agent_context::defer_reply()` to answer after sub-requests.
/// Tool handlers return a `tool_result`: a tool's own failure (division by
/// zero) is a result with `is_error`, not a transport error, as in MCP.

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "aip/agents/payload.hpp"
#include "aip/agents/request_error.hpp"

namespace aip {

class reply {
public:
  enum class kind : uint8_t { none, payload, error, later };

  reply() = default;
  reply(payload p) : kind_(kind::payload), payload_(std::move(p)) {}

  static reply error(request_errc code, std::string what) {
    reply r;
    r.kind_ = kind::error;
    r.code_ = code;
    r.what_ = std::move(what);
    return r;
  }

  static reply later() {
    reply r;
    r.kind_ = kind::later;
    return r;
  }

  kind what_kind() const { return kind_; }
  payload& body() { return payload_; }
  request_errc code() const { return code_; }
  const std::string& what() const { return what_; }

private:
  kind kind_ = kind::none;
  payload payload_;
  request_errc code_ = request_errc::invalid_input;
  std::string what_;
};

struct tool_result {
  bool is_error = false;
  nlohmann::json content;

  static tool_result ok(nlohmann::json value) { return {false, std::move(value)}; }
  static tool_result error(std::string message) {
    return {true, nlohmann::json{{"message", std::move(message)}}};
  }
};

} // namespace aip
