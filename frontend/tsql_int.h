/* tsql_int.h — what the T-SQL lexer, grammar and tree builders share: the
 * parser state, the token stream wrapper and the builder functions that the
 * grammar's actions call (one call per action). */
#ifndef SSIS_FE_TSQL_INT_H
#define SSIS_FE_TSQL_INT_H

#include "tsql.h"
#include "tsql_parser.h"

/* A token as the lexer hands it over. */
typedef struct TsqlTok {
	int kind;
	SQL_YYSTYPE val;
	TsqlSpan loc;
} TsqlTok;

struct TsqlParser {
	IrCtx *ctx;
	const char *text;
	size_t len;
	IrLoc origin;
	FeTsqlLocMap map_fn;
	void *map_arg;
	void *scanner;
	SqlScript *script;

	/* lexer state */
	uint32_t pos;          /* offset of the next byte to scan */
	int comment_depth;
	uint32_t comment_start;
	const char *lex_error; /* message of the last LEXERROR token */

	/* token stream wrapper (tsql_build.c: sql_yylex) */
	int depth;             /* parenthesis depth of the last token delivered */
	int cases;             /* CASEs open (not yet closed by END) */
	TsqlTok peek[2];
	int npeek;

	/* error recovery */
	const char *err_msg;   /* the pending syntax error */
	uint32_t err_off;
	SqlStmt *recovering;   /* the UNPARSED statement being extended */
	uint32_t last_sync;    /* offset of the token recovery last stopped at */
	bool progress;         /* the last recovery consumed input */
	bool have_sync;        /* last_sync is set */
	bool batch_start;      /* the next token opens a batch */
	TsqlTok pending;       /* a token to deliver before reading on */
	bool have_pending;
	uint32_t rec_depth;    /* parenthesis depth of the statement being skipped */
	uint32_t rec_cases;    /* open CASEs where it started */
	int case_nest;         /* CASE ... END nesting seen while skipping */
	TsqlSpan cur;          /* the token delivered last */
	uint32_t prev_end;     /* end of the token before it */
	uint32_t top_end;      /* end of the last complete top-level statement */
};

/* tsql_lexer.l */
int fe_tsql_scan(SQL_YYSTYPE *val, TsqlSpan *loc, void *scanner);
int fe_tsql_scanner_new(TsqlParser *ps);
void fe_tsql_scanner_free(TsqlParser *ps);
int fe_tsql_keyword(const char *s, size_t n);   /* token kind, or 0 */
bool fe_tsql_keyword_unreserved(int tok);

/* tsql_build.c: tokens, errors, locations */
IrLoc fe_tsql_loc(TsqlParser *ps, uint32_t off);
const char *fe_tsql_intern(TsqlParser *ps, const char *s, size_t n);
const char *fe_tsql_token_text(TsqlParser *ps, TsqlSpan at);
const char *fe_tsql_concat_words(TsqlParser *ps, const char *a, const char *b);
void fe_tsql_syntax_error(TsqlParser *ps, const char *msg, uint32_t off);
SqlStmt *fe_tsql_recover(TsqlParser *ps, TsqlSpan at, int *lookahead);

/* lists */
IrVec *fe_tsql_list(TsqlParser *ps, void *item);
IrVec *fe_tsql_append(TsqlParser *ps, IrVec *list, void *item);
IrVec *fe_tsql_stmts_append(TsqlParser *ps, IrVec *list, SqlStmt *s);
void fe_tsql_top_append(TsqlParser *ps, SqlStmt *s);

/* names and types */
SqlName *fe_tsql_name(TsqlParser *ps, TsqlSpan at, const char *part);
SqlName *fe_tsql_name_add(TsqlParser *ps, SqlName *n, const char *part);
SqlType *fe_tsql_type(TsqlParser *ps, TsqlSpan at, SqlName *name, long a, long b, int nargs);
long fe_tsql_type_arg(TsqlParser *ps, const char *num);

/* expressions */
SqlExpr *fe_tsql_literal(TsqlParser *ps, TsqlSpan at, SqlExprKind k, const char *text);
SqlExpr *fe_tsql_string(TsqlParser *ps, TsqlSpan at, const char *text, bool national);
SqlExpr *fe_tsql_column(TsqlParser *ps, TsqlSpan at, SqlName *name);
SqlExpr *fe_tsql_star(TsqlParser *ps, TsqlSpan at, SqlName *qualifier);
SqlExpr *fe_tsql_param(TsqlParser *ps, TsqlSpan at, const char *index);
SqlExpr *fe_tsql_unary(TsqlParser *ps, TsqlSpan at, SqlUnop op, SqlExpr *a);
SqlExpr *fe_tsql_binary(TsqlParser *ps, TsqlSpan at, SqlBinop op, SqlExpr *a, SqlExpr *b);
SqlExpr *fe_tsql_is_null(TsqlParser *ps, TsqlSpan at, SqlExpr *a, bool negated);
SqlExpr *fe_tsql_between(TsqlParser *ps, TsqlSpan at, SqlExpr *a, SqlExpr *lo, SqlExpr *hi, bool negated);
SqlExpr *fe_tsql_like(TsqlParser *ps, TsqlSpan at, SqlExpr *a, SqlExpr *pat, SqlExpr *esc, bool negated);
SqlExpr *fe_tsql_in_list(TsqlParser *ps, TsqlSpan at, SqlExpr *a, IrVec *list, bool negated);
SqlExpr *fe_tsql_in_query(TsqlParser *ps, TsqlSpan at, SqlExpr *a, SqlQuery *q, bool negated);
SqlExpr *fe_tsql_quantified(TsqlParser *ps, TsqlSpan at, SqlExpr *a, SqlBinop op, const char *q, SqlQuery *sub);
SqlExpr *fe_tsql_exists(TsqlParser *ps, TsqlSpan at, SqlQuery *q);
SqlExpr *fe_tsql_subquery(TsqlParser *ps, TsqlSpan at, SqlQuery *q);
SqlExpr *fe_tsql_paren(TsqlParser *ps, TsqlSpan at, SqlExpr *a);
SqlExpr *fe_tsql_case(TsqlParser *ps, TsqlSpan at, SqlExpr *operand, IrVec *whens, SqlExpr *els);
SqlExpr *fe_tsql_when(TsqlParser *ps, TsqlSpan at, SqlExpr *cond, SqlExpr *result);
SqlExpr *fe_tsql_cast(TsqlParser *ps, TsqlSpan at, SqlExpr *a, SqlType *t, bool try_);
SqlExpr *fe_tsql_convert(TsqlParser *ps, TsqlSpan at, SqlType *t, SqlExpr *a, SqlExpr *style, bool try_);
SqlExpr *fe_tsql_call(TsqlParser *ps, TsqlSpan at, SqlName *name, IrVec *args, bool distinct);
SqlExpr *fe_tsql_call_star(TsqlParser *ps, TsqlSpan at, SqlName *name);
SqlExpr *fe_tsql_call_kw(TsqlParser *ps, TsqlSpan at, const char *name, IrVec *args);
SqlExpr *fe_tsql_iif(TsqlParser *ps, TsqlSpan at, SqlExpr *cond, SqlExpr *a, SqlExpr *b);
SqlExpr *fe_tsql_call_with(TsqlParser *ps, SqlExpr *call, IrVec *words);
SqlExpr *fe_tsql_over(TsqlParser *ps, SqlExpr *call, SqlWindow *w);
SqlExpr *fe_tsql_within(TsqlParser *ps, SqlExpr *call, IrVec *order);
SqlExpr *fe_tsql_collate(TsqlParser *ps, TsqlSpan at, SqlExpr *a, const char *collation);
SqlWindow *fe_tsql_window(TsqlParser *ps, TsqlSpan at, IrVec *partition, IrVec *order, SqlWindow *frame);
SqlWindow *fe_tsql_frame(TsqlParser *ps, TsqlSpan at, int kind, SqlBound start, SqlBound end);
SqlBound fe_tsql_bound(SqlBoundKind kind, SqlExpr *offset);
SqlOrderItem *fe_tsql_order_item(TsqlParser *ps, SqlExpr *e, bool desc);

/* queries */
SqlSelect *fe_tsql_select(TsqlParser *ps, TsqlSpan at, bool distinct, SqlTop *top, IrVec *items,
			  SqlName *into, IrVec *from, SqlExpr *where, IrVec *group_by, SqlExpr *having);
SqlTop *fe_tsql_top(TsqlParser *ps, SqlExpr *count, bool percent, bool ties);
SqlSelectItem *fe_tsql_item(TsqlParser *ps, TsqlSpan at, SqlExpr *e, const char *alias);
SqlSelectItem *fe_tsql_item_assign(TsqlParser *ps, TsqlSpan at, const char *var, int op, SqlExpr *e);
SqlSelectItem *fe_tsql_item_alias_eq(TsqlParser *ps, TsqlSpan at, const char *alias, SqlExpr *e);
SqlQuery *fe_tsql_query_select(TsqlParser *ps, TsqlSpan at, SqlSelect *s);
SqlQuery *fe_tsql_query_setop(TsqlParser *ps, TsqlSpan at, SqlQueryKind k, bool all, SqlQuery *l, SqlQuery *r);
SqlQuery *fe_tsql_query_values(TsqlParser *ps, TsqlSpan at, IrVec *rows);
SqlQuery *fe_tsql_query_paren(TsqlParser *ps, SqlQuery *q);
SqlQuery *fe_tsql_query_order(TsqlParser *ps, SqlQuery *q, IrVec *order, SqlExpr *offset, SqlExpr *fetch);
SqlQuery *fe_tsql_query_option(TsqlParser *ps, SqlQuery *q, IrVec *options);
SqlQuery *fe_tsql_query_for(TsqlParser *ps, SqlQuery *q, IrVec *words);
const char *fe_tsql_quote(TsqlParser *ps, const char *s);
const char *fe_tsql_param_name(TsqlParser *ps, const char *index);
SqlExpr *fe_tsql_method(TsqlParser *ps, TsqlSpan at, SqlExpr *object, const char *method, IrVec *args);
SqlStmt *fe_tsql_opaque_stmt(TsqlParser *ps, TsqlSpan at, const char *what, SqlName *name, IrVec *words);
SqlCte *fe_tsql_cte(TsqlParser *ps, TsqlSpan at, const char *name, IrVec *columns, SqlQuery *q);

/* table references */
SqlTableRef *fe_tsql_table(TsqlParser *ps, TsqlSpan at, SqlName *name, const char *alias, IrVec *hints);
SqlTableRef *fe_tsql_table_call(TsqlParser *ps, TsqlSpan at, SqlExpr *call, const char *alias, IrVec *columns);
SqlTableRef *fe_tsql_derived(TsqlParser *ps, TsqlSpan at, SqlQuery *q, const char *alias, IrVec *columns);
SqlTableRef *fe_tsql_join(TsqlParser *ps, TsqlSpan at, SqlJoinKind k, SqlTableRef *l, SqlTableRef *r, SqlExpr *on);
SqlTableRef *fe_tsql_pivot(TsqlParser *ps, TsqlSpan at, SqlTableRef *src, const char *what, SqlExpr *agg,
			   SqlExpr *for_col, IrVec *values, const char *alias);
SqlTableRef *fe_tsql_paren_table(TsqlParser *ps, SqlTableRef *t);
IrVec *fe_tsql_word(TsqlParser *ps, const char *word);
IrVec *fe_tsql_words(TsqlParser *ps, IrVec *list, const char *word);
IrVec *fe_tsql_concat(TsqlParser *ps, IrVec *a, IrVec *b);
IrVec *fe_tsql_paren_words(TsqlParser *ps, IrVec *words);

/* statements */
SqlStmt *fe_tsql_stmt(TsqlParser *ps, TsqlSpan at, SqlStmtKind k);
SqlStmt *fe_tsql_span(TsqlParser *ps, SqlStmt *s, TsqlSpan at);
SqlStmt *fe_tsql_select_stmt(TsqlParser *ps, TsqlSpan at, SqlQuery *q);
SqlStmt *fe_tsql_with_stmt(TsqlParser *ps, TsqlSpan at, IrVec *ctes, SqlStmt *s);
SqlStmt *fe_tsql_insert(TsqlParser *ps, TsqlSpan at, SqlTop *top, SqlTableRef *target);
SqlStmt *fe_tsql_insert_body(TsqlParser *ps, TsqlSpan at, SqlStmt *head, IrVec *columns, SqlOutput *output,
			     SqlStmt *source);
SqlStmt *fe_tsql_update(TsqlParser *ps, TsqlSpan at, SqlTop *top, SqlTableRef *target, IrVec *set,
			SqlOutput *output, IrVec *from, SqlExpr *where, IrVec *options);
SqlStmt *fe_tsql_delete(TsqlParser *ps, TsqlSpan at, SqlTop *top, SqlTableRef *target, SqlOutput *output,
			IrVec *from, SqlExpr *where, IrVec *options);
SqlStmt *fe_tsql_where_current(TsqlParser *ps, SqlStmt *s, const char *cursor);
SqlStmt *fe_tsql_merge(TsqlParser *ps, TsqlSpan at, SqlTop *top, SqlTableRef *target, SqlTableRef *source,
		       SqlExpr *on, IrVec *clauses, SqlOutput *output, IrVec *options);
SqlMergeClause *fe_tsql_merge_clause(TsqlParser *ps, TsqlSpan at, SqlMergeMatch m, SqlExpr *cond, SqlMergeClause *action);
SqlMergeClause *fe_tsql_merge_action(TsqlParser *ps, SqlMergeAction a, IrVec *set, IrVec *columns, IrVec *values);
SqlAssign *fe_tsql_assign(TsqlParser *ps, TsqlSpan at, const char *var, SqlExpr *target, int op, SqlExpr *value);
SqlOutput *fe_tsql_output(TsqlParser *ps, TsqlSpan at, IrVec *items, SqlName *into, IrVec *columns);
SqlStmt *fe_tsql_truncate(TsqlParser *ps, TsqlSpan at, SqlName *table);
SqlStmt *fe_tsql_declare(TsqlParser *ps, TsqlSpan at, IrVec *vars);
SqlDeclare *fe_tsql_declare_var(TsqlParser *ps, TsqlSpan at, const char *var, SqlType *t, SqlExpr *init);
SqlDeclare *fe_tsql_declare_table(TsqlParser *ps, TsqlSpan at, const char *var, IrVec *items);
SqlDeclare *fe_tsql_declare_cursor(TsqlParser *ps, TsqlSpan at, const char *name, IrVec *options, SqlQuery *q);
SqlStmt *fe_tsql_set_var(TsqlParser *ps, TsqlSpan at, const char *var, int op, SqlExpr *value);
SqlStmt *fe_tsql_set_cursor(TsqlParser *ps, TsqlSpan at, const char *var, IrVec *options, SqlQuery *q);
SqlStmt *fe_tsql_set_option(TsqlParser *ps, TsqlSpan at, IrVec *words, SqlExpr *value);
SqlStmt *fe_tsql_if(TsqlParser *ps, TsqlSpan at, SqlExpr *cond, SqlStmt *then, SqlStmt *els);
SqlStmt *fe_tsql_block(TsqlParser *ps, TsqlSpan at, IrVec *stmts);
SqlStmt *fe_tsql_try(TsqlParser *ps, TsqlSpan at, IrVec *body, IrVec *handler);
SqlStmt *fe_tsql_while(TsqlParser *ps, TsqlSpan at, SqlExpr *cond, SqlStmt *body);
SqlStmt *fe_tsql_value_stmt(TsqlParser *ps, TsqlSpan at, SqlStmtKind k, SqlExpr *value);
SqlStmt *fe_tsql_raise(TsqlParser *ps, TsqlSpan at, SqlStmtKind k, IrVec *args, IrVec *options);
SqlStmt *fe_tsql_exec_proc(TsqlParser *ps, TsqlSpan at, const char *ret, SqlName *proc, const char *proc_var,
			   IrVec *args);
SqlStmt *fe_tsql_exec_dynamic(TsqlParser *ps, TsqlSpan at, IrVec *parts, const char *at_server);
SqlStmt *fe_tsql_exec_with(TsqlParser *ps, SqlStmt *exec, IrVec *words);
SqlExecArg *fe_tsql_exec_arg(TsqlParser *ps, TsqlSpan at, const char *param, SqlExpr *value, bool output);
SqlStmt *fe_tsql_tran(TsqlParser *ps, TsqlSpan at, SqlStmtKind k, const char *name, bool distributed);
SqlStmt *fe_tsql_create_table(TsqlParser *ps, TsqlSpan at, SqlName *table, IrVec *items, IrVec *options);
SqlStmt *fe_tsql_alter_table(TsqlParser *ps, TsqlSpan at, SqlName *table, SqlAlterAction a, IrVec *items,
			     IrVec *names, bool if_exists);
SqlTableItem *fe_tsql_item_column(TsqlParser *ps, SqlColumnDef *c);
SqlTableItem *fe_tsql_item_constraint(TsqlParser *ps, SqlConstraint *c);
SqlColumnDef *fe_tsql_column_def(TsqlParser *ps, TsqlSpan at, const char *name, SqlType *t, IrVec *attrs);
SqlColumnDef *fe_tsql_computed_column(TsqlParser *ps, TsqlSpan at, const char *name, SqlExpr *e);
SqlConstraint *fe_tsql_constraint(TsqlParser *ps, TsqlSpan at, SqlConstraintKind k, IrVec *columns,
				  SqlName *ref, IrVec *ref_columns, SqlExpr *e);
SqlConstraint *fe_tsql_constraint_named(TsqlParser *ps, SqlConstraint *c, const char *name);
SqlConstraint *fe_tsql_constraint_clustered(TsqlParser *ps, SqlConstraint *c, int clustered);
SqlConstraint *fe_tsql_constraint_options(TsqlParser *ps, SqlConstraint *c, IrVec *options);
SqlConstraint *fe_tsql_constraint_for(TsqlParser *ps, SqlConstraint *c, const char *column);
/* column attributes are SqlConstraint nodes with these pseudo kinds */
enum { TSQL_ATTR_NULL = 100, TSQL_ATTR_NOT_NULL, TSQL_ATTR_IDENTITY, TSQL_ATTR_COLLATE, TSQL_ATTR_OTHER };
SqlConstraint *fe_tsql_attr(TsqlParser *ps, TsqlSpan at, int kind, SqlExpr *a, SqlExpr *b, const char *text);
SqlStmt *fe_tsql_drop(TsqlParser *ps, TsqlSpan at, const char *object, bool if_exists, IrVec *names, SqlName *on);
SqlStmt *fe_tsql_create_index(TsqlParser *ps, TsqlSpan at, int flags, const char *name, SqlName *table,
			      IrVec *columns, IrVec *include, SqlExpr *where, IrVec *options);
SqlStmt *fe_tsql_use(TsqlParser *ps, TsqlSpan at, const char *db);
SqlStmt *fe_tsql_go(TsqlParser *ps, TsqlSpan at, const char *text);
SqlStmt *fe_tsql_cursor_op(TsqlParser *ps, TsqlSpan at, const char *op, const char *cursor, IrVec *into);
SqlStmt *fe_tsql_waitfor(TsqlParser *ps, TsqlSpan at, const char *what, SqlExpr *value);

#endif
