# passes/ddl.cmake — keeping the DDL of Execute SQL Tasks for the backend.
target_sources(ssis_passes PRIVATE ${CMAKE_CURRENT_LIST_DIR}/collect_ddl.c)
