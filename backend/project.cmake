# backend/project.cmake — printing the Relational IR as a dbt project.
target_sources(ssis_backend PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/partition.c
  ${CMAKE_CURRENT_LIST_DIR}/naming.c
  ${CMAKE_CURRENT_LIST_DIR}/emit_sql.c
  ${CMAKE_CURRENT_LIST_DIR}/emit_yaml.c
  ${CMAKE_CURRENT_LIST_DIR}/emit_project.c
  ${CMAKE_CURRENT_LIST_DIR}/manifest.c
  ${CMAKE_CURRENT_LIST_DIR}/overrides.c
  ${CMAKE_CURRENT_LIST_DIR}/tests_infer.c
  ${CMAKE_CURRENT_LIST_DIR}/ddl.c
  ${CMAKE_CURRENT_LIST_DIR}/lineage.c
)
