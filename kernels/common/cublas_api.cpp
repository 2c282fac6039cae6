#include "common/cublas_api.hpp"

#include <dlfcn.h>

namespace aip::kernels {

namespace {

struct loaded {
  cublas_api api;
  bool ok = false;
  std::string why;
};

template <class Fn>
bool bind(void* lib, const char* name, Fn& slot, std::string& why) {
  slot = reinterpret_cast<Fn>(dlsym(lib, name));
  if (slot == nullptr)
    why = std::string{"libcublas lacks "} + name;
  return slot != nullptr;
}

loaded load() {
  loaded r;
  void* lib = nullptr;
  for (const char* name : {"libcublas.so.13", "libcublas.so.12", "libcublas.so"})
    if ((lib = dlopen(name, RTLD_NOW | RTLD_LOCAL)) != nullptr)
      break;
  if (lib == nullptr) {
    const char* err = dlerror();
    r.why = std::string{"cannot load cuBLAS: "} + (err ? err : "not found");
    return r;
  }
  // The library stays loaded for the life of the process on purpose:
  // handles of exiting threads may still reference it.
  auto& a = r.api;
  r.ok = bind(lib, "cublasCreate_v2", a.create, r.why)
         && bind(lib, "cublasDestroy_v2", a.destroy, r.why)
         && bind(lib, "cublasSetStream_v2", a.set_stream, r.why)
         && bind(lib, "cublasSetMathMode", a.set_math_mode, r.why)
         && bind(lib, "cublasSgemm_v2", a.sgemm, r.why)
         && bind(lib, "cublasGemmEx", a.gemm_ex, r.why)
         && bind(lib, "cublasGemmStridedBatchedEx", a.gemm_strided_batched_ex,
                 r.why);
  return r;
}

const loaded& library() {
  static const loaded l = load();
  return l;
}

struct thread_handle {
  cublasHandle_t h = nullptr;
  status st = status::ok;
  bool tried = false;
  ~thread_handle() {
    if (h != nullptr)
      library().api.destroy(h);
  }
};

} // namespace

const cublas_api* cublas(std::string* why) {
  auto& l = library();
  if (!l.ok) {
    if (why != nullptr)
      *why = l.why;
    return nullptr;
  }
  return &l.api;
}

cublasHandle_t cublas_handle(status* err) {
  thread_local thread_handle th;
  if (!th.tried) {
    th.tried = true;
    if (auto* api = cublas(nullptr); api == nullptr)
      th.st = status::no_device;
    else if (auto s = api->create(&th.h); s != CUBLAS_STATUS_SUCCESS) {
      th.h = nullptr;
      th.st = from_cublas(s);
    }
  }
  if (err != nullptr)
    *err = th.st;
  return th.h;
}

status from_cublas(cublasStatus_t s) {
  switch (s) {
    case CUBLAS_STATUS_SUCCESS:
      return status::ok;
    case CUBLAS_STATUS_NOT_INITIALIZED:
      return status::no_device;
    case CUBLAS_STATUS_ALLOC_FAILED:
      return status::out_of_memory;
    case CUBLAS_STATUS_INVALID_VALUE:
      return status::invalid_argument;
    case CUBLAS_STATUS_ARCH_MISMATCH:
    case CUBLAS_STATUS_NOT_SUPPORTED:
      return status::unsupported;
    default:
      return status::blas_error;
  }
}

} // namespace aip::kernels
