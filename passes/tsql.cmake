# passes/tsql.cmake — lowering the T-SQL of Execute SQL Tasks.
target_sources(ssis_passes PRIVATE ${CMAKE_CURRENT_LIST_DIR}/lower_tsql.c)
target_sources(ssis_passes PRIVATE ${CMAKE_CURRENT_LIST_DIR}/tsql_temp.c)
