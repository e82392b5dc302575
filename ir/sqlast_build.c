/* sqlast_build.c — small builders and questions over the SQL statement
 * tree that the passes rewriting queries share. */
#include "sqlast.h"

SqlExpr *ir_sql_expr_new(IrArena *a, SqlExprKind kind, IrLoc loc)
{
	SqlExpr *x = ir_alloc(a, sizeof *x);
	x->kind = kind;
	x->loc = loc;
	return x;
}

SqlQuery *ir_sql_select_query(IrArena *a, SqlSelect *s, IrLoc loc)
{
	SqlQuery *q = ir_alloc(a, sizeof *q);
	q->kind = SQL_Q_SELECT;
	q->loc = loc;
	q->select = s;
	return q;
}

const char *ir_sql_item_name(const SqlSelectItem *it)
{
	if (it->alias)
		return it->alias;
	if (it->expr->kind == SQL_E_COLUMN)
		return it->expr->name->parts[it->expr->name->nparts - 1];
	return NULL;
}
