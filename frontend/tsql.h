/* tsql.h — the T-SQL front end: parses the SQL text of an Execute SQL Task or
 * a source query into the statement tree of ir/sqlast.h.  What cannot be
 * parsed is kept verbatim as an UNPARSED statement and reported with
 * -Wsql-unparsed; nothing is dropped. */
#ifndef SSIS_FE_TSQL_H
#define SSIS_FE_TSQL_H

#include "ir.h"
#include "sqlast.h"

/* Maps a byte offset in the decoded SQL text to a location in the raw file
 * (the text may come out of an XML attribute with &#xA; escapes).  NULL
 * means the text starts at origin and maps byte for byte. */
typedef IrLoc (*FeTsqlLocMap)(void *arg, IrLoc origin, size_t off);

/* Parses text[0..len) (need not be NUL-terminated).  Diagnostics go to c;
 * the script and its nodes live in c's arena.  Never returns NULL. */
SqlScript *fe_tsql_parse(IrCtx *c, const char *text, size_t len, IrLoc origin,
			 FeTsqlLocMap map_fn, void *map_arg);

#endif
