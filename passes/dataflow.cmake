# passes/dataflow.cmake — the pass pipeline and the data-flow lowering: one
# file per pass, one per family of component handlers (components.def).
target_sources(ssis_passes PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/pipeline.c
  ${CMAKE_CURRENT_LIST_DIR}/lower_dataflow.c
  ${CMAKE_CURRENT_LIST_DIR}/dataflow_expr.c
  ${CMAKE_CURRENT_LIST_DIR}/dataflow_source.c
  ${CMAKE_CURRENT_LIST_DIR}/dataflow_sink.c
  ${CMAKE_CURRENT_LIST_DIR}/dataflow_rowwise.c
  ${CMAKE_CURRENT_LIST_DIR}/dataflow_command.c
  ${CMAKE_CURRENT_LIST_DIR}/dataflow_route.c
  ${CMAKE_CURRENT_LIST_DIR}/dataflow_set.c
  ${CMAKE_CURRENT_LIST_DIR}/dataflow_scd.c
  ${CMAKE_CURRENT_LIST_DIR}/fold.c
  ${CMAKE_CURRENT_LIST_DIR}/merge_project.c
  ${CMAKE_CURRENT_LIST_DIR}/dce.c
  ${CMAKE_CURRENT_LIST_DIR}/coverage.c
  ${CMAKE_CURRENT_LIST_DIR}/control_flow.c
)
