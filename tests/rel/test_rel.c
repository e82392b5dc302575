/* test_rel.c — unit tests of the data-flow lowering on Package IR built by
 * hand: lineage through synchronous and asynchronous outputs, first-match
 * Conditional Split with NULL conditions, Lookup first match and no-match
 * dispositions, Union All mapping by lineage, Merge Join keys, Sort with
 * EliminateDuplicates, Aggregate counts, placeholders, and the passes that
 * must not change results (dead column elimination, projection merging). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dataflow.h"
#include "passes.h"
#include "rel_expr.h"

/* ---- building Package IR ----------------------------------------------------- */
static IrCtx *C;
static IrDataFlow *DF;
static IrPackage *PKG;
static uint32_t FILE_ID;
static int next_id;

static const char *str(const char *s)
{
	return ir_intern(C, s, (size_t)-1);
}

static IrLoc here(void)
{
	return ir_loc(FILE_ID, 0);
}

static void prop(IrVec *v, const char *name, const char *value)
{
	IrProp *p = ir_alloc(C->arena, sizeof *p);
	p->name = str(name);
	p->value.s = str(value);
	p->value.len = strlen(value);
	p->value.loc = here();
	p->loc = here();
	ir_vec_push(C->arena, v, p);
}

static IrComponent *comp(const char *name, const char *cls)
{
	IrComponent *c = ir_alloc(C->arena, sizeof *c);
	c->id = str(ir_sprintf(C->arena, "c%d", ++next_id));
	c->name = str(name);
	c->class_name = str(cls);
	c->class_id = c->class_name;
	c->known = strncmp(cls, "3rd:", 4) != 0;
	c->path = str(ir_sprintf(C->arena, "\\Package\\DFT\\%s", name));
	c->loc = here();
	ir_vec_push(C->arena, &DF->components, c);
	return c;
}

static IrPort *port(IrComponent *c, const char *name, bool input)
{
	IrPort *p = ir_alloc(C->arena, sizeof *p);
	p->id = str(ir_sprintf(C->arena, "p%d", ++next_id));
	p->name = str(name);
	p->is_input = input;
	p->component = c;
	p->loc = here();
	ir_vec_push(C->arena, input ? &c->inputs : &c->outputs, p);
	return p;
}

/* A synchronous output of c over its first input. */
static IrPort *sync_out(IrComponent *c, const char *name)
{
	IrPort *o = port(c, name, false);
	o->synchronous_input = IR_VEC_AT(c->inputs, IrPort, 0);
	o->synchronous_input_id = o->synchronous_input->id;
	return o;
}

static IrColumn *ocol(IrPort *p, const char *name, IrDtype dt, int len)
{
	IrColumn *col = ir_alloc(C->arena, sizeof *col);
	col->id = str(ir_sprintf(C->arena, "%d", ++next_id));
	col->lineage_id = col->id;
	col->name = str(name);
	col->data_type = (int)dt;
	col->length = len;
	col->port = p;
	col->loc = here();
	ir_vec_push(C->arena, &p->columns, col);
	return col;
}

static IrColumn *icol(IrPort *p, const IrColumn *up)
{
	IrColumn *col = ir_alloc(C->arena, sizeof *col);
	col->id = str(ir_sprintf(C->arena, "%d", ++next_id));
	col->lineage_id = up->lineage_id;
	col->name = up->name;
	col->data_type = up->data_type;
	col->length = up->length;
	col->upstream = (IrColumn *)up;
	col->usage_type = "readOnly";
	col->port = p;
	col->loc = here();
	ir_vec_push(C->arena, &p->columns, col);
	return col;
}

static void path(IrPort *from, IrPort *to)
{
	IrPath *p = ir_alloc(C->arena, sizeof *p);
	p->start = from;
	p->end = to;
	p->loc = here();
	ir_vec_push(C->arena, &DF->paths, p);
}

static const char *ref(const IrColumn *c)
{
	return ir_sprintf(C->arena, "#%s", c->lineage_id);
}

static int setup(void **state)
{
	(void)state;
	static IrWarnPolicy policy;
	ir_warn_policy_default(&policy);
	C = ir_ctx_new(&policy);
	const char *text = "<DTS:Executable/>\n";
	FILE_ID = ir_add_file(C, "test.dtsx", text, strlen(text));
	PKG = ir_alloc(C->arena, sizeof *PKG);
	PKG->name = "Test";
	PKG->root = ir_alloc(C->arena, sizeof *PKG->root);
	PKG->root->kind = IR_EXEC_PACKAGE;
	PKG->root->path = "\\Package";
	IrExecutable *task = ir_alloc(C->arena, sizeof *task);
	task->kind = IR_EXEC_PIPELINE;
	task->name = "DFT";
	task->path = "\\Package\\DFT";
	task->dataflow = DF = ir_alloc(C->arena, sizeof *DF);
	ir_vec_push(C->arena, &PKG->root->children, task);
	next_id = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ir_ctx_free(C);
	return 0;
}

/* A table source with the given int columns; returns its output. */
static IrPort *source(const char *name, const char *table, int ncols, const char *const *cols)
{
	IrComponent *c = comp(name, "Microsoft.OLEDBSource");
	prop(&c->props, "AccessMode", "0");
	prop(&c->props, "OpenRowset", table);
	IrPort *o = port(c, "OLE DB Source Output", false);
	for (int i = 0; i < ncols; i++)
		ocol(o, cols[i], IR_DT_I4, 0);
	return o;
}

/* A destination fed by `from`, writing every column of the buffer listed. */
static IrComponent *sink(const char *name, IrPort *from, size_t n, IrColumn *const *cols)
{
	IrComponent *c = comp(name, "Microsoft.OLEDBDestination");
	prop(&c->props, "OpenRowset", ir_sprintf(C->arena, "[dbo].[%s]", name));
	IrPort *in = port(c, "OLE DB Destination Input", true);
	for (size_t i = 0; i < n; i++) {
		IrColumn *ic = icol(in, cols[i]);
		IrColumn *ext = ocol(in, cols[i]->name, (IrDtype)cols[i]->data_type, cols[i]->length);
		in->columns.len--;                       /* ocol pushed it as a column: move it */
		ir_vec_push(C->arena, &in->external_columns, ext);
		ic->external_metadata_column_id = ext->id;
	}
	path(from, in);
	return c;
}

static IrColumn *col_of(IrPort *p, size_t i)
{
	return IR_VEC_AT(p->columns, IrColumn, i);
}

/* ---- running the lowering ------------------------------------------------------- */
static RelGraph *lower(bool all_passes)
{
	PassCtx pc = {.c = C, .package = PKG, .verify = true};
	if (all_passes) {
		PassPlan plan;
		pass_plan_default(&plan);
		assert_true(pass_run_pipeline(&pc, &plan));
	} else {
		assert_true(pass_lower_dataflows(&pc));
		assert_true(pass_coverage(&pc));
	}
	assert_int_equal(pc.rel->graphs.len, 1);
	RelGraph *g = IR_VEC_AT(pc.rel->graphs, RelGraph, 0);
	ir_rel_verify(g);
	return g;
}

static RelNode *node(RelGraph *g, size_t i)
{
	return IR_VEC_AT(g->nodes, RelNode, i);
}

static RelNode *sink_node(RelGraph *g, const char *label)
{
	for (size_t i = 0; i < g->sinks.len; i++)
		if (strcmp(IR_VEC_AT(g->sinks, RelNode, i)->label, label) == 0)
			return IR_VEC_AT(g->sinks, RelNode, i);
	fail_msg("no sink %s", label);
	return NULL;
}

static bool has_warning(IrWarning w)
{
	for (size_t i = 0; i < C->ndiags; i++)
		if (C->diags[i].warning == w)
			return true;
	return false;
}

static RelStatus status_of(RelGraph *g, const char *name)
{
	for (size_t i = 0; i < g->coverage.len; i++) {
		const RelCoverage *r = IR_VEC_AT(g->coverage, RelCoverage, i);
		if (strcmp(r->component->name, name) == 0)
			return r->status;
	}
	fail_msg("no coverage for %s", name);
	return REL_ST_UNSUPPORTED;
}

/* The string literal each WHEN of a CASE yields, in order. */
static size_t case_outputs(const IrSqlx *e, const char **out, size_t max)
{
	assert_int_equal(e->kind, IR_SQLX_CASE);
	size_t n = 0;
	for (int i = 0; i < e->u.kase.n && n < max; i++)
		out[n++] = e->u.kase.then[i]->u.lit.text;
	return n;
}

/* ---- tests ------------------------------------------------------------------------ */
static const char *const ABC[] = {"a", "b", "c"};

/* Outputs are tried in EvaluationOrder, not XML order; a NULL condition is
 * an error with FailComponent (an assert), skipped with IgnoreFailure. */
static void test_split_order_and_null(void **state)
{
	(void)state;
	IrPort *src = source("Src", "T", 3, ABC);
	IrComponent *cs = comp("Split", "Microsoft.ConditionalSplit");
	IrPort *in = port(cs, "Conditional Split Input", true);
	icol(in, col_of(src, 0));
	IrPort *late = sync_out(cs, "Late");
	prop(&late->props, "Expression", ir_sprintf(C->arena, "%s > 5", ref(col_of(src, 0))));
	prop(&late->props, "EvaluationOrder", "1");
	IrPort *early = sync_out(cs, "Early");
	prop(&early->props, "Expression", ir_sprintf(C->arena, "%s > 10", ref(col_of(src, 0))));
	prop(&early->props, "EvaluationOrder", "0");
	early->error_row_disposition = "IgnoreFailure";
	IrPort *dflt = sync_out(cs, "Rest");
	prop(&dflt->props, "IsDefaultOut", "true");
	path(src, in);
	IrColumn *b = col_of(src, 1);
	sink("OutLate", late, 1, &b);
	sink("OutEarly", early, 1, &b);
	sink("OutRest", dflt, 1, &b);
	RelGraph *g = lower(false);

	RelNode *p = node(g, 1);
	assert_int_equal(p->kind, REL_PROJECT);
	const char *outs[8];
	size_t n = case_outputs(p->u.project.exprs[p->ncols - 1], outs, 8);
	/* Early (order 0, IgnoreFailure: no NULL branch), then Late's NULL check, then Late. */
	assert_int_equal(n, 3);
	assert_string_equal(outs[0], "Early");
	assert_string_equal(outs[1], "#null");
	assert_string_equal(outs[2], "Late");
	assert_string_equal(p->u.project.exprs[p->ncols - 1]->u.kase.els->u.lit.text, "Rest");
	assert_int_equal(g->asserts.len, 1);
	assert_ptr_equal(IR_VEC_AT(g->asserts, RelAssert, 0)->node, p);
	/* Each output reads the routing column: one row, one output. */
	RelNode *late_rows = sink_node(g, "OutLate")->inputs[0];
	assert_int_equal(late_rows->kind, REL_FILTER);
	assert_ptr_equal(late_rows->inputs[0], p);
	assert_int_equal(status_of(g, "Split"), REL_ST_TRANSLATED);
}

/* Lookup: first match, ordered by the reference query's ORDER BY; no-match
 * rows to the no-match output; the reference columns typed from the lookup. */
static void test_lookup_first_match(void **state)
{
	(void)state;
	IrPort *src = source("Src", "Sales", 3, ABC);
	IrComponent *lk = comp("Lkp", "Microsoft.Lookup");
	prop(&lk->props, "SqlCommand", "SELECT Code, Name FROM dbo.Ref ORDER BY [Name] DESC, Code");
	prop(&lk->props, "NoMatchBehavior", "1");
	IrPort *in = port(lk, "Lookup Input", true);
	IrColumn *key = icol(in, col_of(src, 1));
	prop(&key->props, "JoinToReferenceColumn", "Code");
	IrPort *match = sync_out(lk, "Lookup Match Output");
	IrColumn *name = ocol(match, "RefName", IR_DT_WSTR, 40);
	prop(&name->props, "CopyFromReferenceColumn", "Name");
	IrPort *nomatch = sync_out(lk, "Lookup No Match Output");
	path(src, in);
	IrColumn *mcols[2] = {col_of(src, 0), name};
	sink("Matched", match, 2, mcols);
	sink("Unmatched", nomatch, 1, mcols);
	RelGraph *g = lower(false);

	RelNode *m = sink_node(g, "Matched")->inputs[0];
	assert_int_equal(m->kind, REL_FILTER);
	RelNode *j = m->inputs[0];
	assert_int_equal(j->kind, REL_JOIN);
	assert_true(j->u.join.first_match);
	assert_int_equal(j->u.join.kind, REL_JOIN_LEFT);
	assert_true(j->u.join.binary_compare);          /* full cache: exact comparison */
	assert_int_equal(j->u.join.nkeys, 1);
	assert_string_equal(j->u.join.left_keys[0], "b");
	assert_string_equal(j->u.join.right_keys[0], "Code");
	assert_int_equal(j->u.join.nright_order, 2);
	assert_string_equal(j->u.join.right_order[0], "Name");
	assert_true(j->u.join.right_order_desc[0]);
	assert_string_equal(j->u.join.right_order[1], "Code");
	assert_false(j->u.join.right_order_desc[1]);
	assert_false(has_warning(IR_W_lookup_nondeterministic));
	const RelCol *rn = ir_rel_find_col(j, "RefName");
	assert_non_null(rn);
	assert_int_equal(rn->type.dt, IR_DT_WSTR);
	RelNode *u = sink_node(g, "Unmatched")->inputs[0];
	assert_int_equal(u->kind, REL_FILTER);
	assert_int_equal(u->u.filter.predicate->kind, IR_SQLX_OP);
	assert_int_equal(u->u.filter.predicate->u.op.op, IR_SQLX_NOT);
	assert_int_equal(g->asserts.len, 0);
}

/* NoMatchBehavior 0 with FailComponent: an assert that every row matched;
 * no ORDER BY: -Wlookup-nondeterministic. */
static void test_lookup_fail_on_no_match(void **state)
{
	(void)state;
	IrPort *src = source("Src", "Sales", 3, ABC);
	IrComponent *lk = comp("Lkp", "Microsoft.Lookup");
	prop(&lk->props, "SqlCommand", "select * from [dbo].[Ref]");
	prop(&lk->props, "CacheType", "1");
	IrPort *in = port(lk, "Lookup Input", true);
	IrColumn *key = icol(in, col_of(src, 0));
	prop(&key->props, "JoinToReferenceColumn", "Id");
	IrPort *match = sync_out(lk, "Lookup Match Output");
	path(src, in);
	IrColumn *a = col_of(src, 0);
	sink("Out", match, 1, &a);
	RelGraph *g = lower(false);
	assert_true(has_warning(IR_W_lookup_nondeterministic));
	assert_int_equal(g->asserts.len, 1);
	RelNode *j = IR_VEC_AT(g->asserts, RelAssert, 0)->node;
	assert_int_equal(j->kind, REL_JOIN);
	assert_false(j->u.join.binary_compare);         /* partial cache: the database compares */
}

/* Union All maps by OutputColumnLineageID, not by position or name; an
 * output column an input does not feed is NULL for its rows. */
static void test_union_by_lineage(void **state)
{
	(void)state;
	IrPort *s1 = source("S1", "T1", 2, ABC);
	IrPort *s2 = source("S2", "T2", 2, ABC);
	IrComponent *u = comp("Union", "Microsoft.UnionAll");
	IrPort *out = port(u, "Union All Output 1", false);
	IrColumn *x = ocol(out, "x", IR_DT_I4, 0), *y = ocol(out, "y", IR_DT_I4, 0);
	IrPort *in1 = port(u, "Union All Input 1", true), *in2 = port(u, "Union All Input 2", true);
	prop(&icol(in1, col_of(s1, 0))->props, "OutputColumnLineageID", ref(y));   /* a -> y */
	prop(&icol(in1, col_of(s1, 1))->props, "OutputColumnLineageID", ref(x));   /* b -> x */
	prop(&icol(in2, col_of(s2, 0))->props, "OutputColumnLineageID", ref(y));   /* a -> y, x unmapped */
	path(s1, in1);
	path(s2, in2);
	IrColumn *both[2] = {x, y};
	sink("Out", out, 2, both);
	RelGraph *g = lower(false);
	RelNode *un = sink_node(g, "Out")->inputs[0];
	assert_int_equal(un->kind, REL_UNION);
	assert_int_equal(un->ninputs, 2);
	assert_string_equal(un->cols[0].name, "x");
	assert_string_equal(un->u.union_.map[0][0], "b");
	assert_string_equal(un->u.union_.map[0][1], "a");
	assert_null(un->u.union_.map[1][0]);
	assert_string_equal(un->u.union_.map[1][1], "a");
	assert_string_equal(un->cols[0].lineage, x->lineage_id);
}

/* Derived Column: a replaced column and a new column both read the input
 * value; the replaced column keeps its lineage, downstream finds it. */
static void test_derived_column_parallel(void **state)
{
	(void)state;
	IrPort *src = source("Src", "T", 3, ABC);
	IrComponent *dc = comp("DC", "Microsoft.DerivedColumn");
	IrPort *in = port(dc, "Derived Column Input", true);
	IrColumn *rw = icol(in, col_of(src, 0));
	rw->usage_type = "readWrite";
	prop(&rw->props, "Expression", ir_sprintf(C->arena, "%s + 1", ref(col_of(src, 0))));
	IrPort *out = sync_out(dc, "Derived Column Output");
	IrColumn *nc = ocol(out, "twice", IR_DT_I4, 0);
	prop(&nc->props, "Expression", ir_sprintf(C->arena, "%s * 2", ref(col_of(src, 0))));
	path(src, in);
	IrColumn *cols[2] = {col_of(src, 0), nc};
	sink("Out", out, 2, cols);
	RelGraph *g = lower(false);
	RelNode *p = sink_node(g, "Out")->inputs[0];
	assert_int_equal(p->kind, REL_PROJECT);
	assert_ptr_equal(p->inputs[0], node(g, 0));
	assert_int_equal(p->ncols, 4);                    /* a b c pass through (a replaced) + twice */
	assert_string_equal(p->cols[0].lineage, col_of(src, 0)->lineage_id);
	/* both expressions are casts over the input's column a */
	for (size_t k = 0; k < 4; k += 3) {
		const IrSqlx *e = p->u.project.exprs[k];
		assert_int_equal(e->kind, IR_SQLX_CAST);
		assert_int_equal(e->u.cast.e->kind, IR_SQLX_OP);
		assert_int_equal(e->u.cast.e->u.op.a->kind, IR_SQLX_COLUMN);
		assert_string_equal(e->u.cast.e->u.op.a->u.column.name, "a");
	}
	assert_string_equal(sink_node(g, "Out")->u.sink.dest_from[1], "twice");
	assert_int_equal(status_of(g, "DC"), REL_ST_TRANSLATED);
}

/* The optional passes: the unused columns b, c disappear from the scan,
 * the two projections merge, and the sink still reads the same values. */
static void test_dce_and_merge(void **state)
{
	(void)state;
	IrPort *src = source("Src", "T", 3, ABC);
	IrComponent *dc1 = comp("DC1", "Microsoft.DerivedColumn");
	IrPort *in1 = port(dc1, "Derived Column Input", true);
	icol(in1, col_of(src, 0));
	IrPort *o1 = sync_out(dc1, "Derived Column Output");
	IrColumn *d = ocol(o1, "d", IR_DT_I4, 0);
	prop(&d->props, "Expression", ir_sprintf(C->arena, "%s + 1", ref(col_of(src, 0))));
	IrComponent *dc2 = comp("DC2", "Microsoft.DerivedColumn");
	IrPort *in2 = port(dc2, "Derived Column Input", true);
	icol(in2, d);
	IrPort *o2 = sync_out(dc2, "Derived Column Output");
	IrColumn *e = ocol(o2, "e", IR_DT_I4, 0);
	prop(&e->props, "Expression", ir_sprintf(C->arena, "%s * 2", ref(d)));
	path(src, in1);
	path(o1, in2);
	sink("Out", o2, 1, &e);
	RelGraph *g = lower(true);
	assert_int_equal(g->nodes.len, 3);                 /* scan, one project, sink */
	RelNode *scan = node(g, 0), *p = node(g, 1);
	assert_int_equal(scan->kind, REL_SCAN);
	assert_int_equal(scan->ncols, 1);
	assert_string_equal(scan->cols[0].name, "a");
	assert_int_equal(p->kind, REL_PROJECT);
	assert_int_equal(p->ncols, 1);
	assert_string_equal(p->cols[0].name, "e");
	/* e = cast((cast((a + 1)) * 2)): the inner projection was inlined */
	const IrSqlx *x = p->u.project.exprs[0]->u.cast.e;
	assert_int_equal(x->kind, IR_SQLX_OP);
	assert_int_equal(x->u.op.a->kind, IR_SQLX_CAST);
	assert_string_equal(sink_node(g, "Out")->u.sink.dest_from[0], "e");
}

/* Sort with EliminateDuplicates: one row per key, the other columns
 * arbitrary (warned); asynchronous output, new lineage. */
static void test_sort_dedup(void **state)
{
	(void)state;
	IrPort *src = source("Src", "T", 2, ABC);
	IrComponent *so = comp("Sort", "Microsoft.Sort");
	prop(&so->props, "EliminateDuplicates", "true");
	IrPort *in = port(so, "Sort Input", true);
	prop(&icol(in, col_of(src, 0))->props, "NewSortKeyPosition", "-1");
	icol(in, col_of(src, 1));
	IrPort *out = port(so, "Sort Output", false);
	IrColumn *sa = ocol(out, "a", IR_DT_I4, 0), *sb = ocol(out, "b", IR_DT_I4, 0);
	prop(&sa->props, "SortColumnId", ref(col_of(src, 0)));
	prop(&sb->props, "SortColumnId", ref(col_of(src, 1)));
	path(src, in);
	IrColumn *cols[2] = {sa, sb};
	sink("Out", out, 2, cols);
	RelGraph *g = lower(false);
	assert_true(has_warning(IR_W_sort_dedup_arbitrary));
	RelNode *s = sink_node(g, "Out")->inputs[0];
	assert_int_equal(s->kind, REL_SORT);
	assert_int_equal(s->u.sort.nkeys, 1);
	assert_true(s->u.sort.keys[0].descending);
	RelNode *d = s->inputs[0];
	assert_int_equal(d->kind, REL_DISTINCT);
	assert_int_equal(d->u.distinct.nkeys, 1);
	assert_string_equal(d->u.distinct.keys[0], "a");
	assert_string_equal(s->cols[0].lineage, sa->lineage_id);
}

/* Merge Join: keys by sort key position, TreatNullsAsEqual true by default. */
static void test_merge_join(void **state)
{
	(void)state;
	IrPort *l = source("L", "TL", 2, ABC), *r = source("R", "TR", 2, ABC);
	col_of(l, 1)->sort_key_position = 1;
	col_of(r, 0)->sort_key_position = 1;
	IrComponent *mj = comp("MJ", "Microsoft.MergeJoin");
	prop(&mj->props, "JoinType", "1");
	prop(&mj->props, "NumKeyColumns", "1");
	IrPort *rin = port(mj, "Merge Join Right Input", true);   /* declared first on purpose */
	IrPort *lin = port(mj, "Merge Join Left Input", true);
	IrColumn *lb = icol(lin, col_of(l, 1));
	icol(rin, col_of(r, 0));
	IrColumn *rb = icol(rin, col_of(r, 1));
	IrPort *out = port(mj, "Merge Join Output", false);
	IrColumn *k = ocol(out, "k", IR_DT_I4, 0), *v = ocol(out, "v", IR_DT_I4, 0);
	prop(&k->props, "InputColumnID", ref(lb));
	prop(&v->props, "InputColumnID", ir_sprintf(C->arena, "#%s", rb->id));
	path(l, lin);
	path(r, rin);
	IrColumn *cols[2] = {k, v};
	sink("Out", out, 2, cols);
	RelGraph *g = lower(false);
	RelNode *j = sink_node(g, "Out")->inputs[0];
	assert_int_equal(j->kind, REL_JOIN);
	assert_int_equal(j->u.join.kind, REL_JOIN_LEFT);
	assert_true(j->u.join.nulls_equal);
	assert_false(j->u.join.first_match);
	assert_ptr_equal(j->inputs[0]->label, str("L"));
	assert_string_equal(j->u.join.left_keys[0], "b");
	assert_string_equal(j->u.join.right_keys[0], "a");
	assert_int_equal(j->u.join.col_side[1], 1);
	assert_string_equal(j->u.join.col_source[1], "b");
}

/* Aggregate: Count(column) and Count all stay different; Avg keeps its
 * output type; one node per output. */
static void test_aggregate(void **state)
{
	(void)state;
	IrPort *src = source("Src", "T", 2, ABC);
	IrComponent *ag = comp("Agg", "Microsoft.Aggregate");
	IrPort *in = port(ag, "Aggregate Input 1", true);
	icol(in, col_of(src, 0));
	icol(in, col_of(src, 1));
	IrPort *out = port(ag, "Aggregate Output 1", false);
	IrColumn *g1 = ocol(out, "a", IR_DT_I4, 0), *c1 = ocol(out, "n", IR_DT_UI8, 0);
	IrColumn *c2 = ocol(out, "all", IR_DT_UI8, 0), *av = ocol(out, "avg_b", IR_DT_R8, 0);
	prop(&g1->props, "AggregationType", "0");
	prop(&g1->props, "AggregationColumnId", ref(col_of(src, 0)));
	prop(&c1->props, "AggregationType", "1");
	prop(&c1->props, "AggregationColumnId", ref(col_of(src, 1)));
	prop(&c2->props, "AggregationType", "2");
	prop(&av->props, "AggregationType", "5");
	prop(&av->props, "AggregationColumnId", ref(col_of(src, 1)));
	path(src, in);
	IrColumn *cols[4] = {g1, c1, c2, av};
	sink("Out", out, 4, cols);
	RelGraph *g = lower(false);
	RelNode *a = sink_node(g, "Out")->inputs[0];
	assert_int_equal(a->kind, REL_AGGREGATE);
	assert_int_equal(a->u.aggregate.fns[0], REL_AGG_GROUP);
	assert_int_equal(a->u.aggregate.fns[1], REL_AGG_COUNT);
	assert_string_equal(a->u.aggregate.args[1], "b");
	assert_int_equal(a->u.aggregate.fns[2], REL_AGG_COUNT_ALL);
	assert_null(a->u.aggregate.args[2]);
	assert_int_equal(a->u.aggregate.fns[3], REL_AGG_AVG);
	assert_int_equal(a->cols[3].type.dt, IR_DT_R8);
}

/* Anything unknown is a placeholder that keeps the declared columns, is
 * counted, and warned about; a redirect with nothing attached is warned. */
static void test_placeholder_and_unhandled_error(void **state)
{
	(void)state;
	IrPort *src = source("Src", "T", 2, ABC);
	IrComponent *x = comp("Magic", "3rd:Vendor.Magic");
	IrPort *in = port(x, "Input", true);
	icol(in, col_of(src, 0));
	IrPort *out = sync_out(x, "Output");
	IrColumn *m = ocol(out, "m", IR_DT_I4, 0);
	IrComponent *dc = comp("DC", "Microsoft.DataConvert");
	IrPort *din = port(dc, "Data Conversion Input", true);
	icol(din, m);
	IrPort *dout = sync_out(dc, "Data Conversion Output");
	IrColumn *conv = ocol(dout, "m_text", IR_DT_WSTR, 10);
	conv->error_row_disposition = "RedirectRow";
	prop(&conv->props, "SourceInputColumnLineageID", ref(m));
	IrPort *err = sync_out(dc, "Data Conversion Error Output");
	err->is_error_out = true;
	path(src, in);
	path(out, din);
	IrColumn *cols[2] = {col_of(src, 0), conv};
	sink("Out", dout, 2, cols);
	RelGraph *g = lower(false);
	assert_true(has_warning(IR_W_unknown_component));
	assert_true(has_warning(IR_W_unhandled_error_output));
	assert_int_equal(status_of(g, "Magic"), REL_ST_PLACEHOLDER);
	assert_int_equal(status_of(g, "DC"), REL_ST_TRANSLATED);
	RelNode *ph = node(g, 1);
	assert_int_equal(ph->kind, REL_PLACEHOLDER);
	assert_int_equal(ph->ncols, 3);                    /* the synchronous buffer a b + m */
	assert_non_null(ir_rel_find_lineage(ph, m->lineage_id));
	PassCoverageTotals t;
	RelProgram prog = {.package = PKG};
	ir_vec_push(C->arena, &prog.graphs, g);
	pass_coverage_totals(&prog, &t);
	assert_int_equal(t.total, 4);
	assert_int_equal(t.translated, 3);
	assert_int_equal(t.placeholder, 1);
}

/* Data Conversion with RedirectRow and the error output attached: the
 * failing rows go there, the others on. */
static void test_convert_redirect(void **state)
{
	(void)state;
	IrPort *src = source("Src", "T", 1, ABC);
	IrComponent *dc = comp("DC", "Microsoft.DataConvert");
	IrPort *din = port(dc, "Data Conversion Input", true);
	icol(din, col_of(src, 0));
	IrPort *dout = sync_out(dc, "Data Conversion Output");
	IrColumn *conv = ocol(dout, "a_small", IR_DT_I1, 0);
	conv->error_row_disposition = "RedirectRow";
	prop(&conv->props, "SourceInputColumnLineageID", ref(col_of(src, 0)));
	IrPort *err = sync_out(dc, "Data Conversion Error Output");
	err->is_error_out = true;
	IrColumn *code = ocol(err, "ErrorCode", IR_DT_I4, 0);
	code->special_flags = 1;
	path(src, din);
	sink("Good", dout, 1, &conv);
	IrColumn *a = col_of(src, 0);
	IrColumn *ecols[2] = {a, code};
	sink("Bad", err, 2, ecols);
	RelGraph *g = lower(false);
	assert_false(has_warning(IR_W_unhandled_error_output));
	RelNode *good = sink_node(g, "Good")->inputs[0], *bad = sink_node(g, "Bad")->inputs[0];
	assert_int_equal(good->kind, REL_FILTER);
	assert_int_equal(good->u.filter.predicate->u.op.op, IR_SQLX_NOT);
	RelNode *p = good->inputs[0];
	assert_true(p->u.project.exprs[1]->u.cast.try_cast);
	assert_int_equal(bad->kind, REL_PROJECT);          /* adds ErrorCode */
	assert_ptr_equal(bad->inputs[0]->inputs[0], p);
	assert_string_equal(sink_node(g, "Bad")->u.sink.dest_from[1], "ErrorCode");
}

/* OLE DB Command: UPDATE ... SET c = ? WHERE k = ? AND flag = '1' becomes a
 * set-based update sink bound through Param_i; EXEC stays a placeholder. */
static IrComponent *command(IrPort *from, IrPort *src, const char *sql, int nparams, const int *binds)
{
	IrComponent *c = comp(ir_sprintf(C->arena, "Cmd%d", next_id), "Microsoft.OLEDBCommand");
	prop(&c->props, "SqlCommand", sql);
	IrPort *in = port(c, "OLE DB Command Input", true);
	for (int i = 0; i < nparams; i++) {
		IrColumn *ic = icol(in, col_of(src, (size_t)binds[i]));
		IrColumn *ext = ocol(in, ir_sprintf(C->arena, "Param_%d", i), IR_DT_I4, 0);
		in->columns.len--;
		ir_vec_push(C->arena, &in->external_columns, ext);
		ic->external_metadata_column_id = ext->id;
	}
	sync_out(c, "OLE DB Command Output");
	path(from, in);
	return c;
}

static void test_oledb_command_update(void **state)
{
	(void)state;
	IrPort *src = source("Src", "T", 3, ABC);
	IrComponent *ms = comp("Multi", "Microsoft.Multicast");
	IrPort *min = port(ms, "Multicast Input 1", true);
	IrPort *m1 = sync_out(ms, "Multicast Output 1"), *m2 = sync_out(ms, "Multicast Output 2");
	path(src, min);
	const int binds[3] = {2, 1, 0};   /* c -> Param_0, b -> Param_1, a -> Param_2 */
	command(m1, src, "UPDATE [dbo].[Dim] SET [x] = ?, y = ?, [flag] = 0, ts = GETDATE() WHERE [k] = ? AND [status] = '1';", 3, binds);
	command(m2, src, "EXEC dbo.DoIt ?", 1, binds);
	RelGraph *g = lower(false);
	assert_int_equal(g->sinks.len, 1);
	RelNode *s = IR_VEC_AT(g->sinks, RelNode, 0);
	assert_ptr_equal(s->inputs[0], node(g, 0));          /* Multicast: one node, several consumers */
	RelSink *k = &s->u.sink;
	assert_int_equal(k->load, REL_LOAD_UPDATE);
	assert_string_equal(k->table, "Dim");
	assert_int_equal(k->ndest, 4);
	assert_int_equal(k->set_values[3]->kind, IR_SQLX_FUNC);
	assert_string_equal(k->set_values[3]->u.call.name, "getdate");
	assert_string_equal(k->dest_columns[0], "x");
	assert_string_equal(k->dest_from[0], "c");
	assert_string_equal(k->dest_from[1], "b");
	assert_null(k->dest_from[2]);
	assert_string_equal(k->set_values[2]->u.lit.text, "0");
	assert_int_equal(k->nkeys, 1);
	assert_string_equal(k->key_columns[0], "k");
	assert_string_equal(k->key_from[0], "a");
	assert_non_null(k->where);
	assert_int_equal(k->where->u.op.op, IR_SQLX_EQ);
	assert_true(has_warning(IR_W_semantics_approximated));
	size_t placeholders = 0;
	for (size_t i = 0; i < g->nodes.len; i++)
		placeholders += node(g, i)->kind == REL_PLACEHOLDER;
	assert_int_equal(placeholders, 1);
	PassCoverageTotals t;
	RelProgram prog = {.package = PKG};
	ir_vec_push(C->arena, &prog.graphs, g);
	pass_coverage_totals(&prog, &t);
	assert_int_equal(t.placeholder, 1);
	assert_int_equal(t.translated, 3);
}

/* An expression that cannot be lowered makes its own component a
 * placeholder, not the next one. */
static void test_untranslated_is_per_component(void **state)
{
	(void)state;
	IrPort *src = source("Src", "T", 2, ABC);
	IrComponent *dc = comp("DC", "Microsoft.DerivedColumn");
	IrPort *in = port(dc, "Derived Column Input", true);
	icol(in, col_of(src, 0));
	IrPort *out = sync_out(dc, "Derived Column Output");
	IrColumn *bad = ocol(out, "bad", IR_DT_I4, 0);
	prop(&bad->props, "Expression", "");                     /* nothing to lower */
	IrComponent *dc2 = comp("DC2", "Microsoft.DerivedColumn");
	IrPort *in2 = port(dc2, "Derived Column Input", true);
	icol(in2, col_of(src, 0));
	IrPort *out2 = sync_out(dc2, "Derived Column Output");
	IrColumn *good = ocol(out2, "good", IR_DT_I4, 0);
	prop(&good->props, "Expression", ref(col_of(src, 0)));
	path(src, in);
	path(out, in2);
	sink("Out", out2, 1, &good);
	RelGraph *g = lower(false);
	assert_int_equal(status_of(g, "DC"), REL_ST_PLACEHOLDER);
	assert_int_equal(status_of(g, "DC2"), REL_ST_TRANSLATED);
}

/* Unpivot: one branch per pivot key value, NULL values dropped, UNION ALL. */
static void test_unpivot(void **state)
{
	(void)state;
	IrPort *src = source("Src", "T", 3, ABC);                /* a: id, b and c: values */
	IrComponent *up = comp("Unpivot", "Microsoft.UnPivot");
	IrPort *in = port(up, "Unpivot Input", true);
	IrPort *out = port(up, "Unpivot Output", false);
	IrColumn *id = ocol(out, "id", IR_DT_I4, 0), *key = ocol(out, "key", IR_DT_WSTR, 10);
	IrColumn *val = ocol(out, "val", IR_DT_I4, 0);
	prop(&key->props, "PivotKey", "true");
	prop(&icol(in, col_of(src, 0))->props, "DestinationColumn", ref(id));
	IrColumn *b = icol(in, col_of(src, 1)), *c = icol(in, col_of(src, 2));
	prop(&b->props, "DestinationColumn", ref(val));
	prop(&b->props, "PivotKeyValue", "B");
	prop(&c->props, "DestinationColumn", ref(val));
	prop(&c->props, "PivotKeyValue", "C");
	path(src, in);
	IrColumn *cols[3] = {id, key, val};
	sink("Out", out, 3, cols);
	RelGraph *g = lower(false);
	RelNode *u = sink_node(g, "Out")->inputs[0];
	assert_int_equal(u->kind, REL_UNION);
	assert_int_equal(u->ninputs, 2);
	for (size_t i = 0; i < 2; i++) {
		RelNode *f = u->inputs[i];
		assert_int_equal(f->kind, REL_FILTER);
		assert_int_equal(f->u.filter.predicate->kind, IR_SQLX_IS_NULL);
		assert_true(f->u.filter.predicate->u.is.negated);
		RelNode *p = f->inputs[0];
		assert_string_equal(p->u.project.exprs[1]->u.cast.e->u.lit.text, i == 0 ? "B" : "C");
		assert_string_equal(p->u.project.exprs[2]->u.column.name, i == 0 ? "b" : "c");
		assert_string_equal(p->u.project.exprs[0]->u.column.name, "a");
	}
	assert_string_equal(u->cols[2].lineage, val->lineage_id);
}

/* fold-constants: a literal condition leaves a literal routing value. */
static void test_fold_split_literal(void **state)
{
	(void)state;
	IrPort *src = source("Src", "T", 1, ABC);
	IrComponent *cs = comp("Split", "Microsoft.ConditionalSplit");
	IrPort *in = port(cs, "Conditional Split Input", true);
	icol(in, col_of(src, 0));
	IrPort *all = sync_out(cs, "All");
	prop(&all->props, "Expression", "TRUE");
	IrPort *dflt = sync_out(cs, "None");
	prop(&dflt->props, "IsDefaultOut", "true");
	path(src, in);
	IrColumn *a = col_of(src, 0);
	sink("Out", all, 1, &a);
	RelGraph *g = lower(true);
	RelNode *f = sink_node(g, "Out")->inputs[0];
	assert_int_equal(f->kind, REL_FILTER);
	RelNode *p = f->inputs[0];
	assert_int_equal(p->kind, REL_PROJECT);
	const IrSqlx *route = p->u.project.exprs[p->ncols - 1];
	assert_int_equal(route->kind, IR_SQLX_LITERAL);
	assert_string_equal(route->u.lit.text, "All");
}

/* INSERT INTO t (...) VALUES (?, 'x', NULL, ?) appends every input row: the
 * constant through a projection, NULL uncast; UPDATE with a locking hint
 * is an update. */
static void test_oledb_command_insert(void **state)
{
	(void)state;
	IrPort *src = source("Src", "T", 3, ABC);
	IrComponent *ms = comp("Multi", "Microsoft.Multicast");
	IrPort *min = port(ms, "Multicast Input 1", true);
	IrPort *m1 = sync_out(ms, "Multicast Output 1"), *m2 = sync_out(ms, "Multicast Output 2");
	path(src, min);
	const int binds[2] = {2, 0};
	IrComponent *ins = command(m1, src, "INSERT INTO [dbo].[Audit] ([x], y, z, [w]) VALUES (?, N'it''s', NULL, ?);", 2, binds);
	command(m2, src, "UPDATE Dim WITH (UPDLOCK) SET flag = 'Y' WHERE k = ?", 1, binds);
	RelGraph *g = lower(false);
	assert_int_equal(g->sinks.len, 2);
	RelSink *k = &IR_VEC_AT(g->sinks, RelNode, 0)->u.sink;
	assert_int_equal(k->load, REL_LOAD_APPEND);
	assert_string_equal(k->table, "Audit");
	assert_int_equal(k->ndest, 4);
	assert_string_equal(k->dest_from[0], "c");
	assert_string_equal(k->dest_from[3], "a");
	assert_null(k->dest_from[2]);
	const RelNode *rows = IR_VEC_AT(g->sinks, RelNode, 0)->inputs[0];
	assert_int_equal(rows->kind, REL_PROJECT);
	const RelCol *y = ir_rel_find_col(rows, k->dest_from[1]);
	assert_non_null(y);
	assert_string_equal(rows->u.project.exprs[y - rows->cols]->u.lit.text, "it's");
	RelSink *u = &IR_VEC_AT(g->sinks, RelNode, 1)->u.sink;
	assert_int_equal(u->load, REL_LOAD_UPDATE);
	assert_string_equal(u->table, "Dim");
	assert_string_equal(u->key_from[0], "c");
	assert_int_equal(status_of(g, ins->name), REL_ST_TRANSLATED);
}

/* DELETE FROM t WHERE k = ? AND c IS NULL is a delete sink: keys, the
 * condition, nothing set. */
static void test_oledb_command_delete(void **state)
{
	(void)state;
	IrPort *src = source("Src", "T", 3, ABC);
	const int binds[1] = {1};
	command(src, src, "DELETE [dbo].[Dim] WHERE [k] = ? AND c IS NULL", 1, binds);
	RelGraph *g = lower(false);
	assert_int_equal(g->sinks.len, 1);
	RelSink *k = &IR_VEC_AT(g->sinks, RelNode, 0)->u.sink;
	assert_int_equal(k->load, REL_LOAD_DELETE);
	assert_int_equal(k->ndest, 0);
	assert_string_equal(k->key_columns[0], "k");
	assert_string_equal(k->key_from[0], "b");
	assert_int_equal(k->where->kind, IR_SQLX_IS_NULL);
}

/* A statement with no set-based form stays a placeholder that keeps the
 * SQL: never an append of the rows. */
static void test_oledb_command_other_statement(void **state)
{
	(void)state;
	IrPort *src = source("Src", "T", 3, ABC);
	const int binds[1] = {0};
	command(src, src, "DELETE FROM dbo.Dim WHERE k = ? OR x = 1", 1, binds);
	RelGraph *g = lower(false);
	assert_int_equal(g->sinks.len, 0);
	assert_int_equal(node(g, 1)->kind, REL_PLACEHOLDER);
	assert_string_equal(node(g, 1)->u.placeholder.language, "sql");
	assert_int_equal(status_of(g, node(g, 1)->component->name), REL_ST_PLACEHOLDER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_split_order_and_null, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookup_first_match, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookup_fail_on_no_match, setup, teardown),
		cmocka_unit_test_setup_teardown(test_union_by_lineage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_derived_column_parallel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dce_and_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort_dedup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_join, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aggregate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_placeholder_and_unhandled_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_convert_redirect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oledb_command_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_untranslated_is_per_component, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unpivot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fold_split_literal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oledb_command_other_statement, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oledb_command_insert, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oledb_command_delete, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
