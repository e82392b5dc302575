/* lower_tsql.c — the pass that turns Execute SQL Tasks following a load
 * pattern into Relational IR graphs whose task is the Execute SQL Task:
 * INSERT INTO t [(cols)] SELECT ... | VALUES ... becomes a scan of the
 * parsed query into a sink for t, which replaces t when the same task
 * truncates it first and appends to it otherwise; a ? marker reads its
 * parameter's variable, or the count of a Row Count that an earlier data
 * flow wrote into that variable; a local variable the task sets first
 * (DECLARE @v int = ?) reads its value.  A MERGE becomes a query of the
 * rows it leaves into a sink that merges them by the ON keys, or, when it
 * deletes, update, delete and append sinks that rebuild the table; UPDATE /
 * DELETE of a table a task run before (by precedence) loads become
 * post-hooks of that sink, lowered once every other task is; EXEC of a
 * stored procedure a placeholder calling its macro stub with the EXEC's
 * arguments; DDL is ignored
 * with a note.  What has no translation is a warning and a placeholder; a
 * task holding any other statement is left alone (the backend reports it
 * as not translated). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "control.h"
#include "dataflow.h"
#include "frontend.h"
#include "tsql.h"
#include "tsql_temp.h"

typedef struct TsqlLower {
	IrCtx *c;
	const IrPackage *package;
	const IrExecutable *task;
	const IrText *text;
	const IrVec *before;          /* RelGraph*: the graphs of the executables run earlier */
	const IrVec *dataflows;       /* RelGraph*: every data flow's graph */
	IrVec locals;                 /* RelLocal*: the variables the task sets, in order */
	IrVec declared;               /* SqlDeclare*: the variables it declares */
} TsqlLower;

static IrLoc stmt_loc(void *arg, IrLoc origin, size_t off)
{
	TsqlLower *T = arg;
	(void)origin;
	return fe_text_loc(T->c, T->text, off);
}

static bool same_name(const SqlName *a, const SqlName *b)
{
	const char *sa = a->nparts >= 2 && *a->parts[a->nparts - 2] ? a->parts[a->nparts - 2] : "dbo";
	const char *sb = b->nparts >= 2 && *b->parts[b->nparts - 2] ? b->parts[b->nparts - 2] : "dbo";
	return !strcasecmp(a->parts[a->nparts - 1], b->parts[b->nparts - 1]) && !strcasecmp(sa, sb);
}

/* ---- the output names of the inserted query -------------------------------- */
/* A copy of q whose columns are called names[0..n): the select items of
 * its first SELECT are aliased, a VALUES list becomes SELECTs joined by
 * UNION ALL.  NULL when q has a * item or another number of columns. */
static SqlQuery *named_query(IrArena *a, const SqlQuery *q, const char **names, size_t n)
{
	SqlQuery *c = ir_alloc(a, sizeof *c);
	*c = *q;
	switch (q->kind) {
	case SQL_Q_SELECT: {
		if (q->select->items.len != n || q->select->into)
			return NULL;
		SqlSelect *s = ir_alloc(a, sizeof *s);
		*s = *q->select;
		s->items = (IrVec){0};
		for (size_t i = 0; i < n; i++) {
			const SqlSelectItem *it = q->select->items.items[i];
			if (it->expr->kind == SQL_E_STAR || it->assign)
				return NULL;
			SqlSelectItem *ni = ir_alloc(a, sizeof *ni);
			*ni = *it;
			ni->alias = names[i];
			ir_vec_push(a, &s->items, ni);
		}
		c->select = s;
		return c;
	}
	case SQL_Q_UNION: case SQL_Q_EXCEPT: case SQL_Q_INTERSECT: case SQL_Q_NESTED:
		c->left = named_query(a, q->left, names, n);
		return c->left ? c : NULL;
	case SQL_Q_VALUES: {
		SqlQuery *out = NULL;
		for (size_t r = 0; r < q->rows.len; r++) {
			const IrVec *row = q->rows.items[r];
			if (row->len != n)
				return NULL;
			SqlSelect *s = ir_alloc(a, sizeof *s);
			s->loc = q->loc;
			for (size_t i = 0; i < n; i++) {
				SqlSelectItem *it = ir_alloc(a, sizeof *it);
				it->loc = q->loc;
				it->expr = row->items[i];
				it->alias = names[i];
				ir_vec_push(a, &s->items, it);
			}
			SqlQuery *sq = ir_sql_select_query(a, s, q->loc);
			if (!out) {
				out = sq;
				continue;
			}
			SqlQuery *u = ir_alloc(a, sizeof *u);
			u->kind = SQL_Q_UNION;
			u->loc = q->loc;
			u->all = true;
			u->left = out;
			u->right = sq;
			out = u;
		}
		return out;
	}
	}
	return NULL;
}

/* The inserted columns: the INSERT's list, or the names of the query's
 * first SELECT.  0 when they cannot be known (SELECT *, an expression
 * without alias). */
static size_t insert_columns(IrArena *a, const SqlStmt *st, const char ***out)
{
	const IrVec *cols = &st->u.insert.columns;
	if (cols->len) {
		*out = (const char **)cols->items;
		return cols->len;
	}
	const SqlQuery *q = st->u.insert.query;
	while (q->kind != SQL_Q_SELECT && q->kind != SQL_Q_VALUES && q->left)
		q = q->left;
	if (q->kind != SQL_Q_SELECT)
		return 0;
	size_t n = q->select->items.len;
	const char **names = ir_alloc(a, (n + 1) * sizeof *names);
	for (size_t i = 0; i < n; i++)
		if (!(names[i] = ir_sql_item_name(q->select->items.items[i])))
			return 0;
	*out = names;
	return n;
}

/* ---- parameters ------------------------------------------------------------ */
static const IrVariable *find_var(const IrExecutable *e, const char *ns, const char *name)
{
	for (size_t i = 0; e && i < e->variables.len; i++) {
		const IrVariable *v = IR_VEC_AT(e->variables, IrVariable, i);
		if (v->name && !strcasecmp(v->name, name) && (!ns || (v->ns && !strcasecmp(v->ns, ns))))
			return v;
	}
	for (size_t i = 0; e && i < e->children.len; i++) {
		const IrVariable *v = find_var(IR_VEC_AT(e->children, IrExecutable, i), ns, name);
		if (v)
			return v;
	}
	return NULL;
}

/* OLE DB parameters are named by position ("0", "1"): the ? marker i reads
 * the variable of parameter i, as a {{ var() }}. */
static IrSqlx *param_value(TsqlLower *T, int index)
{
	char want[16];
	snprintf(want, sizeof want, "%d", index);
	const IrSqlTask *sql = T->task->sql;
	for (size_t i = 0; i < sql->params.len; i++) {
		const IrSqlParam *prm = IR_VEC_AT(sql->params, IrSqlParam, i);
		if (!prm->name || strcmp(prm->name, want) || !prm->variable ||
		    (prm->direction && strcasecmp(prm->direction, "Input")))
			continue;
		const char *sep = strstr(prm->variable, "::");
		const char *ns = sep ? ir_intern(T->c, prm->variable, (size_t)(sep - prm->variable)) : NULL;
		const IrVariable *v = find_var(T->package->root, ns, sep ? sep + 2 : prm->variable);
		IrSqlx *x = ir_sqlx_var(T->c, prm->loc, prm->variable);
		x->u.var.quoted = v && (v->data_type == 8 || v->data_type == 7); /* string, date */
		return x;
	}
	return NULL;
}

/* The Row Count of an earlier data flow that writes `variable`, if any:
 * the variable holds that count when this task reads it. */
static RelRowsOf rows_counted_into(TsqlLower *T, const char *variable)
{
	RelRowsOf r = {0};
	for (size_t i = 0; variable && i < T->before->len; i++) {
		const RelGraph *g = T->before->items[i];
		for (size_t k = 0; k < g->effects.len; k++) {
			const RelEffect *e = g->effects.items[k];
			if (e->kind == REL_EFFECT_ROW_COUNT && e->variable && !strcasecmp(e->variable, variable))
				r = (RelRowsOf){g, e->node}; /* the last one before the task wins */
		}
	}
	return r;
}

static const char *param_variable(TsqlLower *T, int index)
{
	char want[16];
	snprintf(want, sizeof want, "%d", index);
	for (size_t i = 0; i < T->task->sql->params.len; i++) {
		const IrSqlParam *prm = IR_VEC_AT(T->task->sql->params, IrSqlParam, i);
		if (prm->name && !strcmp(prm->name, want))
			return prm->variable;
	}
	return NULL;
}

/* ---- one INSERT ------------------------------------------------------------- */
static void add_read(void *arg, const SqlName *t)
{
	void **a = arg;
	ir_vec_push(((IrCtx *)a[0])->arena, &((RelScan *)a[1])->reads, (void *)t);
}

static bool lower_insert(TsqlLower *T, RelGraph *g, const SqlStmt *st, bool replace, int nparams)
{
	IrArena *a = T->c->arena;
	const char **names;
	size_t n = insert_columns(a, st, &names);
	const SqlQuery *q = n ? named_query(a, st->u.insert.query, names, n) : NULL;
	if (!q)
		return false;
	const SqlName *t = st->u.insert.target;
	const char *table = t->parts[t->nparts - 1];
	const char *schema = t->nparts >= 2 && *t->parts[t->nparts - 2] ? t->parts[t->nparts - 2] : "dbo";
	const IrSqlTask *sql = T->task->sql;
	RelNode *scan = ir_rel_node_new(T->c, g, REL_SCAN, ir_sprintf(a, "%s query", table), NULL, st->loc, 0, n);
	RelScan *s = &scan->u.scan;
	s->kind = REL_SCAN_QUERY;
	s->conn = sql->conn;
	s->conn_name = sql->conn ? sql->conn->name : sql->connection;
	s->query = sql->statement;
	s->parsed = q;
	s->source_columns = ir_alloc(a, (n + 1) * sizeof *s->source_columns);
	for (size_t k = 0; k < n; k++) {
		scan->cols[k].name = ir_rel_unique_name(T->c, scan, k, names[k]);
		scan->cols[k].ssis_name = names[k];
		scan->cols[k].loc = st->loc;
		s->source_columns[k] = names[k];
	}
	void *ra[2] = {T->c, s};
	ir_sql_tables_read(a, q, add_read, ra);
	s->nparams = (size_t)nparams;
	s->locals = T->locals;
	s->params = ir_alloc(a, (s->nparams + 1) * sizeof *s->params);
	s->param_rows = ir_alloc(a, (s->nparams + 1) * sizeof *s->param_rows);
	for (int i = 0; i < nparams; i++) {
		s->param_rows[i] = rows_counted_into(T, param_variable(T, i));
		if (!s->param_rows[i].node)
			s->params[i] = param_value(T, i);
	}

	RelNode *sink = ir_rel_node_new(T->c, g, REL_SINK, table, NULL, st->loc, 1, 0);
	sink->inputs[0] = scan;
	RelSink *k = &sink->u.sink;
	k->conn = s->conn;
	k->conn_name = s->conn_name;
	k->schema = schema;
	k->table = table;
	k->load = replace ? REL_LOAD_REPLACE : REL_LOAD_APPEND;
	k->ndest = n;
	k->dest_columns = ir_alloc(a, (n + 1) * sizeof *k->dest_columns);
	k->dest_from = ir_alloc(a, (n + 1) * sizeof *k->dest_from);
	k->dest_types = ir_alloc(a, (n + 1) * sizeof *k->dest_types);
	for (size_t i = 0; i < n; i++) {
		k->dest_columns[i] = names[i];
		k->dest_from[i] = scan->cols[i].name;
	}
	k->keep_nulls = true;
	return true;
}

/* ---- one MERGE ----------------------------------------------------------------- */
/* l AND/OR r where either side may be absent: the other one alone. */
static SqlExpr *sx_bin(IrArena *a, SqlBinop op, SqlExpr *l, SqlExpr *r, IrLoc loc)
{
	if (!l)
		return r;
	if (!r)
		return l;
	return ir_sql_binary(a, op, l, r, loc);
}

/* The key columns of ON t.k = s.x AND ...: the target's column of each
 * equality.  0 when ON is anything else. */
static size_t merge_keys(IrArena *a, const SqlExpr *on, const char *talias, IrVec *keys)
{
	while (on->kind == SQL_E_PAREN)
		on = on->a;
	if (on->kind == SQL_E_BINARY_OP && on->op == SQL_OP_AND)
		return merge_keys(a, on->a, talias, keys) && merge_keys(a, on->b, talias, keys) ? keys->len : 0;
	if (on->kind != SQL_E_BINARY_OP || on->op != SQL_OP_EQ)
		return 0;
	for (int side = 0; side < 2; side++) {
		const SqlExpr *x = side ? on->b : on->a;
		if (x->kind == SQL_E_COLUMN && x->name->nparts == 2 && !strcasecmp(x->name->parts[0], talias)) {
			ir_vec_push(a, keys, (void *)x->name->parts[1]);
			return keys->len;
		}
	}
	return 0;
}

static bool has_name(const IrVec *v, const char *s)
{
	for (size_t i = 0; i < v->len; i++)
		if (!strcasecmp(v->items[i], s))
			return true;
	return false;
}

/* MERGE INTO t USING src AS s ON t.k = s.k WHEN MATCHED [AND c] THEN
 * UPDATE SET ... WHEN NOT MATCHED [BY TARGET] [AND c] THEN INSERT (...)
 * VALUES (...) becomes a query giving, per source row that the MERGE
 * changes, the row it leaves:
 *   SELECT CASE WHEN t.k IS NOT NULL THEN <SET value, or t.col>
 *               ELSE <INSERT value, or NULL> END AS col, ...
 *   FROM src AS s LEFT JOIN t ON <on>
 *   WHERE (t.k IS NOT NULL AND c) OR (t.k IS NULL AND c)
 * and a sink that merges those rows into t by the ON keys.  Columns the
 * MERGE does not name are not in the query: the merge leaves them as they
 * are on updated rows.  NULL (the task is left as before) for any other
 * form: BY SOURCE, DELETE, OUTPUT, several clauses of one kind. */
static SqlQuery *merge_query(IrArena *a, const SqlStmt *st, IrVec *keys, IrVec *cols, const char **why, IrLoc *at)
{
	const SqlTableRef *tgt = st->u.merge.target, *src = st->u.merge.source;
	*at = st->loc;
	if (!tgt || tgt->kind != SQL_T_NAMED || tgt->name->parts[tgt->name->nparts - 1][0] == '#' ||
	    tgt->name->parts[tgt->name->nparts - 1][0] == '@')
		return NULL; /* not a table of the database: nothing to model */
	if (st->u.merge.output && st->u.merge.output->into) {
		*why = "MERGE ... OUTPUT INTO: the rows it returns are not kept";
		*at = st->u.merge.output->loc;
		return NULL;
	}
	if (st->u.merge.top || st->u.merge.ctes.len || !src || (src->kind != SQL_T_NAMED && src->kind != SQL_T_DERIVED) ||
	    !st->u.merge.on) {
		*why = "MERGE with TOP, a WITH clause or a source that is not a table or a query";
		return NULL;
	}
	const char *talias = tgt->alias ? tgt->alias : tgt->name->parts[tgt->name->nparts - 1];
	const SqlMergeClause *upd = NULL, *ins = NULL;
	for (size_t i = 0; i < st->u.merge.clauses.len; i++) {
		const SqlMergeClause *mc = st->u.merge.clauses.items[i];
		if (mc->match == SQL_WHEN_MATCHED && mc->action == SQL_MERGE_UPDATE && !upd)
			upd = mc;
		else if (mc->match == SQL_WHEN_NOT_MATCHED_BY_TARGET && mc->action == SQL_MERGE_INSERT && !ins &&
			 !mc->default_values && mc->columns.len && mc->columns.len == mc->values.len)
			ins = mc;
		else {
			*at = mc->loc;
			*why = mc->match == SQL_WHEN_NOT_MATCHED_BY_SOURCE
				? "MERGE ... WHEN NOT MATCHED BY SOURCE: an incremental model does not delete or change the "
				  "table's rows that are not in its query"
				: mc->action == SQL_MERGE_DELETE ? "MERGE ... WHEN MATCHED THEN DELETE: an incremental model does "
								   "not delete rows"
				: "MERGE with several WHEN clauses of one kind, or INSERT without a column list";
			return NULL;
		}
	}
	if (!merge_keys(a, st->u.merge.on, talias, keys)) {
		*at = st->u.merge.on->loc;
		*why = "MERGE ... ON that is not equalities between the target's columns and the source's";
		return NULL;
	}
	for (size_t i = 0; i < keys->len; i++)
		if (!has_name(cols, keys->items[i]))
			ir_vec_push(a, cols, keys->items[i]);
	for (size_t i = 0; upd && i < upd->set.len; i++) {
		const SqlAssign *as = upd->set.items[i];
		*at = as->loc;
		*why = "MERGE ... UPDATE SET of a variable or of a key column";
		if (as->var || !as->target || as->target->kind != SQL_E_COLUMN)
			return NULL;
		const char *c = as->target->name->parts[as->target->name->nparts - 1];
		if (has_name(keys, c))
			return NULL; /* a key that changes: not one row per key */
		*why = NULL;
		if (!has_name(cols, c))
			ir_vec_push(a, cols, (void *)c);
	}
	for (size_t i = 0; ins && i < ins->columns.len; i++)
		if (!has_name(cols, ins->columns.items[i]))
			ir_vec_push(a, cols, ins->columns.items[i]);

	IrLoc loc = st->loc;
	SqlExpr *matched = ir_sql_expr_new(a, SQL_E_IS_NULL, loc), *unmatched = ir_sql_expr_new(a, SQL_E_IS_NULL, loc);
	matched->a = unmatched->a = ir_sql_column(a, talias, keys->items[0], loc);
	matched->negated = true;
	SqlSelect *s = ir_alloc(a, sizeof *s);
	s->loc = loc;
	for (size_t i = 0; i < cols->len; i++) {
		const char *c = cols->items[i];
		SqlExpr *mv = ir_sql_column(a, talias, c, loc), *uv = ir_sql_expr_new(a, SQL_E_NULL, loc);
		for (size_t k = 0; upd && k < upd->set.len; k++) {
			const SqlAssign *as = upd->set.items[k];
			if (strcasecmp(as->target->name->parts[as->target->name->nparts - 1], c))
				continue;
			mv = as->compound ? sx_bin(a, as->op, ir_sql_column(a, talias, c, as->loc), ir_sql_paren(a, as->value), as->loc)
				: as->value;
		}
		for (size_t k = 0; ins && k < ins->columns.len; k++)
			if (!strcasecmp(ins->columns.items[k], c))
				uv = ins->values.items[k];
		SqlExpr *w = ir_sql_expr_new(a, SQL_E_WHEN, loc);
		w->b = matched;
		w->c = mv;
		SqlExpr *cs = ir_sql_expr_new(a, SQL_E_CASE, loc);
		ir_vec_push(a, &cs->list, w);
		cs->c = uv;
		SqlSelectItem *it = ir_alloc(a, sizeof *it);
		it->loc = loc;
		it->expr = cs;
		it->alias = c;
		ir_vec_push(a, &s->items, it);
	}
	SqlTableRef *t = ir_alloc(a, sizeof *t);
	*t = *tgt;
	t->alias = talias;
	SqlTableRef *j = ir_alloc(a, sizeof *j);
	j->kind = SQL_T_JOIN;
	j->loc = loc;
	j->join = SQL_JOIN_LEFT;
	j->left = (SqlTableRef *)src;
	j->right = t;
	j->on = st->u.merge.on;
	ir_vec_push(a, &s->from, j);
	SqlExpr *wm = upd ? ir_sql_paren(a, sx_bin(a, SQL_OP_AND, matched, upd->cond ? ir_sql_paren(a, upd->cond) : NULL, loc)) : NULL;
	SqlExpr *wu = ins ? ir_sql_paren(a, sx_bin(a, SQL_OP_AND, unmatched, ins->cond ? ir_sql_paren(a, ins->cond) : NULL, loc)) : NULL;
	s->where = sx_bin(a, SQL_OP_OR, wm, wu, loc);
	return ir_sql_select_query(a, s, loc);
}

/* The MERGE's query when its target does not exist yet (the first run,
 * --full-refresh): every source row is not matched, so the rows are the
 * INSERT clause's, `SELECT <INSERT value, or NULL> AS col ... FROM src AS s
 * [WHERE cond]`.  NULL when the MERGE inserts nothing. */
static SqlQuery *merge_first_run(IrArena *a, const SqlStmt *st, const IrVec *cols)
{
	const SqlMergeClause *ins = NULL;
	for (size_t i = 0; i < st->u.merge.clauses.len && !ins; i++) {
		const SqlMergeClause *mc = st->u.merge.clauses.items[i];
		if (mc->match == SQL_WHEN_NOT_MATCHED_BY_TARGET && mc->action == SQL_MERGE_INSERT)
			ins = mc;
	}
	if (!ins)
		return NULL;
	SqlSelect *s = ir_alloc(a, sizeof *s);
	s->loc = st->loc;
	for (size_t i = 0; i < cols->len; i++) {
		SqlExpr *v = ir_sql_expr_new(a, SQL_E_NULL, st->loc);
		for (size_t k = 0; k < ins->columns.len; k++)
			if (!strcasecmp(ins->columns.items[k], cols->items[i]))
				v = ins->values.items[k];
		SqlSelectItem *it = ir_alloc(a, sizeof *it);
		it->loc = st->loc;
		it->expr = v;
		it->alias = cols->items[i];
		ir_vec_push(a, &s->items, it);
	}
	ir_vec_push(a, &s->from, (void *)st->u.merge.source);
	s->where = ins->cond;
	return ir_sql_select_query(a, s, st->loc);
}

/* The merge's scan reads its target as the model's own relation: the
 * target is no source of the project. */
static void read_target_as_self(IrArena *a, RelScan *s, const SqlStmt *st, const IrVec *cols)
{
	const SqlQuery *first = merge_first_run(a, st, cols);
	if (!first)
		return; /* the target must exist: it is read as its source */
	s->self = st->u.merge.target->name;
	s->first_run = first;
	IrVec reads = {0};
	for (size_t i = 0; i < s->reads.len; i++)
		if (!same_name(s->reads.items[i], s->self))
			ir_vec_push(a, &reads, s->reads.items[i]);
	s->reads = reads;
}

/* A MERGE into a table that has no translation: a placeholder that fails
 * when run, in front of the table's model. */
static bool merge_placeholder(TsqlLower *T, RelGraph *g, const SqlStmt *st, const char *why, IrLoc at,
			      const IrVec *cols)
{
	IrArena *a = T->c->arena;
	ir_warn(T->c, at, IR_W_sql_untranslated, T->task->path, "%s; the model of %s is a placeholder", why,
		st->u.merge.target->name->parts[st->u.merge.target->name->nparts - 1]);
	const SqlName *t = st->u.merge.target->name;
	const char *table = t->parts[t->nparts - 1];
	RelNode *ph = ir_rel_node_new(T->c, g, REL_PLACEHOLDER, ir_sprintf(a, "%s merge", table), NULL, st->loc, 0,
				      cols->len);
	RelPlaceholder *p = &ph->u.placeholder;
	p->reason = why;
	p->original = T->task->sql->statement;
	p->language = "sql";
	for (size_t i = 0; i < cols->len; i++) {
		ph->cols[i].name = ir_rel_unique_name(T->c, ph, i, cols->items[i]);
		ph->cols[i].ssis_name = cols->items[i];
		ph->cols[i].loc = st->loc;
	}
	RelNode *sink = ir_rel_node_new(T->c, g, REL_SINK, table, NULL, st->loc, 1, 0);
	sink->inputs[0] = ph;
	RelSink *k = &sink->u.sink;
	k->conn = T->task->sql->conn;
	k->conn_name = k->conn ? k->conn->name : T->task->sql->connection;
	k->schema = t->nparts >= 2 && *t->parts[t->nparts - 2] ? t->parts[t->nparts - 2] : "dbo";
	k->table = table;
	k->load = REL_LOAD_APPEND;
	k->ndest = cols->len;
	k->dest_columns = ir_alloc(a, (cols->len + 1) * sizeof *k->dest_columns);
	k->dest_from = ir_alloc(a, (cols->len + 1) * sizeof *k->dest_from);
	k->dest_types = ir_alloc(a, (cols->len + 1) * sizeof *k->dest_types);
	for (size_t i = 0; i < cols->len; i++) {
		k->dest_columns[i] = cols->items[i];
		k->dest_from[i] = ph->cols[i].name;
	}
	return true;
}

/* ---- a MERGE that deletes: the whole table rebuilt --------------------------- */
/* NOT (c), with a NULL c taken as false (a WHEN clause whose condition is
 * NULL does not apply): CASE WHEN c THEN 1 ELSE 0 END = 0. */
static SqlExpr *sx_not_true(IrArena *a, SqlExpr *c)
{
	SqlExpr *one = ir_sql_expr_new(a, SQL_E_NUMBER, c->loc), *zero = ir_sql_expr_new(a, SQL_E_NUMBER, c->loc);
	one->text = "1";
	zero->text = "0";
	SqlExpr *w = ir_sql_expr_new(a, SQL_E_WHEN, c->loc);
	w->b = ir_sql_paren(a, c);
	w->c = one;
	SqlExpr *cs = ir_sql_expr_new(a, SQL_E_CASE, c->loc);
	ir_vec_push(a, &cs->list, w);
	cs->c = zero;
	SqlExpr *zero2 = ir_sql_expr_new(a, SQL_E_NUMBER, c->loc);
	zero2->text = "0";
	return sx_bin(a, SQL_OP_EQ, cs, zero2, c->loc);
}

/* [NOT] EXISTS (SELECT 1 FROM r WHERE on) */
static SqlExpr *sx_exists(IrArena *a, const SqlTableRef *r, SqlExpr *on, bool negated)
{
	SqlSelect *s = ir_alloc(a, sizeof *s);
	s->loc = on->loc;
	SqlSelectItem *it = ir_alloc(a, sizeof *it);
	it->loc = on->loc;
	it->expr = ir_sql_expr_new(a, SQL_E_NUMBER, on->loc);
	it->expr->text = "1";
	ir_vec_push(a, &s->items, it);
	ir_vec_push(a, &s->from, (void *)r);
	s->where = on;
	SqlExpr *x = ir_sql_expr_new(a, SQL_E_EXISTS, on->loc);
	x->query = ir_sql_select_query(a, s, on->loc);
	if (!negated)
		return x;
	SqlExpr *n = ir_sql_expr_new(a, SQL_E_UNARY, on->loc);
	n->uop = SQL_UOP_NOT;
	n->a = x;
	return n;
}

static SqlSelectItem *item(IrArena *a, SqlExpr *x, const char *alias)
{
	SqlSelectItem *it = ir_alloc(a, sizeof *it);
	it->loc = x->loc;
	it->expr = x;
	it->alias = alias;
	return it;
}

/* The clauses of a MERGE that deletes or touches rows the source lacks,
 * by what they do; false when two clauses do one thing or a clause has
 * no translation (an INSERT without columns, a SET of a variable). */
typedef struct MergeSync {
	const SqlMergeClause *upd, *del, *ins, *src_upd, *src_del;
	bool del_first, src_del_first; /* the DELETE is the earlier of two clauses */
} MergeSync;

static bool merge_sync_clauses(const SqlStmt *st, MergeSync *m)
{
	*m = (MergeSync){0};
	bool deletes = false;
	for (size_t i = 0; i < st->u.merge.clauses.len; i++) {
		const SqlMergeClause *mc = st->u.merge.clauses.items[i];
		const SqlMergeClause **slot =
			mc->match == SQL_WHEN_MATCHED ? (mc->action == SQL_MERGE_DELETE ? &m->del : &m->upd)
			: mc->match == SQL_WHEN_NOT_MATCHED_BY_SOURCE ? (mc->action == SQL_MERGE_DELETE ? &m->src_del : &m->src_upd)
			: &m->ins;
		if (*slot || (mc->action == SQL_MERGE_INSERT && (mc->default_values || !mc->columns.len ||
								   mc->columns.len != mc->values.len)))
			return false;
		*slot = mc;
		deletes |= mc->action == SQL_MERGE_DELETE || mc->match == SQL_WHEN_NOT_MATCHED_BY_SOURCE;
		m->del_first |= slot == &m->del && !m->upd;
		m->src_del_first |= slot == &m->src_del && !m->src_upd;
		for (size_t k = 0; k < mc->set.len; k++) {
			const SqlAssign *as = mc->set.items[k];
			if (as->var || !as->target || as->target->kind != SQL_E_COLUMN)
				return false;
		}
	}
	return deletes;
}

static SqlTableRef *target_ref(IrArena *a, const SqlStmt *st, const char *talias)
{
	SqlTableRef *t = ir_alloc(a, sizeof *t);
	*t = *st->u.merge.target;
	t->alias = talias;
	return t;
}

/* FROM src AS s JOIN t ON <on>: the matched rows. */
static void from_matched(IrArena *a, const SqlStmt *st, SqlSelect *s, const char *talias)
{
	SqlTableRef *j = ir_alloc(a, sizeof *j);
	j->kind = SQL_T_JOIN;
	j->loc = st->loc;
	j->join = SQL_JOIN_INNER;
	j->left = (SqlTableRef *)st->u.merge.source;
	j->right = target_ref(a, st, talias);
	j->on = st->u.merge.on;
	ir_vec_push(a, &s->from, j);
}

/* FROM t WHERE NOT EXISTS (SELECT 1 FROM src AS s WHERE <on>): the rows
 * the source lacks. */
static void from_unmatched_target(IrArena *a, const SqlStmt *st, SqlSelect *s, const char *talias)
{
	ir_vec_push(a, &s->from, target_ref(a, st, talias));
	s->where = sx_exists(a, st->u.merge.source, st->u.merge.on, true);
}

/* The rows one WHEN clause changes: its condition, and not those of an
 * earlier clause of the same kind, which takes them. */
static void clause_where(IrArena *a, SqlSelect *s, const SqlMergeClause *mc, const SqlMergeClause *earlier)
{
	if (mc->cond)
		s->where = sx_bin(a, SQL_OP_AND, s->where, ir_sql_paren(a, mc->cond), mc->loc);
	if (earlier && earlier->cond)
		s->where = sx_bin(a, SQL_OP_AND, s->where, sx_not_true(a, earlier->cond), mc->loc);
}

/* One SELECT of the keys (and, for an UPDATE, of every column either
 * UPDATE clause sets: its SET value, or the row's own) of the rows `mc`
 * changes. */
static SqlSelect *changed_rows(IrArena *a, const SqlStmt *st, const SqlMergeClause *mc, const SqlMergeClause *earlier,
			       bool matched, const IrVec *keys, const IrVec *set_cols, const char *talias)
{
	SqlSelect *s = ir_alloc(a, sizeof *s);
	s->loc = mc->loc;
	for (size_t i = 0; i < keys->len; i++)
		ir_vec_push(a, &s->items, item(a, ir_sql_column(a, talias, keys->items[i], mc->loc), keys->items[i]));
	for (size_t i = 0; set_cols && i < set_cols->len; i++) {
		const char *c = set_cols->items[i];
		SqlExpr *v = ir_sql_column(a, talias, c, mc->loc);
		for (size_t k = 0; k < mc->set.len; k++) {
			const SqlAssign *as = mc->set.items[k];
			if (!strcasecmp(as->target->name->parts[as->target->name->nparts - 1], c))
				v = as->compound ? sx_bin(a, as->op, ir_sql_column(a, talias, c, as->loc), ir_sql_paren(a, as->value), as->loc)
					: as->value;
		}
		ir_vec_push(a, &s->items, item(a, v, c));
	}
	if (matched)
		from_matched(a, st, s, talias);
	else
		from_unmatched_target(a, st, s, talias);
	clause_where(a, s, mc, earlier);
	return s;
}

/* a, or a UNION ALL b */
static SqlSelect *union_all(IrArena *a, SqlSelect *l, SqlSelect *r, SqlQuery **out, IrLoc loc)
{
	if (!l || !r) {
		*out = NULL;
		return l ? l : r;
	}
	SqlQuery *u = ir_alloc(a, sizeof *u);
	u->kind = SQL_Q_UNION;
	u->loc = loc;
	u->all = true;
	u->left = ir_sql_select_query(a, l, loc);
	u->right = ir_sql_select_query(a, r, loc);
	*out = u;
	return NULL;
}

/* Rows of a union or of one SELECT into a sink of the table. */
static RelNode *rows_sink(TsqlLower *T, RelGraph *g, const SqlStmt *st, SqlSelect *l, SqlSelect *r,
			  const IrVec *names, const char *role, int nparams)
{
	IrArena *a = T->c->arena;
	SqlQuery *u;
	SqlSelect *one = union_all(a, l, r, &u, st->loc);
	SqlStmt ins = {.kind = SQL_S_INSERT, .loc = st->loc};
	ins.u.insert.target = st->u.merge.target->name;
	ins.u.insert.columns = *names;
	ins.u.insert.query = u ? u : ir_sql_select_query(a, one, st->loc);
	if (!lower_insert(T, g, &ins, false, nparams))
		return NULL;
	RelNode *sink = g->sinks.items[g->sinks.len - 1];
	RelScan *scan = &sink->inputs[0]->u.scan;
	/* the queries of one statement are told apart (one staging model each) */
	scan->query.s = ir_sprintf(a, "%s\n-- %s", scan->query.s, role);
	sink->u.sink.statement = T->task->sql->statement;
	return sink;
}

/* The sink's first nkeys columns are the keys the update or delete
 * matches the table's rows by; the others are the columns it sets. */
static void as_update_sink(RelSink *k, const IrVec *keys, RelLoad load)
{
	size_t nk = keys->len;
	k->load = load;
	k->nkeys = nk;
	k->key_columns = (const char **)keys->items;
	k->key_from = k->dest_from;
	k->dest_columns += nk;
	k->dest_from += nk;
	k->dest_types += nk;
	k->ndest -= nk;
}

/* MERGE ... WHEN [NOT] MATCHED [BY SOURCE] ... THEN DELETE: the table's
 * model rebuilds it from its rows before the MERGE (docs/updates-and-scd.md):
 * the rows the UPDATE clauses change, then those the DELETE clauses
 * remove (by key), then the INSERT's rows appended. */
static bool lower_merge_sync(TsqlLower *T, RelGraph *g, const SqlStmt *st, const MergeSync *m, int nparams)
{
	IrArena *a = T->c->arena;
	const SqlTableRef *tgt = st->u.merge.target;
	const char *talias = tgt->alias ? tgt->alias : tgt->name->parts[tgt->name->nparts - 1];
	IrVec keys = {0}, set_cols = {0}, names = {0};
	merge_keys(a, st->u.merge.on, talias, &keys);
	for (int w = 0; w < 2; w++) {
		const SqlMergeClause *mc = w ? m->src_upd : m->upd;
		for (size_t k = 0; mc && k < mc->set.len; k++) {
			const SqlAssign *as = mc->set.items[k];
			const char *c = as->target->name->parts[as->target->name->nparts - 1];
			if (!has_name(&set_cols, c))
				ir_vec_push(a, &set_cols, (void *)c);
		}
	}
	for (size_t i = 0; i < keys.len; i++)
		ir_vec_push(a, &names, keys.items[i]);
	for (size_t i = 0; i < set_cols.len; i++)
		ir_vec_push(a, &names, set_cols.items[i]);
	if (m->upd || m->src_upd) {
		SqlSelect *mu = m->upd ? changed_rows(a, st, m->upd, m->del_first ? m->del : NULL, true, &keys, &set_cols,
						      talias) : NULL;
		SqlSelect *su = m->src_upd ? changed_rows(a, st, m->src_upd, m->src_del_first ? m->src_del : NULL, false, &keys,
							  &set_cols, talias) : NULL;
		RelNode *k = rows_sink(T, g, st, mu, su, &names, "the rows it updates", nparams);
		if (!k)
			return false;
		as_update_sink(&k->u.sink, &keys, REL_LOAD_UPDATE);
	}
	if (m->del || m->src_del) {
		SqlSelect *md = m->del ? changed_rows(a, st, m->del, m->del_first ? NULL : m->upd, true, &keys, NULL, talias) : NULL;
		SqlSelect *sd = m->src_del ? changed_rows(a, st, m->src_del, m->src_del_first ? NULL : m->src_upd, false, &keys,
							  NULL, talias) : NULL;
		RelNode *k = rows_sink(T, g, st, md, sd, &keys, "the rows it deletes", nparams);
		if (!k)
			return false;
		as_update_sink(&k->u.sink, &keys, REL_LOAD_DELETE);
	}
	if (m->ins) {
		SqlSelect *s = ir_alloc(a, sizeof *s);
		s->loc = m->ins->loc;
		for (size_t i = 0; i < m->ins->columns.len; i++)
			ir_vec_push(a, &s->items, item(a, m->ins->values.items[i], m->ins->columns.items[i]));
		ir_vec_push(a, &s->from, (void *)st->u.merge.source);
		s->where = sx_exists(a, target_ref(a, st, talias), st->u.merge.on, true);
		clause_where(a, s, m->ins, NULL);
		if (!rows_sink(T, g, st, s, NULL, &m->ins->columns, "the rows it inserts", nparams))
			return false;
	}
	return true;
}

/* The MERGE's form allows a rebuild of the table: a table of the database
 * as target, a table or a query as source, an ON of key equalities, no
 * SET of a key, no OUTPUT INTO. */
static bool merge_sync_lowerable(IrArena *a, const SqlStmt *st)
{
	const SqlTableRef *tgt = st->u.merge.target, *src = st->u.merge.source;
	if (!tgt || tgt->kind != SQL_T_NAMED || strchr("#@", tgt->name->parts[tgt->name->nparts - 1][0]) ||
	    st->u.merge.top || st->u.merge.ctes.len || !src || (src->kind != SQL_T_NAMED && src->kind != SQL_T_DERIVED) ||
	    !st->u.merge.on || (st->u.merge.output && st->u.merge.output->into))
		return false;
	IrVec keys = {0};
	if (!merge_keys(a, st->u.merge.on, tgt->alias ? tgt->alias : tgt->name->parts[tgt->name->nparts - 1], &keys))
		return false;
	for (size_t i = 0; i < st->u.merge.clauses.len; i++) {
		const SqlMergeClause *mc = st->u.merge.clauses.items[i];
		for (size_t k = 0; k < mc->set.len; k++) {
			const SqlAssign *as = mc->set.items[k];
			if (has_name(&keys, as->target->name->parts[as->target->name->nparts - 1]))
				return false;
		}
	}
	return true;
}

static bool lower_merge(TsqlLower *T, RelGraph *g, const SqlStmt *st, int nparams)
{
	IrArena *a = T->c->arena;
	IrVec keys = {0}, cols = {0};
	const char *why = NULL;
	IrLoc at;
	const SqlOutput *out = st->u.merge.output;
	if (out && !out->into) /* the rows it returns go nowhere: only a result set */
		ir_note(T->c, out->loc, "MERGE ... OUTPUT without INTO in %s is ignored: the rows it returns are not kept",
			T->task->path ? T->task->path : "the task");
	MergeSync ms;
	if (merge_sync_clauses(st, &ms) && merge_sync_lowerable(a, st))
		return lower_merge_sync(T, g, st, &ms, nparams);
	SqlQuery *q = merge_query(a, st, &keys, &cols, &why, &at);
	if (!q && why) {
		/* the placeholder has the columns the MERGE names */
		cols = (IrVec){0};
		for (size_t i = 0; i < st->u.merge.clauses.len; i++) {
			const SqlMergeClause *mc = st->u.merge.clauses.items[i];
			for (size_t k = 0; k < mc->set.len; k++) {
				const SqlAssign *as = mc->set.items[k];
				if (as->target && as->target->kind == SQL_E_COLUMN &&
				    !has_name(&cols, as->target->name->parts[as->target->name->nparts - 1]))
					ir_vec_push(a, &cols, (void *)as->target->name->parts[as->target->name->nparts - 1]);
			}
			for (size_t k = 0; k < mc->columns.len; k++)
				if (!has_name(&cols, mc->columns.items[k]))
					ir_vec_push(a, &cols, mc->columns.items[k]);
		}
		if (!cols.len)
			ir_vec_push(a, &cols, (void *)"not_translated");
		return merge_placeholder(T, g, st, why, at, &cols);
	}
	if (!q)
		return false;
	SqlStmt ins = {.kind = SQL_S_INSERT, .loc = st->loc};
	ins.u.insert.target = st->u.merge.target->name;
	ins.u.insert.columns = cols;
	ins.u.insert.query = q;
	if (!lower_insert(T, g, &ins, false, nparams))
		return false;
	RelNode *sink = g->sinks.items[g->sinks.len - 1];
	RelSink *k = &sink->u.sink;
	k->load = REL_LOAD_MERGE;
	k->nkeys = keys.len;
	k->key_columns = (const char **)keys.items;
	k->key_from = (const char **)keys.items;
	k->statement = T->task->sql->statement;
	read_target_as_self(a, &sink->inputs[0]->u.scan, st, &cols);
	return true;
}

/* ---- UPDATE / DELETE after a load ------------------------------------------------ */
/* UPDATE a SET ... FROM t AS a: the FROM's one table, which the target
 * names by its alias. */
static const SqlTableRef *aliased_target(const SqlTableRef *t, const IrVec *from)
{
	if (!from->len)
		return t;
	const SqlTableRef *f = from->items[0];
	if (from->len != 1 || !t || t->kind != SQL_T_NAMED || t->name->nparts != 1 || f->kind != SQL_T_NAMED ||
	    strcasecmp(t->name->parts[0], f->alias ? f->alias : f->name->parts[f->name->nparts - 1]))
		return NULL;
	return f;
}

/* The table an UPDATE or DELETE without joins changes, or NULL. */
static const SqlTableRef *dml_target(const SqlStmt *st)
{
	if (st->kind == SQL_S_UPDATE && !st->u.update.ctes.len && !st->u.update.top && !st->u.update.output &&
	    !st->u.update.cursor && st->u.update.set.len)
		return aliased_target(st->u.update.target, &st->u.update.from);
	if (st->kind == SQL_S_DELETE && !st->u.del.ctes.len && !st->u.del.top && !st->u.del.output &&
	    !st->u.del.cursor && st->u.del.where)
		return aliased_target(st->u.del.target, &st->u.del.from);
	return NULL;
}

static bool post_hookable(const SqlStmt *st)
{
	const SqlTableRef *t = dml_target(st);
	if (!t || t->kind != SQL_T_NAMED)
		return false;
	const char *name = t->name->parts[t->name->nparts - 1];
	if (name[0] == '#' || name[0] == '@')
		return false;
	for (size_t i = 0; st->kind == SQL_S_UPDATE && i < st->u.update.set.len; i++) {
		const SqlAssign *as = st->u.update.set.items[i];
		if (as->var || !as->target || as->target->kind != SQL_E_COLUMN)
			return false;
	}
	return true;
}

/* The last sink of graph g that loads the table, or NULL. */
static RelNode *graph_loads(const RelGraph *g, const SqlName *table)
{
	for (size_t k = g->sinks.len; k-- > 0;) {
		RelNode *n = g->sinks.items[k];
		const RelSink *s = &n->u.sink;
		if (s->flatfile || !s->table)
			continue;
		SqlName sn = {.nparts = 2, .parts = {s->schema ? s->schema : "dbo", s->table}};
		if (same_name(&sn, table))
			return n;
	}
	return NULL;
}

/* The sink that loads the table last before the task runs: of the graphs
 * of T->before whose task precedes this one in the precedence graph, the
 * one no other of them follows.  Failing that, a loader that nothing
 * orders with the task (the last in the package's order).  Where
 * precedence does not decide, `warn_at` (unless NULL) gets a warning
 * naming both tasks. */
static RelNode *loading_sink(TsqlLower *T, const SqlName *table, const IrLoc *warn_at)
{
	const IrExecutable *root = T->package->root;
	RelNode *best = NULL, *parallel = NULL;
	const RelGraph *best_g = NULL, *tie_g = NULL, *parallel_g = NULL;
	for (size_t i = 0; i < T->before->len; i++) {
		const RelGraph *g = T->before->items[i];
		RelNode *n = g->task && g->task != T->task ? graph_loads(g, table) : NULL;
		IrOrder o = n ? ir_exec_order(root, g->task, T->task) : IR_ORDER_SAME;
		if (o == IR_ORDER_PARALLEL) {
			parallel = n;
			parallel_g = g;
		}
		if (o != IR_ORDER_BEFORE)
			continue;
		IrOrder vs = best_g ? ir_exec_order(root, best_g->task, g->task) : IR_ORDER_BEFORE;
		if (vs == IR_ORDER_AFTER)
			continue; /* g loads it before the best one does */
		tie_g = vs == IR_ORDER_BEFORE ? NULL : best_g;
		best = n;
		best_g = g;
	}
	const char *name = table->parts[table->nparts - 1];
	if (best && tie_g && warn_at)
		ir_warn(T->c, *warn_at, IR_W_sql_post_hook, T->task->path,
			"%s and %s both load %s before %s, and no precedence constraint orders them: the statement is a "
			"post-hook of the model of %s", tie_g->task->path, best_g->task->path, name, T->task->path,
			best_g->task->path);
	if (best)
		return best;
	if (parallel && warn_at)
		ir_warn(T->c, *warn_at, IR_W_sql_post_hook, T->task->path,
			"no precedence constraint orders %s, which loads %s, and %s, which changes it: the statement is "
			"a post-hook of the table's model, as if %s ran first", parallel_g->task->path, name, T->task->path,
			parallel_g->task->path);
	return parallel;
}

/* A data flow anywhere in the package loads the table. */
static bool loaded_anywhere(TsqlLower *T, const SqlName *table)
{
	for (size_t i = 0; i < T->dataflows->len; i++)
		if (graph_loads(T->dataflows->items[i], table))
			return true;
	return false;
}

/* A task of UPDATE and DELETE statements of tables that earlier tasks
 * load: each becomes a post-hook of its table's model (warned: it runs
 * when the model builds).  A statement of a table the project does not
 * load is a placeholder.  The graph returned holds nothing but those
 * placeholders. */
static RelGraph *lower_post_hooks(TsqlLower *T, const IrVec *stmts)
{
	IrArena *a = T->c->arena;
	for (size_t i = 0; i < stmts->len; i++) {
		/* a statement before the load of its table (DELETE ... WHERE batch
		 * = ? before a data flow that reloads it) is not this pattern */
		const SqlStmt *st = stmts->items[i];
		const SqlTableRef *tr = post_hookable(st) ? dml_target(st) : NULL;
		if (tr && !loading_sink(T, tr->name, NULL) && loaded_anywhere(T, tr->name))
			return NULL;
		if (st->kind == SQL_S_DELETE && !st->u.del.where)
			return NULL; /* a DELETE of every row: the backend's truncation before a load */
	}
	RelGraph *g = ir_rel_graph_new(T->c, T->package, T->task);
	for (size_t i = 0; i < stmts->len; i++) {
		const SqlStmt *st = stmts->items[i];
		const char *kind = st->kind == SQL_S_UPDATE ? "UPDATE" : "DELETE";
		const SqlTableRef *tr = post_hookable(st) ? dml_target(st) : NULL;
		const SqlName *t = tr ? tr->name : NULL;
		const char *table = t ? t->parts[t->nparts - 1] : NULL;
		RelNode *sink = t ? loading_sink(T, t, &st->loc) : NULL;
		if (sink) {
			RelPostHook *h = ir_alloc(a, sizeof *h);
			h->stmt = st;
			h->task = T->task;
			ir_vec_push(a, &sink->u.sink.post_hooks, h);
			ir_warn(T->c, st->loc, IR_W_sql_post_hook, T->task->path,
				"%s of %s after the task that loads it: a post-hook of the table's model, run each time "
				"the model builds", st->kind == SQL_S_UPDATE ? "UPDATE" : "DELETE", table);
			continue;
		}
		const char *why = t ? ir_sprintf(a, "%s of %s, a table that no earlier task of the project loads", kind, table)
			: ir_sprintf(a, "%s with a join, TOP, OUTPUT, a WITH clause, a cursor or a variable", kind);
		ir_warn(T->c, st->loc, IR_W_sql_untranslated, T->task->path, "%s; the statement is a placeholder", why);
		RelNode *ph = ir_rel_node_new(T->c, g, REL_PLACEHOLDER, ir_sprintf(a, "%s %s", table ? table : "statement",
					      st->kind == SQL_S_UPDATE ? "update" : "delete"), NULL, st->loc, 0, 0);
		ph->u.placeholder.reason = why;
		ph->u.placeholder.original = T->task->sql->statement;
		ph->u.placeholder.language = "sql";
	}
	return g;
}

/* ---- EXEC and DDL ---------------------------------------------------------------- */
static bool is_ddl(const SqlStmt *st)
{
	if (st->kind == SQL_S_IF && !st->u.if_.els && st->u.if_.then) /* IF OBJECT_ID(...) IS NOT NULL DROP TABLE */
		return is_ddl(st->u.if_.then);
	return st->kind == SQL_S_CREATE_TABLE || st->kind == SQL_S_ALTER_TABLE || st->kind == SQL_S_CREATE_INDEX ||
	       (st->kind == SQL_S_DROP && st->u.drop.object &&
		(!strcasecmp(st->u.drop.object, "table") || !strcasecmp(st->u.drop.object, "index")));
}

static bool is_proc_exec(const SqlStmt *st)
{
	return st->kind == SQL_S_EXEC && st->u.exec.proc && !st->u.exec.proc_var && !st->u.exec.dynamic.len &&
	       !st->u.exec.at;
}

/* A task of EXEC statements of stored procedures (and DDL): the body of a
 * procedure is in the database, not in the package.  Each EXEC is a
 * placeholder model that calls a macro stub of the procedure, which fails
 * when compiled until someone writes it. */
static RelGraph *lower_procs(TsqlLower *T, const IrVec *stmts, int nparams)
{
	IrArena *a = T->c->arena;
	IrSqlx **params = ir_alloc(a, ((size_t)nparams + 1) * sizeof *params);
	for (int i = 0; i < nparams; i++)
		params[i] = param_value(T, i);
	RelGraph *g = ir_rel_graph_new(T->c, T->package, T->task);
	for (size_t i = 0; i < stmts->len; i++) {
		const SqlStmt *st = stmts->items[i];
		const SqlName *pn = st->u.exec.proc;
		IrBuf b = {0};
		for (int k = 0; k < pn->nparts; k++)
			if (*pn->parts[k])
				ir_buf_printf(&b, "%s%s", b.len ? "." : "", pn->parts[k]);
		ir_buf_put(&b, "", 1);
		const char *name = ir_sprintf(a, "%s", b.data);
		ir_buf_free(&b);
		ir_warn(T->c, pn->loc, IR_W_sql_procedure, T->task->path,
			"EXEC of the stored procedure %s, whose body is not in the package: its macro stub fails "
			"until it is written", name);
		RelNode *ph = ir_rel_node_new(T->c, g, REL_PLACEHOLDER, ir_sprintf(a, "exec %s", pn->parts[pn->nparts - 1]),
					      NULL, st->loc, 0, 0);
		ph->u.placeholder.reason = ir_sprintf(a, "EXEC %s: the stored procedure's body is not in the package", name);
		ph->u.placeholder.original = T->task->sql->statement;
		ph->u.placeholder.language = "sql";
		ph->u.placeholder.procedure = pn;
		ph->u.placeholder.proc_args = &st->u.exec.args;
		ph->u.placeholder.params = params;
		ph->u.placeholder.nparams = (size_t)nparams;
	}
	return g;
}

/* ---- local variables -------------------------------------------------------------- */
static const RelLocal *find_local(const TsqlLower *T, const char *name)
{
	for (size_t i = 0; i < T->locals.len; i++) {
		const RelLocal *l = T->locals.items[i];
		if (!strcasecmp(l->name, name))
			return l;
	}
	return NULL;
}

/* e reads nothing but constants, ? markers and the locals set so far. */
static bool local_value_ok(const TsqlLower *T, const SqlExpr *e)
{
	if (!e)
		return true;
	if (e->query || e->over || e->kind == SQL_E_GLOBAL || e->kind == SQL_E_COLUMN || e->kind == SQL_E_STAR ||
	    (e->kind == SQL_E_VAR && !find_local(T, e->text)))
		return false;
	for (size_t i = 0; i < e->list.len; i++)
		if (!local_value_ok(T, e->list.items[i]))
			return false;
	return local_value_ok(T, e->a) && local_value_ok(T, e->b) && local_value_ok(T, e->c);
}

/* The value a variable gets: the expression, converted to the declared
 * type as T-SQL does. */
static bool set_local(TsqlLower *T, const char *var, SqlExpr *value, IrLoc loc)
{
	if (!var || !value || find_local(T, var) || !local_value_ok(T, value))
		return false; /* set twice, or from a table: not one value */
	const SqlType *type = NULL;
	for (size_t i = 0; i < T->declared.len; i++) {
		const SqlDeclare *d = T->declared.items[i];
		if (!strcasecmp(d->var, var))
			type = d->type;
	}
	if (!type)
		return false; /* not a local of this task */
	SqlExpr *c = ir_sql_expr_new(T->c->arena, SQL_E_CAST, loc);
	c->a = value;
	c->type = (SqlType *)type;
	RelLocal *l = ir_alloc(T->c->arena, sizeof *l);
	l->name = var;
	l->value = c;
	ir_vec_push(T->c->arena, &T->locals, l);
	return true;
}

typedef enum LocalStmt { NOT_LOCAL, LOCAL_SET, LOCAL_UNSUPPORTED } LocalStmt;

/* DECLARE @v type [= value], SET @v = value, SELECT @v = value (no FROM):
 * the variable is that value where the task's statements read it. */
static LocalStmt local_statement(TsqlLower *T, const SqlStmt *st)
{
	if (st->kind == SQL_S_DECLARE) {
		for (size_t i = 0; i < st->u.declare.vars.len; i++) {
			const SqlDeclare *d = st->u.declare.vars.items[i];
			if (!d->type || d->is_table || d->is_cursor)
				return LOCAL_UNSUPPORTED;
			ir_vec_push(T->c->arena, &T->declared, (void *)d);
			if (d->init && !set_local(T, d->var, d->init, d->loc))
				return LOCAL_UNSUPPORTED;
		}
		return LOCAL_SET;
	}
	if (st->kind == SQL_S_SET_VAR)
		return !st->u.set_var.compound && !st->u.set_var.cursor_query &&
		       set_local(T, st->u.set_var.var, st->u.set_var.value, st->loc) ? LOCAL_SET : LOCAL_UNSUPPORTED;
	const SqlSelect *s = st->kind == SQL_S_SELECT && st->u.select->kind == SQL_Q_SELECT ? st->u.select->select : NULL;
	if (!s || !s->items.len || !((const SqlSelectItem *)s->items.items[0])->assign)
		return NOT_LOCAL;
	if (s->from.len || s->where || s->top || s->into || s->group_by.len)
		return LOCAL_UNSUPPORTED;
	for (size_t i = 0; i < s->items.len; i++) {
		const SqlSelectItem *it = s->items.items[i];
		if (!it->assign || it->assign_compound || !set_local(T, it->assign, it->expr, it->loc))
			return LOCAL_UNSUPPORTED;
	}
	return LOCAL_SET;
}

/* ---- one task ------------------------------------------------------------------ */
static bool insert_lowerable(const SqlStmt *st)
{
	return st->kind == SQL_S_INSERT && st->u.insert.query && st->u.insert.target && !st->u.insert.exec &&
	       !st->u.insert.output && !st->u.insert.top && !st->u.insert.ctes.len &&
	       st->u.insert.target->parts[st->u.insert.target->nparts - 1][0] != '#';
}

static RelGraph *lower_statements(PassCtx *p, TsqlLower *T, const SqlScript *sc, const IrVec *dml,
				  const IrVec *execs, size_t nddl);

/* A task of UPDATE / DELETE statements, lowered once every other task is:
 * the task that loads its table last before it may come later in the
 * package's order (precedence decides, not the order of the XML). */
typedef struct DeferredHooks {
	const IrExecutable *task;
	IrVec dml, ddl;               /* SqlStmt* */
	size_t slot;                  /* where its graph goes among the graphs */
} DeferredHooks;

static void ddl_notes(PassCtx *p, const IrExecutable *e, const IrVec *ddl)
{
	/* these notes belong to no warning: one dropped before them (the
	 * UPDATE tasks' come later now) must not drop them */
	p->c->last_dropped = false;
	for (size_t i = 0; i < ddl->len; i++) { /* the models create their tables */
		const SqlStmt *d = ddl->items[i];
		while (d->kind == SQL_S_IF)
			d = d->u.if_.then;
		ir_note(p->c, d->loc, "%s in %s is ignored: dbt creates the tables", ir_sql_stmt_name(d->kind),
			e->path ? e->path : "the task");
	}
}

/* ---- temporary tables (tsql_temp.c) ------------------------------------------- */
/* A temporary table changed by a statement with no translation: its
 * model is a placeholder with its columns. */
static void temp_placeholder(TsqlLower *T, RelGraph *g, const TsqlTemp *t)
{
	IrArena *a = T->c->arena;
	const IrVec *cols = &t->columns;
	ir_warn(T->c, t->untranslated->loc, IR_W_sql_untranslated, T->task->path, "%s; the model of %s is a placeholder",
		t->why, t->name);
	RelNode *ph = ir_rel_node_new(T->c, g, REL_PLACEHOLDER, ir_sprintf(a, "%s rows", t->name), NULL,
				      t->untranslated->loc, 0, cols->len);
	ph->u.placeholder.reason = t->why;
	ph->u.placeholder.original = T->task->sql->statement;
	ph->u.placeholder.language = "sql";
	RelNode *sink = ir_rel_node_new(T->c, g, REL_SINK, t->table->parts[t->table->nparts - 1], NULL, t->loc, 1, 0);
	sink->inputs[0] = ph;
	RelSink *k = &sink->u.sink;
	k->conn = T->task->sql->conn;
	k->conn_name = k->conn ? k->conn->name : T->task->sql->connection;
	k->schema = "dbo";
	k->table = t->table->parts[t->table->nparts - 1];
	k->load = REL_LOAD_REPLACE;
	k->ndest = cols->len;
	k->dest_columns = ir_alloc(a, (cols->len + 1) * sizeof *k->dest_columns);
	k->dest_from = ir_alloc(a, (cols->len + 1) * sizeof *k->dest_from);
	k->dest_types = ir_alloc(a, (cols->len + 1) * sizeof *k->dest_types);
	for (size_t i = 0; i < cols->len; i++) {
		ph->cols[i].name = ir_rel_unique_name(T->c, ph, i, cols->items[i]);
		ph->cols[i].ssis_name = cols->items[i];
		ph->cols[i].loc = t->loc;
		k->dest_columns[i] = cols->items[i];
		k->dest_from[i] = ph->cols[i].name;
	}
}

/* The graph of the task's temporary tables: each an internal table model
 * whose query is its fill, ephemeral while one statement reads it once. */
static RelGraph *lower_temps(TsqlLower *T, const SqlScript *sc, const IrVec *temps)
{
	RelGraph *g = ir_rel_graph_new(T->c, T->package, T->task);
	for (size_t i = 0; i < temps->len; i++) {
		TsqlTemp *t = temps->items[i];
		if (t->untranslated)
			temp_placeholder(T, g, t);
		else if (!lower_insert(T, g, t->fill, true, sc->nparams))
			return NULL;
		RelNode *sink = g->sinks.items[g->sinks.len - 1];
		const char *bare = t->name + strspn(t->name, "#@");
		sink->label = bare; /* the model: int_<package>__<name> */
		sink->inputs[0]->label = ir_sprintf(T->c->arena, "%s query", sink->label);
		sink->u.sink.temp_of = t->name;
		sink->u.sink.ephemeral = t->reads == 1 && !t->modified;
		t->sink = sink;
	}
	return g;
}

/* Nothing but GO, SET options and DDL. */
static bool nothing_left(const SqlScript *sc)
{
	for (size_t i = 0; i < sc->stmts.len; i++) {
		const SqlStmt *st = sc->stmts.items[i];
		if (st->kind != SQL_S_GO && st->kind != SQL_S_SET_OPTION && !is_ddl(st))
			return false;
	}
	return !sc->nunparsed;
}

static RelGraph *lower_task(PassCtx *p, const IrExecutable *e, const IrVec *before, IrVec *known,
			    RelGraph **temp_graph, IrVec *deferred)
{
	const IrSqlTask *sql = e->sql;
	if (!sql || !sql->statement.s || !*sql->statement.s || sql->is_stored_proc ||
	    (sql->source_type && strcmp(sql->source_type, "DirectInput")) || !df_speaks_tsql(sql->conn, NULL))
		return NULL;
	TsqlLower T = {.c = p->c, .package = p->package, .task = e, .text = &sql->statement, .before = before,
		       .dataflows = &p->rel->graphs};
	SqlScript *sc = fe_tsql_parse(p->c, sql->statement.s, strlen(sql->statement.s), sql->statement.loc,
				      stmt_loc, &T);
	IrVec temps = {0}, into_tables = {0};
	const char *why = NULL;
	IrLoc why_at = sql->statement.loc;
	SqlScript *rest = sc->nunparsed ? sc
		: pass_tsql_temps(p->c, p->package, e, sc, known, &temps, &into_tables, &why, &why_at);
	if (!rest) {
		ir_note(p->c, why_at, "the temporary tables of %s have no model: %s", e->path ? e->path : "the task", why);
		return NULL;
	}
	sc = rest;
	IrVec dml = {0}, execs = {0}, ddl = {0};
	bool only_dml = !sc->nunparsed, only_exec = !sc->nunparsed;
	for (size_t i = 0; i < sc->stmts.len; i++) {
		const SqlStmt *st = sc->stmts.items[i];
		if (st->kind == SQL_S_GO || st->kind == SQL_S_SET_OPTION)
			continue;
		if (is_ddl(st)) {
			ir_vec_push(p->c->arena, &ddl, (void *)st);
			continue;
		}
		only_dml &= st->kind == SQL_S_UPDATE || st->kind == SQL_S_DELETE;
		only_exec &= is_proc_exec(st);
		ir_vec_push(p->c->arena, only_exec ? &execs : &dml, (void *)st);
	}
	if (only_dml && dml.len && !temps.len) { /* the tables it changes may be loaded later in the XML */
		DeferredHooks *dh = ir_alloc(p->c->arena, sizeof *dh);
		*dh = (DeferredHooks){e, dml, ddl, before->len};
		ir_vec_push(p->c->arena, deferred, dh);
		return NULL;
	}
	RelGraph *g = lower_statements(p, &T, sc, only_dml ? &dml : NULL, only_exec ? &execs : NULL, ddl.len);
	if (!g && temps.len && nothing_left(sc)) /* the task only fills temporary tables */
		g = ir_rel_graph_new(p->c, p->package, e);
	if (g && temps.len && (*temp_graph = lower_temps(&T, sc, &temps)))
		for (size_t i = 0; i < temps.len; i++)
			ir_vec_push(p->c->arena, known, temps.items[i]);
	else if (g && temps.len)
		g = NULL;
	if (!g && temps.len)
		ir_note(p->c, sql->statement.loc, "the temporary tables of %s have no model: the task's other statements "
			"are not translated", e->path ? e->path : "the task");
	for (size_t i = 0; g && i < g->sinks.len; i++) {
		RelSink *k = &((RelNode *)g->sinks.items[i])->u.sink;
		for (size_t t = 0; k->table && t < into_tables.len; t++) {
			const SqlName *n = into_tables.items[t];
			SqlName sn = {.nparts = 2, .parts = {k->schema ? k->schema : "dbo", k->table}};
			k->select_into |= same_name(&sn, n);
		}
	}
	if (g)
		ddl_notes(p, e, &ddl);
	return g;
}

/* The deferred UPDATE / DELETE tasks, with every task's graph in `graphs`;
 * each graph made goes to its task's place. */
static void lower_deferred_hooks(PassCtx *p, const IrVec *deferred, IrVec *graphs)
{
	IrVec made = {0};
	for (size_t i = 0; i < deferred->len; i++) {
		const DeferredHooks *dh = deferred->items[i];
		TsqlLower T = {.c = p->c, .package = p->package, .task = dh->task, .text = &dh->task->sql->statement,
			       .before = graphs, .dataflows = &p->rel->graphs};
		RelGraph *g = lower_post_hooks(&T, &dh->dml);
		if (g)
			ddl_notes(p, dh->task, &dh->ddl);
		ir_vec_push(p->c->arena, &made, g);
	}
	for (size_t i = deferred->len; i-- > 0;) { /* from the last, so that the places stay right */
		const DeferredHooks *dh = deferred->items[i];
		if (!made.items[i])
			continue;
		ir_vec_push(p->c->arena, graphs, NULL);
		memmove(&graphs->items[dh->slot + 1], &graphs->items[dh->slot],
			(graphs->len - 1 - dh->slot) * sizeof graphs->items[0]);
		graphs->items[dh->slot] = made.items[i];
	}
}

/* The patterns, DDL aside: EXECs, UPDATE/DELETEs (dml, execs: NULL when
 * the task holds anything else), a MERGE, TRUNCATE + INSERTs. */
static RelGraph *lower_statements(PassCtx *p, TsqlLower *T, const SqlScript *sc, const IrVec *dml,
				  const IrVec *execs, size_t nddl)
{
	const IrExecutable *e = T->task;
	if (nddl && !sc->nunparsed && (!dml || !dml->len) && (!execs || !execs->len)) {
		bool any = false;
		for (size_t i = 0; i < sc->stmts.len && !any; i++) {
			const SqlStmt *st = sc->stmts.items[i];
			any = st->kind != SQL_S_GO && st->kind != SQL_S_SET_OPTION && !is_ddl(st);
		}
		if (!any) /* DDL alone */
			return ir_rel_graph_new(p->c, p->package, e);
	}
	if (execs && execs->len)
		return lower_procs(T, execs, sc->nparams);
	if (dml && dml->len)
		return lower_post_hooks(T, dml);
	IrVec truncated = {0}, inserts = {0};
	const SqlStmt *merge = NULL;
	for (size_t i = 0; i < sc->stmts.len; i++) {
		const SqlStmt *st = sc->stmts.items[i];
		if (st->kind == SQL_S_GO || st->kind == SQL_S_SET_OPTION || is_ddl(st))
			continue;
		LocalStmt local = local_statement(T, st);
		if (local == LOCAL_UNSUPPORTED)
			return NULL;
		if (local == LOCAL_SET)
			continue;
		if (st->kind == SQL_S_TRUNCATE) {
			ir_vec_push(p->c->arena, &truncated, (void *)st->u.truncate.table);
			continue;
		}
		if (st->kind == SQL_S_MERGE && !merge && !inserts.len && !truncated.len) {
			merge = st;
			continue;
		}
		if (!insert_lowerable(st) || merge)
			return NULL;
		for (size_t k = 0; k < inserts.len; k++)
			if (same_name(((const SqlStmt *)inserts.items[k])->u.insert.target, st->u.insert.target))
				return NULL; /* two loads of one table: not one model */
		ir_vec_push(p->c->arena, &inserts, (void *)st);
	}
	if (merge && !truncated.len && !inserts.len && !sc->nunparsed) {
		RelGraph *g = ir_rel_graph_new(p->c, p->package, e);
		return lower_merge(T, g, merge, sc->nparams) ? g : NULL;
	}
	if (!inserts.len || sc->nunparsed)
		return NULL;
	RelGraph *g = ir_rel_graph_new(p->c, p->package, e);
	for (size_t i = 0; i < inserts.len; i++) {
		const SqlStmt *st = inserts.items[i];
		bool replace = false;
		for (size_t k = 0; k < truncated.len; k++)
			replace |= same_name(truncated.items[k], st->u.insert.target);
		/* the markers are numbered across the whole text */
		if (!lower_insert(T, g, st, replace, sc->nparams))
			return NULL;
	}
	return g;
}

static const RelGraph *graph_of(const IrVec *graphs, const IrExecutable *e)
{
	for (size_t i = 0; i < graphs->len; i++)
		if (IR_VEC_AT(*graphs, RelGraph, i)->task == e)
			return graphs->items[i];
	return NULL;
}

/* Graphs stay in executable order: the data flows' where they are, the
 * SQL tasks' beside them (a task's temporary tables just after it);
 * temps collects the temporary tables of the tasks walked, deferred the
 * UPDATE / DELETE tasks lowered after the walk. */
static void walk(PassCtx *p, const IrExecutable *e, const IrVec *old, IrVec *out, IrVec *temps,
		 IrVec *deferred)
{
	if (!e || e->disabled)
		return;
	RelGraph *temp_graph = NULL;
	const RelGraph *g = e->kind == IR_EXEC_PIPELINE ? graph_of(old, e)
		: e->kind == IR_EXEC_EXECUTE_SQL ? lower_task(p, e, out, temps, &temp_graph, deferred) : NULL;
	if (g)
		ir_vec_push(p->c->arena, out, (void *)g);
	if (g && temp_graph)
		ir_vec_push(p->c->arena, out, temp_graph);
	for (size_t i = 0; i < e->children.len; i++)
		walk(p, IR_VEC_AT(e->children, IrExecutable, i), old, out, temps, deferred);
	for (size_t i = 0; i < e->event_handlers.len; i++) {
		const IrEventHandler *h = IR_VEC_AT(e->event_handlers, IrEventHandler, i);
		walk(p, h->body, old, out, temps, deferred);
	}
}

/* Later data flows of the package that read a task's temporary tables
 * read their internal tables (tsql_temp.c). */
static void rename_later_reads(PassCtx *p, const IrVec *graphs, const IrVec *temps)
{
	for (size_t i = 0; temps->len && i < graphs->len; i++) {
		const RelGraph *g = graphs->items[i];
		for (size_t k = 0; k < g->nodes.len; k++) {
			RelNode *n = g->nodes.items[k];
			if (n->kind == REL_SCAN && n->u.scan.kind == REL_SCAN_QUERY)
				pass_tsql_temp_rename_scan(p->c, &n->u.scan, temps, n->loc, n->component ? n->component->path
							   : g->task ? g->task->path : NULL);
		}
	}
}

bool pass_lower_tsql(PassCtx *p)
{
	if (!p->rel || !p->package || !p->package->root)
		return true;
	IrVec out = {0}, temps = {0}, deferred = {0};
	walk(p, p->package->root, &p->rel->graphs, &out, &temps, &deferred);
	lower_deferred_hooks(p, &deferred, &out);
	rename_later_reads(p, &out, &temps);
	for (size_t i = 0; i < p->rel->graphs.len; i++)
		if (!graph_of(&out, IR_VEC_AT(p->rel->graphs, RelGraph, i)->task))
			ir_vec_push(p->c->arena, &out, p->rel->graphs.items[i]);
	p->rel->graphs = out;
	return true;
}
