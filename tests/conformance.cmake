# tests/conformance.cmake — the conformance harness (tests/conformance/run,
# tests/conformance/README.md).  The harness's own tests always run: unit
# tests of the typed comparison, and the self-test that runs the harness
# with the real dbt on a hand-written fixture project, on DuckDB and on
# PostgreSQL.  The conformance suites proper compile the shared examples,
# the bundled example and tests/conformance/cases with ssis2dbtc and run them
# with dbt on DuckDB, and a representative subset on PostgreSQL
# (tests/conformance/postgres-subset.txt).  Cases that are known not to pass
# yet are listed, with the reason, in tests/conformance/known-failures.txt:
# they are counted as skipped, and one that starts passing fails the run
# until it is taken off the list.  Everything here runs the real dbt (or
# belongs with it) and is labelled `once`.
option(SSIS_CONFORMANCE "Run the conformance cases through ssis2dbtc and dbt" ON)

set(SSIS_CONFORMANCE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/conformance)
set(SSIS_CONFORMANCE_ENV DBT_SEND_ANONYMOUS_USAGE_STATS=false DO_NOT_TRACK=1)

add_test(NAME conformance_compare_unit
         COMMAND ${SSIS_TEST_PYTHON} ${SSIS_CONFORMANCE_DIR}/test_compare.py)
set_tests_properties(conformance_compare_unit PROPERTIES LABELS once TIMEOUT 120)

foreach(target duckdb postgres)
  add_test(NAME conformance_selftest_${target}
           COMMAND ${SSIS_TEST_PYTHON} ${SSIS_CONFORMANCE_DIR}/selftest/selftest.py
                   --examples ${SSIS_SHARED_DIR}/conformance/examples --target ${target} -j 2)
  set_tests_properties(conformance_selftest_${target} PROPERTIES
                       LABELS once TIMEOUT 1800 ENVIRONMENT "${SSIS_CONFORMANCE_ENV}")
endforeach()

if(SSIS_CONFORMANCE)
  set(SSIS_KNOWN_FAILURES --known-failures ${SSIS_CONFORMANCE_DIR}/known-failures.txt)
  add_test(NAME conformance_examples
           COMMAND ${SSIS_TEST_PYTHON} ${SSIS_CONFORMANCE_DIR}/run
                   ${SSIS_SHARED_DIR}/conformance/examples ${PROJECT_SOURCE_DIR}/examples/hello
                   --compiler ${SSIS2DBTC} -j 2)
  add_test(NAME conformance_cases
           COMMAND ${SSIS_TEST_PYTHON} ${SSIS_CONFORMANCE_DIR}/run
                   ${PROJECT_SOURCE_DIR}/tests/conformance/cases --compiler ${SSIS2DBTC} -j 2
                   ${SSIS_KNOWN_FAILURES})
  file(STRINGS ${SSIS_CONFORMANCE_DIR}/postgres-subset.txt SSIS_PG_SUBSET REGEX "^[^#]")
  set(SSIS_PG_CASES "")
  foreach(name ${SSIS_PG_SUBSET})
    string(STRIP "${name}" name)
    if(name MATCHES "/")
      list(APPEND SSIS_PG_CASES ${PROJECT_SOURCE_DIR}/${name})
    else()
      list(APPEND SSIS_PG_CASES ${PROJECT_SOURCE_DIR}/tests/conformance/cases/${name})
    endif()
  endforeach()
  add_test(NAME conformance_postgres
           COMMAND ${SSIS_TEST_PYTHON} ${SSIS_CONFORMANCE_DIR}/run --target postgres
                   ${SSIS_SHARED_DIR}/conformance/examples ${SSIS_PG_CASES}
                   --compiler ${SSIS2DBTC} -j 2 ${SSIS_KNOWN_FAILURES})
  set_tests_properties(conformance_examples conformance_cases conformance_postgres PROPERTIES
                       LABELS once TIMEOUT 3600 ENVIRONMENT "${SSIS_CONFORMANCE_ENV}")
endif()
