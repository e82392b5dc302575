/* rel_expr.c — builders, walkers and the JSON form of the IrSqlx
 * expressions inside Relational IR operators (see rel_expr.h). */
#include <string.h>

#include <cjson/cJSON.h>

#include "rel.h"
#include "rel_expr.h"

static const IrLoc noloc;

IrSqlx *ir_rel_e_null(IrCtx *c, IrType type)
{
	return ir_sqlx_cast(c, noloc, ir_sqlx_null(c, noloc), type);
}

IrSqlx *ir_rel_e_str(IrCtx *c, const char *s)
{
	return ir_sqlx_lit(c, noloc, IR_SQLX_LIT_STRING, s);
}

IrSqlx *ir_rel_e_cast(IrCtx *c, IrSqlx *e, IrType to, bool try_)
{
	IrSqlx *n = ir_sqlx_cast(c, e->loc, e, to);
	n->u.cast.try_cast = try_;
	return n;
}

IrSqlx *ir_rel_e_untranslated(IrCtx *c, const IrText *text)
{
	IrSqlx *arg = ir_rel_e_str(c, text->s ? text->s : "");
	return ir_sqlx_macro(c, text->loc, "untranslated_expression", 1, &arg);
}

IrSqlx *ir_rel_e_runtime(IrCtx *c, const char *what)
{
	return ir_sqlx_macro(c, noloc, what, 0, NULL);
}

/* The children of a node, in printing order. */
static int children(const IrSqlx *e, const IrSqlx **out, int max)
{
	int n = 0;
#define PUT(x) do { if ((x) && n < max) out[n++] = (x); } while (0)
	switch (e->kind) {
	case IR_SQLX_FUNC: case IR_SQLX_MACRO:
		for (int i = 0; i < e->u.call.nargs; i++)
			PUT(e->u.call.args[i]);
		break;
	case IR_SQLX_OP: PUT(e->u.op.a); PUT(e->u.op.b); break;
	case IR_SQLX_CASE:
		PUT(e->u.kase.operand);
		for (int i = 0; i < e->u.kase.n; i++) {
			PUT(e->u.kase.when[i]);
			PUT(e->u.kase.then[i]);
		}
		PUT(e->u.kase.els);
		break;
	case IR_SQLX_CAST: PUT(e->u.cast.e); break;
	case IR_SQLX_IS_NULL: case IR_SQLX_DISTINCT: PUT(e->u.is.a); PUT(e->u.is.b); break;
	default: break;
	}
#undef PUT
	return n;
}

void ir_rel_e_cols(const IrSqlx *e, void (*fn)(const char *name, void *arg), void *arg)
{
	const IrSqlx *kids[64];
	if (!e)
		return;
	if (e->kind == IR_SQLX_COLUMN)
		fn(e->u.column.name, arg);
	if (e->kind == IR_SQLX_FUNC || e->kind == IR_SQLX_MACRO) {
		for (int i = 0; i < e->u.call.nargs; i++)
			ir_rel_e_cols(e->u.call.args[i], fn, arg);
		return;
	}
	if (e->kind == IR_SQLX_CASE) {
		ir_rel_e_cols(e->u.kase.operand, fn, arg);
		for (int i = 0; i < e->u.kase.n; i++) {
			ir_rel_e_cols(e->u.kase.when[i], fn, arg);
			ir_rel_e_cols(e->u.kase.then[i], fn, arg);
		}
		ir_rel_e_cols(e->u.kase.els, fn, arg);
		return;
	}
	int n = children(e, kids, 64);
	for (int i = 0; i < n; i++)
		ir_rel_e_cols(kids[i], fn, arg);
}

typedef IrSqlx *(*Subst)(const char *, void *);

/* A leaf's replacement, or NULL to keep it (and look into it). */
typedef IrSqlx *(*Leaf)(IrSqlx *e, void *arg);

static IrSqlx *sub(IrCtx *c, IrSqlx *e, Leaf fn, void *arg, bool *changed)
{
	bool ch = false;
	if (!e)
		return NULL;
	IrSqlx *r = fn(e, arg);
	if (r) {
		*changed = true;
		return r;
	}
	IrSqlx copy = *e;
	switch (e->kind) {
	case IR_SQLX_FUNC: case IR_SQLX_MACRO: {
		IrSqlx **args = ir_alloc(c->arena, sizeof *args * (size_t)(e->u.call.nargs + 1));
		for (int i = 0; i < e->u.call.nargs; i++)
			args[i] = sub(c, e->u.call.args[i], fn, arg, &ch);
		copy.u.call.args = args;
		break;
	}
	case IR_SQLX_OP:
		copy.u.op.a = sub(c, e->u.op.a, fn, arg, &ch);
		copy.u.op.b = sub(c, e->u.op.b, fn, arg, &ch);
		break;
	case IR_SQLX_CASE: {
		int n = e->u.kase.n;
		copy.u.kase.when = ir_alloc(c->arena, sizeof(IrSqlx *) * (size_t)(n + 1));
		copy.u.kase.then = ir_alloc(c->arena, sizeof(IrSqlx *) * (size_t)(n + 1));
		copy.u.kase.operand = sub(c, e->u.kase.operand, fn, arg, &ch);
		for (int i = 0; i < n; i++) {
			copy.u.kase.when[i] = sub(c, e->u.kase.when[i], fn, arg, &ch);
			copy.u.kase.then[i] = sub(c, e->u.kase.then[i], fn, arg, &ch);
		}
		copy.u.kase.els = sub(c, e->u.kase.els, fn, arg, &ch);
		break;
	}
	case IR_SQLX_CAST: copy.u.cast.e = sub(c, e->u.cast.e, fn, arg, &ch); break;
	case IR_SQLX_IS_NULL: case IR_SQLX_DISTINCT:
		copy.u.is.a = sub(c, e->u.is.a, fn, arg, &ch);
		copy.u.is.b = sub(c, e->u.is.b, fn, arg, &ch);
		break;
	default:
		return e;
	}
	if (!ch)
		return e;
	*changed = true;
	IrSqlx *n = ir_alloc(c->arena, sizeof *n);
	*n = copy;
	return n;
}

typedef struct ColumnSubst {
	Subst fn;
	void *arg;
} ColumnSubst;

static IrSqlx *column_leaf(IrSqlx *e, void *arg)
{
	const ColumnSubst *cs = arg;
	return e->kind == IR_SQLX_COLUMN && !e->u.column.qualifier ? cs->fn(e->u.column.name, cs->arg) : NULL;
}

IrSqlx *ir_rel_e_subst(IrCtx *c, IrSqlx *e, Subst fn, void *arg)
{
	bool changed = false;
	ColumnSubst cs = {fn, arg};
	return sub(c, e, column_leaf, &cs, &changed);
}

typedef struct VarSubst {
	IrSqlx *(*fn)(IrSqlx *var, void *arg);
	void *arg;
} VarSubst;

static IrSqlx *var_leaf(IrSqlx *e, void *arg)
{
	const VarSubst *vs = arg;
	if (e->kind != IR_SQLX_VAR)
		return NULL;
	IrSqlx *r = vs->fn(e, vs->arg);
	return r == e ? NULL : r;
}

IrSqlx *ir_rel_e_subst_vars(IrCtx *c, IrSqlx *e, IrSqlx *(*subst)(IrSqlx *var, void *arg), void *arg)
{
	bool changed = false;
	VarSubst vs = {subst, arg};
	return sub(c, e, var_leaf, &vs, &changed);
}

bool ir_rel_e_is_const(const IrSqlx *e)
{
	const IrSqlx *kids[64];
	if (e->kind == IR_SQLX_COLUMN || e->kind == IR_SQLX_MACRO || e->kind == IR_SQLX_VAR)
		return false;
	if ((e->kind == IR_SQLX_FUNC && e->u.call.nargs > 64))
		return false;
	int n = children(e, kids, 64);
	for (int i = 0; i < n; i++)
		if (!ir_rel_e_is_const(kids[i]))
			return false;
	return true;
}

static const char *const kind_names[] = {
	[IR_SQLX_COLUMN] = "col", [IR_SQLX_LITERAL] = "lit", [IR_SQLX_FUNC] = "func", [IR_SQLX_OP] = "op",
	[IR_SQLX_CASE] = "case", [IR_SQLX_CAST] = "cast", [IR_SQLX_IS_NULL] = "is_null",
	[IR_SQLX_DISTINCT] = "is_distinct", [IR_SQLX_MACRO] = "macro", [IR_SQLX_VAR] = "var",
};

static const char *const lit_names[] = {
	[IR_SQLX_LIT_INT] = "int", [IR_SQLX_LIT_DECIMAL] = "decimal", [IR_SQLX_LIT_FLOAT] = "float",
	[IR_SQLX_LIT_STRING] = "string", [IR_SQLX_LIT_BOOL] = "bool", [IR_SQLX_LIT_NULL] = "null",
};

static void add_args(cJSON *o, const char *key, IrSqlx *const *v, int n)
{
	cJSON *a = cJSON_AddArrayToObject(o, key);
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(a, ir_rel_e_json(v[i]));
}

void *ir_rel_e_json(const IrSqlx *e)
{
	cJSON *o = cJSON_CreateObject();
	char tbuf[64];
	cJSON_AddStringToObject(o, "e", kind_names[e->kind]);
	switch (e->kind) {
	case IR_SQLX_COLUMN:
		if (e->u.column.qualifier)
			cJSON_AddStringToObject(o, "qualifier", e->u.column.qualifier);
		cJSON_AddStringToObject(o, "name", e->u.column.name);
		break;
	case IR_SQLX_LITERAL:
		cJSON_AddStringToObject(o, "lit", lit_names[e->u.lit.k]);
		if (e->u.lit.k == IR_SQLX_LIT_BOOL)
			cJSON_AddBoolToObject(o, "value", e->u.lit.boolean);
		else if (e->u.lit.text)
			cJSON_AddStringToObject(o, "value", e->u.lit.text);
		break;
	case IR_SQLX_FUNC: case IR_SQLX_MACRO:
		cJSON_AddStringToObject(o, "name", e->u.call.name);
		add_args(o, "args", e->u.call.args, e->u.call.nargs);
		break;
	case IR_SQLX_OP:
		cJSON_AddStringToObject(o, "op", ir_sqlx_op_key(e->u.op.op));
		cJSON_AddItemToObject(o, "a", ir_rel_e_json(e->u.op.a));
		if (e->u.op.b)
			cJSON_AddItemToObject(o, "b", ir_rel_e_json(e->u.op.b));
		break;
	case IR_SQLX_CASE:
		if (e->u.kase.operand)
			cJSON_AddItemToObject(o, "operand", ir_rel_e_json(e->u.kase.operand));
		add_args(o, "when", e->u.kase.when, e->u.kase.n);
		add_args(o, "then", e->u.kase.then, e->u.kase.n);
		if (e->u.kase.els)
			cJSON_AddItemToObject(o, "else", ir_rel_e_json(e->u.kase.els));
		break;
	case IR_SQLX_CAST:
		if (e->u.cast.to.raw) {
			cJSON_AddStringToObject(o, "to", e->u.cast.to.raw);
		} else {
			ir_rel_type_format(tbuf, sizeof tbuf, e->u.cast.to.ssis);
			cJSON_AddStringToObject(o, "to", tbuf);
		}
		if (e->u.cast.try_cast)
			cJSON_AddBoolToObject(o, "try", true);
		cJSON_AddItemToObject(o, "a", ir_rel_e_json(e->u.cast.e));
		break;
	case IR_SQLX_IS_NULL: case IR_SQLX_DISTINCT:
		if (e->u.is.negated)
			cJSON_AddBoolToObject(o, "negated", true);
		cJSON_AddItemToObject(o, "a", ir_rel_e_json(e->u.is.a));
		if (e->u.is.b)
			cJSON_AddItemToObject(o, "b", ir_rel_e_json(e->u.is.b));
		break;
	case IR_SQLX_VAR:
		cJSON_AddStringToObject(o, "name", e->u.var.name);
		break;
	}
	return o;
}
