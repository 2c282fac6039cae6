# Runs as `cmake -P`: install AIP to a scratch prefix, build examples/embed
# against it as a separate project, run it, check its output.
file(REMOVE_RECURSE ${SCRATCH})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${AIP_BINARY_DIR}
                        --prefix ${SCRATCH}/prefix
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${AIP_SOURCE_DIR}/examples/embed
                        -B ${SCRATCH}/build -G ${GENERATOR}
                        -DCMAKE_PREFIX_PATH=${SCRATCH}/prefix
                        -DCMAKE_BUILD_TYPE=Release
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring examples/embed failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${SCRATCH}/build -j 2
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building examples/embed failed (${rc})")
endif()
execute_process(COMMAND ${SCRATCH}/build/embed_demo
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "embed_demo exited with ${rc}")
endif()
if(NOT out MATCHES "restarted root/workers/echo-2")
  message(FATAL_ERROR "embed_demo did not report the restart it causes")
endif()
