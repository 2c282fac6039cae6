#pragma once
/// `memory`: agents remember by meaning. One agent holds namespaces of
/// records (vector, id, text, metadata) and answers exact top-k searches;
/// searches that arrive together are coalesced into one batched kernel call
/// (grouped by namespace and filters). Offers the skill `memory`.
///
/// Messages (schemas/memory.fbs): MemoryAdd / MemoryUpdate / MemoryDelete ->
/// MemoryAck; MemorySearch -> MemoryHits; MemorySnapshot / MemoryRestore ->
/// MemorySnapshotInfo; MemoryStatsRequest -> MemoryStats. Errors:
/// invalid_input (bad namespace, dimension, filter, unknown id, corrupt
/// snapshot: each names the agent, the message id and the place), denied
/// (snapshots without `snapshot_dir`, or a path outside it), overloaded
/// (more than `max_pending` searches waiting).
///
/// Args: dim (384), metric (cosine | inner_product | l2), element (f32 |
/// f16), max_pending (4096), max_batch (256), coalesce (0: answer what has
/// arrived as soon as the mailbox is drained; > 0: also wait this long),
/// snapshot_dir, restore (a snapshot file in snapshot_dir loaded at start
/// if it exists; a corrupt one fails the start), snapshot_on_stop.

#include "aip/agents/agent_type.hpp"

namespace aip {

agent_type memory_agent_type();

} // namespace aip
