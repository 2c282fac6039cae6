#pragma once
/// Typed FlatBuffers payloads for the agent API: `make_payload<T>` builds one
/// (the type name comes from the generated code, flatc --gen-name-strings),
/// `read_payload<T>` verifies an incoming one before handing out the table.
///
///   auto p = make_payload<demo::Text>([&](flatbuffers::FlatBufferBuilder& b) {
///     return demo::CreateText(b, b.CreateString("hi"));
///   });

#include <algorithm>
#include <string>
#include <utility>

#include <flatbuffers/flatbuffers.h>

#include "aip/envelope/byte_span.hpp"
#include "aip/envelope/envelope.hpp"

namespace aip {

/// A finished FlatBuffer and the fully qualified name of its root table.
struct payload {
  std::string type;
  flatbuffers::DetachedBuffer bytes;

  byte_span view() const { return {bytes.data(), bytes.size()}; }
};

template <class T, class Build>
payload make_payload(Build&& build) {
  flatbuffers::FlatBufferBuilder fbb{256};
  auto root = build(fbb);
  fbb.Finish(root);
  return payload{T::GetFullyQualifiedName(), fbb.Release()};
}

/// A copy of `e`'s payload and its type (echoing, forwarding elsewhere).
inline payload copy_payload(const envelope& e) {
  auto bytes = e.payload();
  payload result;
  result.type = std::string{e.payload_type()};
  if (bytes.size > 0) {
    // DetachedBuffer frees with delete[] when it has no allocator.
    auto* buf = new uint8_t[bytes.size];
    std::copy(bytes.data, bytes.data + bytes.size, buf);
    result.bytes = flatbuffers::DetachedBuffer{nullptr, false, buf,
                                               bytes.size, buf, bytes.size};
  }
  return result;
}

/// The payload of `e` as a `T`, or nullptr when its type name is not T's or
/// it does not verify (bounds, depth, table count).
template <class T>
const T* read_payload(const envelope& e) {
  if (e.payload_type() != T::GetFullyQualifiedName())
    return nullptr;
  auto bytes = e.payload();
  if (bytes.data == nullptr)
    return nullptr;
  flatbuffers::Verifier v{bytes.data, bytes.size};
  if (!v.VerifyBuffer<T>(nullptr))
    return nullptr;
  return flatbuffers::GetRoot<T>(bytes.data);
}

} // namespace aip
