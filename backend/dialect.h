/* dialect.h — SQL dialects: their table (dialects.def), the printer of the
 * SQL expression tree (sql_print.c) and the shipped dbt macros for the SSIS
 * functions that have no exact native equivalent (macros.c). */
#ifndef SSIS_BE_DIALECT_H
#define SSIS_BE_DIALECT_H

#include "ir.h"
#include "sqlast.h"
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

/* ---- tsql_print.c: T-SQL (ir/sqlast.h) printed in a dialect ---- */

typedef struct BeTsqlHooks {
	/* Prints what a table name reads (source(), ref()); false: the name is
	 * printed quoted as written. */
	bool (*table)(void *arg, IrBuf *out, const SqlName *name);
	/* Prints the value bound to the ? marker `index`; false: untranslated. */
	bool (*param)(void *arg, IrBuf *out, int index);
	/* The type a column reference is known to have; false: unknown. */
	bool (*column_type)(void *arg, const SqlName *column, IrType *out);
	void *arg;
	/* The value of the T-SQL variable `name` (an expression printed in its
	 * place, parenthesised), or NULL: untranslated. */
	const SqlExpr *(*var)(void *arg, const char *name);
} BeTsqlHooks;

/* The SSIS type a T-SQL data type has the values of; false when unknown. */
bool be_tsql_type(const SqlType *t, IrType *out);

/* A construct with no translation: where, and what (for a warning). */
typedef struct BeTsqlGap {
	IrLoc loc;
	const char *what;
} BeTsqlGap;

/* Print q (or e) in dialect d; h may be NULL.  Returns how many constructs
 * have no translation (each printed as NULL); the first is in *first. */
int be_tsql_print_query(IrArena *a, IrBuf *out, const SqlQuery *q, BeDialect d, const BeTsqlHooks *h,
			BeTsqlGap *first);
int be_tsql_print_expr(IrArena *a, IrBuf *out, const SqlExpr *e, BeDialect d, const BeTsqlHooks *h,
		       BeTsqlGap *first);

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
