/* tsql_parse.c — the T-SQL front end's entry point: runs the grammar over a
 * text, keeps what could not be parsed verbatim, reports each unparsed
 * statement once with -Wsql-unparsed and counts statements. */
#include <string.h>

#include "tsql_int.h"

int sql_yyparse(TsqlParser *ps);

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f' || ch == '\v';
}

/* The parser gave up (unbalanced block at the end, nesting too deep): what
 * follows the last complete top-level statement is kept verbatim. */
static void keep_rest(TsqlParser *ps)
{
	uint32_t start = ps->top_end;
	IrVec *top = &ps->script->stmts;
	if (top->len) {
		SqlStmt *last = IR_VEC_AT(*top, SqlStmt, top->len - 1);
		if (last->kind == SQL_S_UNPARSED && last->end >= start)
			start = last->start, top->len--;
	}
	while (start < ps->len && blank(ps->text[start]))
		start++;
	if (start >= ps->len)
		return;
	TsqlSpan at = {start, (uint32_t)ps->len, 0, 0};
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_UNPARSED);
	s->u.unparsed.reason = ps->err_msg ? ps->err_msg : "the statement is not complete at the end of the SQL text";
	s->u.unparsed.error_loc = fe_tsql_loc(ps, ps->err_msg ? ps->err_off : (uint32_t)ps->len);
	ir_vec_push(ps->ctx->arena, top, s);
}

static void finish_list(TsqlParser *ps, IrVec *stmts);

/* Fixes the text of unparsed statements, reports them and counts. */
static void finish(TsqlParser *ps, SqlStmt *s)
{
	if (!s)
		return;
	ps->script->nstmts++;
	switch (s->kind) {
	case SQL_S_UNPARSED: {
		uint32_t end = s->end > ps->len ? (uint32_t)ps->len : s->end;
		while (end > s->start && blank(ps->text[end - 1]))
			end--;
		s->end = end;
		s->u.unparsed.text = fe_tsql_intern(ps, ps->text + s->start, end - s->start);
		ps->script->nunparsed++;
		const char *why = s->u.unparsed.reason ? s->u.unparsed.reason : "syntax error";
		ir_warn(ps->ctx, s->u.unparsed.error_loc, IR_W_sql_unparsed, NULL,
			"T-SQL statement not parsed: %s; kept verbatim", why);
		if (s->u.unparsed.error_loc.off != s->loc.off || s->u.unparsed.error_loc.file != s->loc.file)
			ir_note(ps->ctx, s->loc, "the statement kept verbatim starts here");
		break;
	}
	case SQL_S_IF:
		finish(ps, s->u.if_.then);
		finish(ps, s->u.if_.els);
		break;
	case SQL_S_WHILE:
		finish(ps, s->u.while_.body);
		break;
	case SQL_S_BLOCK:
		finish_list(ps, &s->u.block.stmts);
		break;
	case SQL_S_TRY:
		finish_list(ps, &s->u.try_.body);
		finish_list(ps, &s->u.try_.handler);
		break;
	case SQL_S_INSERT:
		finish(ps, s->u.insert.exec);
		ps->script->nstmts -= s->u.insert.exec != NULL; /* part of the INSERT */
		break;
	default:
		break;
	}
}

static void finish_list(TsqlParser *ps, IrVec *stmts)
{
	for (size_t i = 0; i < stmts->len; i++)
		finish(ps, stmts->items[i]);
}

SqlScript *fe_tsql_parse(IrCtx *c, const char *text, size_t len, IrLoc origin,
			 FeTsqlLocMap map_fn, void *map_arg)
{
	SqlScript *script = ir_alloc(c->arena, sizeof *script);
	TsqlParser ps;
	memset(&ps, 0, sizeof ps);
	ps.ctx = c;
	ps.text = text;
	ps.len = len;
	ps.origin = origin;
	ps.map_fn = map_fn;
	ps.map_arg = map_arg;
	ps.script = script;
	ps.batch_start = true;
	if (len > (size_t)INT32_MAX) {
		ir_error(c, fe_tsql_loc(&ps, 0), NULL, "SQL text of %zu bytes is too long to parse", len);
		return script;
	}
	if (fe_tsql_scanner_new(&ps) != 0)
		ir_die("cannot start the T-SQL lexer");
	if (sql_yyparse(&ps) != 0)
		keep_rest(&ps);
	fe_tsql_scanner_free(&ps);
	finish_list(&ps, &script->stmts);
	return script;
}
