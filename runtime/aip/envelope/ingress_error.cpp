#include "aip/envelope/ingress_error.hpp"

namespace aip {

std::string_view to_string(ingress_code code) {
  switch (code) {
  case ingress_code::not_an_envelope:
    return "not_an_envelope";
  case ingress_code::too_large:
    return "too_large";
  case ingress_code::malformed:
    return "malformed";
  case ingress_code::missing_message_id:
    return "missing_message_id";
  case ingress_code::bad_recipient:
    return "bad_recipient";
  case ingress_code::missing_payload_type:
    return "missing_payload_type";
  case ingress_code::bad_priority:
    return "bad_priority";
  case ingress_code::unreadable:
    return "unreadable";
  }
  return "unknown";
}

ingress_error make_ingress_error(ingress_code code, std::string_view reason,
                                 std::optional<id128> message_id) {
  ingress_error result;
  result.code = code;
  result.message = "envelope ";
  if (message_id)
    result.message += to_string(*message_id);
  else
    result.message += "(id unreadable)";
  result.message += " rejected: ";
  result.message += reason;
  result.message_id = message_id;
  return result;
}

} // namespace aip
