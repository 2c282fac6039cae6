# `cmake --install` gives a C++ service headers, the static runtime and a CMake
# package: find_package(aip) then target_link_libraries(app aip::runtime).
include(CMakePackageConfigHelpers)
install(TARGETS aip_runtime aip_actors aip_schemas aip_kernels aip_build_flags
        EXPORT aipTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT aipTargets NAMESPACE aip_ex::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/aip)
configure_package_config_file(cmake/aipConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/aipConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/aip)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/aipConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/aipConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/aipConfigVersion.cmake
              cmake/FindCAF.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/aip)
