# The Package IR: its --emit=ir JSON printer.
target_sources(ssis_ir PRIVATE ${CMAKE_CURRENT_LIST_DIR}/package_json.c)
