# tests/expr.cmake — the SSIS expression language: the conformance suite
# (cases as data, evaluated on DuckDB and PostgreSQL), the command line, the
# corpus scan, API unit tests and the libFuzzer target.
set(SSIS_EXPR_TESTS ${CMAKE_CURRENT_SOURCE_DIR}/expr)

add_test(NAME expr_cases
  COMMAND ${SSIS_PYTHON} ${SSIS_EXPR_TESTS}/run_cases.py --ssis2dbtc ${SSIS2DBTC})
add_test(NAME expr_cli
  COMMAND ${SSIS_PYTHON} ${SSIS_EXPR_TESTS}/test_cli.py --ssis2dbtc ${SSIS2DBTC})
add_test(NAME expr_corpus
  COMMAND ${SSIS_PYTHON} ${SSIS_EXPR_TESTS}/corpus_exprs.py --ssis2dbtc ${SSIS2DBTC}
          --corpus ${SSIS_SHARED_DIR}/corpus/train --min-typecheck 99.5)
set_tests_properties(expr_cases expr_cli expr_corpus PROPERTIES TIMEOUT 600)

if(CMOCKA_FOUND)
  add_executable(test_expr_api ${SSIS_EXPR_TESTS}/test_expr_api.c)
  target_link_libraries(test_expr_api PRIVATE ssis_passes ssis_backend ssis_frontend ssis_ir PkgConfig::CMOCKA)
  add_test(NAME expr_api COMMAND test_expr_api)
endif()

if(SSIS_FUZZ)
  # Built with CC=clang: libFuzzer plus the sanitizers the top level adds.
  add_executable(fuzz_expr ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_expr.c)
  target_compile_options(fuzz_expr PRIVATE -fsanitize=fuzzer)
  target_link_options(fuzz_expr PRIVATE -fsanitize=fuzzer)
  target_link_libraries(fuzz_expr PRIVATE ssis_passes ssis_backend ssis_frontend ssis_ir)
  # Crashes found so far are kept in expr_regressions/ and replayed first.
  add_test(NAME expr_fuzz_regressions
    COMMAND fuzz_expr -runs=0 ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/expr_regressions)
  add_test(NAME expr_fuzz
    COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=1
            $<TARGET_FILE:fuzz_expr> -max_total_time=60 -max_len=512 -timeout=10
            -artifact_prefix=${CMAKE_CURRENT_BINARY_DIR}/fuzz_expr-
            ${CMAKE_CURRENT_BINARY_DIR}/fuzz_expr_corpus ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/expr_seeds)
  file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/fuzz_expr_corpus)
  set_tests_properties(expr_fuzz PROPERTIES TIMEOUT 300)
endif()
