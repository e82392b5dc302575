# tests/corpus.cmake — the real-world corpus (shared/corpus/train, read in
# place): every package through `ssis2dbtc --emit=ir` with no crash, no
# sanitizer report, exit 0, the component classes of MANIFEST.tsv, and no
# secret of the corpus in any output.  tests/corpus/run_corpus.py prints the
# figures; SSIS_CORPUS_SAMPLE=N (environment) runs N packages only.
if(EXISTS ${SSIS_SHARED_DIR}/corpus/train/MANIFEST.tsv)
  add_test(NAME corpus.emit-ir
           COMMAND ${SSIS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/corpus/run_corpus.py
                   --ssis2dbtc ${SSIS2DBTC}
                   --corpus ${SSIS_SHARED_DIR}/corpus/train
                   --failures-file ${CMAKE_CURRENT_BINARY_DIR}/corpus-failures.txt)
  # Two worker processes: the test takes both cores of a CI machine.
  set_tests_properties(corpus.emit-ir PROPERTIES TIMEOUT 3600 PROCESSORS 2 LABELS "corpus")
else()
  message(STATUS "corpus: ${SSIS_SHARED_DIR}/corpus/train/MANIFEST.tsv not found, corpus.emit-ir not registered")
endif()
