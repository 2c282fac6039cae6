#pragma once
/// The payloads broker tests send: demo Text messages, and an empty state
/// for test agents that keep none.

#include <string>

#include "aip/agents/payload.hpp"
#include "aip/schemas/demo_generated.h"

namespace aip::test {

inline payload text(const std::string& s) {
  return make_payload<demo::Text>([&](flatbuffers::FlatBufferBuilder& b) {
    return demo::CreateText(b, b.CreateString(s));
  });
}

/// The Text in `e`, or `<none>`.
inline std::string text_of(const envelope& e) {
  auto* t = read_payload<demo::Text>(e);
  return t != nullptr && t->text() != nullptr ? t->text()->str() : "<none>";
}

/// State of test agents that need none.
struct nothing {};

} // namespace aip::test
