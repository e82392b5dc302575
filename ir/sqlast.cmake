# sqlast.cmake — the SQL statement tree: its printer, the walk that lists the tables a query reads, and small builders.
target_sources(ssis_ir PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/sqlast_dump.c ${CMAKE_CURRENT_SOURCE_DIR}/sqlast_reads.c
  ${CMAKE_CURRENT_SOURCE_DIR}/sqlast_build.c)
if(SSIS_FUZZ)
  set_property(SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/sqlast_dump.c APPEND PROPERTY COMPILE_OPTIONS -fsanitize=fuzzer-no-link)
endif()
