/* dataflow_sink.c — the destinations: a Sink per destination component,
 * mapping each external (table or file) column to the input column that
 * feeds it; Recordset and DataReader destinations have no table and become
 * placeholders. */
#include <string.h>

#include "dataflow.h"

/* Where each destination class names its table, and the modes that read
 * the name from a variable / insert row by row (NULLs kept). */
static const struct {
	const char *cls;
	const char *table_prop, *keep_nulls_prop;
	int var_mode1, var_mode2, sql_mode, fast_mode1, fast_mode2;  /* -1: none */
} sink_kinds[] = {
	{"Microsoft.OLEDBDestination", "OpenRowset", "FastLoadKeepNulls", 1, 4, 2, 3, 4},
	{"Microsoft.ExcelDestination", "OpenRowset", NULL, 1, -1, 2, -1, -1},
	{"Microsoft.SQLServerDestination", "BulkInsertTableName", "BulkInsertKeepNulls", -1, -1, -1, 0, -1},
	{"Microsoft.ADONETDestination", "TableOrViewName", NULL, -1, -1, -1, -1, -1},
	{"Microsoft.SSISODBCDst", "TableName", NULL, -1, -1, -1, -1, -1},
	{"Microsoft.SSISOracleDst", "TableName", NULL, -1, -1, -1, -1, -1},
	{"Microsoft.FlatFileDestination", NULL, NULL, -1, -1, -1, -1, -1},
};

static int kind_of(const IrComponent *comp)
{
	for (size_t i = 0; i < sizeof sink_kinds / sizeof *sink_kinds; i++)
		if (strcmp(sink_kinds[i].cls, comp->class_name) == 0)
			return (int)i;
	return 0;
}

/* A Sort reaches the sink through operators that keep row order. */
static bool ordered_input(const RelNode *n)
{
	while (n && (n->kind == REL_PROJECT || n->kind == REL_FILTER))
		n = n->inputs[0];
	return n && n->kind == REL_SORT;
}

static const IrColumn *feeding_column(const IrPort *in, const IrColumn *ext)
{
	for (size_t i = 0; ext->id && i < in->columns.len; i++) {
		const IrColumn *ic = IR_VEC_AT(in->columns, IrColumn, i);
		if (ic->external_metadata_column_id && strcmp(ic->external_metadata_column_id, ext->id) == 0)
			return ic;
	}
	return NULL;
}

static void map_columns(DfLower *L, const IrComponent *comp, const IrPort *port, RelNode *in, RelSink *s)
{
	bool by_ext = port->external_columns.len > 0;
	size_t n = by_ext ? port->external_columns.len : port->columns.len;
	s->ndest = n;
	s->dest_columns = ir_alloc(L->c->arena, (n + 1) * sizeof *s->dest_columns);
	s->dest_from = ir_alloc(L->c->arena, (n + 1) * sizeof *s->dest_from);
	s->dest_types = ir_alloc(L->c->arena, (n + 1) * sizeof *s->dest_types);
	for (size_t k = 0; k < n; k++) {
		const IrColumn *ext = by_ext ? IR_VEC_AT(port->external_columns, IrColumn, k) : NULL;
		const IrColumn *ic = by_ext ? feeding_column(port, ext) : IR_VEC_AT(port->columns, IrColumn, k);
		const RelCol *col = ic ? df_in_col(L, comp, in, ic) : NULL;
		s->dest_columns[k] = ext ? ext->name : col ? col->ssis_name : ic->name;
		s->dest_from[k] = col ? col->name : NULL;
		s->dest_types[k] = ir_rel_column_type(ext ? ext : ic);
		if (!s->dest_types[k].dt && col)
			s->dest_types[k] = col->type;
	}
}

static RelStatus table_of(DfLower *L, const IrComponent *comp, int k, RelSink *s)
{
	long mode = df_prop_int(&comp->props, "AccessMode", kind_of(comp) == 0 ? 3 : 0);
	const char *name = NULL;
	if (mode == sink_kinds[k].var_mode1 || mode == sink_kinds[k].var_mode2) {
		const char *var = df_prop_str(&comp->props, "OpenRowsetVariable");
		name = df_variable_value(L, var);
		if (!name) {
			L->reason = ir_sprintf(L->c->arena, "the table name comes from %s, computed at run time",
					       var ? var : "a variable");
			return REL_ST_PLACEHOLDER;
		}
	} else if (mode == sink_kinds[k].sql_mode) {
		L->reason = "the destination writes through a SQL command";
		return REL_ST_PLACEHOLDER;
	} else if (sink_kinds[k].table_prop) {
		name = df_prop_str(&comp->props, sink_kinds[k].table_prop);
	}
	if (!name) {
		L->reason = "the destination names no table";
		return REL_ST_UNSUPPORTED;
	}
	bool excel = strcmp(comp->class_name, "Microsoft.ExcelDestination") == 0;
	df_table_name(L, name, excel ? NULL : "dbo", &s->schema, &s->table);
	bool row_by_row = sink_kinds[k].fast_mode1 >= 0 && mode != sink_kinds[k].fast_mode1 &&
			  mode != sink_kinds[k].fast_mode2;
	s->keep_nulls = !sink_kinds[k].keep_nulls_prop || row_by_row ||
			df_prop_bool(&comp->props, sink_kinds[k].keep_nulls_prop, false);
	return REL_ST_TRANSLATED;
}

RelStatus df_sink(DfLower *L, const IrComponent *comp)
{
	const IrPort *port = df_main_input(comp);
	RelNode *in = df_input(L, port);
	if (!in) {
		L->reason = "the destination has no input: it writes nothing";
		return REL_ST_TRANSLATED;
	}
	RelSink s = {0};
	int k = kind_of(comp);
	s.flatfile = strcmp(comp->class_name, "Microsoft.FlatFileDestination") == 0;
	RelStatus st = REL_ST_TRANSLATED;
	if (s.flatfile) {
		s.load = df_prop_bool(&comp->props, "Overwrite", true) ? REL_LOAD_REPLACE : REL_LOAD_APPEND;
		s.keep_nulls = true;
	} else {
		s.load = REL_LOAD_APPEND;  /* SSIS never truncates a table by itself */
		st = table_of(L, comp, k, &s);
	}
	if (st == REL_ST_PLACEHOLDER)
		return df_placeholder_component(L, comp);
	RelNode *n = ir_rel_node_new(L->c, L->g, REL_SINK, comp->name, comp, comp->loc, 1, 0);
	n->inputs[0] = in;
	s.conn = df_conn(comp, &s.conn_name);
	s.ordered = ordered_input(in);
	map_columns(L, comp, port, in, &s);
	n->u.sink = s;
	return st;
}

RelStatus df_sink_memory(DfLower *L, const IrComponent *comp)
{
	const char *var = df_prop_str(&comp->props, "VariableName");
	L->reason = var ? ir_sprintf(L->c->arena, "writes its rows into the Object variable %s, not a table", var)
		: "an in-memory destination (DataReader): no table to write";
	return df_placeholder_component(L, comp);
}
