# Driver tests: exit statuses and options, SARIF against the official
# schema, depfiles (read back by ninja and make), --config, the time report
# and trace, shell completion and the man page.
set(SSIS_DRIVER_TEST_DIR ${CMAKE_CURRENT_SOURCE_DIR}/driver)

add_executable(test_sarif_emit sarif/sarif_emit.c)
target_link_libraries(test_sarif_emit PRIVATE ssis_ir)
add_test(NAME driver_sarif
         COMMAND ${SSIS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/sarif/test_sarif.py
                 ${SSIS2DBTC} $<TARGET_FILE:test_sarif_emit> ${PROJECT_SOURCE_DIR})
# A sanitizer report must not pass for the exit status 1 a test expects.
set_tests_properties(driver_sarif PROPERTIES ENVIRONMENT "ASAN_OPTIONS=exitcode=86" TIMEOUT 60)

foreach(t options depfile config timing completion manpage)
  add_test(NAME driver_${t}
           COMMAND bash ${SSIS_DRIVER_TEST_DIR}/test_${t}.sh ${SSIS2DBTC} ${PROJECT_SOURCE_DIR})
  set_tests_properties(driver_${t} PROPERTIES ENVIRONMENT "PYTHON=${SSIS_PYTHON};ASAN_OPTIONS=exitcode=86" TIMEOUT 60
                       SKIP_RETURN_CODE 77)
endforeach()
