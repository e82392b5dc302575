/* rel_expr.h — what the Relational IR does with the IrSqlx expressions
 * inside its operators (ir/sqlexpr.h): short builders for the shapes the
 * data-flow lowering creates, the columns an expression reads, column
 * substitution (projection merging), and a stable JSON form (--emit=rel). */
#ifndef SSIS_IR_REL_EXPR_H
#define SSIS_IR_REL_EXPR_H

#include "ir.h"
#include "package.h"
#include "sqlexpr.h"

/* A typed NULL: CAST(NULL AS type). */
IrSqlx *ir_rel_e_null(IrCtx *c, IrType type);
IrSqlx *ir_rel_e_str(IrCtx *c, const char *s);
/* CAST / TRY_CAST (NULL when the conversion fails). */
IrSqlx *ir_rel_e_cast(IrCtx *c, IrSqlx *e, IrType to, bool try_);
/* The text of an SSIS expression that was not lowered: the macro call
 * ssis_untranslated_expression('<text>'), which fails when compiled. */
IrSqlx *ir_rel_e_untranslated(IrCtx *c, const IrText *text);
/* A value dbt knows at run time: the macro ssis_<what>() (invocation_id,
 * run_started_at, ...), shipped by the backend. */
IrSqlx *ir_rel_e_runtime(IrCtx *c, const char *what);

/* Calls fn for every column reference, in order. */
void ir_rel_e_cols(const IrSqlx *e, void (*fn)(const char *name, void *arg), void *arg);
/* A copy of e with every column reference replaced by subst(name, arg)
 * (NULL from subst keeps the reference); unchanged subtrees are shared. */
IrSqlx *ir_rel_e_subst(IrCtx *c, IrSqlx *e, IrSqlx *(*subst)(const char *name, void *arg), void *arg);
/* A copy of e with every {{ var() }} replaced by subst(var, arg) (var
 * itself or NULL keeps it); unchanged subtrees are shared. */
IrSqlx *ir_rel_e_subst_vars(IrCtx *c, IrSqlx *e, IrSqlx *(*subst)(IrSqlx *var, void *arg), void *arg);
/* No column references (and no run-time value or untranslated text). */
bool ir_rel_e_is_const(const IrSqlx *e);
/* The expression as JSON (cJSON *), for --emit=rel. */
void *ir_rel_e_json(const IrSqlx *e);

#endif
