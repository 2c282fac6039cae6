# safetensors: the checked model-file reader (nlohmann for the JSON header).
list(APPEND AIP_KERNELS_SOURCES safetensors/safetensors.cpp)
list(APPEND AIP_KERNELS_LIBS nlohmann_json::nlohmann_json)
