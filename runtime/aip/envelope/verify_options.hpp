#pragma once
/// Limits the envelope verifier enforces at a trust boundary. A plain value;
/// the defaults suit the schema (at most 4 tables, 2 levels deep) with room
/// for additive schema growth.

#include <cstddef>
#include <cstdint>

namespace aip {

struct verify_options {
  /// Largest accepted envelope. FlatBuffers itself stops below 2 GiB.
  size_t max_bytes = size_t{1} << 30;
  /// Deepest nesting of tables and vectors.
  uint32_t max_depth = 16;
  /// Most tables in one envelope.
  uint32_t max_tables = 64;
};

} // namespace aip
