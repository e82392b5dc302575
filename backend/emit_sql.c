/* emit_sql.c — the SQL of each model, from the Relational IR, per dialect:
 * a header naming the package and the component, one CTE per operator named
 * after its SSIS component, explicit column lists, identifiers always quoted
 * by the dialect's rules, {{ source() }} / {{ ref() }} for inputs.  The
 * dialect rules (quoting, type names) are the tables at the top. */
#include <ctype.h>
#include <string.h>

#include "be_internal.h"

/* ---- what the dialects differ in, beyond dialects.def ------------------ */
typedef struct Dialect {
	const char *true_lit, *false_lit;
	const char *rn_no_order;      /* row_number() needs an ORDER BY: what to put */
	const char *binary_collate;   /* case- and accent-sensitive string comparison */
} Dialect;

static const Dialect dialects[BE__NDIALECTS] = {
	[BE_DUCKDB] = {"true", "false", NULL, NULL},
	[BE_POSTGRES] = {"true", "false", NULL, NULL},
	[BE_SQLSERVER] = {"cast(1 as bit)", "cast(0 as bit)", "(select null)", "Latin1_General_100_BIN2"},
	[BE_SNOWFLAKE] = {"true", "false", NULL, NULL},
};

/* Jinja would read "{{", "{%" and "{#" in generated text: print them as a
 * Jinja expression yielding the same two characters. */
static void put_jinja_safe(IrBuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '{' && i + 1 < n && (s[i + 1] == '{' || s[i + 1] == '%' || s[i + 1] == '#')) {
			ir_buf_printf(out, "{{ \"{%c\" }}", s[i + 1]);
			i++;
			continue;
		}
		ir_buf_put(out, s + i, 1);
	}
}

void be_sanitize_comment(IrBuf *out, const char *s)
{
	for (const char *p = s ? s : ""; *p; p++) {
		char ch = *p == '\r' || *p == '\n' || *p == '\t' ? ' ' : *p;
		ir_buf_put(out, &ch, 1);
		if (ch == '{' && (p[1] == '{' || p[1] == '%' || p[1] == '#'))
			ir_buf_puts(out, " ");
		if (ch == '*' && p[1] == '/')
			ir_buf_puts(out, " ");
	}
}

/* A Jinja string literal: '...', or "..." when the text holds a quote (dbt's
 * static parser reads ref()/source() arguments without unescaping). */
static void jinja_str(IrBuf *out, const char *s)
{
	s = s ? s : "";
	char qc = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
	ir_buf_put(out, &qc, 1);
	for (const char *p = s; *p; p++) {
		if (*p == qc || *p == '\\')
			ir_buf_puts(out, "\\");
		if (*p == '\n' || *p == '\r')
			ir_buf_puts(out, " ");
		else
			ir_buf_put(out, p, 1);
	}
	ir_buf_put(out, &qc, 1);
}

/* ---- the printer of one model ----------------------------------------- */
typedef struct Emit {
	BeProject *pr;
	BeModel *m;
	BeGraph *bg;
	BeDialect d;
	IrBuf *b;
	const char **cte;             /* by node id: the CTE (or external model) name */
	IrVec used;                   /* CTE names in this model */
	bool any_cte;
} Emit;

/* A quoted identifier; Jinja-like text in it is kept from the template engine. */
static void q(Emit *e, const char *name)
{
	IrBuf t = {0};
	be_sql_quote_ident(&t, e->d, name ? name : "");
	bool jinja = false;
	for (size_t i = 0; i + 1 < t.len; i++)
		jinja |= t.data[i] == '{' && (t.data[i + 1] == '{' || t.data[i + 1] == '%' || t.data[i + 1] == '#');
	if (jinja)
		ir_buf_puts(e->b, "{% raw %}");
	ir_buf_put(e->b, t.data, t.len);
	if (jinja)
		ir_buf_puts(e->b, "{% endraw %}");
	ir_buf_free(&t);
}
static void qq(Emit *e, const char *alias, const char *name)
{
	q(e, alias);
	ir_buf_puts(e->b, ".");
	q(e, name);
}
static void type(Emit *e, const IrType *t) { be_sql_type(e->b, e->d, *t); }
/* A column the package gives no type (DT_EMPTY) is not cast. */
static bool typed(const IrType *t) { return t->dt != IR_DT_EMPTY && t->dt != IR_DT_NULL; }
static void cast_open(Emit *e, const IrType *t)
{
	if (typed(t))
		ir_buf_puts(e->b, "cast(");
}
static void cast_close(Emit *e, const IrType *t)
{
	if (!typed(t))
		return;
	ir_buf_puts(e->b, " as ");
	type(e, t);
	ir_buf_puts(e->b, ")");
}

static void note_var(BeProject *pr, const char *ssis_name, const char *name)
{
	for (size_t i = 0; i < pr->vars.len; i++)
		if (!strcmp(IR_VEC_AT(pr->vars, BeVar, i)->name, name))
			return;
	BeVar *v = ir_alloc(pr->a, sizeof *v);
	v->name = name;
	v->ssis_name = ssis_name;
	v->ssis_type = "";
	v->deflt = "";
	v->implicit = true;
	ir_vec_push(pr->a, &pr->vars, v);
}

static IrSqlx *map_one(BeProject *pr, IrSqlx *x);

static IrSqlx **map_list(BeProject *pr, IrSqlx **xs, int n, bool *changed)
{
	IrSqlx **out = NULL;
	for (int i = 0; i < n; i++) {
		IrSqlx *m = map_one(pr, xs[i]);
		if (m != xs[i] && !out) {
			out = ir_alloc(pr->a, (size_t)n * sizeof *out);
			memcpy(out, xs, (size_t)n * sizeof *out);
		}
		if (out)
			out[i] = m;
	}
	*changed |= out != NULL;
	return out ? out : xs;
}

/* A copy of x whose {{ var() }} names are the project's dbt vars
 * (be_var_name); unchanged subtrees are shared. */
static IrSqlx *map_one(BeProject *pr, IrSqlx *x)
{
	if (!x)
		return x;
	IrSqlx c = *x;
	bool changed = false;
	IrSqlx *t;
	switch (x->kind) {
	case IR_SQLX_VAR:
		c.u.var.name = be_var_name(pr->a, x->u.var.name);
		note_var(pr, x->u.var.name, c.u.var.name);
		changed = strcmp(c.u.var.name, x->u.var.name) != 0;
		break;
	case IR_SQLX_FUNC: case IR_SQLX_MACRO:
		c.u.call.args = map_list(pr, x->u.call.args, x->u.call.nargs, &changed);
		break;
	case IR_SQLX_OP:
		changed |= (c.u.op.a = map_one(pr, x->u.op.a)) != x->u.op.a;
		changed |= (c.u.op.b = map_one(pr, x->u.op.b)) != x->u.op.b;
		break;
	case IR_SQLX_CASE:
		changed |= (c.u.kase.operand = map_one(pr, x->u.kase.operand)) != x->u.kase.operand;
		c.u.kase.when = map_list(pr, x->u.kase.when, x->u.kase.n, &changed);
		c.u.kase.then = map_list(pr, x->u.kase.then, x->u.kase.n, &changed);
		changed |= (c.u.kase.els = map_one(pr, x->u.kase.els)) != x->u.kase.els;
		break;
	case IR_SQLX_CAST:
		changed |= (c.u.cast.e = map_one(pr, x->u.cast.e)) != x->u.cast.e;
		break;
	case IR_SQLX_IS_NULL: case IR_SQLX_DISTINCT:
		changed |= (c.u.is.a = map_one(pr, x->u.is.a)) != x->u.is.a;
		changed |= (c.u.is.b = map_one(pr, x->u.is.b)) != x->u.is.b;
		break;
	default:
		break;
	}
	if (!changed)
		return x;
	t = ir_alloc(pr->a, sizeof *t);
	*t = c;
	return t;
}

const IrSqlx *be_map_vars(BeProject *pr, const IrSqlx *x) { return map_one(pr, (IrSqlx *)x); }

static void print_expr(Emit *e, const IrSqlx *x, bool predicate)
{
	BePrintOpts o = {.dialect = e->d, .inline_macros = false, .predicate = predicate};
	be_sql_print(e->b, be_map_vars(e->pr, x), &o);
}
static void expr(Emit *e, const IrSqlx *x) { print_expr(e, x, false); }

static const char *cte_name(Emit *e, const char *base)
{
	const char *n = base;
	for (int k = 2;; k++) {
		bool clash = false;
		for (size_t i = 0; i < e->used.len && !clash; i++)
			clash = !strcmp(IR_VEC_AT(e->used, const char, i), n);
		if (!clash)
			break;
		n = ir_sprintf(e->pr->a, "%s_%d", base, k);
	}
	ir_vec_push(e->pr->a, &e->used, (void *)n);
	return n;
}

static void comment_line(Emit *e, const char *indent, const RelNode *n)
{
	const char *path = n->component ? n->component->path : NULL;
	const char *loc = be_loc_str(e->pr, n->loc);
	if (!path && !loc)
		return;
	ir_buf_printf(e->b, "%s-- ", indent);
	be_sanitize_comment(e->b, path ? path : n->label);
	if (n->output_name) {
		ir_buf_puts(e->b, " [");
		be_sanitize_comment(e->b, n->output_name);
		ir_buf_puts(e->b, "]");
	}
	if (loc) {
		ir_buf_puts(e->b, " (");
		be_sanitize_comment(e->b, loc);
		ir_buf_puts(e->b, ")");
	}
	ir_buf_puts(e->b, "\n");
}

static void begin_cte(Emit *e, const char *name, const RelNode *n)
{
	ir_buf_puts(e->b, e->any_cte ? ",\n\n" : "with\n\n");
	e->any_cte = true;
	if (n)
		comment_line(e, "", n);
	q(e, name);
	ir_buf_puts(e->b, " as (\n");
}

static void end_cte(Emit *e) { ir_buf_puts(e->b, "\n)"); }

static void sep(Emit *e, size_t i) { ir_buf_puts(e->b, i ? ",\n        " : "\n        "); }

static void col_list(Emit *e, const char *alias, const RelNode *n)
{
	for (size_t i = 0; i < n->ncols; i++) {
		sep(e, i);
		if (alias)
			qq(e, alias, n->cols[i].name);
		else
			q(e, n->cols[i].name);
	}
}

static void from_input(Emit *e, const RelNode *in, const char *alias)
{
	ir_buf_puts(e->b, "\n    from ");
	q(e, e->cte[in->id]);
	if (alias) {
		ir_buf_puts(e->b, " as ");
		q(e, alias);
	}
}

/* ---- sources ------------------------------------------------------------ */
static void source_call(Emit *e, const BeSource *s)
{
	const BeModel *up = be_lineage_upstream(e->pr, e->m, s);
	if (up) { /* the project writes the table before this reads it */
		ir_buf_puts(e->b, "{{ ref(");
		jinja_str(e->b, up->name);
		ir_buf_puts(e->b, ") }}");
		return;
	}
	ir_buf_puts(e->b, "{{ source(");
	jinja_str(e->b, s->source_name);
	ir_buf_puts(e->b, ", ");
	jinja_str(e->b, s->table_name);
	ir_buf_puts(e->b, ") }}");
}

static const BeSource *source_for(BeProject *pr, const char *conn, const char *schema, const char *table)
{
	return be_find_source(pr, be_legacy_name(pr->a, conn, schema, table));
}

static bool prop_true(const IrComponent *c, const char *name)
{
	for (size_t i = 0; c && i < c->props.len; i++) {
		const IrProp *p = IR_VEC_AT(c->props, IrProp, i);
		if (!be_strcasecmp(p->name, name) && p->value.s)
			return !be_strcasecmp(p->value.s, "true") || !strcmp(p->value.s, "1") ||
			       !strcmp(p->value.s, "-1");
	}
	return false;
}

static bool kw_at(const char *p, size_t n, const char *w)
{
	size_t k = strlen(w);
	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++)
		if (tolower((unsigned char)p[i]) != w[i])
			return false;
	return n == k || !(isalnum((unsigned char)p[k]) || p[k] == '_');
}

/* A source query, its table names made {{ source() }} and its [brackets]
 * quoted by the dialect (until the T-SQL lowering translates it). */
static const char *lower_of(Emit *e, const char *s)
{
	char *l = ir_strdup(e->pr->a, s);
	for (char *c = l; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return l;
}

static void query_text(Emit *e, const RelScan *s, size_t nscan_cols)
{
	const char *p = s->query.s;
	size_t n = strlen(p);
	while (n && (isspace((unsigned char)p[n - 1]) || p[n - 1] == ';'))
		n--;
	bool word_start = true;
	for (size_t i = 0; i < n;) {
		if (p[i] == '\'') {
			size_t j = i + 1;
			while (j < n && !(p[j] == '\'' && (j + 1 >= n || p[j + 1] != '\'')))
				j += p[j] == '\'' ? 2 : 1;
			put_jinja_safe(e->b, p + i, j + 1 - i > n - i ? n - i : j + 1 - i);
			i = j + 1;
			word_start = true;
			continue;
		}
		if (p[i] == '-' && i + 1 < n && p[i + 1] == '-') {
			size_t j = i;
			while (j < n && p[j] != '\n')
				j++;
			ir_buf_puts(e->b, "/* ");
			IrBuf tmp = {0};
			ir_buf_put(&tmp, p + i + 2, j - i - 2);
			ir_buf_put(&tmp, "", 1);
			be_sanitize_comment(e->b, tmp.data);
			ir_buf_free(&tmp);
			ir_buf_puts(e->b, " */");
			i = j;
			continue;
		}
		bool alnum = isalnum((unsigned char)p[i]) || p[i] == '_';
		if (word_start && alnum && (kw_at(p + i, n - i, "from") || kw_at(p + i, n - i, "join"))) {
			ir_buf_put(e->b, p + i, 4);
			size_t j = i + 4;
			while (j < n && isspace((unsigned char)p[j]))
				ir_buf_put(e->b, p + j++, 1);
			size_t k = j, parts = 0;
			const char *names[4] = {0};
			while (k < n && parts < 4) {
				size_t st = k, en;
				if (p[k] == '[' || p[k] == '"') {
					char close = p[k] == '[' ? ']' : '"';
					st = ++k;
					while (k < n && p[k] != close)
						k++;
					en = k;
					if (k < n)
						k++;
				} else {
					while (k < n && (isalnum((unsigned char)p[k]) || p[k] == '_' || p[k] == '#'))
						k++;
					en = k;
				}
				if (en == st)
					break;
				names[parts++] = ir_strndup(e->pr->a, p + st, en - st);
				if (k < n && p[k] == '.')
					k++;
				else
					break;
			}
			const BeSource *src = NULL;
			if (parts && names[parts - 1][0] != '#')
				src = source_for(e->pr, s->conn_name, parts >= 2 && *names[parts - 2] ? names[parts - 2] : "dbo",
						 names[parts - 1]);
			if (src) {
				source_call(e, src);
				i = k;
			} else {
				i = j;
			}
			word_start = true;
			continue;
		}
		if (p[i] == '[') {
			size_t j = i + 1;
			while (j < n && p[j] != ']')
				j++;
			char *id = ir_strndup(e->pr->a, p + i + 1, j - i - 1);
			q(e, id);
			i = j + 1;
			word_start = true;
			continue;
		}
		if (word_start && alnum && s->source_columns) {
			/* a column the scan reads: quoted as the package names it, so
			 * that case-folding dialects find it */
			size_t j = i;
			while (j < n && (isalnum((unsigned char)p[j]) || p[j] == '_'))
				j++;
			const char *hit = NULL;
			for (size_t k = 0; k < nscan_cols && !hit; k++)
				if (s->source_columns[k] && strlen(s->source_columns[k]) == j - i &&
				    kw_at(p + i, j - i, lower_of(e, s->source_columns[k])))
					hit = s->source_columns[k];
			if (hit) {
				q(e, hit);
				i = j;
				word_start = false;
				continue;
			}
		}
		put_jinja_safe(e->b, p + i, 1);
		word_start = !alnum;
		i++;
	}
}

static const IrFlatFile *flat_of(const RelScan *s) { return s->conn ? s->conn->flat : NULL; }

/* FixedWidth and RaggedRight files: each line is cut by the column widths
 * (padding kept); a ragged-right file's last column is the rest of the line. */
static bool fixed_format(const IrFlatFile *ff)
{
	return ff && ff->format && (!be_strcasecmp(ff->format, "FixedWidth") || !be_strcasecmp(ff->format, "RaggedRight"));
}

static void fixed_columns(Emit *e, const IrFlatFile *ff)
{
	int start = 1;
	for (size_t i = 0; i < ff->columns.len; i++) {
		const IrFlatColumn *c = IR_VEC_AT(ff->columns, IrFlatColumn, i);
		bool fixed = c->column_type && !be_strcasecmp(c->column_type, "FixedWidth");
		ir_buf_puts(e->b, i ? ",\n            " : "\n            ");
		if (fixed)
			ir_buf_printf(e->b, "substr(\"line\", %d, %d) as ", start, c->width);
		else
			ir_buf_printf(e->b, "substr(\"line\", %d) as ", start);
		q(e, c->name);
		start += fixed ? c->width : 0;
	}
}

static int skip_lines(const IrFlatFile *ff)
{
	return ff->header_rows_to_skip + (ff->column_names_in_first_row ? 1 : 0) + ff->data_rows_to_skip;
}

static void fixed_reader(Emit *e, const IrFlatFile *ff, const BeSource *src)
{
	ir_buf_puts(e->b, "(\n        select");
	fixed_columns(e, ff);
	if (e->d == BE_POSTGRES) {
		ir_buf_printf(e->b, "\n        from {{ this.schema }}.\"%s__file\"\n        where \"n\" > %d\n    ) as \"file\"",
			      e->m->name, skip_lines(ff));
		return;
	}
	ir_buf_puts(e->b, "\n        from (\n            select regexp_replace(\"line\", '\\r$', '') as \"line\", \"n\"\n"
		    "            from (\n                select unnest(\"lines\") as \"line\", generate_subscripts(\"lines\", 1) as \"n\"\n"
		    "                from (select string_split(\"content\", chr(10)) as \"lines\" from read_text('{{ var(");
	jinja_str(e->b, src ? src->path_var : "file__path");
	ir_buf_printf(e->b, ") }}'))\n            ) as \"numbered\"\n        ) as \"lines\"\n"
		      "        where \"n\" > %d and \"line\" <> ''\n    ) as \"file\"", skip_lines(ff));
}

static void flat_reader(Emit *e, const RelNode *n, const BeSource *src)
{
	const RelScan *s = &REL_AS(n, REL_SCAN, scan);
	const IrFlatFile *ff = flat_of(s);
	if (fixed_format(ff) && (e->d == BE_DUCKDB || e->d == BE_POSTGRES)) {
		fixed_reader(e, ff, src);
		return;
	}
	if (e->d == BE_POSTGRES && ff) {
		ir_buf_printf(e->b, "{{ this.schema }}.\"%s__file\"", e->m->name);
		return;
	}
	if (!ff) { /* the connection's format is unknown (a missing .conmgr): fail when run */
		ir_buf_puts(e->b, "(\n        select");
		for (size_t i = 0; i < n->ncols; i++) {
			ir_buf_puts(e->b, i ? ",\n            " : "\n            ");
			if (i == 0) {
				ir_buf_puts(e->b, "{{ ssis2dbt_not_translated(");
				jinja_str(e->b, ir_sprintf(e->pr->a, "ssis2dbt: the format of flat file connection %s is unknown",
							   s->conn_name ? s->conn_name : "?"));
				ir_buf_puts(e->b, ") }}");
			} else {
				ir_buf_puts(e->b, "null");
			}
			ir_buf_puts(e->b, " as ");
			q(e, s->source_columns && s->source_columns[i] ? s->source_columns[i] : n->cols[i].name);
		}
		ir_buf_puts(e->b, "\n    ) as \"no_file\"");
		return;
	}
	if (e->d != BE_DUCKDB) {
		if (src)
			source_call(e, src);
		else
			ir_buf_puts(e->b, "(select 1) as \"no_file\"");
		return;
	}
	const char *delim = ",";
	if (ff->columns.len) {
		const IrFlatColumn *c0 = IR_VEC_AT(ff->columns, IrFlatColumn, 0);
		if (ff->columns.len > 1 && c0->delimiter && *c0->delimiter)
			delim = c0->delimiter;
	}
	ir_buf_puts(e->b, "read_csv(");
	ir_buf_puts(e->b, "'{{ var(");
	jinja_str(e->b, src ? src->path_var : "file__path");
	ir_buf_puts(e->b, ") }}'");
	ir_buf_puts(e->b, ",\n        delim = ");
	be_sql_quote_string(e->b, e->d, delim);
	ir_buf_puts(e->b, ",\n        quote = ");
	be_sql_quote_string(e->b, e->d, ff->text_qualifier ? ff->text_qualifier : "");
	ir_buf_puts(e->b, ",\n        escape = ");
	be_sql_quote_string(e->b, e->d, ff->text_qualifier ? ff->text_qualifier : "");
	ir_buf_printf(e->b, ",\n        header = %s", ff->column_names_in_first_row ? "true" : "false");
	if (ff->header_rows_to_skip > 0)
		ir_buf_printf(e->b, ",\n        skip = %d", ff->header_rows_to_skip);
	ir_buf_puts(e->b, ",\n        auto_detect = false,\n        columns = {");
	for (size_t i = 0; i < ff->columns.len; i++) {
		const IrFlatColumn *c = IR_VEC_AT(ff->columns, IrFlatColumn, i);
		if (i)
			ir_buf_puts(e->b, ", ");
		be_sql_quote_string(e->b, e->d, c->name);
		ir_buf_puts(e->b, ": 'VARCHAR'");
	}
	ir_buf_puts(e->b, "}\n    )");
}

/* Every flat-file field is read as text, then cast to the column's type;
 * with RetainNulls false an empty field is '' for strings and 0 for numbers. */
static void flat_col(Emit *e, const char *ext, const RelCol *c, bool retain_nulls)
{
	bool str = ir_dtype_is_string(c->type.dt) || !typed(&c->type);
	if (str) {
		if (!retain_nulls) {
			ir_buf_puts(e->b, "coalesce(");
			q(e, ext);
			ir_buf_puts(e->b, ", '')");
		} else {
			q(e, ext);
		}
		if (e->d != BE_DUCKDB) {
			/* the loaded table is all text already */
		}
		return;
	}
	bool zero = !retain_nulls && ir_dtype_is_numeric(c->type.dt);
	if (zero)
		ir_buf_puts(e->b, "coalesce(");
	ir_buf_puts(e->b, "cast(nullif(");
	q(e, ext);
	ir_buf_puts(e->b, ", '') as ");
	type(e, &c->type);
	ir_buf_puts(e->b, ")");
	if (zero)
		ir_buf_puts(e->b, ", 0)");
}

/* ---- parsed source queries ------------------------------------------------ */
typedef struct QueryHooks {
	BeProject *pr;
	const BeModel *m;
	const RelNode *scan;
	bool with_sources;
} QueryHooks;

static bool names_self(const RelScan *s, const char *schema, const char *table)
{
	const SqlName *t = s->self;
	if (!t)
		return false;
	const char *ts = t->nparts >= 2 && *t->parts[t->nparts - 2] ? t->parts[t->nparts - 2] : "dbo";
	return !be_strcasecmp(t->parts[t->nparts - 1], table) && !be_strcasecmp(ts, schema);
}

static bool hook_table(void *arg, IrBuf *out, const SqlName *t)
{
	QueryHooks *h = arg;
	if (!h->with_sources)
		return false;
	const char *table = t->parts[t->nparts - 1];
	const char *schema = t->nparts >= 2 && *t->parts[t->nparts - 2] ? t->parts[t->nparts - 2] : "dbo";
	if (names_self(&REL_AS(h->scan, REL_SCAN, scan), schema, table)) {
		ir_buf_puts(out, "{{ this }}"); /* a MERGE's target: the model's own relation */
		return true;
	}
	const BeSource *src = source_for(h->pr, REL_AS(h->scan, REL_SCAN, scan).conn_name, schema, table);
	if (!src)
		return false;
	const BeModel *up = be_lineage_upstream(h->pr, h->m, src);
	if (up) { /* the project writes the table before this reads it */
		ir_buf_puts(out, "{{ ref(");
		jinja_str(out, up->name);
		ir_buf_puts(out, ") }}");
		return true;
	}
	ir_buf_puts(out, "{{ source(");
	jinja_str(out, src->source_name);
	ir_buf_puts(out, ", ");
	jinja_str(out, src->table_name);
	ir_buf_puts(out, ") }}");
	return true;
}

static bool hook_param(void *arg, IrBuf *out, int index)
{
	QueryHooks *h = arg;
	const RelScan *s = &REL_AS(h->scan, REL_SCAN, scan);
	if (index < 0 || (size_t)index >= s->nparams)
		return false;
	if (s->param_rows && s->param_rows[index].node) {
		/* a Row Count's variable: the rows of the model that holds them */
		const RelRowsOf *r = &s->param_rows[index];
		BeGraph *bg = be_graph_of(h->pr, r->graph);
		BeModel *m = bg ? be_model_root(bg, r->node) : NULL;
		if (!m)
			return false;
		ir_buf_puts(out, "(select count(*) from {{ ref(");
		jinja_str(out, h->with_sources ? m->name : "model");
		ir_buf_puts(out, ") }})");
		return true;
	}
	if (s->param_query && s->param_query[index]) {
		/* a result set's variable: the query that sets it, inline */
		IrBuf b = {0};
		BeTsqlGap gap;
		int ngaps = be_scan_query_sql(h->pr, h->m, s->param_query[index], &b, &gap, h->with_sources);
		if (!ngaps) {
			ir_buf_puts(out, "(");
			ir_buf_put(out, b.data, b.len);
			ir_buf_puts(out, ")");
		}
		ir_buf_free(&b);
		return !ngaps;
	}
	if (!s->params[index])
		return false;
	BePrintOpts o = {.dialect = h->pr->o->dialect};
	be_sql_print(out, be_map_vars(h->pr, s->params[index]), &o);
	return true;
}

/* A column the query reads has the type of the source's output column of
 * that name, when there is one. */
static bool hook_column_type(void *arg, const SqlName *col, IrType *out)
{
	QueryHooks *h = arg;
	const RelScan *s = &REL_AS(h->scan, REL_SCAN, scan);
	const char *name = col->parts[col->nparts - 1];
	for (size_t i = 0; i < h->scan->ncols; i++) {
		const char *ext = s->source_columns && s->source_columns[i] ? s->source_columns[i] : h->scan->cols[i].name;
		if (!be_strcasecmp(ext, name) && h->scan->cols[i].type.dt != IR_DT_EMPTY) {
			*out = h->scan->cols[i].type;
			return true;
		}
	}
	return be_declared_type(h->pr, s->conn_name, &s->reads, col, out); /* a CREATE TABLE in the build */
}

static const SqlExpr *hook_var(void *arg, const char *name)
{
	QueryHooks *h = arg;
	const RelScan *s = &REL_AS(h->scan, REL_SCAN, scan);
	for (size_t i = s->locals.len; i-- > 0;) {
		const RelLocal *l = s->locals.items[i];
		if (!be_strcasecmp(l->name, name))
			return l->value;
	}
	return NULL;
}

int be_scan_query_sql(BeProject *pr, const BeModel *m, const RelNode *scan, IrBuf *out, BeTsqlGap *gap,
		      bool with_sources)
{
	QueryHooks qh = {pr, m, scan, with_sources};
	BeTsqlHooks h = {hook_table, hook_param, hook_column_type, &qh, hook_var};
	const RelScan *s = &REL_AS(scan, REL_SCAN, scan);
	if (!s->first_run)
		return be_tsql_print_query(pr->a, out, s->parsed, pr->o->dialect, &h, gap);
	/* a MERGE: its target exists from the second run on */
	ir_buf_puts(out, "{% if is_incremental() %}\n");
	int n = be_tsql_print_query(pr->a, out, s->parsed, pr->o->dialect, &h, gap);
	ir_buf_puts(out, "\n{% else %}\n");
	BeTsqlGap first = {0};
	int nf = be_tsql_print_query(pr->a, out, s->first_run, pr->o->dialect, &h, &first);
	ir_buf_puts(out, "\n{% endif %}");
	if (!n && nf && gap)
		*gap = first;
	return n + nf;
}

/* The parsed query, indented as a CTE body; a line break inside a string
 * literal or a quoted name is part of it and gets no indentation. */
static void parsed_query(Emit *e, const RelNode *n)
{
	if (e->m->untranslated) {
		ir_buf_puts(e->b, "    select {{ ssis2dbt_not_translated(");
		jinja_str(e->b, ir_sprintf(e->pr->a, "%s: %s", n->component ? n->component->path : n->label,
					   e->m->untranslated));
		ir_buf_puts(e->b, ") }} as \"untranslated_query\"");
		return;
	}
	IrBuf b = {0};
	BeTsqlGap gap;
	be_scan_query_sql(e->pr, e->m, n, &b, &gap, true);
	ir_buf_puts(e->b, "    ");
	char quote = 0;
	for (size_t i = 0; i < b.len; i++) {
		char ch = b.data[i];
		ir_buf_put(e->b, &ch, 1);
		if (quote ? ch == quote : (ch == '\'' || ch == '"'))
			quote = quote ? 0 : ch;
		else if (ch == '\n' && !quote)
			ir_buf_puts(e->b, "    ");
	}
	ir_buf_free(&b);
}

static void emit_scan(Emit *e, const RelNode *n, const char *name)
{
	const RelScan *s = &REL_AS(n, REL_SCAN, scan);
	BeSimpleQuery sq;
	const BeSource *qsrc = NULL;
	if (s->kind == REL_SCAN_QUERY && s->query.s && be_simple_query(e->pr->a, s->query.s, &sq))
		qsrc = source_for(e->pr, s->conn_name, sq.schema, sq.table);
	for (size_t i = 0; qsrc && !sq.star && i < n->ncols; i++) {
		const char *ext = s->source_columns && s->source_columns[i] ? s->source_columns[i] : n->cols[i].name;
		bool found = false;
		for (size_t k = 0; k < sq.ncols && !found; k++)
			found = !be_strcasecmp(sq.cols[k], ext);
		if (!found)
			qsrc = NULL;
	}
	if (qsrc) {
		begin_cte(e, name, n);
		ir_buf_puts(e->b, "    -- the source query only picks columns of ");
		be_sanitize_comment(e->b, qsrc->legacy);
		ir_buf_puts(e->b, "\n    select");
		for (size_t i = 0; i < n->ncols; i++) {
			const char *ext = s->source_columns && s->source_columns[i] ? s->source_columns[i] : n->cols[i].name;
			sep(e, i);
			q(e, be_lineage_column(e->pr, e->m, qsrc, ext));
			ir_buf_puts(e->b, " as ");
			q(e, n->cols[i].name);
		}
		ir_buf_puts(e->b, "\n    from ");
		source_call(e, qsrc);
		end_cte(e);
		return;
	}
	if (s->kind == REL_SCAN_QUERY) {
		const char *qn = cte_name(e, ir_sprintf(e->pr->a, "%s__query", name));
		begin_cte(e, qn, n);
		if (s->parsed) {
			parsed_query(e, n);
		} else if (s->query.s) {
			query_text(e, s, n->ncols);
		} else {
			ir_buf_puts(e->b, "    select {{ ssis2dbt_not_translated(");
			jinja_str(e->b, ir_sprintf(e->pr->a, "%s: the source query comes from variable %s",
						   n->component ? n->component->path : n->label,
						   s->query_variable ? s->query_variable : "?"));
			ir_buf_puts(e->b, ") }} as \"query_from_variable\"");
		}
		end_cte(e);
		begin_cte(e, name, NULL);
		ir_buf_puts(e->b, "    select");
		for (size_t i = 0; i < n->ncols; i++) {
			sep(e, i);
			q(e, s->source_columns && s->source_columns[i] ? s->source_columns[i] : n->cols[i].name);
			ir_buf_puts(e->b, " as ");
			q(e, n->cols[i].name);
		}
		ir_buf_puts(e->b, "\n    from ");
		q(e, qn);
		end_cte(e);
		return;
	}
	const BeSource *src = s->kind == REL_SCAN_FLATFILE ? source_for(e->pr, s->conn_name, NULL, NULL)
		: source_for(e->pr, s->conn_name, s->schema ? s->schema : "dbo", s->table);
	bool retain = prop_true(n->component, "RetainNulls");
	begin_cte(e, name, n);
	ir_buf_puts(e->b, "    select");
	for (size_t i = 0; i < n->ncols; i++) {
		const char *ext = s->source_columns && s->source_columns[i] ? s->source_columns[i] : n->cols[i].name;
		sep(e, i);
		if (s->kind == REL_SCAN_FLATFILE)
			flat_col(e, ext, &n->cols[i], retain);
		else
			q(e, src ? be_lineage_column(e->pr, e->m, src, ext) : ext);
		ir_buf_puts(e->b, " as ");
		q(e, n->cols[i].name);
	}
	ir_buf_puts(e->b, "\n    from ");
	if (s->kind == REL_SCAN_FLATFILE)
		flat_reader(e, n, src);
	else if (src)
		source_call(e, src);
	end_cte(e);
}

static void config_line(Emit *e);

/* ---- operators ------------------------------------------------------------ */
static void emit_project(Emit *e, const RelNode *n, const char *name)
{
	const RelProject *p = &REL_AS(n, REL_PROJECT, project);
	begin_cte(e, name, n);
	ir_buf_puts(e->b, "    select");
	for (size_t i = 0; i < n->ncols; i++) {
		sep(e, i);
		if (p->exprs && p->exprs[i])
			expr(e, p->exprs[i]);
		else
			q(e, n->cols[i].name); /* a column passed through */
		ir_buf_puts(e->b, " as ");
		q(e, n->cols[i].name);
	}
	from_input(e, n->inputs[0], NULL);
	end_cte(e);
}

static void emit_filter(Emit *e, const RelNode *n, const char *name)
{
	begin_cte(e, name, n);
	ir_buf_puts(e->b, "    select");
	col_list(e, NULL, n);
	from_input(e, n->inputs[0], NULL);
	ir_buf_puts(e->b, "\n    where ");
	print_expr(e, REL_AS(n, REL_FILTER, filter).predicate, true);
	end_cte(e);
}

static void rn_over(Emit *e, const char **keys, size_t nkeys, const RelSortKey *order, size_t norder,
		    const char **order_cols, const bool *order_desc, size_t norder_cols)
{
	ir_buf_puts(e->b, "row_number() over (");
	for (size_t i = 0; i < nkeys; i++) {
		ir_buf_puts(e->b, i ? ", " : "partition by ");
		q(e, keys[i]);
	}
	if (norder || norder_cols) {
		ir_buf_puts(e->b, nkeys ? " order by " : "order by ");
		for (size_t i = 0; i < norder; i++) {
			if (i)
				ir_buf_puts(e->b, ", ");
			q(e, order[i].column);
			if (order[i].descending)
				ir_buf_puts(e->b, " desc");
		}
		for (size_t i = 0; i < norder_cols; i++) {
			if (i)
				ir_buf_puts(e->b, ", ");
			q(e, order_cols[i]);
			if (order_desc && order_desc[i])
				ir_buf_puts(e->b, " desc");
		}
	} else if (dialects[e->d].rn_no_order) {
		ir_buf_printf(e->b, " order by %s", dialects[e->d].rn_no_order);
	}
	ir_buf_puts(e->b, ")");
}

#define RN_COL "__ssis2dbt_rn"
#define MATCH_COL "__ssis2dbt_match"

/* PostgreSQL runs a FULL JOIN only on hash- or merge-joinable conditions,
 * and IS NOT DISTINCT FROM is neither.  The same match, NULL meeting NULL,
 * as two equalities of one-sided expressions: both NULL or both not, and
 * equal once NULL is replaced by any value of the key's type. */
static void null_safe_full_join_key(Emit *e, const char *lkey, const char *rkey, const RelCol *lc)
{
	const char *stand_in = "''";
	if (lc && (ir_dtype_is_numeric(lc->type.dt)))
		stand_in = "'0'";
	else if (lc && lc->type.dt == IR_DT_BOOL)
		stand_in = "'false'";
	else if (lc && (lc->type.dt == IR_DT_DBTIME || lc->type.dt == IR_DT_DBTIME2))
		stand_in = "'00:00:00'";
	else if (lc && ir_dtype_is_datetime(lc->type.dt))
		stand_in = "'1900-01-01'";
	else if (lc && lc->type.dt == IR_DT_GUID)
		stand_in = "'00000000-0000-0000-0000-000000000000'";
	ir_buf_puts(e->b, "(");
	qq(e, "l", lkey);
	ir_buf_puts(e->b, " is null) = (");
	qq(e, "r", rkey);
	ir_buf_puts(e->b, " is null)\n        and coalesce(");
	qq(e, "l", lkey);
	ir_buf_printf(e->b, ", %s) = coalesce(", stand_in);
	qq(e, "r", rkey);
	ir_buf_printf(e->b, ", %s)", stand_in);
}

static void emit_join(Emit *e, const RelNode *n, const char *name)
{
	const RelJoin *j = &REL_AS(n, REL_JOIN, join);
	const RelNode *l = n->inputs[0], *r = n->inputs[1];
	const char *right = e->cte[r->id];
	if (j->first_match || j->match_marker) {
		const char *ref = cte_name(e, ir_sprintf(e->pr->a, "%s__reference", name));
		begin_cte(e, ref, NULL);
		ir_buf_puts(e->b, "    select");
		col_list(e, NULL, r);
		sep(e, r->ncols);
		ir_buf_puts(e->b, "1 as ");
		q(e, MATCH_COL);
		if (j->first_match) {
			ir_buf_puts(e->b, "\n    from (\n        select");
			for (size_t i = 0; i < r->ncols; i++) {
				ir_buf_puts(e->b, i ? ",\n            " : "\n            ");
				q(e, r->cols[i].name);
			}
			ir_buf_puts(e->b, ",\n            ");
			rn_over(e, j->right_keys, j->nkeys, NULL, 0, j->right_order, j->right_order_desc, j->nright_order);
			ir_buf_puts(e->b, " as ");
			q(e, RN_COL);
			ir_buf_puts(e->b, "\n        from ");
			q(e, right);
			ir_buf_puts(e->b, "\n    ) as ");
			q(e, "ranked");
			ir_buf_puts(e->b, "\n    where ");
			q(e, RN_COL);
			ir_buf_puts(e->b, " = 1");
		} else {
			from_input(e, r, NULL);
		}
		end_cte(e);
		right = ref;
	}
	begin_cte(e, name, n);
	ir_buf_puts(e->b, "    select");
	for (size_t i = 0; i < n->ncols; i++) {
		sep(e, i);
		if (j->match_marker && !strcmp(n->cols[i].name, j->match_marker) &&
		    (!j->col_source || !j->col_source[i])) {
			ir_buf_puts(e->b, "case when ");
			qq(e, "r", MATCH_COL);
			ir_buf_printf(e->b, " is not null then %s else %s end", dialects[e->d].true_lit,
				      dialects[e->d].false_lit);
		} else {
			qq(e, j->col_side && j->col_side[i] ? "r" : "l",
			   j->col_source && j->col_source[i] ? j->col_source[i] : n->cols[i].name);
		}
		ir_buf_puts(e->b, " as ");
		q(e, n->cols[i].name);
	}
	from_input(e, l, "l");
	static const char *const kw[] = {"inner join", "left join", "full join", "cross join"};
	ir_buf_printf(e->b, "\n    %s ", kw[j->kind]);
	q(e, right);
	ir_buf_puts(e->b, " as ");
	q(e, "r");
	for (size_t k = 0; j->kind != REL_JOIN_CROSS && k < j->nkeys; k++) {
		ir_buf_puts(e->b, k ? "\n        and " : "\n        on ");
		const RelCol *lc = ir_rel_find_col(l, j->left_keys[k]);
		if (j->nulls_equal && j->kind == REL_JOIN_FULL && e->d == BE_POSTGRES) {
			null_safe_full_join_key(e, j->left_keys[k], j->right_keys[k], lc);
			continue;
		}
		qq(e, "l", j->left_keys[k]);
		bool collate = j->binary_compare && dialects[e->d].binary_collate && lc && ir_dtype_is_string(lc->type.dt);
		if (collate)
			ir_buf_printf(e->b, " collate %s", dialects[e->d].binary_collate);
		ir_buf_puts(e->b, j->nulls_equal ? " is not distinct from " : " = ");
		qq(e, "r", j->right_keys[k]);
		if (collate)
			ir_buf_printf(e->b, " collate %s", dialects[e->d].binary_collate);
	}
	if (j->kind == REL_JOIN_CROSS)
		(void)0;
	else if (!j->nkeys)
		ir_buf_puts(e->b, "\n        on 1 = 1");
	end_cte(e);
}

static void emit_union(Emit *e, const RelNode *n, const char *name)
{
	const RelUnion *u = &REL_AS(n, REL_UNION, union_);
	begin_cte(e, name, n);
	for (size_t i = 0; i < n->ninputs; i++) {
		if (i)
			ir_buf_puts(e->b, "\n\n    union all\n\n");
		ir_buf_puts(e->b, "    select");
		for (size_t k = 0; k < n->ncols; k++) {
			sep(e, k);
			const char *from = u->map && u->map[i] ? u->map[i][k] : NULL;
			cast_open(e, &n->cols[k].type);
			if (from)
				q(e, from);
			else
				ir_buf_puts(e->b, "null");
			cast_close(e, &n->cols[k].type);
			ir_buf_puts(e->b, " as ");
			q(e, n->cols[k].name);
		}
		from_input(e, n->inputs[i], NULL);
	}
	end_cte(e);
}

static void emit_aggregate(Emit *e, const RelNode *n, const char *name)
{
	const RelAggregate *g = &REL_AS(n, REL_AGGREGATE, aggregate);
	const RelNode *in = n->inputs[0];
	static const char *const fn[] = {
		[REL_AGG_COUNT] = "count", [REL_AGG_COUNT_ALL] = "count", [REL_AGG_COUNT_DISTINCT] = "count",
		[REL_AGG_SUM] = "sum", [REL_AGG_AVG] = "avg", [REL_AGG_MIN] = "min", [REL_AGG_MAX] = "max",
	};
	begin_cte(e, name, n);
	ir_buf_puts(e->b, "    select");
	size_t ngroup = 0;
	for (size_t i = 0; i < n->ncols; i++) {
		sep(e, i);
		RelAggFn f = g->fns[i];
		if (f == REL_AGG_GROUP) {
			q(e, g->args[i]);
			ngroup++;
		} else {
			cast_open(e, &n->cols[i].type);
			ir_buf_printf(e->b, "%s(", fn[f]);
			if (f == REL_AGG_COUNT_ALL || !g->args[i]) {
				ir_buf_puts(e->b, "*");
			} else {
				if (f == REL_AGG_COUNT_DISTINCT)
					ir_buf_puts(e->b, "distinct ");
				const RelCol *ac = ir_rel_find_col(in, g->args[i]);
				bool widen = f == REL_AGG_AVG && ac && ir_dtype_is_integer(ac->type.dt);
				if (widen) {
					/* AVG of integers: computed on a non-integer type */
					ir_buf_puts(e->b, "cast(");
					q(e, g->args[i]);
					ir_buf_puts(e->b, " as ");
					IrType t = n->cols[i].type;
					if (ir_dtype_is_integer(t.dt) || !typed(&t))
						t = (IrType){.dt = IR_DT_R8};
					type(e, &t);
					ir_buf_puts(e->b, ")");
				} else {
					q(e, g->args[i]);
				}
			}
			ir_buf_puts(e->b, ")");
			cast_close(e, &n->cols[i].type);
		}
		ir_buf_puts(e->b, " as ");
		q(e, n->cols[i].name);
	}
	from_input(e, in, NULL);
	for (size_t i = 0, k = 0; i < n->ncols; i++)
		if (g->fns[i] == REL_AGG_GROUP) {
			ir_buf_puts(e->b, k++ ? ", " : "\n    group by ");
			q(e, g->args[i]);
		}
	(void)ngroup;
	end_cte(e);
}

static void emit_distinct(Emit *e, const RelNode *n, const char *name)
{
	const RelDistinct *d = &REL_AS(n, REL_DISTINCT, distinct);
	begin_cte(e, name, n);
	if (!d->nkeys) {
		ir_buf_puts(e->b, "    select distinct");
		col_list(e, NULL, n);
		from_input(e, n->inputs[0], NULL);
		end_cte(e);
		return;
	}
	ir_buf_puts(e->b, "    select");
	col_list(e, NULL, n);
	ir_buf_puts(e->b, "\n    from (\n        select");
	for (size_t i = 0; i < n->ncols; i++) {
		ir_buf_puts(e->b, i ? ",\n            " : "\n            ");
		q(e, n->cols[i].name);
	}
	ir_buf_puts(e->b, ",\n            ");
	rn_over(e, d->keys, d->nkeys, d->order, d->norder, NULL, NULL, 0);
	ir_buf_puts(e->b, " as ");
	q(e, RN_COL);
	ir_buf_puts(e->b, "\n        from ");
	q(e, e->cte[n->inputs[0]->id]);
	ir_buf_puts(e->b, "\n    ) as ");
	q(e, "ranked");
	ir_buf_puts(e->b, "\n    where ");
	q(e, RN_COL);
	ir_buf_puts(e->b, " = 1");
	end_cte(e);
}

static void emit_pass(Emit *e, const RelNode *n, const char *name)
{
	begin_cte(e, name, n);
	ir_buf_puts(e->b, "    select");
	col_list(e, NULL, n);
	from_input(e, n->inputs[0], NULL);
	end_cte(e);
}

static void emit_update_rows(Emit *e, const RelNode *n, const char *name);

static void emit_sink(Emit *e, const RelNode *n, const char *name)
{
	const RelSink *s = &REL_AS(n, REL_SINK, sink);
	if (s->load == REL_LOAD_UPDATE || s->load == REL_LOAD_DELETE) {
		emit_update_rows(e, n, name);
		return;
	}
	begin_cte(e, name, n);
	ir_buf_puts(e->b, "    select");
	if (!s->ndest)
		col_list(e, NULL, n->inputs[0]);
	for (size_t k = 0; k < s->ndest; k++) {
		sep(e, k);
		cast_open(e, &s->dest_types[k]);
		if (s->dest_from && s->dest_from[k])
			q(e, s->dest_from[k]);
		else
			ir_buf_puts(e->b, "null");
		cast_close(e, &s->dest_types[k]);
		ir_buf_puts(e->b, " as ");
		q(e, s->dest_columns[k]);
	}
	from_input(e, n->inputs[0], NULL);
	end_cte(e);
}

/* ---- the model ---------------------------------------------------------- */
/* PostgreSQL reads a flat file with a server-side COPY into a text table,
 * before the staging model selects from it. */
static void pg_copy_hooks(Emit *e, const RelNode *n)
{
	const RelScan *s = &REL_AS(n, REL_SCAN, scan);
	const IrFlatFile *ff = flat_of(s);
	const BeSource *src = source_for(e->pr, s->conn_name, NULL, NULL);
	IrArena *a = e->pr->a;
	const char *raw = ir_sprintf(a, "{{ this.schema }}.\"%s__file\"", e->m->name);
	IrBuf cols = {0};
	bool fixed = fixed_format(ff);
	for (size_t i = 0; !fixed && i < ff->columns.len; i++) {
		be_sql_quote_ident(&cols, e->d, IR_VEC_AT(ff->columns, IrFlatColumn, i)->name);
		ir_buf_puts(&cols, i + 1 < ff->columns.len ? " text, " : " text");
	}
	if (fixed)
		ir_buf_puts(&cols, "\"n\" serial, \"line\" text");
	ir_buf_put(&cols, "", 1);
	const char *delim = ",";
	if (ff->columns.len > 1 && IR_VEC_AT(ff->columns, IrFlatColumn, 0)->delimiter)
		delim = IR_VEC_AT(ff->columns, IrFlatColumn, 0)->delimiter;
	IrBuf d = {0}, qch = {0};
	be_sql_quote_string(&d, e->d, delim);
	ir_buf_put(&d, "", 1);
	if (ff->text_qualifier && *ff->text_qualifier)
		be_sql_quote_string(&qch, e->d, ff->text_qualifier);
	else
		ir_buf_puts(&qch, "E'\\x01'"); /* no qualifier: a byte that never occurs */
	ir_buf_put(&qch, "", 1);
	if (ff->header_rows_to_skip > 0)
		ir_warn(e->pr->c, n->loc, IR_W_semantics_approximated, n->component ? n->component->path : NULL,
			"PostgreSQL COPY cannot skip %d header rows before the column names", ff->header_rows_to_skip);
	ir_buf_puts(e->b, ", pre_hook=[");
	jinja_str(e->b, ir_sprintf(a, "drop table if exists %s", raw));
	ir_buf_puts(e->b, ", ");
	jinja_str(e->b, ir_sprintf(a, "create table %s (%s)", raw, cols.data));
	ir_buf_puts(e->b, ", ");
	if (fixed) /* whole lines: a delimiter and a quote that never occur */
		jinja_str(e->b, ir_sprintf(a, "copy %s (\"line\") from '{{ var('%s') }}' with (format csv, header false, "
					   "delimiter E'\\x1f', quote E'\\x01')", raw, src ? src->path_var : "file__path"));
	else
		jinja_str(e->b, ir_sprintf(a, "copy %s from '{{ var('%s') }}' with (format csv, header %s, delimiter %s, quote %s)",
					   raw, src ? src->path_var : "file__path", ff->column_names_in_first_row ? "true" : "false",
					   d.data, qch.data));
	ir_buf_puts(e->b, "]");
	ir_buf_free(&cols);
	ir_buf_free(&d);
	ir_buf_free(&qch);
}

static bool reads_file_pg(const Emit *e)
{
	const RelNode *r = e->m->root;
	return e->d == BE_POSTGRES && r->kind == REL_SCAN && r->u.scan.kind == REL_SCAN_FLATFILE && flat_of(&r->u.scan);
}

/* ---- post-hooks: UPDATE / DELETE of the table after it is loaded ------------- */
typedef struct HookCtx {
	const RelSink *sink;
} HookCtx;

/* A hook that fails when it runs, with `message`.  dbt renders a hook from
 * the string literal of the config: the message is a Jinja literal inside
 * it, escaped on its own (a task path or a file name has '\'). */
static const char *failing_hook(IrArena *a, const char *message)
{
	IrBuf msg = {0};
	jinja_str(&msg, message);
	ir_buf_put(&msg, "", 1);
	const char *hook = ir_sprintf(a, "select {{ ssis2dbt_not_translated(%s) }}", msg.data);
	ir_buf_free(&msg);
	return hook;
}

/* The table the statement changes is the model's relation. */
static bool hook_this(void *arg, IrBuf *out, const SqlName *t)
{
	const HookCtx *h = arg;
	const char *schema = t->nparts >= 2 && *t->parts[t->nparts - 2] ? t->parts[t->nparts - 2] : "dbo";
	if (be_strcasecmp(t->parts[t->nparts - 1], h->sink->table) ||
	    be_strcasecmp(schema, h->sink->schema ? h->sink->schema : "dbo"))
		return false;
	ir_buf_puts(out, "{{ this }}");
	return true;
}

/* `update {{ this }} as t set c = v ... where p` / `delete from {{ this }}
 * as t where p` in the dialect; a construct with no translation makes the
 * hook fail when it runs. */
static const char *post_hook_sql(Emit *e, const RelSink *s, const RelPostHook *ph)
{
	IrArena *a = e->pr->a;
	const SqlStmt *st = ph->stmt;
	const SqlTableRef *t = st->kind == SQL_S_UPDATE ? st->u.update.target : st->u.del.target;
	const SqlExpr *where = st->kind == SQL_S_UPDATE ? st->u.update.where : st->u.del.where;
	HookCtx hc = {s};
	BeTsqlHooks h = {.table = hook_this, .arg = &hc};
	BeTsqlGap gap = {0};
	int ngaps = 0;
	IrBuf b = {0};
	ir_buf_puts(&b, st->kind == SQL_S_UPDATE ? "update {{ this }} as " : "delete from {{ this }} as ");
	be_sql_quote_ident(&b, e->d, t->alias ? t->alias : t->name->parts[t->name->nparts - 1]);
	for (size_t i = 0; st->kind == SQL_S_UPDATE && i < st->u.update.set.len; i++) {
		const SqlAssign *as = st->u.update.set.items[i];
		const char *col = as->target->name->parts[as->target->name->nparts - 1];
		ir_buf_puts(&b, i ? ", " : " set ");
		be_sql_quote_ident(&b, e->d, col);
		ir_buf_puts(&b, " = ");
		if (as->compound) {
			be_sql_quote_ident(&b, e->d, col);
			ir_buf_printf(&b, " %s (", ir_sql_binop_name(as->op));
		}
		BeTsqlGap g1;
		int n = be_tsql_print_expr(a, &b, as->value, e->d, &h, &g1);
		if (n && !ngaps)
			gap = g1;
		ngaps += n;
		if (as->compound)
			ir_buf_puts(&b, ")");
	}
	if (where) {
		ir_buf_puts(&b, " where ");
		BeTsqlGap g1;
		int n = be_tsql_print_expr(a, &b, where, e->d, &h, &g1);
		if (n && !ngaps)
			gap = g1;
		ngaps += n;
	}
	ir_buf_put(&b, "", 1);
	const char *sql = ir_sprintf(a, "%s", b.data);
	ir_buf_free(&b);
	if (ngaps) {
		ir_warn(e->pr->c, gap.loc, IR_W_sql_untranslated, ph->task->path,
			"%s has no %s translation; the post-hook fails when it runs", gap.what, be_dialect_name(e->d));
		return failing_hook(a, ir_sprintf(a, "%s: %s has no translation",
						  ph->task->path ? ph->task->path : "post-hook", gap.what));
	}
	return sql;
}

/* The hooks of every sink of the table go on the table's model (a later
 * writer's model is a table of its own, lineage.c warns). */
static void post_hooks(Emit *e)
{
	const BeDest *d = e->m->dest;
	if (!d || d->flatfile || e->m->root->kind != REL_SINK)
		return;
	size_t n = 0;
	for (size_t w = 0; w <= d->other_writers.len; w++) {
		const RelNode *r = w ? IR_VEC_AT(d->other_writers, BeModel, w - 1)->root : e->m->root;
		if (r->kind != REL_SINK)
			continue;
		const RelSink *s = &r->u.sink;
		for (size_t i = 0; i < s->post_hooks.len; i++) {
			ir_buf_puts(e->b, n++ ? ", " : ", post_hook=[");
			jinja_str(e->b, post_hook_sql(e, s, s->post_hooks.items[i]));
		}
	}
	if (n)
		ir_buf_puts(e->b, "]");
}

static void config_line(Emit *e)
{
	BeModel *m = e->m;
	IrBuf *b = e->b;
	ir_buf_puts(b, "{{ config(materialized=");
	if (reads_file_pg(e))
		m->materialized = "table";
	jinja_str(b, m->materialized);
	if (reads_file_pg(e))
		pg_copy_hooks(e, m->root);
	const RelSink *mk = m->root->kind == REL_SINK && m->root->u.sink.load == REL_LOAD_MERGE ? &m->root->u.sink : NULL;
	if (!strcmp(m->materialized, "incremental") && mk) {
		/* dbt-duckdb 1.10 and dbt-postgres 1.10 (PostgreSQL 15+) both
		 * have a merge strategy, but dbt-postgres's names every column
		 * of the table, and delete+insert would lose the columns the
		 * MERGE does not name: ssis2dbt_merge (macros/) is dbt's merge
		 * over the model's columns, on both.  dbt pastes the keys into
		 * its SQL as written: they are quoted here. */
		ir_buf_puts(b, ", incremental_strategy='ssis2dbt_merge', unique_key=[");
		for (size_t i = 0; i < mk->nkeys; i++) {
			IrBuf t = {0};
			be_sql_quote_ident(&t, e->d, mk->key_columns[i]);
			ir_buf_put(&t, "", 1);
			if (i)
				ir_buf_puts(b, ", ");
			jinja_str(b, t.data);
			ir_buf_free(&t);
		}
		ir_buf_puts(b, "]");
	} else if (!strcmp(m->materialized, "incremental"))
		ir_buf_puts(b, ", incremental_strategy='append'");
	post_hooks(e);
	if (m->dest && m->dest->flatfile && e->d != BE_DUCKDB) {
		/* the rows are built; the file is not written: fail loudly */
		ir_buf_puts(b, ", post_hook=[");
		jinja_str(b, failing_hook(e->pr->a, ir_sprintf(e->pr->a, "ssis2dbt: flat file %s is not written: only "
							       "DuckDB writes files", m->dest->legacy)));
		ir_buf_puts(b, "]");
	}
	if (m->dest && !m->dest->flatfile) {
		ir_buf_puts(b, ", schema=");
		jinja_str(b, m->dest->rel_schema);
		ir_buf_puts(b, ", alias=");
		jinja_str(b, m->dest->rel_identifier);
	}
	if (m->dest && m->dest->flatfile && !strcmp(m->materialized, "external")) {
		const IrFlatFile *ff = m->dest->conn ? m->dest->conn->flat : NULL;
		const char *delim = ",";
		if (ff && ff->columns.len > 1) {
			const IrFlatColumn *c0 = IR_VEC_AT(ff->columns, IrFlatColumn, 0);
			if (c0->delimiter && *c0->delimiter)
				delim = c0->delimiter;
		}
		ir_buf_puts(b, ", location=var(");
		jinja_str(b, m->dest->path_var);
		ir_buf_puts(b, "), format='csv', delimiter=");
		jinja_str(b, delim);
		ir_buf_printf(b, ", options={'header': %s", ff && !ff->column_names_in_first_row ? "false" : "true");
		/* rows end with the last column's delimiter (CRLF by default) */
		const char *nl = ff && ff->columns.len ? IR_VEC_AT(ff->columns, IrFlatColumn, ff->columns.len - 1)->delimiter
			: NULL;
		if (!nl || !*nl)
			nl = "\r\n";
		ir_buf_puts(b, ", 'new_line': \"'");
		for (const char *p = nl; *p; p++)
			ir_buf_puts(b, *p == '\r' ? "\\r" : *p == '\n' ? "\\n" : (char[]){*p, 0});
		ir_buf_puts(b, "'\"}");
	}
	ir_buf_puts(b, ") }}\n\n");
}

static void header(Emit *e)
{
	BeModel *m = e->m;
	ir_buf_puts(e->b, "-- Generated by ssis2dbtc from package ");
	be_sanitize_comment(e->b, m->package && m->package->name ? m->package->name : "?");
	ir_buf_puts(e->b, " (");
	be_sanitize_comment(e->b, m->package ? m->package->file : "?");
	ir_buf_puts(e->b, ").\n");
	comment_line(e, "", m->root);
	if (m->dest) {
		ir_buf_puts(e->b, "-- Writes ");
		be_sanitize_comment(e->b, m->dest->legacy);
		ir_buf_printf(e->b, " (%s", m->dest->load == REL_LOAD_REPLACE ? "replace"
			      : m->dest->load == REL_LOAD_UPDATE ? "update: the whole table, its matched rows updated"
			      : m->dest->load == REL_LOAD_DELETE ? "delete: the whole table but its matched rows"
			      : m->dest->load == REL_LOAD_MERGE ? "merge" : "append");
		if (m->dest->load_reason) {
			ir_buf_puts(e->b, ": truncated first by ");
			be_sanitize_comment(e->b, m->dest->load_reason);
		}
		ir_buf_puts(e->b, ").\n");
	}
	ir_buf_puts(e->b, "\n");
}

const char *be_proc_macro(IrArena *a, const SqlName *proc)
{
	IrBuf b = {0};
	ir_buf_puts(&b, "ssis2dbt_proc");
	for (int k = 0; k < proc->nparts; k++)
		if (*proc->parts[k] && (k >= proc->nparts - 2))
			ir_buf_printf(&b, "__%s", be_snake(a, proc->parts[k]));
	ir_buf_put(&b, "", 1);
	const char *s = ir_sprintf(a, "%s", b.data);
	ir_buf_free(&b);
	return s;
}

/* The keyword a procedure's argument i is passed to its stub by: the
 * parameter's name (@Day: day), or arg<i+1> for a positional one. */
const char *be_proc_arg_name(IrArena *a, const SqlExecArg *arg, size_t i)
{
	static const char *const jinja_words[] = {"and", "or", "not", "in", "is", "if", "else", "none", "true",
						  "false", "for", "loop", "self", "kwargs", "varargs", "caller"};
	if (!arg->param)
		return ir_sprintf(a, "arg%zu", i + 1);
	const char *n = be_snake(a, arg->param[0] == '@' ? arg->param + 1 : arg->param);
	bool taken = !*n || (*n >= '0' && *n <= '9');
	for (size_t k = 0; k < sizeof jinja_words / sizeof *jinja_words && !taken; k++)
		taken = !strcmp(n, jinja_words[k]);
	return taken ? ir_sprintf(a, "p_%s", n) : n;
}

/* One argument as a Jinja value: a bound ? marker its var(), a number or
 * a string as it is, NULL and DEFAULT none, anything else its SQL text. */
static void proc_arg_value(Emit *e, const RelPlaceholder *p, const SqlExpr *v)
{
	while (v && v->kind == SQL_E_PAREN)
		v = v->a;
	if (!v || v->kind == SQL_E_NULL || v->kind == SQL_E_DEFAULT) {
		ir_buf_puts(e->b, "none");
		return;
	}
	if (v->kind == SQL_E_PARAM && v->param >= 0 && (size_t)v->param < p->nparams && p->params[v->param]) {
		const IrSqlx *x = be_map_vars(e->pr, p->params[v->param]);
		ir_buf_puts(e->b, "var(");
		jinja_str(e->b, x->u.var.name);
		ir_buf_puts(e->b, ")");
		return;
	}
	if (v->kind == SQL_E_NUMBER && strspn(v->text, "0123456789.") == strlen(v->text) && *v->text != '.') {
		ir_buf_puts(e->b, v->text);
		return;
	}
	if (v->kind == SQL_E_STRING) {
		jinja_str(e->b, v->text);
		return;
	}
	IrBuf sql = {0};
	BeTsqlGap gap;
	if (v->kind == SQL_E_VAR)
		ir_buf_puts(&sql, v->text);
	else
		be_tsql_print_expr(e->pr->a, &sql, v, e->d, NULL, &gap);
	ir_buf_put(&sql, "", 1);
	jinja_str(e->b, sql.data);
	ir_buf_free(&sql);
}

/* {{ ssis2dbt_proc__<schema>__<name>(day=var('...'), arg2='x') }} */
static void proc_call(Emit *e, const RelPlaceholder *p)
{
	ir_buf_printf(e->b, "{{ %s(", be_proc_macro(e->pr->a, p->procedure));
	for (size_t i = 0; p->proc_args && i < p->proc_args->len; i++) {
		const SqlExecArg *arg = p->proc_args->items[i];
		ir_buf_printf(e->b, "%s%s=", i ? ", " : "", be_proc_arg_name(e->pr->a, arg, i));
		proc_arg_value(e, p, arg->value);
	}
	ir_buf_puts(e->b, ") }}");
}

static void emit_placeholder(Emit *e)
{
	const RelNode *n = e->m->root;
	const RelPlaceholder *p = &REL_AS(n, REL_PLACEHOLDER, placeholder);
	if (p->procedure) { /* the stub fails when compiled, naming the procedure */
		ir_buf_puts(e->b, "-- PLACEHOLDER: ");
		be_sanitize_comment(e->b, p->reason);
		ir_buf_puts(e->b, "\n-- Write the procedure's work in macros/");
		ir_buf_puts(e->b, be_proc_macro(e->pr->a, p->procedure));
		ir_buf_puts(e->b, ".sql.\n\n");
		config_line(e);
		proc_call(e, p);
		ir_buf_puts(e->b, "\n\nselect 1 as \"executed\"\n");
		return;
	}
	ir_buf_puts(e->b, "-- PLACEHOLDER: not translated, fails when run: ");
	be_sanitize_comment(e->b, p->reason);
	ir_buf_puts(e->b, "\n");
	for (size_t i = 0; i < n->ninputs; i++) {
		BeModel *in = be_model_root(e->bg, n->inputs[i]);
		if (in && in != e->m)
			ir_buf_printf(e->b, "-- depends_on: {{ ref('%s') }}\n", in->name);
	}
	if (p->original.s) {
		ir_buf_puts(e->b, "/* original code:\n");
		for (const char *s = p->original.s; *s; s++) {
			if ((s[0] == '*' && s[1] == '/') || (s[0] == '/' && s[1] == '*')) {
				ir_buf_put(e->b, s, 1);
				ir_buf_puts(e->b, " ");
			} else if (s[0] == '{' && (s[1] == '{' || s[1] == '%' || s[1] == '#'))
				ir_buf_puts(e->b, "{ ");
			else if (*s != '\r')
				ir_buf_put(e->b, s, 1);
		}
		ir_buf_puts(e->b, "\n*/\n");
	}
	ir_buf_puts(e->b, "\n");
	config_line(e);
	ir_buf_puts(e->b, "select");
	const char *msg = ir_sprintf(e->pr->a, "ssis2dbt: %s is not translated: %s",
				     n->component && n->component->path ? n->component->path : n->label,
				     p->reason ? p->reason : "unsupported");
	for (size_t i = 0; i < n->ncols || i == 0; i++) {
		ir_buf_puts(e->b, i ? ",\n    " : "\n    ");
		IrType t = n->ncols ? n->cols[i].type : (IrType){.dt = IR_DT_I4};
		if (!typed(&t))
			t = (IrType){.dt = IR_DT_I4};
		ir_buf_puts(e->b, "cast(");
		if (i == 0) {
			ir_buf_puts(e->b, "{{ ssis2dbt_not_translated(");
			jinja_str(e->b, msg);
			ir_buf_puts(e->b, ") }}");
		} else {
			ir_buf_puts(e->b, "null");
		}
		ir_buf_puts(e->b, " as ");
		type(e, &t);
		ir_buf_puts(e->b, ") as ");
		q(e, n->ncols ? n->cols[i].name : "not_translated");
	}
	ir_buf_puts(e->b, "\n");
}

/* The row order a node's output has by construction, as its own column
 * names: a Sort's keys, kept through filters and projections that keep the
 * columns, and through a Merge (a Union of sorted inputs). */
typedef struct Order {
	const char *cols[16];
	bool desc[16];
	size_t n;
} Order;

static bool order_of(const RelNode *u, Order *o)
{
	if (!u)
		return false;
	if (u->kind == REL_SORT) {
		o->n = 0;
		for (size_t k = 0; k < u->u.sort.nkeys && o->n < 16; k++, o->n++) {
			o->cols[o->n] = u->u.sort.keys[k].column;
			o->desc[o->n] = u->u.sort.keys[k].descending;
		}
		return o->n > 0;
	}
	if (u->kind == REL_UNION) {
		if (!u->ninputs || !order_of(u->inputs[0], o))
			return false;
		for (size_t i = 0; i < o->n; i++) {
			const char *mapped = NULL;
			for (size_t k = 0; k < u->ncols && !mapped; k++)
				if (u->u.union_.map && u->u.union_.map[0] && u->u.union_.map[0][k] &&
				    !strcmp(u->u.union_.map[0][k], o->cols[i]))
					mapped = u->cols[k].name;
			if (!mapped)
				return false;
			o->cols[i] = mapped;
		}
		return true;
	}
	if (u->ninputs != 1 || u->kind == REL_AGGREGATE || u->kind == REL_JOIN || !order_of(u->inputs[0], o))
		return false;
	for (size_t i = 0; i < o->n; i++)
		if (!ir_rel_find_col(u, o->cols[i]))
			return false;
	return true;
}

/* An append of the rows newer than the table's high-water mark: on an
 * incremental run only those, the mark read from the model's own relation. */
static void watermark_filter(Emit *e, const RelSink *s)
{
	HookCtx hc = {s};
	BeTsqlHooks h = {.table = hook_this, .arg = &hc};
	IrBuf b = {0};
	BeTsqlGap gap = {0};
	ir_buf_puts(e->b, "\n{% if is_incremental() %}\nwhere ");
	if (be_tsql_print_query(e->pr->a, &b, s->watermark->u.scan.parsed, e->d, &h, &gap) == 0) {
		q(e, s->watermark_column);
		ir_buf_puts(e->b, s->watermark_inclusive ? " >= (" : " > (");
		ir_buf_put(e->b, b.data, b.len);
		ir_buf_puts(e->b, ")");
	} else {
		ir_buf_puts(e->b, "{{ ssis2dbt_not_translated(");
		jinja_str(e->b, ir_sprintf(e->pr->a, "the watermark query uses %s", gap.what));
		ir_buf_puts(e->b, ") }}");
	}
	ir_buf_puts(e->b, "\n{% endif %}");
	ir_buf_free(&b);
}

static void final_select(Emit *e, const char *root_cte)
{
	const RelNode *r = e->m->root;
	ir_buf_puts(e->b, "\n\nselect");
	if (r->kind == REL_SINK && r->u.sink.ndest) {
		for (size_t k = 0; k < r->u.sink.ndest; k++) {
			ir_buf_puts(e->b, k ? ",\n    " : "\n    ");
			q(e, r->u.sink.dest_columns[k]);
		}
	} else {
		const RelNode *c = r->kind == REL_SINK ? r->inputs[0] : r;
		for (size_t i = 0; i < c->ncols; i++) {
			ir_buf_puts(e->b, i ? ",\n    " : "\n    ");
			q(e, c->cols[i].name);
		}
	}
	ir_buf_puts(e->b, "\nfrom ");
	q(e, root_cte);
	if (r->kind == REL_SINK && r->u.sink.watermark)
		watermark_filter(e, &r->u.sink);
	/* a flat file is written in the order SSIS gives it (Sort, Merge) */
	Order o = {0};
	if (r->kind == REL_SINK && (r->u.sink.ordered || r->u.sink.flatfile) && order_of(r->inputs[0], &o)) {
		const RelSink *s = &r->u.sink;
		for (size_t k = 0; k < o.n; k++) {
			const char *col = o.cols[k];
			for (size_t d = 0; s->ndest && d < s->ndest; d++) /* the destination's name for it */
				if (s->dest_from && s->dest_from[d] && !strcmp(s->dest_from[d], o.cols[k]))
					col = s->dest_columns[d];
			ir_buf_puts(e->b, k ? ", " : "\norder by ");
			q(e, col);
			if (o.desc[k])
				ir_buf_puts(e->b, " desc");
		}
	}
	ir_buf_puts(e->b, "\n");
}

/* ---- update sinks ------------------------------------------------------- */
/* An OLE DB Command UPDATE becomes a model that rebuilds the whole table:
 * every row of the table as it was before the update, left-joined to the
 * update rows on the key columns (and the statement's WHERE on the table's
 * columns), taking the new value only where a row matched (the match
 * marker, so that an update that sets NULL gives NULL).  The table's
 * columns are read from the database when the model runs, so that the
 * columns the statement does not set pass through with their own types. */
#define UPD_KEY "__ssis2dbt_key_"
#define UPD_SET "__ssis2dbt_set_"
#define UPD_ROW "__ssis2dbt_row"
#define UPD_MATCH "__ssis2dbt_matched"
#define UPD_BEFORE "table_before_update"

static const char *upd_col(Emit *e, const char *prefix, size_t k)
{
	return ir_sprintf(e->pr->a, "%s%zu", prefix, k + 1);
}

/* When several input rows hit one table row SSIS keeps the last one's
 * values: with an upstream Sort the last in its order, else (no order)
 * the row with the smallest new values, NULL first, so that the choice is
 * the same on every run and every engine. */
static void upd_row_number(Emit *e, const RelNode *n)
{
	const RelSink *s = &REL_AS(n, REL_SINK, sink);
	Order o = {0};
	ir_buf_puts(e->b, "row_number() over (partition by ");
	for (size_t k = 0; k < s->nkeys; k++) {
		if (k)
			ir_buf_puts(e->b, ", ");
		q(e, s->key_from[k]);
	}
	ir_buf_puts(e->b, " order by ");
	if (order_of(n->inputs[0], &o)) {
		for (size_t k = 0; k < o.n; k++) {
			if (k)
				ir_buf_puts(e->b, ", ");
			q(e, o.cols[k]);
			ir_buf_puts(e->b, o.desc[k] ? " asc" : " desc");
		}
	} else {
		bool any = false;
		for (size_t k = 0; k < s->ndest; k++) {
			if (!s->dest_from || !s->dest_from[k])
				continue;
			ir_buf_puts(e->b, any ? ", case when " : "case when ");
			q(e, s->dest_from[k]);
			ir_buf_puts(e->b, " is null then 0 else 1 end, ");
			q(e, s->dest_from[k]);
			any = true;
		}
		if (!any)
			ir_buf_puts(e->b, "1");
	}
	ir_buf_puts(e->b, ")");
}

/* The update rows: the key values, the new values, and which row wins. */
static void emit_update_rows(Emit *e, const RelNode *n, const char *name)
{
	const RelSink *s = &REL_AS(n, REL_SINK, sink);
	begin_cte(e, name, n);
	ir_buf_puts(e->b, "    select");
	size_t i = 0;
	for (size_t k = 0; k < s->nkeys; k++, i++) {
		sep(e, i);
		q(e, s->key_from[k]);
		ir_buf_puts(e->b, " as ");
		q(e, upd_col(e, UPD_KEY, k));
	}
	for (size_t k = 0; k < s->ndest; k++, i++) {
		sep(e, i);
		cast_open(e, &s->dest_types[k]);
		if (s->dest_from && s->dest_from[k])
			q(e, s->dest_from[k]);
		else if (s->set_values && s->set_values[k])
			expr(e, s->set_values[k]);
		else
			ir_buf_puts(e->b, "null");
		cast_close(e, &s->dest_types[k]);
		ir_buf_puts(e->b, " as ");
		q(e, upd_col(e, UPD_SET, k));
	}
	sep(e, i);
	upd_row_number(e, n);
	ir_buf_puts(e->b, " as ");
	q(e, UPD_ROW);
	from_input(e, n->inputs[0], NULL);
	end_cte(e);
}

static void where_names(Emit *e, const IrSqlx *w, bool *first)
{
	if (w->kind == IR_SQLX_OP && w->u.op.op == IR_SQLX_AND) {
		where_names(e, w->u.op.a, first);
		where_names(e, w->u.op.b, first);
	} else if (w->kind == IR_SQLX_OP && w->u.op.op == IR_SQLX_EQ && w->u.op.a->kind == IR_SQLX_COLUMN) {
		if (!*first)
			ir_buf_puts(e->b, ", ");
		*first = false;
		jinja_str(e->b, lower_of(e, w->u.op.a->u.column.name));
	}
}

/* A Jinja list of the lower-case names of the columns the update sets
 * and the columns its WHERE compares with a constant. */
static void set_names(Emit *e, const RelSink *s)
{
	ir_buf_puts(e->b, "[");
	for (size_t k = 0; k < s->ndest; k++) {
		if (k)
			ir_buf_puts(e->b, ", ");
		jinja_str(e->b, lower_of(e, s->dest_columns[k]));
	}
	bool first = s->ndest == 0;
	if (s->where)
		where_names(e, s->where, &first);
	ir_buf_puts(e->b, "]");
}

/* The rows of model `m` in the table's columns (read when the model
 * runs): each by its lower-case name, NULL where m has no such column. */
static void appended_select(Emit *e, const BeModel *m)
{
	const RelNode *r = m->root;
	const RelNode *c = r->kind == REL_SINK && !r->u.sink.ndest ? r->inputs[0] : r;
	ir_buf_puts(e->b, "    select\n    {%- set appended = {");
	size_t n = r->kind == REL_SINK && r->u.sink.ndest ? r->u.sink.ndest : c->ncols;
	for (size_t k = 0; k < n; k++) {
		const char *name = r->kind == REL_SINK && r->u.sink.ndest ? r->u.sink.dest_columns[k] : c->cols[k].name;
		if (k)
			ir_buf_puts(e->b, ", ");
		jinja_str(e->b, lower_of(e, name));
		ir_buf_puts(e->b, ": ");
		jinja_str(e->b, name);
	}
	ir_buf_puts(e->b, "} %}\n    {%- for column in ssis2dbt_columns %}\n        cast("
		    "{{ adapter.quote(appended[column.name | lower]) if column.name | lower in appended else 'null' }}"
		    " as {{ column.data_type }}) as {{ adapter.quote(column.name) }}{{ ',' if not loop.last }}\n"
		    "    {%- endfor %}\n    from ");
	ir_buf_printf(e->b, "{{ ref('%s') }}", m->name);
}

/* The table before the update: a model of the project that wrote it, and,
 * when that model appended to it, the legacy rows it appended to. */
static const char *before_update_cte(Emit *e)
{
	const BeModel *m = e->m;
	const char *name = cte_name(e, UPD_BEFORE);
	begin_cte(e, name, NULL);
	ir_buf_puts(e->b, "    select * from ");
	if (m->update_source)
		source_call(e, m->update_source);
	else
		ir_buf_printf(e->b, "{{ ref('%s') }}", m->update_base->name);
	if (m->update_base && m->update_source) {
		ir_buf_puts(e->b, "\n    union all\n");
		appended_select(e, m->update_base);
	}
	end_cte(e);
	return name;
}

/* The columns of the table before the update, read when the model runs;
 * an error when it does not exist or lacks a column the statement sets. */
static void update_columns(Emit *e, const RelSink *s)
{
	const BeModel *m = e->m;
	ir_buf_puts(e->b, "{%- set ssis2dbt_columns = adapter.get_columns_in_relation(");
	if (m->update_source)
		ir_buf_printf(e->b, "source('%s', '%s')", m->update_source->source_name, m->update_source->table_name);
	else
		ir_buf_printf(e->b, "ref('%s')", m->update_base->name);
	ir_buf_puts(e->b, ") if execute else [] %}\n{%- set ssis2dbt_names = ssis2dbt_columns | map(attribute='name') | "
		    "map('lower') | list %}\n{%- set ssis2dbt_types = {} %}\n{%- for column in ssis2dbt_columns %}"
		    "{% do ssis2dbt_types.update({column.name | lower: column.data_type}) %}{% endfor %}\n{%- for wanted in ");
	set_names(e, s);
	ir_buf_puts(e->b, " %}\n{%- if execute and wanted not in ssis2dbt_names %}\n{{ exceptions.raise_compiler_error(");
	jinja_str(e->b, ir_sprintf(e->pr->a, "ssis2dbt: %s: the table to update has no column ",
				   m->dest ? m->dest->legacy : "?"));
	ir_buf_puts(e->b, " ~ wanted) }}\n{%- endif %}\n{%- endfor %}\n");
}

/* The statement's WHERE on the table's columns: ANDs of `column = constant`
 * and IS [NOT] NULL tests.  A constant takes the type of its column (as
 * SQL Server converts it): `bit_column = 0` is a boolean test elsewhere. */
static void update_where(Emit *e, const IrSqlx *w)
{
	if (w->kind == IR_SQLX_OP && w->u.op.op == IR_SQLX_AND) {
		update_where(e, w->u.op.a);
		ir_buf_puts(e->b, " and ");
		update_where(e, w->u.op.b);
		return;
	}
	if (w->kind == IR_SQLX_OP && w->u.op.op == IR_SQLX_EQ && w->u.op.a->kind == IR_SQLX_COLUMN) {
		const char *col = w->u.op.a->u.column.name;
		qq(e, "t", col);
		ir_buf_puts(e->b, " = cast(");
		expr(e, w->u.op.b);
		ir_buf_puts(e->b, " as {{ ssis2dbt_types.get(");
		jinja_str(e->b, lower_of(e, col));
		ir_buf_puts(e->b, ") }})");
		return;
	}
	/* the update rows' columns are all named __ssis2dbt_*: none is ambiguous */
	ir_buf_puts(e->b, "(");
	print_expr(e, w, true);
	ir_buf_puts(e->b, ")");
}

/* When table row "t" and update row "u" match: the keys, and the
 * statement's constant conditions on the table. */
static void match_condition(Emit *e, const RelSink *s, const char *first, const char *and_)
{
	for (size_t k = 0; k < s->nkeys; k++) {
		ir_buf_puts(e->b, k ? and_ : first);
		qq(e, "t", s->key_columns[k]);
		ir_buf_puts(e->b, " = ");
		qq(e, "u", upd_col(e, UPD_KEY, k));
	}
	if (s->where) {
		ir_buf_puts(e->b, and_);
		update_where(e, s->where);
	}
}

/* The rows the same data flow appends, after the update. */
static void append_after(Emit *e)
{
	if (e->m->update_after) {
		ir_buf_puts(e->b, "\nunion all\n");
		appended_select(e, e->m->update_after);
	}
	ir_buf_puts(e->b, "\n");
}

static void update_select(Emit *e, const char *before_cte, const char *rows_cte)
{
	const RelSink *s = &REL_AS(e->m->root, REL_SINK, sink);
	ir_buf_puts(e->b, "\n\nselect\n{%- for column in ssis2dbt_columns %}\n    {%- set name = column.name | lower %}");
	for (size_t k = 0; k < s->ndest; k++) {
		ir_buf_puts(e->b, k ? "\n    {%- elif name == " : "\n    {%- if name == ");
		jinja_str(e->b, lower_of(e, s->dest_columns[k]));
		ir_buf_puts(e->b, " %}\n    case when ");
		qq(e, "u", UPD_MATCH);
		ir_buf_puts(e->b, " then cast(");
		qq(e, "u", upd_col(e, UPD_SET, k));
		ir_buf_puts(e->b, " as {{ column.data_type }}) else ");
		q(e, "t");
		ir_buf_puts(e->b, ".{{ adapter.quote(column.name) }} end");
	}
	ir_buf_puts(e->b, "\n    {%- else %}\n    ");
	q(e, "t");
	ir_buf_puts(e->b, ".{{ adapter.quote(column.name) }}\n    {%- endif %} as {{ adapter.quote(column.name) }}"
		    "{{ ',' if not loop.last }}\n{%- endfor %}\nfrom ");
	q(e, before_cte);
	ir_buf_puts(e->b, " as ");
	q(e, "t");
	ir_buf_puts(e->b, "\nleft join (\n    select *, true as ");
	q(e, UPD_MATCH);
	ir_buf_puts(e->b, "\n    from ");
	q(e, rows_cte);
	ir_buf_puts(e->b, "\n    where ");
	q(e, UPD_ROW);
	ir_buf_puts(e->b, " = 1\n) as ");
	q(e, "u");
	match_condition(e, s, "\n    on ", "\n    and ");
	append_after(e);
}

/* A DELETE: the rows before it that no input row matches. */
static void delete_select(Emit *e, const char *before_cte, const char *rows_cte)
{
	const RelSink *s = &REL_AS(e->m->root, REL_SINK, sink);
	ir_buf_puts(e->b, "\n\nselect ");
	q(e, "t");
	ir_buf_puts(e->b, ".*\nfrom ");
	q(e, before_cte);
	ir_buf_puts(e->b, " as ");
	q(e, "t");
	ir_buf_puts(e->b, "\nwhere not exists (\n    select 1\n    from ");
	q(e, rows_cte);
	ir_buf_puts(e->b, " as ");
	q(e, "u");
	match_condition(e, s, "\n    where ", "\n        and ");
	ir_buf_puts(e->b, "\n)");
	append_after(e);
}

static void external_input(Emit *e, const RelNode *in)
{
	if (e->cte[in->id])
		return;
	BeModel *src = be_model_root(e->bg, in);
	const char *name = cte_name(e, src ? src->name : "missing_input");
	e->cte[in->id] = name;
	begin_cte(e, name, NULL);
	ir_buf_puts(e->b, "    select");
	col_list(e, NULL, in);
	ir_buf_printf(e->b, "\n    from {{ ref('%s') }}", src ? src->name : "missing_input");
	end_cte(e);
}

static void emit_node(Emit *e, const RelNode *n)
{
	for (size_t i = 0; i < n->ninputs; i++)
		if (be_model_owner(e->bg, n->inputs[i]) != e->m)
			external_input(e, n->inputs[i]);
	if (n->kind == REL_SORT && n != e->m->root) {
		e->cte[n->id] = e->cte[n->inputs[0]->id]; /* row order is not observable here */
		return;
	}
	const char *label = n->label ? n->label : "step";
	if (n->output_name && n->kind == REL_FILTER)
		label = ir_sprintf(e->pr->a, "%s %s", label, n->output_name);
	const char *name = cte_name(e, be_snake(e->pr->a, label));
	e->cte[n->id] = name;
	switch (n->kind) {
	case REL_SCAN: emit_scan(e, n, name); break;
	case REL_PROJECT: emit_project(e, n, name); break;
	case REL_FILTER: emit_filter(e, n, name); break;
	case REL_JOIN: emit_join(e, n, name); break;
	case REL_UNION: emit_union(e, n, name); break;
	case REL_AGGREGATE: emit_aggregate(e, n, name); break;
	case REL_DISTINCT: emit_distinct(e, n, name); break;
	case REL_SINK: emit_sink(e, n, name); break;
	case REL_SORT: emit_pass(e, n, name); break;
	case REL_PLACEHOLDER: break; /* a model of its own */
	}
}

static bool is_update(const BeModel *m)
{
	return m->root->kind == REL_SINK && (m->root->u.sink.load == REL_LOAD_UPDATE || m->root->u.sink.load == REL_LOAD_DELETE) &&
	       (m->update_base || m->update_source);
}

static void emit_model(BeProject *pr, BeModel *m)
{
	IrBuf b = {0};
	BeGraph *bg = be_graph_of(pr, m->graph);
	Emit e = {.pr = pr, .m = m, .bg = bg, .d = pr->o->dialect, .b = &b};
	e.cte = ir_alloc(pr->a, (bg->nids + 1) * sizeof *e.cte);
	header(&e);
	be_lineage_depends_on(pr, m, &b);
	if (m->placeholder) {
		emit_placeholder(&e);
	} else {
		config_line(&e);
		if (is_update(m))
			update_columns(&e, &m->root->u.sink);
		for (size_t i = 0; i < bg->g->nodes.len; i++) {
			const RelNode *n = IR_VEC_AT(bg->g->nodes, RelNode, i);
			if (be_model_owner(bg, n) == m && (n == m->root || !be_model_root(bg, n)))
				emit_node(&e, n);
		}
		const char *root_cte = e.cte[m->root->id] ? e.cte[m->root->id] : "missing";
		if (is_update(m)) {
			const char *before = before_update_cte(&e);
			if (m->root->u.sink.load == REL_LOAD_DELETE)
				delete_select(&e, before, root_cte);
			else
				update_select(&e, before, root_cte);
		} else {
			final_select(&e, root_cte);
		}
	}
	m->sql = ir_strndup(pr->a, b.data ? b.data : "", b.len);
	ir_buf_free(&b);
}

void be_emit_sql(BeProject *pr)
{
	for (size_t i = 0; i < pr->models.len; i++) {
		BeModel *m = IR_VEC_AT(pr->models, BeModel, i);
		emit_model(pr, m);
		IrBuf b = {0};
		ir_buf_puts(&b, m->sql);
		be_add_file(pr, m->path, &b);
	}
}
