/* merge_project.c — the merge-project pass: a Project whose only reader is
 * another Project is folded into it (column references replaced by the
 * expressions they name).  Results cannot change: SELECT evaluates every
 * expression of a row from the same input row.  An expression other than a
 * column or a constant is inlined only where it is read at most once. */
#include <stdlib.h>
#include <string.h>

#include "passes.h"
#include "rel_expr.h"

typedef struct Inline {
	const RelNode *inner;
	size_t *uses;                /* per inner column: references from the outer project */
} Inline;

static long col_pos(const RelNode *n, const char *name)
{
	for (size_t k = 0; k < n->ncols; k++)
		if (strcmp(n->cols[k].name, name) == 0)
			return (long)k;
	return -1;
}

static void count_use(const char *name, void *arg)
{
	Inline *in = arg;
	long k = col_pos(in->inner, name);
	if (k >= 0)
		in->uses[k]++;
}

static IrSqlx *inline_col(const char *name, void *arg)
{
	Inline *in = arg;
	long k = col_pos(in->inner, name);
	return k >= 0 ? in->inner->u.project.exprs[k] : NULL;
}

static bool cheap(const IrSqlx *e)
{
	return e->kind == IR_SQLX_COLUMN || e->kind == IR_SQLX_LITERAL;
}

static bool mergeable(const RelNode *outer, const RelNode *inner, Inline *in)
{
	for (size_t k = 0; k < outer->ncols; k++)
		ir_rel_e_cols(outer->u.project.exprs[k], count_use, in);
	for (size_t k = 0; k < inner->ncols; k++)
		if (in->uses[k] > 1 && !cheap(inner->u.project.exprs[k]))
			return false;
	return true;
}

static bool merge_one(IrCtx *c, RelNode *outer, size_t *consumers, bool *keep)
{
	RelNode *inner = outer->inputs[0];
	if (inner->kind != REL_PROJECT || consumers[inner->id] != 1)
		return false;
	Inline in = {inner, calloc(inner->ncols + 1, sizeof(size_t))};
	if (!in.uses)
		ir_die("out of memory");
	bool ok = mergeable(outer, inner, &in);
	if (ok) {
		for (size_t k = 0; k < outer->ncols; k++)
			outer->u.project.exprs[k] = ir_rel_e_subst(c, outer->u.project.exprs[k], inline_col, &in);
		outer->inputs[0] = inner->inputs[0];
		keep[inner->id] = false;
	}
	free(in.uses);
	return ok;
}

static void merge_graph(IrCtx *c, RelGraph *g)
{
	size_t n = g->nodes.len;
	size_t *consumers = calloc(n + 1, sizeof *consumers);
	bool *keep = malloc((n + 1) * sizeof *keep);
	if (!consumers || !keep)
		ir_die("out of memory");
	for (size_t i = 0; i < n; i++)
		keep[i] = true;
	ir_rel_consumers(g, consumers);
	for (size_t i = 0; i < n; i++) {
		RelNode *node = IR_VEC_AT(g->nodes, RelNode, i);
		while (node->kind == REL_PROJECT && merge_one(c, node, consumers, keep))
			;
	}
	ir_rel_compact(g, keep);
	free(consumers);
	free(keep);
}

bool pass_merge_project(PassCtx *p)
{
	for (size_t i = 0; p->rel && i < p->rel->graphs.len; i++)
		merge_graph(p->c, IR_VEC_AT(p->rel->graphs, RelGraph, i));
	return true;
}
