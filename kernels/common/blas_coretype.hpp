#pragma once
/// OpenBLAS 0.3.21 (Debian 12) does not know recent CPUs (this project's
/// Intel family 6 model 207, say) and falls back to its SSE "Prescott"
/// kernels, about 3x slower than its AVX2 ones. A start-up hook in every
/// program that links aip::kernels fixes that: when OPENBLAS_CORETYPE is
/// not set and OpenBLAS chose an SSE-only kernel set on a CPU with AVX2 +
/// FMA, it sets OPENBLAS_CORETYPE (SkylakeX with AVX-512 F/BW/DQ/VL, else
/// Haswell) and has OpenBLAS choose again (gotoblas_dynamic_quit / _init,
/// which its DYNAMIC_ARCH build exports), before main runs and before any
/// BLAS call. A value set by the user always wins. See docs/pitfalls.md.

namespace aip::kernels {

/// The OpenBLAS kernel set in use (openblas_get_corename()), e.g. "Haswell".
const char* blas_core_name();

/// False when that kernel set is SSE-only (Prescott, Nehalem, ...), so
/// GEMM-based paths are slower than hand-written AVX2 loops.
bool blas_core_is_fast();

/// What the start-up hook set OPENBLAS_CORETYPE to, or nullptr when it left
/// OpenBLAS's own choice alone.
const char* blas_coretype_chosen();

} // namespace aip::kernels
