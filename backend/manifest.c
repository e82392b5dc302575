/* manifest.c — ssis2dbt_manifest.json, the source map (docs/manifest.md):
 * where every model, column and test came from, which relation stands for
 * each legacy table, the vars, and every component's status.  Keys in a
 * fixed order, arrays sorted as the format says, no addresses or times. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "be_internal.h"

static cJSON *str_or_null(const char *s) { return s ? cJSON_CreateString(s) : cJSON_CreateNull(); }

static void add_str(cJSON *o, const char *k, const char *v) { cJSON_AddItemToObject(o, k, str_or_null(v)); }

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

typedef const char *(*KeyFn)(const void *);
static KeyFn sort_key_fn;
static int cmp_items(const void *a, const void *b)
{
	return strcmp(sort_key_fn(*(const void *const *)a), sort_key_fn(*(const void *const *)b));
}

/* A sorted copy of a vector's items. */
static void **sorted(BeProject *pr, const IrVec *v, KeyFn key)
{
	void **items = ir_alloc(pr->a, (v->len + 1) * sizeof *items);
	if (v->len)
		memcpy(items, v->items, v->len * sizeof *items);
	sort_key_fn = key;
	qsort(items, v->len, sizeof *items, cmp_items);
	return items;
}

static const char *model_key(const void *p) { return ((const BeModel *)p)->name; }
static const char *test_key(const void *p) { return ((const BeTest *)p)->name; }
static const char *source_key(const void *p) { return ((const BeSource *)p)->legacy; }
static const char *dest_key(const void *p) { return ((const BeDest *)p)->legacy; }
static const char *var_key(const void *p) { return ((const BeVar *)p)->name; }

static cJSON *str_array(BeProject *pr, const IrVec *v, bool sort)
{
	const char **items = ir_alloc(pr->a, (v->len + 1) * sizeof *items);
	for (size_t i = 0; i < v->len; i++)
		items[i] = v->items[i];
	if (sort)
		qsort(items, v->len, sizeof *items, cmp_str);
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < v->len; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(items[i]));
	return a;
}

static cJSON *relation(const char *schema, const char *identifier)
{
	cJSON *r = cJSON_CreateObject();
	cJSON_AddItemToObject(r, "database", cJSON_CreateNull());
	add_str(r, "schema", schema);
	add_str(r, "identifier", identifier);
	return r;
}

static cJSON *packages_json(BeProject *pr)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < pr->npkgs; i++) {
		const BePkg *bp = &pr->pkgs[i];
		cJSON *p = cJSON_CreateObject();
		add_str(p, "file", bp->p->file);
		add_str(p, "name", bp->p->name);
		cJSON_AddNumberToObject(p, "format_version", bp->p->format_version);
		cJSON *comps = cJSON_AddArrayToObject(p, "components");
		for (size_t k = 0; k < bp->comps.len; k++) {
			const BeComp *c = IR_VEC_AT(bp->comps, BeComp, k);
			cJSON *o = cJSON_CreateObject();
			add_str(o, "ssis_path", c->ssis_path);
			add_str(o, "class", c->class_name);
			add_str(o, "loc", be_loc_str(pr, c->loc));
			add_str(o, "status", c->status);
			add_str(o, "reason", c->reason);
			IrVec names = {0};
			for (size_t m = 0; m < c->models.len; m++)
				ir_vec_push(pr->a, &names, (void *)IR_VEC_AT(c->models, BeModel, m)->name);
			cJSON_AddItemToObject(o, "models", str_array(pr, &names, true));
			cJSON_AddItemToArray(comps, o);
		}
		cJSON_AddItemToArray(arr, p);
	}
	return arr;
}

static const char *layer_name(BeLayer l)
{
	static const char *const names[] = {"staging", "intermediate", "marts"};
	return names[l];
}

static void model_column(BeProject *pr, cJSON *cols, const char *name, const IrType *t, const char *comp, IrLoc loc)
{
	cJSON *c = cJSON_CreateObject();
	add_str(c, "name", name);
	add_str(c, "ssis_type", be_type_str(pr->a, t));
	add_str(c, "component", comp);
	add_str(c, "loc", be_loc_str(pr, loc));
	cJSON_AddItemToArray(cols, c);
}

static cJSON *models_json(BeProject *pr)
{
	cJSON *arr = cJSON_CreateArray();
	void **ms = sorted(pr, &pr->models, model_key);
	for (size_t i = 0; i < pr->models.len; i++) {
		const BeModel *m = ms[i];
		cJSON *o = cJSON_CreateObject();
		add_str(o, "name", m->name);
		add_str(o, "path", m->path);
		add_str(o, "materialized", m->materialized);
		add_str(o, "layer", layer_name(m->layer));
		add_str(o, "package", m->package ? m->package->file : NULL);
		add_str(o, "ssis_path", m->ssis_path);
		add_str(o, "component", m->component ? m->component->name : NULL);
		add_str(o, "loc", be_loc_str(pr, m->loc));
		cJSON_AddBoolToObject(o, "placeholder", m->placeholder);
		cJSON *cols = cJSON_AddArrayToObject(o, "columns");
		const RelNode *r = m->root;
		if (r->kind == REL_SINK && r->u.sink.ndest) {
			for (size_t k = 0; k < r->u.sink.ndest; k++) {
				const RelCol *from = r->u.sink.dest_from && r->u.sink.dest_from[k]
					? ir_rel_find_col(r->inputs[0], r->u.sink.dest_from[k]) : NULL;
				model_column(pr, cols, r->u.sink.dest_columns[k], &r->u.sink.dest_types[k],
					     from && from->origin ? from->origin->name : NULL, from ? from->loc : r->loc);
			}
		} else {
			const RelNode *c = r->kind == REL_SINK ? r->inputs[0] : r;
			for (size_t k = 0; k < c->ncols; k++)
				model_column(pr, cols, c->cols[k].name, &c->cols[k].type,
					     c->cols[k].origin ? c->cols[k].origin->name : NULL, c->cols[k].loc);
		}
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *tests_json(BeProject *pr)
{
	cJSON *arr = cJSON_CreateArray();
	void **ts = sorted(pr, &pr->tests, test_key);
	for (size_t i = 0; i < pr->tests.len; i++) {
		const BeTest *t = ts[i];
		cJSON *o = cJSON_CreateObject();
		add_str(o, "name", t->name);
		add_str(o, "model", t->model ? t->model->name : NULL);
		if (t->source)
			add_str(o, "source", t->source->legacy);
		add_str(o, "column", t->column);
		add_str(o, "kind", t->kind);
		add_str(o, "reason", t->reason);
		add_str(o, "package", t->package ? t->package->file : NULL);
		add_str(o, "ssis_path", t->ssis_path);
		add_str(o, "loc", be_loc_str(pr, t->loc));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *file_json(BeProject *pr, const IrConnMgr *conn, const char *var_key, const char *var)
{
	cJSON *f = cJSON_CreateObject();
	const IrFlatFile *ff = conn ? conn->flat : NULL;
	add_str(f, var_key, var);
	add_str(f, "default_path", conn ? conn->file_path : NULL);
	add_str(f, "format", ff ? ff->format : NULL);
	const char *delim = NULL;
	if (ff && ff->columns.len > 1)
		delim = IR_VEC_AT(ff->columns, IrFlatColumn, 0)->delimiter;
	add_str(f, "column_delimiter", delim ? delim : (ff ? "," : NULL));
	add_str(f, "row_delimiter", ff ? ff->row_delimiter : NULL);
	add_str(f, "text_qualifier", ff ? ff->text_qualifier : NULL);
	cJSON_AddNumberToObject(f, "header_rows_to_skip", ff ? ff->header_rows_to_skip : 0);
	cJSON_AddBoolToObject(f, "column_names_in_first_row", ff && ff->column_names_in_first_row);
	cJSON_AddNumberToObject(f, "code_page", ff ? ff->code_page : 0);
	cJSON_AddBoolToObject(f, "unicode", ff && ff->unicode);
	cJSON *cols = cJSON_AddArrayToObject(f, "columns");
	for (size_t i = 0; ff && i < ff->columns.len; i++) {
		const IrFlatColumn *c = IR_VEC_AT(ff->columns, IrFlatColumn, i);
		cJSON *o = cJSON_CreateObject();
		add_str(o, "name", c->name);
		IrDtype dt;
		IrType t = {.dt = IR_DT_STR, .length = c->max_width};
		if (ir_dtype_from_code(c->data_type, &dt))
			t = (IrType){dt, c->max_width, c->precision, c->scale, ff->code_page};
		add_str(o, "ssis_type", be_type_str(pr->a, &t));
		add_str(o, "delimiter", c->delimiter);
		cJSON_AddBoolToObject(o, "text_qualified", c->text_qualified);
		cJSON_AddItemToArray(cols, o);
	}
	return f;
}

static cJSON *sources_json(BeProject *pr)
{
	cJSON *arr = cJSON_CreateArray();
	void **ss = sorted(pr, &pr->sources, source_key);
	for (size_t i = 0; i < pr->sources.len; i++) {
		const BeSource *s = ss[i];
		cJSON *o = cJSON_CreateObject();
		add_str(o, "legacy", s->legacy);
		add_str(o, "kind", s->flatfile ? "flatfile" : "table");
		bool declared = !s->flatfile || (pr->o->dialect != BE_DUCKDB && pr->o->dialect != BE_POSTGRES);
		if (declared) {
			cJSON *src = cJSON_AddObjectToObject(o, "source");
			add_str(src, "source_name", s->source_name);
			add_str(src, "table", s->table_name);
			/* flat files off DuckDB: the runner loads the file's rows, all as text, here */
			cJSON_AddItemToObject(o, "relation", relation(s->rel_schema, s->rel_identifier));
		} else {
			cJSON_AddItemToObject(o, "source", cJSON_CreateNull());
			cJSON_AddItemToObject(o, "relation", cJSON_CreateNull());
		}
		cJSON *cols = cJSON_AddArrayToObject(o, "columns");
		for (size_t k = 0; k < s->cols.len; k++) {
			const BeSrcCol *c = IR_VEC_AT(s->cols, BeSrcCol, k);
			cJSON *co = cJSON_CreateObject();
			add_str(co, "name", c->name);
			add_str(co, "ssis_type", be_type_str(pr->a, &c->type));
			cJSON_AddItemToArray(cols, co);
		}
		if (s->flatfile)
			cJSON_AddItemToObject(o, "file", file_json(pr, s->conn, "var", s->path_var));
		cJSON_AddItemToObject(o, "packages", str_array(pr, &s->packages, false));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *dests_json(BeProject *pr)
{
	cJSON *arr = cJSON_CreateArray();
	void **ds = sorted(pr, &pr->dests, dest_key);
	for (size_t i = 0; i < pr->dests.len; i++) {
		const BeDest *d = ds[i];
		if (d->temp)
			continue; /* no legacy table to validate */
		cJSON *o = cJSON_CreateObject();
		add_str(o, "legacy", d->legacy);
		add_str(o, "kind", d->flatfile ? "flatfile" : "table");
		add_str(o, "model", d->model ? d->model->name : NULL);
		if (d->flatfile)
			cJSON_AddItemToObject(o, "relation", cJSON_CreateNull());
		else
			cJSON_AddItemToObject(o, "relation", relation(d->rel_schema, d->rel_identifier));
		add_str(o, "load", d->load == REL_LOAD_REPLACE ? "replace" : d->load == REL_LOAD_UPDATE ? "update"
			: d->load == REL_LOAD_DELETE ? "delete" : d->load == REL_LOAD_MERGE ? "merge" : "append");
		if (d->flatfile) {
			cJSON *f = file_json(pr, d->conn, "path_var", d->path_var);
			/* where the file is written: DuckDB's external materialization */
			add_str(f, "written_by", pr->o->dialect == BE_DUCKDB ? "materialized_external" : "not_written");
			cJSON_AddItemToObject(o, "file", f);
		}
		cJSON_AddItemToObject(o, "packages", str_array(pr, &d->packages, false));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static cJSON *vars_json(BeProject *pr)
{
	cJSON *arr = cJSON_CreateArray();
	void **vs = sorted(pr, &pr->vars, var_key);
	for (size_t i = 0; i < pr->vars.len; i++) {
		const BeVar *v = vs[i];
		cJSON *o = cJSON_CreateObject();
		add_str(o, "name", v->name);
		add_str(o, "ssis_name", v->ssis_name);
		add_str(o, "ssis_type", v->ssis_type);
		add_str(o, "default", v->deflt);
		add_str(o, "loc", be_loc_str(pr, v->loc));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

void be_emit_manifest(BeProject *pr)
{
	cJSON *root = cJSON_CreateObject();
	add_str(root, "format", "ssis2dbt-manifest");
	cJSON_AddNumberToObject(root, "version", 1);
	add_str(root, "generator", "ssis2dbtc 0.1.0");
	add_str(root, "target", be_dialect_name(pr->o->dialect));
	add_str(root, "project", pr->name);
	cJSON *prof = cJSON_AddObjectToObject(root, "profile");
	add_str(prof, "name", "ssis2dbt");
	add_str(prof, "dir", ".");
	cJSON_AddItemToObject(root, "packages", packages_json(pr));
	cJSON_AddItemToObject(root, "models", models_json(pr));
	cJSON_AddItemToObject(root, "tests", tests_json(pr));
	cJSON_AddItemToObject(root, "sources", sources_json(pr));
	cJSON_AddItemToObject(root, "destinations", dests_json(pr));
	cJSON_AddItemToObject(root, "lineage", be_lineage_json(pr));
	cJSON_AddItemToObject(root, "vars", vars_json(pr));
	cJSON *cov = cJSON_AddObjectToObject(root, "coverage");
	cJSON_AddNumberToObject(cov, "translated", (double)pr->cov.translated);
	cJSON_AddNumberToObject(cov, "placeholder", (double)pr->cov.placeholder);
	cJSON_AddNumberToObject(cov, "unsupported", (double)pr->cov.unsupported);
	/* every file this build generated (the manifest itself excepted): the
	 * next build removes the ones it no longer generates */
	IrVec paths = {0};
	for (size_t i = 0; i < pr->files.len; i++)
		ir_vec_push(pr->a, &paths, (void *)IR_VEC_AT(pr->files, BeFile, i)->path);
	cJSON_AddItemToObject(root, "generated_files", str_array(pr, &paths, true));
	char *text = cJSON_Print(root);
	IrBuf b = {0};
	ir_buf_puts(&b, text);
	ir_buf_puts(&b, "\n");
	free(text);
	cJSON_Delete(root);
	be_add_file(pr, "ssis2dbt_manifest.json", &b);
}
