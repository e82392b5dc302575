# passes/lower_expr.cmake — typed SSIS expression → SQL expression tree.
# It reads the expression AST declared in frontend/expr.h (header only).
target_sources(ssis_passes PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/lower_expr.c)
target_include_directories(ssis_passes PUBLIC ${PROJECT_SOURCE_DIR}/frontend)
