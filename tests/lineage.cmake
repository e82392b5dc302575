# tests/lineage.cmake — tables across tasks and packages, and the control
# flow dbt cannot express: exact diagnostics, ref()/source(), the manifest's
# lineage (tests/lineage/).  The conformance cases lineage_* run them on dbt.
add_test(NAME lineage_diagnostics
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/lineage/test_lineage.sh ${SSIS2DBTC} ${PROJECT_SOURCE_DIR})
set_tests_properties(lineage_diagnostics PROPERTIES LABELS "backend"
                     ENVIRONMENT "PYTHON=${SSIS_PYTHON};ASAN_OPTIONS=exitcode=86" TIMEOUT 60)
