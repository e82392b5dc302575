/* dataflow_set.c — the asynchronous components, whose outputs start new
 * lineage: Merge Join, Union All and Merge, Sort, Aggregate, Pivot, Unpivot. */
#include <stdlib.h>
#include <string.h>

#include "dataflow.h"

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

/* The input column of comp whose own id (not lineage) is `ref`. */
static const IrColumn *input_column_by_id(DfLower *L, const IrComponent *comp, const char *ref, size_t *port)
{
	const char *key = df_lineage_key(L, ref);
	for (size_t i = 0; key && i < comp->inputs.len; i++) {
		const IrPort *p = IR_VEC_AT(comp->inputs, IrPort, i);
		for (size_t k = 0; k < p->columns.len; k++) {
			const IrColumn *ic = IR_VEC_AT(p->columns, IrColumn, k);
			if ((ic->id && df_lineage_key(L, ic->id) == key) ||
			    (ic->lineage_id && df_lineage_key(L, ic->lineage_id) == key)) {
				*port = i;
				return ic;
			}
		}
	}
	return NULL;
}

/* ---- Merge Join --------------------------------------------------------------- */
typedef struct KeyCol {
	int pos;
	const IrColumn *col;
} KeyCol;

static int by_pos(const void *a, const void *b)
{
	const KeyCol *x = a, *y = b;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

static int sort_position(const IrColumn *ic)
{
	int p = ic->sort_key_position;
	if (!p && ic->upstream)
		p = ic->upstream->sort_key_position;
	return p < 0 ? -p : p;
}

/* The first nkeys sort-key columns of an input, by SortKeyPosition. */
static size_t join_keys(DfLower *L, const IrComponent *comp, const IrPort *p, RelNode *in, size_t nkeys,
			const char **out)
{
	KeyCol *keys = ir_alloc(L->c->arena, (p->columns.len + 1) * sizeof *keys);
	size_t n = 0;
	for (size_t k = 0; k < p->columns.len; k++) {
		const IrColumn *ic = IR_VEC_AT(p->columns, IrColumn, k);
		int pos = sort_position(ic);
		if (pos)
			keys[n++] = (KeyCol){pos, ic};
	}
	qsort(keys, n, sizeof *keys, by_pos);
	size_t got = 0;
	for (size_t k = 0; k < n && got < nkeys; k++) {
		const RelCol *col = df_in_col(L, comp, in, keys[k].col);
		if (col)
			out[got++] = col->name;
	}
	return got;
}

RelStatus df_merge_join(DfLower *L, const IrComponent *comp)
{
	if (comp->inputs.len != 2)
		return unconnected(L, comp);
	size_t li = 0;
	const IrPort *p1 = IR_VEC_AT(comp->inputs, IrPort, 1);
	if (p1->name && strstr(p1->name, "Left"))
		li = 1;
	const IrPort *ports[2] = {IR_VEC_AT(comp->inputs, IrPort, li), IR_VEC_AT(comp->inputs, IrPort, 1 - li)};
	RelNode *ins[2] = {df_input(L, ports[0]), df_input(L, ports[1])};
	const IrPort *out = df_main_output(comp);
	if (!ins[0] || !ins[1] || !out)
		return unconnected(L, comp);
	size_t nkeys = (size_t)df_prop_int(&comp->props, "NumKeyColumns", 1);
	const char **lk = ir_alloc(L->c->arena, (nkeys + 1) * sizeof(char *));
	const char **rk = ir_alloc(L->c->arena, (nkeys + 1) * sizeof(char *));
	size_t nl = join_keys(L, comp, ports[0], ins[0], nkeys, lk);
	size_t nr = join_keys(L, comp, ports[1], ins[1], nkeys, rk);
	if (nl < nkeys || nr < nkeys || nkeys == 0) {
		L->reason = ir_sprintf(L->c->arena, "Merge Join wants %zu key columns; its inputs are sorted on %zu and %zu",
				       nkeys, nl, nr);
		return df_placeholder_component(L, comp);
	}
	RelNode *j = ir_rel_node_new(L->c, L->g, REL_JOIN, comp->name, comp, comp->loc, 2, out->columns.len);
	RelJoin *jn = &j->u.join;
	j->inputs[0] = ins[0];
	j->inputs[1] = ins[1];
	static const RelJoinKind kinds[] = {REL_JOIN_FULL, REL_JOIN_LEFT, REL_JOIN_INNER};
	long jt = df_prop_int(&comp->props, "JoinType", 2);
	jn->kind = kinds[jt >= 0 && jt <= 2 ? jt : 2];
	jn->left_keys = lk;
	jn->right_keys = rk;
	jn->nkeys = nkeys;
	jn->nulls_equal = df_prop_bool(&comp->props, "TreatNullsAsEqual", true);
	jn->binary_compare = true;
	jn->col_side = ir_alloc(L->c->arena, (out->columns.len + 1) * sizeof(int));
	jn->col_source = ir_alloc(L->c->arena, (out->columns.len + 1) * sizeof(char *));
	RelStatus st = REL_ST_TRANSLATED;
	for (size_t k = 0; k < out->columns.len; k++) {
		const IrColumn *oc = IR_VEC_AT(out->columns, IrColumn, k);
		df_set_col(L, j, k, oc, comp);
		size_t port = 0;
		const IrColumn *ic = input_column_by_id(L, comp, df_prop_str(&oc->props, "InputColumnID"), &port);
		int side = port == li ? 0 : 1;
		const RelCol *src = ic ? df_in_col(L, comp, ins[side], ic) : NULL;
		jn->col_side[k] = src ? side : 0;
		jn->col_source[k] = src ? src->name : lk[0];
		if (!src) {
			L->reason = ir_sprintf(L->c->arena, "output column '%s' names no input column", oc->name);
			st = REL_ST_UNSUPPORTED;
		}
	}
	df_output(L, out, j);
	return st;
}

/* ---- Union All, Merge -------------------------------------------------------- */
static long out_index(DfLower *L, const IrPort *out, const char *ref)
{
	const char *key = df_lineage_key(L, ref);
	for (size_t k = 0; key && k < out->columns.len; k++) {
		const IrColumn *oc = IR_VEC_AT(out->columns, IrColumn, k);
		if (df_lineage_key(L, oc->lineage_id ? oc->lineage_id : oc->id) == key ||
		    (oc->id && df_lineage_key(L, oc->id) == key))
			return (long)k;
	}
	return -1;
}

RelStatus df_union_all(DfLower *L, const IrComponent *comp)
{
	const IrPort *out = df_main_output(comp);
	size_t nin = 0;
	for (size_t i = 0; i < comp->inputs.len; i++)
		nin += df_input(L, IR_VEC_AT(comp->inputs, IrPort, i)) != NULL;
	if (!out || !nin)
		return unconnected(L, comp);
	RelNode *u = ir_rel_node_new(L->c, L->g, REL_UNION, comp->name, comp, comp->loc, nin, out->columns.len);
	u->u.union_.map = ir_alloc(L->c->arena, nin * sizeof *u->u.union_.map);
	for (size_t k = 0; k < out->columns.len; k++)
		df_set_col(L, u, k, IR_VEC_AT(out->columns, IrColumn, k), comp);
	for (size_t i = 0, j = 0; i < comp->inputs.len; i++) {
		const IrPort *p = IR_VEC_AT(comp->inputs, IrPort, i);
		RelNode *in = df_input(L, p);
		if (!in)
			continue;
		const char **map = ir_alloc(L->c->arena, (out->columns.len + 1) * sizeof *map);
		for (size_t k = 0; k < p->columns.len; k++) {
			const IrColumn *ic = IR_VEC_AT(p->columns, IrColumn, k);
			long o = out_index(L, out, df_prop_str(&ic->props, "OutputColumnLineageID"));
			const RelCol *col = o >= 0 ? df_in_col(L, comp, in, ic) : NULL;
			if (col)
				map[o] = col->name;
		}
		u->inputs[j] = in;
		u->u.union_.map[j++] = map;
	}
	df_output(L, out, u);
	return REL_ST_TRANSLATED;
}

/* ---- Sort ---------------------------------------------------------------------- */
typedef struct SortIn {
	int pos;                 /* |NewSortKeyPosition| */
	bool desc;
	unsigned flags;
	const char *lineage;     /* of the input column */
} SortIn;

static int by_sort_pos(const void *a, const void *b)
{
	const SortIn *x = a, *y = b;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/* The output column that copies input lineage `lin`. */
static const RelCol *sorted_col(const RelNode *p, const char *const *src_lineage, const char *lin)
{
	for (size_t k = 0; k < p->ncols; k++)
		if (src_lineage[k] == lin)
			return &p->cols[k];
	return NULL;
}

RelStatus df_sort(DfLower *L, const IrComponent *comp)
{
	RelNode *in = df_input(L, df_main_input(comp));
	const IrPort *out = df_main_output(comp);
	if (!in || !out)
		return unconnected(L, comp);
	const IrPort *inp = df_main_input(comp);
	/* The output columns: new lineage, each a copy of an input column. */
	RelNode *p = ir_rel_node_new(L->c, L->g, REL_PROJECT, comp->name, comp, comp->loc, 1, out->columns.len);
	p->inputs[0] = in;
	p->u.project.exprs = ir_alloc(L->c->arena, (out->columns.len + 1) * sizeof(IrSqlx *));
	const char **src_lineage = ir_alloc(L->c->arena, (out->columns.len + 1) * sizeof(char *));
	for (size_t k = 0; k < out->columns.len; k++) {
		const IrColumn *oc = IR_VEC_AT(out->columns, IrColumn, k);
		df_set_col(L, p, k, oc, comp);
		const RelCol *src = df_ref_col(L, comp, in, df_prop_str(&oc->props, "SortColumnId"));
		p->u.project.exprs[k] = src ? df_ref(L, src) : ir_rel_e_null(L->c, p->cols[k].type);
		src_lineage[k] = src ? src->lineage : NULL;
	}
	SortIn *keys = ir_alloc(L->c->arena, (inp->columns.len + 1) * sizeof *keys);
	size_t nkeys = 0;
	for (size_t k = 0; k < inp->columns.len; k++) {
		const IrColumn *ic = IR_VEC_AT(inp->columns, IrColumn, k);
		long pos = df_prop_int(&ic->props, "NewSortKeyPosition", 0);
		if (pos)
			keys[nkeys++] = (SortIn){(int)(pos < 0 ? -pos : pos), pos < 0,
						 (unsigned)df_prop_int(&ic->props, "NewComparisonFlags", 0),
						 df_lineage_key(L, ic->lineage_id)};
	}
	qsort(keys, nkeys, sizeof *keys, by_sort_pos);
	RelSortKey *sk = ir_alloc(L->c->arena, (nkeys + 1) * sizeof *sk);
	size_t n = 0;
	for (size_t k = 0; k < nkeys; k++) {
		const RelCol *col = sorted_col(p, src_lineage, keys[k].lineage);
		if (col)
			sk[n++] = (RelSortKey){col->name, keys[k].desc, keys[k].flags};
	}
	RelNode *top = p;
	if (df_prop_bool(&comp->props, "EliminateDuplicates", false)) {
		RelNode *d = ir_rel_node_new(L->c, L->g, REL_DISTINCT, comp->name, comp, comp->loc, 1, p->ncols);
		d->inputs[0] = p;
		df_copy_cols(d, p);
		d->u.distinct.nkeys = n;
		d->u.distinct.keys = ir_alloc(L->c->arena, (n + 1) * sizeof(char *));
		for (size_t k = 0; k < n; k++)
			d->u.distinct.keys[k] = sk[k].column;
		if (n < p->ncols)
			ir_warn(L->c, comp->loc, IR_W_sort_dedup_arbitrary, comp->path,
				"EliminateDuplicates keeps one row per sort key; the values of the %zu other column%s "
				"come from an arbitrary row", p->ncols - n, p->ncols - n == 1 ? "" : "s");
		top = d;
	}
	RelNode *s = ir_rel_node_new(L->c, L->g, REL_SORT, comp->name, comp, comp->loc, 1, top->ncols);
	s->inputs[0] = top;
	df_copy_cols(s, top);
	s->u.sort.keys = sk;
	s->u.sort.nkeys = n;
	df_output(L, out, s);
	return REL_ST_TRANSLATED;
}

/* ---- Aggregate ----------------------------------------------------------------- */
RelStatus df_aggregate(DfLower *L, const IrComponent *comp)
{
	static const RelAggFn fns[] = {REL_AGG_GROUP, REL_AGG_COUNT, REL_AGG_COUNT_ALL, REL_AGG_COUNT_DISTINCT,
				       REL_AGG_SUM, REL_AGG_AVG, REL_AGG_MIN, REL_AGG_MAX};
	RelNode *in = df_input(L, df_main_input(comp));
	if (!in)
		return unconnected(L, comp);
	RelStatus st = REL_ST_TRANSLATED;
	for (size_t o = 0; o < comp->outputs.len; o++) {
		const IrPort *out = IR_VEC_AT(comp->outputs, IrPort, o);
		if (out->is_error_out)
			continue;
		RelNode *a = ir_rel_node_new(L->c, L->g, REL_AGGREGATE, comp->name, comp, comp->loc, 1, out->columns.len);
		a->inputs[0] = in;
		a->u.aggregate.fns = ir_alloc(L->c->arena, (out->columns.len + 1) * sizeof(RelAggFn));
		a->u.aggregate.args = ir_alloc(L->c->arena, (out->columns.len + 1) * sizeof(char *));
		for (size_t k = 0; k < out->columns.len; k++) {
			const IrColumn *oc = IR_VEC_AT(out->columns, IrColumn, k);
			df_set_col(L, a, k, oc, comp);
			long t = df_prop_int(&oc->props, "AggregationType", 0);
			a->u.aggregate.fns[k] = fns[t >= 0 && t <= 7 ? t : 0];
			if (a->u.aggregate.fns[k] == REL_AGG_COUNT_ALL)
				continue;
			const RelCol *src = df_ref_col(L, comp, in, df_prop_str(&oc->props, "AggregationColumnId"));
			if (src) {
				a->u.aggregate.args[k] = src->name;
			} else {
				a->u.aggregate.fns[k] = REL_AGG_COUNT_ALL;
				L->reason = ir_sprintf(L->c->arena, "aggregate column '%s' reads no input column", oc->name);
				st = REL_ST_UNSUPPORTED;
			}
		}
		df_output(L, out, a);
	}
	return st;
}

/* ---- Unpivot ---------------------------------------------------------------------- */
/* One branch per pivot key value: the pass-through columns, the key text and
 * the value columns; rows whose value is NULL are dropped; UNION ALL. */
RelStatus df_unpivot(DfLower *L, const IrComponent *comp)
{
	RelNode *in = df_input(L, df_main_input(comp));
	const IrPort *out = df_main_output(comp);
	if (!in || !out)
		return unconnected(L, comp);
	const IrPort *inp = df_main_input(comp);
	long key_col = -1;
	for (size_t k = 0; k < out->columns.len; k++)
		if (df_prop_bool(&IR_VEC_AT(out->columns, IrColumn, k)->props, "PivotKey", false))
			key_col = (long)k;
	const char **keys = ir_alloc(L->c->arena, (inp->columns.len + 1) * sizeof(char *));
	size_t nkeys = 0;
	for (size_t k = 0; k < inp->columns.len; k++) {
		const char *v = df_prop_str(&IR_VEC_AT(inp->columns, IrColumn, k)->props, "PivotKeyValue");
		bool seen = false;
		for (size_t i = 0; v && i < nkeys; i++)
			seen |= strcmp(keys[i], v) == 0;
		if (v && !seen)
			keys[nkeys++] = v;
	}
	if (key_col < 0 || !nkeys) {
		L->reason = "the Unpivot has no pivot key column or no pivoted input column";
		return df_placeholder_component(L, comp);
	}
	/* The output columns, computed once (the union is created after its branches). */
	RelNode cols = {.ncols = out->columns.len};
	cols.cols = ir_alloc(L->c->arena, (out->columns.len + 1) * sizeof *cols.cols);
	for (size_t k = 0; k < out->columns.len; k++)
		df_set_col(L, &cols, k, IR_VEC_AT(out->columns, IrColumn, k), comp);
	RelNode **branches = ir_alloc(L->c->arena, nkeys * sizeof *branches);
	RelNode *u = &cols;
	for (size_t b = 0; b < nkeys; b++) {
		RelNode *p = ir_rel_node_new(L->c, L->g, REL_PROJECT, comp->name, comp, comp->loc, 1, out->columns.len);
		p->inputs[0] = in;
		p->u.project.exprs = ir_alloc(L->c->arena, (out->columns.len + 1) * sizeof(IrSqlx *));
		IrSqlx *keep = NULL;
		for (size_t k = 0; k < out->columns.len; k++) {
			p->cols[k] = u->cols[k];
			p->cols[k].lineage = NULL;
			p->u.project.exprs[k] = ir_rel_e_null(L->c, u->cols[k].type);
		}
		p->u.project.exprs[key_col] = ir_rel_e_cast(L->c, ir_rel_e_str(L->c, keys[b]), u->cols[key_col].type, false);
		for (size_t k = 0; k < inp->columns.len; k++) {
			const IrColumn *ic = IR_VEC_AT(inp->columns, IrColumn, k);
			const char *v = df_prop_str(&ic->props, "PivotKeyValue");
			long o = out_index(L, out, df_prop_str(&ic->props, "DestinationColumn"));
			const RelCol *src = o >= 0 && (!v || strcmp(v, keys[b]) == 0) ? df_in_col(L, comp, in, ic) : NULL;
			if (!src)
				continue;
			p->u.project.exprs[o] = df_ref(L, src);
			if (v) {
				IrSqlx *nn = ir_sqlx_is_null(L->c, comp->loc, df_ref(L, &p->cols[o]), true);
				keep = keep ? ir_sqlx_op2(L->c, comp->loc, IR_SQLX_AND, keep, nn) : nn;
			}
		}
		branches[b] = keep ? df_filter(L, comp, p, keep, NULL) : p;
	}
	u = ir_rel_node_new(L->c, L->g, REL_UNION, comp->name, comp, comp->loc, nkeys, out->columns.len);
	memcpy(u->cols, cols.cols, out->columns.len * sizeof *u->cols);
	u->u.union_.map = ir_alloc(L->c->arena, nkeys * sizeof *u->u.union_.map);
	for (size_t b = 0; b < nkeys; b++) {
		u->inputs[b] = branches[b];
		u->u.union_.map[b] = ir_alloc(L->c->arena, (out->columns.len + 1) * sizeof(char *));
		for (size_t k = 0; k < out->columns.len; k++)
			u->u.union_.map[b][k] = branches[b]->cols[k].name;
	}
	L->reason = "a row whose pivoted values are all NULL is dropped (SSIS documents one NULL row for it)";
	df_output(L, out, u);
	return REL_ST_TRANSLATED;
}

/* ---- Pivot ----------------------------------------------------------------------- */
/* Project CASE WHEN key = 'v' THEN value END per pivoted column, then group
 * by the set key: MAX of each pivoted column, MIN of pass-through columns. */
RelStatus df_pivot(DfLower *L, const IrComponent *comp)
{
	RelNode *in = df_input(L, df_main_input(comp));
	const IrPort *out = df_main_output(comp);
	if (!in || !out)
		return unconnected(L, comp);
	const IrPort *inp = df_main_input(comp);
	const RelCol *pkey = NULL;
	const char **usage = ir_alloc(L->c->arena, (in->ncols + 1) * sizeof(char *));
	for (size_t k = 0; k < inp->columns.len; k++) {
		const IrColumn *ic = IR_VEC_AT(inp->columns, IrColumn, k);
		const RelCol *col = df_in_col(L, comp, in, ic);
		long u = df_prop_int(&ic->props, "PivotUsage", 0);
		if (col && u == 2)
			pkey = col;
		if (col)
			usage[col - in->cols] = u == 1 ? "key" : u == 0 ? "pass" : "value";
	}
	if (!pkey) {
		L->reason = "the Pivot has no pivot key column";
		return df_placeholder_component(L, comp);
	}
	size_t n = out->columns.len;
	RelNode *p = ir_rel_node_new(L->c, L->g, REL_PROJECT, comp->name, comp, comp->loc, 1, n);
	p->inputs[0] = in;
	p->u.project.exprs = ir_alloc(L->c->arena, (n + 1) * sizeof(IrSqlx *));
	RelNode *a = ir_rel_node_new(L->c, L->g, REL_AGGREGATE, comp->name, comp, comp->loc, 1, n);
	a->inputs[0] = p;
	a->u.aggregate.fns = ir_alloc(L->c->arena, (n + 1) * sizeof(RelAggFn));
	a->u.aggregate.args = ir_alloc(L->c->arena, (n + 1) * sizeof(char *));
	bool pass = false;
	for (size_t k = 0; k < n; k++) {
		const IrColumn *oc = IR_VEC_AT(out->columns, IrColumn, k);
		df_set_col(L, a, k, oc, comp);
		p->cols[k] = a->cols[k];
		p->cols[k].lineage = NULL;
		const RelCol *src = df_ref_col(L, comp, in, df_prop_str(&oc->props, "SourceColumn"));
		const char *kv = df_prop_str(&oc->props, "PivotKeyValue");
		IrSqlx *v = src ? df_ref(L, src) : ir_rel_e_null(L->c, a->cols[k].type);
		const char *use = src ? usage[src - in->cols] : NULL;
		if (kv) {
			IrSqlx *is = ir_sqlx_op2(L->c, comp->loc, IR_SQLX_STR_EQ,
						 ir_rel_e_cast(L->c, df_ref(L, pkey), wstr(4000), false), ir_rel_e_str(L->c, kv));
			v = ir_sqlx_case1(L->c, comp->loc, is, v, NULL);
		}
		p->u.project.exprs[k] = v;
		a->u.aggregate.fns[k] = kv ? REL_AGG_MAX : use && strcmp(use, "key") == 0 ? REL_AGG_GROUP : REL_AGG_MIN;
		a->u.aggregate.args[k] = p->cols[k].name;
		pass |= !kv && !(use && strcmp(use, "key") == 0);
	}
	if (pass)
		ir_warn(L->c, comp->loc, IR_W_semantics_approximated, comp->path,
			"Pivot pass-through columns take the first row's value in SSIS; MIN() is used here");
	L->reason = "set-key groups need not arrive consecutively here (SSIS needs sorted input)";
	df_output(L, out, a);
	return REL_ST_TRANSLATED;
}
