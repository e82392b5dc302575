# sqlast.cmake — the SQL statement tree's printer.
target_sources(ssis_ir PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/sqlast_dump.c)
if(SSIS_FUZZ)
  set_property(SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/sqlast_dump.c APPEND PROPERTY COMPILE_OPTIONS -fsanitize=fuzzer-no-link)
endif()
