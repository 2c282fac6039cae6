#pragma once
/// Memory snapshots on disk: every namespace (configuration, vectors as
/// stored, ids, texts, metadata), each section length-prefixed and
/// checksummed (XXH3-64), written to a temporary file, fsync'd and renamed
/// into place so a crash never leaves a half-written snapshot under the
/// name. Reading checks every length, bound and checksum into a fresh store
/// before anything is handed back: a corrupt or truncated file is rejected
/// with the file, the section and what is wrong, never half-loaded.
/// Format: docs/memory.md. CAF-free; call from the owning actor.

#include <cstdint>
#include <string>

#include "aip/actors/memory/memory_store.hpp"

namespace aip::memory {

struct snapshot_info {
  uint64_t namespaces = 0;
  uint64_t records = 0;
  uint64_t bytes = 0;
};

/// Writes `store` to `path`. False with `error` (naming the path and the
/// failing call) when it cannot; an existing file at `path` is then intact.
bool write_snapshot(const memory_store& store, const std::string& path,
                    snapshot_info& info, std::string& error);

/// Reads `path` into `out` (replacing it only on success). The file's
/// configuration must match `expect` (dimension, metric, element): a
/// snapshot of another shape is rejected, not converted.
bool read_snapshot(const std::string& path, const index_config& expect,
                   memory_store& out, snapshot_info& info, std::string& error);

} // namespace aip::memory
