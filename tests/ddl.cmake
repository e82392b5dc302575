# tests/ddl.cmake — what CREATE TABLE / ALTER TABLE / CREATE INDEX in Execute
# SQL Tasks become: tests, indexes config, declared types (tests/ddl/; golden
# files in tests/ddl/golden/, tests/ddl/regen-golden rewrites them).  The
# conformance cases execsql_ddl_keys_become_tests and
# execsql_integer_division_declared_types run the same packages on dbt.
add_test(NAME ddl_golden
         COMMAND ${SSIS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/ddl/ddl_golden.py ${SSIS2DBTC} ${PROJECT_SOURCE_DIR})
set_tests_properties(ddl_golden PROPERTIES LABELS "backend;golden" TIMEOUT 120)
