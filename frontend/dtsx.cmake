# The .dtsx reader: libxml2 → Package IR (dtsx_format.md), project files,
# connection strings.
target_sources(ssis_frontend PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/connstr.c
  ${CMAKE_CURRENT_LIST_DIR}/dtsx_classes.c
  ${CMAKE_CURRENT_LIST_DIR}/dtsx_map.c
  ${CMAKE_CURRENT_LIST_DIR}/dtsx_package.c
  ${CMAKE_CURRENT_LIST_DIR}/dtsx_pipeline.c
  ${CMAKE_CURRENT_LIST_DIR}/dtsx_project.c
  ${CMAKE_CURRENT_LIST_DIR}/dtsx_xml.c
)
target_link_libraries(ssis_frontend PUBLIC LibXml2::LibXml2)
