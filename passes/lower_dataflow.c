/* lower_dataflow.c — the lower-dataflows pass: each Data Flow Task becomes a
 * RelGraph.  Components are lowered in dependency order by the handlers of
 * components.def; this file keeps the port → node map, the shared helpers,
 * and the checks that no component and no error disposition is dropped. */
#include <string.h>
#include <strings.h>
#include <stdlib.h>

#include "dataflow.h"

static const struct {
	const char *cls;
	DfHandler fn;
} handlers[] = {
#define DF_COMPONENT(cls, fn, desc) {cls, fn},
#include "components.def"
#undef DF_COMPONENT
};
enum { NHANDLERS = sizeof handlers / sizeof *handlers };

static DfHandler handler_for(const IrComponent *comp)
{
	for (size_t i = 0; comp->class_name && i < NHANDLERS; i++)
		if (strcmp(handlers[i].cls, comp->class_name) == 0)
			return handlers[i].fn;
	return NULL;
}

/* ---- ports and nodes ------------------------------------------------------ */
static const IrPath *path_from(const DfLower *L, const IrPort *out)
{
	for (size_t i = 0; i < L->df->paths.len; i++) {
		const IrPath *p = IR_VEC_AT(L->df->paths, IrPath, i);
		if (p->start == out && p->end)
			return p;
	}
	return NULL;
}

static const IrPath *path_to(const DfLower *L, const IrPort *in)
{
	for (size_t i = 0; i < L->df->paths.len; i++) {
		const IrPath *p = IR_VEC_AT(L->df->paths, IrPath, i);
		if (p->end == in && p->start)
			return p;
	}
	return NULL;
}

bool df_connected(DfLower *L, const IrPort *out)
{
	return path_from(L, out) != NULL;
}

RelNode *df_port_node(DfLower *L, const IrPort *out)
{
	for (size_t i = 0; i < L->port_nodes.len; i++) {
		DfPortNode *pn = IR_VEC_AT(L->port_nodes, DfPortNode, i);
		if (pn->port == out)
			return pn->node;
	}
	return NULL;
}

void df_output(DfLower *L, const IrPort *out, RelNode *n)
{
	DfPortNode *pn = ir_alloc(L->c->arena, sizeof *pn);
	pn->port = out;
	pn->node = n;
	if (!n->output_name && out)
		n->output_name = out->name;
	ir_vec_push(L->c->arena, &L->port_nodes, pn);
}

RelNode *df_input(DfLower *L, const IrPort *in)
{
	const IrPath *p = in ? path_to(L, in) : NULL;
	return p ? df_port_node(L, p->start) : NULL;
}

const IrPort *df_main_output(const IrComponent *comp)
{
	for (size_t i = 0; i < comp->outputs.len; i++) {
		const IrPort *o = IR_VEC_AT(comp->outputs, IrPort, i);
		if (!o->is_error_out)
			return o;
	}
	return NULL;
}

const IrPort *df_error_output(const IrComponent *comp)
{
	for (size_t i = 0; i < comp->outputs.len; i++) {
		const IrPort *o = IR_VEC_AT(comp->outputs, IrPort, i);
		if (o->is_error_out)
			return o;
	}
	return NULL;
}

const IrPort *df_main_input(const IrComponent *comp)
{
	return comp->inputs.len ? IR_VEC_AT(comp->inputs, IrPort, 0) : NULL;
}

/* ---- properties -------------------------------------------------------------- */
const IrProp *df_prop(const IrVec *props, const char *name)
{
	for (size_t i = 0; i < props->len; i++) {
		const IrProp *p = IR_VEC_AT(*props, IrProp, i);
		if (p->name && strcasecmp(p->name, name) == 0)
			return p;
	}
	return NULL;
}

const char *df_prop_str(const IrVec *props, const char *name)
{
	const IrProp *p = df_prop(props, name);
	return p && p->value.s && *p->value.s ? p->value.s : NULL;
}

long df_prop_int(const IrVec *props, const char *name, long dflt)
{
	const char *s = df_prop_str(props, name);
	char *end;
	if (!s)
		return dflt;
	long v = strtol(s, &end, 10);
	return end == s ? dflt : v;
}

bool df_prop_bool(const IrVec *props, const char *name, bool dflt)
{
	const char *s = df_prop_str(props, name);
	if (!s)
		return dflt;
	if (strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0 || strcmp(s, "-1") == 0)
		return true;
	if (strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0)
		return false;
	return dflt;
}

const char *df_lineage_key(DfLower *L, const char *ref)
{
	if (!ref)
		return NULL;
	while (*ref == ' ')
		ref++;
	if (*ref == '#')
		ref++;
	size_t n = strlen(ref);
	if (n >= 2 && ref[0] == '{' && ref[n - 1] == '}') {
		ref++;
		n -= 2;
	}
	while (n && ref[n - 1] == ' ')
		n--;
	return ir_intern(L->c, ref, n);
}

/* ---- columns ---------------------------------------------------------------- */
const RelCol *df_ref_col(DfLower *L, const IrComponent *comp, const RelNode *in, const char *ref)
{
	const char *key = df_lineage_key(L, ref);
	const RelCol *col = key ? ir_rel_find_lineage(in, key) : NULL;
	/* Some properties name an input column by its own id, not its lineage. */
	for (size_t i = 0; !col && key && i < comp->inputs.len; i++) {
		const IrPort *p = IR_VEC_AT(comp->inputs, IrPort, i);
		for (size_t k = 0; k < p->columns.len; k++) {
			const IrColumn *ic = IR_VEC_AT(p->columns, IrColumn, k);
			if (ic->id && strcmp(df_lineage_key(L, ic->id), key) == 0)
				col = ir_rel_find_lineage(in, df_lineage_key(L, ic->lineage_id));
		}
	}
	if (!col)
		ir_warn(L->c, comp->loc, IR_W_dangling_reference, comp->path,
			"column reference '%s' names no column of the component's input", ref ? ref : "");
	return col;
}

const RelCol *df_in_col(DfLower *L, const IrComponent *comp, const RelNode *in, const IrColumn *ic)
{
	const RelCol *col = ir_rel_find_lineage(in, df_lineage_key(L, ic->lineage_id));
	if (!col)
		ir_warn(L->c, ic->loc.file ? ic->loc : comp->loc, IR_W_dangling_reference, comp->path,
			"input column '%s' (lineage %s) is not in the buffer that reaches it",
			ic->name ? ic->name : "", ic->lineage_id ? ic->lineage_id : "?");
	return col;
}

void df_set_col(DfLower *L, RelNode *n, size_t k, const IrColumn *oc, const IrComponent *comp)
{
	RelCol *col = &n->cols[k];
	const char *name = oc->name && *oc->name ? oc->name : "column";
	col->name = ir_rel_unique_name(L->c, n, k, name);
	col->type = ir_rel_column_type(oc);
	col->lineage = df_lineage_key(L, oc->lineage_id ? oc->lineage_id : oc->id);
	col->ssis_name = oc->name;
	col->origin = comp;
	col->loc = oc->loc;
}

void df_copy_cols(RelNode *n, const RelNode *in)
{
	memcpy(n->cols, in->cols, in->ncols * sizeof *in->cols);
}

IrSqlx *df_ref(DfLower *L, const RelCol *col)
{
	return ir_sqlx_column(L->c, col->loc, NULL, col->name);
}

RelNode *df_project_over(DfLower *L, const IrComponent *comp, RelNode *in, size_t extra, const char *label)
{
	RelNode *n = ir_rel_node_new(L->c, L->g, REL_PROJECT, label ? label : comp->name, comp, comp->loc, 1,
				     in->ncols + extra);
	n->inputs[0] = in;
	n->u.project.exprs = ir_alloc(L->c->arena, (in->ncols + extra + 1) * sizeof *n->u.project.exprs);
	df_copy_cols(n, in);
	for (size_t k = 0; k < in->ncols; k++)
		n->u.project.exprs[k] = df_ref(L, &in->cols[k]);
	return n;
}

RelNode *df_filter(DfLower *L, const IrComponent *comp, RelNode *in, IrSqlx *pred, const char *output_name)
{
	RelNode *n = ir_rel_node_new(L->c, L->g, REL_FILTER, comp->name, comp, comp->loc, 1, in->ncols);
	n->inputs[0] = in;
	df_copy_cols(n, in);
	n->u.filter.predicate = pred;
	n->output_name = output_name;
	return n;
}

bool df_is_redirect(const char *d)
{
	return d && strcasecmp(d, "RedirectRow") == 0;
}

bool df_is_ignore(const char *d)
{
	return d && strcasecmp(d, "IgnoreFailure") == 0;
}

/* Error rows carry the input buffer plus ErrorCode and ErrorColumn.  SSIS's
 * HRESULT-style codes are not reproducible; a constant per failure kind
 * stands for them, and ErrorColumn is 0 (the failing column is not known
 * per row). */
void df_error_rows(DfLower *L, const IrComponent *comp, RelNode *rows, long error_code)
{
	const IrPort *err = df_error_output(comp);
	if (!err)
		return;
	size_t nspecial = 0;
	for (size_t k = 0; k < err->columns.len; k++)
		nspecial += IR_VEC_AT(err->columns, IrColumn, k)->special_flags != 0;
	RelNode *n = df_project_over(L, comp, rows, nspecial, comp->name);
	size_t j = rows->ncols;
	for (size_t k = 0; k < err->columns.len; k++) {
		const IrColumn *oc = IR_VEC_AT(err->columns, IrColumn, k);
		if (!oc->special_flags)
			continue;
		df_set_col(L, n, j, oc, comp);
		n->u.project.exprs[j] = ir_rel_e_cast(L->c, ir_sqlx_int(L->c, comp->loc, oc->special_flags == 1 ? error_code : 0),
						      n->cols[j].type, false);
		j++;
	}
	n->output_name = err->name;
	df_output(L, err, n);
}

void df_assert(DfLower *L, const IrComponent *comp, RelNode *n, IrSqlx *fails, const char *msg)
{
	RelAssert *a = ir_alloc(L->c->arena, sizeof *a);
	a->node = n;
	a->predicate = fails;
	a->message = msg;
	a->component = comp;
	a->loc = comp->loc;
	ir_vec_push(L->c->arena, &L->g->asserts, a);
}

/* ---- placeholders ------------------------------------------------------------ */
static bool is_script(const IrComponent *comp)
{
	return comp->class_name && strstr(comp->class_name, "ScriptComponent");
}

/* A placeholder node per output, with the output's declared columns; a
 * synchronous output also carries its input's buffer. */
static RelNode *placeholder_node(DfLower *L, const IrComponent *comp, const IrPort *out, size_t nin, const char *reason)
{
	RelNode *sync = out && out->synchronous_input ? df_input(L, out->synchronous_input) : NULL;
	size_t base = sync ? sync->ncols : 0, ncols = base + (out ? out->columns.len : 0);
	RelNode *n = ir_rel_node_new(L->c, L->g, REL_PLACEHOLDER, comp->name, comp, comp->loc, nin, ncols);
	for (size_t i = 0, j = 0; i < comp->inputs.len; i++) {
		RelNode *in = df_input(L, IR_VEC_AT(comp->inputs, IrPort, i));
		if (in)
			n->inputs[j++] = in;
	}
	if (sync)
		df_copy_cols(n, sync);
	for (size_t k = base; k < ncols; k++)
		df_set_col(L, n, k, IR_VEC_AT(out->columns, IrColumn, k - base), comp);
	n->u.placeholder.reason = reason;
	const IrProp *code = df_prop(&comp->props, "SourceCode");
	if (code && code->value.s) {
		n->u.placeholder.original = code->value;
		n->u.placeholder.language = "script";
	}
	return n;
}

RelStatus df_placeholder_component(DfLower *L, const IrComponent *comp)
{
	const char *reason = L->reason;
	if (!reason)
		reason = is_script(comp) ? "a Script Component: its C#/VB code needs a manual or LLM rewrite"
			: !comp->known ? ir_sprintf(L->c->arena, "third-party component '%s'",
						    comp->class_name ? comp->class_name : comp->class_id)
			: ir_sprintf(L->c->arena, "no translation for %s yet", comp->class_name);
	L->reason = reason;
	size_t nin = 0;
	for (size_t i = 0; i < comp->inputs.len; i++)
		nin += df_input(L, IR_VEC_AT(comp->inputs, IrPort, i)) != NULL;
	if (comp->outputs.len == 0)
		placeholder_node(L, comp, NULL, nin, reason);
	for (size_t o = 0; o < comp->outputs.len; o++) {
		const IrPort *out = IR_VEC_AT(comp->outputs, IrPort, o);
		df_output(L, out, placeholder_node(L, comp, out, nin, reason));
	}
	return REL_ST_PLACEHOLDER;
}

/* ---- dispositions ------------------------------------------------------------ */
static bool column_redirects(const IrPort *p)
{
	if (df_is_redirect(p->error_row_disposition) || df_is_redirect(p->truncation_row_disposition))
		return true;
	for (size_t k = 0; k < p->columns.len; k++) {
		const IrColumn *c = IR_VEC_AT(p->columns, IrColumn, k);
		if (df_is_redirect(c->error_row_disposition) || df_is_redirect(c->truncation_row_disposition))
			return true;
	}
	return false;
}

/* RedirectRow with nothing attached to the error output: SSIS drops those
 * rows silently; the SQL keeps or fails them. */
static void check_dispositions(DfLower *L, const IrComponent *comp)
{
	const IrPort *err = df_error_output(comp);
	bool redirects = false;
	for (size_t i = 0; i < comp->inputs.len; i++)
		redirects |= column_redirects(IR_VEC_AT(comp->inputs, IrPort, i));
	for (size_t i = 0; i < comp->outputs.len; i++) {
		const IrPort *o = IR_VEC_AT(comp->outputs, IrPort, i);
		if (!o->is_error_out)
			redirects |= column_redirects(o);
	}
	if (redirects && (!err || !df_connected(L, err)))
		ir_warn(L->c, comp->loc, IR_W_unhandled_error_output, comp->path,
			"rows are redirected to the error output%s%s, but nothing is attached to it: SSIS discards them",
			err ? " " : "", err ? err->name : "");
}

/* An empty relation with the columns of output `o`: the buffer of `base`
 * (when the output is synchronous) plus o's own columns as typed NULLs. */
RelNode *df_empty_output(DfLower *L, const IrComponent *comp, const IrPort *o, RelNode *base, bool sync)
{
	size_t keep = sync ? base->ncols : 0;
	RelNode *p = ir_rel_node_new(L->c, L->g, REL_PROJECT, comp->name, comp, comp->loc, 1, keep + o->columns.len);
	p->inputs[0] = base;
	p->u.project.exprs = ir_alloc(L->c->arena, (p->ncols + 1) * sizeof(IrSqlx *));
	for (size_t k = 0; k < keep; k++) {
		p->cols[k] = base->cols[k];
		p->u.project.exprs[k] = df_ref(L, &base->cols[k]);
	}
	for (size_t k = 0; k < o->columns.len; k++) {
		df_set_col(L, p, keep + k, IR_VEC_AT(o->columns, IrColumn, k), comp);
		p->u.project.exprs[keep + k] = ir_rel_e_null(L->c, p->cols[keep + k].type);
	}
	RelNode *f = df_filter(L, comp, p, ir_sqlx_bool(L->c, comp->loc, false), o->name);
	df_output(L, o, f);
	return f;
}

/* Outputs with a consumer that the handler did not produce (an error output
 * whose rows SQL cannot single out): an empty relation, reported.  Without
 * any node to build it on, a placeholder. */
static void fill_missing_outputs(DfLower *L, const IrComponent *comp)
{
	for (size_t i = 0; i < comp->outputs.len; i++) {
		const IrPort *o = IR_VEC_AT(comp->outputs, IrPort, i);
		if (df_port_node(L, o) || !df_connected(L, o))
			continue;
		RelNode *sync = o->synchronous_input ? df_input(L, o->synchronous_input) : NULL;
		RelNode *base = sync;
		for (size_t k = 0; !base && k < comp->outputs.len; k++)
			base = df_port_node(L, IR_VEC_AT(comp->outputs, IrPort, k));
		if (base) {
			df_empty_output(L, comp, o, base, sync != NULL);
			ir_warn(L->c, comp->loc, IR_W_semantics_approximated, comp->path,
				"the rows SSIS sends to output '%s' when a row fails are not reproduced: it is empty here", o->name);
			continue;
		}
		size_t nin = 0;
		for (size_t k = 0; k < comp->inputs.len; k++)
			nin += df_input(L, IR_VEC_AT(comp->inputs, IrPort, k)) != NULL;
		df_output(L, o, placeholder_node(L, comp, o, nin,
						 ir_sprintf(L->c->arena, "the rows of output '%s' are not reproduced", o->name)));
		ir_warn(L->c, comp->loc, IR_W_semantics_approximated, comp->path,
			"the rows SSIS sends to output '%s' are not reproduced (a placeholder stands for them)", o->name);
	}
}

/* ---- the driver ------------------------------------------------------------ */
static bool inputs_ready(DfLower *L, const IrComponent *comp)
{
	for (size_t i = 0; i < comp->inputs.len; i++) {
		const IrPath *p = path_to(L, IR_VEC_AT(comp->inputs, IrPort, i));
		if (p && !df_port_node(L, p->start))
			return false;
	}
	return true;
}

static void record(DfLower *L, const IrComponent *comp, RelStatus st, const char *reason)
{
	RelCoverage *r = ir_alloc(L->c->arena, sizeof *r);
	r->component = comp;
	r->class_name = comp->class_name ? comp->class_name : comp->class_id;
	r->status = st;
	r->reason = reason;
	ir_vec_push(L->c->arena, &L->g->coverage, r);
}

static RelStatus lower_component(DfLower *L, const IrComponent *comp)
{
	DfHandler fn = handler_for(comp);
	L->reason = NULL;
	L->untranslated = 0;
	RelStatus st;
	if (fn) {
		st = fn(L, comp);
	} else {
		st = df_placeholder_component(L, comp);
		ir_warn(L->c, comp->loc, comp->known ? IR_W_unsupported_component : IR_W_unknown_component, comp->path,
			"%s: %s; a placeholder model that fails when run stands for it",
			comp->class_name ? comp->class_name : comp->class_id, L->reason);
	}
	if (st == REL_ST_PLACEHOLDER && fn)
		ir_warn(L->c, comp->loc, IR_W_unsupported_component, comp->path, "%s; a placeholder stands for it",
			L->reason ? L->reason : "not translated");
	check_dispositions(L, comp);
	fill_missing_outputs(L, comp);
	return st;
}

static RelGraph *lower_one(PassCtx *p, const IrExecutable *task)
{
	IrCtx *c = p->c;
	DfLower L = {.c = c, .package = p->package, .task = task, .df = task->dataflow};
	L.g = ir_rel_graph_new(c, p->package, task);
	size_t n = L.df->components.len;
	bool *done = calloc(n ? n : 1, sizeof *done);
	RelStatus *status = calloc(n ? n : 1, sizeof *status);
	const char **reasons = calloc(n ? n : 1, sizeof *reasons);
	if (!done || !status || !reasons)
		ir_die("out of memory");
	for (bool progress = true; progress;) {
		progress = false;
		for (size_t i = 0; i < n; i++) {
			const IrComponent *comp = IR_VEC_AT(L.df->components, IrComponent, i);
			if (done[i] || !inputs_ready(&L, comp))
				continue;
			status[i] = lower_component(&L, comp);
			reasons[i] = L.reason;
			done[i] = progress = true;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const IrComponent *comp = IR_VEC_AT(L.df->components, IrComponent, i);
		if (!done[i]) {
			ir_warn(c, comp->loc, IR_W_dangling_reference, comp->path,
				"the component's inputs form a cycle or come from components that were not lowered");
			status[i] = REL_ST_UNSUPPORTED;
			reasons[i] = "its inputs could not be lowered (cycle)";
		}
		record(&L, comp, status[i], reasons[i]);
	}
	free(done);
	free(status);
	free(reasons);
	return L.g;
}

/* A disabled executable (or one inside a disabled container) never runs:
 * its data flows produce nothing. */
static void lower_exec(PassCtx *p, const IrExecutable *e)
{
	if (e->disabled) {
		if (e->kind == IR_EXEC_PIPELINE)
			ir_warn(p->c, e->loc, IR_W_control_flow, e->path,
				"the Data Flow Task is disabled: it is not translated");
		return;
	}
	if (e->kind == IR_EXEC_PIPELINE && e->dataflow)
		ir_vec_push(p->c->arena, &p->rel->graphs, lower_one(p, e));
	for (size_t i = 0; i < e->children.len; i++)
		lower_exec(p, IR_VEC_AT(e->children, IrExecutable, i));
	for (size_t i = 0; i < e->event_handlers.len; i++) {
		const IrEventHandler *h = IR_VEC_AT(e->event_handlers, IrEventHandler, i);
		if (h->body)
			lower_exec(p, h->body);
	}
}

bool pass_lower_dataflows(PassCtx *p)
{
	if (!p->rel) {
		p->rel = ir_alloc(p->c->arena, sizeof *p->rel);
		p->rel->package = p->package;
	}
	if (p->package && p->package->root)
		lower_exec(p, p->package->root);
	return true;
}

/* ---- names, variables, connections ----------------------------------------- */
/* One part of a dotted name, brackets or quotes removed. */
static const char *name_part(DfLower *L, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= 2 && ((s[0] == '[' && s[n - 1] == ']') || (s[0] == '"' && s[n - 1] == '"') ||
		       (s[0] == '`' && s[n - 1] == '`')))
		s++, n -= 2;
	return ir_intern(L->c, s, n);
}

void df_table_name(DfLower *L, const char *s, const char *dflt, const char **schema, const char **table)
{
	const char *parts[4];
	int np = 0;
	const char *start = s;
	bool in_br = false, in_q = false;
	for (const char *p = s;; p++) {
		if (*p == '[' && !in_q)
			in_br = true;
		else if (*p == ']' && in_br)
			in_br = false;
		else if (*p == '"' && !in_br)
			in_q = !in_q;
		if (*p == 0 || (*p == '.' && !in_br && !in_q)) {
			if (np < 4)
				parts[np++] = name_part(L, start, (size_t)(p - start));
			if (*p == 0)
				break;
			start = p + 1;
		}
	}
	*table = parts[np - 1];
	*schema = np >= 2 && *parts[np - 2] ? parts[np - 2] : dflt;
}

static const IrVariable *find_var(const IrExecutable *e, const char *ns, const char *name)
{
	for (size_t i = 0; i < e->variables.len; i++) {
		const IrVariable *v = IR_VEC_AT(e->variables, IrVariable, i);
		if (v->name && strcasecmp(v->name, name) == 0 && (!ns || (v->ns && strcasecmp(v->ns, ns) == 0)))
			return v;
	}
	for (size_t i = 0; i < e->children.len; i++) {
		const IrVariable *v = find_var(IR_VEC_AT(e->children, IrExecutable, i), ns, name);
		if (v)
			return v;
	}
	return NULL;
}

const IrVariable *df_variable(DfLower *L, const char *q)
{
	if (!q || !L->package || !L->package->root)
		return NULL;
	const char *sep = strstr(q, "::");
	const char *ns = sep ? ir_intern(L->c, q, (size_t)(sep - q)) : NULL;
	const char *name = sep ? sep + 2 : q;
	if (*name == '[')
		name = name_part(L, name, strlen(name));
	return find_var(L->package->root, ns, name);
}

const char *df_variable_value(DfLower *L, const char *q)
{
	const IrVariable *v = df_variable(L, q);
	if (!v || (v->evaluate_as_expression && v->expression.s && *v->expression.s))
		return NULL;
	return v->value.s && *v->value.s ? v->value.s : NULL;
}

const IrConnMgr *df_conn(const IrComponent *comp, const char **name)
{
	const IrCompConn *cc = comp->connections.len ? IR_VEC_AT(comp->connections, IrCompConn, 0) : NULL;
	*name = cc && cc->conn ? cc->conn->name : cc ? (cc->manager_refid ? cc->manager_refid : cc->manager_id) : NULL;
	return cc ? cc->conn : NULL;
}
