#include "bench_system.hpp"


#include <algorithm>
#include <thread>

#include "aip/core/type_ids.hpp"
#include "aip/node/node_spec.hpp"

namespace aip::bench {

bench_system::bench_system(const options& opts, const char* policy)
  : threads_(opts.threads != 0
               ? opts.threads
               : std::max(1u, std::thread::hardware_concurrency())) {
  aip::register_types(cfg_);
  cfg_.set("scheduler.max-threads",
           static_cast<caf::config_value::integer>(threads_));
  // Both halves run under the policy an AIP node uses unless told otherwise.
  cfg_.set("scheduler.max-throughput",
           static_cast<caf::config_value::integer>(node_spec{}.max_throughput));
  cfg_.set("scheduler.policy",
           caf::atom_from_string(policy != nullptr ? policy
                                                   : node_spec{}.scheduler));
  sys_ = std::make_unique<caf::actor_system>(cfg_);
}

bench_system::~bench_system() {
  // The system must go before its config.
  sys_.reset();
}

} // namespace aip::bench
