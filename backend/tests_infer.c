/* tests_infer.c — dbt tests from what a package guarantees: unique keys of
 * a reference side that is unique by construction (an Aggregate's group
 * keys, a Distinct's keys), the group keys of an aggregated destination,
 * relationships from Lookups that fail the component on no match, and
 * accepted values from Conditional Split literals.  Each test records why
 * it exists. */
#include <string.h>

#include "be_internal.h"

const char *be_test_name(BeProject *pr, const char *kind, const char *relation, const char *col)
{
	const char *base = ir_sprintf(pr->a, "%s_%s__%s", kind, relation, col ? be_snake(pr->a, col) : "row");
	for (size_t i = 0; i < pr->tests.len; i++)
		if (!strcmp(IR_VEC_AT(pr->tests, BeTest, i)->name, base))
			return NULL; /* the same test twice */
	return base;
}

BeTest *be_add_test(BeProject *pr, BeModel *m, const char *kind, const char *col, const char *reason,
		    const char *ssis_path, IrLoc loc)
{
	const char *name = be_test_name(pr, kind, m->name, col);
	if (!name)
		return NULL;
	BeTest *t = ir_alloc(pr->a, sizeof *t);
	t->name = name;
	t->kind = kind;
	t->model = m;
	t->column = col;
	t->reason = reason;
	t->package = m->package;
	t->ssis_path = ssis_path;
	t->loc = loc;
	ir_vec_push(pr->a, &pr->tests, t);
	ir_vec_push(pr->a, &m->tests, t);
	return t;
}

static BeTest *add_test(BeProject *pr, BeModel *m, const char *kind, const char *col, const char *reason,
			const RelNode *from)
{
	return be_add_test(pr, m, kind, col, reason, from && from->component ? from->component->path : m->ssis_path,
			   from ? from->loc : m->loc);
}

static const char *comp_prop(const IrComponent *c, const char *name)
{
	for (size_t i = 0; c && i < c->props.len; i++) {
		const IrProp *p = IR_VEC_AT(c->props, IrProp, i);
		if (!be_strcasecmp(p->name, name))
			return p->value.s;
	}
	return NULL;
}

/* The columns that are unique together in n's output, by construction. */
static size_t unique_keys(const RelNode *n, const char **out, size_t max)
{
	size_t k = 0;
	if (n->kind == REL_AGGREGATE) {
		for (size_t i = 0; i < n->ncols && k < max; i++)
			if (n->u.aggregate.fns[i] == REL_AGG_GROUP)
				out[k++] = n->cols[i].name;
		return k; /* no group key: a single row, nothing to test by column */
	}
	if (n->kind == REL_DISTINCT && n->u.distinct.nkeys && n->u.distinct.nkeys <= max) {
		for (size_t i = 0; i < n->u.distinct.nkeys; i++)
			out[k++] = n->u.distinct.keys[i];
		return k;
	}
	return 0;
}

static bool same_keys(const char **a, size_t na, const char **b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		bool found = false;
		for (size_t j = 0; j < nb && !found; j++)
			found = !strcmp(a[i], b[j]);
		if (!found)
			return false;
	}
	return true;
}

static void reference_tests(BeProject *pr, BeGraph *bg, const RelNode *n)
{
	const RelJoin *j = &REL_AS(n, REL_JOIN, join);
	BeModel *ref = be_model_root(bg, n->inputs[1]);
	if (!ref || j->nkeys == 0 || j->kind == REL_JOIN_CROSS)
		return;
	const char *keys[16];
	size_t nk = unique_keys(n->inputs[1], keys, 16);
	if (nk == 1 && same_keys(keys, nk, j->right_keys, j->nkeys))
		add_test(pr, ref, "unique", j->right_keys[0],
			 ir_sprintf(pr->a, "the reference input of %s is unique on its join key by construction (%s)",
				    n->label ? n->label : "a join",
				    n->inputs[1]->kind == REL_AGGREGATE ? "an Aggregate's group key" : "a Distinct's key"),
			 n);
	/* Lookup with NoMatchBehavior = 0 (treat as error, fail): every row
	 * finds its reference, which the relationships test checks. */
	const char *cls = n->component ? n->component->class_name : NULL;
	const char *nmb = comp_prop(n->component, "NoMatchBehavior");
	if (!j->first_match || j->kind != REL_JOIN_INNER || !cls || strcmp(cls, "Microsoft.Lookup") ||
	    (nmb && strcmp(nmb, "0")) || j->nkeys != 1)
		return;
	/* The check is on the rows the Lookup reads (its output holds only the
	 * matches): the nearest model above its input that carries the key. */
	const RelCol *lk = ir_rel_find_col(n->inputs[0], j->left_keys[0]);
	const RelNode *u = n->inputs[0];
	while (u && !be_model_root(bg, u))
		u = u->ninputs ? u->inputs[0] : NULL;
	const RelCol *key = u && lk ? (u == n->inputs[0] ? lk : ir_rel_find_lineage(u, lk->lineage)) : NULL;
	BeModel *in = u ? be_model_root(bg, u) : NULL;
	if (!key || !in || in == ref)
		return;
	BeTest *t = add_test(pr, in, "relationships", key->name,
			     ir_sprintf(pr->a, "Lookup %s fails the package when a row has no match (NoMatchBehavior = 0)",
					n->label ? n->label : ""), n);
	if (t) {
		t->to_model = ref->name;
		t->to_field = j->right_keys[0];
	}
}

/* A destination fed straight by an Aggregate holds one row per group key. */
static void aggregate_tests(BeProject *pr, BeGraph *bg, const RelNode *sink)
{
	const RelNode *in = sink->inputs[0];
	while (in->kind == REL_SORT && in->ninputs == 1)
		in = in->inputs[0];
	BeModel *mart = be_model_root(bg, sink);
	const char *keys[16];
	if (!mart || in->kind != REL_AGGREGATE || unique_keys(in, keys, 16) != 1 || mart->dest == NULL ||
	    mart->dest->load != REL_LOAD_REPLACE)
		return;
	const RelSink *s = &REL_AS(sink, REL_SINK, sink);
	for (size_t k = 0; k < s->ndest; k++)
		if (s->dest_from && s->dest_from[k] && !strcmp(s->dest_from[k], keys[0]))
			add_test(pr, mart, "unique", s->dest_columns[k],
				 ir_sprintf(pr->a, "Aggregate %s groups by this column alone", in->label ? in->label : ""), in);
}

/* ---- accepted_values from Conditional Split literals ------------------- */
/* A destination whose rows all left a Conditional Split through outputs
 * whose conditions are `col == literal || col == literal ...` on one
 * column holds only those values in that column, as long as nothing in
 * between changes the column and the model's table holds only this run's
 * rows (a replace load: an append keeps the legacy rows, which the split
 * never saw).  A string compares exactly, as SSIS's == does. */
static bool add_value(BeProject *pr, IrVec *vals, const char *v)
{
	for (size_t i = 0; i < vals->len; i++)
		if (!strcmp(IR_VEC_AT(*vals, const char, i), v))
			return true;
	ir_vec_push(pr->a, vals, (void *)v);
	return true;
}

static bool literal_of(const IrSqlx *e)
{
	return e->kind == IR_SQLX_LITERAL && (e->u.lit.k == IR_SQLX_LIT_STRING || e->u.lit.k == IR_SQLX_LIT_INT);
}

/* The values `cond` allows for column `col`, when it is a disjunction of
 * equalities of col with a literal; false for anything else. */
static bool literal_values(BeProject *pr, const IrSqlx *cond, const char *col, IrVec *vals)
{
	if (cond->kind != IR_SQLX_OP)
		return false;
	const IrSqlx *a = cond->u.op.a, *b = cond->u.op.b;
	if (cond->u.op.op == IR_SQLX_OR)
		return literal_values(pr, a, col, vals) && literal_values(pr, b, col, vals);
	if (cond->u.op.op != IR_SQLX_EQ && cond->u.op.op != IR_SQLX_STR_EQ)
		return false;
	if (b->kind == IR_SQLX_COLUMN)
		a = cond->u.op.b, b = cond->u.op.a;
	if (a->kind != IR_SQLX_COLUMN || a->u.column.qualifier || strcmp(a->u.column.name, col) || !literal_of(b))
		return false;
	return add_value(pr, vals, b->u.lit.text);
}

/* A Conditional Split output: a filter `route = 'Output'` over the split's
 * projection, whose route column is a CASE of the conditions in order.
 * The values col may have in that output. */
static bool split_output_values(BeProject *pr, const RelNode *f, const char *col, IrVec *vals)
{
	const IrSqlx *pr_ = f->u.filter.predicate;
	const RelNode *p = f->inputs[0];
	const char *cls = p->component ? p->component->class_name : NULL;
	if (p->kind != REL_PROJECT || !cls || strcmp(cls, "Microsoft.ConditionalSplit") || pr_->kind != IR_SQLX_OP ||
	    pr_->u.op.op != IR_SQLX_STR_EQ || pr_->u.op.a->kind != IR_SQLX_COLUMN || !literal_of(pr_->u.op.b))
		return false;
	const RelCol *route = ir_rel_find_col(p, pr_->u.op.a->u.column.name);
	const RelCol *c = ir_rel_find_col(p, col);
	if (!route || !c)
		return false;
	const IrSqlx *kase = p->u.project.exprs[route - p->cols];
	const IrSqlx *through = p->u.project.exprs[c - p->cols];
	if (kase->kind != IR_SQLX_CASE || kase->u.kase.operand || through->kind != IR_SQLX_COLUMN)
		return false;
	for (int i = 0; i < kase->u.kase.n; i++) {
		const IrSqlx *t = kase->u.kase.then[i];
		if (literal_of(t) && !strcmp(t->u.lit.text, pr_->u.op.b->u.lit.text))
			return literal_values(pr, kase->u.kase.when[i], through->u.column.name, vals);
	}
	return false; /* the default output: what the conditions did not match */
}

/* Follows column col of n up to the split outputs it comes from, through
 * operators that pass it on unchanged. */
static bool traced_values(BeProject *pr, const RelNode *n, const char *col, IrVec *vals, int depth)
{
	if (!n || depth > 64)
		return false;
	switch (n->kind) {
	case REL_FILTER:
		if (n->ninputs == 1 && split_output_values(pr, n, col, vals))
			return true;
		return traced_values(pr, n->inputs[0], col, vals, depth + 1);
	case REL_SORT: case REL_DISTINCT:
		return traced_values(pr, n->inputs[0], col, vals, depth + 1);
	case REL_PROJECT: {
		const RelCol *c = ir_rel_find_col(n, col);
		const IrSqlx *x = c ? n->u.project.exprs[c - n->cols] : NULL;
		if (!x || x->kind != IR_SQLX_COLUMN || x->u.column.qualifier)
			return false;
		return traced_values(pr, n->inputs[0], x->u.column.name, vals, depth + 1);
	}
	case REL_UNION: {
		const RelCol *c = ir_rel_find_col(n, col);
		if (!c || !n->u.union_.map)
			return false;
		for (size_t i = 0; i < n->ninputs; i++) {
			const char *from = n->u.union_.map[i] ? n->u.union_.map[i][c - n->cols] : NULL;
			if (!from || !traced_values(pr, n->inputs[i], from, vals, depth + 1))
				return false;
		}
		return true;
	}
	default:
		return false;
	}
}

static void accepted_values_tests(BeProject *pr, BeGraph *bg, const RelNode *sink)
{
	const RelSink *s = &REL_AS(sink, REL_SINK, sink);
	BeModel *mart = be_model_root(bg, sink);
	if (!mart || !mart->dest || mart->dest->flatfile || mart->dest->load != REL_LOAD_REPLACE ||
	    s->load == REL_LOAD_UPDATE)
		return;
	for (size_t k = 0; k < s->ndest; k++) {
		IrVec vals = {0};
		if (!s->dest_from || !s->dest_from[k] || !traced_values(pr, sink->inputs[0], s->dest_from[k], &vals, 0) ||
		    !vals.len)
			continue;
		BeTest *t = add_test(pr, mart, "accepted_values", s->dest_columns[k],
				     "every row reaches this table through Conditional Split outputs whose conditions "
				     "compare this column with these literals, and nothing in between changes it", sink);
		if (t)
			t->values = vals;
	}
}

/* What SSIS checks at run time (RelAssert): a model-level test that fails
 * when the predicate holds for a row of the asserted node's model. */
static void assert_tests(BeProject *pr, BeGraph *bg)
{
	for (size_t i = 0; i < bg->g->asserts.len; i++) {
		const RelAssert *as = IR_VEC_AT(bg->g->asserts, RelAssert, i);
		BeModel *m = be_model_root(bg, as->node);
		if (!m || !as->predicate)
			continue;
		const char *label = as->component ? as->component->name : as->node->label;
		const char *base = ir_sprintf(pr->a, "assert_%s__%s", m->name, be_snake(pr->a, label ? label : "check"));
		const char *name = base;
		for (int k = 2;; k++) {
			bool clash = false;
			for (size_t t = 0; t < pr->tests.len && !clash; t++)
				clash = !strcmp(IR_VEC_AT(pr->tests, BeTest, t)->name, name);
			if (!clash)
				break;
			name = ir_sprintf(pr->a, "%s_%d", base, k);
		}
		BeTest *t = ir_alloc(pr->a, sizeof *t);
		t->name = name;
		t->kind = "ssis2dbt_assert";
		t->model = m;
		t->reason = as->message ? as->message : "SSIS checks this at run time";
		t->message = t->reason;
		t->predicate = as->predicate;
		t->package = m->package;
		t->ssis_path = as->component ? as->component->path : m->ssis_path;
		t->loc = as->loc;
		ir_vec_push(pr->a, &pr->tests, t);
		ir_vec_push(pr->a, &m->tests, t);
	}
}

void be_infer_tests(BeProject *pr)
{
	for (size_t g = 0; g < pr->ngraphs; g++)
		assert_tests(pr, &pr->graphs[g]);
	for (size_t g = 0; g < pr->ngraphs; g++) {
		BeGraph *bg = &pr->graphs[g];
		for (size_t i = 0; i < bg->g->nodes.len; i++) {
			const RelNode *n = IR_VEC_AT(bg->g->nodes, RelNode, i);
			if (n->kind == REL_JOIN && n->ninputs == 2)
				reference_tests(pr, bg, n);
			if (n->kind == REL_SINK && n->ninputs == 1) {
				aggregate_tests(pr, bg, n);
				accepted_values_tests(pr, bg, n);
			}
		}
	}
}
