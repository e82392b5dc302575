/* expr_internal.h — what the expression lexer, grammar and AST builders
 * share: the parser state and the builder functions the grammar actions
 * call (one call per action).  Not part of the front end's public API. */
#ifndef SSIS_FE_EXPR_INTERNAL_H
#define SSIS_FE_EXPR_INTERNAL_H

#include "expr.h"

/* A byte range in the decoded expression text. */
typedef struct FeExprSpan {
	uint32_t beg, end;
} FeExprSpan;

/* A type spec as written inside a cast or NULL(): DT_NUMERIC, 10, 2. */
typedef struct FeTypeSpec {
	IrDtype dt;
	int nparams;
	long params[4];
	bool bad_param;   /* a parameter that is not an integer literal */
	FeExprSpan span;
} FeTypeSpec;

typedef struct FeArgList {
	FeExpr **items;
	int n, cap;
} FeArgList;

typedef struct FeExprParser {
	IrCtx *c;
	const char *text;
	size_t len;
	IrLoc origin;
	FeExprLocMap map;
	void *map_arg;
	unsigned flags;
	uint32_t pos;          /* lexer position (byte offset) */
	FeExpr *root;
	int nerrors;           /* diagnostics this parse reported */
	const char *pending;   /* bison's generic message, reported only if no error rule says better */
	FeExprSpan pending_at;
} FeExprParser;

IrLoc fe_expr_loc(FeExprParser *p, uint32_t off);
void fe_expr_error_at(FeExprParser *p, FeExprSpan at, const char *fmt, ...) IR_PRINTF(3, 4);
/* The specific message of an `error` rule replaces bison's generic one. */
void fe_expr_syntax_error(FeExprParser *p, const char *msg);

/* Literal builders, called by the lexer.  NULL after a diagnostic. */
FeExpr *fe_build_integer(FeExprParser *p, FeExprSpan at, const char *text, size_t n, bool hex);
FeExpr *fe_build_decimal(FeExprParser *p, FeExprSpan at, const char *text, size_t n);
FeExpr *fe_build_real(FeExprParser *p, FeExprSpan at, const char *text, size_t n);
FeExpr *fe_build_string(FeExprParser *p, FeExprSpan at, const char *text, size_t n);
FeExpr *fe_build_bool(FeExprParser *p, FeExprSpan at, bool v);
const char *fe_build_text(FeExprParser *p, const char *text, size_t n);

/* Grammar-action builders. */
FeExpr *fe_build_unary(FeExprParser *p, FeExprSpan at, FeOp op, FeExpr *a);
FeExpr *fe_build_binary(FeExprParser *p, FeExprSpan op_at, FeOp op, FeExpr *a, FeExpr *b);
FeExpr *fe_build_cond(FeExprParser *p, FeExpr *c, FeExpr *t, FeExpr *f);
FeExpr *fe_build_cast(FeExprParser *p, FeExprSpan at, FeTypeSpec *spec, FeExpr *e);
FeExpr *fe_build_null(FeExprParser *p, FeExprSpan at, FeTypeSpec *spec);
FeExpr *fe_build_column(FeExprParser *p, FeExprSpan at, const char *qualifier, const char *name);
FeExpr *fe_build_lineage(FeExprParser *p, FeExprSpan at, const char *raw);
FeExpr *fe_build_variable(FeExprParser *p, FeExprSpan at, const char *raw);
FeExpr *fe_build_call(FeExprParser *p, FeExprSpan name_at, FeExprSpan close_at, const char *name, FeArgList *args);
FeExpr *fe_build_assign(FeExprParser *p, FeExprSpan at, FeExpr *var, FeExpr *value);
FeExpr *fe_build_paren(FeExprParser *p, FeExprSpan at, FeExpr *e);
FeTypeSpec *fe_build_typespec(FeExprParser *p, FeExprSpan at, IrDtype dt);
FeTypeSpec *fe_build_typespec_param(FeExprParser *p, FeTypeSpec *spec, FeExpr *lit, FeExprSpan at);
FeArgList *fe_build_args(FeExprParser *p, FeArgList *list, FeExpr *e);

#endif
