/* dataflow_rowwise.c — the synchronous row-wise components: Derived Column,
 * Data Conversion, Copy Column, Character Map, Audit, Row Count, Multicast.
 * A synchronous output carries the whole input buffer plus
 * the component's own columns: each becomes one Project over its input. */
#include <string.h>

#include "dataflow.h"

static RelStatus unconnected(DfLower *L, const IrComponent *comp)
{
	L->reason = "the component's input is not connected";
	return df_placeholder_component(L, comp);
}

/* The output columns that carry property `prop` (new columns). */
static size_t count_with(const IrPort *out, const char *prop)
{
	size_t n = 0;
	for (size_t k = 0; out && k < out->columns.len; k++)
		n += df_prop(&IR_VEC_AT(out->columns, IrColumn, k)->props, prop) != NULL;
	return n;
}

static size_t col_index(const RelNode *n, const RelCol *col)
{
	return (size_t)(col - n->cols);
}

static bool ignores_errors(const IrColumn *c)
{
	return df_is_ignore(c->error_row_disposition);
}

/* ---- Derived Column -------------------------------------------------------- */
/* Every expression reads the input row, replaced columns included: SELECT
 * has the same parallel semantics. */
RelStatus df_derived_column(DfLower *L, const IrComponent *comp)
{
	RelNode *in = df_input(L, df_main_input(comp));
	const IrPort *out = df_main_output(comp);
	if (!in || !out)
		return unconnected(L, comp);
	const IrPort *inp = df_main_input(comp);
	RelNode *n = df_project_over(L, comp, in, count_with(out, "Expression"), comp->name);
	for (size_t k = 0; k < inp->columns.len; k++) {
		const IrColumn *ic = IR_VEC_AT(inp->columns, IrColumn, k);
		const IrProp *e = df_prop(&ic->props, "Expression");
		const RelCol *col;
		if (!e || !(col = df_in_col(L, comp, in, ic)))
			continue;
		size_t j = col_index(in, col);
		IrType t = ir_rel_column_type(ic);
		if (!t.dt)
			t = col->type;
		n->cols[j].type = t;
		n->cols[j].origin = comp;
		n->u.project.exprs[j] = ir_rel_e_cast(L->c, df_ssis_expr(L, comp, in, e), t, ignores_errors(ic));
	}
	for (size_t k = 0, j = in->ncols; k < out->columns.len; k++) {
		const IrColumn *oc = IR_VEC_AT(out->columns, IrColumn, k);
		const IrProp *e = df_prop(&oc->props, "Expression");
		if (!e)
			continue;
		df_set_col(L, n, j, oc, comp);
		n->u.project.exprs[j] = ir_rel_e_cast(L->c, df_ssis_expr(L, comp, in, e), n->cols[j].type,
						      ignores_errors(oc));
		j++;
	}
	df_output(L, out, n);
	return L->untranslated ? REL_ST_PLACEHOLDER : REL_ST_TRANSLATED;
}

/* ---- Data Conversion, Copy Column ------------------------------------------ */
/* New columns, each computed from one input column named by `prop`. */
typedef IrSqlx *(*ColumnFn)(DfLower *L, const IrComponent *comp, const IrColumn *oc, const RelCol *src, IrType t);

static RelStatus per_column(DfLower *L, const IrComponent *comp, const char *prop, ColumnFn fn)
{
	RelNode *in = df_input(L, df_main_input(comp));
	const IrPort *out = df_main_output(comp);
	if (!in || !out)
		return unconnected(L, comp);
	RelNode *n = df_project_over(L, comp, in, count_with(out, prop), comp->name);
	size_t j = in->ncols;
	for (size_t k = 0; k < out->columns.len; k++) {
		const IrColumn *oc = IR_VEC_AT(out->columns, IrColumn, k);
		const IrProp *p = df_prop(&oc->props, prop);
		if (!p)
			continue;
		df_set_col(L, n, j, oc, comp);
		const RelCol *src = df_ref_col(L, comp, in, p->value.s);
		n->u.project.exprs[j] = src ? fn(L, comp, oc, src, n->cols[j].type) : ir_rel_e_null(L->c, n->cols[j].type);
		j++;
	}
	df_output(L, out, n);
	return L->untranslated ? REL_ST_PLACEHOLDER : REL_ST_TRANSLATED;
}

static bool redirects(const IrColumn *c)
{
	return df_is_redirect(c->error_row_disposition) || df_is_redirect(c->truncation_row_disposition);
}

static IrSqlx *convert_fn(DfLower *L, const IrComponent *comp, const IrColumn *oc, const RelCol *src, IrType t)
{
	(void)comp;
	bool try_ = ignores_errors(oc) || df_is_ignore(oc->truncation_row_disposition) || redirects(oc);
	return ir_rel_e_cast(L->c, df_ref(L, src), t, try_);
}

/* Rows whose conversion into a RedirectRow column fails: the converted
 * column (a TRY_CAST) is NULL while its source column (passed through
 * under the same name) is not. */
static IrSqlx *conversion_fails(DfLower *L, const IrComponent *comp, const RelNode *n)
{
	IrSqlx *any = NULL;
	const IrPort *out = df_main_output(comp);
	for (size_t k = 0; k < out->columns.len; k++) {
		const IrColumn *oc = IR_VEC_AT(out->columns, IrColumn, k);
		const RelCol *col = ir_rel_find_lineage(n, df_lineage_key(L, oc->lineage_id));
		const IrSqlx *cast = col ? n->u.project.exprs[col - n->cols] : NULL;
		if (!col || !redirects(oc) || cast->kind != IR_SQLX_CAST || cast->u.cast.e->kind != IR_SQLX_COLUMN)
			continue;
		const RelCol *src = ir_rel_find_col(n, cast->u.cast.e->u.column.name);
		if (!src)
			continue;
		IrSqlx *f = ir_sqlx_op2(L->c, comp->loc, IR_SQLX_AND, ir_sqlx_is_null(L->c, comp->loc, df_ref(L, col), false),
					ir_sqlx_is_null(L->c, comp->loc, df_ref(L, src), true));
		any = any ? ir_sqlx_op2(L->c, comp->loc, IR_SQLX_OR, any, f) : f;
	}
	return any;
}

/* RedirectRow with the error output attached: the failing rows go there,
 * the others to the main output (SSIS error code: a constant, -1). */
static void split_conversion_errors(DfLower *L, const IrComponent *comp)
{
	const IrPort *out = df_main_output(comp), *err = df_error_output(comp);
	RelNode *n = out ? df_port_node(L, out) : NULL;
	IrSqlx *fails = n && n->kind == REL_PROJECT && err && df_connected(L, err) ? conversion_fails(L, comp, n) : NULL;
	if (!fails)
		return;
	RelNode *ok = df_filter(L, comp, n, ir_sqlx_op1(L->c, comp->loc, IR_SQLX_NOT, fails), out->name);
	for (size_t i = 0; i < L->port_nodes.len; i++) {
		DfPortNode *pn = IR_VEC_AT(L->port_nodes, DfPortNode, i);
		if (pn->port == out)
			pn->node = ok;
	}
	df_error_rows(L, comp, df_filter(L, comp, n, fails, err->name), -1);
}

RelStatus df_data_convert(DfLower *L, const IrComponent *comp)
{
	RelStatus st = per_column(L, comp, "SourceInputColumnLineageID", convert_fn);
	if (st == REL_ST_TRANSLATED)
		split_conversion_errors(L, comp);
	return st;
}

static IrSqlx *copy_fn(DfLower *L, const IrComponent *comp, const IrColumn *oc, const RelCol *src, IrType t)
{
	(void)comp, (void)oc, (void)t;
	return df_ref(L, src);
}

RelStatus df_copy_column(DfLower *L, const IrComponent *comp)
{
	return per_column(L, comp, "copyColumnId", copy_fn);
}

/* ---- Character Map ------------------------------------------------------------ */
/* LCMapString flags (components.md §2.4); only the case mappings have an
 * exact SQL equivalent. */
enum { MAP_LOWER = 0x100, MAP_UPPER = 0x200 };

static IrSqlx *map_value(DfLower *L, const IrComponent *comp, long flags, IrSqlx *v)
{
	if (flags == MAP_LOWER)
		return ir_sqlx_func(L->c, comp->loc, "lower", 1, v);
	if (flags == MAP_UPPER)
		return ir_sqlx_func(L->c, comp->loc, "upper", 1, v);
	L->untranslated++;
	L->reason = ir_sprintf(L->c->arena, "Character Map flags 0x%lx have no SQL equivalent (only lowercase "
			       "0x100 and uppercase 0x200 do)", flags);
	IrSqlx *args[2] = {v, ir_sqlx_int(L->c, comp->loc, flags)};
	return ir_sqlx_macro(L->c, comp->loc, "character_map", 2, args);
}

static IrSqlx *charmap_fn(DfLower *L, const IrComponent *comp, const IrColumn *oc, const RelCol *src, IrType t)
{
	return ir_rel_e_cast(L->c, map_value(L, comp, df_prop_int(&oc->props, "MapFlags", 0), df_ref(L, src)), t, false);
}

RelStatus df_character_map(DfLower *L, const IrComponent *comp)
{
	RelStatus st = per_column(L, comp, "InputColumnLineageId", charmap_fn);
	if (st == REL_ST_PLACEHOLDER && !L->untranslated)
		return st;
	/* In-place mappings: readWrite input columns with MapFlags. */
	RelNode *n = df_port_node(L, df_main_output(comp));
	const IrPort *inp = df_main_input(comp);
	for (size_t k = 0; n && k < inp->columns.len; k++) {
		const IrColumn *ic = IR_VEC_AT(inp->columns, IrColumn, k);
		const IrProp *f = df_prop(&ic->props, "MapFlags");
		const RelCol *col = f ? df_in_col(L, comp, n->inputs[0], ic) : NULL;
		if (!col)
			continue;
		size_t j = col_index(n->inputs[0], col);
		n->u.project.exprs[j] = map_value(L, comp, df_prop_int(&ic->props, "MapFlags", 0), df_ref(L, col));
	}
	return L->untranslated ? REL_ST_PLACEHOLDER : REL_ST_TRANSLATED;
}

/* ---- Audit ---------------------------------------------------------------- */
/* LineageItemSelected: what dbt knows (invocation id, run start), what the
 * package says (ids, names), what it cannot know (machine, user). */
static IrSqlx *audit_item(DfLower *L, const IrComponent *comp, long item, bool *approx)
{
	const IrPackage *p = L->package;
	switch (item) {
	case 0: return ir_rel_e_runtime(L->c, "invocation_id");
	case 1: return ir_rel_e_str(L->c, p && p->dtsid ? p->dtsid : "");
	case 2: return ir_rel_e_str(L->c, p && p->name ? p->name : "");
	case 3: return ir_rel_e_str(L->c, p && p->version_guid ? p->version_guid : "");
	case 4: return ir_rel_e_runtime(L->c, "run_started_at");
	case 7: return ir_rel_e_str(L->c, L->task && L->task->name ? L->task->name : "");
	case 8: return ir_rel_e_str(L->c, L->task && L->task->dtsid ? L->task->dtsid : "");
	default:
		*approx = true;
		(void)comp;
		return ir_rel_e_runtime(L->c, item == 5 ? "machine_name" : "user_name");
	}
}

static IrSqlx *audit_fn(DfLower *L, const IrComponent *comp, const IrColumn *oc, IrType t, bool *approx)
{
	return ir_rel_e_cast(L->c, audit_item(L, comp, df_prop_int(&oc->props, "LineageItemSelected", -1), approx), t, false);
}

RelStatus df_audit(DfLower *L, const IrComponent *comp)
{
	RelNode *in = df_input(L, df_main_input(comp));
	const IrPort *out = df_main_output(comp);
	if (!in || !out)
		return unconnected(L, comp);
	RelNode *n = df_project_over(L, comp, in, count_with(out, "LineageItemSelected"), comp->name);
	bool approx = false;
	for (size_t k = 0, j = in->ncols; k < out->columns.len; k++) {
		const IrColumn *oc = IR_VEC_AT(out->columns, IrColumn, k);
		if (!df_prop(&oc->props, "LineageItemSelected"))
			continue;
		df_set_col(L, n, j, oc, comp);
		n->u.project.exprs[j] = audit_fn(L, comp, oc, n->cols[j].type, &approx);
		j++;
	}
	if (approx) {
		L->reason = "MachineName / UserName are the dbt run's (macros ssis_machine_name / ssis_user_name)";
		ir_warn(L->c, comp->loc, IR_W_semantics_approximated, comp->path,
			"Audit: the machine and user names are those of the dbt run, not of the SSIS server");
	}
	df_output(L, out, n);
	return REL_ST_TRANSLATED;
}

/* ---- pass-through components --------------------------------------------------- */
static RelStatus pass_through(DfLower *L, const IrComponent *comp, RelNode **in_out)
{
	RelNode *in = df_input(L, df_main_input(comp));
	if (!in)
		return unconnected(L, comp);
	for (size_t i = 0; i < comp->outputs.len; i++) {
		const IrPort *o = IR_VEC_AT(comp->outputs, IrPort, i);
		if (!o->is_error_out)
			df_output(L, o, in);
	}
	*in_out = in;
	return REL_ST_TRANSLATED;
}

/* Multicast: one node, several consumers. */
RelStatus df_multicast(DfLower *L, const IrComponent *comp)
{
	RelNode *in;
	return pass_through(L, comp, &in);
}

/* Row Count: the rows pass unchanged; the count SSIS writes into the
 * variable after the last row is reported as an effect of the graph. */
RelStatus df_row_count(DfLower *L, const IrComponent *comp)
{
	RelNode *in = NULL;
	RelStatus st = pass_through(L, comp, &in);
	if (st != REL_ST_TRANSLATED)
		return st;
	RelEffect *e = ir_alloc(L->c->arena, sizeof *e);
	e->kind = REL_EFFECT_ROW_COUNT;
	e->node = in;
	e->variable = df_prop_str(&comp->props, "VariableName");
	e->component = comp;
	e->loc = comp->loc;
	ir_vec_push(L->c->arena, &L->g->effects, e);
	L->reason = ir_sprintf(L->c->arena, "the row count is written into %s after the data flow (reported as an effect)",
			       e->variable ? e->variable : "no variable");
	return REL_ST_TRANSLATED;
}
