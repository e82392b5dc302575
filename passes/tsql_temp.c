/* tsql_temp.c — temporary tables, table variables and SELECT ... INTO in
 * an Execute SQL Task (see tsql_temp.h): the statements that create, fill,
 * change and drop a temporary table become one query of the rows it holds
 * when it is read; the statements that read it read its internal table.
 * A helper of lower_tsql.c; it builds statement trees, no Relational IR. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "tsql_temp.h"

typedef struct Split {
	IrCtx *c;
	IrArena *a;
	const IrPackage *p;
	const IrExecutable *task;
	const IrVec *known;           /* TsqlTemp*: the earlier tasks' */
	IrVec *temps;                 /* TsqlTemp*: this task's */
	IrVec *into_tables;           /* SqlName*: the permanent tables of SELECT ... INTO */
	bool changed;
	const char *why;
	IrLoc at;
} Split;

static const char *last_part(const SqlName *n) { return n && n->nparts > 0 ? n->parts[n->nparts - 1] : ""; }
static bool is_temp_name(const char *s) { return s && (s[0] == '#' || s[0] == '@'); }

static bool fail(Split *S, IrLoc at, const char *why)
{
	if (!S->why) {
		S->why = why;
		S->at = at;
	}
	return false;
}

static TsqlTemp *find_temp(const IrVec *v, const char *name)
{
	for (size_t i = v ? v->len : 0; i-- > 0;) {
		TsqlTemp *t = v->items[i];
		if (!strcasecmp(t->name, name))
			return t;
	}
	return NULL;
}

static TsqlTemp *own_temp(Split *S, const char *name) { return find_temp(S->temps, name); }

static TsqlTemp *any_temp(Split *S, const char *name)
{
	TsqlTemp *t = own_temp(S, name);
	return t ? t : find_temp(S->known, name);
}

/* ---- names ------------------------------------------------------------------ */
static const char *snake(IrArena *a, const char *s)
{
	char *o = ir_alloc(a, strlen(s ? s : "") + 1), *w = o;
	for (const char *r = s ? s : ""; *r; r++) {
		unsigned char ch = (unsigned char)*r;
		if (isalnum(ch))
			*w++ = (char)tolower(ch);
		else if (w > o && w[-1] != '_')
			*w++ = '_';
	}
	while (w > o && w[-1] == '_')
		w--;
	*w = 0;
	return *o ? o : "t";
}

static bool table_taken(const IrVec *v, const char *table)
{
	for (size_t i = 0; v && i < v->len; i++)
		if (!strcasecmp(last_part(((TsqlTemp *)v->items[i])->table), table))
			return true;
	return false;
}

/* dbo.tmp_<name>_<hash of package, task path and name>: stable across
 * builds, short enough for PostgreSQL's 63 characters, and unique in the
 * project (two temporary tables of one hash get _2, _3 in package order). */
static SqlName *internal_table(Split *S, const char *name, IrLoc loc)
{
	const char *bare = name;
	while (*bare == '#' || *bare == '@')
		bare++;
	const char *what = ir_sprintf(S->a, "%s|%s|%s", S->p->name ? S->p->name : "", S->task->path ? S->task->path : "",
				      name);
	const char *short_name = snake(S->a, bare);
	if (strlen(short_name) > 24)
		short_name = ir_strndup(S->a, short_name, 24);
	const char *base = ir_sprintf(S->a, "tmp_%s_%08x", short_name,
				      (unsigned)(ir_fnv1a64(what, strlen(what)) & 0xffffffffu));
	const char *table = base;
	for (int k = 2; table_taken(S->temps, table) || table_taken(S->known, table); k++)
		table = ir_sprintf(S->a, "%s_%d", base, k);
	SqlName *n = ir_alloc(S->a, sizeof *n);
	n->loc = loc;
	n->nparts = 2;
	n->parts[0] = "dbo";
	n->parts[1] = table;
	return n;
}

static TsqlTemp *new_temp(Split *S, const char *name, IrLoc loc)
{
	TsqlTemp *t = ir_alloc(S->a, sizeof *t);
	t->name = name;
	t->task = S->task;
	t->loc = loc;
	t->table = internal_table(S, name, loc);
	ir_vec_push(S->a, S->temps, t);
	S->changed = true;
	return t;
}

/* ---- expressions and queries ------------------------------------------------- */
static SqlExpr *number(IrArena *a, const char *text, IrLoc loc)
{
	SqlExpr *x = ir_sql_expr_new(a, SQL_E_NUMBER, loc);
	x->text = text;
	return x;
}

/* CASE WHEN cond THEN then ELSE els END */
static SqlExpr *case_when(IrArena *a, SqlExpr *cond, SqlExpr *then, SqlExpr *els, IrLoc loc)
{
	SqlExpr *w = ir_sql_expr_new(a, SQL_E_WHEN, loc);
	w->b = cond;
	w->c = then;
	SqlExpr *cs = ir_sql_expr_new(a, SQL_E_CASE, loc);
	ir_vec_push(a, &cs->list, w);
	cs->c = els;
	return cs;
}

/* value as the temporary table's column k: a CAST to its declared type. */
static SqlExpr *typed(Split *S, const TsqlTemp *t, size_t k, SqlExpr *value)
{
	SqlType *ty = k < t->types.len ? t->types.items[k] : NULL;
	if (!ty)
		return value;
	SqlExpr *x = ir_sql_expr_new(S->a, SQL_E_CAST, value->loc);
	x->a = value;
	x->type = ty;
	return x;
}

static SqlSelectItem *item(IrArena *a, SqlExpr *e, const char *alias, IrLoc loc)
{
	SqlSelectItem *it = ir_alloc(a, sizeof *it);
	it->loc = loc;
	it->expr = e;
	it->alias = alias;
	return it;
}

static SqlTableRef *derived(IrArena *a, SqlQuery *q, const char *alias, const IrVec *cols, IrLoc loc)
{
	SqlTableRef *r = ir_alloc(a, sizeof *r);
	r->kind = SQL_T_DERIVED;
	r->loc = loc;
	r->query = q;
	r->alias = alias;
	if (cols)
		r->columns = *cols;
	return r;
}

/* The rows of t (none yet: a SELECT of typed NULLs WHERE 1 = 0). */
static SqlQuery *rows_of(Split *S, const TsqlTemp *t, IrLoc loc)
{
	if (t->rows)
		return t->rows;
	SqlSelect *s = ir_alloc(S->a, sizeof *s);
	s->loc = loc;
	for (size_t k = 0; k < t->columns.len; k++)
		ir_vec_push(S->a, &s->items, item(S->a, typed(S, t, k, ir_sql_expr_new(S->a, SQL_E_NULL, loc)), t->columns.items[k], loc));
	s->where = ir_sql_binary(S->a, SQL_OP_EQ, number(S->a, "1", loc), number(S->a, "0", loc), loc);
	return ir_sql_select_query(S->a, s, loc);
}

static void add_rows(Split *S, TsqlTemp *t, SqlQuery *more, IrLoc loc)
{
	if (!t->rows) {
		t->rows = more;
		return;
	}
	SqlQuery *u = ir_alloc(S->a, sizeof *u);
	u->kind = SQL_Q_UNION;
	u->loc = loc;
	u->all = true;
	u->left = t->rows;
	u->right = more;
	t->rows = u;
}

static bool has_name(const IrVec *v, const char *s)
{
	for (size_t i = 0; i < v->len; i++)
		if (!strcasecmp(v->items[i], s))
			return true;
	return false;
}

/* The output name of a select item, or NULL (an expression without alias, *). */
static const char *item_name(const SqlSelectItem *it)
{
	if (it->assign || it->expr->kind == SQL_E_STAR)
		return NULL;
	if (it->alias)
		return it->alias;
	return it->expr->kind == SQL_E_COLUMN ? last_part(it->expr->name) : NULL;
}

/* The first SELECT core of q (the one a set operation takes its names from). */
static SqlSelect *first_select(const SqlQuery *q)
{
	while (q && q->kind != SQL_Q_SELECT)
		q = q->kind == SQL_Q_VALUES ? NULL : q->left;
	return q ? q->select : NULL;
}

/* How many columns q returns, or 0 when a * leaves it unknown. */
static size_t query_width(const SqlQuery *q)
{
	if (q->kind == SQL_Q_VALUES)
		return q->rows.len ? ((const IrVec *)q->rows.items[0])->len : 0;
	const SqlSelect *s = first_select(q);
	for (size_t i = 0; s && i < s->items.len; i++)
		if (((const SqlSelectItem *)s->items.items[i])->expr->kind == SQL_E_STAR)
			return 0;
	return s ? s->items.len : 0;
}

/* ---- reads of temporary tables ---------------------------------------------- */
static void rename_query(Split *S, SqlQuery *q);

/* RetainSameConnection on the connection manager (DTS:Retain). */
static bool retains_connection(const IrConnMgr *cm)
{
	for (size_t i = 0; cm && i < cm->props.len; i++) {
		const IrProp *pr = IR_VEC_AT(cm->props, IrProp, i);
		if (pr->name && !strcasecmp(pr->name, "Retain") && pr->value.s)
			return !strcasecmp(pr->value.s, "True") || !strcmp(pr->value.s, "1") || !strcmp(pr->value.s, "-1");
	}
	return false;
}

/* A read of t by a later task or data flow of the package (at loc, in
 * path): t's model is a table; without RetainSameConnection SSIS runs the
 * read in another session, which does not see t. */
static void read_later(IrCtx *c, TsqlTemp *t, IrLoc loc, const char *path)
{
	if (t->sink)
		t->sink->u.sink.ephemeral = false;
	const IrConnMgr *cm = t->task->sql ? t->task->sql->conn : NULL;
	if (!retains_connection(cm))
		ir_warn(c, loc, IR_W_temp_table_session, path, "%s is read here after %s fills it, but the connection "
			"manager %s does not set RetainSameConnection: in SSIS this read opens another session, where %s "
			"%s; the model reads the rows the task put in it", t->name, t->task->path ? t->task->path : "a task",
			cm && cm->name ? cm->name : "?", t->name,
			!strncmp(t->name, "##", 2) ? "is gone once the task's session closes" : "does not exist");
}

static void count_read(Split *S, TsqlTemp *t, IrLoc loc)
{
	t->reads++;
	S->changed = true;
	if (t->task != S->task)
		read_later(S->c, t, loc, S->task->path);
}

/* The name n, which reads temporary table t, now names t's internal table. */
static void rename_name(SqlName *n, const TsqlTemp *t)
{
	IrLoc loc = n->loc;
	*n = *t->table;
	n->loc = loc;
}

static bool rename_ref(Split *S, SqlTableRef *r)
{
	if (!r)
		return true;
	switch (r->kind) {
	case SQL_T_NAMED: {
		const char *name = last_part(r->name);
		if (!is_temp_name(name))
			return true;
		TsqlTemp *t = any_temp(S, name);
		if (!t)
			return fail(S, r->loc, ir_sprintf(S->a, "%s is read, but no earlier top-level statement of the package creates it",
							  name));
		if (!r->alias)
			r->alias = name; /* so that #t.col keeps naming it */
		rename_name(r->name, t);
		count_read(S, t, r->loc);
		return true;
	}
	case SQL_T_DERIVED:
		rename_query(S, r->query);
		return true;
	case SQL_T_JOIN:
		return rename_ref(S, r->left) && rename_ref(S, r->right);
	case SQL_T_PIVOT:
		return rename_ref(S, r->left);
	case SQL_T_FUNCTION:
		return true;
	}
	return true;
}

typedef struct Leftover {
	Split *S;
	bool ok;
} Leftover;

/* A temporary table read where no FROM names it (a subquery of WHERE). */
static void rename_leftover(void *arg, const SqlName *n)
{
	Leftover *l = arg;
	if (!is_temp_name(last_part(n)))
		return;
	TsqlTemp *t = any_temp(l->S, last_part(n));
	if (!t) {
		l->ok = fail(l->S, n->loc, ir_sprintf(l->S->a, "%s is read, but no earlier top-level statement of the package creates it",
						      last_part(n)));
		return;
	}
	rename_name((SqlName *)n, t); /* the tree is the task's own parse */
	count_read(l->S, t, n->loc);
}

static void rename_selects(Split *S, SqlQuery *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->ctes.len; i++)
		rename_selects(S, ((SqlCte *)q->ctes.items[i])->query);
	if (q->kind == SQL_Q_SELECT)
		for (size_t i = 0; i < q->select->from.len; i++)
			rename_ref(S, q->select->from.items[i]);
	rename_selects(S, q->left);
	rename_selects(S, q->right);
}

static void rename_query(Split *S, SqlQuery *q)
{
	if (!q)
		return;
	rename_selects(S, q);
	Leftover l = {S, true};
	ir_sql_tables_read(S->a, q, rename_leftover, &l);
}

/* ---- the statements about temporary tables ---------------------------------- */
/* SELECT ... INTO #t FROM ...: t is created with the query's columns and rows. */
static bool select_into_temp(Split *S, const SqlStmt *st, SqlSelect *into_sel, const char *name)
{
	if (own_temp(S, name) || find_temp(S->known, name))
		return fail(S, st->loc, ir_sprintf(S->a, "SELECT ... INTO %s, which the package already creates", name));
	IrVec cols = {0};
	for (size_t i = 0; i < into_sel->items.len; i++) {
		const char *c = item_name(into_sel->items.items[i]);
		if (!c || has_name(&cols, c))
			return fail(S, st->loc, ir_sprintf(S->a, "SELECT ... INTO %s with a *, an expression without a name or "
							   "two columns of one name: its columns are not known", name));
		ir_vec_push(S->a, &cols, (void *)c);
	}
	SqlQuery *q = ir_alloc(S->a, sizeof *q);
	*q = *st->u.select;
	SqlSelect *copy = ir_alloc(S->a, sizeof *copy);
	*copy = *into_sel;
	copy->into = NULL;
	if (q->select == into_sel) {
		q->select = copy;
	} else { /* SELECT ... INTO #t FROM a UNION ALL SELECT ... */
		SqlQuery *l = ir_alloc(S->a, sizeof *l);
		*l = *q->left;
		if (l->kind != SQL_Q_SELECT)
			return fail(S, st->loc, ir_sprintf(S->a, "SELECT ... INTO %s in a nested set operation", name));
		l->select = copy;
		q->left = l;
	}
	rename_query(S, q);
	TsqlTemp *t = new_temp(S, name, st->loc);
	t->columns = cols;
	t->rows = q;
	return true;
}

/* SELECT ... INTO dbo.t: SQL Server creates dbo.t and fills it, so after
 * the task it holds the rows: TRUNCATE dbo.t + INSERT INTO dbo.t SELECT. */
static bool select_into_table(Split *S, const SqlStmt *st, SqlSelect *into_sel, IrVec *out)
{
	SqlName *target = into_sel->into;
	if (!query_width(st->u.select) || st->u.select->kind != SQL_Q_SELECT)
		return fail(S, st->loc, ir_sprintf(S->a, "SELECT * INTO %s or SELECT ... INTO in a set operation: its columns "
						   "are not known", last_part(target)));
	SqlQuery *q = ir_alloc(S->a, sizeof *q);
	*q = *st->u.select;
	q->select = ir_alloc(S->a, sizeof *q->select);
	*q->select = *into_sel;
	q->select->into = NULL;
	rename_query(S, q);
	SqlStmt *tr = ir_alloc(S->a, sizeof *tr);
	tr->kind = SQL_S_TRUNCATE;
	tr->loc = st->loc;
	tr->u.truncate.table = target;
	SqlStmt *ins = ir_alloc(S->a, sizeof *ins);
	ins->kind = SQL_S_INSERT;
	ins->loc = st->loc;
	ins->start = st->start;
	ins->end = st->end;
	ins->u.insert.target = target;
	ins->u.insert.query = q;
	ir_vec_push(S->a, out, tr);
	ir_vec_push(S->a, out, ins);
	ir_vec_push(S->a, S->into_tables, target);
	S->changed = true;
	return true;
}

static bool columns_of(Split *S, TsqlTemp *t, const IrVec *items)
{
	for (size_t i = 0; i < items->len; i++) {
		const SqlTableItem *ti = items->items[i];
		if (!ti->column)
			continue; /* constraints: no rows change */
		if (ti->column->computed)
			return fail(S, ti->column->loc, ir_sprintf(S->a, "the computed column %s of %s", ti->column->name,
								  t->name));
		ir_vec_push(S->a, &t->columns, (void *)ti->column->name);
		ir_vec_push(S->a, &t->types, ti->column->type);
	}
	return t->columns.len ? true : fail(S, t->loc, ir_sprintf(S->a, "%s has no columns", t->name));
}

static bool create_temp(Split *S, const SqlStmt *st)
{
	const char *name = last_part(st->u.create_table.table);
	if (own_temp(S, name))
		return fail(S, st->loc, ir_sprintf(S->a, "CREATE TABLE %s, which the task already creates", name));
	return columns_of(S, new_temp(S, name, st->loc), &st->u.create_table.items);
}

static bool declare_tables(Split *S, const SqlStmt *st)
{
	for (size_t i = 0; i < st->u.declare.vars.len; i++) {
		const SqlDeclare *d = st->u.declare.vars.items[i];
		if (!columns_of(S, new_temp(S, d->var, d->loc), &d->table))
			return false;
	}
	return true;
}

static bool untranslated_change(Split *S, TsqlTemp *t, const SqlStmt *st, const char *why);

/* INSERT INTO t [(cols)] query: SELECT CAST(i.c AS type) AS c ... FROM
 * (query) AS i (cols), the temporary table's columns it does not name
 * NULL; UNION ALL with the rows t has. */
static bool insert_temp(Split *S, const SqlStmt *st, TsqlTemp *t)
{
	IrArena *a = S->a;
	IrLoc loc = st->loc;
	const IrVec *cols = st->u.insert.columns.len ? &st->u.insert.columns : &t->columns;
	SqlQuery *q = st->u.insert.query;
	if (!q || st->u.insert.exec || st->u.insert.output || st->u.insert.top || st->u.insert.ctes.len ||
	    st->u.insert.default_values)
		return fail(S, loc, ir_sprintf(a, "INSERT INTO %s with EXEC, OUTPUT, TOP, a WITH clause or DEFAULT VALUES",
					       t->name));
	size_t width = query_width(q);
	if (width != cols->len)
		return fail(S, loc, ir_sprintf(a, "INSERT INTO %s of a query whose columns are not its %zu columns", t->name,
					       cols->len));
	for (size_t i = 0; i < cols->len; i++)
		if (!has_name(&t->columns, cols->items[i]))
			return fail(S, loc, ir_sprintf(a, "INSERT INTO %s names the column %s, which it does not have", t->name,
						       (const char *)cols->items[i]));
	int reads = t->reads;
	rename_query(S, q);
	if (t->reads > reads)
		return untranslated_change(S, t, st, ir_sprintf(a, "INSERT INTO %s of a query that reads %s", t->name,
								t->name));
	SqlSelect *s = ir_alloc(a, sizeof *s);
	s->loc = loc;
	for (size_t k = 0; k < t->columns.len; k++) {
		const char *c = t->columns.items[k];
		SqlExpr *v = ir_sql_expr_new(a, SQL_E_NULL, loc);
		for (size_t i = 0; i < cols->len; i++)
			if (!strcasecmp(cols->items[i], c))
				v = ir_sql_column(a, "ins", cols->items[i], loc);
		ir_vec_push(a, &s->items, item(a, typed(S, t, k, v), c, loc));
	}
	ir_vec_push(a, &s->from, derived(a, q, "ins", cols, loc));
	add_rows(S, t, ir_sql_select_query(a, s, loc), loc);
	return true;
}

/* The temporary table that `alias` names in a FROM (joins included). */
static const SqlTableRef *aliased_temp(const SqlTableRef *r, const char *alias)
{
	if (!r)
		return NULL;
	if (r->kind == SQL_T_JOIN) {
		const SqlTableRef *f = aliased_temp(r->left, alias);
		return f ? f : aliased_temp(r->right, alias);
	}
	return r->kind == SQL_T_NAMED && r->alias && !strcasecmp(r->alias, alias) && is_temp_name(last_part(r->name))
		? r : NULL;
}

/* The temporary table an UPDATE / DELETE changes, and the name its
 * statements call it by (an alias of FROM #t AS x). */
static TsqlTemp *changed_temp(Split *S, const SqlTableRef *target, const IrVec *from, const char **alias)
{
	if (!target || target->kind != SQL_T_NAMED)
		return NULL;
	const char *name = last_part(target->name);
	*alias = target->alias ? target->alias : name;
	if (is_temp_name(name))
		return any_temp(S, name);
	for (size_t i = 0; target->name->nparts == 1 && i < from->len; i++) { /* UPDATE x SET ... FROM #t AS x */
		const SqlTableRef *f = aliased_temp(from->items[i], name);
		if (f)
			return any_temp(S, last_part(f->name));
	}
	return NULL;
}

/* SELECT <items> FROM (<rows of t>) AS alias [WHERE where] */
static SqlQuery *over_rows(Split *S, TsqlTemp *t, const char *alias, IrVec *items, SqlExpr *where, IrLoc loc)
{
	SqlSelect *s = ir_alloc(S->a, sizeof *s);
	s->loc = loc;
	s->items = *items;
	ir_vec_push(S->a, &s->from, derived(S->a, rows_of(S, t, loc), alias, NULL, loc));
	s->where = where;
	return ir_sql_select_query(S->a, s, loc);
}

/* An UPDATE / DELETE of t that is not one projection or filter of its rows. */
static bool untranslated_change(Split *S, TsqlTemp *t, const SqlStmt *st, const char *why)
{
	t->modified = true;
	S->changed = true;
	if (!t->untranslated) {
		t->untranslated = st;
		t->why = why;
	}
	return true;
}

/* A change of t after a statement of the task read it: the reads would
 * see other rows than the one model holds. */
static bool changed_after_read(Split *S, TsqlTemp *t, const SqlStmt *st)
{
	if (!t->reads)
		return false;
	const char *what = st->kind == SQL_S_UPDATE ? "UPDATE" : st->kind == SQL_S_DELETE ? "DELETE"
		: st->kind == SQL_S_INSERT ? "INSERT" : "TRUNCATE";
	untranslated_change(S, t, st, ir_sprintf(S->a, "%s of %s after a statement of the task reads it: one model "
						     "cannot hold the rows of both moments", what, t->name));
	return true;
}

/* UPDATE t SET c = v [, ...] [WHERE w] with no join: SELECT CASE WHEN w
 * THEN v ELSE c END AS c, ... FROM (rows) AS t (every SET reads the row
 * before the statement, as in SQL Server). */
static bool update_temp(Split *S, const SqlStmt *st, TsqlTemp *t, const char *alias)
{
	IrArena *a = S->a;
	IrLoc loc = st->loc;
	const IrVec *from = &st->u.update.from;
	if (t->task != S->task)
		return fail(S, loc, ir_sprintf(a, "UPDATE of %s, which an earlier task fills", t->name));
	if (changed_after_read(S, t, st))
		return true;
	const SqlTableRef *f = from->len == 1 ? from->items[0] : NULL;
	if (st->u.update.top || st->u.update.output || st->u.update.ctes.len || st->u.update.cursor || from->len > 1 ||
	    (f && (f->kind != SQL_T_NAMED || strcasecmp(last_part(f->name), t->name))))
		return untranslated_change(S, t, st, ir_sprintf(a, "UPDATE of %s with a join, TOP, OUTPUT, a WITH clause or "
								   "a cursor", t->name));
	IrVec items = {0};
	for (size_t k = 0; k < t->columns.len; k++) {
		const char *c = t->columns.items[k];
		SqlExpr *v = ir_sql_column(a, alias, c, loc);
		for (size_t i = 0; i < st->u.update.set.len; i++) {
			const SqlAssign *as = st->u.update.set.items[i];
			if (as->var || !as->target || as->target->kind != SQL_E_COLUMN)
				return untranslated_change(S, t, st, ir_sprintf(a, "UPDATE of %s that sets a variable", t->name));
			if (strcasecmp(last_part(as->target->name), c))
				continue;
			SqlExpr *nv = as->compound ? ir_sql_binary(a, as->op, ir_sql_column(a, alias, c, as->loc), ir_sql_paren(a, as->value), as->loc)
				: as->value;
			v = st->u.update.where ? case_when(a, st->u.update.where, nv, ir_sql_column(a, alias, c, loc), loc) : nv;
		}
		ir_vec_push(a, &items, item(a, typed(S, t, k, v), c, loc));
	}
	for (size_t i = 0; i < st->u.update.set.len; i++) {
		const SqlAssign *as = st->u.update.set.items[i];
		if (as->target && as->target->kind == SQL_E_COLUMN && !has_name(&t->columns, last_part(as->target->name)))
			return fail(S, as->loc, ir_sprintf(a, "UPDATE of %s sets %s, a column it does not have", t->name,
							  last_part(as->target->name)));
	}
	t->rows = over_rows(S, t, alias, &items, NULL, loc);
	t->modified = true;
	S->changed = true;
	return true;
}

/* DELETE FROM t WHERE w: the rows where w is not true stay. */
static bool delete_temp(Split *S, const SqlStmt *st, TsqlTemp *t, const char *alias)
{
	IrArena *a = S->a;
	IrLoc loc = st->loc;
	if (t->task != S->task)
		return fail(S, loc, ir_sprintf(a, "DELETE of %s, which an earlier task fills", t->name));
	if (changed_after_read(S, t, st))
		return true;
	const SqlTableRef *f = st->u.del.from.len == 1 ? st->u.del.from.items[0] : NULL;
	if (st->u.del.top || st->u.del.output || st->u.del.ctes.len || st->u.del.cursor || st->u.del.from.len > 1 ||
	    (f && (f->kind != SQL_T_NAMED || strcasecmp(last_part(f->name), t->name))))
		return untranslated_change(S, t, st, ir_sprintf(a, "DELETE of %s with a join, TOP, OUTPUT, a WITH clause or "
								   "a cursor", t->name));
	t->modified = true;
	S->changed = true;
	if (!st->u.del.where) {
		t->rows = NULL;
		return true;
	}
	IrVec items = {0};
	for (size_t k = 0; k < t->columns.len; k++)
		ir_vec_push(a, &items, item(a, ir_sql_column(a, alias, t->columns.items[k], loc), t->columns.items[k], loc));
	SqlExpr *keep = ir_sql_binary(a, SQL_OP_EQ, case_when(a, st->u.del.where, number(a, "0", loc), number(a, "1", loc), loc),
			      number(a, "1", loc), loc);
	t->rows = over_rows(S, t, alias, &items, keep, loc);
	return true;
}

/* DROP TABLE of temporary tables only (also under IF OBJECT_ID(...)). */
static bool drops_temps(const SqlStmt *st)
{
	if (st->kind == SQL_S_IF && !st->u.if_.els && st->u.if_.then)
		return drops_temps(st->u.if_.then);
	if (st->kind != SQL_S_DROP || !st->u.drop.object || strcasecmp(st->u.drop.object, "table") ||
	    !st->u.drop.names.len)
		return false;
	for (size_t i = 0; i < st->u.drop.names.len; i++)
		if (!is_temp_name(last_part(st->u.drop.names.items[i])))
			return false;
	return true;
}

static bool declares_tables_only(const SqlStmt *st)
{
	for (size_t i = 0; i < st->u.declare.vars.len; i++)
		if (!((const SqlDeclare *)st->u.declare.vars.items[i])->is_table)
			return false;
	return st->u.declare.vars.len > 0;
}

static const char *insert_target(const SqlStmt *st)
{
	return st->u.insert.target_var ? st->u.insert.target_var
		: st->u.insert.target ? last_part(st->u.insert.target) : NULL;
}

/* One statement: taken out (it is about a temporary table), kept (its
 * reads renamed), or a failure. */
static bool split_stmt(Split *S, SqlStmt *st, IrVec *out)
{
	const char *alias = NULL;
	switch (st->kind) {
	case SQL_S_SELECT: {
		SqlSelect *s = first_select(st->u.select);
		if (s && s->into)
			return is_temp_name(last_part(s->into)) ? select_into_temp(S, st, s, last_part(s->into))
				: select_into_table(S, st, s, out);
		rename_query(S, st->u.select);
		break;
	}
	case SQL_S_CREATE_TABLE:
		if (is_temp_name(last_part(st->u.create_table.table)))
			return create_temp(S, st);
		break;
	case SQL_S_DECLARE:
		if (declares_tables_only(st))
			return declare_tables(S, st);
		break;
	case SQL_S_INSERT: {
		const char *target = insert_target(st);
		if (is_temp_name(target)) {
			TsqlTemp *t = any_temp(S, target);
			if (!t)
				return fail(S, st->loc, ir_sprintf(S->a, "INSERT INTO %s, which no statement of the package "
								   "creates", target));
			if (t->task != S->task)
				return fail(S, st->loc, ir_sprintf(S->a, "INSERT INTO %s, which an earlier task fills",
								   target));
			S->changed = true;
			return changed_after_read(S, t, st) || insert_temp(S, st, t);
		}
		rename_query(S, st->u.insert.query);
		break;
	}
	case SQL_S_UPDATE: {
		TsqlTemp *t = changed_temp(S, st->u.update.target, &st->u.update.from, &alias);
		if (t)
			return update_temp(S, st, t, alias);
		for (size_t i = 0; i < st->u.update.from.len; i++)
			rename_ref(S, st->u.update.from.items[i]);
		break;
	}
	case SQL_S_DELETE: {
		TsqlTemp *t = changed_temp(S, st->u.del.target, &st->u.del.from, &alias);
		if (t)
			return delete_temp(S, st, t, alias);
		for (size_t i = 0; i < st->u.del.from.len; i++)
			rename_ref(S, st->u.del.from.items[i]);
		break;
	}
	case SQL_S_TRUNCATE: {
		TsqlTemp *t = is_temp_name(last_part(st->u.truncate.table)) ? own_temp(S, last_part(st->u.truncate.table))
			: NULL;
		if (t && !changed_after_read(S, t, st)) {
			t->rows = NULL;
			t->modified = true;
			S->changed = true;
		}
		if (t)
			return true;
		break;
	}
	case SQL_S_MERGE:
		if (st->u.merge.target && st->u.merge.target->kind == SQL_T_NAMED &&
		    is_temp_name(last_part(st->u.merge.target->name)) && any_temp(S, last_part(st->u.merge.target->name)))
			return fail(S, st->loc, ir_sprintf(S->a, "MERGE into %s", last_part(st->u.merge.target->name)));
		rename_ref(S, st->u.merge.source);
		break;
	case SQL_S_DROP: case SQL_S_IF:
		if (drops_temps(st)) {
			S->changed = true;
			return true;
		}
		break;
	default:
		break;
	}
	ir_vec_push(S->a, out, st);
	return !S->why;
}

/* The fill of each temporary table: INSERT INTO internal (columns) rows. */
static void make_fills(Split *S)
{
	for (size_t i = 0; i < S->temps->len; i++) {
		TsqlTemp *t = S->temps->items[i];
		SqlStmt *ins = ir_alloc(S->a, sizeof *ins);
		ins->kind = SQL_S_INSERT;
		ins->loc = t->loc;
		ins->u.insert.target = t->table;
		ins->u.insert.columns = t->columns;
		ins->u.insert.query = rows_of(S, t, t->loc);
		t->fill = ins;
	}
}

SqlScript *pass_tsql_temps(IrCtx *c, const IrPackage *p, const IrExecutable *task, const SqlScript *sc,
			   const IrVec *known, IrVec *temps, IrVec *into_tables, const char **why, IrLoc *at)
{
	Split S = {c, c->arena, p, task, known, temps, into_tables, false, NULL, {0}};
	IrVec out = {0};
	for (size_t i = 0; i < sc->stmts.len; i++)
		if (!split_stmt(&S, sc->stmts.items[i], &out)) {
			*why = S.why;
			*at = S.at;
			temps->len = into_tables->len = 0;
			return NULL;
		}
	if (!S.changed)
		return (SqlScript *)sc;
	make_fills(&S);
	SqlScript *r = ir_alloc(S.a, sizeof *r);
	*r = *sc;
	r->stmts = out;
	return r;
}

/* ---- later readers ------------------------------------------------------------ */
typedef struct ScanRename {
	IrCtx *c;
	const IrVec *temps;
	IrLoc loc;
	const char *path;
	int n;
} ScanRename;

static void rename_scan_read(void *arg, const SqlName *n)
{
	ScanRename *r = arg;
	TsqlTemp *t = is_temp_name(last_part(n)) ? find_temp(r->temps, last_part(n)) : NULL;
	if (!t)
		return;
	rename_name((SqlName *)n, t); /* the scan's reads point into its own parse */
	t->reads++;
	r->n++;
	read_later(r->c, t, r->loc, r->path);
}

int pass_tsql_temp_rename_scan(IrCtx *c, RelScan *s, const IrVec *temps, IrLoc loc, const char *path)
{
	if (!s->parsed || !temps->len)
		return 0;
	ScanRename r = {c, temps, loc, path, 0};
	ir_sql_tables_read(c->arena, s->parsed, rename_scan_read, &r);
	return r.n;
}
