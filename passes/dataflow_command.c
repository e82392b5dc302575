/* dataflow_command.c — the OLE DB Command, which runs a statement once per
 * input row with `?` bound to input columns.  The common shapes become
 * set-based sinks: `UPDATE t SET c = ?, ... WHERE k = ? AND ...` an update,
 * `DELETE FROM t WHERE k = ? AND ...` a delete, `INSERT INTO t (...)
 * VALUES (...)` an append; any other statement a placeholder that keeps
 * it.  Rows pass on. */
#include <string.h>
#include <strings.h>

#include "dataflow.h"

/* ---- a small tokenizer for the statement ---------------------------------- */
typedef enum TokKind { T_END, T_IDENT, T_QMARK, T_EQ, T_COMMA, T_DOT, T_SEMI, T_LPAREN, T_RPAREN, T_STR, T_NUM, T_OTHER } TokKind;

typedef struct Tok {
	TokKind k;
	const char *s;      /* identifiers: unquoted; strings: the value */
	bool quoted;        /* a [bracketed] or "quoted" identifier is never a keyword */
} Tok;

typedef struct Lexer {
	DfLower *L;
	const char *p;
	Tok t;
	int nparams;
} Lexer;

static bool is_ident_char(char ch, bool first)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '@' || ch == '#' ||
	       (!first && ((ch >= '0' && ch <= '9') || ch == '$'));
}

/* A quoted token: [a]]b] or "a""b" or 'it''s'. */
static const char *quoted(Lexer *x, char close)
{
	IrBuf b = {0};
	const char *p = x->p + 1;
	for (;; p++) {
		if (!*p) {
			ir_buf_free(&b);
			return NULL;
		}
		if (*p == close && p[1] == close) {
			ir_buf_put(&b, p, 1);
			p++;
		} else if (*p == close) {
			break;
		} else {
			ir_buf_put(&b, p, 1);
		}
	}
	x->p = p + 1;
	const char *s = ir_strndup(x->L->c->arena, b.data ? b.data : "", b.len);
	ir_buf_free(&b);
	return s;
}

static void next(Lexer *x)
{
	while (*x->p == ' ' || *x->p == '\t' || *x->p == '\r' || *x->p == '\n')
		x->p++;
	if (x->p[0] == '-' && x->p[1] == '-') {
		while (*x->p && *x->p != '\n')
			x->p++;
		next(x);
		return;
	}
	const char *p = x->p;
	x->t = (Tok){T_OTHER, NULL, false};
	if (!*p) {
		x->t.k = T_END;
	} else if ((*p == 'N' || *p == 'n') && p[1] == '\'') {
		x->p++;             /* N'...': a Unicode string literal */
		next(x);
		return;
	} else if (*p == '[' || *p == '"' || *p == '\'') {
		x->t.k = *p == '\'' ? T_STR : T_IDENT;
		x->t.quoted = true;
		x->t.s = quoted(x, *p == '[' ? ']' : *p);
		if (!x->t.s)
			x->t.k = T_OTHER;
		return;
	} else if (is_ident_char(*p, true)) {
		while (is_ident_char(*x->p, false))
			x->p++;
		x->t.k = T_IDENT;
		x->t.s = ir_strndup(x->L->c->arena, p, (size_t)(x->p - p));
		return;
	} else if ((*p >= '0' && *p <= '9') || (*p == '-' && p[1] >= '0' && p[1] <= '9')) {
		x->p++;
		while ((*x->p >= '0' && *x->p <= '9') || *x->p == '.')
			x->p++;
		x->t.k = T_NUM;
		x->t.s = ir_strndup(x->L->c->arena, p, (size_t)(x->p - p));
		return;
	} else {
		static const char singles[] = "?=,.;()";
		static const TokKind kinds[] = {T_QMARK, T_EQ, T_COMMA, T_DOT, T_SEMI, T_LPAREN, T_RPAREN};
		const char *at = strchr(singles, *p);
		x->t.k = at ? kinds[at - singles] : T_OTHER;
	}
	x->p++;
}

static bool keyword(const Lexer *x, const char *kw)
{
	return x->t.k == T_IDENT && !x->t.quoted && strcasecmp(x->t.s, kw) == 0;
}

static bool accept_kw(Lexer *x, const char *kw)
{
	if (!keyword(x, kw))
		return false;
	next(x);
	return true;
}

/* A possibly qualified name: the parts, last one is the object. */
static int name(Lexer *x, const char **parts, int max)
{
	int n = 0;
	if (x->t.k != T_IDENT)
		return 0;
	for (;;) {
		if (n < max)
			parts[n++] = x->t.s;
		next(x);
		if (x->t.k != T_DOT)
			return n;
		next(x);
		if (x->t.k != T_IDENT)
			return 0;
	}
}

/* ---- the UPDATE statement ---------------------------------------------------- */
typedef struct Assign {
	const char *column;
	int param;               /* ordinal of its ?, or -1 */
	IrSqlx *value;           /* a constant, when param < 0 */
} Assign;

typedef struct Update {
	const char *schema, *table;
	Assign set[128], keys[32];
	size_t nset, nkeys;
	IrSqlx *where;           /* constant conditions on table columns */
} Update;

/* GETDATE() / SYSDATETIME() / CURRENT_TIMESTAMP: the time of the update. */
static bool now_call(Lexer *x, Assign *a)
{
	static const char *const fns[] = {"GETDATE", "SYSDATETIME", "GETUTCDATE"};
	if (keyword(x, "CURRENT_TIMESTAMP")) {
		a->value = ir_sqlx_func(x->L->c, (IrLoc){0}, "getdate", 0);
		next(x);
		return true;
	}
	for (size_t i = 0; i < sizeof fns / sizeof *fns; i++) {
		if (!keyword(x, fns[i]))
			continue;
		next(x);
		if (x->t.k != T_LPAREN)
			break;
		next(x);
		if (x->t.k != T_RPAREN)
			break;
		next(x);
		a->value = ir_sqlx_func(x->L->c, (IrLoc){0}, i == 2 ? "getutcdate" : "getdate", 0);
		return true;
	}
	return false;
}

static bool value(Lexer *x, Assign *a)
{
	a->param = -1;
	if (keyword(x, "NULL")) {
		a->value = NULL;
		next(x);
		return true;
	}
	if (x->t.k == T_IDENT && !x->t.quoted)
		return now_call(x, a);
	if (x->t.k == T_QMARK)
		a->param = x->nparams++;
	else if (x->t.k == T_STR)
		a->value = ir_rel_e_str(x->L->c, x->t.s);
	else if (x->t.k == T_NUM && !strchr(x->t.s, '.'))
		a->value = ir_sqlx_lit(x->L->c, (IrLoc){0}, IR_SQLX_LIT_INT, x->t.s);
	else
		return false;
	next(x);
	return true;
}

static bool assignment(Lexer *x, Assign *a)
{
	const char *parts[4];
	int n = name(x, parts, 4);
	if (!n || x->t.k != T_EQ)
		return false;
	a->column = parts[n - 1];
	next(x);
	return value(x, a) && (a->param >= 0 || a->value);
}

static void add_where(Lexer *x, Update *u, IrSqlx *cond)
{
	u->where = u->where ? ir_sqlx_op2(x->L->c, cond->loc, IR_SQLX_AND, u->where, cond) : cond;
}

static bool condition(Lexer *x, Update *u)
{
	const char *parts[4];
	int n = name(x, parts, 4);
	if (!n)
		return false;
	IrSqlx *col = ir_sqlx_column(x->L->c, (IrLoc){0}, NULL, parts[n - 1]);
	if (accept_kw(x, "IS")) {
		bool neg = accept_kw(x, "NOT");
		if (!accept_kw(x, "NULL"))
			return false;
		add_where(x, u, ir_sqlx_is_null(x->L->c, (IrLoc){0}, col, neg));
		return true;
	}
	Assign a = {parts[n - 1], -1, NULL};
	if (x->t.k != T_EQ)
		return false;
	next(x);
	if (!value(x, &a) || (a.param < 0 && !a.value))
		return false;
	if (a.param >= 0) {
		if (u->nkeys == sizeof u->keys / sizeof *u->keys)
			return false;
		u->keys[u->nkeys++] = a;
	} else {
		add_where(x, u, ir_sqlx_op2(x->L->c, (IrLoc){0}, IR_SQLX_EQ, col, a.value));
	}
	return true;
}

static bool table_name(Lexer *x, const char **schema, const char **table)
{
	const char *parts[4];
	int n = name(x, parts, 4);
	if (!n)
		return false;
	*table = parts[n - 1];
	*schema = n >= 2 && *parts[n - 2] ? parts[n - 2] : "dbo";
	return true;
}

/* cond AND cond ... [;] to the end of the statement. */
static bool conditions_to_end(Lexer *x, Update *u)
{
	do {
		if (!condition(x, u))
			return false;
	} while (accept_kw(x, "AND"));
	while (x->t.k == T_SEMI)
		next(x);
	return x->t.k == T_END;
}

/* WITH (UPDLOCK, ROWLOCK, ...): locking hints, of no effect on the result. */
static bool skip_table_hints(Lexer *x)
{
	next(x);
	if (x->t.k != T_LPAREN)
		return false;
	do {
		next(x);
		if (x->t.k != T_IDENT)
			return false;
		next(x);
	} while (x->t.k == T_COMMA);
	if (x->t.k != T_RPAREN)
		return false;
	next(x);
	return true;
}

static bool parse_update(DfLower *L, const char *sql, Update *u)
{
	Lexer x = {L, sql, {0}, 0};
	const char *parts[4];
	next(&x);
	if (!accept_kw(&x, "UPDATE"))
		return false;
	int n = name(&x, parts, 4);
	if (n && keyword(&x, "WITH") && !skip_table_hints(&x))
		return false;
	if (!n || !accept_kw(&x, "SET"))
		return false;
	u->table = parts[n - 1];
	u->schema = n >= 2 && *parts[n - 2] ? parts[n - 2] : "dbo";
	do {
		if (u->nset == sizeof u->set / sizeof *u->set || !assignment(&x, &u->set[u->nset++]))
			return false;
	} while (x.t.k == T_COMMA && (next(&x), true));
	if (accept_kw(&x, "WHERE"))
		return conditions_to_end(&x, u) && u->nkeys > 0;
	while (x.t.k == T_SEMI)
		next(&x);
	return x.t.k == T_END && u->nkeys > 0;
}

/* `c IS [NOT] NULL` and `c = constant` joined by AND, with no parameter:
 * a condition on a table's columns (the SCD wizard's CurrentRowWhere). */
IrSqlx *df_table_condition(DfLower *L, const char *text)
{
	Lexer x = {L, text ? text : "", {0}, 0};
	Update *u = ir_alloc(L->c->arena, sizeof *u);
	next(&x);
	return conditions_to_end(&x, u) && u->nkeys == 0 ? u->where : NULL;
}

/* SELECT c, ... FROM t: the table a lookup query reads whole. */
bool df_select_table(DfLower *L, const char *sql, const char **schema, const char **table)
{
	Lexer x = {L, sql ? sql : "", {0}, 0};
	const char *parts[4];
	next(&x);
	if (!accept_kw(&x, "SELECT"))
		return false;
	do {
		if (keyword(&x, "FROM") || !name(&x, parts, 4))
			return false;
	} while (x.t.k == T_COMMA && (next(&x), true));
	if (!accept_kw(&x, "FROM"))
		return false;
	int n = name(&x, parts, 4);
	while (x.t.k == T_SEMI)
		next(&x);
	if (!n || x.t.k != T_END)
		return false;
	*table = parts[n - 1];
	*schema = n >= 2 && *parts[n - 2] ? parts[n - 2] : "dbo";
	return true;
}

/* DELETE [FROM] t WHERE k = ? AND ...: the keys and conditions as an
 * UPDATE's, nothing set. */
static bool parse_delete(DfLower *L, const char *sql, Update *u)
{
	Lexer x = {L, sql, {0}, 0};
	next(&x);
	if (!accept_kw(&x, "DELETE"))
		return false;
	accept_kw(&x, "FROM");
	return table_name(&x, &u->schema, &u->table) && accept_kw(&x, "WHERE") && conditions_to_end(&x, u) &&
	       u->nkeys > 0;
}

/* INSERT [INTO] t (c, ...) VALUES (v, ...): every input row appends one
 * row; the values are parameters or constants. */
typedef struct Insert {
	const char *schema, *table;
	Assign values[256];
	size_t n;
} Insert;

static bool parse_insert(DfLower *L, const char *sql, Insert *ins)
{
	Lexer x = {L, sql, {0}, 0};
	next(&x);
	if (!accept_kw(&x, "INSERT"))
		return false;
	accept_kw(&x, "INTO");
	if (!table_name(&x, &ins->schema, &ins->table) || x.t.k != T_LPAREN)
		return false;
	do {
		next(&x);
		const char *parts[4];
		int n = name(&x, parts, 4);
		if (!n || ins->n == sizeof ins->values / sizeof *ins->values)
			return false;
		ins->values[ins->n++].column = parts[n - 1];
	} while (x.t.k == T_COMMA);
	if (x.t.k != T_RPAREN)
		return false;
	next(&x);
	if (!accept_kw(&x, "VALUES") || x.t.k != T_LPAREN)
		return false;
	size_t k = 0;
	do {
		next(&x);
		if (k == ins->n || !value(&x, &ins->values[k++]))
			return false;
	} while (x.t.k == T_COMMA);
	if (x.t.k != T_RPAREN || k != ins->n)
		return false;
	next(&x);
	while (x.t.k == T_SEMI)
		next(&x);
	return x.t.k == T_END;
}

/* ---- binding the parameters ------------------------------------------------- */
/* The input column bound to parameter `i`: the one mapped to the external
 * column Param_i (or, failing that, to the i-th external column). */
static const RelCol *param_col(DfLower *L, const IrComponent *comp, const RelNode *in, int i, IrType *type)
{
	const IrPort *p = df_main_input(comp);
	const char *want = ir_sprintf(L->c->arena, "Param_%d", i);
	const IrColumn *ext = NULL;
	for (size_t k = 0; k < p->external_columns.len && !ext; k++) {
		const IrColumn *e = IR_VEC_AT(p->external_columns, IrColumn, k);
		if (e->name && strcasecmp(e->name, want) == 0)
			ext = e;
	}
	if (!ext && (size_t)i < p->external_columns.len)
		ext = IR_VEC_AT(p->external_columns, IrColumn, (size_t)i);
	for (size_t k = 0; ext && k < p->columns.len; k++) {
		const IrColumn *ic = IR_VEC_AT(p->columns, IrColumn, k);
		if (ic->external_metadata_column_id && ext->id && strcmp(ic->external_metadata_column_id, ext->id) == 0) {
			*type = ir_rel_column_type(ext);
			return df_in_col(L, comp, in, ic);
		}
	}
	return NULL;
}

/* The type of a constant SET value: what SSIS would bind it as. */
static IrType constant_type(const IrSqlx *v)
{
	IrType t = {0};
	if (v->kind == IR_SQLX_FUNC) {
		t.dt = IR_DT_DBTIMESTAMP;
	} else if (v->u.lit.k == IR_SQLX_LIT_STRING) {
		t.dt = IR_DT_WSTR;
		t.length = v->u.lit.text && *v->u.lit.text ? (int)strlen(v->u.lit.text) : 1;
	} else {
		t.dt = IR_DT_I4;
	}
	return t;
}

static RelNode *update_sink(DfLower *L, const IrComponent *comp, RelNode *in, const Update *u, const IrProp *sql)
{
	RelNode *n = ir_rel_node_new(L->c, L->g, REL_SINK, comp->name, comp, comp->loc, 1, 0);
	n->inputs[0] = in;
	RelSink *s = &n->u.sink;
	s->conn = df_conn(comp, &s->conn_name);
	s->schema = u->schema;
	s->table = u->table;
	s->load = u->nset ? REL_LOAD_UPDATE : REL_LOAD_DELETE;
	s->keep_nulls = true;
	s->statement = sql->value;
	s->ndest = u->nset;
	s->dest_columns = ir_alloc(L->c->arena, (u->nset + 1) * sizeof(char *));
	s->dest_from = ir_alloc(L->c->arena, (u->nset + 1) * sizeof(char *));
	s->dest_types = ir_alloc(L->c->arena, (u->nset + 1) * sizeof(IrType));
	s->set_values = ir_alloc(L->c->arena, (u->nset + 1) * sizeof(IrSqlx *));
	for (size_t k = 0; k < u->nset; k++) {
		s->dest_columns[k] = u->set[k].column;
		if (u->set[k].param < 0) {
			s->set_values[k] = u->set[k].value;
			s->dest_types[k] = constant_type(u->set[k].value);
			continue;
		}
		const RelCol *col = param_col(L, comp, in, u->set[k].param, &s->dest_types[k]);
		if (!col)
			return NULL;
		s->dest_from[k] = col->name;
		if (!s->dest_types[k].dt)
			s->dest_types[k] = col->type;
	}
	s->nkeys = u->nkeys;
	s->key_columns = ir_alloc(L->c->arena, (u->nkeys + 1) * sizeof(char *));
	s->key_from = ir_alloc(L->c->arena, (u->nkeys + 1) * sizeof(char *));
	for (size_t k = 0; k < u->nkeys; k++) {
		IrType t;
		const RelCol *col = param_col(L, comp, in, u->keys[k].param, &t);
		if (!col)
			return NULL;
		s->key_columns[k] = u->keys[k].column;
		s->key_from[k] = col->name;
	}
	s->where = u->where;
	return n;
}

static IrType constant_type(const IrSqlx *v);

/* The append sink of an INSERT: constants are computed by a projection
 * over the input first. */
static RelNode *insert_sink(DfLower *L, const IrComponent *comp, RelNode *in, const Insert *ins, const IrProp *sql)
{
	size_t nconst = 0;
	for (size_t k = 0; k < ins->n; k++)
		nconst += ins->values[k].param < 0 && ins->values[k].value;
	RelNode *rows = in;
	if (nconst) {
		rows = df_project_over(L, comp, in, nconst, comp->name);
		size_t c = in->ncols;
		for (size_t k = 0; k < ins->n; k++) {
			const Assign *a = &ins->values[k];
			if (a->param >= 0 || !a->value)
				continue;
			RelCol *col = &rows->cols[c];
			col->name = ir_rel_unique_name(L->c, rows, c, a->column);
			col->type = constant_type(a->value);
			col->origin = comp;
			col->loc = comp->loc;
			rows->u.project.exprs[c++] = a->value;
		}
	}
	RelNode *n = ir_rel_node_new(L->c, L->g, REL_SINK, comp->name, comp, comp->loc, 1, 0);
	n->inputs[0] = rows;
	RelSink *s = &n->u.sink;
	s->conn = df_conn(comp, &s->conn_name);
	s->schema = ins->schema;
	s->table = ins->table;
	s->load = REL_LOAD_APPEND;
	s->keep_nulls = true;
	s->statement = sql->value;
	s->ndest = ins->n;
	s->dest_columns = ir_alloc(L->c->arena, (ins->n + 1) * sizeof(char *));
	s->dest_from = ir_alloc(L->c->arena, (ins->n + 1) * sizeof(char *));
	s->dest_types = ir_alloc(L->c->arena, (ins->n + 1) * sizeof(IrType));
	for (size_t k = 0, c = in->ncols; k < ins->n; k++) {
		const Assign *a = &ins->values[k];
		s->dest_columns[k] = a->column;
		if (a->param >= 0) {
			const RelCol *col = param_col(L, comp, in, a->param, &s->dest_types[k]);
			if (!col)
				return NULL;
			s->dest_from[k] = col->name;
			if (!s->dest_types[k].dt)
				s->dest_types[k] = col->type;
		} else if (a->value) {
			s->dest_from[k] = rows->cols[c].name;
			s->dest_types[k] = rows->cols[c++].type;
		} else {
			s->dest_types[k] = (IrType){0}; /* NULL, uncast */
		}
	}
	return n;
}

static void pass_rows(DfLower *L, const IrComponent *comp, RelNode *n)
{
	for (size_t i = 0; i < comp->outputs.len; i++) {
		const IrPort *o = IR_VEC_AT(comp->outputs, IrPort, i);
		if (!o->is_error_out)
			df_output(L, o, n);
	}
}

static RelStatus command_placeholder(DfLower *L, const IrComponent *comp, RelNode *in, const IrProp *sql)
{
	RelNode *n = ir_rel_node_new(L->c, L->g, REL_PLACEHOLDER, comp->name, comp, comp->loc, 1, in->ncols);
	n->inputs[0] = in;
	df_copy_cols(n, in);
	n->u.placeholder.reason = "OLE DB Command runs its SQL once per input row; only UPDATE ... SET c = ? ... "
				  "WHERE k = ? has a set-based translation";
	if (sql) {
		n->u.placeholder.original = sql->value;
		n->u.placeholder.language = "sql";
	}
	L->reason = n->u.placeholder.reason;
	pass_rows(L, comp, n);
	return REL_ST_PLACEHOLDER;
}

RelStatus df_oledb_command(DfLower *L, const IrComponent *comp)
{
	RelNode *in = df_input(L, df_main_input(comp));
	if (!in) {
		L->reason = "the component's input is not connected";
		return df_placeholder_component(L, comp);
	}
	const IrProp *sql = df_prop(&comp->props, "SqlCommand");
	Update *u = ir_alloc(L->c->arena, sizeof *u);
	size_t mark = L->g->nodes.len, sinks = L->g->sinks.len;
	bool parsed = sql && sql->value.s && parse_update(L, sql->value.s, u);
	if (!parsed && sql && sql->value.s) {
		memset(u, 0, sizeof *u);
		parsed = parse_delete(L, sql->value.s, u);
	}
	RelNode *n = parsed ? update_sink(L, comp, in, u, sql) : NULL;
	Insert *ins = ir_alloc(L->c->arena, sizeof *ins);
	if (!parsed && sql && sql->value.s && parse_insert(L, sql->value.s, ins)) {
		n = insert_sink(L, comp, in, ins, sql);
		if (n) {
			L->reason = "an INSERT per row: an append of the rows";
			pass_rows(L, comp, in);
			return REL_ST_TRANSLATED;
		}
	}
	if (!n) {
		L->g->nodes.len = mark;          /* drop a half-built sink */
		L->g->sinks.len = sinks;
		return command_placeholder(L, comp, in, sql);
	}
	if (n->u.sink.load == REL_LOAD_DELETE) {
		L->reason = "a set-based DELETE of the rows it matches";
		pass_rows(L, comp, in);
		return REL_ST_TRANSLATED;
	}
	ir_warn(L->c, comp->loc, IR_W_semantics_approximated, comp->path,
		"OLE DB Command: the UPDATE runs once per row in SSIS (the last of several rows with the same key wins); "
		"as one set-based update, the last in the order of an upstream Sort wins, else the one with the "
		"smallest new values");
	L->reason = "a set-based UPDATE of the rows it matches";
	pass_rows(L, comp, in);
	return REL_ST_TRANSLATED;
}
