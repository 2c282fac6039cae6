#include "aip/agents/address.hpp"

namespace aip {

std::string to_string(const address& x) {
  switch (x.how) {
    case address::kind::id:
      return "agent " + to_string(x.id);
    case address::kind::path:
      return "agent " + x.name;
    case address::kind::capability:
      return "capability " + x.name;
    case address::kind::topic:
      return "topic " + x.name;
  }
  return "nobody";
}

} // namespace aip
