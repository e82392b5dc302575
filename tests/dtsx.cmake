# tests/dtsx.cmake — the .dtsx reader: cmocka unit tests (tests/unit/
# test_dtsx.c) and golden IR dumps (tests/golden/ir/, one ctest per case of
# cases.tsv; UPDATE_GOLDEN=1 tests/golden/run_ir_golden.sh … rewrites one).
if(CMOCKA_FOUND)
  add_executable(test_dtsx unit/test_dtsx.c)
  target_compile_definitions(test_dtsx PRIVATE _DEFAULT_SOURCE)
  target_link_libraries(test_dtsx PRIVATE ssis_frontend ssis_ir PkgConfig::CMOCKA)
  add_test(NAME unit_dtsx COMMAND test_dtsx)
endif()

set(SSIS_IR_GOLDEN_CASES ${CMAKE_CURRENT_SOURCE_DIR}/golden/ir/cases.tsv)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${SSIS_IR_GOLDEN_CASES})
file(STRINGS ${SSIS_IR_GOLDEN_CASES} ssis_ir_golden_lines REGEX "^[^#]")
foreach(line ${ssis_ir_golden_lines})
  string(REGEX MATCH "^[^\t]+" name "${line}")
  string(REGEX MATCH "^[^\t]+\t([^\t]+)" _ "${line}")
  set(where ${CMAKE_MATCH_1})
  add_test(NAME golden_ir.${name}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/golden/run_ir_golden.sh
                   ${SSIS2DBTC} ${SSIS_SHARED_DIR} ${PROJECT_SOURCE_DIR} ${name})
  set_tests_properties(golden_ir.${name} PROPERTIES LABELS "golden" TIMEOUT 60)
  if(where STREQUAL "corpus" AND NOT EXISTS ${SSIS_SHARED_DIR}/corpus/train)
    set_tests_properties(golden_ir.${name} PROPERTIES DISABLED TRUE)
  endif()
endforeach()
