/* collect_ddl.c — the pass that keeps the CREATE TABLE, ALTER TABLE and
 * CREATE INDEX statements of Execute SQL Tasks (RelProgram.ddl), wherever
 * they stand in the task: alone, beside other statements, inside IF / ELSE,
 * BEGIN ... END or TRY.  dbt creates the tables, but what the DDL declares
 * still means something: its keys become tests, its indexes model config,
 * its column types what the T-SQL printer knows (backend/ddl.c).  The text
 * was parsed, and reported on, by lower-tsql: this parse says nothing. */
#include <string.h>

#include "dataflow.h"
#include "frontend.h"
#include "tsql.h"

typedef struct DdlWalk {
	PassCtx *p;
	const IrExecutable *task;
} DdlWalk;

static IrLoc text_loc(void *arg, IrLoc origin, size_t off)
{
	const DdlWalk *w = arg;
	(void)origin;
	return fe_text_loc(w->p->c, &w->task->sql->statement, off);
}

static void keep(DdlWalk *w, const SqlStmt *st)
{
	RelDdl *d = ir_alloc(w->p->c->arena, sizeof *d);
	d->stmt = st;
	d->task = w->task;
	ir_vec_push(w->p->c->arena, &w->p->rel->ddl, d);
}

static void statements(DdlWalk *w, const IrVec *stmts);

static void statement(DdlWalk *w, const SqlStmt *st)
{
	if (!st)
		return;
	switch (st->kind) {
	case SQL_S_CREATE_TABLE: case SQL_S_ALTER_TABLE: case SQL_S_CREATE_INDEX:
		keep(w, st);
		break;
	case SQL_S_IF:
		statement(w, st->u.if_.then);
		statement(w, st->u.if_.els);
		break;
	case SQL_S_BLOCK:
		statements(w, &st->u.block.stmts);
		break;
	case SQL_S_TRY:
		statements(w, &st->u.try_.body);
		break;
	default:
		break;
	}
}

static void statements(DdlWalk *w, const IrVec *stmts)
{
	for (size_t i = 0; i < stmts->len; i++)
		statement(w, stmts->items[i]);
}

/* The tasks lower-tsql reads: T-SQL typed into the task. */
static bool direct_tsql(const IrSqlTask *sql)
{
	return sql && sql->statement.s && *sql->statement.s && !sql->is_stored_proc &&
	       (!sql->source_type || !strcmp(sql->source_type, "DirectInput")) && df_speaks_tsql(sql->conn, NULL);
}

static void task(PassCtx *p, const IrExecutable *e)
{
	const IrSqlTask *sql = e->sql;
	if (!direct_tsql(sql))
		return;
	IrCtx *c = p->c;
	size_t ndiags = c->ndiags, nerrors = c->nerrors, nwarnings = c->nwarnings;
	bool dropped = c->last_dropped;
	DdlWalk w = {p, e};
	SqlScript *sc = fe_tsql_parse(c, sql->statement.s, strlen(sql->statement.s), sql->statement.loc, text_loc, &w);
	c->ndiags = ndiags, c->nerrors = nerrors, c->nwarnings = nwarnings;
	c->last_dropped = dropped;
	statements(&w, &sc->stmts);
}

static void walk(PassCtx *p, const IrExecutable *e)
{
	if (!e || e->disabled)
		return;
	if (e->kind == IR_EXEC_EXECUTE_SQL)
		task(p, e);
	for (size_t i = 0; i < e->children.len; i++)
		walk(p, IR_VEC_AT(e->children, IrExecutable, i));
	for (size_t i = 0; i < e->event_handlers.len; i++)
		walk(p, IR_VEC_AT(e->event_handlers, IrEventHandler, i)->body);
}

bool pass_collect_ddl(PassCtx *p)
{
	if (p->rel && p->package)
		walk(p, p->package->root);
	return true;
}
