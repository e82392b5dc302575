/* dialect.h — SQL dialects: their table (dialects.def), the printer of the
 * SQL expression tree (sql_print.c) and the shipped dbt macros for the SSIS
 * functions that have no exact native equivalent (macros.c). */
#ifndef SSIS_BE_DIALECT_H
#define SSIS_BE_DIALECT_H

#include "ir.h"
#include "sqlexpr.h"

typedef enum BeDialect {
#define BE_DIALECT(id, name, adapter, has_bool, quotes, str_prefix, str_backslash) BE_##id,
#include "dialects.def"
#undef BE_DIALECT
	BE__NDIALECTS
} BeDialect;

bool be_dialect_lookup(const char *name, BeDialect *out);
const char *be_dialect_name(BeDialect d);
const char *be_dialect_adapter(BeDialect d);
/* "duckdb, postgres, sqlserver, snowflake" for usage messages. */
const char *be_dialect_list(void);

/* The spelling of a neutral operator/function key in a dialect, or NULL. */
const char *be_dialect_template(BeDialect d, const char *key);
/* True when `key` has a row in dialects.def. */
bool be_dialect_has_key(const char *key);

typedef struct BePrintOpts {
	BeDialect dialect;
	bool inline_macros;  /* expand macro bodies in place instead of {{ ssis_x(...) }} */
	bool predicate;      /* the expression is a condition (WHERE, CASE WHEN), not a value */
} BePrintOpts;

/* Prints e; identifiers quoted by the dialect's rules.  Appends to out. */
void be_sql_print(IrBuf *out, const IrSqlx *e, const BePrintOpts *o);
/* The dialect's spelling of an SSIS type (types.md §2). */
void be_sql_type(IrBuf *out, BeDialect d, IrType t);
void be_sql_quote_ident(IrBuf *out, BeDialect d, const char *name);
void be_sql_quote_string(IrBuf *out, BeDialect d, const char *utf8);

/* ---- macros.c --------------------------------------------------------- */
typedef struct BeMacro {
	const char *name;         /* without the ssis_ prefix */
	const char *params;       /* "s, search, k" */
	const char *what;         /* one line for the file header */
	const char *body[BE__NDIALECTS]; /* {{ param }} placeholders */
} BeMacro;

const BeMacro *be_macro_lookup(const char *name);
size_t be_macro_count(void);
const BeMacro *be_macro_at(size_t i);

typedef struct BeMacroFile {
	const char *path;   /* macros/ssis_findstring.sql */
	const char *text;
} BeMacroFile;
/* Every macro file the generated project ships, in the arena; returns the
 * count and sets *files. */
size_t be_macro_files(IrArena *a, BeMacroFile **files);

#endif
