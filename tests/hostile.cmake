# tests/hostile.cmake — hostile inputs for the .dtsx reader (XXE, billion
# laughs, a 100 MB attribute, deep nesting, bad UTF-8, empty, truncated,
# encrypted, binary ...).  tests/hostile/hostile.py generates each input in
# the build tree at test time and checks the exit status, the diagnostic and
# its location, that no output is written, and time and memory bounds.  One
# ctest test per case: hostile.<case>.
set(SSIS_HOSTILE_PY ${CMAKE_CURRENT_SOURCE_DIR}/hostile/hostile.py)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${SSIS_HOSTILE_PY})
execute_process(COMMAND ${SSIS_TEST_PYTHON} ${SSIS_HOSTILE_PY} --list
                OUTPUT_VARIABLE SSIS_HOSTILE_CASES RESULT_VARIABLE rc
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0 OR SSIS_HOSTILE_CASES STREQUAL "")
  message(FATAL_ERROR "tests/hostile/hostile.py --list failed (${rc})")
endif()
string(REPLACE "\n" ";" SSIS_HOSTILE_CASES "${SSIS_HOSTILE_CASES}")

foreach(case ${SSIS_HOSTILE_CASES})
  add_test(NAME hostile.${case}
           COMMAND ${SSIS_TEST_PYTHON} ${SSIS_HOSTILE_PY}
                   --ssis2dbtc ${SSIS2DBTC}
                   --work ${CMAKE_CURRENT_BINARY_DIR}/hostile
                   --corpus ${SSIS_SHARED_DIR}/corpus/train
                   --sanitized $<BOOL:${SSIS_SANITIZE}>
                   ${case})
  set_tests_properties(hostile.${case} PROPERTIES TIMEOUT 120 LABELS "hostile")
endforeach()
