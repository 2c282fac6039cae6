#pragma once
/// Whether this process can run CUDA kernels: built with nvcc and a driver
/// plus at least one device present. Shared by every op; cheap after the
/// first call (the answer is cached). Callable from any thread.

#include <string>

namespace aip::kernels {

/// Returns true when kernels can run on a GPU. Otherwise returns false and,
/// when `why` is not null, stores a human reason (e.g. "no CUDA driver").
bool cuda_available(std::string* why = nullptr);

} // namespace aip::kernels
