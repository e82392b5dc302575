/* rel_json.c — the --emit=rel printer: one JSON object per data-flow graph,
 * nodes in creation order, keys in a fixed order, no pointers or arena
 * addresses, so that the output is stable and diffable (golden tests). */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "rel.h"
#include "rel_expr.h"

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
}

static void add_type(cJSON *o, const char *k, IrType t)
{
	char buf[64];
	ir_rel_type_format(buf, sizeof buf, t);
	cJSON_AddStringToObject(o, k, buf);
}

static cJSON *str_array(const char *const *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(a, v[i] ? cJSON_CreateString(v[i]) : cJSON_CreateNull());
	return a;
}

static cJSON *col_json(const RelCol *col)
{
	cJSON *o = cJSON_CreateObject();
	add_str(o, "name", col->name);
	add_type(o, "type", col->type);
	add_str(o, "lineage", col->lineage);
	if (col->ssis_name && col->name && strcmp(col->ssis_name, col->name) != 0)
		add_str(o, "ssis_name", col->ssis_name);
	return o;
}

static cJSON *sortkeys_json(const RelSortKey *k, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		add_str(o, "column", k[i].column);
		if (k[i].descending)
			cJSON_AddBoolToObject(o, "descending", true);
		if (k[i].comparison_flags)
			cJSON_AddNumberToObject(o, "comparison_flags", k[i].comparison_flags);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static void scan_json(cJSON *o, const RelNode *n)
{
	static const char *const kinds[] = {"table", "query", "flatfile"};
	const RelScan *s = &n->u.scan;
	cJSON_AddStringToObject(o, "scan", kinds[s->kind]);
	add_str(o, "connection", s->conn_name);
	add_str(o, "schema", s->schema);
	add_str(o, "table", s->table);
	add_str(o, "query", s->query.s);
	add_str(o, "query_variable", s->query_variable);
	if (s->parsed) {
		cJSON *r = cJSON_AddArrayToObject(o, "reads");
		for (size_t i = 0; i < s->reads.len; i++) {
			const SqlName *t = s->reads.items[i];
			char buf[512] = "";
			for (int k = 0; k < t->nparts; k++)
				snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", k ? "." : "", t->parts[k]);
			cJSON_AddItemToArray(r, cJSON_CreateString(buf));
		}
	}
	if (s->self) /* a MERGE's target, read as the model's own relation */
		add_str(o, "reads_self", s->self->parts[s->self->nparts - 1]);
	if (s->locals.len) {
		cJSON *l = cJSON_AddArrayToObject(o, "locals");
		for (size_t i = 0; i < s->locals.len; i++)
			cJSON_AddItemToArray(l, cJSON_CreateString(((const RelLocal *)s->locals.items[i])->name));
	}
	if (s->source_columns)
		cJSON_AddItemToObject(o, "source_columns", str_array(s->source_columns, n->ncols));
	cJSON *pq = NULL;
	for (size_t i = 0; s->param_query && i < s->nparams; i++) {
		if (!s->param_query[i])
			continue;
		if (!pq)
			pq = cJSON_AddArrayToObject(o, "param_queries");
		cJSON *e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "marker", (double)i);
		add_str(e, "value_of", s->param_query[i]->label);
		cJSON_AddItemToArray(pq, e);
	}
}

static void join_json(cJSON *o, const RelNode *n)
{
	static const char *const kinds[] = {"inner", "left", "full", "cross"};
	const RelJoin *j = &n->u.join;
	cJSON_AddStringToObject(o, "join", kinds[j->kind]);
	cJSON_AddItemToObject(o, "left_keys", str_array(j->left_keys, j->nkeys));
	cJSON_AddItemToObject(o, "right_keys", str_array(j->right_keys, j->nkeys));
	if (j->nulls_equal)
		cJSON_AddBoolToObject(o, "nulls_equal", true);
	if (j->first_match) {
		cJSON_AddBoolToObject(o, "first_match", true);
		cJSON *a = cJSON_AddArrayToObject(o, "right_order");
		for (size_t i = 0; i < j->nright_order; i++) {
			cJSON *k = cJSON_CreateObject();
			add_str(k, "column", j->right_order[i]);
			if (j->right_order_desc && j->right_order_desc[i])
				cJSON_AddBoolToObject(k, "descending", true);
			cJSON_AddItemToArray(a, k);
		}
	}
	if (j->binary_compare)
		cJSON_AddBoolToObject(o, "binary_compare", true);
	add_str(o, "match_marker", j->match_marker);
	cJSON *src = cJSON_AddArrayToObject(o, "from");
	for (size_t k = 0; k < n->ncols; k++) {
		if (!j->col_source[k]) {
			cJSON_AddItemToArray(src, cJSON_CreateNull());
			continue;
		}
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "side", j->col_side[k] ? "right" : "left");
		cJSON_AddStringToObject(e, "column", j->col_source[k]);
		cJSON_AddItemToArray(src, e);
	}
}

static void union_json(cJSON *o, const RelNode *n)
{
	cJSON *m = cJSON_AddArrayToObject(o, "map");
	for (size_t i = 0; i < n->ninputs; i++)
		cJSON_AddItemToArray(m, str_array(n->u.union_.map[i], n->ncols));
}

static void aggregate_json(cJSON *o, const RelNode *n)
{
	static const char *const fns[] = {"group", "count", "count_all", "count_distinct", "sum", "avg", "min", "max"};
	cJSON *a = cJSON_AddArrayToObject(o, "aggregates");
	for (size_t k = 0; k < n->ncols; k++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "fn", fns[n->u.aggregate.fns[k]]);
		add_str(e, "arg", n->u.aggregate.args[k]);
		cJSON_AddItemToArray(a, e);
	}
}

static void sink_json(cJSON *o, const RelNode *n)
{
	const RelSink *s = &n->u.sink;
	add_str(o, "connection", s->conn_name);
	if (s->flatfile)
		cJSON_AddBoolToObject(o, "flatfile", true);
	add_str(o, "schema", s->schema);
	add_str(o, "table", s->table);
	static const char *const loads[] = {"append", "replace", "update", "delete", "merge"};
	cJSON_AddStringToObject(o, "load", loads[s->load]);
	if (s->select_into)
		cJSON_AddBoolToObject(o, "select_into", true);
	if (s->temp_of) {
		add_str(o, "temp_of", s->temp_of);
		cJSON_AddBoolToObject(o, "ephemeral", s->ephemeral);
	}
	cJSON *a = cJSON_AddArrayToObject(o, "columns");
	for (size_t k = 0; k < s->ndest; k++) {
		cJSON *c = cJSON_CreateObject();
		add_str(c, "dest", s->dest_columns[k]);
		if (s->dest_from[k])
			add_str(c, "from", s->dest_from[k]);
		else
			cJSON_AddNullToObject(c, "from");
		add_type(c, "type", s->dest_types[k]);
		if (s->set_values && s->set_values[k])
			cJSON_AddItemToObject(c, "value", ir_rel_e_json(s->set_values[k]));
		cJSON_AddItemToArray(a, c);
	}
	if (s->load == REL_LOAD_UPDATE || s->load == REL_LOAD_DELETE || s->load == REL_LOAD_MERGE) {
		cJSON *keys = cJSON_AddArrayToObject(o, "keys");
		for (size_t k = 0; k < s->nkeys; k++) {
			cJSON *c = cJSON_CreateObject();
			add_str(c, "dest", s->key_columns[k]);
			add_str(c, "from", s->key_from[k]);
			cJSON_AddItemToArray(keys, c);
		}
		if (s->where)
			cJSON_AddItemToObject(o, "where", ir_rel_e_json(s->where));
		add_str(o, "statement", s->statement.s);
	}
	if (s->post_hooks.len) {
		cJSON *h = cJSON_AddArrayToObject(o, "post_hooks");
		for (size_t k = 0; k < s->post_hooks.len; k++) {
			const RelPostHook *ph = s->post_hooks.items[k];
			cJSON_AddItemToArray(h, cJSON_CreateString(ir_sql_stmt_name(ph->stmt->kind)));
		}
	}
	if (s->keep_nulls)
		cJSON_AddBoolToObject(o, "keep_nulls", true);
	if (s->ordered)
		cJSON_AddBoolToObject(o, "ordered", true);
}

static cJSON *scd_json(const RelScd *scd)
{
	static const char *const kinds[] = {"other", "key", "changing", "historical", "fixed"};
	cJSON *o = cJSON_CreateObject();
	add_str(o, "dimension_query", scd->dimension_query);
	add_str(o, "current_row_where", scd->current_row_where);
	cJSON_AddBoolToObject(o, "update_changing_history", scd->update_changing_history);
	cJSON_AddBoolToObject(o, "fail_on_fixed_change", scd->fail_on_fixed_change);
	cJSON_AddBoolToObject(o, "inferred_members", scd->inferred_members);
	cJSON *a = cJSON_AddArrayToObject(o, "columns");
	for (size_t k = 0; k < scd->ncolumns; k++) {
		cJSON *c = cJSON_CreateObject();
		add_str(c, "column", scd->columns[k]);
		cJSON_AddStringToObject(c, "kind", kinds[scd->kinds[k]]);
		cJSON_AddItemToArray(a, c);
	}
	return o;
}

static void body_json(cJSON *o, const RelNode *n)
{
	switch (n->kind) {
	case REL_SCAN: scan_json(o, n); break;
	case REL_PROJECT: {
		cJSON *a = cJSON_AddArrayToObject(o, "exprs");
		for (size_t k = 0; k < n->ncols; k++)
			cJSON_AddItemToArray(a, ir_rel_e_json(n->u.project.exprs[k]));
		break;
	}
	case REL_FILTER:
		cJSON_AddItemToObject(o, "predicate", ir_rel_e_json(n->u.filter.predicate));
		break;
	case REL_JOIN: join_json(o, n); break;
	case REL_UNION: union_json(o, n); break;
	case REL_AGGREGATE: aggregate_json(o, n); break;
	case REL_SORT:
		cJSON_AddItemToObject(o, "keys", sortkeys_json(n->u.sort.keys, n->u.sort.nkeys));
		break;
	case REL_DISTINCT:
		cJSON_AddItemToObject(o, "keys", str_array(n->u.distinct.keys, n->u.distinct.nkeys));
		if (n->u.distinct.order)
			cJSON_AddItemToObject(o, "order", sortkeys_json(n->u.distinct.order, n->u.distinct.norder));
		break;
	case REL_SINK: sink_json(o, n); break;
	case REL_PLACEHOLDER:
		add_str(o, "reason", n->u.placeholder.reason);
		add_str(o, "language", n->u.placeholder.language);
		add_str(o, "original", n->u.placeholder.original.s);
		if (n->u.placeholder.scd)
			cJSON_AddItemToObject(o, "scd", scd_json(n->u.placeholder.scd));
		if (n->u.placeholder.procedure) {
			const SqlName *pn = n->u.placeholder.procedure;
			add_str(o, "procedure", pn->parts[pn->nparts - 1]);
		}
		break;
	}
}

static cJSON *node_json(IrCtx *c, const RelNode *n)
{
	cJSON *o = cJSON_CreateObject();
	unsigned line = 0, col = 0;
	cJSON_AddNumberToObject(o, "id", n->id);
	cJSON_AddStringToObject(o, "op", ir_rel_kind_name(n->kind));
	add_str(o, "label", n->label);
	if (n->component)
		add_str(o, "component", n->component->path);
	add_str(o, "output", n->output_name);
	if (n->loc.file) {
		ir_loc_linecol(c, n->loc, &line, &col);
		cJSON_AddNumberToObject(o, "line", line);
	}
	cJSON *in = cJSON_AddArrayToObject(o, "inputs");
	for (size_t i = 0; i < n->ninputs; i++)
		cJSON_AddItemToArray(in, cJSON_CreateNumber(n->inputs[i]->id));
	cJSON *cols = cJSON_AddArrayToObject(o, "cols");
	for (size_t k = 0; k < n->ncols; k++)
		cJSON_AddItemToArray(cols, col_json(&n->cols[k]));
	body_json(o, n);
	return o;
}

void *ir_rel_to_json(IrCtx *c, const RelGraph *g)
{
	cJSON *o = cJSON_CreateObject();
	add_str(o, "task", g->task ? g->task->path : NULL);
	cJSON *nodes = cJSON_AddArrayToObject(o, "nodes");
	for (size_t i = 0; i < g->nodes.len; i++)
		cJSON_AddItemToArray(nodes, node_json(c, IR_VEC_AT(g->nodes, RelNode, i)));
	cJSON *asserts = cJSON_AddArrayToObject(o, "asserts");
	for (size_t i = 0; i < g->asserts.len; i++) {
		const RelAssert *a = IR_VEC_AT(g->asserts, RelAssert, i);
		cJSON *e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "node", a->node->id);
		cJSON_AddItemToObject(e, "fails_when", ir_rel_e_json(a->predicate));
		add_str(e, "message", a->message);
		cJSON_AddItemToArray(asserts, e);
	}
	cJSON *effects = cJSON_AddArrayToObject(o, "effects");
	for (size_t i = 0; i < g->effects.len; i++) {
		const RelEffect *f = IR_VEC_AT(g->effects, RelEffect, i);
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "effect", "row_count");
		cJSON_AddNumberToObject(e, "node", f->node->id);
		add_str(e, "variable", f->variable);
		cJSON_AddItemToArray(effects, e);
	}
	cJSON *notes = g->notes.len ? cJSON_AddArrayToObject(o, "notes") : NULL;
	for (size_t i = 0; i < g->notes.len; i++) {
		const RelNote *x = IR_VEC_AT(g->notes, RelNote, i);
		cJSON *e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "node", x->node->id);
		add_str(e, "note", x->text);
		cJSON_AddItemToArray(notes, e);
	}
	cJSON *cov = cJSON_AddArrayToObject(o, "coverage");
	for (size_t i = 0; i < g->coverage.len; i++) {
		const RelCoverage *r = IR_VEC_AT(g->coverage, RelCoverage, i);
		cJSON *e = cJSON_CreateObject();
		add_str(e, "component", r->component->path);
		add_str(e, "class", r->class_name);
		cJSON_AddStringToObject(e, "status", ir_rel_status_name(r->status));
		add_str(e, "reason", r->reason);
		cJSON_AddItemToArray(cov, e);
	}
	return o;
}

void *ir_rel_program_to_json(IrCtx *c, const RelProgram *p)
{
	cJSON *o = cJSON_CreateObject();
	add_str(o, "package", p->package ? p->package->name : NULL);
	cJSON *a = cJSON_AddArrayToObject(o, "dataflows");
	for (size_t i = 0; i < p->graphs.len; i++)
		cJSON_AddItemToArray(a, ir_rel_to_json(c, IR_VEC_AT(p->graphs, RelGraph, i)));
	return o;
}
