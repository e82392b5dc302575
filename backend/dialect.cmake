# backend/dialect.cmake — SQL dialects: the spelling table, the expression
# printer and the shipped dbt macros.
target_sources(ssis_backend PRIVATE
  ${CMAKE_CURRENT_SOURCE_DIR}/sql_print.c
  ${CMAKE_CURRENT_SOURCE_DIR}/tsql_print.c
  ${CMAKE_CURRENT_SOURCE_DIR}/macros.c)
