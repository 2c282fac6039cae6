# bert: the all-MiniLM-L6-v2 encoder (CPU fp32 on OpenBLAS, CUDA fp16/bf16 on
# cuBLAS) and the sentence encoder that puts the WordPiece tokenizer in front.
list(APPEND AIP_KERNELS_SOURCES
  bert/bert_model.cpp
  bert/bert_encoder_cpu.cpp
  bert/bert_cpu_ops_generic.cpp
  bert/bert_cpu_ops_avx2.cpp
  bert/sentence_encoder.cpp)
set_source_files_properties(bert/bert_cpu_ops_avx2.cpp PROPERTIES
  COMPILE_OPTIONS "${AIP_KERNELS_AVX2_FLAGS}")
list(APPEND AIP_KERNELS_CUDA_SOURCES
  bert/bert_encoder_cuda.cu
  bert/bert_cuda_kernels.cu)
list(APPEND AIP_KERNELS_NOCUDA_SOURCES bert/bert_encoder_cuda_stub.cpp)
list(APPEND AIP_KERNELS_LIBS openblas nlohmann_json::nlohmann_json)
