#include "common/blas_coretype.hpp"

#include <cblas.h>

#include <cstdlib>
#include <cstring>
#include <initializer_list>

// Exported by OpenBLAS's DYNAMIC_ARCH builds (Debian's): forget the chosen
// kernel table / choose again, reading OPENBLAS_CORETYPE.
extern "C" void gotoblas_dynamic_init(void);
extern "C" void gotoblas_dynamic_quit(void);

namespace aip::kernels {

namespace {

const char* chosen = nullptr;

bool is_sse_only(const char* core) {
  if (core == nullptr)
    return true;
  for (const char* slow :
       {"Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom",
        "Athlon", "Opteron", "Opteron_SSE3", "Barcelona", "Bobcat",
        "Sandybridge", "Bulldozer", "Katmai", "Coppermine", "Northwood",
        "Banias", "Yonah", "Unknown"})
    if (std::strcmp(core, slow) == 0)
      return true;
  return false;
}

// Runs before main (the executable's constructors run after its shared
// libraries', so OpenBLAS has made its first choice already).
__attribute__((constructor)) void choose_blas_coretype() {
  if (std::getenv("OPENBLAS_CORETYPE") != nullptr
      || !is_sse_only(openblas_get_corename()))
    return;
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
      && __builtin_cpu_supports("avx512dq")
      && __builtin_cpu_supports("avx512vl"))
    chosen = "SkylakeX";
  else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    chosen = "Haswell";
  if (chosen == nullptr)
    return;
  setenv("OPENBLAS_CORETYPE", chosen, 0);
  gotoblas_dynamic_quit();
  gotoblas_dynamic_init();
}

} // namespace

const char* blas_core_name() {
  return openblas_get_corename();
}

bool blas_core_is_fast() {
  return !is_sse_only(openblas_get_corename());
}

const char* blas_coretype_chosen() {
  return chosen;
}

} // namespace aip::kernels

// kernels/CMakeLists.txt makes every consumer of aip::kernels link this
// object (and so its constructor) by naming this symbol.
extern "C" {
__attribute__((used)) const char* const aip_kernels_blas_hook = "blas_coretype";
}
