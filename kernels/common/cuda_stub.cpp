// Built when AIP_HAVE_CUDA is OFF: there is no GPU path to probe.
#include "common/cuda_device.hpp"

namespace aip::kernels {

bool cuda_available(std::string* why) {
  if (why != nullptr)
    *why = "built without CUDA (AIP_CUDA=OFF or no nvcc at configure time)";
  return false;
}

} // namespace aip::kernels
