# tsql.cmake — the T-SQL front end: flex lexer, bison grammar, tree builders.
# The keyword table tsql_keywords.def is the one list of keywords: from it
# this fragment writes the grammar's %token lines and its unreserved_keyword
# rule into a copy of tsql_parser.y before bison runs.
set(TSQL_DIR ${CMAKE_CURRENT_SOURCE_DIR})
set(TSQL_GEN ${CMAKE_CURRENT_BINARY_DIR})
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${TSQL_DIR}/tsql_keywords.def ${TSQL_DIR}/tsql_parser.y)

file(STRINGS ${TSQL_DIR}/tsql_keywords.def tsql_kw_lines REGEX "^TSQL_KW\\(")
set(TSQL_KEYWORD_TOKENS "")
set(TSQL_UNRESERVED_KEYWORDS "")
set(tsql_sep "  ")
foreach(line ${tsql_kw_lines})
  if(NOT line MATCHES "^TSQL_KW\\(\"([A-Z_]+)\", *([A-Z_]+), *(RESERVED|UNRESERVED)\\)")
    message(FATAL_ERROR "tsql_keywords.def: cannot read '${line}'")
  endif()
  string(APPEND TSQL_KEYWORD_TOKENS "%token ${CMAKE_MATCH_2} \"${CMAKE_MATCH_1}\"\n")
  # An unreserved keyword used as an identifier is the text as written.
  if(CMAKE_MATCH_3 STREQUAL "UNRESERVED")
    string(APPEND TSQL_UNRESERVED_KEYWORDS
      "\t${tsql_sep}${CMAKE_MATCH_2}\t{ $$ = fe_tsql_token_text(ps, @1); }\n")
    set(tsql_sep "| ")
  endif()
endforeach()
file(READ ${TSQL_DIR}/tsql_parser.y tsql_grammar)
string(REPLACE "@TSQL_KEYWORD_TOKENS@" "${TSQL_KEYWORD_TOKENS}" tsql_grammar "${tsql_grammar}")
string(REPLACE "@TSQL_UNRESERVED_KEYWORDS@" "${TSQL_UNRESERVED_KEYWORDS}" tsql_grammar "${tsql_grammar}")
file(WRITE ${TSQL_GEN}/tsql_parser.y.tmp "${tsql_grammar}")
configure_file(${TSQL_GEN}/tsql_parser.y.tmp ${TSQL_GEN}/tsql_parser.y COPYONLY)

BISON_TARGET(tsql_parser ${TSQL_GEN}/tsql_parser.y ${TSQL_GEN}/tsql_parser.c
  DEFINES_FILE ${TSQL_GEN}/tsql_parser.h
  COMPILE_FLAGS "-Wall -Wno-yacc -Werror")
FLEX_TARGET(tsql_lexer ${TSQL_DIR}/tsql_lexer.l ${TSQL_GEN}/tsql_lexer.c)
ADD_FLEX_BISON_DEPENDENCY(tsql_lexer tsql_parser)

target_sources(ssis_frontend PRIVATE
  ${BISON_tsql_parser_OUTPUTS}
  ${FLEX_tsql_lexer_OUTPUTS}
  ${TSQL_DIR}/tsql_build.c
  ${TSQL_DIR}/tsql_parse.c
)
# The generated lexer and parser compile cleanly with -Wall -Wextra -Werror
# under gcc and clang (noyywrap, nounput, noinput and noyyalloc keep flex
# from emitting unused helpers), so they need no flags of their own.
# Fuzz builds: coverage feedback for the fuzzer from the T-SQL sources.
if(SSIS_FUZZ)
  set_property(SOURCE ${BISON_tsql_parser_OUTPUTS} ${FLEX_tsql_lexer_OUTPUTS}
    ${TSQL_DIR}/tsql_build.c ${TSQL_DIR}/tsql_parse.c
    APPEND PROPERTY COMPILE_OPTIONS -fsanitize=fuzzer-no-link)
endif()
