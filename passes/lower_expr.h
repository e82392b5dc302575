/* lower_expr.h — lowering of a type-checked SSIS expression to the
 * dialect-neutral SQL expression tree, keeping SSIS semantics where SQL
 * differs (expressions.md §4-§7).  Called by the data-flow lowering for
 * every Derived Column, Conditional Split and property expression. */
#ifndef SSIS_PASS_LOWER_EXPR_H
#define SSIS_PASS_LOWER_EXPR_H

#include "expr.h"
#include "sqlexpr.h"

typedef struct PassLowerExprOpts {
	const char *ssis_path;   /* for diagnostics, or NULL */
} PassLowerExprOpts;

/* e must have passed fe_expr_check.  Returns NULL after reporting an error
 * for a construct the SQL lowering cannot express exactly. */
IrSqlx *pass_lower_expr(IrCtx *c, const FeExpr *e, const PassLowerExprOpts *o);

#endif
