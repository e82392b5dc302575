# tests/rel.cmake — the Relational IR and the data-flow lowering: unit tests
# (cmocka, Package IR built by hand), golden --emit=rel dumps of packages
# (tests/rel/cases.txt; UPDATE_GOLDEN=1 rewrites them), and the coverage of
# the corpus, which fails below the level reached.
if(CMOCKA_FOUND)
  add_executable(test_rel rel/test_rel.c)
  target_include_directories(test_rel PRIVATE ${PROJECT_SOURCE_DIR}/passes)
  target_link_libraries(test_rel PRIVATE ssis_passes ssis_frontend ssis_ir PkgConfig::CMOCKA)
  add_test(NAME rel.unit COMMAND test_rel)
endif()

add_test(NAME rel.golden
         COMMAND ${SSIS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/rel/golden.py
                 --ssis2dbtc ${SSIS2DBTC} --shared ${SSIS_SHARED_DIR})
set_tests_properties(rel.golden PROPERTIES TIMEOUT 300 LABELS "golden")

# The share of data-flow component instances translated over the corpus;
# raise SSIS_REL_MIN_COVERAGE when the figure goes up.
set(SSIS_REL_MIN_COVERAGE 90.5 CACHE STRING "minimum translated share of corpus components, percent")
if(EXISTS ${SSIS_SHARED_DIR}/corpus/train)
  add_test(NAME rel.coverage
           COMMAND ${SSIS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/rel/coverage.py
                   --ssis2dbtc ${SSIS2DBTC} --corpus ${SSIS_SHARED_DIR}/corpus/train
                   --min ${SSIS_REL_MIN_COVERAGE})
  set_tests_properties(rel.coverage PROPERTIES TIMEOUT 900 LABELS "corpus")
endif()
