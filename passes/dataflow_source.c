/* dataflow_source.c — the source components: OLE DB, ADO.NET, ODBC, Excel
 * and Oracle sources (a table, a SQL command, either from a variable) and the
 * Flat File Source.  Each becomes a Scan whose columns are exactly the
 * component's output columns, typed from the package. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dataflow.h"
#include "frontend.h"
#include "tsql.h"

/* How each source class spells its access modes (dtsx_format.md §12). */
static const struct {
	const char *cls;
	const char *table_prop;
	int sql_mode, sql_var_mode, table_var_mode;  /* -1: none */
} source_kinds[] = {
	{"Microsoft.OLEDBSource", "OpenRowset", 2, 3, 1},
	{"Microsoft.ExcelSource", "OpenRowset", 2, 3, 1},
	{"Microsoft.DataReaderSourceAdapter", "TableOrViewName", 2, -1, -1},
	{"Microsoft.SSISODBCSrc", "TableName", 1, -1, -1},
	{"Microsoft.SSISOracleSrc", "TableName", 1, -1, -1},
};

static int kind_of(const IrComponent *comp)
{
	for (size_t i = 0; i < sizeof source_kinds / sizeof *source_kinds; i++)
		if (strcmp(source_kinds[i].cls, comp->class_name) == 0)
			return (int)i;
	return 0;
}

/* The external (table or file) name of an output column. */
static const char *external_name(const IrPort *out, const IrColumn *oc)
{
	const char *id = oc->external_metadata_column_id;
	for (size_t i = 0; id && i < out->external_columns.len; i++) {
		const IrColumn *ext = IR_VEC_AT(out->external_columns, IrColumn, i);
		if (ext->id && strcmp(ext->id, id) == 0 && ext->name && *ext->name)
			return ext->name;
	}
	return oc->name;
}

static RelNode *scan_node(DfLower *L, const IrComponent *comp, const IrPort *out, RelScanKind kind)
{
	RelNode *n = ir_rel_node_new(L->c, L->g, REL_SCAN, comp->name, comp, comp->loc, 0, out->columns.len);
	RelScan *s = &n->u.scan;
	s->kind = kind;
	s->conn = df_conn(comp, &s->conn_name);
	s->source_columns = ir_alloc(L->c->arena, (out->columns.len + 1) * sizeof *s->source_columns);
	for (size_t k = 0; k < out->columns.len; k++) {
		const IrColumn *oc = IR_VEC_AT(out->columns, IrColumn, k);
		df_set_col(L, n, k, oc, comp);
		s->source_columns[k] = external_name(out, oc);
	}
	return n;
}

static RelStatus no_output(DfLower *L, const IrComponent *comp)
{
	L->reason = "the source has no output";
	return df_placeholder_component(L, comp);
}

static RelStatus scan_table(DfLower *L, const IrComponent *comp, RelNode *n, const char *name)
{
	bool excel = strcmp(comp->class_name, "Microsoft.ExcelSource") == 0;
	n->u.scan.kind = REL_SCAN_TABLE;
	df_table_name(L, name, excel ? NULL : "dbo", &n->u.scan.schema, &n->u.scan.table);
	return REL_ST_TRANSLATED;
}

/* ---- the source query parsed ------------------------------------------- */
/* Providers and drivers that say a connection is not SQL Server: its SQL is
 * another dialect, which the T-SQL grammar must not read. */
static const char *const foreign_servers[] = {
	"oracle", "oraoledb", "msdaora", "mysql", "db2", "ibmda", "teradata", "postgres", "psql", "sybase",
	"informix", "sqlite", "hana", "snowflake", "redshift", "netezza", "vertica", "firebird",
	"microsoft.ace", "microsoft.jet", "excel",
};

static bool names_foreign_server(const char *s)
{
	for (size_t i = 0; s && i < sizeof foreign_servers / sizeof *foreign_servers; i++) {
		size_t n = strlen(foreign_servers[i]);
		for (const char *p = s; *p; p++)
			if (!strncasecmp(p, foreign_servers[i], n))
				return true;
	}
	return false;
}

bool df_speaks_tsql(const IrConnMgr *conn, const char *class_name)
{
	if (class_name && (names_foreign_server(class_name) || strstr(class_name, "Oracle")))
		return false;
	return !conn || !(names_foreign_server(conn->creation_name) || names_foreign_server(conn->connstr.provider) ||
			  names_foreign_server(conn->connstr.sanitized));
}

static IrLoc query_loc(void *arg, IrLoc origin, size_t off)
{
	DfLower *L = ((void **)arg)[0];
	const IrText *t = ((void **)arg)[1];
	(void)origin;
	return t ? fe_text_loc(L->c, t, off) : ((const IrComponent *)((void **)arg)[2])->loc;
}

static void find_var_by_id(const IrExecutable *e, const char *id, const IrVariable **out)
{
	for (size_t i = 0; e && !*out && i < e->variables.len; i++) {
		const IrVariable *v = IR_VEC_AT(e->variables, IrVariable, i);
		if (v->dtsid && !strcasecmp(v->dtsid, id))
			*out = v;
	}
	for (size_t i = 0; e && !*out && i < e->children.len; i++)
		find_var_by_id(IR_VEC_AT(e->children, IrExecutable, i), id, out);
}

/* A package or project parameter by DTSID, as its {{ var() }}. */
static IrSqlx *param_by_id(DfLower *L, const IrComponent *comp, const char *id)
{
	const IrVec *lists[2] = {L->package ? &L->package->parameters : NULL,
				 L->package ? &L->package->project_parameters : NULL};
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; lists[k] && i < lists[k]->len; i++) {
			const IrParam *q = IR_VEC_AT(*lists[k], IrParam, i);
			if (!q->dtsid || strcasecmp(q->dtsid, id))
				continue;
			IrSqlx *x = ir_sqlx_var(L->c, comp->loc, ir_sprintf(L->c->arena, "%s::%s",
									 k ? "$Project" : "$Package", q->name));
			/* string and date values are quoted (VARIANT 8, 7; TypeCode 18, 16) */
			x->u.var.quoted = q->type_code ? (q->data_type == 18 || q->data_type == 16)
						       : (q->data_type == 8 || q->data_type == 7);
			return x;
		}
	return NULL;
}

/* ParameterMapping `"Parameter0:Input",{DTSID};...`: marker i reads the
 * variable with that DTSID, as a {{ var() }} (quoted for strings and dates). */
static void bind_params(DfLower *L, const IrComponent *comp, RelScan *s, int nparams)
{
	s->nparams = (size_t)nparams;
	s->params = ir_alloc(L->c->arena, (s->nparams + 1) * sizeof *s->params);
	const char *map = df_prop_str(&comp->props, "ParameterMapping");
	for (int i = 0; map && i < nparams; i++) {
		char key[32];
		snprintf(key, sizeof key, "\"Parameter%d:", i);
		const char *at = strstr(map, key);
		const char *open = at ? strchr(at, '{') : NULL, *close = open ? strchr(open, '}') : NULL;
		if (!close)
			continue;
		const char *id = ir_strndup(L->c->arena, open, (size_t)(close - open + 1));
		const IrVariable *v = NULL;
		find_var_by_id(L->package ? L->package->root : NULL, id, &v);
		if (v) {
			IrSqlx *x = ir_sqlx_var(L->c, comp->loc,
						ir_sprintf(L->c->arena, "%s::%s", v->ns ? v->ns : "User", v->name));
			x->u.var.quoted = v->data_type == 8 || v->data_type == 7;  /* string, date */
			s->params[i] = x;
		} else {
			s->params[i] = param_by_id(L, comp, id);
		}
	}
}

static void add_read(void *arg, const SqlName *t)
{
	void **a = arg;
	DfLower *L = a[0];
	ir_vec_push(L->c->arena, &((RelScan *)a[1])->reads, (void *)t);
}

/* The query text parsed: when it is one SELECT (SET options and GO aside)
 * the scan keeps its tree; what does not parse is reported (-Wsql-unparsed)
 * and the text is kept as written. */
void df_parse_query(DfLower *L, const IrComponent *comp, RelScan *s, const IrText *text)
{
	if (!df_speaks_tsql(s->conn, comp->class_name))
		return; /* another dialect: kept as written */
	void *arg[3] = {L, (void *)text, (void *)comp};
	SqlScript *sc = fe_tsql_parse(L->c, s->query.s, strlen(s->query.s), text ? text->loc : comp->loc,
				      query_loc, arg);
	const SqlStmt *sel = NULL;
	int n = 0;
	for (size_t i = 0; i < sc->stmts.len; i++) {
		const SqlStmt *st = sc->stmts.items[i];
		if (st->kind == SQL_S_GO || st->kind == SQL_S_SET_OPTION)
			continue;
		n++;
		if (st->kind == SQL_S_SELECT)
			sel = st;
	}
	if (n != 1 || !sel || sc->nunparsed)
		return;
	s->parsed = sel->u.select;
	void *ra[2] = {L, s};
	ir_sql_tables_read(L->c->arena, s->parsed, add_read, ra);
	bind_params(L, comp, s, sc->nparams);
}

RelStatus df_source(DfLower *L, const IrComponent *comp)
{
	const IrPort *out = df_main_output(comp);
	if (!out)
		return no_output(L, comp);
	int k = kind_of(comp);
	long mode = df_prop_int(&comp->props, "AccessMode", 0);
	RelNode *n = scan_node(L, comp, out, REL_SCAN_QUERY);
	RelScan *s = &n->u.scan;
	df_output(L, out, n);
	if (mode == source_kinds[k].sql_mode) {
		const IrProp *q = df_prop(&comp->props, "SqlCommand");
		if (q)
			s->query = q->value;
		if (q && q->value.s && *q->value.s) {
			df_parse_query(L, comp, s, &q->value);
			return REL_ST_TRANSLATED;
		}
		L->reason = "the source's SQL command is empty";
		return REL_ST_UNSUPPORTED;
	}
	if (mode == source_kinds[k].sql_var_mode) {
		s->query_variable = df_prop_str(&comp->props, "SqlCommandVariable");
		const char *v = df_variable_value(L, s->query_variable);
		s->query.s = v;
		s->query.len = v ? strlen(v) : 0;
		if (v) {
			df_parse_query(L, comp, s, NULL);
			return REL_ST_TRANSLATED;
		}
		L->reason = ir_sprintf(L->c->arena, "the SQL command comes from %s, which is computed at run time",
				       s->query_variable ? s->query_variable : "a variable");
		return REL_ST_PLACEHOLDER;
	}
	if (mode == source_kinds[k].table_var_mode) {
		const char *var = df_prop_str(&comp->props, "OpenRowsetVariable");
		const char *v = df_variable_value(L, var);
		if (v)
			return scan_table(L, comp, n, v);
		L->reason = ir_sprintf(L->c->arena, "the table name comes from %s, which is computed at run time",
				       var ? var : "a variable");
		s->query_variable = var;
		return REL_ST_PLACEHOLDER;
	}
	const char *table = df_prop_str(&comp->props, source_kinds[k].table_prop);
	if (!table)
		table = df_prop_str(&comp->props, "OpenRowset");
	if (table)
		return scan_table(L, comp, n, table);
	L->reason = "the source names no table";
	return REL_ST_UNSUPPORTED;
}

/* RetainNulls=false (the default): an empty field is an empty string or a
 * zero, where a SQL file reader gives NULL. */
static IrSqlx *empty_field_default(DfLower *L, const RelCol *col)
{
	IrSqlx *zero = ir_dtype_is_string(col->type.dt) ? ir_rel_e_str(L->c, "")
		: ir_dtype_is_numeric(col->type.dt) ? ir_sqlx_int(L->c, col->loc, 0) : NULL;
	if (!zero)
		return NULL;
	IrSqlx *args[2] = {df_ref(L, col), ir_rel_e_cast(L->c, zero, col->type, false)};
	return ir_sqlx_funcv(L->c, col->loc, "coalesce", 2, args);
}

RelStatus df_flatfile_source(DfLower *L, const IrComponent *comp)
{
	const IrPort *out = df_main_output(comp);
	if (!out)
		return no_output(L, comp);
	RelNode *n = scan_node(L, comp, out, REL_SCAN_FLATFILE);
	if (df_prop_bool(&comp->props, "RetainNulls", false)) {
		df_output(L, out, n);
		return REL_ST_TRANSLATED;
	}
	RelNode *p = df_project_over(L, comp, n, 0, comp->name);
	bool dates = false;
	for (size_t k = 0; k < n->ncols; k++) {
		IrSqlx *e = empty_field_default(L, &n->cols[k]);
		if (e)
			p->u.project.exprs[k] = e;
		else
			dates |= ir_dtype_is_datetime(n->cols[k].type.dt);
	}
	if (dates)
		ir_warn(L->c, comp->loc, IR_W_semantics_approximated, comp->path,
			"RetainNulls is false: SSIS gives an empty date field an undocumented default; it stays NULL here");
	df_output(L, out, p);
	return REL_ST_TRANSLATED;
}
