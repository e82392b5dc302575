/* tsql_build.c — the builders the T-SQL grammar's actions call (one per
 * action), the token stream between the lexer and the parser (lookahead for
 * WITH ( and opaque CREATE VIEW/PROCEDURE bodies, ? numbering, parenthesis
 * depth), and statement-level error recovery. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tsql_int.h"

#define NEW(ps, T) ((T *)ir_alloc((ps)->ctx->arena, sizeof(T)))

IrLoc fe_tsql_loc(TsqlParser *ps, uint32_t off)
{
	if (ps->map_fn)
		return ps->map_fn(ps->map_arg, ps->origin, off);
	return ir_loc(ps->origin.file, (size_t)ps->origin.off + off);
}

const char *fe_tsql_intern(TsqlParser *ps, const char *s, size_t n)
{
	return ir_intern(ps->ctx, s, n);
}

const char *fe_tsql_token_text(TsqlParser *ps, TsqlSpan at)
{
	return ir_intern(ps->ctx, ps->text + at.start, at.end - at.start);
}

const char *fe_tsql_concat_words(TsqlParser *ps, const char *a, const char *b)
{
	return ir_intern(ps->ctx, ir_sprintf(ps->ctx->arena, "%s %s", a, b), (size_t)-1);
}

static const char *upper(TsqlParser *ps, const char *s)
{
	size_t n = strlen(s);
	char *t = ir_strndup(ps->ctx->arena, s, n);
	for (size_t i = 0; i < n; i++)
		if (t[i] >= 'a' && t[i] <= 'z')
			t[i] = (char)(t[i] - 32);
	return ir_intern(ps->ctx, t, n);
}

static const char *lower(TsqlParser *ps, const char *s)
{
	size_t n = strlen(s);
	char *t = ir_strndup(ps->ctx->arena, s, n);
	for (size_t i = 0; i < n; i++)
		if (t[i] >= 'A' && t[i] <= 'Z')
			t[i] = (char)(t[i] + 32);
	return ir_intern(ps->ctx, t, n);
}

/* "index(ix_a)" -> "INDEX(ix_a)": hint and option names in upper case,
 * their arguments as written. */
static const char *upper_first_word(TsqlParser *ps, const char *s, size_t n)
{
	char *t = ir_strndup(ps->ctx->arena, s, n);
	for (size_t i = 0; i < n && t[i] != '(' && t[i] != ' ' && t[i] != '\''; i++)
		if (t[i] >= 'a' && t[i] <= 'z')
			t[i] = (char)(t[i] - 32);
	return ir_intern(ps->ctx, t, n);
}

static bool in_list(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strcasecmp(s, *words) == 0)
			return true;
	return false;
}

/* ---- the token stream ------------------------------------------------------ */

/* Keywords that begin a statement: error recovery resumes at them. */
static bool starts_statement(int kind)
{
	switch (kind) {
	case K_SELECT: case K_INSERT: case K_UPDATE: case K_DELETE: case K_MERGE:
	case K_TRUNCATE: case K_DECLARE: case K_SET: case K_IF: case K_WHILE:
	case K_BREAK: case K_CONTINUE: case K_RETURN: case K_PRINT: case K_RAISERROR:
	case K_THROW: case K_EXEC: case K_EXECUTE: case K_COMMIT: case K_ROLLBACK:
	case K_SAVE: case K_CREATE: case K_DROP: case K_ALTER: case K_USE:
	case K_WAITFOR: case K_OPEN: case K_CLOSE: case K_FETCH: case K_DEALLOCATE:
	case K_BEGIN: case K_WITH: case OPAQUE: case K_DBCC: case UPDATE_STATISTICS:
		return true;
	default:
		return false;
	}
}

static TsqlTok scan(TsqlParser *ps)
{
	TsqlTok t;
	memset(&t, 0, sizeof t);
	t.kind = fe_tsql_scan(&t.val, &t.loc, ps->scanner);
	if (t.kind == 0)
		t.loc.start = t.loc.end = (uint32_t)ps->len;
	return t;
}

static TsqlTok *peek(TsqlParser *ps, int i)
{
	while (ps->npeek <= i)
		ps->peek[ps->npeek++] = scan(ps);
	return &ps->peek[i];
}

static TsqlTok take(TsqlParser *ps)
{
	if (!ps->npeek)
		return scan(ps);
	TsqlTok t = ps->peek[0];
	ps->peek[0] = ps->peek[1];
	ps->npeek--;
	return t;
}

static bool is_word(const TsqlTok *t)
{
	return t->kind == IDENT || fe_tsql_keyword_unreserved(t->kind);
}

static bool opaque_kind(const TsqlTok *t, const char **what)
{
	switch (t->kind) {
	case K_VIEW: *what = "view"; return true;
	case K_PROC: case K_PROCEDURE: *what = "procedure"; return true;
	case K_FUNCTION: *what = "function"; return true;
	case K_TRIGGER: *what = "trigger"; return true;
	default: return false;
	}
}

/* CREATE [OR ALTER] VIEW|PROCEDURE|FUNCTION|TRIGGER and ALTER of the same
 * are recognised but kept opaque: the body runs to the end of the batch. */
static bool opaque_statement(TsqlParser *ps, TsqlTok *first)
{
	const char *what = NULL;
	int i = 0;
	if (first->kind != K_CREATE && first->kind != K_ALTER)
		return false;
	if (first->kind == K_CREATE && peek(ps, 0)->kind == K_OR && peek(ps, 1)->kind == K_ALTER)
		i = 2;
	if (i == 2) {
		take(ps);
		take(ps);
		i = 0;
	}
	if (!opaque_kind(peek(ps, i), &what))
		return false;
	take(ps);
	SqlStmt *s = fe_tsql_stmt(ps, first->loc, SQL_S_OPAQUE);
	s->u.opaque.what = what;
	TsqlTok t = take(ps);
	while (is_word(&t) || t.kind == '.') {
		if (t.kind != '.') {
			if (!s->u.opaque.name)
				s->u.opaque.name = fe_tsql_name(ps, t.loc, t.val.str);
			else
				fe_tsql_name_add(ps, s->u.opaque.name, t.val.str);
		}
		s->end = t.loc.end;
		t = take(ps);
	}
	while (t.kind != 0 && t.kind != GO_SEP) {
		s->end = t.loc.end;
		t = take(ps);
	}
	/* give the batch separator back */
	ps->peek[1] = ps->peek[0];
	ps->peek[0] = t;
	ps->npeek++;
	s->u.opaque.text = fe_tsql_intern(ps, ps->text + s->start, s->end - s->start);
	first->kind = OPAQUE;
	first->val.stmt = s;
	first->loc.end = s->end;
	return true;
}

/* The next token with the stream's rewrites applied. */
static TsqlTok next_token(TsqlParser *ps)
{
	TsqlTok t = take(ps);
	if (t.kind == PARAM) {
		t.val.str = ir_sprintf(ps->ctx->arena, "%d", ps->script->nparams++);
	} else if (t.kind == K_WITH && peek(ps, 0)->kind == '(') {
		t.kind = WITH_LPAREN;
		t.loc.end = take(ps).loc.end;
	} else if (t.kind == K_WITH && peek(ps, 0)->kind == IDENT && strcasecmp(peek(ps, 0)->val.str, "RESULT") == 0 &&
		   peek(ps, 1)->kind == IDENT && strcasecmp(peek(ps, 1)->val.str, "SETS") == 0) {
		t.kind = WITH_RESULT_SETS;
		take(ps);
		t.loc.end = take(ps).loc.end;
	} else if (t.kind == K_UPDATE && peek(ps, 0)->kind == IDENT && strcasecmp(peek(ps, 0)->val.str, "STATISTICS") == 0) {
		t.kind = UPDATE_STATISTICS;
		t.loc.end = take(ps).loc.end;
	} else if (t.kind == K_CREATE || t.kind == K_ALTER) {
		opaque_statement(ps, &t);
	}
	if (t.kind == ')' && ps->depth > 0)
		ps->depth--;
	t.loc.depth = (uint32_t)ps->depth;
	t.loc.cases = (uint32_t)ps->cases;
	if (t.kind == K_CASE)
		ps->cases++;
	else if (t.kind == K_END && ps->cases > 0)
		ps->cases--;
	if (t.kind == '(' || t.kind == WITH_LPAREN)
		ps->depth++;
	return t;
}

/* Is t where a skipped statement ends? */
static bool sync_point(TsqlParser *ps, const TsqlTok *t, uint32_t depth)
{
	if (t->kind == 0 || t->kind == ';' || t->kind == GO_SEP || t->kind == OPAQUE)
		return true;
	/* Only a query or a CTE may sit inside parentheses; any other statement
	 * keyword starts a statement even where a parenthesis is left open. */
	if (t->loc.depth > depth)
		return t->kind != K_SELECT && t->kind != K_WITH && starts_statement(t->kind);
	if ((t->kind == K_END || t->kind == K_ELSE) && ps->case_nest == 0)
		return true;
	return starts_statement(t->kind);
}

int sql_yylex(SQL_YYSTYPE *val, TsqlSpan *loc, TsqlParser *ps)
{
	TsqlTok t;
	if (ps->have_pending) {
		t = ps->pending;
		ps->have_pending = false;
		goto deliver;
	}
	t = next_token(ps);
	while (ps->recovering && !sync_point(ps, &t, ps->rec_depth)) {
		if (t.kind == K_CASE)
			ps->case_nest++;
		else if (t.kind == K_END && ps->case_nest > 0)
			ps->case_nest--;
		ps->recovering->end = t.loc.end;
		t = next_token(ps);
	}
	if (ps->recovering) {
		ps->cases = (int)ps->rec_cases;
		t.loc.cases = ps->rec_cases;
		ps->recovering->u.unparsed.resume = t.loc.start;
		ps->last_sync = t.loc.start;
		ps->recovering = NULL;
	}
	/* A batch may open with a procedure name alone: EXEC is implied. */
	if (ps->batch_start && is_word(&t)) {
		ps->pending = t;
		ps->have_pending = true;
		t.kind = IMPLICIT_EXEC;
		t.loc.end = t.loc.start;
	}
	ps->batch_start = t.kind == GO_SEP;
deliver:
	ps->prev_end = ps->cur.end;
	ps->cur = t.loc;
	*val = t.val;
	*loc = t.loc;
	return t.kind;
}

const char *fe_tsql_param_name(TsqlParser *ps, const char *index)
{
	return ir_sprintf(ps->ctx->arena, "?%s", index);
}

const char *fe_tsql_quote(TsqlParser *ps, const char *s)
{
	return ir_sprintf(ps->ctx->arena, "'%s'", s);
}

/* ---- errors and recovery -------------------------------------------------- */
void fe_tsql_syntax_error(TsqlParser *ps, const char *msg, uint32_t off)
{
	ps->err_msg = ir_strdup(ps->ctx->arena, msg);
	ps->err_off = off;
}

/* Called from the grammar's `stmt: error` rule with the span of what was
 * popped and the parser's lookahead.  Makes the UNPARSED statement; skips
 * the rest of it unless the lookahead already starts the next statement.
 * Sets ps->progress when input was consumed since the last recovery (so
 * that the parser may report errors again without looping). */
SqlStmt *fe_tsql_recover(TsqlParser *ps, TsqlSpan at, int *lookahead)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_UNPARSED);
	s->u.unparsed.reason = ps->err_msg;
	s->u.unparsed.error_loc = fe_tsql_loc(ps, ps->err_msg ? ps->err_off : at.start);
	ps->err_msg = NULL;
	/* CASEs opened inside the failed statement still wait for their END */
	ps->case_nest = ps->cases > (int)at.cases ? ps->cases - (int)at.cases : 0;
	ps->rec_depth = at.depth;
	ps->rec_cases = at.cases;
	if (*lookahead == SQL_YYEMPTY) {
		s->end = ps->cur.end > s->start ? ps->cur.end : s->start;
		ps->recovering = s;
		ps->progress = true;
		return s;
	}
	TsqlTok la = {.kind = *lookahead, .loc = ps->cur};
	bool again = ps->last_sync == la.loc.start && ps->have_sync;
	if (sync_point(ps, &la, at.depth) && !again) {
		s->end = ps->prev_end > s->start ? ps->prev_end : s->start;
		s->u.unparsed.resume = la.loc.start;
		ps->last_sync = la.loc.start;
		ps->have_sync = true;
		ps->progress = true;
		return s;
	}
	if (la.kind == SQL_YYEOF) {
		s->end = (uint32_t)ps->len;
		ps->progress = false;
		return s;
	}
	/* Swallow the lookahead and skip to the next statement. */
	s->end = la.loc.end;
	if (la.kind == K_CASE)
		ps->case_nest++;
	*lookahead = SQL_YYEMPTY;
	ps->recovering = s;
	ps->progress = true;
	ps->have_sync = true;
	return s;
}

/* ---- lists ------------------------------------------------------------------- */
IrVec *fe_tsql_list(TsqlParser *ps, void *item)
{
	IrVec *v = NEW(ps, IrVec);
	if (item)
		ir_vec_push(ps->ctx->arena, v, item);
	return v;
}

IrVec *fe_tsql_append(TsqlParser *ps, IrVec *list, void *item)
{
	if (!list)
		list = fe_tsql_list(ps, NULL);
	if (item)
		ir_vec_push(ps->ctx->arena, list, item);
	return list;
}

/* Appends a statement; an UNPARSED statement that begins where the previous
 * UNPARSED one let parsing resume is the same failure: merge them. */
IrVec *fe_tsql_stmts_append(TsqlParser *ps, IrVec *list, SqlStmt *s)
{
	if (s->kind == SQL_S_UNPARSED && list->len) {
		SqlStmt *prev = IR_VEC_AT(*list, SqlStmt, list->len - 1);
		if (prev->kind == SQL_S_UNPARSED && s->start <= prev->u.unparsed.resume) {
			if (s->end > prev->end)
				prev->end = s->end;
			prev->u.unparsed.resume = s->u.unparsed.resume;
			if (ps->recovering == s)
				ps->recovering = prev;
			return list;
		}
	}
	return fe_tsql_append(ps, list, s);
}

void fe_tsql_top_append(TsqlParser *ps, SqlStmt *s)
{
	fe_tsql_stmts_append(ps, &ps->script->stmts, s);
	ps->top_end = s->end;
}

IrVec *fe_tsql_word(TsqlParser *ps, const char *word)
{
	return fe_tsql_list(ps, (void *)word);
}

IrVec *fe_tsql_words(TsqlParser *ps, IrVec *list, const char *word)
{
	return fe_tsql_append(ps, list, (void *)word);
}

IrVec *fe_tsql_concat(TsqlParser *ps, IrVec *a, IrVec *b)
{
	if (!a)
		a = fe_tsql_list(ps, NULL);
	for (size_t i = 0; b && i < b->len; i++)
		ir_vec_push(ps->ctx->arena, a, b->items[i]);
	return a;
}

IrVec *fe_tsql_paren_words(TsqlParser *ps, IrVec *words)
{
	return fe_tsql_words(ps, fe_tsql_concat(ps, fe_tsql_word(ps, "("), words), ")");
}

/* Words of a hint or option list, split at the commas: NOLOCK, INDEX(ix)
 * gives "NOLOCK" and "INDEX(ix)". */
static IrVec split_words(TsqlParser *ps, const IrVec *words)
{
	IrVec out = {0};
	IrBuf b = {0};
	int depth = 0;
	for (size_t i = 0; words && i <= words->len; i++) {
		const char *w = i < words->len ? words->items[i] : NULL;
		if (!w || (depth == 0 && strcmp(w, ",") == 0)) {
			if (b.len)
				ir_vec_push(ps->ctx->arena, &out, (void *)upper_first_word(ps, b.data, b.len));
			b.len = 0;
			continue;
		}
		depth += strcmp(w, "(") == 0 ? 1 : strcmp(w, ")") == 0 ? -1 : 0;
		bool glue = b.len == 0 || strcmp(w, "(") == 0 || strcmp(w, ")") == 0 ||
			    (b.len && b.data[b.len - 1] == '(');
		if (!glue)
			ir_buf_puts(&b, " ");
		ir_buf_puts(&b, w);
	}
	ir_buf_free(&b);
	return out;
}

/* ---- names and types --------------------------------------------------------- */
SqlName *fe_tsql_name(TsqlParser *ps, TsqlSpan at, const char *part)
{
	SqlName *n = NEW(ps, SqlName);
	n->loc = fe_tsql_loc(ps, at.start);
	n->parts[n->nparts++] = part;
	return n;
}

SqlName *fe_tsql_name_add(TsqlParser *ps, SqlName *n, const char *part)
{
	if (n->nparts == 4) {
		ir_error(ps->ctx, n->loc, NULL, "a name has at most four parts (server.database.schema.object)");
		n->parts[3] = part;
		return n;
	}
	n->parts[n->nparts++] = part;
	return n;
}

SqlType *fe_tsql_type(TsqlParser *ps, TsqlSpan at, SqlName *name, long a, long b, int nargs)
{
	SqlType *t = NEW(ps, SqlType);
	t->loc = fe_tsql_loc(ps, at.start);
	t->name = name;
	t->nargs = nargs;
	t->args[0] = a;
	t->args[1] = b;
	return t;
}

long fe_tsql_type_arg(TsqlParser *ps, const char *num)
{
	(void)ps;
	return strtol(num, NULL, 10);
}

/* ---- expressions ------------------------------------------------------------- */
static SqlExpr *expr(TsqlParser *ps, TsqlSpan at, SqlExprKind k)
{
	SqlExpr *e = NEW(ps, SqlExpr);
	e->kind = k;
	e->loc = fe_tsql_loc(ps, at.start);
	return e;
}

/* A node with up to three operands (a, b, c as sqlast.h documents per kind). */
static SqlExpr *expr3(TsqlParser *ps, TsqlSpan at, SqlExprKind k, SqlExpr *a, SqlExpr *b, SqlExpr *c)
{
	SqlExpr *e = expr(ps, at, k);
	e->a = a;
	e->b = b;
	e->c = c;
	return e;
}

SqlExpr *fe_tsql_literal(TsqlParser *ps, TsqlSpan at, SqlExprKind k, const char *text)
{
	SqlExpr *e = expr(ps, at, k);
	e->text = k == SQL_E_GLOBAL ? upper(ps, text) : text;
	return e;
}

SqlExpr *fe_tsql_string(TsqlParser *ps, TsqlSpan at, const char *text, bool national)
{
	SqlExpr *e = expr(ps, at, SQL_E_STRING);
	e->text = text;
	e->national = national;
	return e;
}

/* Built-in functions written without parentheses. */
static const char *const niladic_functions[] = {
	"CURRENT_TIMESTAMP", "CURRENT_USER", "SESSION_USER", "SYSTEM_USER", "USER", "CURRENT_DATE", NULL,
};

SqlExpr *fe_tsql_column(TsqlParser *ps, TsqlSpan at, SqlName *name)
{
	if (name->nparts == 1 && in_list(name->parts[0], niladic_functions)) {
		SqlExpr *e = expr(ps, at, SQL_E_CALL);
		e->name = fe_tsql_name(ps, at, upper(ps, name->parts[0]));
		e->text = "niladic";
		return e;
	}
	SqlExpr *e = expr(ps, at, SQL_E_COLUMN);
	e->name = name;
	return e;
}

SqlExpr *fe_tsql_star(TsqlParser *ps, TsqlSpan at, SqlName *qualifier)
{
	SqlExpr *e = expr(ps, at, SQL_E_STAR);
	e->name = qualifier;
	return e;
}

SqlExpr *fe_tsql_param(TsqlParser *ps, TsqlSpan at, const char *index)
{
	SqlExpr *e = expr(ps, at, SQL_E_PARAM);
	e->param = atoi(index);
	return e;
}

SqlExpr *fe_tsql_unary(TsqlParser *ps, TsqlSpan at, SqlUnop op, SqlExpr *a)
{
	SqlExpr *e = expr3(ps, at, SQL_E_UNARY, a, NULL, NULL);
	e->uop = op;
	return e;
}

SqlExpr *fe_tsql_binary(TsqlParser *ps, TsqlSpan at, SqlBinop op, SqlExpr *a, SqlExpr *b)
{
	SqlExpr *e = expr3(ps, at, SQL_E_BINARY_OP, a, b, NULL);
	e->op = op;
	return e;
}

SqlExpr *fe_tsql_is_null(TsqlParser *ps, TsqlSpan at, SqlExpr *a, bool negated)
{
	SqlExpr *e = expr3(ps, at, SQL_E_IS_NULL, a, NULL, NULL);
	e->negated = negated;
	return e;
}

SqlExpr *fe_tsql_between(TsqlParser *ps, TsqlSpan at, SqlExpr *a, SqlExpr *lo, SqlExpr *hi, bool negated)
{
	SqlExpr *e = expr3(ps, at, SQL_E_BETWEEN, a, lo, hi);
	e->negated = negated;
	return e;
}

SqlExpr *fe_tsql_like(TsqlParser *ps, TsqlSpan at, SqlExpr *a, SqlExpr *pat, SqlExpr *esc, bool negated)
{
	SqlExpr *e = expr3(ps, at, SQL_E_LIKE, a, pat, esc);
	e->negated = negated;
	return e;
}

SqlExpr *fe_tsql_in_list(TsqlParser *ps, TsqlSpan at, SqlExpr *a, IrVec *list, bool negated)
{
	SqlExpr *e = expr(ps, at, SQL_E_IN_LIST);
	e->a = a;
	e->list = *list;
	e->negated = negated;
	return e;
}

SqlExpr *fe_tsql_in_query(TsqlParser *ps, TsqlSpan at, SqlExpr *a, SqlQuery *q, bool negated)
{
	SqlExpr *e = expr(ps, at, SQL_E_IN_QUERY);
	e->a = a;
	e->query = q;
	e->negated = negated;
	return e;
}

SqlExpr *fe_tsql_quantified(TsqlParser *ps, TsqlSpan at, SqlExpr *a, SqlBinop op, const char *q, SqlQuery *sub)
{
	SqlExpr *e = expr(ps, at, SQL_E_QUANTIFIED);
	e->a = a;
	e->op = op;
	e->text = q;
	e->query = sub;
	return e;
}

SqlExpr *fe_tsql_exists(TsqlParser *ps, TsqlSpan at, SqlQuery *q)
{
	SqlExpr *e = expr(ps, at, SQL_E_EXISTS);
	e->query = q;
	return e;
}

SqlExpr *fe_tsql_subquery(TsqlParser *ps, TsqlSpan at, SqlQuery *q)
{
	SqlExpr *e = expr(ps, at, SQL_E_SUBQUERY);
	e->query = q;
	return e;
}

SqlExpr *fe_tsql_paren(TsqlParser *ps, TsqlSpan at, SqlExpr *a)
{
	return expr3(ps, at, SQL_E_PAREN, a, NULL, NULL);
}

SqlExpr *fe_tsql_case(TsqlParser *ps, TsqlSpan at, SqlExpr *operand, IrVec *whens, SqlExpr *els)
{
	SqlExpr *e = expr3(ps, at, SQL_E_CASE, operand, NULL, els);
	e->list = *whens;
	return e;
}

SqlExpr *fe_tsql_when(TsqlParser *ps, TsqlSpan at, SqlExpr *cond, SqlExpr *result)
{
	return expr3(ps, at, SQL_E_WHEN, NULL, cond, result);
}

SqlExpr *fe_tsql_cast(TsqlParser *ps, TsqlSpan at, SqlExpr *a, SqlType *t, bool try_)
{
	SqlExpr *e = expr(ps, at, SQL_E_CAST);
	e->a = a;
	e->type = t;
	e->try_ = try_;
	return e;
}

SqlExpr *fe_tsql_convert(TsqlParser *ps, TsqlSpan at, SqlType *t, SqlExpr *a, SqlExpr *style, bool try_)
{
	SqlExpr *e = expr3(ps, at, SQL_E_CONVERT, a, style, NULL);
	e->type = t;
	e->try_ = try_;
	return e;
}

/* Functions whose first argument is a bare date part: DATEADD(day, ...). */
static const char *const datepart_functions[] = {
	"DATEADD", "DATEDIFF", "DATEDIFF_BIG", "DATEPART", "DATENAME", "DATETRUNC", "DATE_BUCKET", NULL,
};

SqlExpr *fe_tsql_call(TsqlParser *ps, TsqlSpan at, SqlName *name, IrVec *args, bool distinct)
{
	SqlExpr *e = expr(ps, at, SQL_E_CALL);
	e->name = name;
	if (args)
		e->list = *args;
	e->distinct = distinct;
	if (name->nparts == 1 && in_list(name->parts[0], datepart_functions) && e->list.len) {
		SqlExpr *first = e->list.items[0];
		if (first->kind == SQL_E_COLUMN && first->name->nparts == 1) {
			first->kind = SQL_E_DATEPART;
			first->text = lower(ps, first->name->parts[0]);
			first->name = NULL;
		}
	}
	return e;
}

SqlExpr *fe_tsql_call_star(TsqlParser *ps, TsqlSpan at, SqlName *name)
{
	SqlExpr *e = expr(ps, at, SQL_E_CALL);
	e->name = name;
	e->star = true;
	return e;
}

SqlExpr *fe_tsql_call_kw(TsqlParser *ps, TsqlSpan at, const char *name, IrVec *args)
{
	return fe_tsql_call(ps, at, fe_tsql_name(ps, at, name), args, false);
}

SqlExpr *fe_tsql_iif(TsqlParser *ps, TsqlSpan at, SqlExpr *cond, SqlExpr *a, SqlExpr *b)
{
	IrVec *args = fe_tsql_append(ps, fe_tsql_append(ps, fe_tsql_list(ps, cond), a), b);
	return fe_tsql_call(ps, at, fe_tsql_name(ps, at, "IIF"), args, false);
}

/* OPENJSON(...) WITH (column type 'path', ...): the schema as words. */
SqlExpr *fe_tsql_call_with(TsqlParser *ps, SqlExpr *call, IrVec *words)
{
	IrVec w = split_words(ps, words);
	for (size_t i = 0; i < w.len; i++)
		ir_vec_push(ps->ctx->arena, &call->within,
			    fe_tsql_order_item(ps, fe_tsql_string(ps, (TsqlSpan){0, 0, 0, 0}, w.items[i], false), false));
	return call;
}

SqlExpr *fe_tsql_over(TsqlParser *ps, SqlExpr *call, SqlWindow *w)
{
	(void)ps;
	call->over = w;
	return call;
}

SqlExpr *fe_tsql_within(TsqlParser *ps, SqlExpr *call, IrVec *order)
{
	(void)ps;
	call->within = *order;
	return call;
}

SqlExpr *fe_tsql_method(TsqlParser *ps, TsqlSpan at, SqlExpr *object, const char *method, IrVec *args)
{
	SqlExpr *e = fe_tsql_call(ps, at, fe_tsql_name(ps, at, method), args, false);
	e->a = object;
	return e;
}

SqlExpr *fe_tsql_collate(TsqlParser *ps, TsqlSpan at, SqlExpr *a, const char *collation)
{
	SqlExpr *e = expr(ps, at, SQL_E_COLLATE);
	e->a = a;
	e->text = collation;
	return e;
}

SqlWindow *fe_tsql_window(TsqlParser *ps, TsqlSpan at, IrVec *partition, IrVec *order, SqlWindow *frame)
{
	SqlWindow *w = frame ? frame : NEW(ps, SqlWindow);
	w->loc = fe_tsql_loc(ps, at.start);
	if (partition)
		w->partition = *partition;
	if (order)
		w->order = *order;
	return w;
}

SqlWindow *fe_tsql_frame(TsqlParser *ps, TsqlSpan at, int kind, SqlBound start, SqlBound end)
{
	SqlWindow *w = NEW(ps, SqlWindow);
	w->loc = fe_tsql_loc(ps, at.start);
	w->frame = kind;
	w->start = start;
	w->end = end;
	return w;
}

SqlBound fe_tsql_bound(SqlBoundKind kind, SqlExpr *offset)
{
	SqlBound b = {kind, offset};
	return b;
}

SqlOrderItem *fe_tsql_order_item(TsqlParser *ps, SqlExpr *e, bool desc)
{
	SqlOrderItem *o = NEW(ps, SqlOrderItem);
	o->expr = e;
	o->desc = desc;
	return o;
}

/* ---- queries ------------------------------------------------------------------- */
SqlSelect *fe_tsql_select(TsqlParser *ps, TsqlSpan at, bool distinct, SqlTop *top, IrVec *items,
			  SqlName *into, IrVec *from, SqlExpr *where, IrVec *group_by, SqlExpr *having)
{
	SqlSelect *s = NEW(ps, SqlSelect);
	s->loc = fe_tsql_loc(ps, at.start);
	s->distinct = distinct;
	s->top = top;
	s->items = *items;
	s->into = into;
	if (from)
		s->from = *from;
	s->where = where;
	if (group_by)
		s->group_by = *group_by;
	s->having = having;
	return s;
}

SqlTop *fe_tsql_top(TsqlParser *ps, SqlExpr *count, bool percent, bool ties)
{
	SqlTop *t = NEW(ps, SqlTop);
	t->count = count;
	t->percent = percent;
	t->with_ties = ties;
	return t;
}

SqlSelectItem *fe_tsql_item(TsqlParser *ps, TsqlSpan at, SqlExpr *e, const char *alias)
{
	SqlSelectItem *it = NEW(ps, SqlSelectItem);
	it->loc = fe_tsql_loc(ps, at.start);
	it->expr = e;
	it->alias = alias;
	return it;
}

static bool compound_op(int op, SqlBinop *out)
{
	static const struct { char c; SqlBinop op; } ops[] = {
		{'+', SQL_OP_ADD}, {'-', SQL_OP_SUB}, {'*', SQL_OP_MUL}, {'/', SQL_OP_DIV},
		{'%', SQL_OP_MOD}, {'&', SQL_OP_BITAND}, {'|', SQL_OP_BITOR}, {'^', SQL_OP_BITXOR},
	};
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
		if (ops[i].c == op) {
			*out = ops[i].op;
			return true;
		}
	return false;
}

SqlSelectItem *fe_tsql_item_assign(TsqlParser *ps, TsqlSpan at, const char *var, int op, SqlExpr *e)
{
	SqlSelectItem *it = fe_tsql_item(ps, at, e, NULL);
	it->assign = var;
	it->assign_compound = compound_op(op, &it->assign_op);
	return it;
}

SqlSelectItem *fe_tsql_item_alias_eq(TsqlParser *ps, TsqlSpan at, const char *alias, SqlExpr *e)
{
	return fe_tsql_item(ps, at, e, alias);
}

static SqlQuery *query(TsqlParser *ps, TsqlSpan at, SqlQueryKind k)
{
	SqlQuery *q = NEW(ps, SqlQuery);
	q->kind = k;
	q->loc = fe_tsql_loc(ps, at.start);
	return q;
}

SqlQuery *fe_tsql_query_select(TsqlParser *ps, TsqlSpan at, SqlSelect *s)
{
	SqlQuery *q = query(ps, at, SQL_Q_SELECT);
	q->select = s;
	return q;
}

SqlQuery *fe_tsql_query_setop(TsqlParser *ps, TsqlSpan at, SqlQueryKind k, bool all, SqlQuery *l, SqlQuery *r)
{
	SqlQuery *q = query(ps, at, k);
	q->all = all;
	q->left = l;
	q->right = r;
	return q;
}

SqlQuery *fe_tsql_query_values(TsqlParser *ps, TsqlSpan at, IrVec *rows)
{
	SqlQuery *q = query(ps, at, SQL_Q_VALUES);
	q->rows = *rows;
	return q;
}

SqlQuery *fe_tsql_query_paren(TsqlParser *ps, SqlQuery *q)
{
	(void)ps;
	return q;
}

SqlQuery *fe_tsql_query_order(TsqlParser *ps, SqlQuery *q, IrVec *order, SqlExpr *offset, SqlExpr *fetch)
{
	if (q->order_by.len || q->offset) {
		/* (SELECT ... ORDER BY a) ORDER BY b: nest so both are kept */
		SqlQuery *outer = NEW(ps, SqlQuery);
		outer->kind = SQL_Q_NESTED;
		outer->loc = q->loc;
		outer->left = q;
		q = outer;
	}
	q->order_by = *order;
	q->offset = offset;
	q->fetch = fetch;
	return q;
}

SqlQuery *fe_tsql_query_option(TsqlParser *ps, SqlQuery *q, IrVec *options)
{
	if (options)
		q->options = split_words(ps, options);
	return q;
}

SqlQuery *fe_tsql_query_for(TsqlParser *ps, SqlQuery *q, IrVec *words)
{
	q->for_clause = split_words(ps, words);
	return q;
}

SqlCte *fe_tsql_cte(TsqlParser *ps, TsqlSpan at, const char *name, IrVec *columns, SqlQuery *q)
{
	SqlCte *c = NEW(ps, SqlCte);
	c->loc = fe_tsql_loc(ps, at.start);
	c->name = name;
	if (columns)
		c->columns = *columns;
	c->query = q;
	return c;
}

/* ---- table references ------------------------------------------------------------ */
static SqlTableRef *table(TsqlParser *ps, TsqlSpan at, SqlTableKind k)
{
	SqlTableRef *t = NEW(ps, SqlTableRef);
	t->kind = k;
	t->loc = fe_tsql_loc(ps, at.start);
	return t;
}

SqlTableRef *fe_tsql_table(TsqlParser *ps, TsqlSpan at, SqlName *name, const char *alias, IrVec *hints)
{
	SqlTableRef *t = table(ps, at, SQL_T_NAMED);
	t->name = name;
	t->alias = alias;
	t->hints = split_words(ps, hints);
	return t;
}

/* Table hints that old code writes without WITH: FROM t (NOLOCK). */
static const char *const bare_hints[] = {
	"NOLOCK", "READUNCOMMITTED", "READCOMMITTED", "REPEATABLEREAD", "SERIALIZABLE", "HOLDLOCK",
	"TABLOCK", "TABLOCKX", "UPDLOCK", "ROWLOCK", "PAGLOCK", "XLOCK", "NOWAIT", "READPAST", NULL,
};

static bool all_bare_hints(const SqlExpr *call)
{
	if (call->star || call->distinct || !call->list.len)
		return false;
	for (size_t i = 0; i < call->list.len; i++) {
		const SqlExpr *a = call->list.items[i];
		if (a->kind != SQL_E_COLUMN || a->name->nparts != 1 || !in_list(a->name->parts[0], bare_hints))
			return false;
	}
	return true;
}

SqlTableRef *fe_tsql_table_call(TsqlParser *ps, TsqlSpan at, SqlExpr *call, const char *alias, IrVec *columns)
{
	if (call->kind == SQL_E_CALL && call->name && all_bare_hints(call) && !columns) {
		SqlTableRef *t = table(ps, at, SQL_T_NAMED);
		t->name = call->name;
		t->alias = alias;
		for (size_t i = 0; i < call->list.len; i++)
			ir_vec_push(ps->ctx->arena, &t->hints,
				    (void *)upper(ps, ((SqlExpr *)call->list.items[i])->name->parts[0]));
		return t;
	}
	SqlTableRef *t = table(ps, at, SQL_T_FUNCTION);
	t->call = call;
	t->alias = alias;
	if (columns)
		t->columns = *columns;
	return t;
}

SqlTableRef *fe_tsql_derived(TsqlParser *ps, TsqlSpan at, SqlQuery *q, const char *alias, IrVec *columns)
{
	SqlTableRef *t = table(ps, at, SQL_T_DERIVED);
	t->query = q;
	t->alias = alias;
	if (columns)
		t->columns = *columns;
	return t;
}

SqlTableRef *fe_tsql_join(TsqlParser *ps, TsqlSpan at, SqlJoinKind k, SqlTableRef *l, SqlTableRef *r, SqlExpr *on)
{
	SqlTableRef *t = table(ps, at, SQL_T_JOIN);
	t->join = k;
	t->left = l;
	t->right = r;
	t->on = on;
	return t;
}

SqlTableRef *fe_tsql_pivot(TsqlParser *ps, TsqlSpan at, SqlTableRef *src, const char *what, SqlExpr *agg,
			   SqlExpr *for_col, IrVec *values, const char *alias)
{
	SqlTableRef *t = table(ps, at, SQL_T_PIVOT);
	t->left = src;
	t->text = what;
	t->call = agg;
	t->on = for_col;
	t->values = *values;
	t->alias = alias;
	return t;
}

SqlTableRef *fe_tsql_paren_table(TsqlParser *ps, SqlTableRef *t)
{
	(void)ps;
	return t;
}

/* ---- statements ------------------------------------------------------------------ */
SqlStmt *fe_tsql_stmt(TsqlParser *ps, TsqlSpan at, SqlStmtKind k)
{
	SqlStmt *s = NEW(ps, SqlStmt);
	s->kind = k;
	s->loc = fe_tsql_loc(ps, at.start);
	s->start = at.start;
	s->end = at.end;
	return s;
}

/* Widens a statement to the span of the rule that wraps it (EXEC ...). */
SqlStmt *fe_tsql_span(TsqlParser *ps, SqlStmt *s, TsqlSpan at)
{
	s->loc = fe_tsql_loc(ps, at.start);
	s->start = at.start;
	s->end = at.end;
	return s;
}

SqlStmt *fe_tsql_select_stmt(TsqlParser *ps, TsqlSpan at, SqlQuery *q)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_SELECT);
	s->u.select = q;
	return s;
}

SqlStmt *fe_tsql_with_stmt(TsqlParser *ps, TsqlSpan at, IrVec *ctes, SqlStmt *s)
{
	s->loc = fe_tsql_loc(ps, at.start);
	s->start = at.start;
	switch (s->kind) {
	case SQL_S_SELECT: s->u.select->ctes = *ctes; break;
	case SQL_S_INSERT: s->u.insert.ctes = *ctes; break;
	case SQL_S_UPDATE: s->u.update.ctes = *ctes; break;
	case SQL_S_DELETE: s->u.del.ctes = *ctes; break;
	case SQL_S_MERGE: s->u.merge.ctes = *ctes; break;
	default: IR_ASSERT(!"a WITH clause on a statement that takes none");
	}
	return s;
}

SqlStmt *fe_tsql_insert(TsqlParser *ps, TsqlSpan at, SqlTop *top, SqlTableRef *target)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_INSERT);
	s->u.insert.top = top;
	s->u.insert.target = target->name;
	s->u.insert.hints = target->hints;
	return s;
}

SqlStmt *fe_tsql_insert_body(TsqlParser *ps, TsqlSpan at, SqlStmt *head, IrVec *columns, SqlOutput *output,
			     SqlStmt *source)
{
	head->end = at.end;
	if (columns)
		head->u.insert.columns = *columns;
	head->u.insert.output = output;
	if (!source)
		head->u.insert.default_values = true;
	else if (source->kind == SQL_S_SELECT)
		head->u.insert.query = source->u.select;
	else
		head->u.insert.exec = source;
	(void)ps;
	return head;
}

SqlStmt *fe_tsql_update(TsqlParser *ps, TsqlSpan at, SqlTop *top, SqlTableRef *target, IrVec *set,
			SqlOutput *output, IrVec *from, SqlExpr *where, IrVec *options)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_UPDATE);
	s->u.update.top = top;
	s->u.update.target = target;
	s->u.update.set = *set;
	s->u.update.output = output;
	if (from)
		s->u.update.from = *from;
	s->u.update.where = where;
	s->u.update.options = split_words(ps, options);
	return s;
}

SqlStmt *fe_tsql_delete(TsqlParser *ps, TsqlSpan at, SqlTop *top, SqlTableRef *target, SqlOutput *output,
			IrVec *from, SqlExpr *where, IrVec *options)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_DELETE);
	s->u.del.top = top;
	s->u.del.target = target;
	s->u.del.output = output;
	if (from)
		s->u.del.from = *from;
	s->u.del.where = where;
	s->u.del.options = split_words(ps, options);
	return s;
}

SqlStmt *fe_tsql_where_current(TsqlParser *ps, SqlStmt *s, const char *cursor)
{
	(void)ps;
	if (s->kind == SQL_S_UPDATE)
		s->u.update.cursor = cursor;
	else
		s->u.del.cursor = cursor;
	return s;
}

SqlStmt *fe_tsql_merge(TsqlParser *ps, TsqlSpan at, SqlTop *top, SqlTableRef *target, SqlTableRef *source,
		       SqlExpr *on, IrVec *clauses, SqlOutput *output, IrVec *options)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_MERGE);
	s->u.merge.top = top;
	s->u.merge.target = target;
	s->u.merge.source = source;
	s->u.merge.on = on;
	s->u.merge.clauses = *clauses;
	s->u.merge.output = output;
	s->u.merge.options = split_words(ps, options);
	return s;
}

SqlMergeClause *fe_tsql_merge_clause(TsqlParser *ps, TsqlSpan at, SqlMergeMatch m, SqlExpr *cond, SqlMergeClause *action)
{
	action->loc = fe_tsql_loc(ps, at.start);
	action->match = m;
	action->cond = cond;
	return action;
}

SqlMergeClause *fe_tsql_merge_action(TsqlParser *ps, SqlMergeAction a, IrVec *set, IrVec *columns, IrVec *values)
{
	SqlMergeClause *c = NEW(ps, SqlMergeClause);
	c->action = a;
	if (set)
		c->set = *set;
	if (columns)
		c->columns = *columns;
	if (values)
		c->values = *values;
	c->default_values = a == SQL_MERGE_INSERT && !values;
	return c;
}

SqlAssign *fe_tsql_assign(TsqlParser *ps, TsqlSpan at, const char *var, SqlExpr *target, int op, SqlExpr *value)
{
	SqlAssign *a = NEW(ps, SqlAssign);
	a->loc = fe_tsql_loc(ps, at.start);
	a->var = var;
	a->target = target;
	a->compound = compound_op(op, &a->op);
	a->value = value;
	return a;
}

SqlOutput *fe_tsql_output(TsqlParser *ps, TsqlSpan at, IrVec *items, SqlName *into, IrVec *columns)
{
	SqlOutput *o = NEW(ps, SqlOutput);
	o->loc = fe_tsql_loc(ps, at.start);
	o->items = *items;
	o->into = into;
	if (columns)
		o->into_columns = *columns;
	return o;
}

SqlStmt *fe_tsql_truncate(TsqlParser *ps, TsqlSpan at, SqlName *table_name)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_TRUNCATE);
	s->u.truncate.table = table_name;
	return s;
}

SqlStmt *fe_tsql_declare(TsqlParser *ps, TsqlSpan at, IrVec *vars)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_DECLARE);
	s->u.declare.vars = *vars;
	return s;
}

SqlDeclare *fe_tsql_declare_var(TsqlParser *ps, TsqlSpan at, const char *var, SqlType *t, SqlExpr *init)
{
	SqlDeclare *d = NEW(ps, SqlDeclare);
	d->loc = fe_tsql_loc(ps, at.start);
	d->var = var;
	d->type = t;
	d->init = init;
	return d;
}

SqlDeclare *fe_tsql_declare_table(TsqlParser *ps, TsqlSpan at, const char *var, IrVec *items)
{
	SqlDeclare *d = fe_tsql_declare_var(ps, at, var, NULL, NULL);
	d->is_table = true;
	d->table = *items;
	return d;
}

SqlDeclare *fe_tsql_declare_cursor(TsqlParser *ps, TsqlSpan at, const char *name, IrVec *options, SqlQuery *q)
{
	SqlDeclare *d = fe_tsql_declare_var(ps, at, name, NULL, NULL);
	d->is_cursor = true;
	if (options)
		d->cursor_options = *options;
	d->cursor_query = q;
	return d;
}

SqlStmt *fe_tsql_set_var(TsqlParser *ps, TsqlSpan at, const char *var, int op, SqlExpr *value)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_SET_VAR);
	s->u.set_var.var = var;
	s->u.set_var.compound = compound_op(op, &s->u.set_var.op);
	s->u.set_var.value = value;
	return s;
}

SqlStmt *fe_tsql_set_cursor(TsqlParser *ps, TsqlSpan at, const char *var, IrVec *options, SqlQuery *q)
{
	SqlStmt *s = fe_tsql_set_var(ps, at, var, '=', NULL);
	s->u.set_var.cursor_query = q;
	if (options)
		s->u.set_var.cursor_options = *options;
	return s;
}

SqlStmt *fe_tsql_set_option(TsqlParser *ps, TsqlSpan at, IrVec *words, SqlExpr *value)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_SET_OPTION);
	bool identity_insert = words->len && strcmp(words->items[0], "IDENTITY_INSERT") == 0;
	for (size_t i = 0; i < words->len; i++) {
		const char *w = words->items[i];
		/* option names in upper case; the table of IDENTITY_INSERT as written */
		ir_vec_push(ps->ctx->arena, &s->u.set_option.words, (void *)(identity_insert && i ? w : upper(ps, w)));
	}
	s->u.set_option.value = value;
	return s;
}

SqlStmt *fe_tsql_if(TsqlParser *ps, TsqlSpan at, SqlExpr *cond, SqlStmt *then, SqlStmt *els)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_IF);
	s->u.if_.cond = cond;
	s->u.if_.then = then;
	s->u.if_.els = els;
	return s;
}

SqlStmt *fe_tsql_block(TsqlParser *ps, TsqlSpan at, IrVec *stmts)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_BLOCK);
	s->u.block.stmts = *stmts;
	return s;
}

SqlStmt *fe_tsql_try(TsqlParser *ps, TsqlSpan at, IrVec *body, IrVec *handler)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_TRY);
	s->u.try_.body = *body;
	s->u.try_.handler = *handler;
	return s;
}

SqlStmt *fe_tsql_while(TsqlParser *ps, TsqlSpan at, SqlExpr *cond, SqlStmt *body)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_WHILE);
	s->u.while_.cond = cond;
	s->u.while_.body = body;
	return s;
}

SqlStmt *fe_tsql_value_stmt(TsqlParser *ps, TsqlSpan at, SqlStmtKind k, SqlExpr *value)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, k);
	s->u.ret.value = value;
	return s;
}

SqlStmt *fe_tsql_raise(TsqlParser *ps, TsqlSpan at, SqlStmtKind k, IrVec *args, IrVec *options)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, k);
	if (args)
		s->u.raise.args = *args;
	for (size_t i = 0; options && i < options->len; i++)
		ir_vec_push(ps->ctx->arena, &s->u.raise.options, (void *)upper(ps, options->items[i]));
	return s;
}

SqlStmt *fe_tsql_exec_proc(TsqlParser *ps, TsqlSpan at, const char *ret, SqlName *proc, const char *proc_var,
			   IrVec *args)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_EXEC);
	s->u.exec.return_var = ret;
	s->u.exec.proc = proc;
	s->u.exec.proc_var = proc_var;
	if (args)
		s->u.exec.args = *args;
	return s;
}

SqlStmt *fe_tsql_exec_dynamic(TsqlParser *ps, TsqlSpan at, IrVec *parts, const char *at_server)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_EXEC);
	s->u.exec.dynamic = *parts;
	s->u.exec.at = at_server;
	return s;
}

SqlStmt *fe_tsql_exec_with(TsqlParser *ps, SqlStmt *exec, IrVec *words)
{
	exec->u.exec.result_sets = split_words(ps, words);
	return exec;
}

SqlExecArg *fe_tsql_exec_arg(TsqlParser *ps, TsqlSpan at, const char *param, SqlExpr *value, bool output)
{
	SqlExecArg *a = NEW(ps, SqlExecArg);
	a->loc = fe_tsql_loc(ps, at.start);
	a->param = param;
	a->value = value;
	a->output = output;
	return a;
}

SqlStmt *fe_tsql_tran(TsqlParser *ps, TsqlSpan at, SqlStmtKind k, const char *name, bool distributed)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, k);
	s->u.tran.name = name;
	s->u.tran.distributed = distributed;
	return s;
}

SqlStmt *fe_tsql_create_table(TsqlParser *ps, TsqlSpan at, SqlName *table_name, IrVec *items, IrVec *options)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_CREATE_TABLE);
	s->u.create_table.table = table_name;
	s->u.create_table.items = *items;
	s->u.create_table.options = split_words(ps, options);
	return s;
}

SqlStmt *fe_tsql_alter_table(TsqlParser *ps, TsqlSpan at, SqlName *table_name, SqlAlterAction a, IrVec *items,
			     IrVec *names, bool if_exists)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_ALTER_TABLE);
	s->u.alter_table.table = table_name;
	s->u.alter_table.action = a;
	if (items)
		s->u.alter_table.items = *items;
	if (names)
		s->u.alter_table.names = *names;
	s->u.alter_table.if_exists = if_exists;
	return s;
}

SqlTableItem *fe_tsql_item_column(TsqlParser *ps, SqlColumnDef *c)
{
	SqlTableItem *it = NEW(ps, SqlTableItem);
	it->column = c;
	return it;
}

SqlTableItem *fe_tsql_item_constraint(TsqlParser *ps, SqlConstraint *c)
{
	SqlTableItem *it = NEW(ps, SqlTableItem);
	it->constraint = c;
	return it;
}

/* Column attributes arrive as pseudo-constraints (TSQL_ATTR_*); fold them
 * into the column definition and keep the real constraints. */
SqlColumnDef *fe_tsql_column_def(TsqlParser *ps, TsqlSpan at, const char *name, SqlType *t, IrVec *attrs)
{
	SqlColumnDef *c = NEW(ps, SqlColumnDef);
	c->loc = fe_tsql_loc(ps, at.start);
	c->name = name;
	c->type = t;
	c->nullable = -1;
	for (size_t i = 0; attrs && i < attrs->len; i++) {
		SqlConstraint *a = attrs->items[i];
		switch ((int)a->kind) {
		case TSQL_ATTR_NULL: c->nullable = 1; break;
		case TSQL_ATTR_NOT_NULL: c->nullable = 0; break;
		case TSQL_ATTR_IDENTITY:
			c->identity = true;
			c->identity_seed = a->expr;
			c->identity_step = a->ref_columns.len ? a->ref_columns.items[0] : NULL;
			break;
		case TSQL_ATTR_COLLATE: c->collate = a->name; break;
		case TSQL_ATTR_OTHER: break;
		default: ir_vec_push(ps->ctx->arena, &c->constraints, a); break;
		}
	}
	return c;
}

SqlColumnDef *fe_tsql_computed_column(TsqlParser *ps, TsqlSpan at, const char *name, SqlExpr *e)
{
	SqlColumnDef *c = fe_tsql_column_def(ps, at, name, NULL, NULL);
	c->computed = e;
	return c;
}

SqlConstraint *fe_tsql_constraint(TsqlParser *ps, TsqlSpan at, SqlConstraintKind k, IrVec *columns,
				  SqlName *ref, IrVec *ref_columns, SqlExpr *e)
{
	SqlConstraint *c = NEW(ps, SqlConstraint);
	c->loc = fe_tsql_loc(ps, at.start);
	c->kind = k;
	if (columns)
		c->columns = *columns;
	c->ref_table = ref;
	if (ref_columns)
		c->ref_columns = *ref_columns;
	c->expr = e;
	return c;
}

SqlConstraint *fe_tsql_constraint_named(TsqlParser *ps, SqlConstraint *c, const char *name)
{
	(void)ps;
	c->name = name;
	return c;
}

SqlConstraint *fe_tsql_constraint_clustered(TsqlParser *ps, SqlConstraint *c, int clustered)
{
	(void)ps;
	c->clustered = clustered == 1;
	c->nonclustered = clustered == 2;
	return c;
}

SqlConstraint *fe_tsql_constraint_options(TsqlParser *ps, SqlConstraint *c, IrVec *options)
{
	c->options = split_words(ps, options);
	return c;
}

SqlConstraint *fe_tsql_constraint_for(TsqlParser *ps, SqlConstraint *c, const char *column)
{
	(void)ps;
	c->for_column = column;
	return c;
}

SqlConstraint *fe_tsql_attr(TsqlParser *ps, TsqlSpan at, int kind, SqlExpr *a, SqlExpr *b, const char *text)
{
	SqlConstraint *c = NEW(ps, SqlConstraint);
	c->loc = fe_tsql_loc(ps, at.start);
	c->kind = (SqlConstraintKind)kind;
	c->expr = a;
	if (b)
		ir_vec_push(ps->ctx->arena, &c->ref_columns, b);
	c->name = text;
	return c;
}

SqlStmt *fe_tsql_drop(TsqlParser *ps, TsqlSpan at, const char *object, bool if_exists, IrVec *names, SqlName *on)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_DROP);
	s->u.drop.object = lower(ps, object);
	s->u.drop.if_exists = if_exists;
	s->u.drop.names = *names;
	s->u.drop.on = on;
	return s;
}

SqlStmt *fe_tsql_create_index(TsqlParser *ps, TsqlSpan at, int flags, const char *name, SqlName *table_name,
			      IrVec *columns, IrVec *include, SqlExpr *where, IrVec *options)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_CREATE_INDEX);
	s->u.create_index.unique = flags & 1;
	s->u.create_index.clustered = flags & 2;
	s->u.create_index.nonclustered = flags & 4;
	s->u.create_index.name = name;
	s->u.create_index.table = table_name;
	for (size_t i = 0; columns && i < columns->len; i++) {
		void *col = columns->items[i];
		if (flags & 8) /* COLUMNSTORE: plain names */
			col = fe_tsql_order_item(ps, fe_tsql_column(ps, at, fe_tsql_name(ps, at, col)), false);
		ir_vec_push(ps->ctx->arena, &s->u.create_index.columns, col);
	}
	if (include)
		s->u.create_index.include = *include;
	s->u.create_index.where = where;
	s->u.create_index.options = split_words(ps, options);
	if (flags & 8)
		ir_vec_push(ps->ctx->arena, &s->u.create_index.options, (void *)"COLUMNSTORE");
	return s;
}

SqlStmt *fe_tsql_opaque_stmt(TsqlParser *ps, TsqlSpan at, const char *what, SqlName *name, IrVec *words)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_OPAQUE);
	s->u.opaque.what = what;
	s->u.opaque.name = name;
	s->u.opaque.words = split_words(ps, words);
	s->u.opaque.text = fe_tsql_intern(ps, ps->text + at.start, at.end - at.start);
	return s;
}

SqlStmt *fe_tsql_use(TsqlParser *ps, TsqlSpan at, const char *db)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_USE);
	s->u.use.db = db;
	return s;
}

SqlStmt *fe_tsql_go(TsqlParser *ps, TsqlSpan at, const char *text)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_GO);
	const char *p = text + 2;
	s->u.go.count = *p ? strtol(p, NULL, 10) : 1;
	return s;
}

SqlStmt *fe_tsql_cursor_op(TsqlParser *ps, TsqlSpan at, const char *op, const char *cursor, IrVec *into)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_CURSOR_OP);
	s->u.cursor.op = op;
	s->u.cursor.cursor = cursor;
	if (into)
		s->u.cursor.into = *into;
	return s;
}

SqlStmt *fe_tsql_waitfor(TsqlParser *ps, TsqlSpan at, const char *what, SqlExpr *value)
{
	SqlStmt *s = fe_tsql_stmt(ps, at, SQL_S_WAITFOR);
	s->u.waitfor.what = what;
	s->u.waitfor.value = value;
	return s;
}
