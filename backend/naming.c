/* naming.c — names of everything the project holds: models (sanitised,
 * unique across the project, stable across rebuilds: given in package,
 * graph and node order), dbt sources, relations and vars.  Also the small
 * text utilities the other backend files share. */
#include <ctype.h>
#include <string.h>

#include "be_internal.h"

int be_strcasecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = tolower((unsigned char)*a), y = tolower((unsigned char)*b);
		if (x != y || !x)
			return x - y;
	}
}

static bool is_up(int ch) { return ch >= 'A' && ch <= 'Z'; }
static bool is_low(int ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'); }

/* CamelCase and punctuation to snake_case: a word break before an upper-case
 * letter that follows a lower-case one, or that starts a word after an
 * acronym (XMLFile -> xml_file). */
const char *be_snake(IrArena *a, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char *out = ir_alloc(a, 2 * n + 3), *o = out;
	for (size_t i = 0; i < n; i++) {
		int ch = (unsigned char)s[i];
		bool alnum = is_up(ch) || is_low(ch);
		if (!alnum) {
			if (o > out && o[-1] != '_')
				*o++ = '_';
			continue;
		}
		if (is_up(ch) && i > 0 && o > out && o[-1] != '_') {
			int prev = (unsigned char)s[i - 1], next = (unsigned char)s[i + 1];
			if ((is_low(prev) && !(prev >= '0' && prev <= '9')) ||
			    (is_up(prev) && next >= 'a' && next <= 'z'))
				*o++ = '_';
		}
		*o++ = (char)tolower(ch);
	}
	while (o > out && o[-1] == '_')
		o--;
	*o = 0;
	if (!*out)
		return "x";
	if (out[0] >= '0' && out[0] <= '9') {
		memmove(out + 2, out, strlen(out) + 1);
		out[0] = 'n', out[1] = '_';
	}
	return out;
}

/* "$Project::LoadDate" -> project__loaddate; "User::BatchId" -> user__batchid. */
const char *be_var_name(IrArena *a, const char *ssis_name)
{
	const char *s = ssis_name;
	if (*s == '$')
		s++;
	const char *sep = strstr(s, "::");
	IrBuf b = {0};
	for (const char *p = s; *p; p++) {
		if (sep && p == sep) {
			ir_buf_puts(&b, "__");
			p++;
			continue;
		}
		int ch = (unsigned char)*p;
		if (isalnum(ch) && ch < 128)
			ir_buf_put(&b, &(char){(char)tolower(ch)}, 1);
		else if (b.len && b.data[b.len - 1] != '_')
			ir_buf_puts(&b, "_");
	}
	const char *r = b.len ? ir_strndup(a, b.data, b.len) : "var";
	ir_buf_free(&b);
	return r;
}

const char *be_legacy_name(IrArena *a, const char *conn, const char *schema, const char *table)
{
	if (!schema)
		return ir_sprintf(a, "%s.flatfile", conn ? conn : "");
	return ir_sprintf(a, "%s.%s.%s", conn ? conn : "", schema, table ? table : "");
}

static bool name_used(BeProject *pr, const char *n)
{
	for (size_t i = 0; i < pr->used_names.len; i++)
		if (!be_strcasecmp(IR_VEC_AT(pr->used_names, const char, i), n))
			return true;
	return false;
}

/* dbt model names are unique without regard to case (files on any disk). */
const char *be_unique_name(BeProject *pr, const char *base)
{
	const char *n = base;
	for (int k = 2; name_used(pr, n); k++)
		n = ir_sprintf(pr->a, "%s_%d", base, k);
	ir_vec_push(pr->a, &pr->used_names, (void *)n);
	return n;
}

static const char *strip_prefix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strlen(s) > n && !strncmp(s, prefix, n))
		return s + n;
	return NULL;
}

/* A mart's base name: dim_ / fct_ when the table's name says so. */
static const char *mart_base(IrArena *a, const char *table)
{
	const char *s = be_snake(a, table), *rest;
	static const struct { const char *from, *to; } prefixes[] = {
		{"dim_", "dim_"}, {"d_", "dim_"}, {"fact_", "fct_"}, {"fct_", "fct_"}, {"f_", "fct_"},
	};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if ((rest = strip_prefix(s, prefixes[i].from)))
			return ir_sprintf(a, "%s%s", prefixes[i].to, rest);
	return s;
}

static const char *model_base(BeProject *pr, const BeModel *m)
{
	IrArena *a = pr->a;
	const char *label = m->root && m->root->label ? m->root->label : "step";
	const char *pkg = be_snake(a, m->package && m->package->name ? m->package->name : "package");
	switch (m->layer) {
	case BE_STAGING:
		if (m->source && m->source->flatfile)
			return ir_sprintf(a, "stg_%s__flatfile", m->source->source_name);
		if (m->source)
			return ir_sprintf(a, "stg_%s__%s", m->source->source_name, be_snake(a, m->source->table));
		return ir_sprintf(a, "stg_%s__%s", pkg, be_snake(a, label));
	case BE_INTERMEDIATE:
		return ir_sprintf(a, "int_%s__%s", pkg, be_snake(a, label));
	case BE_MARTS:
		if (m->dest && !m->dest->flatfile)
			return mart_base(a, m->dest->table);
		if (m->dest)
			return be_snake(a, m->dest->conn_name);
		return ir_sprintf(a, "%s__%s", pkg, be_snake(a, label));
	}
	return "model";
}

static const char *layer_dir(BeLayer l)
{
	static const char *const dirs[] = {"staging", "intermediate", "marts"};
	return dirs[l];
}

void be_name_models(BeProject *pr)
{
	for (size_t i = 0; i < pr->models.len; i++) {
		BeModel *m = IR_VEC_AT(pr->models, BeModel, i);
		if (m->name)
			continue;
		m->base = model_base(pr, m);
		m->name = be_unique_name(pr, m->base);
		if (m->layer == BE_STAGING && m->source)
			m->path = ir_sprintf(pr->a, "models/staging/%s/%s.sql", m->source->source_name, m->name);
		else
			m->path = ir_sprintf(pr->a, "models/%s/%s.sql", layer_dir(m->layer), m->name);
	}
}

/* Relations: a legacy table keeps its schema and name; when two connections
 * use the same schema name, each of their schemas gets the connection as a
 * prefix (salesdb_dbo), so that one dbt source holds one schema. */
static bool clash(BeProject *pr, const char *conn, const char *schema)
{
	for (size_t i = 0; i < pr->sources.len; i++) {
		BeSource *s = IR_VEC_AT(pr->sources, BeSource, i);
		if (!s->flatfile && !be_strcasecmp(s->schema, schema) && be_strcasecmp(s->conn_name, conn))
			return true;
	}
	for (size_t i = 0; i < pr->dests.len; i++) {
		BeDest *d = IR_VEC_AT(pr->dests, BeDest, i);
		if (!d->flatfile && !be_strcasecmp(d->schema, schema) && be_strcasecmp(d->conn_name, conn))
			return true;
	}
	return false;
}

/* The schema prefix of a connection: its sanitised name, unique per
 * connection (two names that sanitise alike get _2, _3 ...). */
static const char *conn_prefix(BeProject *pr, const char *conn)
{
	for (size_t i = 0; i + 1 < pr->conn_prefixes.len; i += 2)
		if (!be_strcasecmp(IR_VEC_AT(pr->conn_prefixes, const char, i), conn))
			return IR_VEC_AT(pr->conn_prefixes, const char, i + 1);
	const char *base = be_snake(pr->a, conn), *name = base;
	for (int k = 2;; k++) {
		bool used = false;
		for (size_t i = 0; i + 1 < pr->conn_prefixes.len && !used; i += 2)
			used = !strcmp(IR_VEC_AT(pr->conn_prefixes, const char, i + 1), name);
		if (!used)
			break;
		name = ir_sprintf(pr->a, "%s_%d", base, k);
	}
	ir_vec_push(pr->a, &pr->conn_prefixes, (void *)conn);
	ir_vec_push(pr->a, &pr->conn_prefixes, (void *)name);
	return name;
}

static const char *rel_schema(BeProject *pr, const char *conn, const char *schema)
{
	if (clash(pr, conn, schema))
		return ir_sprintf(pr->a, "%s_%s", conn_prefix(pr, conn), schema);
	return schema;
}

void be_relation_names(BeProject *pr)
{
	for (size_t i = 0; i < pr->sources.len; i++) {
		BeSource *s = IR_VEC_AT(pr->sources, BeSource, i);
		if (s->flatfile) {
			s->rel_schema = "flatfile";
			s->rel_identifier = be_snake(pr->a, s->conn_name);
			continue;
		}
		s->rel_schema = rel_schema(pr, s->conn_name, s->schema);
		s->rel_identifier = s->table;
	}
	for (size_t i = 0; i < pr->dests.len; i++) {
		BeDest *d = IR_VEC_AT(pr->dests, BeDest, i);
		if (d->flatfile)
			continue;
		d->rel_schema = rel_schema(pr, d->conn_name, d->schema);
		d->rel_identifier = d->table;
	}
}

const char *be_loc_str(BeProject *pr, IrLoc loc)
{
	if (!loc.file)
		return NULL;
	const IrSrcFile *f = ir_file(pr->c, loc.file);
	unsigned line = 0, col = 0;
	ir_loc_linecol(pr->c, loc, &line, &col);
	return ir_sprintf(pr->a, "%s:%u:%u", f && f->name ? f->name : "", line, col);
}

const char *be_type_str(IrArena *a, const IrType *t)
{
	const char *n = ir_dtype_name(t->dt);
	switch (t->dt) {
	case IR_DT_STR:
		return ir_sprintf(a, "%s(%d,%d)", n, t->length, t->codepage);
	case IR_DT_WSTR: case IR_DT_BYTES:
		return ir_sprintf(a, "%s(%d)", n, t->length);
	case IR_DT_NUMERIC:
		return ir_sprintf(a, "%s(%d,%d)", n, t->precision, t->scale);
	case IR_DT_DECIMAL: case IR_DT_DBTIME2: case IR_DT_DBTIMESTAMP2: case IR_DT_DBTIMESTAMPOFFSET:
		return ir_sprintf(a, "%s(%d)", n, t->scale);
	default:
		return n;
	}
}
