/* dtsx_package.c — lowers a parsed .dtsx into the Package IR: package
 * properties, connection managers, variables and parameters, the control
 * flow (executables, containers, precedence constraints, event handlers) and
 * the task payloads.  Data flows are in dtsx_pipeline.c. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "dtsx_internal.h"

/* ---- small helpers ---------------------------------------------------- */
const char *dx_path_join(IrCtx *c, const char *parent, const char *name)
{
	return ir_sprintf(c->arena, "%s\\%s", parent ? parent : "", name ? name : "");
}

static bool secret_name(const char *name)
{
	return name && ir_is_secret_key(name, strlen(name));
}

/* Mask key=secret pairs inside a value (a variable holding a connection
 * string, a property of a third-party component).  Same length, so the
 * value's locations stay right. */
static void mask_value(IrText *t)
{
	if (t->s && strchr(t->s, '='))
		ir_mask_secrets((char *)t->s);
}

static bool in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; list && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static IrProp *new_prop(DxDoc *d, const char *name, const IrText *v, IrLoc loc, bool sensitive)
{
	IrProp *p = ir_alloc(d->ctx->arena, sizeof *p);
	p->name = ir_intern(d->ctx, name, (size_t)-1);
	p->loc = loc;
	if (sensitive || secret_name(name)) {
		p->secret = true;
		p->value.loc = v->loc;
	} else {
		p->value = *v;
		mask_value(&p->value);
	}
	return p;
}

/* Every property of a DTS object, in both spellings: DTS: attributes
 * (format 6/8) and <DTS:Property DTS:Name=…> children (2/3, and the few that
 * stay elements).  Names in `skip` were lifted into IR fields already. */
void dx_collect_props(DxDoc *d, const xmlNode *n, IrVec *out, const char *const *skip)
{
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		const char *name = (const char *)a->name;
		if (!a->ns || !a->ns->href || strcasecmp((const char *)a->ns->href, DX_NS_DTS) != 0 || in_list(skip, name))
			continue;
		IrText v;
		if (dx_attr(d, n, DX_NS_DTS, name, &v))
			ir_vec_push(d->ctx->arena, out, new_prop(d, name, &v, v.loc, false));
	}
	for (xmlNodePtr ch = dx_first(n); ch; ch = dx_next(ch)) {
		if (!dx_is(ch, DX_NS_DTS, "Property"))
			continue;
		const char *name = dx_attr_str(d, ch, DX_NS_DTS, "Name");
		if (!name || in_list(skip, name))
			continue;
		const char *sens = dx_attr_str(d, ch, DX_NS_DTS, "Sensitive");
		if (!sens)
			sens = dx_attr_str(d, ch, NULL, "Sensitive");
		IrText v;
		dx_content(d, ch, &v);
		ir_vec_push(d->ctx->arena, out, new_prop(d, name, &v, dx_loc(d, ch), sens && strcmp(sens, "0") != 0));
	}
}

/* Children named `local`, either inside their container element (6/8:
 * <DTS:Variables><DTS:Variable/>) or directly under the parent (2/3). */
typedef void (*EachFn)(DxPackage *p, xmlNodePtr n, void *arg);

static void each_child(DxPackage *p, const xmlNode *parent, const char *container, const char *local, EachFn fn,
		       void *arg)
{
	for (xmlNodePtr ch = dx_first(parent); ch; ch = dx_next(ch)) {
		if (dx_is(ch, DX_NS_DTS, local)) {
			fn(p, ch, arg);
		} else if (container && dx_is(ch, DX_NS_DTS, container)) {
			for (xmlNodePtr g = dx_first(ch); g; g = dx_next(g))
				if (dx_is(g, DX_NS_DTS, local))
					fn(p, g, arg);
		}
	}
}

static void lower_prop_exprs(DxDoc *d, const xmlNode *n, IrVec *out)
{
	for (xmlNodePtr ch = dx_first(n); ch; ch = dx_next(ch)) {
		if (!dx_is(ch, DX_NS_DTS, "PropertyExpression"))
			continue;
		IrPropExpr *e = ir_alloc(d->ctx->arena, sizeof *e);
		e->property = dx_attr_str(d, ch, DX_NS_DTS, "Name");
		if (!e->property)
			e->property = "";
		dx_content(d, ch, &e->expr);
		mask_value(&e->expr); /* "…;Password=x;" built in an expression */
		e->loc = dx_loc(d, ch);
		ir_vec_push(d->ctx->arena, out, e);
	}
}

/* ---- connection managers ------------------------------------------------ */
static const char *conn_kind(IrCtx *c, const char *creation)
{
	if (!creation)
		return "";
	size_t n = strcspn(creation, ":,");
	char buf[64];
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)toupper((unsigned char)creation[i]);
	return ir_intern(c, buf, n);
}

static const char *flat_str(DxDoc *d, const xmlNode *n, const char *name)
{
	const char *v = dx_prop_str(d, n, name, NULL);
	return v ? fe_decode_xescapes(d->ctx, v) : NULL;
}

static IrFlatColumn *lower_flat_column(DxDoc *d, const xmlNode *n, const char *path)
{
	IrFlatColumn *col = ir_alloc(d->ctx->arena, sizeof *col);
	col->name = dx_prop_str(d, n, "ObjectName", "");
	col->data_type = (int)dx_prop_int(d, n, "DataType", 0, path);
	col->width = (int)dx_prop_int(d, n, "ColumnWidth", 0, path);
	col->max_width = (int)dx_prop_int(d, n, "MaximumWidth", 0, path);
	col->precision = (int)dx_prop_int(d, n, "DataPrecision", 0, path);
	col->scale = (int)dx_prop_int(d, n, "DataScale", 0, path);
	col->column_type = dx_prop_str(d, n, "ColumnType", "Delimited");
	col->delimiter = flat_str(d, n, "ColumnDelimiter");
	col->text_qualified = dx_prop_bool(d, n, "TextQualified", true, path);
	col->loc = dx_loc(d, n);
	return col;
}

static IrFlatFile *lower_flat(DxDoc *d, const xmlNode *inner, const char *path)
{
	IrFlatFile *ff = ir_alloc(d->ctx->arena, sizeof *ff);
	ff->format = dx_prop_str(d, inner, "Format", "Delimited");
	ff->row_delimiter = flat_str(d, inner, "RowDelimiter");
	ff->header_row_delimiter = flat_str(d, inner, "HeaderRowDelimiter");
	if (!ff->header_row_delimiter)
		ff->header_row_delimiter = "\r\n";
	const char *q = flat_str(d, inner, "TextQualifier");
	ff->text_qualifier = q && *q && strcmp(q, "<none>") != 0 ? q : NULL;
	ff->header_rows_to_skip = (int)dx_prop_int(d, inner, "HeaderRowsToSkip", 0, path);
	ff->data_rows_to_skip = (int)dx_prop_int(d, inner, "DataRowsToSkip", 0, path);
	ff->column_names_in_first_row = dx_prop_bool(d, inner, "ColumnNamesInFirstDataRow", false, path);
	ff->code_page = (int)dx_prop_int(d, inner, "CodePage", 1252, path);
	ff->unicode = dx_prop_bool(d, inner, "Unicode", false, path);
	ff->locale_id = (int)dx_prop_int(d, inner, "LocaleID", 1033, path);
	for (xmlNodePtr ch = dx_first(inner); ch; ch = dx_next(ch)) {
		if (dx_is(ch, DX_NS_DTS, "FlatFileColumn"))
			ir_vec_push(d->ctx->arena, &ff->columns, lower_flat_column(d, ch, path));
		else if (dx_is(ch, DX_NS_DTS, "FlatFileColumns"))
			for (xmlNodePtr g = dx_first(ch); g; g = dx_next(g))
				if (dx_is(g, DX_NS_DTS, "FlatFileColumn"))
					ir_vec_push(d->ctx->arena, &ff->columns, lower_flat_column(d, g, path));
	}
	return ff;
}

static const char *const conn_lifted[] = {"ObjectName", "DTSID", "refId", "CreationName", "Description",
					  "ConnectionString", NULL};
static const char *const flat_lifted[] = {"ObjectName", "DTSID", "refId", "CreationName", "Description",
					  "ConnectionString", "Format", "RowDelimiter", "HeaderRowDelimiter",
					  "TextQualifier", "HeaderRowsToSkip", "DataRowsToSkip",
					  "ColumnNamesInFirstDataRow", "CodePage", "Unicode", "LocaleID", NULL};

/* The connection string: DTS:ConnectionString (all formats) or an
 * unqualified ConnectionString attribute (SMTP, FTP payloads). */
static bool connection_string(DxDoc *d, const xmlNode *inner, IrText *out)
{
	return inner && (dx_prop(d, inner, "ConnectionString", out) || dx_attr(d, inner, NULL, "ConnectionString", out));
}

IrConnMgr *dx_lower_connection(DxDoc *d, const xmlNode *n, bool project, const char *project_name)
{
	IrCtx *c = d->ctx;
	IrConnMgr *cm = ir_alloc(c->arena, sizeof *cm);
	cm->loc = dx_loc(d, n);
	cm->project = project;
	cm->name = dx_prop_str(d, n, "ObjectName", project_name ? project_name : "");
	cm->dtsid = dx_prop_str(d, n, "DTSID", NULL);
	cm->refid = dx_attr_str(d, n, DX_NS_DTS, "refId");
	if (!cm->refid)
		cm->refid = ir_sprintf(c->arena, "%s.ConnectionManagers[%s]", project ? "Project" : "Package", cm->name);
	cm->creation_name = dx_prop_str(d, n, "CreationName", "");
	cm->kind = conn_kind(c, cm->creation_name);
	cm->description = dx_prop_str(d, n, "Description", NULL);
	const char *path = ir_sprintf(c->arena, "\\%s.ConnectionManagers[%s]", project ? "Project" : "Package", cm->name);
	lower_prop_exprs(d, n, &cm->prop_exprs);

	xmlNodePtr data = dx_child(n, DX_NS_DTS, "ObjectData");
	xmlNodePtr inner = data ? dx_first(data) : NULL;
	bool flat = strcmp(cm->kind, "FLATFILE") == 0 || strcmp(cm->kind, "MULTIFLATFILE") == 0;
	if (inner)
		dx_collect_props(d, inner, &cm->props, flat ? flat_lifted : conn_lifted);
	IrText cs;
	if (!connection_string(d, inner, &cs))
		return cm;
	cm->connstr_loc = cs.loc;
	if (flat) {
		cm->file_path = cs.s;
		cm->flat = lower_flat(d, inner, path);
	} else if (strcmp(cm->kind, "FILE") == 0 || (!strchr(cs.s, '=') && cs.len)) {
		cm->file_path = cs.s;
	} else {
		cm->has_connstr = true;
		fe_parse_connstr(c, &cs, path, &cm->connstr);
		if (strcmp(cm->kind, "EXCEL") == 0)
			cm->file_path = cm->connstr.server;
	}
	return cm;
}

void dx_register_connection(DxPackage *p, IrConnMgr *cm)
{
	IrArena *a = p->c->arena;
	if (cm->dtsid)
		dx_map_put(a, &p->conns, dx_upper(p->c, cm->dtsid), cm);
	dx_map_put(a, &p->conns, ir_intern(p->c, cm->refid, (size_t)-1), cm);
	dx_map_put(a, &p->conns, ir_intern(p->c, cm->name, (size_t)-1), cm);
}

/* A reference to a connection manager in any of its spellings: {DTSID},
 * {DTSID}:external, Package.ConnectionManagers[Name], Project..., Name. */
IrConnMgr *dx_find_connection(DxPackage *p, const char *ref)
{
	if (!ref || !*ref)
		return NULL;
	IrConnMgr *cm = dx_map_get(&p->conns, ir_intern(p->c, ref, (size_t)-1));
	if (cm)
		return cm;
	size_t n = strlen(ref);
	if (n > 9 && strcmp(ref + n - 9, ":external") == 0)
		ref = ir_intern(p->c, ref, n - 9);
	return dx_map_get(&p->conns, dx_upper(p->c, ref));
}

static void add_connection(DxPackage *p, xmlNodePtr n, void *arg)
{
	(void)arg;
	IrConnMgr *cm = dx_lower_connection(p->d, n, false, NULL);
	ir_vec_push(p->c->arena, &p->pkg->connections, cm);
	dx_register_connection(p, cm);
}

/* ---- variables and parameters ----------------------------------------- */
static void add_variable(DxPackage *p, xmlNodePtr n, void *arg)
{
	IrExecutable *scope = arg;
	DxDoc *d = p->d;
	IrVariable *v = ir_alloc(p->c->arena, sizeof *v);
	v->loc = dx_loc(d, n);
	v->ns = dx_prop_str(d, n, "Namespace", "User");
	v->name = dx_prop_str(d, n, "ObjectName", "");
	v->dtsid = dx_prop_str(d, n, "DTSID", NULL);
	v->description = dx_prop_str(d, n, "Description", NULL);
	v->scope = scope->path;
	const char *path = ir_sprintf(p->c->arena, "%s.Variables[%s::%s]", scope->path, v->ns, v->name);
	v->read_only = dx_prop_bool(d, n, "ReadOnly", false, path);
	v->evaluate_as_expression = dx_prop_bool(d, n, "EvaluateAsExpression", false, path);
	if (dx_prop(d, n, "Expression", &v->expression))
		mask_value(&v->expression);
	xmlNodePtr val = dx_child(n, DX_NS_DTS, "VariableValue");
	if (val) {
		IrText dt;
		if (dx_prop(d, val, "DataType", &dt))
			v->data_type = (int)dx_text_int(d, &dt, "DataType", 0, path);
		if (!secret_name(v->name)) {
			dx_content(d, val, &v->value);
			mask_value(&v->value);
		}
	}
	ir_vec_push(p->c->arena, &scope->variables, v);
}

static void add_parameter(DxPackage *p, xmlNodePtr n, void *arg)
{
	(void)arg;
	DxDoc *d = p->d;
	IrParam *prm = ir_alloc(p->c->arena, sizeof *prm);
	prm->loc = dx_loc(d, n);
	prm->name = dx_prop_str(d, n, "ObjectName", "");
	prm->dtsid = dx_prop_str(d, n, "DTSID", NULL);
	prm->description = dx_prop_str(d, n, "Description", NULL);
	const char *path = ir_sprintf(p->c->arena, "\\Package.Parameters[%s]", prm->name);
	prm->data_type = (int)dx_prop_int(d, n, "DataType", 0, path);
	prm->required = dx_prop_bool(d, n, "Required", false, path);
	prm->sensitive = dx_prop_bool(d, n, "Sensitive", false, path);
	if (!prm->sensitive && !secret_name(prm->name)) {
		dx_prop(d, n, "ParameterValue", &prm->value);
		mask_value(&prm->value);
	}
	ir_vec_push(p->c->arena, &p->pkg->parameters, prm);
}

/* ---- task payloads ------------------------------------------------------ */
static const char *sql_attr(DxDoc *d, const xmlNode *n, const char *name, const char *def)
{
	const char *v = dx_attr_str(d, n, DX_NS_SQLTASK, name);
	return v ? v : def;
}

static int sql_int(DxDoc *d, const xmlNode *n, const char *name, int def, const char *path)
{
	IrText t;
	return dx_attr(d, n, DX_NS_SQLTASK, name, &t) ? (int)dx_text_int(d, &t, name, def, path) : def;
}

static bool sql_bool(DxDoc *d, const xmlNode *n, const char *name, bool def, const char *path)
{
	IrText t;
	return dx_attr(d, n, DX_NS_SQLTASK, name, &t) ? dx_text_bool(d, &t, name, def, path) : def;
}

static IrSqlTask *lower_sql_task(DxPackage *p, const xmlNode *n, const char *path)
{
	DxDoc *d = p->d;
	IrSqlTask *t = ir_alloc(p->c->arena, sizeof *t);
	t->loc = dx_loc(d, n);
	IrText conn;
	t->connection = "";
	t->connection_loc = t->loc;
	if (dx_attr(d, n, DX_NS_SQLTASK, "Connection", &conn)) {
		t->connection = ir_intern(p->c, conn.s, conn.len);
		t->connection_loc = conn.loc;
	}
	t->source_type = sql_attr(d, n, "SqlStmtSourceType", "DirectInput");
	if (!dx_attr(d, n, DX_NS_SQLTASK, "SqlStatementSource", &t->statement))
		t->statement = (IrText){.s = "", .loc = t->loc};
	mask_value(&t->statement); /* CREATE LOGIN … WITH PASSWORD = '…' */
	t->result_type = sql_attr(d, n, "ResultType", "ResultSetType_None");
	t->is_stored_proc = sql_bool(d, n, "IsStoredProc", false, path);
	t->bypass_prepare = sql_bool(d, n, "BypassPrepare", true, path);
	t->timeout = sql_int(d, n, "TimeOut", 0, path);
	t->code_page = sql_int(d, n, "CodePage", 1252, path);
	for (xmlNodePtr ch = dx_first(n); ch; ch = dx_next(ch)) {
		if (dx_is(ch, DX_NS_SQLTASK, "ParameterBinding")) {
			IrSqlParam *b = ir_alloc(p->c->arena, sizeof *b);
			b->loc = dx_loc(d, ch);
			b->name = sql_attr(d, ch, "ParameterName", "");
			b->variable = sql_attr(d, ch, "DtsVariableName", "");
			b->direction = sql_attr(d, ch, "ParameterDirection", "Input");
			b->data_type = sql_int(d, ch, "DataType", 0, path);
			b->size = sql_int(d, ch, "ParameterSize", -1, path);
			ir_vec_push(p->c->arena, &t->params, b);
		} else if (dx_is(ch, DX_NS_SQLTASK, "ResultBinding")) {
			IrSqlResult *r = ir_alloc(p->c->arena, sizeof *r);
			r->loc = dx_loc(d, ch);
			r->name = sql_attr(d, ch, "ResultName", "");
			r->variable = sql_attr(d, ch, "DtsVariableName", "");
			ir_vec_push(p->c->arena, &t->results, r);
		}
	}
	return t;
}

/* <X>text</X> child of an unqualified payload element, or attribute X. */
static const char *payload_value(DxDoc *d, const xmlNode *n, const char *name)
{
	for (xmlNodePtr ch = dx_first(n); ch; ch = dx_next(ch))
		if (strcmp((const char *)ch->name, name) == 0) {
			IrText t;
			dx_content(d, ch, &t);
			return ir_intern(d->ctx, t.s, t.len);
		}
	return dx_attr_str(d, n, NULL, name);
}

static IrExecPackageTask *lower_exec_package(DxPackage *p, const xmlNode *n, const char *path)
{
	DxDoc *d = p->d;
	IrExecPackageTask *t = ir_alloc(p->c->arena, sizeof *t);
	t->loc = dx_loc(d, n);
	const char *use = payload_value(d, n, "UseProjectReference");
	IrText ut = {.s = use ? use : "", .len = use ? strlen(use) : 0, .loc = t->loc};
	t->use_project_reference = dx_text_bool(d, &ut, "UseProjectReference", false, path);
	t->package_name = payload_value(d, n, "PackageName");
	t->connection = payload_value(d, n, "Connection");
	for (xmlNodePtr ch = dx_first(n); ch; ch = dx_next(ch)) {
		if (strcmp((const char *)ch->name, "ParameterAssignment") != 0)
			continue;
		IrParamAssign *a = ir_alloc(p->c->arena, sizeof *a);
		a->loc = dx_loc(d, ch);
		a->parameter = payload_value(d, ch, "ParameterName");
		a->binding = payload_value(d, ch, "BindedVariableOrParameterName");
		ir_vec_push(p->c->arena, &t->assignments, a);
	}
	return t;
}

/* Attributes of an unqualified payload element, and those of its direct
 * children that carry a single attribute (<FEFEProperty Folder="…"/>). */
static void payload_attrs(DxDoc *d, const xmlNode *n, IrVec *out, int depth)
{
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		if (a->ns && a->ns->prefix && strcmp((const char *)a->ns->prefix, "xmlns") == 0)
			continue;
		IrText v;
		const char *ns = a->ns ? (const char *)a->ns->href : NULL;
		if (dx_attr(d, n, ns, (const char *)a->name, &v))
			ir_vec_push(d->ctx->arena, out, new_prop(d, (const char *)a->name, &v, v.loc, false));
	}
	if (depth > 0)
		for (xmlNodePtr ch = dx_first(n); ch; ch = dx_next(ch))
			payload_attrs(d, ch, out, depth - 1);
}

/* variable = the column ValueIndex of the current item */
static void add_mapping(DxPackage *p, xmlNodePtr m, void *arg)
{
	IrForEach *fe = arg;
	IrText idx;
	if (!dx_prop(p->d, m, "ValueIndex", &idx))
		idx = (IrText){.s = "0", .len = 1, .loc = dx_loc(p->d, m)};
	ir_vec_push(p->c->arena, &fe->mappings,
		    new_prop(p->d, dx_prop_str(p->d, m, "VariableName", ""), &idx, dx_loc(p->d, m), false));
}

static IrForEach *lower_foreach(DxPackage *p, const xmlNode *n)
{
	DxDoc *d = p->d;
	IrForEach *fe = ir_alloc(p->c->arena, sizeof *fe);
	fe->loc = dx_loc(d, n);
	xmlNodePtr en = dx_child(n, DX_NS_DTS, "ForEachEnumerator");
	if (en) {
		fe->loc = dx_loc(d, en);
		fe->enumerator = dx_prop_str(d, en, "CreationName", "");
		lower_prop_exprs(d, en, &fe->prop_exprs);
		xmlNodePtr data = dx_child(en, DX_NS_DTS, "ObjectData");
		xmlNodePtr payload = data ? dx_first(data) : NULL;
		if (payload)
			payload_attrs(d, payload, &fe->props, 1);
	}
	each_child(p, n, "ForEachVariableMappings", "ForEachVariableMapping", add_mapping, fe);
	return fe;
}

/* ---- executables ---------------------------------------------------------- */
static IrExecutable *lower_executable(DxPackage *p, xmlNodePtr n, const char *parent_path, IrExecKind forced);

typedef struct ChildArg {
	IrExecutable *parent;
} ChildArg;

static void add_child(DxPackage *p, xmlNodePtr n, void *arg)
{
	IrExecutable *parent = ((ChildArg *)arg)->parent;
	/* 2005/2008: <DTS:Executable IDREF=…> inside constraints are references */
	if (xmlHasProp(n, (const xmlChar *)"IDREF"))
		return;
	ir_vec_push(p->c->arena, &parent->children, lower_executable(p, n, parent->path, IR_EXEC_UNKNOWN));
}

static void add_constraint(DxPackage *p, xmlNodePtr n, void *arg)
{
	IrExecutable *parent = ((ChildArg *)arg)->parent;
	DxDoc *d = p->d;
	IrConstraint *pc = ir_alloc(p->c->arena, sizeof *pc);
	pc->loc = dx_loc(d, n);
	pc->name = dx_prop_str(d, n, "ObjectName", "");
	pc->dtsid = dx_prop_str(d, n, "DTSID", NULL);
	const char *path = ir_sprintf(p->c->arena, "%s.PrecedenceConstraints[%s]", parent->path, pc->name);
	pc->from_ref = dx_prop_str(d, n, "From", NULL);
	pc->to_ref = dx_prop_str(d, n, "To", NULL);
	for (xmlNodePtr ch = dx_first(n); ch; ch = dx_next(ch)) {
		if (!dx_is(ch, DX_NS_DTS, "Executable"))
			continue;
		const char *idref = dx_attr_str(d, ch, NULL, "IDREF");
		bool is_from = dx_prop_bool(d, ch, "IsFrom", false, path);
		if (is_from)
			pc->from_ref = idref;
		else
			pc->to_ref = idref;
	}
	long v = dx_prop_int(d, n, "Value", 0, path);
	pc->value = v >= 0 && v <= 3 ? (IrConstraintValue)v : IR_PC_SUCCESS;
	long op = dx_prop_int(d, n, "EvalOp", 2, path);
	pc->eval_op = op >= 1 && op <= 4 ? (IrEvalOp)op : IR_EVAL_CONSTRAINT;
	if (v != pc->value || op != pc->eval_op)
		ir_warn(p->c, pc->loc, IR_W_bad_property, path, "precedence constraint with Value=%ld EvalOp=%ld", v, op);
	if (dx_prop(d, n, "Expression", &pc->expression))
		mask_value(&pc->expression);
	pc->logical_and = dx_prop_bool(d, n, "LogicalAnd", true, path);
	ir_vec_push(p->c->arena, &parent->constraints, pc);
}

static void add_event_handler(DxPackage *p, xmlNodePtr n, void *arg)
{
	IrExecutable *parent = ((ChildArg *)arg)->parent;
	IrEventHandler *h = ir_alloc(p->c->arena, sizeof *h);
	h->loc = dx_loc(p->d, n);
	h->event = dx_prop_str(p->d, n, "EventName", NULL);
	if (!h->event)
		h->event = dx_prop_str(p->d, n, "CreationName", "");
	const char *path = ir_sprintf(p->c->arena, "%s.EventHandlers[%s]", parent->path, h->event);
	h->body = lower_executable(p, n, path, IR_EXEC_EVENT_HANDLER);
	ir_vec_push(p->c->arena, &parent->event_handlers, h);
}

static const char *const exec_lifted[] = {"ObjectName", "DTSID", "refId", "CreationName", "ExecutableType",
					  "Description", "Disabled", "PackageFormatVersion", "EventName", NULL};

/* ObjectData payloads, by element. */
static void lower_payload(DxPackage *p, IrExecutable *e, xmlNodePtr data)
{
	DxDoc *d = p->d;
	for (xmlNodePtr pl = dx_first(data); pl; pl = dx_next(pl)) {
		if (dx_is(pl, DX_NS_SQLTASK, "SqlTaskData")) {
			e->sql = lower_sql_task(p, pl, e->path);
		} else if (dx_is(pl, NULL, "pipeline")) {
			e->dataflow = dx_lower_pipeline(p, d, pl, e);
		} else if (dx_is(pl, NULL, "ExecutePackageTask")) {
			e->exec_package = lower_exec_package(p, pl, e->path);
		} else if (!e->payload) {
			e->payload = ir_intern(p->c, (const char *)pl->name, (size_t)-1);
			payload_attrs(d, pl, &e->payload_props, 0);
		}
	}
}

/* Unknown creation names: the payload tells what the task is. */
static IrExecKind kind_from_payload(const IrExecutable *e)
{
	if (e->dataflow)
		return IR_EXEC_PIPELINE;
	if (e->sql)
		return IR_EXEC_EXECUTE_SQL;
	if (e->exec_package)
		return IR_EXEC_EXECUTE_PACKAGE;
	return IR_EXEC_UNKNOWN;
}

static IrExecutable *lower_executable(DxPackage *p, xmlNodePtr n, const char *parent_path, IrExecKind forced)
{
	DxDoc *d = p->d;
	IrCtx *c = p->c;
	IrExecutable *e = ir_alloc(c->arena, sizeof *e);
	e->loc = dx_loc(d, n);
	e->creation_name = dx_prop_str(d, n, "ExecutableType", NULL);
	if (!e->creation_name || !*e->creation_name)
		e->creation_name = dx_prop_str(d, n, "CreationName", "");
	e->name = dx_prop_str(d, n, "ObjectName", "");
	e->dtsid = dx_prop_str(d, n, "DTSID", NULL);
	e->refid = dx_attr_str(d, n, DX_NS_DTS, "refId");
	e->description = dx_prop_str(d, n, "Description", NULL);
	e->kind = forced != IR_EXEC_UNKNOWN ? forced : fe_exec_kind(e->creation_name);
	if (forced == IR_EXEC_EVENT_HANDLER)
		e->path = parent_path;
	else if (forced == IR_EXEC_PACKAGE)
		e->path = "\\Package";
	else
		e->path = dx_path_join(c, parent_path, e->name);
	e->disabled = dx_prop_bool(d, n, "Disabled", false, e->path);
	dx_collect_props(d, n, &e->props, exec_lifted);
	lower_prop_exprs(d, n, &e->prop_exprs);
	if (e->dtsid)
		dx_map_put(c->arena, &p->execs, dx_upper(c, e->dtsid), e);
	if (e->refid)
		dx_map_put(c->arena, &p->execs, ir_intern(c, e->refid, (size_t)-1), e);

	ChildArg arg = {e};
	if (forced == IR_EXEC_PACKAGE) {
		each_child(p, n, "ConnectionManagers", "ConnectionManager", add_connection, NULL);
		each_child(p, n, "PackageParameters", "PackageParameter", add_parameter, NULL);
	}
	each_child(p, n, "Variables", "Variable", add_variable, e);
	xmlNodePtr data = dx_child(n, DX_NS_DTS, "ObjectData");
	if (data && forced != IR_EXEC_PACKAGE)
		lower_payload(p, e, data);
	if (e->kind == IR_EXEC_FOREACH_LOOP)
		e->foreach = lower_foreach(p, n);
	each_child(p, n, "Executables", "Executable", add_child, &arg);
	each_child(p, n, "PrecedenceConstraints", "PrecedenceConstraint", add_constraint, &arg);
	each_child(p, n, "EventHandlers", "EventHandler", add_event_handler, &arg);

	if (e->kind == IR_EXEC_UNKNOWN)
		e->kind = kind_from_payload(e);
	if (e->kind == IR_EXEC_UNKNOWN)
		ir_warn(c, e->loc, IR_W_unknown_task, e->path, "unknown task type '%s'; it is kept as is",
			e->creation_name);
	return e;
}

/* ---- reference resolution ---------------------------------------------------- */
static IrExecutable *find_exec(DxPackage *p, const char *ref)
{
	if (!ref)
		return NULL;
	IrExecutable *e = dx_map_get(&p->execs, ir_intern(p->c, ref, (size_t)-1));
	return e ? e : dx_map_get(&p->execs, dx_upper(p->c, ref));
}

static void resolve_exec(DxPackage *p, IrExecutable *e)
{
	for (size_t i = 0; i < e->constraints.len; i++) {
		IrConstraint *pc = IR_VEC_AT(e->constraints, IrConstraint, i);
		pc->from = find_exec(p, pc->from_ref);
		pc->to = find_exec(p, pc->to_ref);
		if (!pc->from || !pc->to)
			ir_warn(p->c, pc->loc, IR_W_dangling_reference, e->path,
				"precedence constraint '%s' refers to a missing executable '%s'", pc->name,
				!pc->from ? (pc->from_ref ? pc->from_ref : "(none)") : (pc->to_ref ? pc->to_ref : "(none)"));
	}
	if (e->sql && *e->sql->connection) {
		e->sql->conn = dx_find_connection(p, e->sql->connection);
		/* a variable may supply it at run time: only a GUID is a reference.
		 * Format 6/8 tasks refer to project connection managers by DTSID too. */
		if (!e->sql->conn && e->sql->connection[0] == '{') {
			bool maybe_project = p->pkg->format_version >= 6 && p->pkg->project_connections.len == 0;
			if (maybe_project)
				ir_warn(p->c, e->sql->connection_loc, IR_W_missing_project_file, e->path,
					"Execute SQL Task connection '%s' is not a package connection manager; if it is a "
					"project one, give its .conmgr with --project-file",
					e->sql->connection);
			else
				ir_warn(p->c, e->sql->connection_loc, IR_W_dangling_reference, e->path,
					"Execute SQL Task connection '%s' names no connection manager", e->sql->connection);
		}
	}
	if (e->exec_package && e->exec_package->connection)
		e->exec_package->conn = dx_find_connection(p, e->exec_package->connection);
	for (size_t i = 0; i < e->children.len; i++)
		resolve_exec(p, IR_VEC_AT(e->children, IrExecutable, i));
	for (size_t i = 0; i < e->event_handlers.len; i++)
		resolve_exec(p, IR_VEC_AT(e->event_handlers, IrEventHandler, i)->body);
}

/* ---- the package ---------------------------------------------------------- */
static const char *const protection_levels[] = {
	"DontSaveSensitive", "EncryptSensitiveWithUserKey", "EncryptSensitiveWithPassword",
	"EncryptAllWithPassword", "EncryptAllWithUserKey", "ServerStorage",
};

static const char *protection_name(DxDoc *d, const xmlNode *root, int *level)
{
	IrText t;
	*level = 1;
	if (!dx_prop(d, root, "ProtectionLevel", &t))
		return protection_levels[1];
	for (int i = 0; i < 6; i++)
		if (strcasecmp(t.s, protection_levels[i]) == 0)
			return *level = i, protection_levels[i];
	long v = dx_text_int(d, &t, "ProtectionLevel", 1, "\\Package");
	*level = v >= 0 && v < 6 ? (int)v : 1;
	return protection_levels[*level];
}

static xmlNodePtr find_encrypted(const xmlNode *root)
{
	for (xmlNodePtr ch = dx_first(root); ch; ch = dx_next(ch))
		if (strcmp((const char *)ch->name, "EncryptedData") == 0)
			return ch;
	return NULL;
}

static int detect_format(DxDoc *d, const xmlNode *root)
{
	IrText t;
	if (dx_prop(d, root, "PackageFormatVersion", &t))
		return (int)dx_text_int(d, &t, "PackageFormatVersion", 0, "\\Package");
	/* Not written by SSDT: judge by the spelling */
	const char *type = dx_prop_str(d, root, "ExecutableType", "");
	if (strcasecmp(type, "Microsoft.Package") == 0)
		return 8;
	if (strcasecmp(type, "SSIS.Package.3") == 0)
		return 6;
	if (strcasecmp(type, "SSIS.Package.2") == 0)
		return 3;
	if (xmlHasNsProp(root, (const xmlChar *)"refId", (const xmlChar *)DX_NS_DTS))
		return 8;
	return 2;
}

static bool check_root(IrCtx *c, DxDoc *d)
{
	xmlNodePtr r = d->root;
	if (dx_is(r, DX_NS_DTS, "Executable"))
		return true;
	const char *uri = r->ns && r->ns->href ? (const char *)r->ns->href : "";
	ir_error(c, dx_loc(d, r), NULL,
		 "not an SSIS package: the root element is <%s>%s%s%s; expected DTS:Executable in namespace %s",
		 (const char *)r->name, *uri ? " in namespace '" : " (no namespace)", uri, *uri ? "'" : "", DX_NS_DTS);
	return false;
}

static void read_package_props(DxDoc *d, IrPackage *pkg)
{
	xmlNodePtr r = d->root;
	pkg->name = dx_prop_str(d, r, "ObjectName", "");
	pkg->dtsid = dx_prop_str(d, r, "DTSID", NULL);
	pkg->description = dx_prop_str(d, r, "Description", NULL);
	pkg->creator_name = dx_prop_str(d, r, "CreatorName", NULL);
	pkg->creator_computer = dx_prop_str(d, r, "CreatorComputerName", NULL);
	pkg->creation_date = dx_prop_str(d, r, "CreationDate", NULL);
	pkg->version_major = (int)dx_prop_int(d, r, "VersionMajor", 1, "\\Package");
	pkg->version_minor = (int)dx_prop_int(d, r, "VersionMinor", 0, "\\Package");
	pkg->version_build = (int)dx_prop_int(d, r, "VersionBuild", 0, "\\Package");
	pkg->version_guid = dx_prop_str(d, r, "VersionGUID", NULL);
	pkg->version_comments = dx_prop_str(d, r, "VersionComments", NULL);
	pkg->last_modified_product_version = dx_prop_str(d, r, "LastModifiedProductVersion", NULL);
	pkg->locale_id = (int)dx_prop_int(d, r, "LocaleID", 1033, "\\Package");
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && strcasecmp(s + n - k, suf) == 0;
}

/* Project.params and *.conmgr beside the package (sorted, for stable output). */
static void read_sibling_project_files(DxPackage *p, const char *pkg_path)
{
	const char *slash = strrchr(pkg_path, '/');
	const char *dir = slash ? ir_strndup(p->c->arena, pkg_path, (size_t)(slash - pkg_path) + 1) : "";
	DIR *dh = opendir(*dir ? dir : ".");
	if (!dh)
		return;
	IrVec names = {0};
	for (struct dirent *de; (de = readdir(dh));)
		if (strcasecmp(de->d_name, "Project.params") == 0 || has_suffix(de->d_name, ".conmgr"))
			ir_vec_push(p->c->arena, &names, ir_sprintf(p->c->arena, "%s%s", dir, de->d_name));
	closedir(dh);
	for (size_t i = 1; i < names.len; i++)
		for (size_t j = i; j > 0 && strcmp(names.items[j - 1], names.items[j]) > 0; j--) {
			void *t = names.items[j];
			names.items[j] = names.items[j - 1];
			names.items[j - 1] = t;
		}
	for (size_t i = 0; i < names.len; i++)
		dx_read_project_file(p, names.items[i]);
}

IrPackage *fe_read_package(IrCtx *c, const char *path, const FeOptions *opts)
{
	if (is_dir(path)) {
		ir_error(c, ir_loc(0, 0), NULL, "%s: is a directory, not an SSIS package", path);
		return NULL;
	}
	const char *err = NULL;
	uint32_t file = ir_read_file(c, path, &err);
	if (!file) {
		ir_error(c, ir_loc(0, 0), NULL, "%s: cannot read: %s", path, err ? err : "unknown error");
		return NULL;
	}
	DxDoc d;
	if (!dx_parse(c, file, &d))
		return NULL;
	if (!check_root(c, &d)) {
		dx_free(&d);
		return NULL;
	}
	IrPackage *pkg = ir_alloc(c->arena, sizeof *pkg);
	pkg->file = path;
	pkg->file_id = file;
	pkg->loc = dx_loc(&d, d.root);
	pkg->format_version = d.format = detect_format(&d, d.root);
	int level;
	pkg->protection_level = protection_name(&d, d.root, &level);
	xmlNodePtr enc = find_encrypted(d.root);
	if (level == 3 || level == 4 || enc) {
		ir_error(c, enc ? dx_loc(&d, enc) : pkg->loc, "\\Package",
			 "the package is encrypted (ProtectionLevel %s); save it with DontSaveSensitive or "
			 "EncryptSensitiveWithUserKey to compile it",
			 pkg->protection_level);
		dx_free(&d);
		return NULL;
	}
	if (pkg->format_version != 2 && pkg->format_version != 3 && pkg->format_version != 6 &&
	    pkg->format_version != 8)
		ir_warn(c, pkg->loc, IR_W_bad_property, "\\Package",
			"unknown PackageFormatVersion %d; reading it like the nearest known one", pkg->format_version);
	if (pkg->format_version <= 3)
		ir_warn(c, pkg->loc, IR_W_deprecated_format, "\\Package", "package saved in format %d (SSIS %s)",
			pkg->format_version, pkg->format_version == 2 ? "2005" : "2008");
	read_package_props(&d, pkg);

	DxPackage p = {.c = c, .d = &d, .pkg = pkg};
	if (!opts || !opts->no_sibling_project_files)
		read_sibling_project_files(&p, path);
	for (size_t i = 0; opts && i < opts->nproject_files; i++)
		dx_read_project_file(&p, opts->project_files[i]);
	pkg->root = lower_executable(&p, d.root, "", IR_EXEC_PACKAGE);
	resolve_exec(&p, pkg->root);
	dx_free(&d);
	return pkg;
}
