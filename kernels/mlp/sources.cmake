# mlp: dense MLP classifiers from safetensors + a YAML/JSON layer spec (CPU on
# OpenBLAS, float64 reference, CUDA on cuBLAS).
list(APPEND AIP_KERNELS_SOURCES mlp/mlp_load.cpp mlp/mlp_classifier_cpu.cpp
     mlp/mlp_classifier_ref.cpp)
list(APPEND AIP_KERNELS_CUDA_SOURCES mlp/mlp_classifier_cuda.cu)
list(APPEND AIP_KERNELS_NOCUDA_SOURCES mlp/mlp_classifier_cuda_stub.cpp)
list(APPEND AIP_KERNELS_LIBS openblas yaml-cpp)
