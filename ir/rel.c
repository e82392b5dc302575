/* rel.c — the Relational IR: constructors, lookups, the columns an operator
 * reads, and the verifier that checks a graph's invariants between passes. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rel.h"
#include "rel_expr.h"

static const char *const kind_names[] = {
	[REL_SCAN] = "scan", [REL_PROJECT] = "project", [REL_FILTER] = "filter",
	[REL_JOIN] = "join", [REL_UNION] = "union", [REL_AGGREGATE] = "aggregate",
	[REL_SORT] = "sort", [REL_DISTINCT] = "distinct", [REL_SINK] = "sink",
	[REL_PLACEHOLDER] = "placeholder",
};

const char *ir_rel_kind_name(RelKind k)
{
	return kind_names[k];
}

const char *ir_rel_status_name(RelStatus s)
{
	static const char *const names[] = {"translated", "placeholder", "unsupported"};
	return names[s];
}

void ir_rel_type_format(char *buf, size_t n, IrType t)
{
	const char *name = ir_dtype_name(t.dt);
	switch (t.dt) {
	case IR_DT_WSTR: case IR_DT_BYTES:
		snprintf(buf, n, "%s(%d)", name, t.length);
		break;
	case IR_DT_STR:
		snprintf(buf, n, "%s(%d,%d)", name, t.length, t.codepage);
		break;
	case IR_DT_TEXT:
		snprintf(buf, n, "%s(%d)", name, t.codepage);
		break;
	case IR_DT_NUMERIC:
		snprintf(buf, n, "%s(%d,%d)", name, t.precision, t.scale);
		break;
	case IR_DT_DECIMAL: case IR_DT_DBTIME2: case IR_DT_DBTIMESTAMP2: case IR_DT_DBTIMESTAMPOFFSET:
		snprintf(buf, n, "%s(%d)", name, t.scale);
		break;
	default:
		snprintf(buf, n, "%s", name);
	}
}

IrType ir_rel_column_type(const IrColumn *col)
{
	IrType t = {0};
	IrDtype dt;
	t.dt = ir_dtype_from_code(col->data_type, &dt) ? dt : IR_DT_EMPTY;
	t.length = col->length;
	t.precision = col->precision;
	t.scale = col->scale;
	t.codepage = col->code_page;
	return t;
}

RelGraph *ir_rel_graph_new(IrCtx *c, const IrPackage *p, const IrExecutable *task)
{
	RelGraph *g = ir_alloc(c->arena, sizeof *g);
	g->package = p;
	g->task = task;
	return g;
}

RelNode *ir_rel_node_new(IrCtx *c, RelGraph *g, RelKind kind, const char *label,
			 const IrComponent *component, IrLoc loc, size_t ninputs, size_t ncols)
{
	RelNode *n = ir_alloc(c->arena, sizeof *n);
	n->kind = kind;
	n->id = (uint32_t)g->nodes.len;
	n->label = label;
	n->component = component;
	n->loc = loc;
	n->ninputs = ninputs;
	if (ninputs)
		n->inputs = ir_alloc(c->arena, ninputs * sizeof *n->inputs);
	n->ncols = ncols;
	if (ncols)
		n->cols = ir_alloc(c->arena, ncols * sizeof *n->cols);
	ir_vec_push(c->arena, &g->nodes, n);
	if (kind == REL_SINK)
		ir_vec_push(c->arena, &g->sinks, n);
	return n;
}

const RelCol *ir_rel_find_col(const RelNode *n, const char *name)
{
	for (size_t i = 0; i < n->ncols; i++)
		if (strcmp(n->cols[i].name, name) == 0)
			return &n->cols[i];
	return NULL;
}

const RelCol *ir_rel_find_lineage(const RelNode *n, const char *lineage)
{
	if (!lineage)
		return NULL;
	for (size_t i = 0; i < n->ncols; i++)
		if (n->cols[i].lineage && strcmp(n->cols[i].lineage, lineage) == 0)
			return &n->cols[i];
	return NULL;
}

/* Column names compare case-insensitively: SQL engines fold them. */
static bool name_used(const RelNode *n, size_t upto, const char *name)
{
	for (size_t i = 0; i < upto && i < n->ncols; i++)
		if (n->cols[i].name && strcasecmp(n->cols[i].name, name) == 0)
			return true;
	return false;
}

const char *ir_rel_unique_name(IrCtx *c, const RelNode *n, size_t upto, const char *base)
{
	if (!name_used(n, upto, base))
		return ir_intern(c, base, (size_t)-1);
	for (int k = 2;; k++) {
		char *s = ir_sprintf(c->arena, "%s_%d", base, k);
		if (!name_used(n, upto, s))
			return ir_intern(c, s, (size_t)-1);
	}
}

/* ---- the columns an operator reads ------------------------------------ */
typedef struct UsedArg {
	void (*fn)(size_t, const char *, void *);
	void *arg;
	size_t input;
} UsedArg;

static void used_expr_col(const char *name, void *arg)
{
	UsedArg *u = arg;
	u->fn(u->input, name, u->arg);
}

static void used_expr(const IrSqlx *e, size_t input, UsedArg *u)
{
	u->input = input;
	ir_rel_e_cols(e, used_expr_col, u);
}

static void used_join(const RelNode *n, UsedArg *u)
{
	const RelJoin *j = &n->u.join;
	for (size_t k = 0; k < j->nkeys; k++) {
		u->fn(0, j->left_keys[k], u->arg);
		u->fn(1, j->right_keys[k], u->arg);
	}
	for (size_t k = 0; k < j->nright_order; k++)
		u->fn(1, j->right_order[k], u->arg);
	for (size_t k = 0; k < n->ncols; k++)
		if (j->col_source[k])
			u->fn((size_t)j->col_side[k], j->col_source[k], u->arg);
}

void ir_rel_used_cols(const RelNode *n, void (*fn)(size_t input, const char *name, void *arg), void *arg)
{
	UsedArg u = {fn, arg, 0};
	switch (n->kind) {
	case REL_SCAN: case REL_PLACEHOLDER:
		if (n->kind == REL_PLACEHOLDER && n->u.placeholder.scd)
			for (size_t k = 0; k < n->u.placeholder.scd->ncolumns; k++)
				fn(0, n->u.placeholder.scd->columns[k], arg);
		break;
	case REL_PROJECT:
		for (size_t k = 0; k < n->ncols; k++)
			used_expr(n->u.project.exprs[k], 0, &u);
		break;
	case REL_FILTER:
		used_expr(n->u.filter.predicate, 0, &u);
		for (size_t k = 0; k < n->ncols; k++)
			fn(0, n->cols[k].name, arg);
		break;
	case REL_JOIN:
		used_join(n, &u);
		break;
	case REL_UNION:
		for (size_t i = 0; i < n->ninputs; i++)
			for (size_t k = 0; k < n->ncols; k++)
				if (n->u.union_.map[i][k])
					fn(i, n->u.union_.map[i][k], arg);
		break;
	case REL_AGGREGATE:
		for (size_t k = 0; k < n->ncols; k++)
			if (n->u.aggregate.args[k])
				fn(0, n->u.aggregate.args[k], arg);
		break;
	case REL_SORT:
		for (size_t k = 0; k < n->u.sort.nkeys; k++)
			fn(0, n->u.sort.keys[k].column, arg);
		for (size_t k = 0; k < n->ncols; k++)
			fn(0, n->cols[k].name, arg);
		break;
	case REL_DISTINCT:
		for (size_t k = 0; k < n->u.distinct.nkeys; k++)
			fn(0, n->u.distinct.keys[k], arg);
		for (size_t k = 0; k < n->u.distinct.norder; k++)
			fn(0, n->u.distinct.order[k].column, arg);
		for (size_t k = 0; k < n->ncols; k++)
			fn(0, n->cols[k].name, arg);
		break;
	case REL_SINK:
		for (size_t k = 0; k < n->u.sink.ndest; k++)
			if (n->u.sink.dest_from[k])
				fn(0, n->u.sink.dest_from[k], arg);
		for (size_t k = 0; k < n->u.sink.nkeys; k++)
			fn(0, n->u.sink.key_from[k], arg);
		break;
	}
}

/* ---- the verifier ---------------------------------------------------- */
typedef struct VerifyArg {
	const RelGraph *g;
	const RelNode *n;
} VerifyArg;

static void verify_used(size_t input, const char *name, void *arg)
{
	VerifyArg *v = arg;
	const RelNode *n = v->n;
	if (input >= n->ninputs)
		ir_die("rel verify: node %u (%s %s) reads column '%s' of input %zu, which it does not have",
		       n->id, kind_names[n->kind], n->label ? n->label : "", name, input);
	if (!ir_rel_find_col(n->inputs[input], name))
		ir_die("rel verify: node %u (%s %s) reads column '%s' that input %zu (node %u) does not have",
		       n->id, kind_names[n->kind], n->label ? n->label : "", name, input, n->inputs[input]->id);
}

static void verify_arity(const RelNode *n)
{
	size_t want_min = 1, want_max = 1;
	switch (n->kind) {
	case REL_SCAN: want_min = want_max = 0; break;
	case REL_JOIN: want_min = want_max = 2; break;
	case REL_UNION: want_min = 1; want_max = (size_t)-1; break;
	case REL_PLACEHOLDER: want_min = 0; want_max = (size_t)-1; break;
	default: break;
	}
	if (n->ninputs < want_min || n->ninputs > want_max)
		ir_die("rel verify: node %u (%s) has %zu inputs", n->id, kind_names[n->kind], n->ninputs);
	if ((n->kind == REL_FILTER || n->kind == REL_SORT || n->kind == REL_DISTINCT) &&
	    n->ncols != n->inputs[0]->ncols)
		ir_die("rel verify: node %u (%s) must keep its input's %zu columns, has %zu", n->id,
		       kind_names[n->kind], n->inputs[0]->ncols, n->ncols);
}

static void verify_node(const RelGraph *g, const RelNode *n, size_t pos)
{
	if (n->id != pos)
		ir_die("rel verify: node at position %zu has id %u", pos, n->id);
	for (size_t i = 0; i < n->ninputs; i++) {
		const RelNode *in = n->inputs[i];
		if (!in || in->id >= n->id || IR_VEC_AT(g->nodes, RelNode, in->id) != in)
			ir_die("rel verify: node %u (%s) input %zu is not an earlier node of the graph", n->id,
			       kind_names[n->kind], i);
	}
	verify_arity(n);
	for (size_t k = 0; k < n->ncols; k++) {
		if (!n->cols[k].name || !*n->cols[k].name)
			ir_die("rel verify: node %u (%s) column %zu has no name", n->id, kind_names[n->kind], k);
		for (size_t j = 0; j < k; j++)
			if (strcasecmp(n->cols[j].name, n->cols[k].name) == 0)
				ir_die("rel verify: node %u (%s) has two columns named '%s'", n->id,
				       kind_names[n->kind], n->cols[k].name);
		if (n->kind == REL_PROJECT && !n->u.project.exprs[k])
			ir_die("rel verify: node %u column '%s' has no expression", n->id, n->cols[k].name);
	}
	if (n->kind == REL_FILTER && !n->u.filter.predicate)
		ir_die("rel verify: filter node %u has no predicate", n->id);
	VerifyArg v = {g, n};
	ir_rel_used_cols(n, verify_used, &v);
}

void ir_rel_verify(const RelGraph *g)
{
	for (size_t i = 0; i < g->nodes.len; i++)
		verify_node(g, IR_VEC_AT(g->nodes, RelNode, i), i);
	for (size_t i = 0; i < g->sinks.len; i++)
		if (IR_VEC_AT(g->sinks, RelNode, i)->kind != REL_SINK)
			ir_die("rel verify: sinks[%zu] is not a sink", i);
	for (size_t i = 0; i < g->asserts.len; i++) {
		const RelAssert *a = IR_VEC_AT(g->asserts, RelAssert, i);
		RelNode probe = {.kind = REL_FILTER, .id = a->node->id, .ninputs = 1};
		RelNode *in[1] = {a->node};
		probe.inputs = in;
		VerifyArg v = {g, &probe};
		UsedArg u = {verify_used, &v, 0};
		used_expr(a->predicate, 0, &u);
	}
}

void ir_rel_compact(RelGraph *g, const bool *keep)
{
	size_t j = 0;
	for (size_t i = 0; i < g->nodes.len; i++) {
		RelNode *n = IR_VEC_AT(g->nodes, RelNode, i);
		if (!keep[i])
			continue;
		n->id = (uint32_t)j;
		g->nodes.items[j++] = n;
	}
	g->nodes.len = j;
}

void ir_rel_consumers(const RelGraph *g, size_t *counts)
{
	memset(counts, 0, g->nodes.len * sizeof *counts);
	for (size_t i = 0; i < g->nodes.len; i++) {
		const RelNode *n = IR_VEC_AT(g->nodes, RelNode, i);
		for (size_t k = 0; k < n->ninputs; k++)
			counts[n->inputs[k]->id]++;
	}
	for (size_t i = 0; i < g->asserts.len; i++)
		counts[IR_VEC_AT(g->asserts, RelAssert, i)->node->id]++;
	for (size_t i = 0; i < g->effects.len; i++)
		counts[IR_VEC_AT(g->effects, RelEffect, i)->node->id]++;
}
