#include "aip/actors/inference/compute_worker.hpp"

#include <caf/event_based_actor.hpp>

#include "aip/core/type_ids.hpp"

namespace aip {

caf::behavior compute_worker(caf::event_based_actor*,
                             std::shared_ptr<inference_model> model) {
  return {
    [model](compute_job& job) {
      compute_result r;
      model->run(job, r);
      return r;
    },
  };
}

} // namespace aip
