/* dataflow_scd.c — the Slowly Changing Dimension component.  It looks each
 * input row up in the dimension's current rows by business key and sends it
 * to one output by what changed; the components the wizard generates below
 * it (OLE DB Commands that update or expire rows, Derived Columns, Union
 * All, the insert destination) do the writing and are lowered as they are.
 * So the SCD becomes a left join on the business key and a filter per
 * output:
 *   New Output                        no current row has the key
 *   Fixed Attribute Output            a fixed attribute differs (or a failing test)
 *   Changing Attribute Updates Output a changing (type 1) attribute differs
 *   Historical Attribute Inserts      a historical (type 2) attribute differs
 *   Unchanged Output                  nothing differs
 * A row whose fixed attribute changed goes to the Fixed Attribute Output
 * only.  Values compare exactly (case and trailing spaces count), NULL
 * equal to NULL.  What is not translated (inferred members, a dimension
 * query or CurrentRowWhere other than the wizard's) stays a placeholder
 * carrying the attribute kinds (RelScd). */
#include <string.h>

#include "dataflow.h"

typedef struct ScdCol {
	const RelCol *in;             /* the input column */
	const char *dim;              /* the dimension's column (external metadata name) */
	IrType dim_type;
	RelScdKind kind;
	size_t dim_at;                /* its column in the dimension scan */
	size_t join_at;               /* attributes: the dimension value in the join */
} ScdCol;

typedef struct ScdPlan {
	RelScd *scd;
	ScdCol cols[256];
	size_t ncols;
	const char *schema, *table;
	IrSqlx *current;              /* CurrentRowWhere, or NULL */
	const char *current_cols[16]; /* the dimension columns it reads */
	size_t ncurrent_cols;
} ScdPlan;

static const IrColumn *external_of(const IrPort *p, const IrColumn *ic)
{
	for (size_t k = 0; ic->external_metadata_column_id && k < p->external_columns.len; k++) {
		const IrColumn *e = IR_VEC_AT(p->external_columns, IrColumn, k);
		if (e->id && strcmp(e->id, ic->external_metadata_column_id) == 0)
			return e;
	}
	return NULL;
}

static void plan_columns(DfLower *L, const IrComponent *comp, RelNode *in, ScdPlan *pl)
{
	static const RelScdKind kinds[] = {REL_SCD_OTHER, REL_SCD_KEY, REL_SCD_CHANGING, REL_SCD_HISTORICAL, REL_SCD_FIXED};
	const IrPort *inp = df_main_input(comp);
	RelScd *scd = pl->scd;
	scd->columns = ir_alloc(L->c->arena, (inp->columns.len + 1) * sizeof(char *));
	scd->kinds = ir_alloc(L->c->arena, (inp->columns.len + 1) * sizeof(RelScdKind));
	for (size_t k = 0; k < inp->columns.len; k++) {
		const IrColumn *ic = IR_VEC_AT(inp->columns, IrColumn, k);
		const RelCol *col = df_in_col(L, comp, in, ic);
		long t = df_prop_int(&ic->props, "ColumnType", 0);
		if (!col)
			continue;
		RelScdKind kind = kinds[t >= 0 && t <= 4 ? t : 0];
		scd->columns[scd->ncolumns] = col->name;
		scd->kinds[scd->ncolumns++] = kind;
		const IrColumn *ext = external_of(inp, ic);
		if (kind == REL_SCD_OTHER || pl->ncols == sizeof pl->cols / sizeof *pl->cols)
			continue;
		ScdCol *c = &pl->cols[pl->ncols++];
		c->in = col;
		c->dim = ext && ext->name ? ext->name : (ic->name ? ic->name : col->name);
		c->dim_type = ext ? ir_rel_column_type(ext) : col->type;
		c->kind = kind;
	}
}

static void note_current_col(const char *name, void *arg)
{
	ScdPlan *pl = arg;
	for (size_t i = 0; i < pl->ncurrent_cols; i++)
		if (strcmp(pl->current_cols[i], name) == 0)
			return;
	if (pl->ncurrent_cols < sizeof pl->current_cols / sizeof *pl->current_cols)
		pl->current_cols[pl->ncurrent_cols++] = name;
}

/* Why the component cannot be lowered, or NULL. */
static const char *untranslatable(DfLower *L, const IrComponent *comp, ScdPlan *pl)
{
	const RelScd *scd = pl->scd;
	bool key = false;
	for (size_t i = 0; i < pl->ncols; i++)
		key |= pl->cols[i].kind == REL_SCD_KEY;
	if (!key)
		return "Slowly Changing Dimension without a business key column";
	if (scd->inferred_members)
		return "Slowly Changing Dimension with inferred members (EnableInferredMember): which dimension rows "
		       "are inferred is not translated";
	if (!df_select_table(L, scd->dimension_query, &pl->schema, &pl->table))
		return "Slowly Changing Dimension whose dimension query is not SELECT columns FROM one table";
	if (scd->current_row_where && *scd->current_row_where) {
		pl->current = df_table_condition(L, scd->current_row_where);
		if (!pl->current)
			return "Slowly Changing Dimension whose CurrentRowWhere is not a conjunction of IS [NOT] NULL "
			       "and column = constant tests";
		ir_rel_e_cols(pl->current, note_current_col, pl);
	}
	(void)comp;
	return NULL;
}

/* The type a CurrentRowWhere column is read as: the constant's it is
 * compared with (an integer flag: a bit column reads as 0/1 everywhere),
 * else untyped (an IS NULL test reads it as it is). */
static IrType current_col_type(const IrSqlx *w, const char *name)
{
	if (w->kind == IR_SQLX_OP && w->u.op.op == IR_SQLX_AND) {
		IrType t = current_col_type(w->u.op.a, name);
		return t.dt ? t : current_col_type(w->u.op.b, name);
	}
	IrType t = {0};
	if (w->kind == IR_SQLX_OP && w->u.op.op == IR_SQLX_EQ && w->u.op.a->kind == IR_SQLX_COLUMN &&
	    strcmp(w->u.op.a->u.column.name, name) == 0 && w->u.op.b->kind == IR_SQLX_LITERAL)
		t.dt = w->u.op.b->u.lit.k == IR_SQLX_LIT_INT ? IR_DT_I4 : IR_DT_EMPTY;
	return t;
}

/* The dimension's current rows: a scan of its table, filtered by
 * CurrentRowWhere. */
static RelNode *dimension(DfLower *L, const IrComponent *comp, ScdPlan *pl)
{
	size_t n = pl->ncols + pl->ncurrent_cols;
	RelNode *s = ir_rel_node_new(L->c, L->g, REL_SCAN, ir_sprintf(L->c->arena, "%s dimension", comp->name), comp,
				     comp->loc, 0, n);
	RelScan *sc = &s->u.scan;
	sc->kind = REL_SCAN_TABLE;
	sc->conn = df_conn(comp, &sc->conn_name);
	sc->schema = pl->schema;
	sc->table = pl->table;
	sc->source_columns = ir_alloc(L->c->arena, (n + 1) * sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		bool cur = i >= pl->ncols;
		const char *ext = cur ? pl->current_cols[i - pl->ncols] : pl->cols[i].dim;
		RelCol *c = &s->cols[i];
		c->name = ir_rel_unique_name(L->c, s, i, ext);
		c->type = cur ? current_col_type(pl->current, ext) : pl->cols[i].dim_type;
		c->ssis_name = ext;
		c->origin = comp;
		c->loc = comp->loc;
		sc->source_columns[i] = ext;
		if (!cur)
			pl->cols[i].dim_at = i;
	}
	if (!pl->current)
		return s;
	/* the condition names the table's columns; the scan names them alike
	 * (a clash only renames a column the condition does not read twice) */
	return df_filter(L, comp, s, pl->current, NULL);
}

static RelNode *lookup(DfLower *L, const IrComponent *comp, RelNode *in, RelNode *dim, ScdPlan *pl)
{
	size_t nattr = 0, nkeys = 0;
	for (size_t i = 0; i < pl->ncols; i++)
		pl->cols[i].kind == REL_SCD_KEY ? nkeys++ : nattr++;
	size_t ncols = in->ncols + nattr + 1;
	RelNode *j = ir_rel_node_new(L->c, L->g, REL_JOIN, comp->name, comp, comp->loc, 2, ncols);
	RelJoin *jn = &j->u.join;
	j->inputs[0] = in;
	j->inputs[1] = dim;
	jn->kind = REL_JOIN_LEFT;
	jn->first_match = true;
	jn->binary_compare = true;
	jn->left_keys = ir_alloc(L->c->arena, (nkeys + 1) * sizeof(char *));
	jn->right_keys = ir_alloc(L->c->arena, (nkeys + 1) * sizeof(char *));
	jn->col_side = ir_alloc(L->c->arena, ncols * sizeof(int));
	jn->col_source = ir_alloc(L->c->arena, ncols * sizeof(char *));
	df_copy_cols(j, in);
	for (size_t k = 0; k < in->ncols; k++)
		jn->col_source[k] = in->cols[k].name;
	size_t c = in->ncols;
	for (size_t i = 0; i < pl->ncols; i++) {
		ScdCol *sc = &pl->cols[i];
		const char *dim_name = dim->cols[sc->dim_at].name;
		if (sc->kind == REL_SCD_KEY) {
			jn->left_keys[jn->nkeys] = sc->in->name;
			jn->right_keys[jn->nkeys++] = dim_name;
			continue;
		}
		RelCol *col = &j->cols[c];
		col->name = ir_rel_unique_name(L->c, j, c, ir_sprintf(L->c->arena, "%s__dimension", sc->in->name));
		col->type = sc->dim_type;
		col->origin = comp;
		col->loc = comp->loc;
		jn->col_side[c] = 1;
		jn->col_source[c] = dim_name;
		sc->join_at = c++;
	}
	RelCol *m = &j->cols[c];
	m->name = ir_rel_unique_name(L->c, j, c, "__scd_match");
	m->type = (IrType){.dt = IR_DT_BOOL};
	m->origin = comp;
	m->loc = comp->loc;
	jn->match_marker = m->name;
	return j;
}

static IrSqlx *and2(DfLower *L, const IrComponent *comp, IrSqlx *a, IrSqlx *b)
{
	if (!a || !b)
		return a ? a : b;
	return ir_sqlx_op2(L->c, comp->loc, IR_SQLX_AND, a, b);
}

/* TRUE when an attribute of `kind` differs from the current row's, or NULL
 * when there is none of that kind. */
static IrSqlx *changed(DfLower *L, const IrComponent *comp, const RelNode *j, const ScdPlan *pl, RelScdKind kind)
{
	IrSqlx *any = NULL;
	for (size_t i = 0; i < pl->ncols; i++) {
		const ScdCol *sc = &pl->cols[i];
		if (sc->kind != kind)
			continue;
		IrSqlx *d = ir_sqlx_distinct(L->c, comp->loc, df_ref(L, sc->in), df_ref(L, &j->cols[sc->join_at]), false);
		any = any ? ir_sqlx_op2(L->c, comp->loc, IR_SQLX_OR, any, d) : d;
	}
	return any;
}

static IrSqlx *not_(DfLower *L, const IrComponent *comp, IrSqlx *e)
{
	return ir_sqlx_op1(L->c, comp->loc, IR_SQLX_NOT, e);
}

static const IrPort *output_named(const IrComponent *comp, const char *name)
{
	for (size_t i = 0; i < comp->outputs.len; i++) {
		const IrPort *o = IR_VEC_AT(comp->outputs, IrPort, i);
		if (!o->is_error_out && o->name && strcmp(o->name, name) == 0)
			return o;
	}
	return NULL;
}

static void route(DfLower *L, const IrComponent *comp, RelNode *j, const char *output, IrSqlx *pred)
{
	const IrPort *o = output_named(comp, output);
	if (o && df_connected(L, o) && pred)
		df_output(L, o, df_filter(L, comp, j, pred, o->name));
}

static void outputs(DfLower *L, const IrComponent *comp, RelNode *j, const ScdPlan *pl)
{
	IrSqlx *matched = df_ref(L, &j->cols[j->ncols - 1]);
	IrSqlx *fixed = changed(L, comp, j, pl, REL_SCD_FIXED);
	IrSqlx *changing = changed(L, comp, j, pl, REL_SCD_CHANGING);
	IrSqlx *historical = changed(L, comp, j, pl, REL_SCD_HISTORICAL);
	IrSqlx *not_fixed = fixed ? not_(L, comp, fixed) : NULL;
	route(L, comp, j, "New Output", not_(L, comp, matched));
	const IrPort *fixed_out = output_named(comp, "Fixed Attribute Output");
	if (fixed && pl->scd->fail_on_fixed_change) {
		ir_warn(L->c, comp->loc, IR_W_semantics_approximated, comp->path,
			"Slowly Changing Dimension: a changed fixed attribute fails the data flow in SSIS; here a dbt "
			"test fails after the models ran");
		df_assert(L, comp, j, and2(L, comp, matched, fixed),
			  "a fixed attribute of the Slowly Changing Dimension changed: SSIS fails the data flow");
	} else if (fixed && !(fixed_out && df_connected(L, fixed_out))) {
		ir_warn(L->c, comp->loc, IR_W_semantics_approximated, comp->path,
			"Slowly Changing Dimension: rows whose fixed attribute changed are dropped (the Fixed Attribute "
			"Output is not connected)");
	}
	route(L, comp, j, "Fixed Attribute Output", fixed ? and2(L, comp, matched, fixed) : NULL);
	route(L, comp, j, "Changing Attribute Updates Output",
	      changing ? and2(L, comp, and2(L, comp, matched, not_fixed), changing) : NULL);
	route(L, comp, j, "Historical Attribute Inserts Output",
	      historical ? and2(L, comp, and2(L, comp, matched, not_fixed), historical) : NULL);
	IrSqlx *any = NULL;
	IrSqlx *kinds[3] = {fixed, changing, historical};
	for (size_t i = 0; i < 3; i++)
		if (kinds[i])
			any = any ? ir_sqlx_op2(L->c, comp->loc, IR_SQLX_OR, any, kinds[i]) : kinds[i];
	route(L, comp, j, "Unchanged Output", any ? and2(L, comp, matched, not_(L, comp, any)) : matched);
}

/* SSIS fails on a NULL business key: a test that fails when one arrives. */
static void null_key_assert(DfLower *L, const IrComponent *comp, RelNode *j, const ScdPlan *pl)
{
	IrSqlx *any = NULL;
	for (size_t i = 0; i < pl->ncols; i++) {
		if (pl->cols[i].kind != REL_SCD_KEY)
			continue;
		IrSqlx *t = ir_sqlx_is_null(L->c, comp->loc, df_ref(L, pl->cols[i].in), false);
		any = any ? ir_sqlx_op2(L->c, comp->loc, IR_SQLX_OR, any, t) : t;
	}
	if (any)
		df_assert(L, comp, j, any, "a NULL business key reached the Slowly Changing Dimension: SSIS fails the data flow");
}

static RelStatus scd_placeholder(DfLower *L, const IrComponent *comp, const RelScd *scd, const char *why)
{
	size_t first = L->g->nodes.len;
	L->reason = why;
	RelStatus st = df_placeholder_component(L, comp);
	for (size_t i = first; i < L->g->nodes.len; i++) {
		RelNode *n = IR_VEC_AT(L->g->nodes, RelNode, i);
		if (n->kind == REL_PLACEHOLDER && n->component == comp && n->ninputs == 1)
			n->u.placeholder.scd = scd;
	}
	return st;
}

RelStatus df_scd(DfLower *L, const IrComponent *comp)
{
	RelNode *in = df_input(L, df_main_input(comp));
	if (!in) {
		L->reason = "the component's input is not connected";
		return df_placeholder_component(L, comp);
	}
	ScdPlan *pl = ir_alloc(L->c->arena, sizeof *pl);
	RelScd *scd = pl->scd = ir_alloc(L->c->arena, sizeof *scd);
	scd->dimension_query = df_prop_str(&comp->props, "SqlCommand");
	scd->current_row_where = df_prop_str(&comp->props, "CurrentRowWhere");
	scd->update_changing_history = df_prop_bool(&comp->props, "UpdateChangingAttributeHistory", false);
	scd->fail_on_fixed_change = df_prop_bool(&comp->props, "FailOnFixedAttributeChange", true);
	scd->inferred_members = df_prop_bool(&comp->props, "EnableInferredMember", false);
	plan_columns(L, comp, in, pl);
	const char *why = untranslatable(L, comp, pl);
	if (why)
		return scd_placeholder(L, comp, scd, why);
	RelNode *j = lookup(L, comp, in, dimension(L, comp, pl), pl);
	null_key_assert(L, comp, j, pl);
	outputs(L, comp, j, pl);
	L->reason = "a lookup of the current dimension row by business key, a filter per output";
	return REL_ST_TRANSLATED;
}
