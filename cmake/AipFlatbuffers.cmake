# aip_flatbuffers_generate(TARGET SCHEMAS a.fbs ...)
# Runs flatc into the build tree and exposes the generated headers through an
# INTERFACE target; generated code is never committed.
function(aip_flatbuffers_generate target)
  cmake_parse_arguments(F "" "" "SCHEMAS" ${ARGN})
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/generated/aip/schemas)
  set(outputs)
  foreach(schema ${F_SCHEMAS})
    get_filename_component(abs ${schema} ABSOLUTE)
    get_filename_component(stem ${schema} NAME_WE)
    set(out ${out_dir}/${stem}_generated.h)
    add_custom_command(OUTPUT ${out}
      COMMAND ${FLATC_EXECUTABLE} --cpp --scoped-enums --gen-object-api
              --reflect-names --gen-name-strings -o ${out_dir} ${abs}
      DEPENDS ${abs} VERBATIM
      COMMENT "flatc ${stem}.fbs")
    list(APPEND outputs ${out})
  endforeach()
  add_custom_target(${target}_gen DEPENDS ${outputs})
  add_library(${target} INTERFACE)
  add_dependencies(${target} ${target}_gen)
  target_include_directories(${target} INTERFACE
    $<BUILD_INTERFACE:${CMAKE_CURRENT_BINARY_DIR}/generated>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(${target} INTERFACE flatbuffers::flatbuffers)
  install(FILES ${outputs} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/aip/schemas)
endfunction()
