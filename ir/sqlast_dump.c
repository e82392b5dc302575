/* sqlast_dump.c — prints the SQL statement tree as stable, readable
 * S-expressions: clauses on their own indented lines, expressions inline.
 * Golden tests compare this text, so its shape changes only on purpose. */
#include <string.h>

#include "sqlast.h"

typedef struct Dump {
	IrCtx *c;
	IrBuf *b;
	int indent;
	bool locs;
} Dump;

static const char *const binop_names[] = {
#define X(id, s) s,
	SQL_BINOPS(X)
#undef X
};

static const char *const stmt_names[] = {
#define X(id, s) s,
	SQL_STMT_KINDS(X)
#undef X
};

const char *ir_sql_binop_name(SqlBinop op)
{
	return op < SQL_OP__COUNT ? binop_names[op] : "?";
}

const char *ir_sql_stmt_name(SqlStmtKind k)
{
	return k < SQL_S__COUNT ? stmt_names[k] : "?";
}

static void put(Dump *d, const char *s)
{
	ir_buf_puts(d->b, s);
}

static void nl(Dump *d)
{
	ir_buf_puts(d->b, "\n");
	for (int i = 0; i < d->indent; i++)
		ir_buf_puts(d->b, "  ");
}

static void loc(Dump *d, IrLoc l, bool always)
{
	if (!(always || d->locs) || !l.file)
		return;
	unsigned line, col;
	ir_loc_linecol(d->c, l, &line, &col);
	ir_buf_printf(d->b, " @%u:%u", line, col);
}

/* open "(head" [loc] ... close ")" */
static void open_(Dump *d, const char *head, IrLoc l)
{
	ir_buf_printf(d->b, "(%s", head);
	loc(d, l, false);
}

static void clause(Dump *d, const char *head)
{
	d->indent++;
	nl(d);
	ir_buf_printf(d->b, "(%s", head);
}

static void clause_end(Dump *d)
{
	put(d, ")");
	d->indent--;
}

/* An identifier, bracketed when it is not a plain word. */
static void ident(Dump *d, const char *s)
{
	bool plain = *s != 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '#' || *p == '@' || *p == '$' || (unsigned char)*p >= 0x80))
			plain = false;
	if (plain) {
		put(d, s);
		return;
	}
	put(d, "[");
	for (const char *p = s; *p; p++) {
		if (*p == ']')
			put(d, "]]");
		else
			ir_buf_put(d->b, p, 1);
	}
	put(d, "]");
}

static void name(Dump *d, const SqlName *n)
{
	for (int i = 0; i < n->nparts; i++) {
		if (i)
			put(d, ".");
		if (n->parts[i][0])
			ident(d, n->parts[i]);
	}
}

static void string_lit(Dump *d, const char *s, bool national)
{
	put(d, national ? "N'" : "'");
	for (const char *p = s; *p; p++) {
		if (*p == '\'')
			put(d, "''");
		else if (*p == '\n')
			put(d, "\\n");
		else if (*p == '\r')
			put(d, "\\r");
		else if (*p == '\t')
			put(d, "\\t");
		else
			ir_buf_put(d->b, p, 1);
	}
	put(d, "'");
}

/* " (head w1 w2)"; after a line break the leading space is left out. */
static void words_(Dump *d, bool lead, const char *head, const IrVec *v)
{
	if (!v->len)
		return;
	ir_buf_printf(d->b, "%s(%s", lead ? " " : "", head);
	for (size_t i = 0; i < v->len; i++) {
		put(d, " ");
		ident(d, v->items[i]);
	}
	put(d, ")");
}

#define words(d, head, v) words_((d), true, (head), (v))

static void type(Dump *d, const SqlType *t)
{
	name(d, t->name);
	if (t->nargs) {
		put(d, "(");
		for (int i = 0; i < t->nargs; i++) {
			if (i)
				put(d, ",");
			if (t->args[i] < 0)
				put(d, "max");
			else
				ir_buf_printf(d->b, "%ld", t->args[i]);
		}
		put(d, ")");
	}
}

static void query(Dump *d, const SqlQuery *q);
static void expr(Dump *d, const SqlExpr *e);

static void exprs(Dump *d, const IrVec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		put(d, " ");
		expr(d, v->items[i]);
	}
}

static void order_items_(Dump *d, bool lead, const char *head, const IrVec *v)
{
	if (!v->len)
		return;
	ir_buf_printf(d->b, "%s(%s", lead ? " " : "", head);
	for (size_t i = 0; i < v->len; i++) {
		const SqlOrderItem *o = v->items[i];
		put(d, o->desc ? " (desc " : " ");
		expr(d, o->expr);
		if (o->desc)
			put(d, ")");
	}
	put(d, ")");
}

#define order_items(d, head, v) order_items_((d), true, (head), (v))

static void bound(Dump *d, const SqlBound *b)
{
	static const char *const names[] = {"", "unbounded-preceding", "preceding", "current-row",
					    "following", "unbounded-following"};
	put(d, " ");
	if (b->offset) {
		ir_buf_printf(d->b, "(%s ", names[b->kind]);
		expr(d, b->offset);
		put(d, ")");
	} else {
		put(d, names[b->kind]);
	}
}

static void window(Dump *d, const SqlWindow *w)
{
	put(d, " ");
	open_(d, "over", w->loc);
	if (w->partition.len) {
		put(d, " (partition");
		exprs(d, &w->partition);
		put(d, ")");
	}
	order_items(d, "order", &w->order);
	if (w->frame) {
		ir_buf_printf(d->b, " (%s", w->frame == 1 ? "rows" : "range");
		bound(d, &w->start);
		if (w->end.kind != SQL_BOUND_NONE)
			bound(d, &w->end);
		put(d, ")");
	}
	put(d, ")");
}

static void subquery(Dump *d, const char *head, const SqlExpr *e)
{
	open_(d, head, e->loc);
	d->indent++;
	nl(d);
	query(d, e->query);
	d->indent--;
	put(d, ")");
}

/* " <e>": one argument of an S-expression. */
static void arg(Dump *d, const SqlExpr *e)
{
	put(d, " ");
	expr(d, e);
}

/* " (<tag> <e>)" when e is present. */
static void tagged(Dump *d, const char *tag, const SqlExpr *e)
{
	if (!e)
		return;
	ir_buf_printf(d->b, " (%s", tag);
	arg(d, e);
	put(d, ")");
}

/* "(<head> a b c)" with the arguments that are present. */
static void node(Dump *d, const char *head, IrLoc l, const SqlExpr *a, const SqlExpr *b, const SqlExpr *c)
{
	open_(d, head, l);
	const SqlExpr *args[] = {a, b, c};
	for (int i = 0; i < 3; i++)
		if (args[i])
			arg(d, args[i]);
	put(d, ")");
}

/* A query nested one level deeper, on its own line. */
static void nested_query(Dump *d, const SqlQuery *q)
{
	d->indent++;
	nl(d);
	query(d, q);
	d->indent--;
}

static void expr(Dump *d, const SqlExpr *e)
{
	if (!e) {
		put(d, "default");
		return;
	}
	switch (e->kind) {
	case SQL_E_NUMBER: case SQL_E_BINARY: case SQL_E_MONEY: case SQL_E_VAR: case SQL_E_GLOBAL:
		put(d, e->text);
		loc(d, e->loc, false);
		return;
	case SQL_E_STRING:
		string_lit(d, e->text, e->national);
		loc(d, e->loc, false);
		return;
	case SQL_E_NULL:
		put(d, "null");
		return;
	case SQL_E_DEFAULT:
		put(d, "default");
		return;
	case SQL_E_COLUMN:
		name(d, e->name);
		loc(d, e->loc, false);
		return;
	case SQL_E_STAR:
		if (e->name) {
			name(d, e->name);
			put(d, ".");
		}
		put(d, "*");
		return;
	case SQL_E_PARAM:
		ir_buf_printf(d->b, "?%d", e->param);
		loc(d, e->loc, false);
		return;
	case SQL_E_DATEPART:
		open_(d, "datepart", e->loc);
		ir_buf_printf(d->b, " %s)", e->text);
		return;
	case SQL_E_UNARY: {
		static const char *const ops[] = {"neg", "plus", "~", "not"};
		node(d, ops[e->uop], e->loc, e->a, NULL, NULL);
		return;
	}
	case SQL_E_BINARY_OP:
		node(d, ir_sql_binop_name(e->op), e->loc, e->a, e->b, NULL);
		return;
	case SQL_E_IS_NULL:
		node(d, e->negated ? "is-not-null" : "is-null", e->loc, e->a, NULL, NULL);
		return;
	case SQL_E_BETWEEN:
		node(d, e->negated ? "not-between" : "between", e->loc, e->a, e->b, e->c);
		return;
	case SQL_E_LIKE:
		open_(d, e->negated ? "not-like" : "like", e->loc);
		arg(d, e->a);
		arg(d, e->b);
		tagged(d, "escape", e->c);
		put(d, ")");
		return;
	case SQL_E_IN_LIST:
		open_(d, e->negated ? "not-in" : "in", e->loc);
		arg(d, e->a);
		exprs(d, &e->list);
		put(d, ")");
		return;
	case SQL_E_IN_QUERY:
		open_(d, e->negated ? "not-in" : "in", e->loc);
		arg(d, e->a);
		nested_query(d, e->query);
		put(d, ")");
		return;
	case SQL_E_QUANTIFIED:
		ir_buf_printf(d->b, "(%s-%s", ir_sql_binop_name(e->op), e->text);
		loc(d, e->loc, false);
		arg(d, e->a);
		nested_query(d, e->query);
		put(d, ")");
		return;
	case SQL_E_EXISTS:
		subquery(d, "exists", e);
		return;
	case SQL_E_SUBQUERY:
		subquery(d, "subquery", e);
		return;
	case SQL_E_CASE:
		open_(d, "case", e->loc);
		if (e->a)
			arg(d, e->a);
		for (size_t i = 0; i < e->list.len; i++) {
			const SqlExpr *w = e->list.items[i];
			put(d, " (when");
			arg(d, w->b);
			arg(d, w->c);
			put(d, ")");
		}
		tagged(d, "else", e->c);
		put(d, ")");
		return;
	case SQL_E_WHEN:
		expr(d, e->c);
		return;
	case SQL_E_CAST:
		open_(d, e->try_ ? "try-cast" : "cast", e->loc);
		arg(d, e->a);
		put(d, " ");
		type(d, e->type);
		put(d, ")");
		return;
	case SQL_E_CONVERT:
		open_(d, e->try_ ? "try-convert" : "convert", e->loc);
		put(d, " ");
		type(d, e->type);
		arg(d, e->a);
		tagged(d, "style", e->b);
		put(d, ")");
		return;
	case SQL_E_CALL:
		open_(d, "call", e->loc);
		put(d, " ");
		name(d, e->name);
		if (e->distinct)
			put(d, " distinct");
		if (e->star)
			put(d, " *");
		tagged(d, "on", e->a);
		exprs(d, &e->list);
		order_items(d, "within-group", &e->within);
		if (e->over)
			window(d, e->over);
		put(d, ")");
		return;
	case SQL_E_COLLATE:
		open_(d, "collate", e->loc);
		arg(d, e->a);
		put(d, " ");
		ident(d, e->text);
		put(d, ")");
		return;
	case SQL_E_PAREN:
		node(d, "paren", e->loc, e->a, NULL, NULL);
		return;
	case SQL_E__COUNT:
		break;
	}
	put(d, "(?)");
}

static void table(Dump *d, const SqlTableRef *t);

static void tables(Dump *d, const char *head, const IrVec *v)
{
	if (!v->len)
		return;
	clause(d, head);
	for (size_t i = 0; i < v->len; i++) {
		d->indent++;
		nl(d);
		table(d, v->items[i]);
		d->indent--;
	}
	clause_end(d);
}

static void alias(Dump *d, const char *a, const IrVec *columns)
{
	if (a) {
		put(d, " (as ");
		ident(d, a);
		for (size_t i = 0; columns && i < columns->len; i++) {
			put(d, " ");
			ident(d, columns->items[i]);
		}
		put(d, ")");
	}
}

static void table(Dump *d, const SqlTableRef *t)
{
	static const char *const joins[] = {"inner-join", "left-join", "right-join", "full-join",
					    "cross-join", "cross-apply", "outer-apply"};
	switch (t->kind) {
	case SQL_T_NAMED:
		open_(d, "table", t->loc);
		put(d, " ");
		name(d, t->name);
		alias(d, t->alias, NULL);
		words(d, "hints", &t->hints);
		put(d, ")");
		return;
	case SQL_T_DERIVED:
		open_(d, "derived", t->loc);
		alias(d, t->alias, &t->columns);
		d->indent++;
		nl(d);
		query(d, t->query);
		d->indent--;
		put(d, ")");
		return;
	case SQL_T_FUNCTION:
		open_(d, "table-function", t->loc);
		put(d, " ");
		expr(d, t->call);
		alias(d, t->alias, &t->columns);
		put(d, ")");
		return;
	case SQL_T_JOIN:
		open_(d, joins[t->join], t->loc);
		d->indent++;
		nl(d);
		table(d, t->left);
		nl(d);
		table(d, t->right);
		if (t->on) {
			nl(d);
			put(d, "(on ");
			expr(d, t->on);
			put(d, ")");
		}
		d->indent--;
		put(d, ")");
		return;
	case SQL_T_PIVOT:
		open_(d, t->text, t->loc);
		put(d, " ");
		expr(d, t->call);
		put(d, " (for ");
		expr(d, t->on);
		put(d, ") (in");
		exprs(d, &t->values);
		put(d, ")");
		alias(d, t->alias, NULL);
		d->indent++;
		nl(d);
		table(d, t->left);
		d->indent--;
		put(d, ")");
		return;
	}
}

static void select_items(Dump *d, const char *head, const IrVec *items)
{
	clause(d, head);
	for (size_t i = 0; i < items->len; i++) {
		const SqlSelectItem *it = items->items[i];
		put(d, " ");
		if (it->assign) {
			ir_buf_printf(d->b, "(%s%s %s ", "set", it->assign_compound ? "-op" : "", it->assign);
			if (it->assign_compound)
				ir_buf_printf(d->b, "%s ", ir_sql_binop_name(it->assign_op));
			expr(d, it->expr);
			put(d, ")");
		} else if (it->alias) {
			put(d, "(as ");
			ident(d, it->alias);
			put(d, " ");
			expr(d, it->expr);
			put(d, ")");
		} else {
			expr(d, it->expr);
		}
	}
	clause_end(d);
}

static void cond_clause(Dump *d, const char *head, const SqlExpr *e)
{
	if (!e)
		return;
	clause(d, head);
	put(d, " ");
	expr(d, e);
	clause_end(d);
}

static void top(Dump *d, const SqlTop *t)
{
	if (!t)
		return;
	put(d, " (top ");
	expr(d, t->count);
	if (t->percent)
		put(d, " percent");
	if (t->with_ties)
		put(d, " with-ties");
	put(d, ")");
}

static void select_core(Dump *d, const SqlSelect *s)
{
	open_(d, "select-core", s->loc);
	if (s->distinct)
		put(d, " distinct");
	top(d, s->top);
	select_items(d, "items", &s->items);
	if (s->into) {
		clause(d, "into ");
		name(d, s->into);
		clause_end(d);
	}
	tables(d, "from", &s->from);
	cond_clause(d, "where", s->where);
	if (s->group_by.len) {
		clause(d, "group-by");
		exprs(d, &s->group_by);
		clause_end(d);
	}
	cond_clause(d, "having", s->having);
	put(d, ")");
}

static void ctes(Dump *d, const IrVec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		const SqlCte *c = v->items[i];
		open_(d, "cte ", c->loc);
		ident(d, c->name);
		for (size_t j = 0; j < c->columns.len; j++) {
			put(d, " ");
			ident(d, c->columns.items[j]);
		}
		d->indent++;
		nl(d);
		query(d, c->query);
		d->indent--;
		put(d, ")");
		nl(d);
	}
}

static void query(Dump *d, const SqlQuery *q)
{
	static const char *const heads[] = {"", "union", "except", "intersect", "values", "nested"};
	ctes(d, &q->ctes);
	switch (q->kind) {
	case SQL_Q_SELECT:
		select_core(d, q->select);
		break;
	case SQL_Q_VALUES:
		open_(d, "values", q->loc);
		for (size_t i = 0; i < q->rows.len; i++) {
			put(d, " (row");
			exprs(d, q->rows.items[i]);
			put(d, ")");
		}
		put(d, ")");
		break;
	case SQL_Q_NESTED:
		open_(d, "nested", q->loc);
		d->indent++;
		nl(d);
		query(d, q->left);
		d->indent--;
		put(d, ")");
		break;
	default:
		open_(d, heads[q->kind], q->loc);
		if (q->all)
			put(d, " all");
		d->indent++;
		nl(d);
		query(d, q->left);
		nl(d);
		query(d, q->right);
		d->indent--;
		put(d, ")");
		break;
	}
	if (q->order_by.len) {
		d->indent++;
		nl(d);
		order_items_(d, false, "order-by", &q->order_by);
		if (q->offset) {
			put(d, " (offset ");
			expr(d, q->offset);
			put(d, ")");
		}
		if (q->fetch) {
			put(d, " (fetch ");
			expr(d, q->fetch);
			put(d, ")");
		}
		d->indent--;
	}
	if (q->for_clause.len) {
		d->indent++;
		nl(d);
		words_(d, false, "for", &q->for_clause);
		d->indent--;
	}
	if (q->options.len) {
		d->indent++;
		nl(d);
		words_(d, false, "option", &q->options);
		d->indent--;
	}
}

static void stmt(Dump *d, const SqlStmt *s);

static void stmts(Dump *d, const char *head, const IrVec *v)
{
	clause(d, head);
	for (size_t i = 0; i < v->len; i++) {
		d->indent++;
		nl(d);
		stmt(d, v->items[i]);
		d->indent--;
	}
	clause_end(d);
}

static void sub_stmt(Dump *d, const char *head, const SqlStmt *s)
{
	if (!s)
		return;
	clause(d, head);
	d->indent++;
	nl(d);
	stmt(d, s);
	d->indent--;
	clause_end(d);
}

static void assigns(Dump *d, const IrVec *v)
{
	clause(d, "set");
	for (size_t i = 0; i < v->len; i++) {
		const SqlAssign *a = v->items[i];
		put(d, " (");
		put(d, a->compound ? ir_sql_binop_name(a->op) : "");
		put(d, "= ");
		if (a->var) {
			put(d, a->var);
			put(d, " ");
		}
		if (a->target) {
			expr(d, a->target);
			put(d, " ");
		}
		expr(d, a->value);
		put(d, ")");
	}
	clause_end(d);
}

static void output(Dump *d, const SqlOutput *o)
{
	if (!o)
		return;
	select_items(d, "output", &o->items);
	if (o->into) {
		d->indent++;
		put(d, " (into ");
		name(d, o->into);
		for (size_t i = 0; i < o->into_columns.len; i++) {
			put(d, " ");
			ident(d, o->into_columns.items[i]);
		}
		put(d, ")");
		d->indent--;
	}
}

static void query_clause(Dump *d, const SqlQuery *q)
{
	d->indent++;
	nl(d);
	query(d, q);
	d->indent--;
}

static void column_def(Dump *d, const SqlColumnDef *c);
static void constraint(Dump *d, const SqlConstraint *c);

static void table_items(Dump *d, const IrVec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		const SqlTableItem *it = v->items[i];
		d->indent++;
		nl(d);
		if (it->column)
			column_def(d, it->column);
		else
			constraint(d, it->constraint);
		d->indent--;
	}
}

static void ident_list(Dump *d, const IrVec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		put(d, " ");
		ident(d, v->items[i]);
	}
}

static void constraint(Dump *d, const SqlConstraint *c)
{
	static const char *const kinds[] = {"primary-key", "unique", "foreign-key", "check", "default"};
	open_(d, kinds[c->kind], c->loc);
	if (c->name) {
		put(d, " (name ");
		ident(d, c->name);
		put(d, ")");
	}
	if (c->clustered)
		put(d, " clustered");
	if (c->nonclustered)
		put(d, " nonclustered");
	if (c->kind == SQL_CON_FOREIGN_KEY) {
		if (c->columns.len) {
			put(d, " (columns");
			ident_list(d, &c->columns);
			put(d, ")");
		}
	} else {
		order_items(d, "columns", &c->columns);
	}
	if (c->ref_table) {
		put(d, " (references ");
		name(d, c->ref_table);
		ident_list(d, &c->ref_columns);
		put(d, ")");
	}
	if (c->expr) {
		put(d, " ");
		expr(d, c->expr);
	}
	if (c->for_column) {
		put(d, " (for ");
		ident(d, c->for_column);
		put(d, ")");
	}
	words(d, "options", &c->options);
	put(d, ")");
}

static void column_def(Dump *d, const SqlColumnDef *c)
{
	open_(d, "column ", c->loc);
	ident(d, c->name);
	if (c->type) {
		put(d, " ");
		type(d, c->type);
	}
	if (c->computed) {
		put(d, " (as ");
		expr(d, c->computed);
		put(d, ")");
	}
	if (c->nullable == 0)
		put(d, " not-null");
	else if (c->nullable == 1)
		put(d, " null");
	if (c->identity) {
		put(d, " (identity");
		if (c->identity_seed) {
			put(d, " ");
			expr(d, c->identity_seed);
			put(d, " ");
			expr(d, c->identity_step);
		}
		put(d, ")");
	}
	if (c->collate) {
		put(d, " (collate ");
		ident(d, c->collate);
		put(d, ")");
	}
	for (size_t i = 0; i < c->constraints.len; i++) {
		put(d, " ");
		constraint(d, c->constraints.items[i]);
	}
	put(d, ")");
}

static void declare(Dump *d, const SqlDeclare *v)
{
	d->indent++;
	nl(d);
	open_(d, "var ", v->loc);
	put(d, v->var);
	if (v->type) {
		put(d, " ");
		type(d, v->type);
	}
	if (v->init) {
		put(d, " (= ");
		expr(d, v->init);
		put(d, ")");
	}
	if (v->is_table) {
		put(d, " table");
		table_items(d, &v->table);
	}
	if (v->is_cursor) {
		put(d, " cursor");
		words(d, "options", &v->cursor_options);
		query_clause(d, v->cursor_query);
	}
	put(d, ")");
	d->indent--;
}

static void exec_args(Dump *d, const IrVec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		const SqlExecArg *a = v->items[i];
		put(d, " ");
		if (a->param)
			ir_buf_printf(d->b, "(%s ", a->param);
		expr(d, a->value);
		if (a->output)
			put(d, " output");
		if (a->param)
			put(d, ")");
	}
}

static void stmt_body(Dump *d, const SqlStmt *s)
{
	switch (s->kind) {
	case SQL_S_SELECT:
		query_clause(d, s->u.select);
		break;
	case SQL_S_INSERT:
		if (s->u.insert.ctes.len) {
			d->indent++;
			nl(d);
			ctes(d, &s->u.insert.ctes);
			d->indent--;
		}
		top(d, s->u.insert.top);
		put(d, " ");
		name(d, s->u.insert.target);
		words(d, "hints", &s->u.insert.hints);
		if (s->u.insert.columns.len) {
			put(d, " (columns");
			ident_list(d, &s->u.insert.columns);
			put(d, ")");
		}
		output(d, s->u.insert.output);
		if (s->u.insert.default_values)
			put(d, " default-values");
		if (s->u.insert.query)
			query_clause(d, s->u.insert.query);
		sub_stmt(d, "from-exec", s->u.insert.exec);
		break;
	case SQL_S_UPDATE:
		if (s->u.update.ctes.len) {
			d->indent++;
			nl(d);
			ctes(d, &s->u.update.ctes);
			d->indent--;
		}
		top(d, s->u.update.top);
		d->indent++;
		nl(d);
		table(d, s->u.update.target);
		d->indent--;
		assigns(d, &s->u.update.set);
		output(d, s->u.update.output);
		tables(d, "from", &s->u.update.from);
		cond_clause(d, "where", s->u.update.where);
		if (s->u.update.cursor)
			ir_buf_printf(d->b, " (where-current-of %s)", s->u.update.cursor);
		words(d, "option", &s->u.update.options);
		break;
	case SQL_S_DELETE:
		if (s->u.del.ctes.len) {
			d->indent++;
			nl(d);
			ctes(d, &s->u.del.ctes);
			d->indent--;
		}
		top(d, s->u.del.top);
		d->indent++;
		nl(d);
		table(d, s->u.del.target);
		d->indent--;
		output(d, s->u.del.output);
		tables(d, "from", &s->u.del.from);
		cond_clause(d, "where", s->u.del.where);
		if (s->u.del.cursor)
			ir_buf_printf(d->b, " (where-current-of %s)", s->u.del.cursor);
		words(d, "option", &s->u.del.options);
		break;
	case SQL_S_MERGE: {
		static const char *const match[] = {"matched", "not-matched-by-target", "not-matched-by-source"};
		static const char *const action[] = {"update", "delete", "insert"};
		if (s->u.merge.ctes.len) {
			d->indent++;
			nl(d);
			ctes(d, &s->u.merge.ctes);
			d->indent--;
		}
		top(d, s->u.merge.top);
		d->indent++;
		nl(d);
		table(d, s->u.merge.target);
		d->indent--;
		tables(d, "using", &(IrVec){(void **)&s->u.merge.source, 1, 1});
		cond_clause(d, "on", s->u.merge.on);
		for (size_t i = 0; i < s->u.merge.clauses.len; i++) {
			const SqlMergeClause *mc = s->u.merge.clauses.items[i];
			clause(d, "when ");
			put(d, match[mc->match]);
			loc(d, mc->loc, false);
			if (mc->cond) {
				put(d, " (and ");
				expr(d, mc->cond);
				put(d, ")");
			}
			ir_buf_printf(d->b, " (%s", action[mc->action]);
			if (mc->action == SQL_MERGE_UPDATE)
				assigns(d, &mc->set);
			if (mc->columns.len) {
				put(d, " (columns");
				ident_list(d, &mc->columns);
				put(d, ")");
			}
			if (mc->action == SQL_MERGE_INSERT) {
				if (mc->default_values) {
					put(d, " default-values");
				} else {
					put(d, " (values");
					exprs(d, &mc->values);
					put(d, ")");
				}
			}
			put(d, ")");
			clause_end(d);
		}
		output(d, s->u.merge.output);
		words(d, "option", &s->u.merge.options);
		break;
	}
	case SQL_S_TRUNCATE:
		put(d, " ");
		name(d, s->u.truncate.table);
		break;
	case SQL_S_DECLARE:
		for (size_t i = 0; i < s->u.declare.vars.len; i++)
			declare(d, s->u.declare.vars.items[i]);
		break;
	case SQL_S_SET_VAR:
		ir_buf_printf(d->b, " %s", s->u.set_var.var);
		if (s->u.set_var.compound)
			ir_buf_printf(d->b, " %s=", ir_sql_binop_name(s->u.set_var.op));
		if (s->u.set_var.cursor_query) {
			put(d, " cursor");
			words(d, "options", &s->u.set_var.cursor_options);
			query_clause(d, s->u.set_var.cursor_query);
		} else {
			put(d, " ");
			expr(d, s->u.set_var.value);
		}
		break;
	case SQL_S_SET_OPTION:
		ident_list(d, &s->u.set_option.words);
		if (s->u.set_option.value) {
			put(d, " ");
			expr(d, s->u.set_option.value);
		}
		break;
	case SQL_S_IF:
		cond_clause(d, "cond", s->u.if_.cond);
		sub_stmt(d, "then", s->u.if_.then);
		sub_stmt(d, "else", s->u.if_.els);
		break;
	case SQL_S_BLOCK:
		for (size_t i = 0; i < s->u.block.stmts.len; i++) {
			d->indent++;
			nl(d);
			stmt(d, s->u.block.stmts.items[i]);
			d->indent--;
		}
		break;
	case SQL_S_TRY:
		stmts(d, "body", &s->u.try_.body);
		stmts(d, "catch", &s->u.try_.handler);
		break;
	case SQL_S_WHILE:
		cond_clause(d, "cond", s->u.while_.cond);
		sub_stmt(d, "body", s->u.while_.body);
		break;
	case SQL_S_RETURN:
	case SQL_S_PRINT:
		if (s->u.ret.value) {
			put(d, " ");
			expr(d, s->u.ret.value);
		}
		break;
	case SQL_S_RAISERROR:
	case SQL_S_THROW:
		exprs(d, &s->u.raise.args);
		words(d, "with", &s->u.raise.options);
		break;
	case SQL_S_EXEC:
		if (s->u.exec.return_var)
			ir_buf_printf(d->b, " (return %s)", s->u.exec.return_var);
		if (s->u.exec.proc) {
			put(d, " ");
			name(d, s->u.exec.proc);
		}
		if (s->u.exec.proc_var)
			ir_buf_printf(d->b, " %s", s->u.exec.proc_var);
		if (s->u.exec.dynamic.len) {
			put(d, " (dynamic");
			exprs(d, &s->u.exec.dynamic);
			put(d, ")");
		}
		if (s->u.exec.at) {
			put(d, " (at ");
			ident(d, s->u.exec.at);
			put(d, ")");
		}
		exec_args(d, &s->u.exec.args);
		words(d, "result-sets", &s->u.exec.result_sets);
		break;
	case SQL_S_BEGIN_TRAN: case SQL_S_COMMIT: case SQL_S_ROLLBACK: case SQL_S_SAVE_TRAN:
		if (s->u.tran.distributed)
			put(d, " distributed");
		if (s->u.tran.name) {
			put(d, " ");
			ident(d, s->u.tran.name);
		}
		break;
	case SQL_S_CREATE_TABLE:
		put(d, " ");
		name(d, s->u.create_table.table);
		table_items(d, &s->u.create_table.items);
		words(d, "options", &s->u.create_table.options);
		break;
	case SQL_S_ALTER_TABLE: {
		static const char *const acts[] = {"add", "drop-column", "drop-constraint", "alter-column",
						   "check-constraint", "nocheck-constraint", "other"};
		put(d, " ");
		name(d, s->u.alter_table.table);
		ir_buf_printf(d->b, " %s", acts[s->u.alter_table.action]);
		if (s->u.alter_table.if_exists)
			put(d, " if-exists");
		ident_list(d, &s->u.alter_table.names);
		table_items(d, &s->u.alter_table.items);
		break;
	}
	case SQL_S_DROP:
		ir_buf_printf(d->b, " %s", s->u.drop.object);
		if (s->u.drop.if_exists)
			put(d, " if-exists");
		for (size_t i = 0; i < s->u.drop.names.len; i++) {
			put(d, " ");
			name(d, s->u.drop.names.items[i]);
		}
		if (s->u.drop.on) {
			put(d, " (on ");
			name(d, s->u.drop.on);
			put(d, ")");
		}
		break;
	case SQL_S_CREATE_INDEX:
		if (s->u.create_index.unique)
			put(d, " unique");
		if (s->u.create_index.clustered)
			put(d, " clustered");
		if (s->u.create_index.nonclustered)
			put(d, " nonclustered");
		put(d, " ");
		ident(d, s->u.create_index.name);
		put(d, " (on ");
		name(d, s->u.create_index.table);
		put(d, ")");
		order_items(d, "columns", &s->u.create_index.columns);
		if (s->u.create_index.include.len) {
			put(d, " (include");
			ident_list(d, &s->u.create_index.include);
			put(d, ")");
		}
		if (s->u.create_index.where) {
			put(d, " (where ");
			expr(d, s->u.create_index.where);
			put(d, ")");
		}
		words(d, "options", &s->u.create_index.options);
		break;
	case SQL_S_OPAQUE:
		ir_buf_printf(d->b, " %s ", s->u.opaque.what);
		if (s->u.opaque.name)
			name(d, s->u.opaque.name);
		words(d, "args", &s->u.opaque.words);
		ir_buf_printf(d->b, " (%zu bytes)", strlen(s->u.opaque.text));
		break;
	case SQL_S_USE:
		put(d, " ");
		ident(d, s->u.use.db);
		break;
	case SQL_S_GO:
		if (s->u.go.count != 1)
			ir_buf_printf(d->b, " %ld", s->u.go.count);
		break;
	case SQL_S_CURSOR_OP:
		ir_buf_printf(d->b, " %s ", s->u.cursor.op);
		ident(d, s->u.cursor.cursor);
		if (s->u.cursor.into.len) {
			put(d, " (into");
			ident_list(d, &s->u.cursor.into);
			put(d, ")");
		}
		break;
	case SQL_S_WAITFOR:
		ir_buf_printf(d->b, " %s ", s->u.waitfor.what);
		expr(d, s->u.waitfor.value);
		break;
	case SQL_S_UNPARSED:
		put(d, " ");
		string_lit(d, s->u.unparsed.text, false);
		break;
	case SQL_S_BREAK: case SQL_S_CONTINUE: case SQL_S__COUNT:
		break;
	}
}

static void stmt(Dump *d, const SqlStmt *s)
{
	ir_buf_printf(d->b, "(%s", ir_sql_stmt_name(s->kind));
	loc(d, s->loc, true);
	stmt_body(d, s);
	put(d, ")");
}

void ir_sql_dump(IrCtx *c, IrBuf *out, const SqlScript *s, bool locs)
{
	Dump d = {c, out, 0, locs};
	for (size_t i = 0; i < s->stmts.len; i++) {
		stmt(&d, s->stmts.items[i]);
		put(&d, "\n");
	}
}
