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

/* qual.name, or name alone when qual is NULL. */
SqlExpr *ir_sql_column(IrArena *a, const char *qual, const char *name, IrLoc loc)
{
	SqlExpr *x = ir_sql_expr_new(a, SQL_E_COLUMN, loc);
	x->name = ir_alloc(a, sizeof *x->name);
	x->name->loc = loc;
	x->name->nparts = qual ? 2 : 1;
	x->name->parts[0] = qual ? qual : name;
	x->name->parts[1] = qual ? name : NULL;
	return x;
}

SqlExpr *ir_sql_binary(IrArena *a, SqlBinop op, SqlExpr *l, SqlExpr *r, IrLoc loc)
{
	SqlExpr *x = ir_sql_expr_new(a, SQL_E_BINARY_OP, loc);
	x->op = op;
	x->a = l;
	x->b = r;
	return x;
}

SqlExpr *ir_sql_paren(IrArena *a, SqlExpr *in)
{
	SqlExpr *x = ir_sql_expr_new(a, SQL_E_PAREN, in->loc);
	x->a = in;
	return x;
}

const char *ir_sql_item_name(const SqlSelectItem *it)
{
	if (it->alias)
		return it->alias;
	if (it->expr->kind == SQL_E_COLUMN)
		return it->expr->name->parts[it->expr->name->nparts - 1];
	return NULL;
}
