# tests/corpus_project.cmake — the whole corpus (../shared/corpus/train, read
# in place) compiled into one dbt project that the real `dbt parse` accepts;
# prints the coverage by component class.  Label `once`: a few minutes.
if(EXISTS "${SSIS_SHARED_DIR}/corpus/train" AND NOT DEFINED SSIS_CORPUS_PROJECT_PYTHON)
  set(SSIS_CORPUS_PROJECT_PYTHON "${SSIS_PYTHON}")
endif()
if(EXISTS "${SSIS_SHARED_DIR}/corpus/train" AND EXISTS "${SSIS_CORPUS_PROJECT_PYTHON}")
  add_test(NAME corpus_project
           COMMAND ${SSIS_CORPUS_PROJECT_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/corpus_project/run.py
                   --ssis2dbtc ${SSIS2DBTC}
                   --corpus ${SSIS_SHARED_DIR}/corpus/train
                   --work ${CMAKE_CURRENT_BINARY_DIR}/corpus_project
                   --dbt ${PROJECT_SOURCE_DIR}/.venv/bin/dbt)
  set_tests_properties(corpus_project PROPERTIES LABELS "once" TIMEOUT 900)
endif()
