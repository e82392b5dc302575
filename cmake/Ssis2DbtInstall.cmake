# Ssis2DbtInstall.cmake — `cmake --install`: the executable, its man page and
# bash completion, and the CMake package (lib/cmake/Ssis2Dbt) that makes
# find_package(Ssis2Dbt) work (docs/cmake.md).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SSIS2DBT_CMAKE_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/Ssis2Dbt")
install(TARGETS ssis2dbtc EXPORT Ssis2DbtTargets RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(FILES "${PROJECT_SOURCE_DIR}/docs/ssis2dbtc.1" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES "${PROJECT_SOURCE_DIR}/scripts/ssis2dbtc-completion.bash"
        DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/bash-completion/completions" RENAME ssis2dbtc)
install(EXPORT Ssis2DbtTargets NAMESPACE Ssis2Dbt:: DESTINATION "${SSIS2DBT_CMAKE_INSTALL_DIR}")

configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/Ssis2DbtConfig.cmake.in"
                              "${PROJECT_BINARY_DIR}/Ssis2DbtConfig.cmake"
                              INSTALL_DESTINATION "${SSIS2DBT_CMAKE_INSTALL_DIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/Ssis2DbtConfigVersion.cmake"
                                 VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/Ssis2DbtConfig.cmake" "${PROJECT_BINARY_DIR}/Ssis2DbtConfigVersion.cmake"
              "${PROJECT_SOURCE_DIR}/cmake/Ssis2Dbt.cmake"
        DESTINATION "${SSIS2DBT_CMAKE_INSTALL_DIR}")
