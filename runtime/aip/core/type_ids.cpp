#include "aip/core/type_ids.hpp"

#include <caf/actor_system_config.hpp>
#include <caf/message.hpp>

#include <string>

namespace aip {

void register_types(caf::actor_system_config& cfg) {
  // Both calls overwrite map entries keyed by name/atom, which is what makes
  // a second call harmless.
  cfg.add_message_types<caf::id_block::aip>();
  cfg.add_error_category(
      ingress_error_category,
      [](uint8_t code, caf::atom_value, const caf::message& ctx) {
        std::string result = "aipingress: ";
        result += to_string(static_cast<ingress_code>(code));
        if (ctx.match_elements<std::string>()) {
          result += " (";
          result += ctx.get_as<std::string>(0);
          result += ')';
        }
        return result;
      });
}

} // namespace aip
