/* resultset_vars.c — the pass that gives the variables an Execute SQL
 * Task's single-row result set stores (ResultBinding) the value its query
 * returns.  A later `?` of a parsed query (a data flow source, a lowered
 * Execute SQL Task) that reads such a variable becomes that query as a
 * scalar subquery (RelScan.param_query), when the query is one SELECT on
 * the reader's connection and nothing that may run between the two writes
 * a table it reads; `col > ?` of the high-water mark of the table the
 * graph appends to becomes the appending sink's watermark instead.  A
 * projection's expression reading it reads a column of a LEFT JOIN of its
 * input with the query.  Otherwise the read stays the variable's
 * {{ var() }}, a -Wvariable-from-query warning at the ResultBinding.
 * Every choice is a note on the reading model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "control.h"
#include "dataflow.h"
#include "frontend.h"
#include "passes.h"
#include "rel_expr.h"
#include "tsql.h"

/* The column the scalar query names the value by. */
#define VALUE_COLUMN "ssis_result"

/* One ResultBinding of a single-row task: what sets the variable. */
typedef struct Setter {
	const IrExecutable *task;
	const IrSqlResult *res;
	const char *variable;         /* User::X */
	RelNode *scalar;              /* the value as a query, or NULL: */
	const char *why;              /* why it is not one */
	IrVec reads;                  /* SqlName*: the tables the query reads */
	const SqlQuery *query;        /* the task's SELECT, and the item bound */
	const SqlSelectItem *item;
	bool warned;
} Setter;

/* Another executable that sets a variable (a Row Count, a Script Task, an
 * output parameter, a Foreach mapping): the result set is not the last
 * value after it. */
typedef struct OtherSetter {
	const IrExecutable *task;
	const char *variable;
} OtherSetter;

/* A table an executable writes; table NULL: it may write any table of its
 * connection (a procedure, a statement that does not parse). */
typedef struct Writer {
	const IrExecutable *task;
	const char *conn_name;
	const char *schema, *table;
} Writer;

typedef struct Rs {
	PassCtx *p;
	IrCtx *c;
	IrArena *a;
	IrVec setters;                /* Setter* */
	IrVec others;                 /* OtherSetter* */
	IrVec writers;                /* Writer* */
	const IrText *text;           /* the statement being parsed, for locations */
} Rs;

static IrLoc text_loc(void *arg, IrLoc origin, size_t off)
{
	Rs *R = arg;
	(void)origin;
	return fe_text_loc(R->c, R->text, off);
}

/* "User::X" for "X", "[User::X]" and "User::X". */
static const char *var_key(IrArena *a, const char *v)
{
	if (!v)
		return NULL;
	if (*v == '[' && v[strlen(v) - 1] == ']')
		v = ir_strndup(a, v + 1, strlen(v) - 2);
	return strstr(v, "::") ? v : ir_sprintf(a, "User::%s", v);
}

static bool same_var(IrArena *a, const char *x, const char *y)
{
	return x && y && !strcasecmp(var_key(a, x), var_key(a, y));
}

static const char *schema_of(const SqlName *t)
{
	return t->nparts >= 2 && *t->parts[t->nparts - 2] ? t->parts[t->nparts - 2] : "dbo";
}

static const char *conn_name_of(const IrSqlTask *sql)
{
	return sql->conn ? sql->conn->name : sql->connection;
}

static const RelGraph *graph_of(const RelProgram *rel, const IrExecutable *e)
{
	for (size_t i = 0; i < rel->graphs.len; i++)
		if (IR_VEC_AT(rel->graphs, RelGraph, i)->task == e)
			return rel->graphs.items[i];
	return NULL;
}

/* ---- the value of a result set, as a query ------------------------------- */
/* The select item ResultName names: a 0-based ordinal or a column name. */
static const SqlSelectItem *result_item(const SqlSelect *s, const char *name, const char **why, IrArena *a)
{
	char *end;
	long ord = strtol(name, &end, 10);
	bool ordinal = *name && !*end;
	for (size_t i = 0; i < s->items.len; i++) {
		const SqlSelectItem *it = s->items.items[i];
		if (it->expr->kind == SQL_E_STAR || it->assign) {
			*why = "the query has a * or assigns a T-SQL variable: its columns are not known";
			return NULL;
		}
		if (ordinal ? (long)i == ord : (ir_sql_item_name(it) && !strcasecmp(ir_sql_item_name(it), name)))
			return it;
	}
	*why = ir_sprintf(a, "the ResultName '%s' names no column of the query", name);
	return NULL;
}

static bool is_aggregate_call(const SqlExpr *e)
{
	static const char *const fns[] = {"max", "min", "sum", "count", "count_big", "avg"};
	if (e->kind != SQL_E_CALL || e->over || !e->name)
		return false;
	for (size_t i = 0; i < sizeof fns / sizeof *fns; i++)
		if (!strcasecmp(e->name->parts[e->name->nparts - 1], fns[i]))
			return true;
	return false;
}

/* An aggregate outside any subquery: with no GROUP BY the query gives one row. */
static bool has_aggregate(const SqlExpr *e)
{
	if (!e)
		return false;
	if (is_aggregate_call(e))
		return true;
	if (has_aggregate(e->a) || has_aggregate(e->b) || has_aggregate(e->c))
		return true;
	for (size_t i = 0; i < e->list.len; i++)
		if (has_aggregate(e->list.items[i]))
			return true;
	return false;
}

/* The query giving the value of `it`: an aggregate query without GROUP BY
 * keeps only that item (it has one row); anything else is
 *   SELECT TOP 1 q.ssis_result FROM (<query, the item aliased>) AS q
 * — the first row, as SSIS takes it, and NULL when there is none. */
static SqlQuery *scalar_query(IrArena *a, const SqlQuery *q, const SqlSelectItem *it)
{
	const SqlSelect *s = q->select;
	SqlSelectItem *ni = ir_alloc(a, sizeof *ni);
	*ni = *it;
	ni->alias = VALUE_COLUMN;
	SqlSelect *ns = ir_alloc(a, sizeof *ns);
	*ns = *s;
	SqlQuery *nq = ir_alloc(a, sizeof *nq);
	*nq = *q;
	nq->select = ns;
	if (!s->group_by.len && !s->having && !s->top && !s->distinct && has_aggregate(it->expr)) {
		ns->items = (IrVec){0};
		ir_vec_push(a, &ns->items, ni);
		nq->order_by = (IrVec){0};
		return nq;
	}
	ns->items = (IrVec){0};
	for (size_t i = 0; i < s->items.len; i++)
		ir_vec_push(a, &ns->items, s->items.items[i] == it ? ni : s->items.items[i]);
	SqlTableRef *from = ir_alloc(a, sizeof *from);
	from->kind = SQL_T_DERIVED;
	from->loc = q->loc;
	from->query = nq;
	from->alias = "q";
	SqlSelect *outer = ir_alloc(a, sizeof *outer);
	outer->loc = q->loc;
	outer->top = ir_alloc(a, sizeof *outer->top);
	outer->top->count = ir_sql_expr_new(a, SQL_E_NUMBER, q->loc);
	outer->top->count->text = "1";
	SqlSelectItem *oi = ir_alloc(a, sizeof *oi);
	oi->loc = it->loc;
	oi->expr = ir_sql_expr_new(a, SQL_E_COLUMN, it->loc);
	SqlName *n = ir_alloc(a, sizeof *n);
	n->loc = it->loc;
	n->nparts = 2;
	n->parts[0] = "q";
	n->parts[1] = VALUE_COLUMN;
	oi->expr->name = n;
	ir_vec_push(a, &outer->items, oi);
	ir_vec_push(a, &outer->from, from);
	return ir_sql_select_query(a, outer, q->loc);
}

static void add_read(void *arg, const SqlName *t)
{
	void **x = arg;
	ir_vec_push(((Rs *)x[0])->a, x[1], (void *)t);
}

/* The one SELECT of a task's text (SET options and GO aside), or NULL. */
static const SqlQuery *only_select(const SqlScript *sc)
{
	const SqlQuery *q = NULL;
	if (sc->nunparsed)
		return NULL;
	for (size_t i = 0; i < sc->stmts.len; i++) {
		const SqlStmt *st = sc->stmts.items[i];
		if (st->kind == SQL_S_GO || st->kind == SQL_S_SET_OPTION)
			continue;
		if (st->kind != SQL_S_SELECT || q)
			return NULL;
		q = st->u.select;
	}
	return q;
}

static const char *setting_query(Rs *R, Setter *s, const SqlScript *sc)
{
	const IrSqlTask *sql = s->task->sql;
	if (!sql->conn)
		return "the task's connection manager is not in the package or project";
	if (!df_speaks_tsql(sql->conn, NULL))
		return "the task's connection is not SQL Server";
	if (sql->is_stored_proc || (sql->source_type && strcmp(sql->source_type, "DirectInput")))
		return "the statement is a stored procedure or is not written in the task";
	const SqlQuery *q = sc ? only_select(sc) : NULL;
	if (!q)
		return "the task's statement is not one SELECT";
	if (sc->nparams)
		return "the query has ? parameters";
	if (q->kind != SQL_Q_SELECT || q->for_clause.len || q->select->into)
		return "the query is a set operation, SELECT ... INTO or FOR XML";
	const char *why = NULL;
	const SqlSelectItem *it = result_item(q->select, s->res->name ? s->res->name : "0", &why, R->a);
	if (!it)
		return why;
	RelNode *n = ir_alloc(R->a, sizeof *n);
	n->kind = REL_SCAN;
	n->label = ir_sprintf(R->a, "%s %s", s->task->name ? s->task->name : "task", s->variable);
	n->loc = s->res->loc;
	n->ncols = 1;
	n->cols = ir_alloc(R->a, sizeof *n->cols);
	n->cols[0].name = VALUE_COLUMN;
	n->cols[0].loc = s->res->loc;
	RelScan *sc2 = &n->u.scan;
	sc2->kind = REL_SCAN_QUERY;
	sc2->conn = sql->conn;
	sc2->conn_name = conn_name_of(sql);
	sc2->query = sql->statement;
	sc2->parsed = scalar_query(R->a, q, it);
	s->query = q;
	s->item = it;
	void *arg[2] = {R, &s->reads};
	ir_sql_tables_read(R->a, q, add_read, arg);
	sc2->reads = s->reads;
	s->scalar = n;
	return NULL;
}

/* ---- what every executable sets and writes -------------------------------- */
static void add_other(Rs *R, const IrExecutable *e, const char *variable)
{
	OtherSetter *o = ir_alloc(R->a, sizeof *o);
	o->task = e;
	o->variable = variable;
	ir_vec_push(R->a, &R->others, o);
}

static void add_writer(Rs *R, const IrExecutable *e, const char *conn, const char *schema, const char *table)
{
	Writer *w = ir_alloc(R->a, sizeof *w);
	w->task = e;
	w->conn_name = conn;
	w->schema = schema ? schema : "dbo";
	w->table = table;
	ir_vec_push(R->a, &R->writers, w);
}

static void stmt_writes(Rs *R, const IrExecutable *e, const SqlStmt *st);

static void stmts_write(Rs *R, const IrExecutable *e, const IrVec *v)
{
	for (size_t i = 0; i < v->len; i++)
		stmt_writes(R, e, v->items[i]);
}

static void ref_writes(Rs *R, const IrExecutable *e, const SqlTableRef *t)
{
	const char *conn = conn_name_of(e->sql);
	if (t && t->kind == SQL_T_NAMED)
		add_writer(R, e, conn, schema_of(t->name), t->name->parts[t->name->nparts - 1]);
	else
		add_writer(R, e, conn, NULL, NULL); /* an alias or a function: not followed */
}

static void name_writes(Rs *R, const IrExecutable *e, const SqlName *n)
{
	if (n)
		add_writer(R, e, conn_name_of(e->sql), schema_of(n), n->parts[n->nparts - 1]);
}

/* The tables a statement changes; a procedure or dynamic SQL may change any. */
static void stmt_writes(Rs *R, const IrExecutable *e, const SqlStmt *st)
{
	switch (st->kind) {
	case SQL_S_SELECT:
		if (st->u.select->kind == SQL_Q_SELECT && st->u.select->select->into)
			name_writes(R, e, st->u.select->select->into);
		break;
	case SQL_S_INSERT: name_writes(R, e, st->u.insert.target); break;
	case SQL_S_UPDATE: ref_writes(R, e, st->u.update.target); break;
	case SQL_S_DELETE: ref_writes(R, e, st->u.del.target); break;
	case SQL_S_MERGE: ref_writes(R, e, st->u.merge.target); break;
	case SQL_S_TRUNCATE: name_writes(R, e, st->u.truncate.table); break;
	case SQL_S_CREATE_TABLE: name_writes(R, e, st->u.create_table.table); break;
	case SQL_S_ALTER_TABLE: name_writes(R, e, st->u.alter_table.table); break;
	case SQL_S_IF:
		if (st->u.if_.then)
			stmt_writes(R, e, st->u.if_.then);
		if (st->u.if_.els)
			stmt_writes(R, e, st->u.if_.els);
		break;
	case SQL_S_BLOCK: stmts_write(R, e, &st->u.block.stmts); break;
	case SQL_S_TRY: stmts_write(R, e, &st->u.try_.body); stmts_write(R, e, &st->u.try_.handler); break;
	case SQL_S_WHILE: if (st->u.while_.body) stmt_writes(R, e, st->u.while_.body); break;
	case SQL_S_EXEC: case SQL_S_OPAQUE: case SQL_S_UNPARSED: case SQL_S_DROP:
		add_writer(R, e, conn_name_of(e->sql), NULL, NULL);
		break;
	default:
		break;
	}
}

static void sql_task(Rs *R, const IrExecutable *e)
{
	const IrSqlTask *sql = e->sql;
	SqlScript *sc = NULL;
	if (sql->statement.s && (!sql->source_type || !strcmp(sql->source_type, "DirectInput")) &&
	    df_speaks_tsql(sql->conn, NULL)) {
		R->text = &sql->statement;
		sc = fe_tsql_parse(R->c, sql->statement.s, strlen(sql->statement.s), sql->statement.loc, text_loc, R);
		stmts_write(R, e, &sc->stmts);
	} else if (sql->is_stored_proc || sql->statement.s) {
		add_writer(R, e, conn_name_of(sql), NULL, NULL);
	}
	for (size_t i = 0; i < sql->params.len; i++) {
		const IrSqlParam *prm = IR_VEC_AT(sql->params, IrSqlParam, i);
		if (prm->direction && strcasecmp(prm->direction, "Input"))
			add_other(R, e, prm->variable);
	}
	bool single = sql->result_type && !strcmp(sql->result_type, "ResultSetType_SingleRow");
	for (size_t i = 0; i < sql->results.len; i++) {
		const IrSqlResult *res = IR_VEC_AT(sql->results, IrSqlResult, i);
		if (!res->variable)
			continue;
		if (!single) {
			add_other(R, e, res->variable);
			continue;
		}
		Setter *s = ir_alloc(R->a, sizeof *s);
		s->task = e;
		s->res = res;
		s->variable = var_key(R->a, res->variable);
		s->why = setting_query(R, s, sc);
		ir_vec_push(R->a, &R->setters, s);
	}
}

/* Script Task ReadWriteVariables "User::A,User::B". */
static void script_task(Rs *R, const IrExecutable *e)
{
	for (size_t i = 0; i < e->payload_props.len; i++) {
		const IrProp *pr = IR_VEC_AT(e->payload_props, IrProp, i);
		if (!pr->name || strcasecmp(pr->name, "ReadWriteVariables") || !pr->value.s)
			continue;
		const char *p = pr->value.s;
		while (*p) {
			size_t n = strcspn(p, ",;");
			while (n && (*p == ' '))
				p++, n--;
			if (n)
				add_other(R, e, ir_strndup(R->a, p, n));
			p += n;
			if (*p)
				p++;
		}
	}
}

static void collect(Rs *R, const IrExecutable *e)
{
	if (!e || e->disabled)
		return;
	if (e->kind == IR_EXEC_EXECUTE_SQL && e->sql)
		sql_task(R, e);
	else if (e->kind == IR_EXEC_SCRIPT)
		script_task(R, e);
	const RelGraph *g = e->kind == IR_EXEC_PIPELINE ? graph_of(R->p->rel, e) : NULL;
	for (size_t i = 0; g && i < g->sinks.len; i++) {
		const RelSink *k = &REL_AS((RelNode *)g->sinks.items[i], REL_SINK, sink);
		if (!k->flatfile && k->table)
			add_writer(R, e, k->conn_name, k->schema, k->table);
	}
	for (size_t i = 0; g && i < g->effects.len; i++)
		add_other(R, e, ((const RelEffect *)g->effects.items[i])->variable);
	for (size_t i = 0; e->foreach && i < e->foreach->mappings.len; i++)
		add_other(R, e, IR_VEC_AT(e->foreach->mappings, IrProp, i)->name);
	for (size_t i = 0; i < e->children.len; i++)
		collect(R, IR_VEC_AT(e->children, IrExecutable, i));
}

/* ---- the value a reader sees ------------------------------------------------ */
static IrOrder order(Rs *R, const IrExecutable *a, const IrExecutable *b)
{
	return ir_exec_order(R->p->package->root, a, b);
}

/* w may run after s and before r. */
static bool between(Rs *R, const IrExecutable *w, const IrExecutable *s, const IrExecutable *r)
{
	if (w == s || w == r)
		return false; /* the reader's own writes come after its reads */
	IrOrder sw = order(R, s, w), wr = order(R, w, r);
	return (sw == IR_ORDER_BEFORE || sw == IR_ORDER_PARALLEL) && (wr == IR_ORDER_BEFORE || wr == IR_ORDER_PARALLEL);
}

static bool reads_table(const Setter *s, const Writer *w)
{
	for (size_t i = 0; i < s->reads.len; i++) {
		const SqlName *t = s->reads.items[i];
		if (!strcasecmp(t->parts[t->nparts - 1], w->table) && !strcasecmp(schema_of(t), w->schema))
			return true;
	}
	return false;
}

/* Why a table the query reads may change before the reader runs, or NULL. */
static const char *changed_between(Rs *R, const Setter *s, const IrExecutable *reader)
{
	for (size_t i = 0; i < R->writers.len; i++) {
		const Writer *w = R->writers.items[i];
		if (!between(R, w->task, s->task, reader))
			continue;
		if (w->table && reads_table(s, w))
			return ir_sprintf(R->a, "%s.%s, which the query reads, is written by %s, which may run between "
					  "the two", w->schema, w->table, w->task->path);
		if (!w->table && s->scalar && w->conn_name && s->scalar->u.scan.conn_name &&
		    !strcasecmp(w->conn_name, s->scalar->u.scan.conn_name))
			return ir_sprintf(R->a, "%s, which may run between the two, runs SQL on the same connection "
					  "whose writes are not known", w->task->path);
	}
	return NULL;
}

/* The result set whose value `variable` holds when `reader` runs, or NULL
 * (with *why set when a result set may be it but is not known to be). */
static Setter *value_at(Rs *R, const IrExecutable *reader, const char *variable, const char **why)
{
	*why = NULL;
	Setter *last = NULL;
	const IrExecutable *last_task = NULL;
	bool involved = false;
	for (size_t pass = 0; pass < 2; pass++) {
		const IrVec *v = pass ? &R->others : &R->setters;
		for (size_t i = 0; i < v->len; i++) {
			const IrExecutable *t = pass ? ((OtherSetter *)v->items[i])->task : ((Setter *)v->items[i])->task;
			const char *var = pass ? ((OtherSetter *)v->items[i])->variable : ((Setter *)v->items[i])->variable;
			if (!same_var(R->a, var, variable) || t == reader)
				continue;
			involved |= !pass;
			IrOrder o = order(R, t, reader);
			if (o == IR_ORDER_PARALLEL) {
				*why = ir_sprintf(R->a, "%s also sets it, and nothing orders it before or after the reader",
						  t->path);
				return NULL;
			}
			if (o != IR_ORDER_BEFORE)
				continue;
			if (!last_task || t == last_task || order(R, last_task, t) == IR_ORDER_BEFORE) {
				last_task = t;
				last = pass ? NULL : v->items[i];
			} else if (order(R, t, last_task) != IR_ORDER_BEFORE) {
				*why = ir_sprintf(R->a, "%s and %s both set it before the reader, in no set order", t->path,
						  last_task->path);
				return NULL;
			}
		}
	}
	if (!involved || !last) {
		*why = NULL;
		return NULL;
	}
	return last;
}

/* ---- the readers ------------------------------------------------------------ */
static void note(Rs *R, RelGraph *g, const RelNode *n, const char *text)
{
	for (size_t i = 0; i < g->notes.len; i++) {
		const RelNote *o = g->notes.items[i];
		if (o->node == n && !strcmp(o->text, text))
			return;
	}
	RelNote *x = ir_alloc(R->a, sizeof *x);
	x->node = n;
	x->text = text;
	ir_vec_push(R->a, &g->notes, x);
}

static const Setter *any_setter(Rs *R, const char *variable)
{
	for (size_t i = 0; i < R->setters.len; i++)
		if (same_var(R->a, ((Setter *)R->setters.items[i])->variable, variable))
			return R->setters.items[i];
	return NULL;
}

/* A read that stays {{ var() }}: warned once per ResultBinding. */
static void fall_back(Rs *R, RelGraph *g, const RelNode *n, Setter *s, const char *variable, const char *why)
{
	if (!s->warned) {
		s->warned = true;
		ir_warn(R->c, s->res->loc, IR_W_variable_from_query, s->task->path,
			"%s is set at run time by this task's query, but its reader %s cannot inline it (%s): the read "
			"is its var() with the design-time default; pass the value with --vars",
			variable, g->task && g->task->path ? g->task->path : "a later task", why);
	}
	note(R, g, n, ir_sprintf(R->a, "%s, which %s sets from its query at run time, is read as a var() with its "
				 "design-time default (%s): pass the value with --vars.", variable, s->task->path, why));
}

static bool move_watermark(Rs *R, RelGraph *g, RelNode *n, size_t marker, const Setter *st);

static bool same_conn(const RelScan *a, const RelScan *b)
{
	if (a->conn && b->conn)
		return a->conn == b->conn;
	return a->conn_name && b->conn_name && !strcasecmp(a->conn_name, b->conn_name);
}

static void read_param(Rs *R, RelGraph *g, RelNode *n, size_t i)
{
	RelScan *s = &n->u.scan;
	const IrSqlx *x = s->params[i];
	if (!x || x->kind != IR_SQLX_VAR)
		return;
	const char *why;
	Setter *st = value_at(R, g->task, x->u.var.name, &why);
	if (!st) {
		Setter *any = why ? (Setter *)any_setter(R, x->u.var.name) : NULL;
		if (any)
			fall_back(R, g, n, any, x->u.var.name, why);
		return;
	}
	why = st->why;
	if (!why && !s->parsed)
		why = "the reading query is kept as written";
	if (!why && !same_conn(s, &st->scalar->u.scan))
		why = ir_sprintf(R->a, "the query runs on the connection %s, the reader on %s", st->scalar->u.scan.conn_name,
				 s->conn_name ? s->conn_name : "another");
	if (!why)
		why = changed_between(R, st, g->task);
	if (why) {
		fall_back(R, g, n, st, x->u.var.name, why);
		return;
	}
	if (!s->param_query)
		s->param_query = ir_alloc(R->a, (s->nparams + 1) * sizeof *s->param_query);
	s->param_query[i] = st->scalar; /* for any other ? of that variable */
	s->params[i] = NULL;
	if (move_watermark(R, g, n, i, st))
		return;
	for (size_t k = 0; k < st->reads.len; k++) /* the lineage: the reader reads them */
		ir_vec_push(R->a, &s->reads, st->reads.items[k]);
	note(R, g, n, ir_sprintf(R->a, "%s is the value the query of %s returns (its result set), read inline as a "
				 "subquery when this model runs.", x->u.var.name, st->task->path));
}

/* ---- the watermark through a variable --------------------------------------- */
static const SqlExpr *unparen(const SqlExpr *x)
{
	while (x && x->kind == SQL_E_PAREN)
		x = x->a;
	return x;
}

static bool is_call(const SqlExpr *x, const char *name)
{
	return x && x->kind == SQL_E_CALL && !x->over && x->name &&
	       !strcasecmp(x->name->parts[x->name->nparts - 1], name);
}

/* The column of MAX(col), ISNULL(MAX(col), c) or COALESCE(MAX(col), c)
 * over the query's one table, with no WHERE: the table's high-water mark.
 * NULL for any other query. */
static const char *high_water_column(const Setter *s, const SqlName **table)
{
	const SqlQuery *q = s->query;
	const SqlSelect *sel = q->select;
	if (q->ctes.len || sel->from.len != 1 || sel->where || sel->group_by.len || sel->having || sel->top ||
	    sel->distinct || ((const SqlTableRef *)sel->from.items[0])->kind != SQL_T_NAMED)
		return NULL;
	const SqlExpr *x = unparen(s->item->expr);
	if ((is_call(x, "isnull") || is_call(x, "coalesce")) && x->list.len == 2) {
		const SqlExpr *d = unparen(x->list.items[1]);
		if (d->kind != SQL_E_STRING && d->kind != SQL_E_NUMBER)
			return NULL;
		x = unparen(x->list.items[0]);
	}
	if (!is_call(x, "max") || x->list.len != 1 || x->distinct)
		return NULL;
	const SqlExpr *c = unparen(x->list.items[0]);
	if (c->kind != SQL_E_COLUMN)
		return NULL;
	*table = ((const SqlTableRef *)sel->from.items[0])->name;
	return c->name->parts[c->name->nparts - 1];
}

static void conjuncts(IrArena *a, SqlExpr *x, IrVec *out)
{
	const SqlExpr *u = unparen(x);
	if (u->kind == SQL_E_BINARY_OP && u->op == SQL_OP_AND) {
		conjuncts(a, u->a, out);
		conjuncts(a, u->b, out);
		return;
	}
	ir_vec_push(a, out, x);
}

/* col > ?i, col >= ?i (or ?i < col, ?i <= col): the column, else NULL. */
static const SqlExpr *compared_column(const SqlExpr *x, int marker, bool *inclusive)
{
	x = unparen(x);
	if (x->kind != SQL_E_BINARY_OP)
		return NULL;
	const SqlExpr *l = unparen(x->a), *r = unparen(x->b);
	if (l->kind == SQL_E_COLUMN && r->kind == SQL_E_PARAM && r->param == marker &&
	    (x->op == SQL_OP_GT || x->op == SQL_OP_GE)) {
		*inclusive = x->op == SQL_OP_GE;
		return l;
	}
	if (r->kind == SQL_E_COLUMN && l->kind == SQL_E_PARAM && l->param == marker &&
	    (x->op == SQL_OP_LT || x->op == SQL_OP_LE)) {
		*inclusive = x->op == SQL_OP_LE;
		return r;
	}
	return NULL;
}

/* The output name of the select item that is the column c, or NULL. */
static const char *output_of(const SqlSelect *sel, const SqlExpr *c)
{
	const char *name = c->name->parts[c->name->nparts - 1];
	const char *qual = c->name->nparts >= 2 ? c->name->parts[c->name->nparts - 2] : NULL;
	for (size_t i = 0; i < sel->items.len; i++) {
		const SqlSelectItem *it = sel->items.items[i];
		const SqlExpr *x = unparen(it->expr);
		if (x->kind != SQL_E_COLUMN || strcasecmp(x->name->parts[x->name->nparts - 1], name))
			continue;
		const char *xq = x->name->nparts >= 2 ? x->name->parts[x->name->nparts - 2] : NULL;
		if (!qual || !xq || !strcasecmp(qual, xq))
			return ir_sql_item_name(it);
	}
	return NULL;
}

/* The graph's one sink, or NULL. */
static RelNode *only_sink(const RelGraph *g)
{
	return g->sinks.len == 1 ? g->sinks.items[0] : NULL;
}

/* The destination column of the sink fed, unchanged, by the scan's column
 * `col`: the graph is one chain scan -> (plain column projections,
 * filters, sorts) -> sink, so a filter on that column may move from the
 * scan to the sink.  NULL when anything else is in the graph. */
static const char *dest_column_of(const RelGraph *g, const RelNode *scan, const RelNode *sink, const char *col)
{
	const RelSink *k = &sink->u.sink;
	const char *found = NULL;
	for (size_t d = 0; d < k->ndest; d++) {
		const char *x = k->dest_from ? k->dest_from[d] : NULL;
		const RelNode *n = sink->inputs[0];
		size_t chain = 2; /* the sink and the scan */
		while (x && n != scan) {
			if (n->ninputs != 1 || (n->kind != REL_PROJECT && n->kind != REL_FILTER && n->kind != REL_SORT))
				return NULL;
			if (n->kind == REL_PROJECT) {
				const IrSqlx *e = NULL;
				for (size_t i = 0; i < n->ncols && !e; i++)
					if (!strcmp(n->cols[i].name, x))
						e = n->u.project.exprs[i];
				x = e && e->kind == IR_SQLX_COLUMN ? e->u.column.name : NULL;
			}
			n = n->inputs[0];
			chain++;
		}
		if (g->nodes.len != chain && x)
			return NULL; /* a branch: another consumer would lose the filter */
		if (x && !strcmp(x, col))
			found = k->dest_columns[d];
	}
	return found;
}

/* The scan column the query's output `name` is. */
static const char *scan_column(const RelNode *scan, const char *name)
{
	const RelScan *s = &scan->u.scan;
	for (size_t i = 0; name && i < scan->ncols; i++)
		if (!strcasecmp(s->source_columns && s->source_columns[i] ? s->source_columns[i] : scan->cols[i].name, name))
			return scan->cols[i].name;
	return NULL;
}

/* A copy of q whose WHERE lacks the conjunct `drop`. */
static SqlQuery *without_conjunct(IrArena *a, const SqlQuery *q, const IrVec *conj, const SqlExpr *drop)
{
	SqlExpr *where = NULL;
	for (size_t i = 0; i < conj->len; i++) {
		SqlExpr *c = conj->items[i];
		if (c == drop)
			continue;
		if (!where) {
			where = c;
			continue;
		}
		SqlExpr *and_ = ir_sql_expr_new(a, SQL_E_BINARY_OP, c->loc);
		and_->op = SQL_OP_AND;
		and_->a = where;
		and_->b = c;
		where = and_;
	}
	SqlSelect *ns = ir_alloc(a, sizeof *ns);
	*ns = *q->select;
	ns->where = where;
	SqlQuery *nq = ir_alloc(a, sizeof *nq);
	*nq = *q;
	nq->select = ns;
	return nq;
}

/* SELECT ... WHERE col > ? (? the high-water mark of the table the graph
 * appends to, col unchanged up to that table's column): the filter moves
 * to the appending model, as `{% if is_incremental() %} where col > (the
 * query over {{ this }}) {% endif %}`.  True when it did. */
static bool move_watermark(Rs *R, RelGraph *g, RelNode *n, size_t marker, const Setter *st)
{
	const SqlName *table = NULL;
	const char *mark = high_water_column(st, &table);
	RelScan *s = &n->u.scan;
	RelNode *sink = only_sink(g);
	if (!mark || !sink || !s->parsed || s->parsed->kind != SQL_Q_SELECT || !s->parsed->select->where)
		return false;
	RelSink *k = &sink->u.sink;
	if (k->load != REL_LOAD_APPEND || k->flatfile || !k->table || k->watermark ||
	    strcasecmp(k->table, table->parts[table->nparts - 1]) || strcasecmp(k->schema ? k->schema : "dbo", schema_of(table)))
		return false;
	IrVec conj = {0};
	conjuncts(R->a, s->parsed->select->where, &conj);
	const SqlExpr *drop = NULL, *col = NULL;
	bool inclusive = false;
	for (size_t i = 0; i < conj.len; i++) {
		bool inc;
		const SqlExpr *c = compared_column(conj.items[i], (int)marker, &inc);
		if (c && drop)
			return false; /* two comparisons with the mark */
		if (c) {
			drop = conj.items[i];
			col = c;
			inclusive = inc;
		}
	}
	const char *dest = col ? dest_column_of(g, n, sink, scan_column(n, output_of(s->parsed->select, col))) : NULL;
	if (!dest || strcasecmp(dest, mark))
		return false;
	s->parsed = without_conjunct(R->a, s->parsed, &conj, drop);
	/* a query of the same text that keeps the comparison is another staging model */
	RelNode *mark_scan = ir_alloc(R->a, sizeof *mark_scan);
	*mark_scan = *st->scalar;
	mark_scan->label = ir_sprintf(R->a, "%s (moved to %s)", st->scalar->label, k->table);
	s->param_query[marker] = mark_scan;
	k->watermark = st->scalar;
	k->watermark_column = dest;
	k->watermark_inclusive = inclusive;
	note(R, g, sink, ir_sprintf(R->a, "%s reads the high-water mark of %s.%s into %s for a load of the newer rows: on "
				    "an incremental run the model appends only the rows whose %s is %s the mark of the "
				    "rows it already holds; the first run (or --full-refresh) appends every row.",
				    st->task->path, schema_of(table), table->parts[table->nparts - 1], st->variable, dest,
				    inclusive ? "at least" : "above"));
	return true;
}

/* ---- reads by expressions ---------------------------------------------------- */
typedef struct ExprReads {
	Rs *R;
	RelGraph *g;
	RelNode *n;                   /* the projection or filter whose expressions these are */
	IrVec joined;                 /* Setter*, then const char*: the value's column, in pairs */
} ExprReads;

/* Puts the last `count` nodes of g before `at`, and numbers the nodes again. */
static void move_before(RelGraph *g, const RelNode *at, size_t count)
{
	size_t len = g->nodes.len, pos = 0;
	while (g->nodes.items[pos] != at)
		pos++;
	void *moved[2];
	for (size_t i = 0; i < count; i++)
		moved[i] = g->nodes.items[len - count + i];
	memmove(&g->nodes.items[pos + count], &g->nodes.items[pos], (len - count - pos) * sizeof *g->nodes.items);
	for (size_t i = 0; i < count; i++)
		g->nodes.items[pos + i] = moved[i];
	for (size_t i = 0; i < len; i++)
		((RelNode *)g->nodes.items[i])->id = (uint32_t)i;
}

/* The value of st's query as a column of the projection's input: a scan of
 * the query, LEFT JOINed ON 1 = 1 to the input (one row, or NULLs). */
static const char *joined_value(ExprReads *er, Setter *st)
{
	for (size_t i = 0; i + 1 < er->joined.len; i += 2)
		if (er->joined.items[i] == st)
			return er->joined.items[i + 1];
	Rs *R = er->R;
	RelNode *in = er->n->inputs[0];
	RelNode *q = ir_rel_node_new(R->c, er->g, REL_SCAN, st->scalar->label, NULL, st->res->loc, 0, 1);
	q->u.scan = st->scalar->u.scan;
	q->cols[0] = st->scalar->cols[0];
	q->u.scan.source_columns = ir_alloc(R->a, sizeof *q->u.scan.source_columns);
	q->u.scan.source_columns[0] = VALUE_COLUMN;
	RelNode *j = ir_rel_node_new(R->c, er->g, REL_JOIN, ir_sprintf(R->a, "%s value", st->variable), NULL,
				     st->res->loc, 2, in->ncols + 1);
	RelJoin *jn = &j->u.join;
	j->inputs[0] = in;
	j->inputs[1] = q;
	jn->kind = REL_JOIN_LEFT;
	jn->left_keys = ir_alloc(R->a, sizeof(char *));
	jn->right_keys = ir_alloc(R->a, sizeof(char *));
	jn->col_side = ir_alloc(R->a, (in->ncols + 1) * sizeof *jn->col_side);
	jn->col_source = ir_alloc(R->a, (in->ncols + 1) * sizeof *jn->col_source);
	for (size_t k = 0; k < in->ncols; k++) {
		j->cols[k] = in->cols[k];
		jn->col_source[k] = in->cols[k].name;
	}
	const char *base = strstr(st->variable, "::") + 2;
	RelCol *v = &j->cols[in->ncols];
	v->name = ir_rel_unique_name(R->c, j, in->ncols, ir_sprintf(R->a, "ssis_var_%s", base));
	v->ssis_name = st->variable;
	v->loc = st->res->loc;
	jn->col_side[in->ncols] = 1;
	jn->col_source[in->ncols] = VALUE_COLUMN;
	er->n->inputs[0] = j;
	move_before(er->g, er->n, 2);
	ir_vec_push(R->a, &er->joined, st);
	ir_vec_push(R->a, &er->joined, (void *)v->name);
	note(R, er->g, er->n, ir_sprintf(R->a, "%s is the value the query of %s returns (its result set), joined to "
					 "the rows it reads when this model runs.", st->variable, st->task->path));
	return v->name;
}

/* A read of a result-set variable in a projection: the joined value, when
 * the query may be read where the projection runs; else it stays var(). */
static IrSqlx *var_read(IrSqlx *x, void *arg)
{
	ExprReads *er = arg;
	Rs *R = er->R;
	const char *why;
	Setter *st = value_at(R, er->g->task, x->u.var.name, &why);
	if (!st) {
		Setter *any = why ? (Setter *)any_setter(R, x->u.var.name) : NULL;
		if (any)
			fall_back(R, er->g, er->n, any, x->u.var.name, why);
		return x;
	}
	why = st->why ? st->why : changed_between(R, st, er->g->task);
	if (!why && er->n->kind != REL_PROJECT)
		why = "a filter reads it in an expression";
	if (why) {
		fall_back(R, er->g, er->n, st, x->u.var.name, why);
		return x;
	}
	return ir_sqlx_column(R->c, x->loc, NULL, joined_value(er, st));
}

static void read_graph(Rs *R, RelGraph *g)
{
	IrVec nodes = {0}; /* the reads of expressions add nodes */
	for (size_t k = 0; k < g->nodes.len; k++)
		ir_vec_push(R->a, &nodes, g->nodes.items[k]);
	for (size_t k = 0; k < nodes.len; k++) {
		RelNode *n = nodes.items[k];
		ExprReads er = {R, g, n, {0}};
		if (n->kind == REL_SCAN)
			for (size_t i = 0; n->u.scan.params && i < n->u.scan.nparams; i++)
				read_param(R, g, n, i);
		else if (n->kind == REL_PROJECT)
			for (size_t i = 0; i < n->ncols; i++)
				n->u.project.exprs[i] = ir_rel_e_subst_vars(R->c, n->u.project.exprs[i], var_read, &er);
		else if (n->kind == REL_FILTER)
			n->u.filter.predicate = ir_rel_e_subst_vars(R->c, n->u.filter.predicate, var_read, &er);
	}
}

bool pass_resultset_vars(PassCtx *p)
{
	if (!p->rel || !p->package || !p->package->root)
		return true;
	Rs R = {.p = p, .c = p->c, .a = p->c->arena};
	collect(&R, p->package->root);
	if (!R.setters.len)
		return true;
	for (size_t i = 0; i < p->rel->graphs.len; i++)
		read_graph(&R, p->rel->graphs.items[i]);
	return true;
}
