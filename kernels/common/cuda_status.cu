#include <string>

#include "common/cuda_device.hpp"
#include "common/cuda_error.cuh"

namespace aip::kernels {

status from_cuda(cudaError_t err) {
  switch (err) {
    case cudaSuccess:
      return status::ok;
    case cudaErrorMemoryAllocation:
      return status::out_of_memory;
    case cudaErrorNoDevice:
    case cudaErrorInsufficientDriver:
    case cudaErrorInitializationError:
    case cudaErrorDevicesUnavailable:
    case cudaErrorCallRequiresNewerDriver:
    case cudaErrorSystemDriverMismatch:
      return status::no_device;
    case cudaErrorInvalidConfiguration:
    case cudaErrorLaunchFailure:
    case cudaErrorLaunchOutOfResources:
    case cudaErrorNoKernelImageForDevice:
    case cudaErrorInvalidDeviceFunction:
      return status::launch_failed;
    default:
      return status::cuda_error;
  }
}

namespace {

struct probe_result {
  bool ok = false;
  std::string why;
};

probe_result probe() {
  probe_result r;
  int count = 0;
  cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess) {
    // The runtime caches the error; clear it so later calls start clean.
    cudaGetLastError();
    r.why = std::string{"no CUDA driver or device: "} + cudaGetErrorName(err)
            + " (" + cudaGetErrorString(err) + ")";
    return r;
  }
  if (count == 0) {
    r.why = "CUDA driver present but no device";
    return r;
  }
  r.ok = true;
  return r;
}

} // namespace

bool cuda_available(std::string* why) {
  // Probing initialises the driver (tens of ms): do it once per process.
  static const probe_result result = probe();
  if (!result.ok && why != nullptr)
    *why = result.why;
  return result.ok;
}

} // namespace aip::kernels
