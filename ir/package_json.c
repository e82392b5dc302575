/* package_json.c — the --emit=ir printer of the Package IR.  Keys come in a
 * fixed order, references print as names and paths (never pointers), and
 * locations as "file:line:col", so identical input gives identical text. */
#include <string.h>

#include <cjson/cJSON.h>

#include "package.h"

static const char *const exec_kind_names[] = {
#define IR_EXEC_KIND(id, name) name,
#include "package_exec.def"
#undef IR_EXEC_KIND
};

const char *ir_exec_kind_name(IrExecKind k)
{
	return k < IR_EXEC__COUNT ? exec_kind_names[k] : "Unknown";
}

/* Line/column with a cursor: locations are printed mostly in file order,
 * so the column is counted from the previous one, not from the line start
 * (format 2 files can be one line of megabytes). */
typedef struct Printer {
	IrCtx *c;
	uint32_t file;
	size_t off;
	unsigned line, col;
	size_t line_start;
} Printer;

static void linecol(Printer *pr, IrLoc loc, unsigned *line, unsigned *col)
{
	const IrSrcFile *f = ir_file(pr->c, loc.file);
	size_t off = loc.off > f->len ? f->len : loc.off;
	if (pr->file != loc.file || off < pr->off || f->line_starts == NULL) {
		ir_loc_linecol(pr->c, loc, line, col);
		pr->file = loc.file, pr->off = off, pr->line = *line, pr->col = *col;
		pr->line_start = ir_line_offset(pr->c, loc.file, *line);
		return;
	}
	size_t lo = pr->line - 1, hi = f->nlines;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (f->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	size_t from = pr->off, ch = pr->col;
	if (lo + 1 != pr->line)
		from = f->line_starts[lo], ch = 1;
	for (size_t i = from; i < off; i++)
		ch += ((unsigned char)f->text[i] & 0xC0) != 0x80;
	pr->off = off, pr->line = (unsigned)lo + 1, pr->col = (unsigned)ch;
	*line = pr->line, *col = pr->col;
}

static void add_loc(Printer *pr, cJSON *o, const char *key, IrLoc loc)
{
	if (!loc.file)
		return;
	unsigned line, col;
	linecol(pr, loc, &line, &col);
	char buf[32];
	snprintf(buf, sizeof buf, ":%u:%u", line, col);
	const char *name = ir_file(pr->c, loc.file)->name;
	size_t n = strlen(name);
	char *s = ir_alloc(pr->c->arena, n + strlen(buf) + 1);
	memcpy(s, name, n);
	strcpy(s + n, buf);
	cJSON_AddStringToObject(o, key, s);
}

static void add_str(cJSON *o, const char *key, const char *s)
{
	if (s)
		cJSON_AddStringToObject(o, key, s);
}

static void add_int(cJSON *o, const char *key, long v)
{
	cJSON_AddNumberToObject(o, key, (double)v);
}

static void add_bool(cJSON *o, const char *key, bool v)
{
	cJSON_AddBoolToObject(o, key, v);
}

/* Text with its location: {"text": …, "loc": …}; nothing when absent. */
static void add_text(Printer *pr, cJSON *o, const char *key, const IrText *t)
{
	if (!t->s)
		return;
	cJSON *j = cJSON_AddObjectToObject(o, key);
	cJSON_AddStringToObject(j, "text", t->s);
	add_loc(pr, j, "loc", t->loc);
}

typedef cJSON *(*ToJson)(Printer *pr, const void *item);

static void add_list(Printer *pr, cJSON *o, const char *key, const IrVec *v, ToJson fn)
{
	cJSON *a = cJSON_AddArrayToObject(o, key);
	for (size_t i = 0; i < v->len; i++)
		cJSON_AddItemToArray(a, fn(pr, v->items[i]));
}

static cJSON *prop_json(Printer *pr, const void *item)
{
	const IrProp *p = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", p->value.s && p->value.kind != IR_TEXT_NONE ? p->value.loc : p->loc);
	add_str(o, "name", p->name);
	if (p->secret)
		add_bool(o, "secret", true);
	else if (p->value.s)
		add_str(o, "value", p->value.s);
	add_str(o, "data_type", p->data_type);
	if (p->contains_id)
		add_bool(o, "contains_id", true);
	add_str(o, "expression_type", p->expression_type);
	return o;
}

static cJSON *prop_expr_json(Printer *pr, const void *item)
{
	const IrPropExpr *e = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", e->loc);
	add_str(o, "property", e->property);
	add_text(pr, o, "expression", &e->expr);
	return o;
}

/* ---- connections -------------------------------------------------------- */
static cJSON *conn_key_json(Printer *pr, const void *item)
{
	const IrConnKey *k = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", k->loc);
	add_str(o, "key", k->key);
	if (k->secret)
		add_bool(o, "secret", true);
	else
		add_str(o, "value", k->value);
	return o;
}

static cJSON *flat_column_json(Printer *pr, const void *item)
{
	const IrFlatColumn *c = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", c->loc);
	add_str(o, "name", c->name);
	add_int(o, "data_type", c->data_type);
	IrDtype dt;
	if (ir_dtype_from_code(c->data_type, &dt))
		add_str(o, "data_type_name", ir_dtype_name(dt));
	add_int(o, "width", c->width);
	add_int(o, "max_width", c->max_width);
	add_int(o, "precision", c->precision);
	add_int(o, "scale", c->scale);
	add_str(o, "column_type", c->column_type);
	add_str(o, "delimiter", c->delimiter);
	add_bool(o, "text_qualified", c->text_qualified);
	return o;
}

static cJSON *conn_json(Printer *pr, const void *item)
{
	const IrConnMgr *cm = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", cm->loc);
	add_str(o, "name", cm->name);
	add_str(o, "dtsid", cm->dtsid);
	add_str(o, "refid", cm->refid);
	add_str(o, "creation_name", cm->creation_name);
	add_str(o, "kind", cm->kind);
	add_str(o, "description", cm->description);
	add_bool(o, "project", cm->project);
	if (cm->has_connstr) {
		cJSON *cs = cJSON_AddObjectToObject(o, "connection_string");
		add_str(cs, "provider", cm->connstr.provider);
		add_str(cs, "server", cm->connstr.server);
		add_str(cs, "database", cm->connstr.database);
		add_str(cs, "user", cm->connstr.user);
		add_bool(cs, "integrated_security", cm->connstr.integrated_security);
		add_int(cs, "secrets_removed", (long)cm->connstr.nsecrets);
		add_str(cs, "sanitized", cm->connstr.sanitized);
		add_list(pr, cs, "keys", &cm->connstr.keys, conn_key_json);
		add_loc(pr, cs, "loc", cm->connstr_loc);
	}
	add_str(o, "file_path", cm->file_path);
	if (cm->flat) {
		const IrFlatFile *ff = cm->flat;
		cJSON *f = cJSON_AddObjectToObject(o, "flat_file");
		add_str(f, "format", ff->format);
		add_str(f, "row_delimiter", ff->row_delimiter);
		add_str(f, "header_row_delimiter", ff->header_row_delimiter);
		if (ff->text_qualifier)
			add_str(f, "text_qualifier", ff->text_qualifier);
		else
			cJSON_AddNullToObject(f, "text_qualifier");
		add_int(f, "header_rows_to_skip", ff->header_rows_to_skip);
		add_int(f, "data_rows_to_skip", ff->data_rows_to_skip);
		add_bool(f, "column_names_in_first_row", ff->column_names_in_first_row);
		add_int(f, "code_page", ff->code_page);
		add_bool(f, "unicode", ff->unicode);
		add_int(f, "locale_id", ff->locale_id);
		add_list(pr, f, "columns", &ff->columns, flat_column_json);
	}
	add_list(pr, o, "properties", &cm->props, prop_json);
	add_list(pr, o, "property_expressions", &cm->prop_exprs, prop_expr_json);
	return o;
}

/* ---- variables and parameters --------------------------------------------- */
static cJSON *variable_json(Printer *pr, const void *item)
{
	const IrVariable *v = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", v->loc);
	add_str(o, "namespace", v->ns);
	add_str(o, "name", v->name);
	add_str(o, "dtsid", v->dtsid);
	add_int(o, "data_type", v->data_type);
	add_text(pr, o, "value", &v->value);
	add_bool(o, "evaluate_as_expression", v->evaluate_as_expression);
	add_text(pr, o, "expression", &v->expression);
	add_bool(o, "read_only", v->read_only);
	add_str(o, "description", v->description);
	add_str(o, "scope", v->scope);
	return o;
}

static cJSON *param_json(Printer *pr, const void *item)
{
	const IrParam *p = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", p->loc);
	add_str(o, "name", p->name);
	add_str(o, "dtsid", p->dtsid);
	add_int(o, "data_type", p->data_type);
	add_str(o, "data_type_system", p->type_code ? "System.TypeCode" : "VARIANT");
	add_text(pr, o, "value", &p->value);
	add_bool(o, "required", p->required);
	add_bool(o, "sensitive", p->sensitive);
	add_str(o, "description", p->description);
	return o;
}

/* ---- data flow ------------------------------------------------------------ */
static cJSON *column_json(Printer *pr, const void *item)
{
	const IrColumn *c = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", c->loc);
	add_str(o, "id", c->id);
	add_str(o, "name", c->name);
	add_str(o, "lineage_id", c->lineage_id);
	if (c->data_type) {
		add_str(o, "data_type", ir_dtype_name((IrDtype)c->data_type));
		add_int(o, "length", c->length);
		add_int(o, "precision", c->precision);
		add_int(o, "scale", c->scale);
		add_int(o, "code_page", c->code_page);
	}
	if (c->sort_key_position)
		add_int(o, "sort_key_position", c->sort_key_position);
	add_str(o, "usage_type", c->usage_type);
	add_str(o, "external_metadata_column_id", c->external_metadata_column_id);
	add_str(o, "error_row_disposition", c->error_row_disposition);
	add_str(o, "truncation_row_disposition", c->truncation_row_disposition);
	if (c->special_flags)
		add_int(o, "special_flags", c->special_flags);
	if (c->upstream) {
		cJSON *u = cJSON_AddObjectToObject(o, "upstream");
		add_str(u, "component", c->upstream->port->component->name);
		add_str(u, "output", c->upstream->port->name);
		add_str(u, "column", c->upstream->name);
	}
	if (c->props.len)
		add_list(pr, o, "properties", &c->props, prop_json);
	return o;
}

static cJSON *port_json(Printer *pr, const void *item)
{
	const IrPort *p = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", p->loc);
	add_str(o, "id", p->id);
	add_str(o, "name", p->name);
	add_str(o, "description", p->description && *p->description ? p->description : NULL);
	if (!p->is_input) {
		add_bool(o, "is_error_out", p->is_error_out);
		add_int(o, "exclusion_group", p->exclusion_group);
		if (p->synchronous_input)
			add_str(o, "synchronous_input", p->synchronous_input->name);
		else
			add_str(o, "synchronous_input_id", p->synchronous_input_id);
		add_bool(o, "is_sorted", p->is_sorted);
	} else {
		add_bool(o, "has_side_effects", p->has_side_effects);
	}
	add_str(o, "error_row_disposition", p->error_row_disposition);
	add_str(o, "truncation_row_disposition", p->truncation_row_disposition);
	if (p->props.len)
		add_list(pr, o, "properties", &p->props, prop_json);
	add_list(pr, o, "columns", &p->columns, column_json);
	add_list(pr, o, "external_columns", &p->external_columns, column_json);
	return o;
}

static cJSON *comp_conn_json(Printer *pr, const void *item)
{
	const IrCompConn *cc = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", cc->loc);
	add_str(o, "name", cc->name);
	add_str(o, "manager_id", cc->manager_id);
	add_str(o, "manager_refid", cc->manager_refid);
	if (cc->conn)
		add_str(o, "connection", cc->conn->name);
	return o;
}

static cJSON *component_json(Printer *pr, const void *item)
{
	const IrComponent *c = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", c->loc);
	add_str(o, "id", c->id);
	add_str(o, "name", c->name);
	add_str(o, "class", c->class_name);
	add_str(o, "class_id", c->class_id);
	add_bool(o, "known", c->known);
	add_str(o, "identified_by", c->identified_by);
	add_str(o, "description", c->description);
	add_str(o, "contact_info", c->contact_info);
	add_int(o, "version", c->version);
	add_str(o, "path", c->path);
	add_list(pr, o, "properties", &c->props, prop_json);
	add_list(pr, o, "connections", &c->connections, comp_conn_json);
	add_list(pr, o, "inputs", &c->inputs, port_json);
	add_list(pr, o, "outputs", &c->outputs, port_json);
	return o;
}

static void add_port_ref(cJSON *o, const char *key, const IrPort *p, const char *raw)
{
	if (!p) {
		add_str(o, key, raw);
		return;
	}
	cJSON *j = cJSON_AddObjectToObject(o, key);
	add_str(j, "component", p->component->name);
	add_str(j, p->is_input ? "input" : "output", p->name);
}

static cJSON *path_json(Printer *pr, const void *item)
{
	const IrPath *p = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", p->loc);
	add_str(o, "id", p->id);
	add_str(o, "name", p->name);
	add_port_ref(o, "from", p->start, p->start_id);
	add_port_ref(o, "to", p->end, p->end_id);
	return o;
}

/* ---- control flow ------------------------------------------------------- */
static const char *const pc_values[] = {"Success", "Failure", "Completion", "Canceled"};
static const char *const eval_ops[] = {"", "Expression", "Constraint", "ExpressionAndConstraint",
				       "ExpressionOrConstraint"};

static cJSON *constraint_json(Printer *pr, const void *item)
{
	const IrConstraint *c = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", c->loc);
	add_str(o, "name", c->name);
	add_str(o, "dtsid", c->dtsid);
	add_str(o, "from", c->from ? c->from->path : c->from_ref);
	add_str(o, "to", c->to ? c->to->path : c->to_ref);
	add_str(o, "value", pc_values[c->value]);
	add_str(o, "eval_op", eval_ops[c->eval_op]);
	add_text(pr, o, "expression", &c->expression);
	add_bool(o, "logical_and", c->logical_and);
	return o;
}

static cJSON *sql_param_json(Printer *pr, const void *item)
{
	const IrSqlParam *b = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", b->loc);
	add_str(o, "name", b->name);
	add_str(o, "variable", b->variable);
	add_str(o, "direction", b->direction);
	add_int(o, "data_type", b->data_type);
	add_int(o, "size", b->size);
	return o;
}

static cJSON *sql_result_json(Printer *pr, const void *item)
{
	const IrSqlResult *r = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", r->loc);
	add_str(o, "name", r->name);
	add_str(o, "variable", r->variable);
	return o;
}

static cJSON *assign_json(Printer *pr, const void *item)
{
	const IrParamAssign *a = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", a->loc);
	add_str(o, "parameter", a->parameter);
	add_str(o, "binding", a->binding);
	return o;
}

static void add_sql(Printer *pr, cJSON *o, const IrSqlTask *t)
{
	cJSON *j = cJSON_AddObjectToObject(o, "execute_sql");
	add_loc(pr, j, "loc", t->loc);
	add_str(j, "connection", t->connection);
	if (t->conn)
		add_str(j, "connection_name", t->conn->name);
	add_str(j, "source_type", t->source_type);
	add_text(pr, j, "statement", &t->statement);
	add_str(j, "result_type", t->result_type);
	add_bool(j, "is_stored_proc", t->is_stored_proc);
	add_bool(j, "bypass_prepare", t->bypass_prepare);
	add_int(j, "timeout", t->timeout);
	add_int(j, "code_page", t->code_page);
	add_list(pr, j, "parameters", &t->params, sql_param_json);
	add_list(pr, j, "results", &t->results, sql_result_json);
}

static void add_exec_package(Printer *pr, cJSON *o, const IrExecPackageTask *t)
{
	cJSON *j = cJSON_AddObjectToObject(o, "execute_package");
	add_loc(pr, j, "loc", t->loc);
	add_bool(j, "use_project_reference", t->use_project_reference);
	add_str(j, "package_name", t->package_name);
	add_str(j, "connection", t->connection);
	if (t->conn)
		add_str(j, "connection_name", t->conn->name);
	add_list(pr, j, "parameter_assignments", &t->assignments, assign_json);
}

static void add_foreach(Printer *pr, cJSON *o, const IrForEach *fe)
{
	cJSON *j = cJSON_AddObjectToObject(o, "foreach");
	add_loc(pr, j, "loc", fe->loc);
	add_str(j, "enumerator", fe->enumerator);
	add_list(pr, j, "properties", &fe->props, prop_json);
	add_list(pr, j, "property_expressions", &fe->prop_exprs, prop_expr_json);
	add_list(pr, j, "variable_mappings", &fe->mappings, prop_json);
}

static cJSON *exec_json(Printer *pr, const void *item);

static cJSON *handler_json(Printer *pr, const void *item)
{
	const IrEventHandler *h = item;
	cJSON *o = cJSON_CreateObject();
	add_loc(pr, o, "loc", h->loc);
	add_str(o, "event", h->event);
	cJSON_AddItemToObject(o, "body", exec_json(pr, h->body));
	return o;
}

static cJSON *exec_json(Printer *pr, const void *item)
{
	const IrExecutable *e = item;
	cJSON *o = cJSON_CreateObject();
	add_str(o, "kind", ir_exec_kind_name(e->kind));
	add_str(o, "creation_name", e->creation_name);
	add_str(o, "name", e->name);
	add_str(o, "dtsid", e->dtsid);
	add_str(o, "refid", e->refid);
	add_str(o, "description", e->description);
	add_str(o, "path", e->path);
	add_bool(o, "disabled", e->disabled);
	add_loc(pr, o, "loc", e->loc);
	add_list(pr, o, "properties", &e->props, prop_json);
	add_list(pr, o, "property_expressions", &e->prop_exprs, prop_expr_json);
	add_list(pr, o, "variables", &e->variables, variable_json);
	if (e->sql)
		add_sql(pr, o, e->sql);
	if (e->exec_package)
		add_exec_package(pr, o, e->exec_package);
	if (e->foreach)
		add_foreach(pr, o, e->foreach);
	if (e->payload) {
		cJSON *j = cJSON_AddObjectToObject(o, "payload");
		add_str(j, "element", e->payload);
		add_list(pr, j, "properties", &e->payload_props, prop_json);
	}
	if (e->dataflow) {
		cJSON *j = cJSON_AddObjectToObject(o, "dataflow");
		add_loc(pr, j, "loc", e->dataflow->loc);
		add_list(pr, j, "components", &e->dataflow->components, component_json);
		add_list(pr, j, "paths", &e->dataflow->paths, path_json);
	}
	if (e->children.len || e->kind == IR_EXEC_PACKAGE || e->kind == IR_EXEC_SEQUENCE ||
	    e->kind == IR_EXEC_FOR_LOOP || e->kind == IR_EXEC_FOREACH_LOOP || e->kind == IR_EXEC_EVENT_HANDLER) {
		add_list(pr, o, "executables", &e->children, exec_json);
		add_list(pr, o, "precedence_constraints", &e->constraints, constraint_json);
	}
	if (e->event_handlers.len)
		add_list(pr, o, "event_handlers", &e->event_handlers, handler_json);
	return o;
}

void *ir_package_to_json(IrCtx *c, const IrPackage *p)
{
	Printer pr = {.c = c};
	cJSON *o = cJSON_CreateObject();
	add_str(o, "file", p->file);
	add_int(o, "format_version", p->format_version);
	add_str(o, "name", p->name);
	add_str(o, "dtsid", p->dtsid);
	add_str(o, "description", p->description);
	add_str(o, "protection_level", p->protection_level);
	add_str(o, "creator_name", p->creator_name);
	add_str(o, "creator_computer", p->creator_computer);
	add_str(o, "creation_date", p->creation_date);
	cJSON *v = cJSON_AddObjectToObject(o, "version");
	add_int(v, "major", p->version_major);
	add_int(v, "minor", p->version_minor);
	add_int(v, "build", p->version_build);
	add_str(v, "guid", p->version_guid);
	add_str(v, "comments", p->version_comments && *p->version_comments ? p->version_comments : NULL);
	add_str(o, "last_modified_product_version", p->last_modified_product_version);
	add_int(o, "locale_id", p->locale_id);
	add_loc(&pr, o, "loc", p->loc);
	add_list(&pr, o, "connections", &p->connections, conn_json);
	add_list(&pr, o, "project_connections", &p->project_connections, conn_json);
	add_list(&pr, o, "parameters", &p->parameters, param_json);
	add_list(&pr, o, "project_parameters", &p->project_parameters, param_json);
	cJSON_AddItemToObject(o, "executable", exec_json(&pr, p->root));
	return o;
}
