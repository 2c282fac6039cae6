# vector: exact top-k search (AVX2 scan, OpenBLAS tiles, float64 reference,
# CUDA fused and cuBLAS paths).
list(APPEND AIP_KERNELS_SOURCES
  common/parallel_for.cpp
  vector/search_args.cpp
  vector/search_ref.cpp
  vector/search_cpu.cpp
  vector/topk_merge.cpp
  vector/scan_cpu.cpp
  vector/gemm_cpu.cpp
  vector/cpu_kernels_portable.cpp
  vector/cpu_kernels_avx2.cpp)
set_source_files_properties(vector/cpu_kernels_avx2.cpp PROPERTIES
  COMPILE_OPTIONS "${AIP_KERNELS_AVX2_FLAGS}")
list(APPEND AIP_KERNELS_CUDA_SOURCES
  vector/cuda_index.cu
  vector/fused_topk.cu
  vector/gemm_topk.cu
  vector/topk_select.cu)
list(APPEND AIP_KERNELS_NOCUDA_SOURCES vector/cuda_index_stub.cpp)
list(APPEND AIP_KERNELS_LIBS openblas Threads::Threads)
