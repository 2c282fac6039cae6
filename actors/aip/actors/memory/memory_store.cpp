#include "aip/actors/memory/memory_store.hpp"

namespace aip::memory {

bool memory_store::valid_name(const std::string& ns, std::string& error) {
  auto colon = ns.find(':');
  if (colon == std::string::npos) {
    error = "namespace '" + ns + "' must be agent:<path>, team:<name> or "
            "org:<name>";
    return false;
  }
  auto scope = ns.substr(0, colon);
  if (scope != "agent" && scope != "team" && scope != "org") {
    error = "namespace '" + ns + "': scope '" + scope
            + "' is not agent, team or org";
    return false;
  }
  auto name = ns.substr(colon + 1);
  if (name.empty() || name.size() > 200) {
    error = "namespace '" + ns + "': name must be 1-200 characters";
    return false;
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '/'
              || c == '-' || c == '@';
    if (!ok) {
      error = "namespace '" + ns + "': character '" + std::string(1, c)
              + "' not allowed (use [A-Za-z0-9._/@-])";
      return false;
    }
  }
  return true;
}

namespace_index* memory_store::find(const std::string& ns) {
  auto i = spaces_.find(ns);
  return i == spaces_.end() ? nullptr : &i->second;
}

const namespace_index* memory_store::find(const std::string& ns) const {
  auto i = spaces_.find(ns);
  return i == spaces_.end() ? nullptr : &i->second;
}

namespace_index& memory_store::get_or_create(const std::string& ns) {
  auto i = spaces_.find(ns);
  if (i == spaces_.end())
    i = spaces_.emplace(ns, namespace_index{defaults_}).first;
  return i->second;
}

void memory_store::drop_if_empty(const std::string& ns) {
  auto i = spaces_.find(ns);
  if (i != spaces_.end() && i->second.size() == 0)
    spaces_.erase(i);
}

void memory_store::adopt(std::string ns, namespace_index index) {
  spaces_.emplace(std::move(ns), std::move(index));
}

size_t memory_store::records() const {
  size_t n = 0;
  for (auto& [_, idx] : spaces_)
    n += idx.size();
  return n;
}

} // namespace aip::memory
