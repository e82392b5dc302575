/* dataflow_route.c — components that route rows: Conditional Split (first
 * true condition in EvaluationOrder wins; a NULL condition follows the
 * output's error disposition) and Lookup (a first-match join whose
 * no-match rows fail, continue with NULLs, or go to another output). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dataflow.h"

static const char *const SPLIT_NULL = "#null";    /* a condition was NULL: SSIS fails */
static const char *const SPLIT_ERROR = "#error";  /* a condition was NULL: error output */

static RelStatus unconnected(DfLower *L, const IrComponent *comp)
{
	L->reason = "the component's input is not connected";
	return df_placeholder_component(L, comp);
}

static IrType wstr(int n)
{
	IrType t = {0};
	t.dt = IR_DT_WSTR;
	t.length = n;
	return t;
}

static IrType boolean(void)
{
	IrType t = {0};
	t.dt = IR_DT_BOOL;
	return t;
}

/* ---- Conditional Split ----------------------------------------------------- */
typedef struct SplitCase {
	const IrPort *port;
	long order;
} SplitCase;

static int by_order(const void *a, const void *b)
{
	const SplitCase *x = a, *y = b;
	return (x->order > y->order) - (x->order < y->order);
}

static IrSqlx *is_output(DfLower *L, const RelCol *col, const char *name)
{
	return ir_sqlx_op2(L->c, col->loc, IR_SQLX_STR_EQ, df_ref(L, col), ir_rel_e_str(L->c, name));
}

RelStatus df_conditional_split(DfLower *L, const IrComponent *comp)
{
	RelNode *in = df_input(L, df_main_input(comp));
	if (!in)
		return unconnected(L, comp);
	size_t n = comp->outputs.len, ncase = 0;
	SplitCase *cases = ir_alloc(L->c->arena, (n + 1) * sizeof *cases);
	const IrPort *dflt = NULL;
	for (size_t i = 0; i < n; i++) {
		const IrPort *o = IR_VEC_AT(comp->outputs, IrPort, i);
		if (o->is_error_out)
			continue;
		if (df_prop_bool(&o->props, "IsDefaultOut", false) || !df_prop(&o->props, "Expression"))
			dflt = o;
		else
			cases[ncase++] = (SplitCase){o, df_prop_int(&o->props, "EvaluationOrder", (long)i)};
	}
	qsort(cases, ncase, sizeof *cases, by_order);
	RelNode *p = df_project_over(L, comp, in, 1, comp->name);
	RelCol *route = &p->cols[in->ncols];
	route->name = ir_rel_unique_name(L->c, p, in->ncols, "__split_output");
	route->type = wstr(128);
	route->origin = comp;
	route->loc = comp->loc;
	IrSqlx **whens = ir_alloc(L->c->arena, (2 * ncase + 1) * sizeof *whens);
	IrSqlx **thens = ir_alloc(L->c->arena, (2 * ncase + 1) * sizeof *thens);
	int nw = 0;
	bool fails = false, redirects = false;
	for (size_t k = 0; k < ncase; k++) {
		const IrPort *o = cases[k].port;
		IrSqlx *cond = df_ssis_expr(L, comp, in, df_prop(&o->props, "Expression"));
		if (!df_is_ignore(o->error_row_disposition)) {
			bool redirect = df_is_redirect(o->error_row_disposition);
			whens[nw] = ir_sqlx_is_null(L->c, o->loc, cond, false);
			thens[nw++] = ir_rel_e_str(L->c, redirect ? SPLIT_ERROR : SPLIT_NULL);
			redirects |= redirect;
			fails |= !redirect;
		}
		whens[nw] = cond;
		thens[nw++] = ir_rel_e_str(L->c, o->name);
	}
	p->u.project.exprs[in->ncols] = ir_sqlx_case(L->c, comp->loc, nw, whens, thens,
						     dflt ? ir_rel_e_str(L->c, dflt->name) : NULL);
	if (fails)
		df_assert(L, comp, p, is_output(L, route, SPLIT_NULL),
			  "a Conditional Split condition evaluated to NULL: SSIS fails the data flow");
	for (size_t k = 0; k < ncase; k++)
		if (df_connected(L, cases[k].port))
			df_output(L, cases[k].port, df_filter(L, comp, p, is_output(L, route, cases[k].port->name),
							   cases[k].port->name));
	if (dflt && df_connected(L, dflt))
		df_output(L, dflt, df_filter(L, comp, p, is_output(L, route, dflt->name), dflt->name));
	const IrPort *err = df_error_output(comp);
	if (redirects && err && df_connected(L, err))
		df_error_rows(L, comp, df_filter(L, comp, p, is_output(L, route, SPLIT_ERROR), err->name), -1);
	return L->untranslated ? REL_ST_PLACEHOLDER : REL_ST_TRANSLATED;
}

/* ---- Lookup ------------------------------------------------------------------ */
/* The reference columns the lookup reads: join keys, copied columns and the
 * ORDER BY of the reference query. */
typedef struct RefCols {
	const char *names[256];
	IrType types[256];
	size_t n;
} RefCols;

static size_t ref_col(RefCols *r, const char *name, IrType t)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcasecmp(r->names[i], name) == 0)
			return i;
	if (r->n == 256)
		return 255;
	r->names[r->n] = name;
	r->types[r->n] = t;
	return r->n++;
}

static bool isalnum_c(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
	       ch == ']' || ch == '"';
}

/* The top-level ORDER BY of a reference query: column names (brackets and
 * qualifiers removed) and directions. */
static size_t parse_order_by(DfLower *L, const char *q, const char **cols, bool *desc, size_t max)
{
	const char *at = NULL;
	int depth = 0;
	for (const char *p = q; p && *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (*p == '\'')
			while (p[1] && *++p != '\'')
				;
		else if (depth == 0 && strncasecmp(p, "order", 5) == 0 && (p == q || !isalnum_c(p[-1]))) {
			const char *b = p + 5;
			while (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n')
				b++;
			if (strncasecmp(b, "by", 2) == 0 && !isalnum_c(b[2]))
				at = b + 2;
		}
	}
	size_t n = 0;
	while (at && *at && n < max) {
		while (*at == ' ' || *at == '\t' || *at == '\r' || *at == '\n' || *at == ',')
			at++;
		const char *start = at;
		while (*at && *at != ',' && *at != ';')
			at++;
		const char *end = at;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
			end--;
		if (end == start)
			break;
		bool d = false;
		const char *sp = end;
		while (sp > start && sp[-1] != ' ' && sp[-1] != '\t' && sp[-1] != '\n')
			sp--;
		if (sp > start && (strncasecmp(sp, "desc", 4) == 0 || strncasecmp(sp, "asc", 3) == 0)) {
			d = strncasecmp(sp, "desc", 4) == 0;
			end = sp;
			while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
				end--;
		}
		const char *schema, *name;
		df_table_name(L, ir_strndup(L->c->arena, start, (size_t)(end - start)), NULL, &schema, &name);
		desc[n] = d;
		cols[n++] = name;
	}
	return n;
}

typedef struct LookupPlan {
	RefCols ref;
	const RelCol *left_keys[64];
	size_t right_keys[64];
	size_t nkeys;
	const IrColumn *copies[256];     /* output columns added */
	size_t copy_ref[256];
	size_t ncopies;
	const RelCol *replaced[256];     /* input columns overwritten */
	size_t replace_ref[256];
	size_t nreplaced;
	const char *order[32];
	bool order_desc[32];
	size_t order_ref[32];
	size_t norder;
} LookupPlan;

static void plan_lookup(DfLower *L, const IrComponent *comp, RelNode *in, const IrPort *match, LookupPlan *pl)
{
	const IrPort *inp = df_main_input(comp);
	for (size_t k = 0; k < inp->columns.len; k++) {
		const IrColumn *ic = IR_VEC_AT(inp->columns, IrColumn, k);
		const char *join = df_prop_str(&ic->props, "JoinToReferenceColumn");
		const char *copy = df_prop_str(&ic->props, "CopyFromReferenceColumn");
		const RelCol *col = (join || copy) ? df_in_col(L, comp, in, ic) : NULL;
		if (!col)
			continue;
		if (join && pl->nkeys < 64) {
			pl->left_keys[pl->nkeys] = col;
			pl->right_keys[pl->nkeys++] = ref_col(&pl->ref, join, col->type);
		}
		if (copy && pl->nreplaced < 256) {
			pl->replaced[pl->nreplaced] = col;
			pl->replace_ref[pl->nreplaced++] = ref_col(&pl->ref, copy, col->type);
		}
	}
	for (size_t k = 0; match && k < match->columns.len && pl->ncopies < 256; k++) {
		const IrColumn *oc = IR_VEC_AT(match->columns, IrColumn, k);
		const char *copy = df_prop_str(&oc->props, "CopyFromReferenceColumn");
		if (!copy)
			continue;
		pl->copies[pl->ncopies] = oc;
		pl->copy_ref[pl->ncopies++] = ref_col(&pl->ref, copy, ir_rel_column_type(oc));
	}
	const char *q = df_prop_str(&comp->props, "SqlCommand");
	pl->norder = parse_order_by(L, q, pl->order, pl->order_desc, 32);
	for (size_t k = 0; k < pl->norder; k++) {
		IrType unknown = wstr(4000);
		pl->order_ref[k] = ref_col(&pl->ref, pl->order[k], unknown);
	}
}

static RelNode *reference_scan(DfLower *L, const IrComponent *comp, const LookupPlan *pl, bool cache)
{
	RelNode *n = ir_rel_node_new(L->c, L->g, cache ? REL_PLACEHOLDER : REL_SCAN,
				     ir_sprintf(L->c->arena, "%s reference", comp->name), comp, comp->loc, 0, pl->ref.n);
	for (size_t k = 0; k < pl->ref.n; k++) {
		n->cols[k].name = ir_rel_unique_name(L->c, n, k, pl->ref.names[k]);
		n->cols[k].type = pl->ref.types[k];
		n->cols[k].ssis_name = pl->ref.names[k];
		n->cols[k].origin = comp;
		n->cols[k].loc = comp->loc;
	}
	if (cache) {
		n->u.placeholder.reason = "the reference comes from a Cache connection manager (a Cache Transform)";
		return n;
	}
	RelScan *s = &n->u.scan;
	s->kind = REL_SCAN_QUERY;
	s->conn = df_conn(comp, &s->conn_name);
	const IrProp *q = df_prop(&comp->props, "SqlCommand");
	if (q)
		s->query = q->value;
	s->source_columns = ir_alloc(L->c->arena, (pl->ref.n + 1) * sizeof *s->source_columns);
	memcpy(s->source_columns, pl->ref.names, pl->ref.n * sizeof *pl->ref.names);
	if (q && q->value.s && *q->value.s)
		df_parse_query(L, comp, s, &q->value);
	return n;
}

static void set_join_col(RelNode *j, size_t k, int side, const char *src)
{
	j->u.join.col_side[k] = side;
	j->u.join.col_source[k] = src;
}

static RelNode *lookup_join(DfLower *L, const IrComponent *comp, RelNode *in, RelNode *ref, const LookupPlan *pl)
{
	size_t ncols = in->ncols + pl->ncopies + pl->nreplaced + 1;
	RelNode *j = ir_rel_node_new(L->c, L->g, REL_JOIN, comp->name, comp, comp->loc, 2, ncols);
	RelJoin *jn = &j->u.join;
	j->inputs[0] = in;
	j->inputs[1] = ref;
	jn->kind = REL_JOIN_LEFT;
	jn->first_match = true;
	jn->nkeys = pl->nkeys;
	jn->left_keys = ir_alloc(L->c->arena, (pl->nkeys + 1) * sizeof(char *));
	jn->right_keys = ir_alloc(L->c->arena, (pl->nkeys + 1) * sizeof(char *));
	for (size_t k = 0; k < pl->nkeys; k++) {
		jn->left_keys[k] = pl->left_keys[k]->name;
		jn->right_keys[k] = ref->cols[pl->right_keys[k]].name;
	}
	jn->nright_order = pl->norder;
	jn->right_order = ir_alloc(L->c->arena, (pl->norder + 1) * sizeof(char *));
	jn->right_order_desc = ir_alloc(L->c->arena, (pl->norder + 1) * sizeof(bool));
	for (size_t k = 0; k < pl->norder; k++) {
		jn->right_order[k] = ref->cols[pl->order_ref[k]].name;
		jn->right_order_desc[k] = pl->order_desc[k];
	}
	jn->col_side = ir_alloc(L->c->arena, ncols * sizeof(int));
	jn->col_source = ir_alloc(L->c->arena, ncols * sizeof(char *));
	df_copy_cols(j, in);
	for (size_t k = 0; k < in->ncols; k++)
		set_join_col(j, k, 0, in->cols[k].name);
	size_t c = in->ncols;
	for (size_t k = 0; k < pl->ncopies; k++, c++) {
		df_set_col(L, j, c, pl->copies[k], comp);
		set_join_col(j, c, 1, ref->cols[pl->copy_ref[k]].name);
	}
	for (size_t k = 0; k < pl->nreplaced; k++, c++) {
		RelCol *col = &j->cols[c];
		*col = *pl->replaced[k];
		col->name = ir_rel_unique_name(L->c, j, c, ir_sprintf(L->c->arena, "%s__lookup", col->name));
		col->lineage = NULL;
		col->origin = comp;
		set_join_col(j, c, 1, ref->cols[pl->replace_ref[k]].name);
	}
	RelCol *m = &j->cols[c];
	m->name = ir_rel_unique_name(L->c, j, c, "__lookup_match");
	m->type = boolean();
	m->origin = comp;
	m->loc = comp->loc;
	set_join_col(j, c, 0, NULL);
	jn->match_marker = m->name;
	return j;
}

/* The match output: the replaced input columns take the reference values. */
static RelNode *apply_replacements(DfLower *L, const IrComponent *comp, RelNode *rows, const LookupPlan *pl,
				   size_t first_replacement)
{
	if (!pl->nreplaced)
		return rows;
	RelNode *p = df_project_over(L, comp, rows, 0, comp->name);
	for (size_t k = 0; k < pl->nreplaced; k++) {
		const RelCol *orig = ir_rel_find_col(rows, pl->replaced[k]->name);
		size_t j = (size_t)(orig - rows->cols);
		p->u.project.exprs[j] = ir_rel_e_cast(L->c, df_ref(L, &rows->cols[first_replacement + k]), orig->type, false);
	}
	return p;
}

static const IrPort *output_named(const IrComponent *comp, const char *needle)
{
	for (size_t i = 0; i < comp->outputs.len; i++) {
		const IrPort *o = IR_VEC_AT(comp->outputs, IrPort, i);
		if (!o->is_error_out && o->name && strstr(o->name, needle))
			return o;
	}
	return NULL;
}

RelStatus df_lookup(DfLower *L, const IrComponent *comp)
{
	RelNode *in = df_input(L, df_main_input(comp));
	if (!in)
		return unconnected(L, comp);
	const IrPort *nomatch = output_named(comp, "No Match");
	const IrPort *match = NULL;
	for (size_t i = 0; i < comp->outputs.len; i++) {
		const IrPort *o = IR_VEC_AT(comp->outputs, IrPort, i);
		if (!o->is_error_out && o != nomatch && !match)
			match = o;
	}
	LookupPlan *pl = ir_alloc(L->c->arena, sizeof *pl);
	plan_lookup(L, comp, in, match, pl);
	bool cache = df_prop_int(&comp->props, "ConnectionType", 0) == 1;
	long cache_type = df_prop_int(&comp->props, "CacheType", 0);
	long no_match = df_prop_int(&comp->props, "NoMatchBehavior", 0);
	RelNode *ref = reference_scan(L, comp, pl, cache);
	RelNode *j = lookup_join(L, comp, in, ref, pl);
	j->u.join.binary_compare = cache_type == 0;
	if (pl->norder == 0)
		ir_warn(L->c, comp->loc, IR_W_lookup_nondeterministic, comp->path,
			"the reference query has no ORDER BY: with duplicate keys, which row is the first match is not determined");
	const RelCol *marker = &j->cols[j->ncols - 1];
	IrSqlx *hit = df_ref(L, marker);
	IrSqlx *miss = ir_sqlx_op1(L->c, comp->loc, IR_SQLX_NOT, df_ref(L, marker));
	const char *disp = match ? match->error_row_disposition : NULL;
	bool ignore = no_match == 0 && df_is_ignore(disp);
	bool redirect = no_match == 0 && df_is_redirect(disp);
	RelNode *rows = ignore ? j : df_filter(L, comp, j, hit, match ? match->name : NULL);
	if (match)
		df_output(L, match, apply_replacements(L, comp, rows, pl, in->ncols + pl->ncopies));
	if (no_match == 1 && nomatch && df_connected(L, nomatch))
		df_output(L, nomatch, df_filter(L, comp, j, miss, nomatch->name));
	else if (nomatch && df_connected(L, nomatch))
		df_empty_output(L, comp, nomatch, in, true);   /* no-matches are errors: none arrive here */
	else if (redirect && df_error_output(comp) && df_connected(L, df_error_output(comp)))
		df_error_rows(L, comp, df_filter(L, comp, j, miss, df_error_output(comp)->name), -1);
	else if (no_match == 0 && !ignore && !redirect)
		df_assert(L, comp, j, miss, "a row found no match in the Lookup: SSIS fails the data flow");
	if (cache) {
		L->reason = "the reference comes from a Cache connection manager";
		return REL_ST_PLACEHOLDER;
	}
	return REL_ST_TRANSLATED;
}
