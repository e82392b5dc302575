# tests/backend.cmake — the backend: unit tests of naming, partitioning,
# SQL per operator and dialect, the source map, writing; golden trees in
# tests/backend/golden/ (UPDATE_GOLDEN=1 ctest -R backend.unit rewrites them).
# be_gen writes a fixture's project to a directory for the real dbt.
if(TARGET PkgConfig::CMOCKA AND TARGET ssis_backend)
  add_library(ssis_be_fixtures STATIC
    ${CMAKE_CURRENT_SOURCE_DIR}/backend/fixtures.c
    ${CMAKE_CURRENT_SOURCE_DIR}/backend/cases.c)
  target_include_directories(ssis_be_fixtures PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/backend ${PROJECT_SOURCE_DIR}/backend)
  target_link_libraries(ssis_be_fixtures PUBLIC ssis_backend ssis_ir)

  add_executable(test_backend ${CMAKE_CURRENT_SOURCE_DIR}/backend/test_backend.c)
  target_compile_definitions(test_backend PRIVATE
    SSIS_EXAMPLES_DIR="${SSIS_SHARED_DIR}/conformance/examples"
    SSIS_GOLDEN_DIR="${CMAKE_CURRENT_SOURCE_DIR}/backend/golden")
  target_link_libraries(test_backend PRIVATE ssis_be_fixtures PkgConfig::CMOCKA)
  add_test(NAME backend.unit COMMAND test_backend)
  set_tests_properties(backend.unit PROPERTIES LABELS "backend" TIMEOUT 120)

  add_executable(be_gen ${CMAKE_CURRENT_SOURCE_DIR}/backend/be_gen.c)
  target_link_libraries(be_gen PRIVATE ssis_be_fixtures)
endif()
