#pragma once
/// The project's single CAF type-ID block (`caf::id_block::aip`). Every AIP
/// type that travels in a caf::message gets a line here, never a block of its
/// own; include this header wherever such a message is made or handled.
/// register_types() must run on every node's config before the actor_system.

#include "aip/agents/backbone_protocol.hpp"
#include "aip/core/compute_job.hpp"
#include "aip/envelope/envelope_inspect.hpp"
#include "aip/supervision/child_spec.hpp"

#include <caf/fwd.hpp>
#include <caf/type_id.hpp>

#include <cstdint>
#include <vector>

// Names travel as strings in 0.17 (CAF_PP_STR of the type): keep them short.
// Append only at the end: IDs are positional and must match across nodes.
CAF_BEGIN_TYPE_ID_BLOCK(aip, caf::first_custom_type_id)

CAF_ADD_TYPE_ID(aip, (aip::envelope))
// Raw bytes (benchmark baselines, tools); CAF 0.17's core block lacks it.
CAF_ADD_TYPE_ID(aip, (std::vector<uint8_t>))
// The backbone protocol (aip/agents/backbone_protocol.hpp).
CAF_ADD_TYPE_ID(aip, (aip::registration))
CAF_ADD_TYPE_ID(aip, (aip::subscription))
CAF_ADD_TYPE_ID(aip, (aip::delivery_failure))
CAF_ADD_TYPE_ID(aip, (aip::dead_letter))
CAF_ADD_TYPE_ID(aip, (std::vector<aip::dead_letter>))
CAF_ADD_TYPE_ID(aip, (aip::new_child))
// Jobs for detached compute workers (aip/core/compute_job.hpp).
CAF_ADD_TYPE_ID(aip, (aip::compute_job))
CAF_ADD_TYPE_ID(aip, (aip::compute_result))

CAF_END_TYPE_ID_BLOCK(aip)

namespace aip {

/// Registers every type of the block and AIP's error categories with `cfg`.
/// Idempotent: calling it again on the same config changes nothing.
void register_types(caf::actor_system_config& cfg);

} // namespace aip
