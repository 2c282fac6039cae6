#pragma once
/// The typed failures of a workflow and of each call it awaits. Values, not
/// exceptions: `result<T>` carries one; `result<T>::value()` throws
/// `workflow_exception` so straight-line code can let it escape the body,
/// where the pool turns it back into the same outcome. Any thread.

#include <cstdint>
#include <stdexcept>
#include <optional>
#include <string>

#include "aip/agents/request_error.hpp"

namespace aip {

enum class workflow_errc : uint8_t {
  /// A deadline passed: the await's own or the whole workflow's.
  timeout = 1,
  /// `workflow_pool::cancel` (or the pool's destructor) stopped the workflow.
  cancelled,
  /// The body threw; the exception's what() is the message.
  failed,
  /// An awaited CAF request ended in an error reply or a dead receiver.
  request_failed,
  /// The pool refused to start the workflow (full or stopping).
  rejected,
};

const char* to_string(workflow_errc x);

/// A code plus human text (which deadline, which actor error, what()).
struct workflow_error {
  workflow_error() = default;
  workflow_error(workflow_errc c, std::string text,
                 std::optional<request_errc> req = std::nullopt)
    : code(c), message(std::move(text)), request(req) {}

  workflow_errc code = workflow_errc::failed;
  std::string message;
  /// For request_failed from a backbone call (agent_calls.hpp): the typed
  /// request error (overloaded, circuit_open, invalid_input, ...).
  std::optional<request_errc> request;
};

/// `code` or `code: message`.
std::string to_string(const workflow_error& x);

/// Thrown by `result<T>::value()` on an error. Escaping a workflow body it
/// becomes the outcome's error unchanged (a timeout stays a timeout).
class workflow_exception : public std::runtime_error {
public:
  explicit workflow_exception(workflow_error err);

  const workflow_error& error() const noexcept {
    return err_;
  }

private:
  workflow_error err_;
};

} // namespace aip
