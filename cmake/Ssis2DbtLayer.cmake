# ssis_layer(NAME) — the library of one layer folder (frontend, passes,
# backend, runtime): each part of the layer lists its sources in its own
# fragment (<part>.cmake) with target_sources(ssis_NAME PRIVATE ...).  A
# layer with no fragment yet is an interface library.
macro(ssis_layer name)
  file(GLOB SSIS_FRAGMENTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cmake)
  if(SSIS_FRAGMENTS)
    add_library(ssis_${name} STATIC)
    foreach(f ${SSIS_FRAGMENTS})
      include(${f})
    endforeach()
    target_include_directories(ssis_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR})
    target_link_libraries(ssis_${name} PUBLIC ssis_ir)
  else()
    add_library(ssis_${name} INTERFACE)
    target_include_directories(ssis_${name} INTERFACE ${CMAKE_CURRENT_SOURCE_DIR})
    target_link_libraries(ssis_${name} INTERFACE ssis_ir)
  endif()
endmacro()
