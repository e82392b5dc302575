# tsql.cmake — tests of the T-SQL front end: golden cases (tree dumps and
# diagnostics), the C API, the corpus measurement, and the fuzzer.
set(TSQL_TESTS ${CMAKE_CURRENT_SOURCE_DIR}/tsql)
if(EXISTS ${SSIS_PYTHON})
  set(TSQL_PYTHON ${SSIS_PYTHON})
else()
  find_program(TSQL_PYTHON NAMES python3 REQUIRED)
endif()

add_test(NAME tsql_cases
  COMMAND ${TSQL_PYTHON} ${TSQL_TESTS}/run_cases.py ${SSIS2DBTC} ${TSQL_TESTS}/cases)

# MERGE, UPDATE/DELETE after a load, EXEC and DDL in Execute SQL Tasks:
# the models, hooks, stubs and warnings they become.
add_test(NAME tsql_execsql_statements
  COMMAND ${TSQL_PYTHON} ${TSQL_TESTS}/execsql_statements.py ${SSIS2DBTC}
          ${CMAKE_CURRENT_SOURCE_DIR}/conformance/cases)

# Temporary tables, table variables and SELECT ... INTO in Execute SQL
# Tasks: the models they become, how they are read, their warnings.
add_test(NAME tsql_execsql_temp_tables
  COMMAND ${TSQL_PYTHON} ${TSQL_TESTS}/execsql_temp_tables.py ${SSIS2DBTC}
          ${CMAKE_CURRENT_SOURCE_DIR}/conformance/cases)

# Every Execute SQL statement and source query of the corpus: fails when the
# share of T-SQL texts that parse completely falls below the level reached.
if(EXISTS ${SSIS_SHARED_DIR}/corpus/train)
  add_test(NAME tsql_corpus
    COMMAND ${TSQL_PYTHON} ${TSQL_TESTS}/corpus_sql.py ${SSIS2DBTC} ${SSIS_SHARED_DIR}/corpus/train
            --min-rate 98.5)
  set_tests_properties(tsql_corpus PROPERTIES TIMEOUT 600)
  # What the corpus's queries and Execute SQL Tasks become: models printed
  # per dialect, placeholders, or text kept verbatim (by pattern).
  add_test(NAME tsql_corpus_models
    COMMAND ${TSQL_PYTHON} ${TSQL_TESTS}/corpus_models.py ${SSIS2DBTC} ${SSIS_SHARED_DIR}/corpus/train
            --min-parsed 65)
  set_tests_properties(tsql_corpus_models PROPERTIES TIMEOUT 900)
endif()

if(CMOCKA_FOUND)
  add_executable(test_tsql_api ${TSQL_TESTS}/test_tsql_api.c)
  target_link_libraries(test_tsql_api PRIVATE ssis_frontend ssis_ir PkgConfig::CMOCKA)
  add_test(NAME tsql_api COMMAND test_tsql_api)
endif()

# libFuzzer (clang, -DSSIS_FUZZ=ON): a bounded run over the golden cases as
# seeds; crashes it finds become cases in tests/tsql/cases.
if(SSIS_FUZZ)
  add_executable(fuzz_tsql ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_tsql.c)
  target_compile_options(fuzz_tsql PRIVATE -fsanitize=fuzzer)
  target_link_options(fuzz_tsql PRIVATE -fsanitize=fuzzer)
  target_link_libraries(fuzz_tsql PRIVATE ssis_frontend ssis_ir)
  set(TSQL_FUZZ_CORPUS ${CMAKE_CURRENT_BINARY_DIR}/fuzz_tsql_corpus)
  file(MAKE_DIRECTORY ${TSQL_FUZZ_CORPUS})
  # The fuzzer's dictionary: the keywords of tsql_keywords.def and the
  # punctuation the grammar knows.
  file(STRINGS ${PROJECT_SOURCE_DIR}/frontend/tsql_keywords.def tsql_fuzz_kw REGEX "^TSQL_KW\\(")
  set(tsql_dict "op1=\"(\"\nop2=\")\"\nop3=\"'\"\nop4=\"[\"\nop5=\"@@\"\nop6=\"/*\"\nop7=\"\\x0aGO\\x0a\"\nop8=\"?\"\n")
  foreach(line ${tsql_fuzz_kw})
    if(line MATCHES "^TSQL_KW\\(\"([A-Z_]+)\"")
      string(APPEND tsql_dict "kw_${CMAKE_MATCH_1}=\" ${CMAKE_MATCH_1} \"\n")
    endif()
  endforeach()
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/tsql.dict "${tsql_dict}")
  add_test(NAME tsql_fuzz
    COMMAND fuzz_tsql -max_total_time=60 -max_len=4096 -timeout=10 -rss_limit_mb=2048
            -dict=${CMAKE_CURRENT_BINARY_DIR}/tsql.dict ${TSQL_FUZZ_CORPUS} ${TSQL_TESTS}/cases)
  set_tests_properties(tsql_fuzz PROPERTIES TIMEOUT 300)
endif()

# The T-SQL printer: golden translations per dialect, and the DuckDB and
# PostgreSQL translations run for real (same rows from both engines).
add_test(NAME tsql_transpile
  COMMAND ${TSQL_PYTHON} ${TSQL_TESTS}/run_transpile.py ${SSIS2DBTC} ${TSQL_TESTS}/transpile)
if(EXISTS ${SSIS_PYTHON})
  add_test(NAME tsql_transpile_run
    COMMAND ${SSIS_PYTHON} ${TSQL_TESTS}/run_transpile.py ${SSIS2DBTC} ${TSQL_TESTS}/transpile
            --run --pgtmp ${CMAKE_CURRENT_SOURCE_DIR}/lib/pgtmp.sh --run-cases functions.sql,queries.sql)
  set_tests_properties(tsql_transpile_run PROPERTIES LABELS once TIMEOUT 300)
endif()

# A source query with a construct that has no translation: a located
# warning, a staging model that fails when run, a placeholder in coverage.
add_test(NAME tsql_source_untranslated
  COMMAND ${TSQL_PYTHON} ${TSQL_TESTS}/source_query_untranslated.py ${SSIS2DBTC}
          ${PROJECT_SOURCE_DIR}/examples/hello/LoadCustomers.dtsx)

# The hooks that fail when they run (a flat file not written, a post-hook
# with no translation) keep their message through dbt's two renderings.
if(EXISTS ${SSIS_PYTHON})
  add_test(NAME tsql_failing_hooks
    COMMAND ${SSIS_PYTHON} ${TSQL_TESTS}/failing_hooks.py ${SSIS2DBTC}
            ${CMAKE_CURRENT_SOURCE_DIR}/conformance/cases)
endif()
