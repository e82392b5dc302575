/* dce.c — dead column elimination: a column that no sink, predicate, key,
 * expression or placeholder ever reads is removed from the operator that
 * computes it, and operators nothing reads are removed.  Results cannot
 * change: group keys, DISTINCT keys and the inputs of placeholders (which
 * stand for code that may read anything) are always kept. */
#include <stdlib.h>
#include <string.h>

#include "passes.h"
#include "rel_expr.h"

/* Demand: per node, per column, is it read. */
typedef struct Dce {
	RelGraph *g;
	bool **need;                 /* need[id][k] */
	bool *live;                  /* the node is read or is a root */
} Dce;

static long col_pos(const RelNode *n, const char *name)
{
	for (size_t k = 0; k < n->ncols; k++)
		if (strcmp(n->cols[k].name, name) == 0)
			return (long)k;
	return -1;
}

typedef struct DemandArg {
	Dce *d;
	const RelNode *n;
} DemandArg;

static void demand(size_t input, const char *name, void *arg)
{
	DemandArg *a = arg;
	const RelNode *in = a->n->inputs[input];
	long k = col_pos(in, name);
	if (k >= 0)
		a->d->need[in->id][k] = true;
	a->d->live[in->id] = true;
}

static void expr_demand(const char *name, void *arg)
{
	demand(0, name, arg);
}

static void demand_all(Dce *d, const RelNode *n)
{
	for (size_t i = 0; i < n->ninputs; i++) {
		const RelNode *in = n->inputs[i];
		d->live[in->id] = true;
		for (size_t k = 0; k < in->ncols; k++)
			d->need[in->id][k] = true;
	}
}

static bool keeps_all_columns(const RelNode *n)
{
	return n->kind == REL_FILTER || n->kind == REL_SORT || n->kind == REL_DISTINCT || n->kind == REL_PLACEHOLDER;
}

/* Filter, Sort, Distinct: the needed columns, and the predicate or keys. */
static void pass_through_demand(Dce *d, RelNode *n, DemandArg *a)
{
	for (size_t k = 0; k < n->ncols; k++)
		if (d->need[n->id][k])
			demand(0, n->cols[k].name, a);
	if (n->kind == REL_FILTER)
		ir_rel_e_cols(n->u.filter.predicate, expr_demand, a);
	for (size_t k = 0; n->kind == REL_SORT && k < n->u.sort.nkeys; k++)
		demand(0, n->u.sort.keys[k].column, a);
	for (size_t k = 0; n->kind == REL_DISTINCT && k < n->u.distinct.nkeys; k++)
		demand(0, n->u.distinct.keys[k], a);
	for (size_t k = 0; n->kind == REL_DISTINCT && k < n->u.distinct.norder; k++)
		demand(0, n->u.distinct.order[k].column, a);
	d->live[n->inputs[0]->id] = true;
}

/* What a node reads, given which of its own columns are needed. */
static void propagate(Dce *d, RelNode *n)
{
	DemandArg a = {d, n};
	bool *need = d->need[n->id];
	if (n->kind == REL_PLACEHOLDER) {
		demand_all(d, n);
		return;
	}
	if (n->kind == REL_AGGREGATE)
		for (size_t k = 0; k < n->ncols; k++)
			need[k] |= n->u.aggregate.fns[k] == REL_AGG_GROUP;
	if (n->kind == REL_DISTINCT && n->u.distinct.nkeys == 0)
		for (size_t k = 0; k < n->ncols; k++)
			need[k] = true;
	if (keeps_all_columns(n)) {
		pass_through_demand(d, n, &a);
		return;
	}
	switch (n->kind) {
	case REL_PROJECT:
		for (size_t k = 0; k < n->ncols; k++)
			if (need[k])
				ir_rel_e_cols(n->u.project.exprs[k], expr_demand, &a);
		for (size_t i = 0; i < n->ninputs; i++)
			d->live[n->inputs[i]->id] = true;
		break;
	case REL_JOIN: {
		RelJoin *j = &n->u.join;
		for (size_t k = 0; k < j->nkeys; k++) {
			demand(0, j->left_keys[k], &a);
			demand(1, j->right_keys[k], &a);
		}
		for (size_t k = 0; k < j->nright_order; k++)
			demand(1, j->right_order[k], &a);
		for (size_t k = 0; k < n->ncols; k++)
			if (need[k] && j->col_source[k])
				demand((size_t)j->col_side[k], j->col_source[k], &a);
		d->live[n->inputs[0]->id] = d->live[n->inputs[1]->id] = true;
		break;
	}
	case REL_UNION:
		for (size_t i = 0; i < n->ninputs; i++) {
			d->live[n->inputs[i]->id] = true;
			for (size_t k = 0; k < n->ncols; k++)
				if (need[k] && n->u.union_.map[i][k])
					demand(i, n->u.union_.map[i][k], &a);
		}
		break;
	case REL_AGGREGATE:
		for (size_t k = 0; k < n->ncols; k++)
			if (need[k] && n->u.aggregate.args[k])
				demand(0, n->u.aggregate.args[k], &a);
		d->live[n->inputs[0]->id] = true;
		break;
	case REL_SINK:
		ir_rel_used_cols(n, demand, &a);
		d->live[n->inputs[0]->id] = true;
		break;
	default:
		break;
	}
}

static void mark_roots(Dce *d)
{
	RelGraph *g = d->g;
	for (size_t i = 0; i < g->nodes.len; i++) {
		RelNode *n = IR_VEC_AT(g->nodes, RelNode, i);
		if (n->kind == REL_SINK || n->kind == REL_PLACEHOLDER)
			d->live[i] = true;
	}
	for (size_t i = 0; i < g->asserts.len; i++) {
		const RelAssert *a = IR_VEC_AT(g->asserts, RelAssert, i);
		d->live[a->node->id] = true;
		DemandArg arg = {d, NULL};
		RelNode probe = {.ninputs = 1};
		RelNode *in[1] = {a->node};
		probe.inputs = in;
		arg.n = &probe;
		ir_rel_e_cols(a->predicate, expr_demand, &arg);
	}
	for (size_t i = 0; i < g->effects.len; i++)
		d->live[IR_VEC_AT(g->effects, RelEffect, i)->node->id] = true;
}

/* Keep columns [k] where keep[k]; parallel arrays shrink with them. */
static void prune(RelNode *n, const bool *keep)
{
	size_t j = 0;
	for (size_t k = 0; k < n->ncols; k++) {
		if (!keep[k])
			continue;
		n->cols[j] = n->cols[k];
		switch (n->kind) {
		case REL_PROJECT: n->u.project.exprs[j] = n->u.project.exprs[k]; break;
		case REL_SCAN:
			if (n->u.scan.source_columns)
				n->u.scan.source_columns[j] = n->u.scan.source_columns[k];
			break;
		case REL_JOIN:
			n->u.join.col_side[j] = n->u.join.col_side[k];
			n->u.join.col_source[j] = n->u.join.col_source[k];
			break;
		case REL_UNION:
			for (size_t i = 0; i < n->ninputs; i++)
				n->u.union_.map[i][j] = n->u.union_.map[i][k];
			break;
		case REL_AGGREGATE:
			n->u.aggregate.fns[j] = n->u.aggregate.fns[k];
			n->u.aggregate.args[j] = n->u.aggregate.args[k];
			break;
		default: break;
		}
		j++;
	}
	n->ncols = j;
	if (n->kind == REL_JOIN && n->u.join.match_marker && col_pos(n, n->u.join.match_marker) < 0)
		n->u.join.match_marker = NULL;
}

static void shrink(Dce *d, RelNode *n)
{
	bool *need = d->need[n->id];
	if (keeps_all_columns(n) || n->kind == REL_SINK)
		return;
	size_t kept = 0;
	for (size_t k = 0; k < n->ncols; k++)
		kept += need[k];
	if (kept == 0 && n->ncols)
		need[0] = true;   /* a relation keeps at least one column */
	prune(n, need);
}

/* Filters, sorts and distincts keep exactly their input's columns. */
static void follow_input(RelNode *n)
{
	if (n->kind != REL_FILTER && n->kind != REL_SORT && n->kind != REL_DISTINCT)
		return;
	const RelNode *in = n->inputs[0];
	n->ncols = in->ncols;
	memcpy(n->cols, in->cols, in->ncols * sizeof *in->cols);
}

static void dce_graph(RelGraph *g)
{
	size_t n = g->nodes.len;
	Dce d = {g, calloc(n + 1, sizeof(bool *)), calloc(n + 1, sizeof(bool))};
	if (!d.need || !d.live)
		ir_die("out of memory");
	for (size_t i = 0; i < n; i++)
		if (!(d.need[i] = calloc(IR_VEC_AT(g->nodes, RelNode, i)->ncols + 1, sizeof(bool))))
			ir_die("out of memory");
	mark_roots(&d);
	for (size_t i = n; i-- > 0;)
		if (d.live[i])
			propagate(&d, IR_VEC_AT(g->nodes, RelNode, i));
	for (size_t i = 0; i < n; i++) {
		RelNode *node = IR_VEC_AT(g->nodes, RelNode, i);
		if (d.live[i]) {
			shrink(&d, node);
			follow_input(node);
		}
	}
	ir_rel_compact(g, d.live);
	for (size_t i = 0; i < n; i++)
		free(d.need[i]);
	free(d.need);
	free(d.live);
}

bool pass_dce(PassCtx *p)
{
	for (size_t i = 0; p->rel && i < p->rel->graphs.len; i++)
		dce_graph(IR_VEC_AT(p->rel->graphs, RelGraph, i));
	return true;
}
