/* sqlexpr.c — builders of the dialect-neutral SQL expression tree.  Nodes
 * live in the compilation's arena and are never freed on their own. */
#include <stdarg.h>
#include <string.h>

#include "sqlexpr.h"

static const struct { const char *key; int arity; } ops[IR_SQLX__NOPS] = {
#define IR_X(id, key, arity) {key, arity},
	IR_SQLX_OPS(IR_X)
#undef IR_X
};

const char *ir_sqlx_op_key(IrSqlxOp op)
{
	return ops[op].key;
}

int ir_sqlx_op_arity(IrSqlxOp op)
{
	return ops[op].arity;
}

bool ir_sqlx_op_is_predicate(IrSqlxOp op)
{
	return (op >= IR_SQLX_EQ && op <= IR_SQLX_STR_GE) || op == IR_SQLX_AND || op == IR_SQLX_OR || op == IR_SQLX_NOT;
}

static IrSqlx *node(IrCtx *c, IrSqlxKind k, IrLoc loc)
{
	IrSqlx *e = ir_alloc(c->arena, sizeof *e);
	e->kind = k;
	e->loc = loc;
	return e;
}

IrSqlx *ir_sqlx_column(IrCtx *c, IrLoc loc, const char *qualifier, const char *name)
{
	IrSqlx *e = node(c, IR_SQLX_COLUMN, loc);
	e->u.column.qualifier = qualifier ? ir_intern(c, qualifier, (size_t)-1) : NULL;
	e->u.column.name = ir_intern(c, name, (size_t)-1);
	return e;
}

IrSqlx *ir_sqlx_lit(IrCtx *c, IrLoc loc, IrSqlxLitKind k, const char *text)
{
	IrSqlx *e = node(c, IR_SQLX_LITERAL, loc);
	e->u.lit.k = k;
	e->u.lit.text = text ? ir_intern(c, text, (size_t)-1) : NULL;
	return e;
}

IrSqlx *ir_sqlx_int(IrCtx *c, IrLoc loc, long long v)
{
	return ir_sqlx_lit(c, loc, IR_SQLX_LIT_INT, ir_sprintf(c->arena, "%lld", v));
}

IrSqlx *ir_sqlx_bool(IrCtx *c, IrLoc loc, bool v)
{
	IrSqlx *e = ir_sqlx_lit(c, loc, IR_SQLX_LIT_BOOL, NULL);
	e->u.lit.boolean = v;
	e->boolean = true;
	return e;
}

IrSqlx *ir_sqlx_null(IrCtx *c, IrLoc loc)
{
	return ir_sqlx_lit(c, loc, IR_SQLX_LIT_NULL, NULL);
}

IrSqlx *ir_sqlx_funcv(IrCtx *c, IrLoc loc, const char *name, int nargs, IrSqlx **args)
{
	IrSqlx *e = node(c, IR_SQLX_FUNC, loc);
	e->u.call.name = ir_intern(c, name, (size_t)-1);
	e->u.call.nargs = nargs;
	e->u.call.args = ir_alloc(c->arena, sizeof *args * (size_t)(nargs ? nargs : 1));
	if (nargs)
		memcpy(e->u.call.args, args, sizeof *args * (size_t)nargs);
	return e;
}

IrSqlx *ir_sqlx_func(IrCtx *c, IrLoc loc, const char *name, int nargs, ...)
{
	IrSqlx *args[16];
	va_list ap;
	IR_ASSERT(nargs <= 16);
	va_start(ap, nargs);
	for (int i = 0; i < nargs; i++)
		args[i] = va_arg(ap, IrSqlx *);
	va_end(ap);
	return ir_sqlx_funcv(c, loc, name, nargs, args);
}

IrSqlx *ir_sqlx_macro(IrCtx *c, IrLoc loc, const char *name, int nargs, IrSqlx **args)
{
	IrSqlx *e = ir_sqlx_funcv(c, loc, name, nargs, args);
	e->kind = IR_SQLX_MACRO;
	return e;
}

IrSqlx *ir_sqlx_op1(IrCtx *c, IrLoc loc, IrSqlxOp op, IrSqlx *a)
{
	IR_ASSERT(ops[op].arity == 1);
	IrSqlx *e = node(c, IR_SQLX_OP, loc);
	e->u.op.op = op;
	e->u.op.a = a;
	e->boolean = op == IR_SQLX_NOT;
	return e;
}

IrSqlx *ir_sqlx_op2(IrCtx *c, IrLoc loc, IrSqlxOp op, IrSqlx *a, IrSqlx *b)
{
	IR_ASSERT(ops[op].arity == 2);
	IrSqlx *e = node(c, IR_SQLX_OP, loc);
	e->u.op.op = op;
	e->u.op.a = a;
	e->u.op.b = b;
	e->boolean = ir_sqlx_op_is_predicate(op);
	return e;
}

IrSqlx *ir_sqlx_case(IrCtx *c, IrLoc loc, int n, IrSqlx **when, IrSqlx **then, IrSqlx *els)
{
	IrSqlx *e = node(c, IR_SQLX_CASE, loc);
	e->u.kase.n = n;
	e->u.kase.when = ir_alloc(c->arena, sizeof *when * (size_t)n);
	e->u.kase.then = ir_alloc(c->arena, sizeof *then * (size_t)n);
	memcpy(e->u.kase.when, when, sizeof *when * (size_t)n);
	memcpy(e->u.kase.then, then, sizeof *then * (size_t)n);
	e->u.kase.els = els;
	e->boolean = n > 0 && then[0]->boolean;
	return e;
}

IrSqlx *ir_sqlx_case1(IrCtx *c, IrLoc loc, IrSqlx *when, IrSqlx *then, IrSqlx *els)
{
	return ir_sqlx_case(c, loc, 1, &when, &then, els);
}

IrSqlx *ir_sqlx_cast(IrCtx *c, IrLoc loc, IrSqlx *e, IrType to)
{
	IrSqlx *n = node(c, IR_SQLX_CAST, loc);
	n->u.cast.e = e;
	n->u.cast.to.ssis = to;
	n->boolean = to.dt == IR_DT_BOOL;
	return n;
}

IrSqlx *ir_sqlx_cast_raw(IrCtx *c, IrLoc loc, IrSqlx *e, const char *sql_type)
{
	IrSqlx *n = node(c, IR_SQLX_CAST, loc);
	n->u.cast.e = e;
	n->u.cast.to.raw = ir_intern(c, sql_type, (size_t)-1);
	return n;
}

IrSqlx *ir_sqlx_is_null(IrCtx *c, IrLoc loc, IrSqlx *e, bool negated)
{
	IrSqlx *n = node(c, IR_SQLX_IS_NULL, loc);
	n->u.is.a = e;
	n->u.is.negated = negated;
	n->boolean = true;
	return n;
}

IrSqlx *ir_sqlx_distinct(IrCtx *c, IrLoc loc, IrSqlx *a, IrSqlx *b, bool negated)
{
	IrSqlx *n = node(c, IR_SQLX_DISTINCT, loc);
	n->u.is.a = a;
	n->u.is.b = b;
	n->u.is.negated = negated;
	n->boolean = true;
	return n;
}

IrSqlx *ir_sqlx_var(IrCtx *c, IrLoc loc, const char *name)
{
	IrSqlx *n = node(c, IR_SQLX_VAR, loc);
	n->u.var.name = ir_intern(c, name, (size_t)-1);
	return n;
}
