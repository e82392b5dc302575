# ir/rel.cmake — the Relational IR: constructors and verifier, the
# expressions lowering builds, and the --emit=rel printer.
target_sources(ssis_ir PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/rel.c
  ${CMAKE_CURRENT_LIST_DIR}/rel_expr.c
  ${CMAKE_CURRENT_LIST_DIR}/rel_json.c
)
