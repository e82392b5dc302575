# tests/ddl.cmake — what CREATE TABLE / ALTER TABLE / CREATE INDEX in Execute
# SQL Tasks become: tests, indexes config, declared types (tests/ddl/; golden
# files in tests/ddl/golden/, tests/ddl/regen-golden rewrites them).  The
# conformance cases execsql_ddl_keys_become_tests and
# execsql_integer_division_declared_types run the same packages on dbt.
add_test(NAME ddl_golden
         COMMAND ${SSIS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/ddl/ddl_golden.py ${SSIS2DBTC} ${PROJECT_SOURCE_DIR})
set_tests_properties(ddl_golden PROPERTIES LABELS "backend;golden" TIMEOUT 120)

# The same case with rows that break its keys: dbt build must fail on the
# three tests they break (runs the real dbt, on DuckDB and on PostgreSQL).
foreach(target duckdb postgres)
  add_test(NAME ddl_tests_catch_bad_rows_${target}
           COMMAND ${SSIS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/ddl/bad_rows.py ${SSIS2DBTC} ${PROJECT_SOURCE_DIR}
                   --target ${target})
  set_tests_properties(ddl_tests_catch_bad_rows_${target} PROPERTIES LABELS once TIMEOUT 900
                       ENVIRONMENT "DBT_SEND_ANONYMOUS_USAGE_STATS=false;DO_NOT_TRACK=1")
endforeach()
