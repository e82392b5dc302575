# sqlast.cmake — the SQL statement tree's printer.
target_sources(ssis_ir PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/sqlast_dump.c)
