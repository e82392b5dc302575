# tests/object.cmake — separate compilation (docs/object.md): -c, --link,
# mixed inputs and -j give the one-process build's project, byte for byte,
# over corpus packages of every format version, the project-file packages
# and the conformance cases; object hostility, versions, depfiles, secrets.
if(EXISTS ${SSIS_SHARED_DIR}/corpus/train/MANIFEST.tsv)
  add_test(NAME object.equivalence
           COMMAND ${SSIS_TEST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/object/test_equivalence.py
                   --ssis2dbtc ${SSIS2DBTC} --src ${PROJECT_SOURCE_DIR}
                   --corpus ${SSIS_SHARED_DIR}/corpus/train
                   --work ${CMAKE_CURRENT_BINARY_DIR}/object-equivalence)
  set_tests_properties(object.equivalence PROPERTIES TIMEOUT 600 PROCESSORS 2 LABELS "object"
                       ENVIRONMENT "ASAN_OPTIONS=exitcode=86")
endif()

add_test(NAME object.files
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/object/test_objects.sh ${SSIS2DBTC} ${PROJECT_SOURCE_DIR})
set_tests_properties(object.files PROPERTIES TIMEOUT 120 LABELS "object" ENVIRONMENT "ASAN_OPTIONS=exitcode=86")

# The Package IR read back from its object form equals the one read from
# the package (object text and --emit=ir printing), over the corpus, the
# conformance cases and the driver's project packages.
add_executable(test_obj_roundtrip object/test_roundtrip.c)
target_link_libraries(test_obj_roundtrip PRIVATE ssis_frontend ssis_ir)
set(SSIS_ROUNDTRIP_INPUTS ${PROJECT_SOURCE_DIR}/tests/conformance/cases ${PROJECT_SOURCE_DIR}/tests/driver/data/project
    ${PROJECT_SOURCE_DIR}/examples)
if(EXISTS ${SSIS_SHARED_DIR}/corpus/train)
  list(APPEND SSIS_ROUNDTRIP_INPUTS ${SSIS_SHARED_DIR}/corpus/train)
endif()
add_test(NAME object.roundtrip COMMAND test_obj_roundtrip ${SSIS_ROUNDTRIP_INPUTS})
set_tests_properties(object.roundtrip PROPERTIES TIMEOUT 600 LABELS "object")
