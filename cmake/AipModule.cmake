# One helper creates every module's library target and one registers every
# test file as its own CTest entry, so flags and layout come from one place.

# Warnings and defines every AIP target compiles with.
add_library(aip_build_flags INTERFACE)
target_compile_options(aip_build_flags INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wno-unused-parameter>)
# A CAF message type without a type ID must be a compile error, not an empty
# message on the remote side.
target_compile_definitions(aip_build_flags INTERFACE CAF_ENABLE_TYPE_ID_CHECKS)

# aip_add_module(NAME SOURCES a.cpp ... DEPS tgt ... [PUBLIC_DEPS tgt ...])
# Creates static library aip_<NAME> from sources under its folder. Headers are
# found as <aip/...> relative to the folder's root (runtime/ or actors/).
function(aip_add_module name)
  cmake_parse_arguments(M "" "INCLUDE_ROOT" "SOURCES;DEPS;PUBLIC_DEPS" ${ARGN})
  add_library(aip_${name} ${M_SOURCES})
  add_library(aip::${name} ALIAS aip_${name})
  if(NOT M_INCLUDE_ROOT)
    set(M_INCLUDE_ROOT ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
  target_include_directories(aip_${name} PUBLIC
    $<BUILD_INTERFACE:${M_INCLUDE_ROOT}>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(aip_${name} PUBLIC ${M_PUBLIC_DEPS} PRIVATE ${M_DEPS}
                        $<BUILD_INTERFACE:aip_build_flags>)
endfunction()

# aip_add_test(NAME SOURCES a.cpp ... DEPS tgt ... [LABELS l ...])
# One GoogleTest binary per test file; each becomes one CTest entry.
function(aip_add_test name)
  cmake_parse_arguments(T "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(test_${name} ${T_SOURCES})
  target_link_libraries(test_${name} PRIVATE ${T_DEPS} GTest::gtest_main
                        aip_build_flags)
  add_test(NAME ${name} COMMAND test_${name})
  set_tests_properties(${name} PROPERTIES LABELS "unit;${T_LABELS}"
                       TIMEOUT 300)
endfunction()
