# frontend/expr.cmake — the SSIS expression language: flex lexer, bison
# grammar (pure, reentrant, prefix expr_yy), AST builders and type checker.
bison_target(ExprParser ${CMAKE_CURRENT_SOURCE_DIR}/expr_parser.y ${CMAKE_CURRENT_BINARY_DIR}/expr_parser.c
  DEFINES_FILE ${CMAKE_CURRENT_BINARY_DIR}/expr_parser.h
  COMPILE_FLAGS "-Wall -Werror")
flex_target(ExprLexer ${CMAKE_CURRENT_SOURCE_DIR}/expr_lexer.l ${CMAKE_CURRENT_BINARY_DIR}/expr_lexer.c)
add_flex_bison_dependency(ExprLexer ExprParser)
target_sources(ssis_frontend PRIVATE
  ${BISON_ExprParser_OUTPUTS}
  ${FLEX_ExprLexer_OUTPUTS}
  ${CMAKE_CURRENT_SOURCE_DIR}/expr_build.c
  ${CMAKE_CURRENT_SOURCE_DIR}/expr_check.c
  ${CMAKE_CURRENT_SOURCE_DIR}/expr_dump.c)
# The generated scanner and parser compile cleanly with -Wall -Wextra
# -Werror under gcc and clang (noinput/nounput drop flex's unused helpers),
# so they get no per-source warning exceptions.
