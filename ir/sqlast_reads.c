/* sqlast_reads.c — the tables a query of the SQL statement tree reads:
 * every named table in FROM, JOIN and APPLY, in subqueries and CTE
 * bodies, without the names of the CTEs themselves. */
#include <ctype.h>

#include "sqlast.h"

static bool ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

typedef struct Reads {
	IrArena *a;
	IrVec ctes;
	void (*fn)(void *arg, const SqlName *table);
	void *arg;
} Reads;

static void reads_query(Reads *r, const SqlQuery *q);

static void reads_expr(Reads *r, const SqlExpr *e)
{
	if (!e)
		return;
	if (e->query)
		reads_query(r, e->query);
	reads_expr(r, e->a);
	reads_expr(r, e->b);
	reads_expr(r, e->c);
	if (e->kind != SQL_E_DATEPART)
		for (size_t i = 0; i < e->list.len; i++)
			reads_expr(r, e->list.items[i]);
}

static void reads_ref(Reads *r, const SqlTableRef *t)
{
	if (!t)
		return;
	switch (t->kind) {
	case SQL_T_NAMED: {
		bool cte = false;
		for (size_t i = 0; t->name->nparts == 1 && i < r->ctes.len; i++)
			cte |= ieq(r->ctes.items[i], t->name->parts[0]);
		if (!cte)
			r->fn(r->arg, t->name);
		return;
	}
	case SQL_T_DERIVED: reads_query(r, t->query); return;
	case SQL_T_FUNCTION: reads_expr(r, t->call); return;
	case SQL_T_JOIN:
		reads_ref(r, t->left);
		reads_ref(r, t->right);
		reads_expr(r, t->on);
		return;
	case SQL_T_PIVOT: reads_ref(r, t->left); return;
	}
}

static void reads_query(Reads *r, const SqlQuery *q)
{
	if (!q)
		return;
	size_t scope = r->ctes.len;
	for (size_t i = 0; i < q->ctes.len; i++) {
		const SqlCte *c = q->ctes.items[i];
		ir_vec_push(r->a, &r->ctes, (void *)c->name);
		reads_query(r, c->query);
	}
	if (q->kind == SQL_Q_SELECT) {
		const SqlSelect *s = q->select;
		for (size_t i = 0; i < s->items.len; i++)
			reads_expr(r, ((const SqlSelectItem *)s->items.items[i])->expr);
		for (size_t i = 0; i < s->from.len; i++)
			reads_ref(r, s->from.items[i]);
		reads_expr(r, s->where);
		for (size_t i = 0; i < s->group_by.len; i++)
			reads_expr(r, s->group_by.items[i]);
		reads_expr(r, s->having);
	}
	reads_query(r, q->left);
	reads_query(r, q->right);
	r->ctes.len = scope;
}

void ir_sql_tables_read(IrArena *a, const SqlQuery *q, void (*fn)(void *arg, const SqlName *table), void *arg)
{
	Reads r = {.a = a, .fn = fn, .arg = arg};
	reads_query(&r, q);
}
