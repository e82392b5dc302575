/* partition.c — cuts each data flow's Relational IR graph into dbt models:
 * every scan is a staging model (shared across packages when it reads the
 * same thing), every sink a mart, every node used twice (a Multicast
 * fan-out, a split computed once) or standing for untranslated work an
 * intermediate model; the other nodes become CTEs of the one model that
 * consumes them.  Also finds the legacy sources and destinations, decides
 * each destination's load mode and each component's status. */
#include <ctype.h>
#include <string.h>

#include "be_internal.h"

/* ---- sources and destinations ----------------------------------------- */
static void add_unique_str(IrArena *a, IrVec *v, const char *s)
{
	for (size_t i = 0; i < v->len; i++)
		if (!strcmp(IR_VEC_AT(*v, const char, i), s))
			return;
	ir_vec_push(a, v, (void *)s);
}

BeSource *be_find_source(BeProject *pr, const char *legacy)
{
	for (size_t i = 0; i < pr->sources.len; i++) {
		BeSource *s = IR_VEC_AT(pr->sources, BeSource, i);
		if (!be_strcasecmp(s->legacy, legacy))
			return s;
	}
	return NULL;
}

/* The dbt source of a connection's schema: the connection's name (and the
 * schema unless dbo), made unique when two connections sanitise alike. */
static const char *source_name(BeProject *pr, const BeSource *s)
{
	const char *cs = be_snake(pr->a, s->conn_name);
	const char *base = s->flatfile || !be_strcasecmp(s->schema, "dbo") ? cs
		: ir_sprintf(pr->a, "%s_%s", cs, be_snake(pr->a, s->schema));
	const char *name = base;
	for (int k = 2;; k++) {
		const BeSource *same = NULL, *other = NULL;
		for (size_t i = 0; i < pr->sources.len; i++) {
			const BeSource *t = IR_VEC_AT(pr->sources, BeSource, i);
			if (strcmp(t->source_name, name))
				continue;
			bool group = t->flatfile == s->flatfile && !be_strcasecmp(t->conn_name, s->conn_name) &&
				     (s->flatfile || !be_strcasecmp(t->schema, s->schema));
			if (group)
				same = t;
			else
				other = t;
		}
		if (same || !other)
			return name;
		name = ir_sprintf(pr->a, "%s_%d", base, k);
	}
}

static BeSource *get_source(BeProject *pr, const IrPackage *p, const char *conn, const char *schema,
			    const char *table, IrLoc loc)
{
	const char *legacy = be_legacy_name(pr->a, conn, schema, table);
	BeSource *s = be_find_source(pr, legacy);
	if (!s) {
		s = ir_alloc(pr->a, sizeof *s);
		s->legacy = legacy;
		s->flatfile = schema == NULL;
		s->conn_name = conn ? conn : "";
		s->schema = schema;
		s->table = table;
		s->loc = loc;
		s->source_name = source_name(pr, s);
		s->table_name = s->flatfile ? s->source_name : table;
		ir_vec_push(pr->a, &pr->sources, s);
	}
	add_unique_str(pr->a, &s->packages, p->file);
	return s;
}

static void source_add_col(BeProject *pr, BeSource *s, const char *name, IrType t)
{
	for (size_t i = 0; i < s->cols.len; i++)
		if (!be_strcasecmp(IR_VEC_AT(s->cols, BeSrcCol, i)->name, name))
			return;
	BeSrcCol *c = ir_alloc(pr->a, sizeof *c);
	c->name = name;
	c->type = t;
	ir_vec_push(pr->a, &s->cols, c);
}

/* ---- table names in SQL text (until the T-SQL lowering lands) --------- */
/* Reads a possibly bracketed, dotted name at p; returns its end.  The last
 * two parts are schema and table; an unqualified table is dbo's. */
static const char *read_name(IrArena *a, const char *p, const char **schema, const char **table)
{
	const char *parts[4] = {0};
	int n = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *s = p, *e;
		if (*p == '[' || *p == '"') {
			char close = *p == '[' ? ']' : '"';
			s = ++p;
			while (*p && *p != close)
				p++;
			e = p;
			if (*p)
				p++;
		} else {
			while (isalnum((unsigned char)*p) || *p == '_' || *p == '#' || *p == '@' || *p == '$')
				p++;
			e = p;
		}
		if (e == s)
			break;
		if (n < 4)
			parts[n++] = ir_strndup(a, s, (size_t)(e - s));
		if (*p != '.')
			break;
		p++;
	}
	*table = n ? parts[n - 1] : NULL;
	*schema = n >= 2 && *parts[n - 2] ? parts[n - 2] : "dbo";
	return p;
}

static int ncasecmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int x = tolower((unsigned char)a[i]), y = tolower((unsigned char)b[i]);
		if (x != y || !x)
			return x - y;
	}
	return 0;
}

static bool word_at(const char *p, const char *w)
{
	size_t n = strlen(w);
	return !ncasecmp(p, w, n) && !isalnum((unsigned char)p[n]) && p[n] != '_';
}

/* Calls fn for every table named after FROM / JOIN / TRUNCATE TABLE /
 * DELETE [FROM] in a SQL text, skipping comments and string literals.
 * `kind` is the keyword that introduced it. */
typedef void (*TableFn)(void *user, const char *kind, const char *schema, const char *table, const char *at);

static void scan_tables(IrArena *a, const char *sql, TableFn fn, void *user)
{
	const char *p = sql;
	bool word_start = true;
	while (p && *p) {
		if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			p = e ? e + 2 : p + strlen(p);
			continue;
		}
		if (*p == '\'') {
			for (p++; *p; p++)
				if (*p == '\'' && *++p != '\'')
					break;
			continue;
		}
		bool alnum = isalnum((unsigned char)*p) || *p == '_';
		if (alnum && word_start) {
			const char *kind = NULL, *q = p;
			if (word_at(p, "from") || word_at(p, "join"))
				kind = "from", q = p + 4;
			else if (word_at(p, "truncate")) {
				q = p + 8;
				while (isspace((unsigned char)*q))
					q++;
				if (word_at(q, "table"))
					kind = "truncate", q += 5;
			} else if (word_at(p, "delete")) {
				kind = "delete", q = p + 6;
				while (isspace((unsigned char)*q))
					q++;
				if (word_at(q, "from"))
					q += 4;
			}
			if (kind) {
				while (isspace((unsigned char)*q))
					q++;
				if (*q != '(' && *q != '@') {
					const char *schema, *table;
					const char *e = read_name(a, q, &schema, &table);
					if (table && e > q) {
						fn(user, kind, schema, table, e);
						p = e;
						word_start = false;
						continue;
					}
				}
			}
		}
		word_start = !alnum;
		p++;
	}
}

typedef struct QueryTables {
	BeTableFn fn;
	void *user;
} QueryTables;

static void on_read_table(void *user, const char *kind, const char *schema, const char *table, const char *at)
{
	(void)at;
	QueryTables *qt = user;
	if (!strcmp(kind, "from") && table[0] != '#')
		qt->fn(qt->user, schema, table);
}

void be_query_tables(IrArena *a, const char *sql, BeTableFn fn, void *user)
{
	QueryTables qt = {fn, user};
	scan_tables(a, sql, on_read_table, &qt);
}

void be_scan_tables(IrArena *a, const RelScan *s, BeTableFn fn, void *user)
{
	if (!s->parsed) {
		if (s->query.s)
			be_query_tables(a, s->query.s, fn, user);
		return;
	}
	for (size_t i = 0; i < s->reads.len; i++) {
		const SqlName *t = s->reads.items[i];
		const char *table = t->parts[t->nparts - 1];
		if (table[0] != '#' && table[0] != '@')
			fn(user, t->nparts >= 2 && *t->parts[t->nparts - 2] ? t->parts[t->nparts - 2] : "dbo", table);
	}
}

/* ---- simple source queries ------------------------------------------------ */
/* SELECT a, [b], t.c FROM [schema].[table] (or SELECT *): a query that only
 * picks columns of one table is printed as a read of that source, the same
 * in every dialect.  Anything else stays a verbatim query. */
typedef struct Tok {
	const char *s;
	size_t n;
	bool ident;
} Tok;

static size_t tokens(IrArena *a, const char *p, Tok *out, size_t max)
{
	size_t k = 0;
	while (*p && k < max) {
		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		if (*p == '-' && p[1] == '-')
			return max + 1; /* comments: not simple */
		const char *st = p;
		if (*p == '[' || *p == '"') {
			char close = *p == '[' ? ']' : '"';
			st = ++p;
			while (*p && *p != close)
				p++;
			out[k++] = (Tok){ir_strndup(a, st, (size_t)(p - st)), (size_t)(p - st), true};
			if (*p)
				p++;
		} else if (isalnum((unsigned char)*p) || *p == '_') {
			while (isalnum((unsigned char)*p) || *p == '_')
				p++;
			out[k++] = (Tok){ir_strndup(a, st, (size_t)(p - st)), (size_t)(p - st), false};
		} else {
			out[k++] = (Tok){ir_strndup(a, p, 1), 1, false};
			p++;
		}
	}
	return *p ? max + 1 : k;
}

static bool tok_is(const Tok *t, const char *w) { return !t->ident && !be_strcasecmp(t->s, w); }
static bool tok_name(const Tok *t) { return t->ident || isalpha((unsigned char)t->s[0]) || t->s[0] == '_'; }

bool be_simple_query(IrArena *a, const char *sql, BeSimpleQuery *q)
{
	Tok t[600];
	size_t n = tokens(a, sql, t, 600), i = 0;
	if (n > 600 || n < 4 || !tok_is(&t[i++], "select"))
		return false;
	memset(q, 0, sizeof *q);
	if (tok_is(&t[i], "*")) {
		q->star = true;
		i++;
	} else {
		for (;;) {
			if (i >= n || !tok_name(&t[i]) || tok_is(&t[i], "from") || tok_is(&t[i], "distinct") ||
			    tok_is(&t[i], "top") || q->ncols >= 256)
				return false;
			const char *name = t[i++].s;
			while (i + 1 < n && tok_is(&t[i], ".") && tok_name(&t[i + 1]))
				name = t[i + 1].s, i += 2;
			q->cols[q->ncols++] = name;
			if (i < n && tok_is(&t[i], ",")) {
				i++;
				continue;
			}
			break;
		}
	}
	if (i >= n || !tok_is(&t[i++], "from"))
		return false;
	const char *parts[4];
	size_t np = 0;
	while (i < n && tok_name(&t[i]) && np < 3) {
		parts[np++] = t[i++].s;
		if (i < n && tok_is(&t[i], "."))
			i++;
		else
			break;
	}
	while (i < n && tok_is(&t[i], ";"))
		i++;
	if (!np || i != n)
		return false;
	q->table = parts[np - 1];
	q->schema = np >= 2 ? parts[np - 2] : "dbo";
	return true;
}

/* ---- truncation before a data flow ------------------------------------ */
/* The documented check: an Execute SQL Task of the same package, earlier in
 * the package's depth-first order than the Data Flow Task, whose statement
 * has TRUNCATE TABLE t, or DELETE [FROM] t with no WHERE in the same
 * statement, makes the data flow's destination t a `replace` load. */
typedef struct Trunc {
	const char *schema, *table, *task_path;
	size_t order;
} Trunc;

typedef struct TruncScan {
	BeProject *pr;
	BePkg *bp;
	const IrExecutable *task;
	size_t order;
} TruncScan;

static bool delete_has_where(const char *at)
{
	for (const char *p = at; *p && *p != ';'; p++) {
		if (word_at(p, "where") && (p == at || !isalnum((unsigned char)p[-1])))
			return true;
		if (word_at(p, "go") && (p == at || p[-1] == '\n'))
			return false;
	}
	return false;
}

static void on_trunc_table(void *user, const char *kind, const char *schema, const char *table, const char *at)
{
	TruncScan *ts = user;
	if (!strcmp(kind, "from") || (!strcmp(kind, "delete") && delete_has_where(at)))
		return;
	Trunc *t = ir_alloc(ts->pr->a, sizeof *t);
	t->schema = schema;
	t->table = table;
	t->task_path = ts->task->path;
	t->order = ts->order;
	ir_vec_push(ts->pr->a, &ts->bp->truncates, t);
}

static void walk_exec(BeProject *pr, BePkg *bp, const IrExecutable *e, size_t *order, IrVec *orders)
{
	if (!e)
		return;
	size_t my = (*order)++;
	ir_vec_push(pr->a, orders, (void *)e);
	if (e->kind == IR_EXEC_EXECUTE_SQL && e->sql && e->sql->statement.s && !e->disabled) {
		TruncScan ts = {pr, bp, e, my};
		scan_tables(pr->a, e->sql->statement.s, on_trunc_table, &ts);
	}
	for (size_t i = 0; i < e->children.len; i++)
		walk_exec(pr, bp, IR_VEC_AT(e->children, IrExecutable, i), order, orders);
}

static size_t exec_order(const IrVec *orders, const IrExecutable *e)
{
	for (size_t i = 0; i < orders->len; i++)
		if (orders->items[i] == e)
			return i;
	return (size_t)-1;
}

static const Trunc *truncated_before(BePkg *bp, const IrVec *orders, const RelGraph *g, const RelSink *s)
{
	size_t df = exec_order(orders, g->task);
	for (size_t i = 0; i < bp->truncates.len; i++) {
		const Trunc *t = IR_VEC_AT(bp->truncates, Trunc, i);
		if (t->order < df && !be_strcasecmp(t->table, s->table) && !be_strcasecmp(t->schema, s->schema))
			return t;
	}
	return NULL;
}

/* ---- models ------------------------------------------------------------ */
static BeModel *new_model(BeProject *pr, BeGraph *bg, const RelNode *root, BeLayer layer, const char *mat)
{
	BeModel *m = ir_alloc(pr->a, sizeof *m);
	m->layer = layer;
	m->materialized = mat;
	m->package = bg->package;
	m->graph = bg->g;
	m->root = root;
	m->component = root->component;
	m->ssis_path = root->component ? root->component->path : (bg->g->task ? bg->g->task->path : NULL);
	m->loc = root->loc;
	m->description = root->component && root->component->description && *root->component->description
		? root->component->description : NULL;
	ir_vec_push(pr->a, &pr->models, m);
	return m;
}

static const char *scan_key(BeProject *pr, const RelNode *n)
{
	const RelScan *s = &REL_AS(n, REL_SCAN, scan);
	IrBuf b = {0};
	ir_buf_printf(&b, "%d|%s|%s|%s|", (int)s->kind, s->conn_name ? s->conn_name : "",
		      s->schema ? s->schema : "", s->table ? s->table : "");
	if (s->kind == REL_SCAN_QUERY)
		ir_buf_printf(&b, "%s|%s|", s->query.s ? s->query.s : "", s->query_variable ? s->query_variable : "");
	for (size_t i = 0; s->param_query && i < s->nparams; i++)
		ir_buf_printf(&b, "?%zu=%s|", i, s->param_query[i] ? s->param_query[i]->label : "");
	if (s->kind == REL_SCAN_QUERY && s->parsed) /* which statement of the text: the INSERTs of one task */
		ir_buf_printf(&b, "@%lld|", (long long)s->parsed->loc.off - (long long)s->query.loc.off);
	for (size_t i = 0; i < n->ncols; i++)
		ir_buf_printf(&b, "%s>%s:%s|", s->source_columns && s->source_columns[i] ? s->source_columns[i] : "",
			      n->cols[i].name, be_type_str(pr->a, &n->cols[i].type));
	const char *k = ir_strndup(pr->a, b.data ? b.data : "", b.len);
	ir_buf_free(&b);
	return k;
}

typedef struct QuerySources {
	BeProject *pr;
	const IrPackage *p;
	const RelNode *n;
	int count;
	BeSource *only;
} QuerySources;

static void on_query_table(void *user, const char *schema, const char *table)
{
	QuerySources *qs = user;
	const RelScan *s = &REL_AS(qs->n, REL_SCAN, scan);
	BeSource *src = get_source(qs->pr, qs->p, s->conn_name, schema, table, qs->n->loc);
	qs->only = qs->count++ ? NULL : src;
}

BeSource *be_resolve_table(BeProject *pr, const IrPackage *p, const char *conn, const SqlName *t, IrLoc loc)
{
	const char *table = t->parts[t->nparts - 1];
	if (table[0] == '#' || table[0] == '@')
		return NULL;
	const char *schema = t->nparts >= 2 && *t->parts[t->nparts - 2] ? t->parts[t->nparts - 2] : "dbo";
	return get_source(pr, p, conn, schema, table, loc);
}

/* The sources of a parsed query: one per table it reads; the only one
 * when it reads one table. */
static BeSource *parsed_sources(BeProject *pr, const IrPackage *p, const RelNode *n)
{
	const RelScan *s = &REL_AS(n, REL_SCAN, scan);
	BeSource *only = NULL;
	int count = 0;
	for (size_t i = 0; i < s->reads.len; i++) {
		BeSource *src = be_resolve_table(pr, p, s->conn_name, s->reads.items[i], n->loc);
		if (src && src != only)
			only = count++ ? NULL : src;
	}
	return count == 1 ? only : NULL;
}

static BeSource *scan_sources(BeProject *pr, const IrPackage *p, const RelNode *n)
{
	const RelScan *s = &REL_AS(n, REL_SCAN, scan);
	BeSource *src = NULL;
	if (s->kind == REL_SCAN_TABLE) {
		src = get_source(pr, p, s->conn_name, s->schema ? s->schema : "dbo", s->table, n->loc);
	} else if (s->kind == REL_SCAN_FLATFILE) {
		src = get_source(pr, p, s->conn_name, NULL, NULL, n->loc);
		src->conn = s->conn;
		src->path_var = ir_sprintf(pr->a, "%s__path", be_snake(pr->a, s->conn_name));
	} else if (s->parsed) {
		src = parsed_sources(pr, p, n);
		BeSimpleQuery sq;
		if (!src || !be_simple_query(pr->a, s->query.s, &sq))
			return src; /* its columns are known only for a simple query */
	} else if (s->query.s) {
		QuerySources qs = {pr, p, n, 0, NULL};
		be_query_tables(pr->a, s->query.s, on_query_table, &qs);
		BeSimpleQuery sq;
		if (!qs.only || !be_simple_query(pr->a, s->query.s, &sq))
			return qs.only; /* its columns are known only for a simple query */
		src = qs.only;
	}
	if (src && s->kind != REL_SCAN_FLATFILE)
		for (size_t i = 0; i < n->ncols; i++)
			source_add_col(pr, src, s->source_columns && s->source_columns[i] ? s->source_columns[i]
				       : n->cols[i].name, n->cols[i].type);
	if (src && s->kind == REL_SCAN_FLATFILE && s->conn && s->conn->flat)
		for (size_t i = 0; i < s->conn->flat->columns.len; i++) {
			const IrFlatColumn *fc = IR_VEC_AT(s->conn->flat->columns, IrFlatColumn, i);
			IrType t = {.dt = IR_DT_STR, .length = fc->max_width, .codepage = s->conn->flat->code_page};
			IrDtype dt;
			if (ir_dtype_from_code(fc->data_type, &dt))
				t = (IrType){dt, fc->max_width, fc->precision, fc->scale, s->conn->flat->code_page};
			source_add_col(pr, src, fc->name, t);
		}
	return src;
}

/* A parsed source query with a construct the dialect cannot express: a
 * warning at the construct, and the model fails when run. */
static void check_query(BeProject *pr, BeModel *m, const RelNode *n)
{
	if (!REL_AS(n, REL_SCAN, scan).parsed)
		return;
	IrBuf b = {0};
	BeTsqlGap gap = {0};
	int ngaps = be_scan_query_sql(pr, m, n, &b, &gap, false);
	ir_buf_free(&b);
	if (!ngaps)
		return;
	m->untranslated = ir_sprintf(pr->a, "the source query uses %s, which has no %s translation", gap.what,
				     be_dialect_name(pr->o->dialect));
	ir_warn(pr->c, gap.loc, IR_W_sql_untranslated, m->ssis_path, "%s%s", m->untranslated,
		ngaps > 1 ? ir_sprintf(pr->a, " (and %d more constructs)", ngaps - 1) : "");
}

static BeModel *staging_model(BeProject *pr, BeGraph *bg, const RelNode *n)
{
	const char *key = scan_key(pr, n);
	for (size_t i = 0; i < pr->models.len; i++) {
		BeModel *m = IR_VEC_AT(pr->models, BeModel, i);
		if (m->layer == BE_STAGING && m->key && !strcmp(m->key, key)) {
			scan_sources(pr, bg->package, n); /* the package reads it too */
			return m;
		}
	}
	BeModel *m = new_model(pr, bg, n, BE_STAGING, "view");
	m->key = key;
	m->source = scan_sources(pr, bg->package, n); /* a query over one table is that table's staging */
	check_query(pr, m, n);
	return m;
}

static BeDest *get_dest(BeProject *pr, const IrPackage *p, const RelSink *s)
{
	const char *legacy = be_legacy_name(pr->a, s->conn_name, s->flatfile ? NULL : (s->schema ? s->schema : "dbo"),
					    s->table);
	for (size_t i = 0; i < pr->dests.len; i++) {
		BeDest *d = IR_VEC_AT(pr->dests, BeDest, i);
		if (!be_strcasecmp(d->legacy, legacy)) {
			add_unique_str(pr->a, &d->packages, p->file);
			return d;
		}
	}
	BeDest *d = ir_alloc(pr->a, sizeof *d);
	d->legacy = legacy;
	d->flatfile = s->flatfile;
	d->conn_name = s->conn_name ? s->conn_name : "";
	d->schema = s->flatfile ? NULL : (s->schema ? s->schema : "dbo");
	d->table = s->table;
	d->conn = s->conn;
	d->load = s->load;
	if (s->flatfile)
		d->path_var = ir_sprintf(pr->a, "%s__path", be_snake(pr->a, d->conn_name));
	add_unique_str(pr->a, &d->packages, p->file);
	ir_vec_push(pr->a, &pr->dests, d);
	return d;
}

static void demote_to_intermediate(BeModel *m)
{
	m->dest = NULL;
	m->layer = BE_INTERMEDIATE;
	m->materialized = "table";
}

/* An append to a table that an update sink of the same data flow rebuilds:
 * its rows are added after the update (a data flow's updates and inserts
 * touch different rows: the SCD wizard's New Output and Changing
 * Attribute Updates Output, the expired row and its new version). */
static bool append_after_update(BeDest *d, BeModel *m, RelLoad load)
{
	BeModel *u = d->model;
	if (!u || u->dest != d || u->root->kind != REL_SINK ||
	    (u->root->u.sink.load != REL_LOAD_UPDATE && u->root->u.sink.load != REL_LOAD_DELETE) ||
	    u->graph != m->graph || u->update_after || load != REL_LOAD_APPEND)
		return false;
	u->update_after = m;
	demote_to_intermediate(m);
	return true;
}

/* An update sink's model takes over the destination: the model that wrote
 * the table before (if any) becomes an intermediate table it reads, and the
 * legacy table is read as a source unless that model replaced it. */
static BeModel *update_model(BeProject *pr, BeGraph *bg, const RelNode *n)
{
	const RelSink *s = &REL_AS(n, REL_SINK, sink);
	BeDest *d = get_dest(pr, bg->package, s);
	BeModel *m = new_model(pr, bg, n, BE_MARTS, "table");
	BeModel *before = d->model;
	bool legacy_rows = !before || before->dest != d || d->load == REL_LOAD_APPEND;
	RelLoad load = s->load;
	if (before && before->dest == d) {
		if (before->graph == bg->g && d->load == REL_LOAD_APPEND)
			m->update_after = before;
		else
			m->update_base = before;
		demote_to_intermediate(before);
	}
	if (legacy_rows) {
		const char *schema = s->schema ? s->schema : "dbo";
		m->update_source = get_source(pr, bg->package, s->conn_name, schema, s->table, n->loc);
		for (size_t k = 0; k < s->nkeys; k++) {
			const RelCol *c = ir_rel_find_col(n->inputs[0], s->key_from[k]);
			source_add_col(pr, m->update_source, s->key_columns[k], c ? c->type : (IrType){0});
		}
		for (size_t k = 0; k < s->ndest; k++)
			source_add_col(pr, m->update_source, s->dest_columns[k], s->dest_types[k]);
	}
	d->load = load;
	d->model = m;
	m->dest = d;
	return m;
}

/* A temporary table's model (an Execute SQL Task's #t, ##t, @t): an
 * intermediate model, ephemeral when one statement reads it once, that its
 * readers ref() through a BeDest standing for no legacy table. */
static BeModel *temp_model(BeProject *pr, BeGraph *bg, const RelNode *n)
{
	const RelSink *s = &REL_AS(n, REL_SINK, sink);
	BeDest *d = get_dest(pr, bg->package, s);
	d->temp = true;
	d->load = REL_LOAD_REPLACE;
	BeModel *m = new_model(pr, bg, n, BE_INTERMEDIATE, s->ephemeral ? "ephemeral" : "table");
	if (!d->model)
		d->model = m;
	return m;
}

static BeModel *mart_model(BeProject *pr, BeGraph *bg, BePkg *bp, const IrVec *orders, const RelNode *n)
{
	const RelSink *s = &REL_AS(n, REL_SINK, sink);
	if (s->temp_of)
		return temp_model(pr, bg, n);
	if ((s->load == REL_LOAD_UPDATE || s->load == REL_LOAD_DELETE) && !s->flatfile)
		return update_model(pr, bg, n);
	BeDest *d = get_dest(pr, bg->package, s);
	RelLoad load = s->load;
	const Trunc *t = s->flatfile ? NULL : truncated_before(bp, orders, bg->g, s);
	if (t) {
		load = REL_LOAD_REPLACE;
		if (!d->model)
			d->load_reason = t->task_path;
	}
	if (s->flatfile)
		load = REL_LOAD_REPLACE; /* Overwrite (the default) replaces the file */
	if (s->flatfile && pr->o->dialect != BE_DUCKDB)
		ir_warn(pr->c, n->loc, IR_W_flatfile_not_written, n->component ? n->component->path : NULL,
			"flat file destination '%s': only DuckDB writes files; on this target the model builds a table "
			"with the rows and then fails, and the file is not written", d->legacy);
	if (!d->model) /* the first writer is the table's model */
		d->load = load;
	BeModel *m = new_model(pr, bg, n, BE_MARTS,
			       s->flatfile ? (pr->o->dialect == BE_DUCKDB ? "external" : "table")
			       : load == REL_LOAD_REPLACE ? "table" : "incremental");
	m->dest = d;
	if (append_after_update(d, m, load))
		return m;
	if (d->model) {
		ir_vec_push(pr->a, &d->other_writers, m); /* lineage.c warns */
		m->dest = NULL;
		m->layer = BE_INTERMEDIATE;
		m->materialized = "table";
	} else {
		d->model = m;
	}
	return m;
}

static bool asserted(const BeGraph *bg, const RelNode *n)
{
	for (size_t i = 0; i < bg->g->asserts.len; i++)
		if (IR_VEC_AT(bg->g->asserts, RelAssert, i)->node == n)
			return true;
	return false;
}

/* A node whose rows a dbt test checks must be a model of its own. */
static bool is_boundary(const BeGraph *bg, const RelNode *n)
{
	return (n->kind == REL_SCAN && !REL_AS(n, REL_SCAN, scan).self) || n->kind == REL_SINK ||
	       n->kind == REL_PLACEHOLDER || bg->nconsumers[n->id] > 1 || asserted(bg, n);
}

/* A MERGE's query reads its target as {{ this }}: it is a CTE of the
 * target's model, which reads the query's sources and checks it. */
static void inline_self_scans(BeProject *pr, BeGraph *bg)
{
	for (size_t i = 0; i < bg->g->nodes.len; i++) {
		const RelNode *n = IR_VEC_AT(bg->g->nodes, RelNode, i);
		if (n->kind != REL_SCAN || !REL_AS(n, REL_SCAN, scan).self || !bg->owner[n->id])
			continue;
		scan_sources(pr, bg->package, n);
		check_query(pr, bg->owner[n->id], n);
	}
}

static void partition_graph(BeProject *pr, BeGraph *bg, BePkg *bp, const IrVec *orders)
{
	const RelGraph *g = bg->g;
	IrArena *a = pr->a;
	bg->nids = 0;
	for (size_t i = 0; i < g->nodes.len; i++) {
		const RelNode *n = IR_VEC_AT(g->nodes, RelNode, i);
		if (n->id + 1 > bg->nids)
			bg->nids = n->id + 1;
	}
	bg->owner = ir_alloc(a, (bg->nids + 1) * sizeof *bg->owner);
	bg->root_of = ir_alloc(a, (bg->nids + 1) * sizeof *bg->root_of);
	bg->nconsumers = ir_alloc(a, (bg->nids + 1) * sizeof *bg->nconsumers);
	for (size_t i = 0; i < g->nodes.len; i++) {
		const RelNode *n = IR_VEC_AT(g->nodes, RelNode, i);
		for (size_t k = 0; k < n->ninputs; k++)
			bg->nconsumers[n->inputs[k]->id]++;
	}
	/* Roots first, in creation order, so that names follow the package. */
	for (size_t i = 0; i < g->nodes.len; i++) {
		const RelNode *n = IR_VEC_AT(g->nodes, RelNode, i);
		/* an Execute SQL Task's statement with no translation stands alone */
		bool task_placeholder = n->kind == REL_PLACEHOLDER && g->task && g->task->kind == IR_EXEC_EXECUTE_SQL;
		if (!is_boundary(bg, n) || (n->kind != REL_SCAN && n->kind != REL_SINK && !bg->nconsumers[n->id] &&
					    !asserted(bg, n) && !task_placeholder))
			continue;
		BeModel *m;
		if (n->kind == REL_SCAN)
			m = staging_model(pr, bg, n);
		else if (n->kind == REL_SINK)
			m = mart_model(pr, bg, bp, orders, n);
		else {
			m = new_model(pr, bg, n, BE_INTERMEDIATE, n->kind == REL_PLACEHOLDER ? "view" : "table");
			m->placeholder = n->kind == REL_PLACEHOLDER;
		}
		bg->root_of[n->id] = m;
		bg->owner[n->id] = m;
	}
	/* Every other node belongs to the model of its one consumer. */
	for (size_t i = g->nodes.len; i-- > 0;) {
		const RelNode *n = IR_VEC_AT(g->nodes, RelNode, i);
		if (bg->owner[n->id])
			continue;
		for (size_t j = i + 1; j < g->nodes.len; j++) {
			const RelNode *u = IR_VEC_AT(g->nodes, RelNode, j);
			for (size_t k = 0; k < u->ninputs; k++)
				if (u->inputs[k] == n && bg->owner[u->id])
					bg->owner[n->id] = bg->owner[u->id];
		}
	}
	inline_self_scans(pr, bg);
}

BeGraph *be_graph_of(BeProject *pr, const RelGraph *g)
{
	for (size_t i = 0; i < pr->ngraphs; i++)
		if (pr->graphs[i].g == g)
			return &pr->graphs[i];
	return NULL;
}

BeModel *be_model_owner(const BeGraph *bg, const RelNode *n) { return n->id < bg->nids ? bg->owner[n->id] : NULL; }
BeModel *be_model_root(const BeGraph *bg, const RelNode *n) { return n->id < bg->nids ? bg->root_of[n->id] : NULL; }

/* ---- component statuses ------------------------------------------------ */
/* Components that leave no node of their own when translated. */
static const char *const absorbed_classes[] = {
	"Microsoft.Multicast", "Microsoft.Sort",
};

static BeComp *add_comp(BeProject *pr, BePkg *bp, const char *path, const char *cls, IrLoc loc,
			const char *status, const char *reason)
{
	BeComp *c = ir_alloc(pr->a, sizeof *c);
	c->ssis_path = path ? path : "";
	c->class_name = cls ? cls : "";
	c->loc = loc;
	c->status = status;
	c->reason = reason;
	ir_vec_push(pr->a, &bp->comps, c);
	return c;
}

static void count_status(BeProject *pr, const char *status)
{
	if (!strcmp(status, "translated"))
		pr->cov.translated++;
	else if (!strcmp(status, "placeholder"))
		pr->cov.placeholder++;
	else
		pr->cov.unsupported++;
}

static const RelGraph *graph_of_task(const BePackageInput *in, const IrExecutable *e)
{
	for (size_t i = 0; i < in->ngraphs; i++)
		if (in->graphs[i] && in->graphs[i]->task == e)
			return in->graphs[i];
	return NULL;
}

static const RelCoverage *coverage_of(const BeGraph *bg, const IrComponent *comp)
{
	for (size_t i = 0; bg && i < bg->g->coverage.len; i++)
		if (IR_VEC_AT(bg->g->coverage, RelCoverage, i)->component == comp)
			return IR_VEC_AT(bg->g->coverage, RelCoverage, i);
	return NULL;
}

/* A flat file destination off DuckDB: nothing writes the file. */
static bool writes_unwritten_file(const BeProject *pr, const BeGraph *bg, const IrComponent *comp)
{
	for (size_t i = 0; bg && pr->o->dialect != BE_DUCKDB && i < bg->g->sinks.len; i++) {
		const RelNode *n = IR_VEC_AT(bg->g->sinks, RelNode, i);
		if (n->component == comp && n->u.sink.flatfile)
			return true;
	}
	return false;
}

/* The lowering's own verdict when it gave one; else what the graph shows. */
static void component_status(BeProject *pr, BePkg *bp, const BeGraph *bg, const IrComponent *comp)
{
	const char *status = "unsupported", *reason = "the component was not lowered";
	const char *untranslated = NULL;
	IrVec models = {0};
	bool any = false;
	if (!bg)
		reason = "the data flow was not lowered";
	for (size_t i = 0; bg && i < bg->g->nodes.len; i++) {
		const RelNode *n = IR_VEC_AT(bg->g->nodes, RelNode, i);
		if (n->component != comp)
			continue;
		const BeModel *root = be_model_root(bg, n);
		if (root && root->untranslated)
			untranslated = root->untranslated;
		if (n->kind == REL_PLACEHOLDER) {
			status = "placeholder";
			reason = n->u.placeholder.reason ? n->u.placeholder.reason : "not translated";
		} else if (!any && strcmp(status, "placeholder")) {
			status = "translated";
			reason = NULL;
		}
		any = true;
		BeModel *m = be_model_owner(bg, n);
		bool seen = false;
		for (size_t k = 0; m && k < models.len; k++)
			seen |= models.items[k] == m;
		if (m && !seen)
			ir_vec_push(pr->a, &models, m);
	}
	if (!any && bg)
		for (size_t i = 0; i < sizeof absorbed_classes / sizeof absorbed_classes[0]; i++)
			if (comp->class_name && !strcmp(comp->class_name, absorbed_classes[i]))
				status = "translated", reason = NULL;
	const RelCoverage *cov = coverage_of(bg, comp);
	if (cov) {
		status = ir_rel_status_name(cov->status);
		reason = cov->reason;
	}
	if (untranslated && !strcmp(status, "translated")) {
		status = "placeholder"; /* its query has no translation in the dialect */
		reason = untranslated;
	}
	if (writes_unwritten_file(pr, bg, comp)) {
		status = "placeholder";
		reason = "a flat file destination: only DuckDB writes files";
	}
	BeComp *c = add_comp(pr, bp, comp->path, cov && cov->class_name ? cov->class_name : comp->class_name,
			     comp->loc, status, reason);
	c->models = models; /* BeModel* */
	count_status(pr, status);
}

static bool truncates_something(const BePkg *bp, const IrExecutable *e)
{
	for (size_t i = 0; i < bp->truncates.len; i++)
		if (IR_VEC_AT(bp->truncates, Trunc, i)->task_path == e->path)
			return true;
	return false;
}

static void task_statuses(BeProject *pr, BePkg *bp, const BePackageInput *in, const IrExecutable *e)
{
	if (!e)
		return;
	const char *status = "unsupported", *reason = NULL;
	switch (e->kind) {
	case IR_EXEC_PACKAGE: case IR_EXEC_SEQUENCE: case IR_EXEC_EVENT_HANDLER:
		break; /* containers: their children are listed */
	case IR_EXEC_PIPELINE: {
		const RelGraph *g = graph_of_task(in, e);
		const BeGraph *bg = g ? be_graph_of(pr, g) : NULL;
		add_comp(pr, bp, e->path, "Microsoft.Pipeline", e->loc, bg ? "translated" : "unsupported",
			 bg ? NULL : "the data flow was not lowered");
		count_status(pr, bg ? "translated" : "unsupported");
		for (size_t i = 0; e->dataflow && i < e->dataflow->components.len; i++)
			component_status(pr, bp, bg, IR_VEC_AT(e->dataflow->components, IrComponent, i));
		break;
	}
	case IR_EXEC_EXECUTE_SQL: {
		const RelGraph *g = graph_of_task(in, e);
		const RelNode *ph = NULL;
		for (size_t i = 0; g && i < g->nodes.len && !ph; i++)
			if (IR_VEC_AT(g->nodes, RelNode, i)->kind == REL_PLACEHOLDER)
				ph = g->nodes.items[i];
		if (g && ph && !e->disabled) /* lowered, but a statement has no translation */
			status = "placeholder", reason = ph->u.placeholder.reason;
		else if (g && !e->disabled)
			status = "translated", reason = NULL; /* lowered into models (lower_tsql.c) */
		else if (truncates_something(bp, e) && !e->disabled)
			status = "translated", reason = NULL;
		else
			reason = "Execute SQL Task: only TRUNCATE/DELETE before a data flow is translated (as the destination's materialization)";
		add_comp(pr, bp, e->path, "Microsoft.ExecuteSQLTask", e->loc, status, reason);
		count_status(pr, status);
		break;
	}
	default:
		reason = ir_sprintf(pr->a, "%s task: no dbt translation", ir_exec_kind_name(e->kind));
		add_comp(pr, bp, e->path, e->creation_name ? e->creation_name : ir_exec_kind_name(e->kind), e->loc,
			 status, reason);
		count_status(pr, status);
	}
	for (size_t i = 0; i < e->children.len; i++)
		task_statuses(pr, bp, in, IR_VEC_AT(e->children, IrExecutable, i));
}

/* ---- vars --------------------------------------------------------------- */
static BeVar *add_var(BeProject *pr, const char *ssis_name, const char *type, const char *deflt, bool secret, IrLoc loc)
{
	const char *name = be_var_name(pr->a, ssis_name);
	for (size_t i = 0; i < pr->vars.len; i++)
		if (!strcmp(IR_VEC_AT(pr->vars, BeVar, i)->name, name))
			return NULL; /* first package wins; the same parameter of a project */
	BeVar *v = ir_alloc(pr->a, sizeof *v);
	v->name = name;
	v->ssis_name = ssis_name;
	v->ssis_type = type;
	v->deflt = secret ? NULL : (deflt ? deflt : "");
	v->secret = secret;
	v->loc = loc;
	ir_vec_push(pr->a, &pr->vars, v);
	return v;
}

static const char *param_type(BeProject *pr, const IrParam *p)
{
	IrDtype dt;
	if (!p->type_code && ir_dtype_from_code(p->data_type, &dt))
		return ir_dtype_name(dt);
	return ir_sprintf(pr->a, "TypeCode(%d)", p->data_type);
}

static void collect_vars_exec(BeProject *pr, const IrExecutable *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->variables.len; i++) {
		const IrVariable *v = IR_VEC_AT(e->variables, IrVariable, i);
		if (v->ns && !strcmp(v->ns, "System"))
			continue;
		add_var(pr, ir_sprintf(pr->a, "%s::%s", v->ns ? v->ns : "User", v->name),
			ir_sprintf(pr->a, "VT(%d)", v->data_type), v->value.s, false, v->loc);
	}
	for (size_t i = 0; i < e->children.len; i++)
		collect_vars_exec(pr, IR_VEC_AT(e->children, IrExecutable, i));
}

static void collect_vars(BeProject *pr, const IrPackage *p)
{
	for (size_t i = 0; i < p->project_parameters.len; i++) {
		const IrParam *q = IR_VEC_AT(p->project_parameters, IrParam, i);
		add_var(pr, ir_sprintf(pr->a, "$Project::%s", q->name), param_type(pr, q), q->value.s, q->sensitive, q->loc);
	}
	for (size_t i = 0; i < p->parameters.len; i++) {
		const IrParam *q = IR_VEC_AT(p->parameters, IrParam, i);
		add_var(pr, ir_sprintf(pr->a, "$Package::%s", q->name), param_type(pr, q), q->value.s, q->sensitive, q->loc);
	}
	collect_vars_exec(pr, p->root);
}

/* ---- the entry point ------------------------------------------------------ */
/* The graph's notes end the descriptions of the models that hold their nodes. */
static void note_models(BeProject *pr, BeGraph *bg)
{
	for (size_t i = 0; i < bg->g->notes.len; i++) {
		const RelNote *x = bg->g->notes.items[i];
		BeModel *m = be_model_owner(bg, x->node);
		if (m)
			add_unique_str(pr->a, &m->notes, x->text);
	}
}

void be_partition(BeProject *pr)
{
	size_t ng = 0;
	for (size_t i = 0; i < pr->npkgs; i++)
		ng += pr->inputs[i].ngraphs;
	pr->graphs = ir_alloc(pr->a, (ng + 1) * sizeof *pr->graphs);
	pr->pkgs = ir_alloc(pr->a, (pr->npkgs + 1) * sizeof *pr->pkgs);
	for (size_t i = 0; i < pr->npkgs; i++) {
		const BePackageInput *in = &pr->inputs[i];
		BePkg *bp = &pr->pkgs[i];
		IrVec orders = {0};
		size_t order = 0;
		bp->p = in->package;
		walk_exec(pr, bp, in->package->root, &order, &orders);
		collect_vars(pr, in->package);
		for (size_t k = 0; k < in->ngraphs; k++) {
			if (!in->graphs[k])
				continue;
			BeGraph *bg = &pr->graphs[pr->ngraphs++];
			bg->g = in->graphs[k];
			bg->package = in->package;
			partition_graph(pr, bg, bp, &orders);
			note_models(pr, bg);
		}
		task_statuses(pr, bp, in, in->package->root);
	}
}
