# Finds the libraries ssis2dbtc builds on, the CMake way, with a message that
# says which Debian package to install when one is missing.
find_package(PkgConfig QUIET)

macro(ssis_missing what pkg)
  message(FATAL_ERROR "ssis2dbtc needs ${what}; on Debian: apt-get install ${pkg} "
                      "(or run scripts/install-deps)")
endmacro()

find_package(LibXml2 QUIET)
if(NOT LibXml2_FOUND)
  ssis_missing("libxml2" "libxml2-dev")
endif()

find_package(FLEX 2.6 QUIET)
if(NOT FLEX_FOUND)
  ssis_missing("flex" "flex")
endif()
find_package(BISON 3.7 QUIET)
if(NOT BISON_FOUND)
  ssis_missing("bison >= 3.7" "bison")
endif()

find_package(CURL QUIET)
if(NOT CURL_FOUND)
  ssis_missing("libcurl" "libcurl4-openssl-dev")
endif()

if(NOT PKG_CONFIG_FOUND)
  ssis_missing("pkg-config" "pkg-config")
endif()
pkg_check_modules(CJSON QUIET IMPORTED_TARGET libcjson)
if(NOT CJSON_FOUND)
  ssis_missing("cJSON" "libcjson-dev")
endif()
pkg_check_modules(YAML QUIET IMPORTED_TARGET yaml-0.1)
if(NOT YAML_FOUND)
  ssis_missing("libyaml" "libyaml-dev")
endif()

# FreeTDS ships no pkg-config file on Debian: find its DB-Library.
find_path(FREETDS_INCLUDE_DIR sybdb.h)
find_library(FREETDS_SYBDB_LIBRARY sybdb)
if(NOT FREETDS_INCLUDE_DIR OR NOT FREETDS_SYBDB_LIBRARY)
  ssis_missing("FreeTDS (DB-Library)" "freetds-dev")
endif()
add_library(FreeTDS::sybdb UNKNOWN IMPORTED)
set_target_properties(FreeTDS::sybdb PROPERTIES
  IMPORTED_LOCATION "${FREETDS_SYBDB_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${FREETDS_INCLUDE_DIR}")

if(BUILD_TESTING OR NOT DEFINED BUILD_TESTING)
  pkg_check_modules(CMOCKA QUIET IMPORTED_TARGET cmocka)
endif()
