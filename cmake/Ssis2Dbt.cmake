# Ssis2Dbt.cmake — compile SSIS packages into a dbt project from CMake, one
# package at a time, with depfiles, so that a change rebuilds only what it
# touches (docs/cmake.md).
#
#   find_package(Ssis2Dbt REQUIRED)     # brings this module and Ssis2Dbt::ssis2dbtc
#   ssis2dbt_add_project(<name>
#     PACKAGES <pkg.dtsx>...            # relative to the current source directory
#     OUTPUT_DIR <dir>                  # relative to the current binary directory
#     [TARGET <dialect>]                # duckdb (default), postgres, sqlserver, ...
#     [CONFIG <ssis2dbt.yml>]
#     [PROJECT_FILES <Project.params> <x.conmgr>...]
#     [OVERRIDES <dir>]                 # the overrides folder (docs/overrides.md)
#     [OPTIONS <option>...]             # more options for every ssis2dbtc call
#     [EXCLUDE_FROM_ALL])
#
# For each package: a custom command `ssis2dbtc -c PKG -o OBJ -MD -MF DEP`
# whose DEPFILE lists what the compilation read.  Then one link command
# `ssis2dbtc --link OBJ... -o OUTPUT_DIR` that touches a stamp, and a custom
# target <name> that depends on the stamp.  In the caller's scope:
# <name>_OBJECTS, <name>_OUTPUT_DIR, <name>_STAMP.
#
# The compiler leaves an object whose content did not change untouched.
# Ninja gets `restat = 1` on every custom command from CMake, so a package
# that was touched but compiles to the same object is recompiled and the
# link is skipped.  Make has no restat: there the compile command's output
# is a stamp (OBJ.stamp) and the object the output of a rule that does
# nothing but depends on the stamp; GNU make looks at the object's time
# again after that rule, so an unchanged object does not relink either.
# DEPFILE for the Makefile generators and cmake_path() need CMake 3.20 (a
# check, not cmake_minimum_required, which would reset the includer's policies)
if(CMAKE_VERSION VERSION_LESS 3.20)
  message(FATAL_ERROR "Ssis2Dbt.cmake needs CMake 3.20 or newer (this is ${CMAKE_VERSION})")
endif()

# Script mode, for the Makefile generators:
#   cmake -DSSIS2DBT_STAMP=OBJ.stamp -P Ssis2Dbt.cmake -- COMMAND...
# touches the stamp, then runs the command (the stamp is no newer than an
# object the command writes, so the object's rule does not run again at the
# next build); when the command fails the stamp goes, so that it runs again.
if(CMAKE_SCRIPT_MODE_FILE AND DEFINED SSIS2DBT_STAMP)
  set(command "")
  set(after_dashes OFF)
  math(EXPR last "${CMAKE_ARGC} - 1")
  foreach(i RANGE ${last})
    if(after_dashes)
      list(APPEND command "${CMAKE_ARGV${i}}")
    elseif(CMAKE_ARGV${i} STREQUAL "--")
      set(after_dashes ON)
    endif()
  endforeach()
  file(TOUCH "${SSIS2DBT_STAMP}")
  execute_process(COMMAND ${command} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    file(REMOVE "${SSIS2DBT_STAMP}")
    message(FATAL_ERROR "exit status ${status}")
  endif()
  return()
endif()
set(_SSIS2DBT_MODULE "${CMAKE_CURRENT_LIST_FILE}")

# The compiler: SSIS2DBTC_EXECUTABLE when set (a compiler of one's own), else
# the imported target of find_package(Ssis2Dbt), else ssis2dbtc on the PATH.
function(_ssis2dbt_executable out)
  if(SSIS2DBTC_EXECUTABLE)
    set(${out} "${SSIS2DBTC_EXECUTABLE}" PARENT_SCOPE)
  elseif(TARGET Ssis2Dbt::ssis2dbtc)
    set(${out} "$<TARGET_FILE:Ssis2Dbt::ssis2dbtc>" PARENT_SCOPE)
  else()
    find_program(SSIS2DBTC_EXECUTABLE ssis2dbtc)
    if(NOT SSIS2DBTC_EXECUTABLE)
      message(FATAL_ERROR "ssis2dbt_add_project: ssis2dbtc not found "
                          "(use find_package(Ssis2Dbt) or set SSIS2DBTC_EXECUTABLE)")
    endif()
    set(${out} "${SSIS2DBTC_EXECUTABLE}" PARENT_SCOPE)
  endif()
endfunction()

# The object of one package, under the project's own folder: the package's
# path relative to the source directory, with ".." made "__" (packages read
# from outside the source tree), so that packages of the same name in
# different folders get different objects.
function(_ssis2dbt_object_path name package out)
  file(RELATIVE_PATH rel "${CMAKE_CURRENT_SOURCE_DIR}" "${package}")
  string(REPLACE "../" "__/" rel "${rel}")
  string(REGEX REPLACE "\\.[dD][tT][sS][xX]$" "" rel "${rel}")
  set(${out} "${CMAKE_CURRENT_BINARY_DIR}/${name}.ssis2dbt/${rel}.ssisobj" PARENT_SCOPE)
endfunction()

function(ssis2dbt_add_project name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "EXCLUDE_FROM_ALL" "OUTPUT_DIR;TARGET;CONFIG;OVERRIDES"
                        "PACKAGES;PROJECT_FILES;OPTIONS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "ssis2dbt_add_project(${name}): unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_PACKAGES OR NOT arg_OUTPUT_DIR)
    message(FATAL_ERROR "ssis2dbt_add_project(${name}): PACKAGES and OUTPUT_DIR are required")
  endif()
  _ssis2dbt_executable(compiler)
  cmake_path(ABSOLUTE_PATH arg_OUTPUT_DIR BASE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}" NORMALIZE
             OUTPUT_VARIABLE output_dir)

  # options of both steps, and the files they read besides the packages
  set(common ${arg_OPTIONS})
  set(inputs "")
  if(arg_CONFIG)
    cmake_path(ABSOLUTE_PATH arg_CONFIG BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE
               OUTPUT_VARIABLE config)
    list(APPEND common --config "${config}")
    list(APPEND inputs "${config}")
  endif()
  set(compile_options "")
  foreach(f IN LISTS arg_PROJECT_FILES)
    cmake_path(ABSOLUTE_PATH f BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE OUTPUT_VARIABLE f)
    list(APPEND compile_options --project-file "${f}")
    list(APPEND inputs "${f}")
  endforeach()
  set(link_options "")
  if(arg_TARGET)
    list(APPEND link_options --target "${arg_TARGET}")
  endif()

  # depfiles are rewritten for ninja whatever the project's own policies
  cmake_policy(PUSH)
  cmake_policy(SET CMP0116 NEW)
  string(REGEX MATCH "Ninja" ninja "${CMAKE_GENERATOR}")
  set(objects "")
  foreach(p IN LISTS arg_PACKAGES)
    cmake_path(ABSOLUTE_PATH p BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE OUTPUT_VARIABLE package)
    _ssis2dbt_object_path(${name} "${package}" object)
    cmake_path(GET object PARENT_PATH object_dir)
    file(MAKE_DIRECTORY "${object_dir}")
    cmake_path(GET package FILENAME shown)
    if(ninja)
      set(output "${object}")
      set(stamped "")
    else()
      set(output "${object}.stamp")
      set(stamped "${CMAKE_COMMAND}" "-DSSIS2DBT_STAMP=${output}" -P "${_SSIS2DBT_MODULE}" --)
    endif()
    add_custom_command(
      OUTPUT "${output}"
      COMMAND ${stamped} "${compiler}" -c "${package}" -o "${object}" -MD -MF "${object}.d" -MT "${output}"
              ${compile_options} ${common}
      DEPENDS "${package}" ${inputs}
      DEPFILE "${object}.d"
      COMMENT "Compiling SSIS package ${shown}"
      VERBATIM)
    if(NOT ninja)
      # a recipe, even one that does nothing, makes GNU make look at the
      # object's time again once it has run (a rule without one does not)
      add_custom_command(OUTPUT "${object}" COMMAND "${CMAKE_COMMAND}" -E true DEPENDS "${output}" COMMENT ""
                         VERBATIM)
    endif()
    list(APPEND objects "${object}")
  endforeach()

  # the overrides folder: the link's depfile lists its files and its
  # folders, so that editing, adding or removing an override relinks
  if(arg_OVERRIDES)
    cmake_path(ABSOLUTE_PATH arg_OVERRIDES BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE
               OUTPUT_VARIABLE overrides)
    list(APPEND link_options --overrides "${overrides}")
  endif()

  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/${name}.ssis2dbt/link.stamp")
  add_custom_command(
    OUTPUT "${stamp}"
    COMMAND "${compiler}" --link ${objects} -o "${output_dir}" -MD -MF "${stamp}.d" -MT "${stamp}"
            ${link_options} ${common}
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS ${objects} ${inputs}
    DEPFILE "${stamp}.d"
    COMMENT "Linking dbt project ${name}"
    VERBATIM)
  cmake_policy(POP)
  if(arg_EXCLUDE_FROM_ALL)
    add_custom_target(${name} DEPENDS "${stamp}")
  else()
    add_custom_target(${name} ALL DEPENDS "${stamp}")
  endif()
  set(${name}_OBJECTS "${objects}" PARENT_SCOPE)
  set(${name}_OUTPUT_DIR "${output_dir}" PARENT_SCOPE)
  set(${name}_STAMP "${stamp}" PARENT_SCOPE)
endfunction()
