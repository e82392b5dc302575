# tests/build_examples.cmake — `cmake --install`, then examples/cmake built
# through find_package(Ssis2Dbt) with Ninja and with Unix Makefiles, and
# examples/make with plain make: cold, touched, no-op and changed rebuilds
# (tests/build_examples/run.sh).  About half a minute.
add_test(NAME build_examples
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/build_examples/run.sh ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR})
set_tests_properties(build_examples PROPERTIES LABELS "build" TIMEOUT 300 ENVIRONMENT "ASAN_OPTIONS=exitcode=86")
