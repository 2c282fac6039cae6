#include "common/status.hpp"

namespace aip::kernels {

const char* to_string(status s) {
  switch (s) {
    case status::ok:
      return "ok";
    case status::invalid_argument:
      return "invalid_argument";
    case status::no_cuda_build:
      return "no_cuda_build";
    case status::no_device:
      return "no_device";
    case status::out_of_memory:
      return "out_of_memory";
    case status::launch_failed:
      return "launch_failed";
    case status::cuda_error:
      return "cuda_error";
    case status::unsupported:
      return "unsupported";
    case status::blas_error:
      return "blas_error";
  }
  return "unknown";
}

} // namespace aip::kernels
