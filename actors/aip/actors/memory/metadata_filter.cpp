#include "aip/actors/memory/metadata_filter.hpp"

#include <algorithm>

namespace aip::memory {

bool normalize(metadata& md, std::string& error) {
  std::sort(md.begin(), md.end(),
            [](auto& a, auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < md.size(); ++i) {
    if (md[i].first.empty()) {
      error = "metadata: empty key";
      return false;
    }
    if (i > 0 && md[i].first == md[i - 1].first) {
      error = "metadata: duplicate key '" + md[i].first + "'";
      return false;
    }
  }
  return true;
}

const std::string* find_value(const metadata& md, const std::string& key) {
  auto i = std::lower_bound(md.begin(), md.end(), key,
                            [](auto& e, const std::string& k) { return e.first < k; });
  return i != md.end() && i->first == key ? &i->second : nullptr;
}

bool filter_set::matches(const metadata& md) const {
  for (auto& f : all) {
    const std::string* v = find_value(md, f.key);
    switch (f.op) {
      case filter_op::eq:
        if (v == nullptr || *v != f.values[0])
          return false;
        break;
      case filter_op::ne:
        if (v != nullptr && *v == f.values[0])
          return false;
        break;
      case filter_op::in_set:
        if (v == nullptr
            || std::find(f.values.begin(), f.values.end(), *v) == f.values.end())
          return false;
        break;
      case filter_op::exists:
        if (v == nullptr)
          return false;
        break;
      case filter_op::not_exists:
        if (v != nullptr)
          return false;
        break;
    }
  }
  return true;
}

bool filter_set::validate(std::string& error) const {
  for (size_t i = 0; i < all.size(); ++i) {
    auto& f = all[i];
    auto where = "filters[" + std::to_string(i) + "] (" + f.key + ")";
    if (f.key.empty()) {
      error = "filters[" + std::to_string(i) + "]: empty key";
      return false;
    }
    size_t n = f.values.size();
    bool ok = true;
    switch (f.op) {
      case filter_op::eq:
      case filter_op::ne:
        ok = n == 1;
        break;
      case filter_op::in_set:
        ok = n >= 1;
        break;
      case filter_op::exists:
      case filter_op::not_exists:
        ok = n == 0;
        break;
    }
    if (!ok) {
      error = where + ": " + std::to_string(n)
              + " values do not fit the operator";
      return false;
    }
  }
  return true;
}

std::string filter_set::signature() const {
  // Length-prefixed fields: no separator can be forged by a value.
  std::string s;
  for (auto& f : all) {
    s += std::to_string(static_cast<int>(f.op)) + ':'
         + std::to_string(f.key.size()) + ':' + f.key;
    for (auto& v : f.values)
      s += std::to_string(v.size()) + ':' + v;
    s += ';';
  }
  return s;
}

} // namespace aip::memory
