#pragma once
/// Internal: lets workflow_pool.cpp construct workflows and cancel them
/// without making those members public. Not for other callers.

#include <memory>
#include <string>

#include <caf/fwd.hpp>

#include "aip/workflow/workflow.hpp"

namespace aip::detail {

struct workflow_access {
  static std::shared_ptr<workflow> make(workflow_id id, std::string name,
                                        deadline_clock::time_point dl,
                                        caf::actor_system& sys) {
    return std::shared_ptr<workflow>(
      new workflow(id, std::move(name), dl, sys));
  }

  static void cancel(workflow& wf) {
    wf.request_cancel();
  }
};

} // namespace aip::detail
