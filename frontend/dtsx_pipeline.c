/* dtsx_pipeline.c — lowers a Data Flow Task's <pipeline> into the IR:
 * components (identified by class id, managed type name, contact info or
 * structure), their properties, connections, inputs, outputs and columns,
 * and the paths; then resolves lineage ids, port ids and connections
 * through hash maps. */
#include <string.h>
#include <strings.h>

#include "dtsx_internal.h"

typedef struct Flow {
	DxPackage *p;
	DxDoc *d;
	IrDataFlow *df;
	const char *task_path;
	DxMap lineage;   /* output column lineageId → IrColumn */
	DxMap ports;     /* input/output refId or id → IrPort */
	IrVec inputs;    /* IrColumn*: input columns to resolve */
} Flow;

static const char *attr(const Flow *f, const xmlNode *n, const char *name)
{
	return dx_attr_str(f->d, n, NULL, name);
}

static int attr_int(const Flow *f, const xmlNode *n, const char *name, int def, const char *path)
{
	IrText t;
	return dx_attr(f->d, n, NULL, name, &t) ? (int)dx_text_int(f->d, &t, name, def, path) : def;
}

static bool attr_bool(const Flow *f, const xmlNode *n, const char *name, bool def, const char *path)
{
	IrText t;
	return dx_attr(f->d, n, NULL, name, &t) ? dx_text_bool(f->d, &t, name, def, path) : def;
}

/* refId (format 6/8) or id (format 2/3): the object's key in this flow. */
static const char *key_of(const Flow *f, const xmlNode *n)
{
	const char *k = attr(f, n, "refId");
	return k ? k : attr(f, n, "id");
}

/* ---- properties ------------------------------------------------------- */
static void array_value(DxDoc *d, const xmlNode *n, IrText *out)
{
	IrBuf b = {0};
	xmlNodePtr arr = NULL;
	for (xmlNodePtr ch = dx_first(n); ch; ch = dx_next(ch))
		if (strcmp((const char *)ch->name, "arrayElements") == 0)
			arr = ch;
	for (xmlNodePtr el = dx_first(arr); el; el = dx_next(el)) {
		IrText t;
		dx_content(d, el, &t);
		if (b.len)
			ir_buf_puts(&b, "\n");
		ir_buf_put(&b, t.s, t.len);
	}
	*out = (IrText){.s = ir_strndup(d->ctx->arena, b.data ? b.data : "", b.len), .len = b.len,
			.loc = dx_loc(d, n), .kind = IR_TEXT_NONE};
	ir_buf_free(&b);
}

void dx_pipeline_props(DxDoc *d, const xmlNode *props, IrVec *out)
{
	IrCtx *c = d->ctx;
	for (xmlNodePtr n = dx_first(props); n; n = dx_next(n)) {
		if (!dx_is(n, NULL, "property"))
			continue;
		IrProp *p = ir_alloc(c->arena, sizeof *p);
		p->loc = dx_loc(d, n);
		p->name = dx_attr_str(d, n, NULL, "name");
		if (!p->name)
			p->name = "";
		p->data_type = dx_attr_str(d, n, NULL, "dataType");
		p->expression_type = dx_attr_str(d, n, NULL, "expressionType");
		const char *cid = dx_attr_str(d, n, NULL, "containsID");
		p->contains_id = cid && strcasecmp(cid, "true") == 0;
		const char *arr = dx_attr_str(d, n, NULL, "isArray");
		bool sensitive = ir_is_secret_key(p->name, strlen(p->name));
		const char *sens = dx_attr_str(d, n, NULL, "Sensitive");
		if (sens && strcmp(sens, "0") != 0 && strcasecmp(sens, "false") != 0)
			sensitive = true;
		if (sensitive) {
			p->secret = true;
			p->value.loc = p->loc;
		} else if (arr && strcasecmp(arr, "true") == 0) {
			array_value(d, n, &p->value);
		} else {
			dx_content(d, n, &p->value);
			if (strchr(p->value.s, '='))
				ir_mask_secrets((char *)p->value.s);
		}
		ir_vec_push(c->arena, out, p);
	}
}

static const IrProp *find_prop(const IrVec *props, const char *name)
{
	for (size_t i = 0; i < props->len; i++) {
		const IrProp *p = IR_VEC_AT(*props, IrProp, i);
		if (strcmp(p->name, name) == 0)
			return p;
	}
	return NULL;
}

/* ---- columns and ports ---------------------------------------------------- */
static int data_type(Flow *f, const xmlNode *n, const char *name, const char *path, const char **xml)
{
	IrText t;
	*xml = NULL;
	if (!dx_attr(f->d, n, NULL, name, &t) || !t.len)
		return 0;
	*xml = ir_intern(f->p->c, t.s, t.len);
	IrDtype dt;
	if (ir_dtype_from_xml(t.s, &dt))
		return (int)dt;
	ir_warn(f->p->c, t.loc, IR_W_bad_property, path, "unknown data type '%s'", t.s);
	return 0;
}

static IrColumn *lower_column(Flow *f, const xmlNode *n, IrPort *port, const char *path)
{
	IrCtx *c = f->p->c;
	IrColumn *col = ir_alloc(c->arena, sizeof *col);
	col->loc = dx_loc(f->d, n);
	col->port = port;
	col->id = key_of(f, n);
	col->name = attr(f, n, "name");
	col->lineage_id = attr(f, n, "lineageId");
	bool cached = !xmlHasProp(n, (const xmlChar *)"dataType") && xmlHasProp(n, (const xmlChar *)"cachedDataType");
	/* format 6/8 input columns carry a cached copy of the upstream type */
#define PICK(plain, copy) (cached ? copy : plain)
	col->data_type = data_type(f, n, PICK("dataType", "cachedDataType"), path, &col->data_type_xml);
	col->length = attr_int(f, n, PICK("length", "cachedLength"), 0, path);
	col->precision = attr_int(f, n, PICK("precision", "cachedPrecision"), 0, path);
	col->scale = attr_int(f, n, PICK("scale", "cachedScale"), 0, path);
	col->code_page = attr_int(f, n, PICK("codePage", "cachedCodepage"), 0, path);
	col->sort_key_position = attr_int(f, n, PICK("sortKeyPosition", "cachedSortKeyPosition"), 0, path);
#undef PICK
	if (cached && (!col->name || !*col->name))
		col->name = attr(f, n, "cachedName");
	col->usage_type = attr(f, n, "usageType");
	col->external_metadata_column_id = attr(f, n, "externalMetadataColumnId");
	col->error_row_disposition = attr(f, n, "errorRowDisposition");
	col->truncation_row_disposition = attr(f, n, "truncationRowDisposition");
	col->error_or_truncation_operation = attr(f, n, "errorOrTruncationOperation");
	col->special_flags = attr_int(f, n, "specialFlags", 0, path);
	dx_pipeline_props(f->d, dx_child(n, NULL, "properties"), &col->props);
	return col;
}

static void lower_columns(Flow *f, const xmlNode *list, const char *elem, IrPort *port, IrVec *out, const char *path)
{
	for (xmlNodePtr n = dx_first(list); n; n = dx_next(n))
		if (dx_is(n, NULL, elem))
			ir_vec_push(f->p->c->arena, out, lower_column(f, n, port, path));
}

static IrPort *lower_port(Flow *f, const xmlNode *n, IrComponent *comp, bool input)
{
	IrCtx *c = f->p->c;
	IrPort *port = ir_alloc(c->arena, sizeof *port);
	port->loc = dx_loc(f->d, n);
	port->component = comp;
	port->is_input = input;
	port->id = key_of(f, n);
	port->name = attr(f, n, "name");
	port->description = attr(f, n, "description");
	const char *path = ir_sprintf(c->arena, "%s.%s[%s]", comp->path, input ? "Inputs" : "Outputs",
				      port->name ? port->name : "");
	port->has_side_effects = attr_bool(f, n, "hasSideEffects", false, path);
	port->is_error_out = attr_bool(f, n, "isErrorOut", false, path);
	port->is_sorted = attr_bool(f, n, "isSorted", false, path);
	port->exclusion_group = attr_int(f, n, "exclusionGroup", 0, path);
	const char *sync = attr(f, n, "synchronousInputId");
	port->synchronous_input_id = sync && *sync && strcmp(sync, "0") != 0 ? sync : NULL;
	port->error_row_disposition = attr(f, n, "errorRowDisposition");
	port->truncation_row_disposition = attr(f, n, "truncationRowDisposition");
	dx_pipeline_props(f->d, dx_child(n, NULL, "properties"), &port->props);
	lower_columns(f, dx_child(n, NULL, input ? "inputColumns" : "outputColumns"), input ? "inputColumn" : "outputColumn",
		      port, &port->columns, path);
	lower_columns(f, dx_child(n, NULL, "externalMetadataColumns"), "externalMetadataColumn", port,
		      &port->external_columns, path);
	if (port->id)
		dx_map_put(c->arena, &f->ports, ir_intern(c, port->id, (size_t)-1), port);
	for (size_t i = 0; i < port->columns.len; i++) {
		IrColumn *col = IR_VEC_AT(port->columns, IrColumn, i);
		if (!input && !col->lineage_id) /* an output column's lineage id is its own id */
			col->lineage_id = col->id;
		if (input)
			ir_vec_push(c->arena, &f->inputs, col);
		else if (col->lineage_id)
			dx_map_put(c->arena, &f->lineage, ir_intern(c, col->lineage_id, (size_t)-1), col);
	}
	return port;
}

static void lower_ports(Flow *f, const xmlNode *list, const char *elem, IrComponent *comp, IrVec *out, bool input)
{
	for (xmlNodePtr n = dx_first(list); n; n = dx_next(n))
		if (dx_is(n, NULL, elem))
			ir_vec_push(f->p->c->arena, out, lower_port(f, n, comp, input));
}

/* ---- identification (dtsx_format.md §11) ------------------------------------ */
static bool any_port_prop(const IrVec *ports, const char *name, bool columns)
{
	for (size_t i = 0; i < ports->len; i++) {
		const IrPort *pt = IR_VEC_AT(*ports, IrPort, i);
		if (!columns && find_prop(&pt->props, name))
			return true;
		for (size_t k = 0; columns && k < pt->columns.len; k++)
			if (find_prop(&IR_VEC_AT(pt->columns, IrColumn, k)->props, name))
				return true;
	}
	return false;
}

const char *fe_class_from_structure(const IrComponent *comp)
{
	const IrVec *pr = &comp->props;
	if (find_prop(pr, "JoinType") && find_prop(pr, "NumKeyColumns"))
		return "Microsoft.MergeJoin";
	if (find_prop(pr, "EliminateDuplicates"))
		return "Microsoft.Sort";
	if (find_prop(pr, "NoMatchBehavior"))
		return "Microsoft.Lookup";
	if (find_prop(pr, "CurrentRowWhere"))
		return "Microsoft.SCD";
	if (any_port_prop(&comp->outputs, "IsDefaultOut", false))
		return "Microsoft.ConditionalSplit";
	if (any_port_prop(&comp->outputs, "AggregationType", true))
		return "Microsoft.Aggregate";
	if (any_port_prop(&comp->outputs, "MapFlags", true))
		return "Microsoft.CharacterMap";
	if (any_port_prop(&comp->outputs, "LineageItemSelected", true))
		return "Microsoft.Lineage";
	if (any_port_prop(&comp->outputs, "copyColumnId", true))
		return "Microsoft.CopyMap";
	if (any_port_prop(&comp->inputs, "PivotUsage", true))
		return "Microsoft.Pivot";
	if (any_port_prop(&comp->inputs, "PivotKeyValue", true) && any_port_prop(&comp->inputs, "DestinationColumn", true))
		return "Microsoft.UnPivot";
	if (pr->len == 1 && find_prop(pr, "VariableName"))
		return "Microsoft.RowCount";
	return NULL;
}

/* "A.B.Type, Assembly, Version=…" → "3rd:A.B.Type". */
static const char *third_party(IrCtx *c, const char *id)
{
	size_t n = strcspn(id, ",");
	while (n && id[n - 1] == ' ')
		n--;
	return ir_sprintf(c->arena, "3rd:%.*s", (int)n, id);
}

static bool is_managed_host(const char *cls)
{
	return cls && strcmp(cls, "Microsoft.ManagedComponentHost") == 0;
}

static void identify(Flow *f, IrComponent *comp)
{
	IrCtx *c = f->p->c;
	const char *cls = fe_class_from_id(comp->class_id);
	const char *by = "class-id";
	if (!cls || is_managed_host(cls)) {
		const char *t = fe_class_from_user_type(comp->user_type);
		if (t) {
			cls = t, by = "user-type";
		} else if (comp->user_type && *comp->user_type) {
			cls = NULL; /* a third-party managed component, named by its type */
			by = "user-type";
		} else if ((t = fe_class_from_contact(comp->contact_info))) {
			cls = t, by = "contact-info";
		} else if ((t = fe_class_from_structure(comp))) {
			cls = t, by = "structure";
		} else {
			cls = NULL, by = "none";
		}
	}
	comp->identified_by = by;
	comp->known = cls != NULL && !is_managed_host(cls);
	if (comp->known) {
		comp->class_name = cls;
		return;
	}
	const char *own = comp->user_type && *comp->user_type ? comp->user_type
			  : comp->class_id && *comp->class_id ? comp->class_id
							      : "unknown";
	comp->class_name = third_party(c, own);
	ir_warn(c, comp->loc, IR_W_unknown_component, comp->path,
		"component '%s' is not a built-in SSIS component (%s); it is kept with its properties", comp->name,
		comp->class_name + 4);
}

/* ---- components ---------------------------------------------------------- */
static IrCompConn *lower_comp_conn(Flow *f, const xmlNode *n)
{
	IrCompConn *cc = ir_alloc(f->p->c->arena, sizeof *cc);
	cc->loc = dx_loc(f->d, n);
	cc->name = attr(f, n, "name");
	cc->manager_id = attr(f, n, "connectionManagerID");
	cc->manager_refid = attr(f, n, "connectionManagerRefId");
	return cc;
}

static IrComponent *lower_component(Flow *f, const xmlNode *n)
{
	IrCtx *c = f->p->c;
	IrComponent *comp = ir_alloc(c->arena, sizeof *comp);
	comp->loc = dx_loc(f->d, n);
	comp->id = key_of(f, n);
	comp->name = attr(f, n, "name");
	if (!comp->name)
		comp->name = "";
	comp->description = attr(f, n, "description");
	comp->class_id = attr(f, n, "componentClassID");
	comp->contact_info = attr(f, n, "contactInfo");
	comp->path = dx_path_join(c, f->task_path, comp->name);
	comp->version = attr_int(f, n, "version", 0, comp->path);
	dx_pipeline_props(f->d, dx_child(n, NULL, "properties"), &comp->props);
	const IrProp *ut = find_prop(&comp->props, "UserComponentTypeName");
	comp->user_type = ut && ut->value.s ? ut->value.s : NULL;
	xmlNodePtr conns = dx_child(n, NULL, "connections");
	for (xmlNodePtr ch = dx_first(conns); ch; ch = dx_next(ch))
		if (dx_is(ch, NULL, "connection"))
			ir_vec_push(c->arena, &comp->connections, lower_comp_conn(f, ch));
	lower_ports(f, dx_child(n, NULL, "inputs"), "input", comp, &comp->inputs, true);
	lower_ports(f, dx_child(n, NULL, "outputs"), "output", comp, &comp->outputs, false);
	identify(f, comp);
	return comp;
}

static IrPath *lower_path(Flow *f, const xmlNode *n)
{
	IrPath *pa = ir_alloc(f->p->c->arena, sizeof *pa);
	pa->loc = dx_loc(f->d, n);
	pa->id = key_of(f, n);
	pa->name = attr(f, n, "name");
	pa->start_id = attr(f, n, "startId");
	pa->end_id = attr(f, n, "endId");
	return pa;
}

/* ---- resolution ------------------------------------------------------------ */
static IrPort *find_port(Flow *f, const char *id)
{
	return id ? dx_map_get(&f->ports, ir_intern(f->p->c, id, (size_t)-1)) : NULL;
}

static void resolve_connection(Flow *f, IrComponent *comp, IrCompConn *cc)
{
	if ((!cc->manager_refid || !*cc->manager_refid) && (!cc->manager_id || !*cc->manager_id))
		return; /* an unused connection slot */
	cc->conn = dx_find_connection(f->p, cc->manager_refid);
	if (!cc->conn)
		cc->conn = dx_find_connection(f->p, cc->manager_id);
	if (cc->conn)
		return;
	const char *ref = cc->manager_refid && *cc->manager_refid ? cc->manager_refid : cc->manager_id;
	bool project = strncmp(ref, "Project.", 8) == 0 || strstr(cc->manager_id ? cc->manager_id : "", ":external");
	ir_warn(f->p->c, cc->loc, project ? IR_W_missing_project_file : IR_W_dangling_reference, comp->path,
		"connection '%s' refers to %s connection manager '%s' that is not %s", cc->name ? cc->name : "",
		project ? "the project" : "a", ref, project ? "available (give its .conmgr with --project-file)" : "defined");
}

static void resolve_flow(Flow *f)
{
	IrCtx *c = f->p->c;
	for (size_t i = 0; i < f->inputs.len; i++) {
		IrColumn *col = IR_VEC_AT(f->inputs, IrColumn, i);
		col->upstream = col->lineage_id ? dx_map_get(&f->lineage, ir_intern(c, col->lineage_id, (size_t)-1)) : NULL;
		if (col->upstream && (!col->name || !*col->name))
			col->name = col->upstream->name;
		if (!col->upstream)
			ir_warn(c, col->loc, IR_W_dangling_reference, col->port->component->path,
				"input column '%s' reads lineage id '%s', which no output column has",
				col->name ? col->name : "", col->lineage_id ? col->lineage_id : "(none)");
	}
	for (size_t i = 0; i < f->df->components.len; i++) {
		IrComponent *comp = IR_VEC_AT(f->df->components, IrComponent, i);
		for (size_t k = 0; k < comp->outputs.len; k++) {
			IrPort *out = IR_VEC_AT(comp->outputs, IrPort, k);
			if (out->synchronous_input_id && !(out->synchronous_input = find_port(f, out->synchronous_input_id)))
				ir_warn(c, out->loc, IR_W_dangling_reference, comp->path,
					"output '%s' is synchronous with input '%s', which does not exist",
					out->name ? out->name : "", out->synchronous_input_id);
		}
		for (size_t k = 0; k < comp->connections.len; k++)
			resolve_connection(f, comp, IR_VEC_AT(comp->connections, IrCompConn, k));
	}
	for (size_t i = 0; i < f->df->paths.len; i++) {
		IrPath *pa = IR_VEC_AT(f->df->paths, IrPath, i);
		pa->start = find_port(f, pa->start_id);
		pa->end = find_port(f, pa->end_id);
		if (!pa->start || !pa->end)
			ir_warn(c, pa->loc, IR_W_dangling_reference, f->task_path,
				"path '%s' connects '%s' to '%s', but %s does not exist", pa->name ? pa->name : "",
				pa->start_id ? pa->start_id : "", pa->end_id ? pa->end_id : "",
				!pa->start ? "its start" : "its end");
	}
}

IrDataFlow *dx_lower_pipeline(DxPackage *p, DxDoc *d, const xmlNode *pipeline, IrExecutable *task)
{
	IrDataFlow *df = ir_alloc(p->c->arena, sizeof *df);
	df->loc = dx_loc(d, pipeline);
	Flow f = {.p = p, .d = d, .df = df, .task_path = task->path};
	xmlNodePtr comps = dx_child(pipeline, NULL, "components");
	for (xmlNodePtr n = dx_first(comps); n; n = dx_next(n))
		if (dx_is(n, NULL, "component"))
			ir_vec_push(p->c->arena, &df->components, lower_component(&f, n));
	xmlNodePtr paths = dx_child(pipeline, NULL, "paths");
	for (xmlNodePtr n = dx_first(paths); n; n = dx_next(n))
		if (dx_is(n, NULL, "path"))
			ir_vec_push(p->c->arena, &df->paths, lower_path(&f, n));
	resolve_flow(&f);
	return df;
}
