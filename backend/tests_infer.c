/* tests_infer.c — dbt tests from what a package guarantees: unique keys of
 * a reference side that is unique by construction (an Aggregate's group
 * keys, a Distinct's keys), the group keys of an aggregated destination, and
 * relationships from Lookups that fail the component on no match.  Each test
 * records why it exists. */
#include <string.h>

#include "be_internal.h"

static const char *test_name(BeProject *pr, const char *kind, const BeModel *m, const char *col)
{
	const char *base = ir_sprintf(pr->a, "%s_%s__%s", kind, m->name, col ? be_snake(pr->a, col) : "row");
	for (size_t i = 0; i < pr->tests.len; i++)
		if (!strcmp(IR_VEC_AT(pr->tests, BeTest, i)->name, base))
			return NULL; /* the same test twice */
	return base;
}

static BeTest *add_test(BeProject *pr, BeModel *m, const char *kind, const char *col, const char *reason,
			const RelNode *from)
{
	const char *name = test_name(pr, kind, m, col);
	if (!name)
		return NULL;
	BeTest *t = ir_alloc(pr->a, sizeof *t);
	t->name = name;
	t->kind = kind;
	t->model = m;
	t->column = col;
	t->reason = reason;
	t->package = m->package;
	t->ssis_path = from && from->component ? from->component->path : m->ssis_path;
	t->loc = from ? from->loc : m->loc;
	ir_vec_push(pr->a, &pr->tests, t);
	ir_vec_push(pr->a, &m->tests, t);
	return t;
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
			if (n->kind == REL_SINK && n->ninputs == 1)
				aggregate_tests(pr, bg, n);
		}
	}
}
