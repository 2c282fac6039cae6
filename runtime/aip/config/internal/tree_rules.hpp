#pragma once
/// Rules that span several keys or siblings of a supervision tree: which
/// keys a strategy allows, unique sibling names and where significant
/// children may appear. Internal to the config loader.

#include "aip/config/internal/spec_readers.hpp"

#include <vector>

namespace aip::config_internal {

/// simple_one_for_one needs `template` and forbids `children`; `template`
/// and `replicas` are only allowed with it. `strategy_at` is where a missing
/// template is reported.
void check_strategy_keys(strategy s, source_location strategy_at,
                         const yaml_map& supervisor, error_sink& errors);

/// A repeated name is reported at the second child, naming the first's line.
void check_sibling_names(const std::vector<child_read>& children,
                         error_sink& errors);

/// `significant: true` needs an auto_shutdown other than `never` (as OTP).
void check_significant(const child_read& child, aip::auto_shutdown parent,
                       error_sink& errors);

} // namespace aip::config_internal
