# The Package IR: its --emit=ir JSON printer.
target_sources(ssis_ir PRIVATE ${CMAKE_CURRENT_LIST_DIR}/package_json.c)
# The lossless Package IR JSON of object files (docs/object.md).
target_sources(ssis_ir PRIVATE ${CMAKE_CURRENT_LIST_DIR}/package_obj.c)
