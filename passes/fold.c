/* fold.c — the fold-constants pass: simplifies the boolean shapes lowering
 * leaves behind (a Conditional Split condition that is a literal, the NULL
 * test of a literal, AND / OR / NOT / CASE over TRUE and FALSE).  Only rules
 * that hold in SQL's three-valued logic: FALSE AND x is FALSE even when x is
 * NULL, TRUE OR x is TRUE, a CASE branch whose condition is FALSE or NULL
 * is never taken. */
#include "passes.h"
#include "rel_expr.h"

static IrSqlx *fold(IrCtx *c, IrSqlx *e);

static bool is_bool(const IrSqlx *e, bool v)
{
	return e && e->kind == IR_SQLX_LITERAL && e->u.lit.k == IR_SQLX_LIT_BOOL && e->u.lit.boolean == v;
}

static bool is_null_lit(const IrSqlx *e)
{
	return e && e->kind == IR_SQLX_LITERAL && e->u.lit.k == IR_SQLX_LIT_NULL;
}

static bool is_literal(const IrSqlx *e)
{
	return e && e->kind == IR_SQLX_LITERAL;
}

static IrSqlx *copy(IrCtx *c, const IrSqlx *e)
{
	IrSqlx *n = ir_alloc(c->arena, sizeof *n);
	*n = *e;
	return n;
}

static IrSqlx *fold_op(IrCtx *c, IrSqlx *e)
{
	IrSqlx *a = fold(c, e->u.op.a), *b = e->u.op.b ? fold(c, e->u.op.b) : NULL;
	switch (e->u.op.op) {
	case IR_SQLX_AND:
		if (is_bool(a, false) || is_bool(b, false))
			return ir_sqlx_bool(c, e->loc, false);
		if (is_bool(a, true))
			return b;
		if (is_bool(b, true))
			return a;
		break;
	case IR_SQLX_OR:
		if (is_bool(a, true) || is_bool(b, true))
			return ir_sqlx_bool(c, e->loc, true);
		if (is_bool(a, false))
			return b;
		if (is_bool(b, false))
			return a;
		break;
	case IR_SQLX_NOT:
		if (is_bool(a, true) || is_bool(a, false))
			return ir_sqlx_bool(c, e->loc, is_bool(a, false));
		break;
	default:
		break;
	}
	if (a == e->u.op.a && b == e->u.op.b)
		return e;
	IrSqlx *n = copy(c, e);
	n->u.op.a = a;
	n->u.op.b = b;
	return n;
}

/* Searched CASE: drop branches that can never be taken, stop at the first
 * one that always is. */
static IrSqlx *fold_case(IrCtx *c, IrSqlx *e)
{
	int n = e->u.kase.n, k = 0;
	bool changed = false;
	IrSqlx **when = ir_alloc(c->arena, sizeof(IrSqlx *) * (size_t)(n + 1));
	IrSqlx **then = ir_alloc(c->arena, sizeof(IrSqlx *) * (size_t)(n + 1));
	IrSqlx *els = e->u.kase.els ? fold(c, e->u.kase.els) : NULL;
	changed |= els != e->u.kase.els;
	for (int i = 0; i < n; i++) {
		IrSqlx *w = fold(c, e->u.kase.when[i]), *t = fold(c, e->u.kase.then[i]);
		changed |= w != e->u.kase.when[i] || t != e->u.kase.then[i];
		if (is_bool(w, false) || is_null_lit(w)) {
			changed = true;
			continue;
		}
		if (is_bool(w, true)) {
			if (k == 0)
				return t;
			els = t;
			changed = true;
			break;
		}
		when[k] = w;
		then[k++] = t;
	}
	if (!changed)
		return e;
	if (k == 0)
		return els ? els : ir_sqlx_null(c, e->loc);
	IrSqlx *r = ir_sqlx_case(c, e->loc, k, when, then, els);
	return r;
}

static IrSqlx *fold(IrCtx *c, IrSqlx *e)
{
	if (!e)
		return NULL;
	switch (e->kind) {
	case IR_SQLX_OP:
		return fold_op(c, e);
	case IR_SQLX_CASE:
		return e->u.kase.operand ? e : fold_case(c, e);
	case IR_SQLX_IS_NULL: {
		IrSqlx *a = fold(c, e->u.is.a);
		if (is_literal(a))   /* a literal is NULL exactly when it is the NULL literal */
			return ir_sqlx_bool(c, e->loc, is_null_lit(a) != e->u.is.negated);
		if (a == e->u.is.a)
			return e;
		IrSqlx *n = copy(c, e);
		n->u.is.a = a;
		return n;
	}
	case IR_SQLX_CAST: {
		IrSqlx *a = fold(c, e->u.cast.e);
		if (a == e->u.cast.e)
			return e;
		IrSqlx *n = copy(c, e);
		n->u.cast.e = a;
		return n;
	}
	default:
		return e;
	}
}

static void fold_graph(IrCtx *c, RelGraph *g)
{
	for (size_t i = 0; i < g->nodes.len; i++) {
		RelNode *n = IR_VEC_AT(g->nodes, RelNode, i);
		if (n->kind == REL_PROJECT)
			for (size_t k = 0; k < n->ncols; k++)
				n->u.project.exprs[k] = fold(c, n->u.project.exprs[k]);
		else if (n->kind == REL_FILTER)
			n->u.filter.predicate = fold(c, n->u.filter.predicate);
	}
	for (size_t i = 0; i < g->asserts.len; i++) {
		RelAssert *a = IR_VEC_AT(g->asserts, RelAssert, i);
		a->predicate = fold(c, a->predicate);
	}
}

bool pass_fold_constants(PassCtx *p)
{
	for (size_t i = 0; p->rel && i < p->rel->graphs.len; i++)
		fold_graph(p->c, IR_VEC_AT(p->rel->graphs, RelGraph, i));
	return true;
}
