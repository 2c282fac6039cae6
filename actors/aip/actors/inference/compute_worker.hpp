#pragma once
/// The detached actor that owns an inference model and runs its jobs one at
/// a time, off the scheduler: compute_job -> compute_result (a failed run
/// is a result with `error`, not an actor failure).

#include <memory>

#include <caf/behavior.hpp>
#include <caf/fwd.hpp>

#include "aip/actors/inference/inference_model.hpp"

namespace aip {

caf::behavior compute_worker(caf::event_based_actor* self,
                             std::shared_ptr<inference_model> model);

} // namespace aip
