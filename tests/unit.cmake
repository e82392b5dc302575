# Unit tests of the foundations (ir/).
if(CMOCKA_FOUND)
  add_executable(test_ir unit/test_ir.c)
  target_compile_definitions(test_ir PRIVATE _DEFAULT_SOURCE)
  target_link_libraries(test_ir PRIVATE ssis_ir PkgConfig::CMOCKA)
  add_test(NAME unit_ir COMMAND test_ir)
else()
  message(WARNING "cmocka not found: unit tests are not built (apt-get install libcmocka-dev)")
endif()
