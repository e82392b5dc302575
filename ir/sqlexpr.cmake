# ir/sqlexpr.cmake — the dialect-neutral SQL expression tree.
target_sources(ssis_ir PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/sqlexpr.c)
