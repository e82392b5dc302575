/* ddl.c — what the DDL of Execute SQL Tasks declares (RelProgram.ddl):
 * columns with their types, NOT NULL and IDENTITY; PRIMARY KEY, UNIQUE and
 * FOREIGN KEY constraints (on a column, on the table, or added by ALTER
 * TABLE); CREATE INDEX.  The declared types are what the resolver knows of
 * a table's columns (the T-SQL printer asks be_declared_type).  The
 * constraints become dbt tests of the model that writes the table, or of
 * its source when the project only reads it; the indexes the dbt-postgres
 * `indexes` config of a table or incremental model (docs/tsql.md). */
#include <string.h>

#include "be_internal.h"

static const char *last_part(const SqlName *n) { return n->parts[n->nparts - 1]; }

static const char *schema_part(const SqlName *n)
{
	return n->nparts >= 2 && *n->parts[n->nparts - 2] ? n->parts[n->nparts - 2] : "dbo";
}

static bool same_conn(const char *an, const IrConnMgr *a, const char *bn, const IrConnMgr *b)
{
	return (an && bn && !be_strcasecmp(an, bn)) || be_same_database(a, b);
}

/* ---- collecting the declarations ------------------------------------------ */
typedef struct DdlAt {
	const IrPackage *package;
	const IrExecutable *task;
} DdlAt;

static BeTable *find_table(BeProject *pr, const char *conn_name, const IrConnMgr *conn, const char *schema,
			   const char *table)
{
	for (size_t i = 0; i < pr->tables.len; i++) {
		BeTable *t = IR_VEC_AT(pr->tables, BeTable, i);
		if (!be_strcasecmp(t->schema, schema) && !be_strcasecmp(t->table, table) &&
		    same_conn(t->conn_name, t->conn, conn_name, conn))
			return t;
	}
	return NULL;
}

/* The declaration of table n on the task's connection (created on first
 * use); NULL for a temporary table or a table variable. */
static BeTable *table_of(BeProject *pr, const DdlAt *at, const SqlName *n, IrLoc loc)
{
	const IrSqlTask *sql = at->task->sql;
	const char *table = last_part(n), *schema = schema_part(n);
	if (!sql || table[0] == '#' || table[0] == '@')
		return NULL;
	const char *conn_name = sql->conn ? sql->conn->name : sql->connection;
	BeTable *t = find_table(pr, conn_name, sql->conn, schema, table);
	if (t)
		return t;
	t = ir_alloc(pr->a, sizeof *t);
	t->conn_name = conn_name ? conn_name : "";
	t->conn = sql->conn;
	t->schema = schema;
	t->table = table;
	t->legacy = be_legacy_name(pr->a, t->conn_name, schema, table);
	t->package = at->package;
	t->task_path = at->task->path;
	t->loc = loc;
	ir_vec_push(pr->a, &pr->tables, t);
	return t;
}

static BeDeclCol *find_col(const BeTable *t, const char *name)
{
	for (size_t i = 0; i < t->cols.len; i++)
		if (!be_strcasecmp(IR_VEC_AT(t->cols, BeDeclCol, i)->name, name))
			return t->cols.items[i];
	return NULL;
}

static void push_name(BeProject *pr, IrVec *v, const char *name) { ir_vec_push(pr->a, v, (void *)name); }

/* The column names of a PRIMARY KEY / UNIQUE / index list (SqlOrderItem*). */
static void order_columns(BeProject *pr, const IrVec *items, IrVec *out)
{
	for (size_t i = 0; i < items->len; i++) {
		const SqlOrderItem *it = items->items[i];
		if (it->expr && it->expr->kind == SQL_E_COLUMN)
			push_name(pr, out, last_part(it->expr->name));
	}
}

/* A constraint of t; `column` is the column it follows, or NULL. */
static void add_constraint(BeProject *pr, BeTable *t, const SqlConstraint *con, const char *column)
{
	if (con->kind != SQL_CON_PRIMARY_KEY && con->kind != SQL_CON_UNIQUE && con->kind != SQL_CON_FOREIGN_KEY)
		return; /* CHECK, DEFAULT: nothing a test of the loaded rows says more simply */
	BeKey *k = ir_alloc(pr->a, sizeof *k);
	k->kind = con->kind == SQL_CON_PRIMARY_KEY ? BE_KEY_PRIMARY : con->kind == SQL_CON_UNIQUE ? BE_KEY_UNIQUE
		: BE_KEY_FOREIGN;
	k->loc = con->loc;
	if (k->kind == BE_KEY_FOREIGN) {
		for (size_t i = 0; i < con->columns.len; i++)
			push_name(pr, &k->columns, con->columns.items[i]);
		k->ref = con->ref_table;
		for (size_t i = 0; i < con->ref_columns.len; i++)
			push_name(pr, &k->ref_columns, con->ref_columns.items[i]);
	} else {
		order_columns(pr, &con->columns, &k->columns);
	}
	if (!k->columns.len && column)
		push_name(pr, &k->columns, column);
	if (!k->columns.len)
		return;
	for (size_t i = 0; k->kind == BE_KEY_PRIMARY && i < k->columns.len; i++) {
		BeDeclCol *c = find_col(t, k->columns.items[i]);
		if (c) /* a primary key's columns are NOT NULL */
			c->not_null = true;
	}
	ir_vec_push(pr->a, &t->keys, k);
}

static void add_column(BeProject *pr, BeTable *t, const SqlColumnDef *cd)
{
	BeDeclCol *c = find_col(t, cd->name);
	if (!c) {
		c = ir_alloc(pr->a, sizeof *c);
		c->name = cd->name;
		c->loc = cd->loc;
		ir_vec_push(pr->a, &t->cols, c);
	}
	if (!cd->type || !be_tsql_type(cd->type, &c->type))
		c->type = (IrType){.dt = IR_DT_EMPTY};
	c->not_null = cd->nullable == 0;
	c->identity = cd->identity;
	for (size_t i = 0; i < cd->constraints.len; i++)
		add_constraint(pr, t, cd->constraints.items[i], cd->name);
}

static void add_items(BeProject *pr, BeTable *t, const IrVec *items)
{
	for (size_t i = 0; i < items->len; i++) { /* columns first: a table constraint may name a later one */
		const SqlTableItem *it = items->items[i];
		if (it->column)
			add_column(pr, t, it->column);
	}
	for (size_t i = 0; i < items->len; i++) {
		const SqlTableItem *it = items->items[i];
		if (it->constraint)
			add_constraint(pr, t, it->constraint, NULL);
	}
}

static void declare(BeProject *pr, const DdlAt *at, const SqlStmt *st)
{
	BeTable *t;
	switch (st->kind) {
	case SQL_S_CREATE_TABLE:
		if ((t = table_of(pr, at, st->u.create_table.table, st->loc))) {
			t->created = true;
			add_items(pr, t, &st->u.create_table.items);
		}
		break;
	case SQL_S_ALTER_TABLE:
		if (st->u.alter_table.action == SQL_ALTER_ADD && (t = table_of(pr, at, st->u.alter_table.table, st->loc)))
			add_items(pr, t, &st->u.alter_table.items);
		break;
	case SQL_S_CREATE_INDEX:
		if ((t = table_of(pr, at, st->u.create_index.table, st->loc))) {
			BeKey *k = ir_alloc(pr->a, sizeof *k);
			k->kind = BE_KEY_INDEX;
			k->unique = st->u.create_index.unique;
			k->filtered = st->u.create_index.where != NULL;
			k->loc = st->loc;
			order_columns(pr, &st->u.create_index.columns, &k->columns);
			if (k->columns.len) /* a columnstore index names no key columns */
				ir_vec_push(pr->a, &t->keys, k);
		}
		break;
	default:
		break; /* DROP TABLE / DROP INDEX: the table is declared again after it */
	}
}

/* ---- the sources' declared columns ---------------------------------------- */
static const BeTable *declaration_of(BeProject *pr, const BeSource *s)
{
	const BeTable *t = s->flatfile || !s->schema ? NULL : find_table(pr, s->conn_name, s->conn, s->schema, s->table);
	return t && t->created ? t : NULL;
}

void be_ddl_types(BeProject *pr)
{
	for (size_t p = 0; p < pr->npkgs; p++)
		for (size_t i = 0; i < pr->inputs[p].nddl; i++) {
			const RelDdl *d = pr->inputs[p].ddl[i];
			DdlAt at = {pr->inputs[p].package, d->task};
			if (d->task->sql)
				declare(pr, &at, d->stmt);
		}
	for (size_t i = 0; i < pr->sources.len; i++) {
		BeSource *s = IR_VEC_AT(pr->sources, BeSource, i);
		s->declared = declaration_of(pr, s);
	}
}

static const BeSource *read_source(BeProject *pr, const char *conn, const SqlName *n)
{
	return be_find_source(pr, be_legacy_name(pr->a, conn, schema_part(n), last_part(n)));
}

/* T-SQL resolves an unqualified column in the one table that has it, so a
 * declared table that has it is that table.  A qualified one names a table
 * or an alias: by the table's name when it is one; through an alias only
 * when every table read is declared (the alias may stand for any). */
bool be_declared_type(BeProject *pr, const char *conn, const IrVec *reads, const SqlName *col, IrType *out)
{
	const char *qual = col->nparts >= 2 ? col->parts[col->nparts - 2] : NULL;
	bool by_name = false, all_declared = true, found = false;
	for (size_t i = 0; qual && reads && i < reads->len; i++) {
		const SqlName *n = reads->items[i];
		const BeSource *s = read_source(pr, conn, n);
		by_name |= !be_strcasecmp(last_part(n), qual);
		all_declared &= s && s->declared;
	}
	if (qual && !by_name && !all_declared)
		return false;
	for (size_t i = 0; reads && i < reads->len; i++) {
		const SqlName *n = reads->items[i];
		const BeSource *s = by_name && be_strcasecmp(last_part(n), qual) ? NULL : read_source(pr, conn, n);
		const BeDeclCol *c = s && s->declared ? find_col(s->declared, last_part(col)) : NULL;
		if (!c || c->type.dt == IR_DT_EMPTY)
			continue;
		if (found && memcmp(out, &c->type, sizeof *out))
			return false; /* two tables read have the column, with other types */
		*out = c->type;
		found = true;
	}
	return found;
}

/* ---- constraints as tests -------------------------------------------------- */
/* Where a declared table's tests go: the model that writes it, else the
 * source the project reads it through. */
typedef struct Target {
	BeModel *model;
	BeSource *source;
	const BeTable *t;
} Target;

static BeSource *source_of(BeProject *pr, const char *conn_name, const IrConnMgr *conn, const char *schema,
			   const char *table)
{
	for (size_t i = 0; i < pr->sources.len; i++) {
		BeSource *s = IR_VEC_AT(pr->sources, BeSource, i);
		if (!s->flatfile && s->schema && !be_strcasecmp(s->schema, schema) && !be_strcasecmp(s->table, table) &&
		    same_conn(s->conn_name, s->conn, conn_name, conn))
			return s;
	}
	return NULL;
}

static Target target_of(BeProject *pr, const BeTable *t)
{
	BeDest *d = be_lineage_writer(pr, t->conn_name, t->conn, t->schema, t->table);
	Target x = {d ? d->model : NULL, NULL, t};
	if (!x.model)
		x.source = source_of(pr, t->conn_name, t->conn, t->schema, t->table);
	return x;
}

/* The column as the target's relation spells it; NULL when the writing
 * model does not produce it. */
static const char *target_column(const Target *x, const char *col)
{
	if (x->model)
		return be_written_column(x->model, col);
	for (size_t i = 0; i < x->source->cols.len; i++) /* as the source lists it already */
		if (!be_strcasecmp(IR_VEC_AT(x->source->cols, BeSrcCol, i)->name, col))
			return IR_VEC_AT(x->source->cols, BeSrcCol, i)->name;
	const BeDeclCol *c = find_col(x->t, col);
	return c ? c->name : col;
}

static const char *relation_name(BeProject *pr, const Target *x)
{
	return x->model ? x->model->name : ir_sprintf(pr->a, "%s_%s", x->source->source_name, be_snake(pr->a, x->source->table));
}

/* A source's test sits under its column: the column is listed. */
static void list_source_column(BeProject *pr, BeSource *s, const BeTable *t, const char *col)
{
	for (size_t i = 0; i < s->cols.len; i++)
		if (!be_strcasecmp(IR_VEC_AT(s->cols, BeSrcCol, i)->name, col))
			return;
	const BeDeclCol *d = find_col(t, col);
	BeSrcCol *c = ir_alloc(pr->a, sizeof *c);
	c->name = col;
	c->type = d ? d->type : (IrType){.dt = IR_DT_EMPTY};
	ir_vec_push(pr->a, &s->cols, c);
}

static BeTest *add_test(BeProject *pr, const Target *x, const char *kind, const char *col, const char *reason,
			IrLoc loc)
{
	if (x->model)
		return be_add_test(pr, x->model, kind, col, reason, x->t->task_path, loc);
	const char *name = be_test_name(pr, kind, relation_name(pr, x), col);
	if (!name)
		return NULL;
	BeTest *t = ir_alloc(pr->a, sizeof *t);
	t->name = name;
	t->kind = kind;
	t->source = x->source;
	t->column = col;
	t->reason = reason;
	t->package = x->t->package;
	t->ssis_path = x->t->task_path;
	t->loc = loc;
	ir_vec_push(pr->a, &pr->tests, t);
	if (strcmp(kind, "ssis2dbt_unique_combination"))
		list_source_column(pr, x->source, x->t, col);
	return t;
}

static const char *key_words(const BeKey *k)
{
	return k->kind == BE_KEY_PRIMARY ? "PRIMARY KEY" : k->kind == BE_KEY_UNIQUE ? "UNIQUE"
		: k->kind == BE_KEY_FOREIGN ? "FOREIGN KEY" : k->unique ? "UNIQUE INDEX" : "INDEX";
}

/* The key's columns as the target spells them; false (with a note) when
 * the writing model does not produce one of them. */
static bool key_columns(BeProject *pr, const Target *x, const BeKey *k, IrVec *out)
{
	for (size_t i = 0; i < k->columns.len; i++) {
		const char *c = target_column(x, k->columns.items[i]);
		if (!c) {
			ir_note(pr->c, k->loc, "the %s of %s on %s is not tested: %s does not produce the column",
				key_words(k), x->t->legacy, (const char *)k->columns.items[i], x->model->name);
			return false;
		}
		push_name(pr, out, c);
	}
	return true;
}

static void uniqueness_test(BeProject *pr, const Target *x, const BeKey *k, const IrVec *cols)
{
	const char *what = ir_sprintf(pr->a, "the %s of %s (declared by %s)", key_words(k), x->t->legacy,
				      x->t->task_path ? x->t->task_path : "an Execute SQL Task");
	for (size_t i = 0; k->kind == BE_KEY_PRIMARY && i < cols->len; i++)
		add_test(pr, x, "not_null", cols->items[i], what, k->loc);
	if (cols->len == 1) {
		add_test(pr, x, "unique", cols->items[0], what, k->loc);
		return;
	}
	IrBuf b = {0};
	for (size_t i = 0; i < cols->len; i++)
		ir_buf_printf(&b, "%s%s", i ? "__" : "", (const char *)cols->items[i]);
	ir_buf_put(&b, "", 1);
	BeTest *t = add_test(pr, x, "ssis2dbt_unique_combination", b.data, what, k->loc);
	ir_buf_free(&b);
	if (!t)
		return;
	t->column = NULL;
	t->columns = *cols;
	for (size_t i = 0; x->source && i < cols->len; i++)
		list_source_column(pr, x->source, x->t, cols->items[i]);
}

static void not_null_tests(BeProject *pr, const Target *x)
{
	for (size_t i = 0; i < x->t->cols.len; i++) {
		const BeDeclCol *c = x->t->cols.items[i];
		if (!c->not_null)
			continue;
		const char *col = target_column(x, c->name);
		if (!col) {
			if (c->identity)
				ir_note(pr->c, c->loc, "the IDENTITY column %s of %s is not tested: %s does not produce it "
					"(the database numbers the rows)", c->name, x->t->legacy, x->model->name);
			continue;
		}
		add_test(pr, x, "not_null", col, ir_sprintf(pr->a, "%s is declared NOT NULL in %s", c->name, x->t->legacy),
			 c->loc);
	}
}

/* The referenced column of a FOREIGN KEY that names none: the referenced
 * table's one-column primary key. */
static const char *referenced_column(BeProject *pr, const BeKey *k, const char *conn_name, const IrConnMgr *conn)
{
	if (k->ref_columns.len)
		return k->ref_columns.len == 1 ? k->ref_columns.items[0] : NULL;
	const BeTable *rt = find_table(pr, conn_name, conn, schema_part(k->ref), last_part(k->ref));
	for (size_t i = 0; rt && i < rt->keys.len; i++) {
		const BeKey *pk = rt->keys.items[i];
		if (pk->kind == BE_KEY_PRIMARY)
			return pk->columns.len == 1 ? pk->columns.items[0] : NULL;
	}
	return NULL;
}

static void foreign_key_test(BeProject *pr, const Target *x, const BeKey *k, const IrVec *cols)
{
	const BeTable *t = x->t;
	if (!k->ref)
		return;
	const char *ref_col = referenced_column(pr, k, t->conn_name, t->conn);
	const char *ref_schema = schema_part(k->ref), *ref_table = last_part(k->ref);
	BeDest *d = be_lineage_writer(pr, t->conn_name, t->conn, ref_schema, ref_table);
	BeSource *s = d ? NULL : source_of(pr, t->conn_name, t->conn, ref_schema, ref_table);
	const char *field = ref_col && d ? be_written_column(d->model, ref_col) : ref_col;
	if (cols->len != 1 || !field || (!d && !s)) {
		ir_note(pr->c, k->loc, "the FOREIGN KEY of %s to %s.%s is not tested: %s", t->legacy, ref_schema, ref_table,
			cols->len != 1 || !ref_col ? "it has several columns"
			: !field ? "the referenced table's model does not produce the column"
			: "the project neither writes nor reads the referenced table");
		return;
	}
	BeTest *tt = add_test(pr, x, "relationships", cols->items[0],
			      ir_sprintf(pr->a, "the FOREIGN KEY of %s references %s.%s (declared by %s)", t->legacy,
					 ref_schema, ref_table, t->task_path ? t->task_path : "an Execute SQL Task"), k->loc);
	if (!tt)
		return;
	IrBuf q = {0}; /* dbt pastes the field into its SQL as written */
	be_sql_quote_ident(&q, pr->o->dialect, field);
	ir_buf_put(&q, "", 1);
	tt->to_model = d ? d->model->name : NULL;
	tt->to_source = s;
	tt->to_field = ir_strdup(pr->a, q.data);
	ir_buf_free(&q);
}

/* ---- indexes as config ------------------------------------------------------- */
static void add_index(BeProject *pr, const Target *x, const BeKey *k, const IrVec *cols)
{
	BeModel *m = x->model;
	bool unique = k->kind != BE_KEY_INDEX || k->unique;
	if (pr->o->dialect != BE_POSTGRES || k->filtered || k->kind == BE_KEY_FOREIGN) {
		if (k->kind == BE_KEY_INDEX)
			ir_note(pr->c, k->loc, "the index of %s is not kept: %s", x->t->legacy,
				k->filtered ? "a filtered index has no dbt config" : "only dbt-postgres has an indexes config");
		return;
	}
	if (strcmp(m->materialized, "table") && strcmp(m->materialized, "incremental"))
		return;
	BeIndex *ix = ir_alloc(pr->a, sizeof *ix);
	ix->unique = unique;
	for (size_t i = 0; i < cols->len; i++) {
		IrBuf b = {0};
		be_sql_quote_ident(&b, pr->o->dialect, cols->items[i]); /* dbt-postgres pastes them as written */
		ir_buf_put(&b, "", 1);
		push_name(pr, &ix->columns, ir_strdup(pr->a, b.data));
		ir_buf_free(&b);
	}
	for (size_t i = 0; i < m->indexes.len; i++) {
		const BeIndex *o = m->indexes.items[i];
		bool same = o->columns.len == ix->columns.len && o->unique == ix->unique;
		for (size_t c = 0; same && c < o->columns.len; c++)
			same = !strcmp(o->columns.items[c], ix->columns.items[c]);
		if (same)
			return;
	}
	ir_vec_push(pr->a, &m->indexes, ix);
}

static void table_tests(BeProject *pr, const BeTable *t)
{
	Target x = target_of(pr, t);
	if (!x.model && !x.source)
		return; /* declared, never loaded nor read */
	if (x.model && x.model->placeholder)
		return;
	for (size_t i = 0; i < t->keys.len; i++) {
		const BeKey *k = t->keys.items[i];
		IrVec cols = {0};
		if (!key_columns(pr, &x, k, &cols))
			continue;
		if (k->kind == BE_KEY_FOREIGN)
			foreign_key_test(pr, &x, k, &cols);
		else if (!k->filtered && (k->kind != BE_KEY_INDEX || k->unique))
			uniqueness_test(pr, &x, k, &cols);
		if (x.model)
			add_index(pr, &x, k, &cols);
	}
	not_null_tests(pr, &x);
}

void be_ddl_tests(BeProject *pr)
{
	for (size_t i = 0; i < pr->tables.len; i++)
		table_tests(pr, pr->tables.items[i]);
}
