#include "aip/workflow/workflow_error.hpp"

namespace aip {

const char* to_string(workflow_errc x) {
  switch (x) {
    case workflow_errc::timeout:
      return "timeout";
    case workflow_errc::cancelled:
      return "cancelled";
    case workflow_errc::failed:
      return "failed";
    case workflow_errc::request_failed:
      return "request_failed";
    case workflow_errc::rejected:
      return "rejected";
  }
  return "unknown";
}

std::string to_string(const workflow_error& x) {
  std::string out = to_string(x.code);
  if (!x.message.empty()) {
    out += ": ";
    out += x.message;
  }
  return out;
}

workflow_exception::workflow_exception(workflow_error err)
  : std::runtime_error(to_string(err)), err_(std::move(err)) {
}

} // namespace aip
