# ir/control.c — control-flow questions over the Package IR (order, caveats).
target_sources(ssis_ir PRIVATE ${CMAKE_CURRENT_LIST_DIR}/control.c)
