# tests/overrides.cmake — hand-edited generated files, files that are not
# ours, stale removal and the overrides folder (docs/overrides.md).
add_test(NAME overrides
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/overrides/test_overrides.sh ${SSIS2DBTC} ${PROJECT_SOURCE_DIR})
set_tests_properties(overrides PROPERTIES ENVIRONMENT "ASAN_OPTIONS=exitcode=86" TIMEOUT 120)
