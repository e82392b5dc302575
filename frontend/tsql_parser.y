/* tsql_parser.y — the T-SQL grammar of Execute SQL Tasks and source queries:
 * queries, DML, MERGE, variables, control flow, EXEC, transactions, the DDL
 * ETL scripts use.  Pure and reentrant; every action is one call of a builder
 * in tsql_build.c; a statement that fails to parse becomes an UNPARSED node.
 * The build fills in @TSQL_KEYWORD_TOKENS@ and @TSQL_UNRESERVED_KEYWORDS@ from
 * tsql_keywords.def. */
%require "3.7"
%define api.pure full
%define api.prefix {sql_yy}
%define api.location.type {TsqlSpan}
%define parse.error custom
/* Reduce by default only in consistent states: a syntax error is then found
 * before the parser reduces what precedes it (the failed statement is kept
 * whole), while `stmt: error` still reduces without looking ahead. */
%define lr.default-reduction consistent
%locations
%expect 0
%param {TsqlParser *ps}

%code requires {
#include "sqlast.h"
typedef struct TsqlParser TsqlParser;
/* A token's or rule's span: byte offsets [start, end) in the text, and the
 * parenthesis depth and the number of open CASEs at its first token. */
typedef struct TsqlSpan {
	uint32_t start, end, depth, cases;
} TsqlSpan;
#define YYLLOC_DEFAULT(cur, rhs, n) do { \
	if (n) { (cur).start = YYRHSLOC(rhs, 1).start; (cur).depth = YYRHSLOC(rhs, 1).depth; \
		 (cur).cases = YYRHSLOC(rhs, 1).cases; \
		 (cur).end = YYRHSLOC(rhs, n).end; } \
	else { (cur).start = (cur).end = YYRHSLOC(rhs, 0).end; (cur).depth = YYRHSLOC(rhs, 0).depth; \
	       (cur).cases = YYRHSLOC(rhs, 0).cases; } \
} while (0)
}

%code {
#include "tsql_int.h"
int sql_yylex(SQL_YYSTYPE *val, TsqlSpan *loc, TsqlParser *ps);
static void sql_yyerror(const TsqlSpan *loc, TsqlParser *ps, const char *msg);
/* A failed statement: keep it verbatim; resume reporting errors only when
 * recovery moved past the point where it last resynchronised. */
#define TSQL_RECOVER(res, at) do { bool progress_; \
	(res) = fe_tsql_recover(ps, (at), &yychar); progress_ = ps->progress; \
	if (progress_) yyerrok; } while (0)
}

%union {
	const char *str;
	long num;
	bool flag;
	SqlName *name;
	SqlType *type;
	SqlExpr *expr;
	SqlQuery *query;
	SqlSelect *select;
	SqlSelectItem *item;
	SqlTop *top;
	SqlCte *cte;
	SqlTableRef *table;
	SqlStmt *stmt;
	SqlWindow *window;
	SqlBound bound;
	SqlOrderItem *order;
	SqlAssign *assign;
	SqlOutput *output;
	SqlMergeClause *mclause;
	SqlDeclare *decl;
	SqlColumnDef *coldef;
	SqlConstraint *con;
	SqlTableItem *titem;
	SqlExecArg *earg;
	IrVec *list;
}

%token <str> IDENT "identifier" VARIABLE "variable" GLOBALVAR "@@variable"
%token <str> NUMBER "number" STRING "string" NSTRING "N'string'" BINARY "binary literal"
%token <str> MONEY "money literal" PARAM "?" GO_SEP "GO" COMPOUND "compound assignment"
%token NE "<>" LE "<=" GE ">=" NLT "!<" NGT "!>" LEXERROR "invalid token" WITH_LPAREN "WITH ("
%token WITH_RESULT_SETS "WITH RESULT SETS" IMPLICIT_EXEC "procedure call" UPDATE_STATISTICS "UPDATE STATISTICS"
%token <stmt> OPAQUE "CREATE VIEW/PROCEDURE/FUNCTION/TRIGGER"
@TSQL_KEYWORD_TOKENS@

/* Every tree node lives in the compilation's arena and goes with it, and
 * <str> values are interned strings owned by the context's string table, so
 * the destructors of discarded values have nothing to free.  <num>, <flag>
 * and <bound> are plain values. */
%destructor { (void)$$; } <str>
%destructor { (void)$$; } <titem> <earg> <list>

/* A statement may not begin with '(' where the previous one could go on
 * with a parenthesis (RETURN (1), a type's length, a column list...): those
 * rules take LOWER_THAN_PAREN, so the parenthesis continues the statement.
 * Likewise WITH after RAISERROR (...) takes its options rather than starting
 * a common table expression. */
%precedence LOWER_THAN_PAREN
%precedence LOWER_THAN_WITH
%precedence K_WITH
%precedence LOWER_THAN_ELSE
%precedence K_ELSE
%precedence LOWER_THAN_FETCH
%precedence K_FETCH
%left K_UNION K_EXCEPT
%left K_INTERSECT
%left K_OR
%left K_AND
%precedence K_NOT
%left '+' '-' '&' '|' '^'
%left '*' '/' '%'
%precedence UMINUS '~'
%precedence K_COLLATE
%precedence '(' ')'

%type <str> ident alias opt_alias opt_table_alias unreserved_keyword set_word opt_tran_name
%type <str> cursor_name
%type <num> index_flags
%type <flag> opt_distinct opt_all opt_desc opt_percent opt_ties opt_if_exists opt_output_kw opt_not
%type <name> qname table_name
%type <type> type
%type <expr> expr primary cond predicate call case_expr opt_else opt_escape set_value exec_value
%type <expr> top_count opt_where value_item opt_having
%type <query> select_query select_no_parens select_with_parens select_clause simple_select values_clause
%type <select> select_core
%type <item> select_item
%type <top> opt_top
%type <cte> cte
%type <table> table_ref table_primary update_target insert_target merge_target
%type <stmt> stmt top_stmt select_stmt insert_stmt update_stmt delete_stmt merge_stmt cte_body
%type <stmt> insert_head insert_source declare_stmt set_stmt exec_stmt exec_body tran_stmt
%type <stmt> create_stmt alter_stmt drop_stmt cursor_stmt if_stmt
%type <window> window opt_frame
%type <bound> frame_bound
%type <order> order_item
%type <assign> set_item
%type <output> output_clause opt_output
%type <mclause> merge_clause merge_action
%type <decl> declare_item
%type <coldef> column_def
%type <con> table_constraint constraint_body col_attr
%type <titem> table_item
%type <earg> exec_arg
%type <list> stmts select_items from_clause opt_from table_refs expr_list opt_expr_list
%type <list> opt_group_by order_list opt_partition opt_order_by ident_list opt_paren_idents
%type <list> cte_list with_clause set_list value_rows value_items merge_clauses declare_list
%type <list> table_items col_attrs exec_args opt_exec_args opt_hints hints loose loose_tok
%type <list> opt_option set_words table_opts opt_include opt_with_words ident_words
%type <list> opt_into_vars var_list expr_concat opt_col_aliases
%type <list> fk_actions index_opts for_clause for_mode order_idents when_values when_conds qname_list
%type <str> drop_object fk_action
%type <num> opt_clustered
%type <expr> opt_and

%start script

%%

script:
	  %empty
	| script top_stmt		{ fe_tsql_top_append(ps, $2); }
	| script ';'
	;

top_stmt:
	  stmt
	| GO_SEP			{ $$ = fe_tsql_go(ps, @1, $1); }
	;

stmts:
	  %empty			{ $$ = fe_tsql_list(ps, NULL); }
	| stmts stmt			{ $$ = fe_tsql_stmts_append(ps, $1, $2); }
	| stmts ';'			{ $$ = $1; }
	;

stmt:
	  select_stmt
	| insert_stmt
	| update_stmt
	| delete_stmt
	| merge_stmt
	| with_clause cte_body		{ $$ = fe_tsql_with_stmt(ps, @$, $1, $2); }
	| K_TRUNCATE K_TABLE qname	{ $$ = fe_tsql_truncate(ps, @$, $3); }
	| declare_stmt
	| set_stmt
	| if_stmt
	| K_BEGIN stmts K_END		{ $$ = fe_tsql_block(ps, @$, $2); }
	| K_BEGIN K_TRY stmts K_END K_TRY K_BEGIN K_CATCH stmts K_END K_CATCH
					{ $$ = fe_tsql_try(ps, @$, $3, $8); }
	| K_WHILE cond stmt		{ $$ = fe_tsql_while(ps, @$, $2, $3); }
	| K_BREAK			{ $$ = fe_tsql_stmt(ps, @$, SQL_S_BREAK); }
	| K_CONTINUE			{ $$ = fe_tsql_stmt(ps, @$, SQL_S_CONTINUE); }
	| K_RETURN %prec LOWER_THAN_PAREN	{ $$ = fe_tsql_value_stmt(ps, @$, SQL_S_RETURN, NULL); }
	| K_RETURN expr			{ $$ = fe_tsql_value_stmt(ps, @$, SQL_S_RETURN, $2); }
	| K_PRINT expr			{ $$ = fe_tsql_value_stmt(ps, @$, SQL_S_PRINT, $2); }
	| K_RAISERROR '(' expr_list ')' opt_with_words
					{ $$ = fe_tsql_raise(ps, @$, SQL_S_RAISERROR, $3, $5); }
	| K_THROW %prec LOWER_THAN_PAREN	{ $$ = fe_tsql_raise(ps, @$, SQL_S_THROW, NULL, NULL); }
	| K_THROW expr ',' expr ',' expr
					{ $$ = fe_tsql_raise(ps, @$, SQL_S_THROW,
						fe_tsql_append(ps, fe_tsql_append(ps, fe_tsql_list(ps, $2), $4), $6), NULL); }
	| exec_stmt
	| tran_stmt
	| create_stmt
	| alter_stmt
	| drop_stmt
	| OPAQUE			{ $$ = $1; }
	| K_USE ident			{ $$ = fe_tsql_use(ps, @$, $2); }
	| cursor_stmt
	| UPDATE_STATISTICS qname opt_paren_idents opt_with_words
					{ $$ = fe_tsql_opaque_stmt(ps, @$, "update statistics", $2, fe_tsql_concat(ps, $3, $4)); }
	| K_DBCC ident %prec LOWER_THAN_PAREN
					{ $$ = fe_tsql_opaque_stmt(ps, @$, "dbcc", fe_tsql_name(ps, @2, $2), NULL); }
	| K_DBCC ident '(' loose ')' opt_with_words
					{ $$ = fe_tsql_opaque_stmt(ps, @$, "dbcc", fe_tsql_name(ps, @2, $2),
						fe_tsql_concat(ps, fe_tsql_paren_words(ps, $4), $6)); }
	| K_WAITFOR K_DELAY expr	{ $$ = fe_tsql_waitfor(ps, @$, "delay", $3); }
	| K_WAITFOR K_TIME expr		{ $$ = fe_tsql_waitfor(ps, @$, "time", $3); }
	| error				{ TSQL_RECOVER($$, @1); }
	;

if_stmt:
	  K_IF cond stmt %prec LOWER_THAN_ELSE	{ $$ = fe_tsql_if(ps, @$, $2, $3, NULL); }
	| K_IF cond stmt K_ELSE stmt		{ $$ = fe_tsql_if(ps, @$, $2, $3, $5); }
	;

/* ---- queries --------------------------------------------------------------- */
select_stmt:
	  select_query			{ $$ = fe_tsql_select_stmt(ps, @$, $1); }
	;

select_query:
	  select_no_parens opt_option	{ $$ = fe_tsql_query_option(ps, $1, $2); }
	| select_with_parens opt_option	{ $$ = fe_tsql_query_option(ps, $1, $2); }
	;

with_clause:
	  K_WITH cte_list		{ $$ = $2; }
	;

cte_list:
	  cte				{ $$ = fe_tsql_list(ps, $1); }
	| cte_list ',' cte		{ $$ = fe_tsql_append(ps, $1, $3); }
	;

cte:
	  ident opt_paren_idents K_AS select_with_parens
					{ $$ = fe_tsql_cte(ps, @$, $1, $2, $4); }
	;

cte_body:
	  select_stmt
	| insert_stmt
	| update_stmt
	| delete_stmt
	| merge_stmt
	;

select_no_parens:
	  simple_select
	| select_clause for_clause	{ $$ = fe_tsql_query_for(ps, $1, $2); }
	| select_clause K_ORDER K_BY order_list for_clause
					{ $$ = fe_tsql_query_for(ps, fe_tsql_query_order(ps, $1, $4, NULL, NULL), $5); }
	| select_clause K_ORDER K_BY order_list
					{ $$ = fe_tsql_query_order(ps, $1, $4, NULL, NULL); }
	| select_clause K_ORDER K_BY order_list K_OFFSET expr row_rows %prec LOWER_THAN_FETCH
					{ $$ = fe_tsql_query_order(ps, $1, $4, $6, NULL); }
	| select_clause K_ORDER K_BY order_list K_OFFSET expr row_rows K_FETCH first_next expr row_rows K_ONLY
					{ $$ = fe_tsql_query_order(ps, $1, $4, $6, $10); }
	;

row_rows: K_ROW | K_ROWS ;

/* FOR XML PATH('x'), TYPE / FOR JSON AUTO: kept as words. */
for_clause:
	  K_FOR IDENT for_mode		{ $$ = fe_tsql_concat(ps, fe_tsql_word(ps, $2), $3); }
	| for_clause ',' for_mode	{ $$ = fe_tsql_concat(ps, $1, $3); }
	;

for_mode:
	  ident %prec LOWER_THAN_PAREN	{ $$ = fe_tsql_word(ps, $1); }
	| ident '(' STRING ')'		{ $$ = fe_tsql_words(ps, fe_tsql_word(ps, $1), fe_tsql_quote(ps, $3)); }
	| ident '(' ')'			{ $$ = fe_tsql_word(ps, $1); }
	;
first_next: K_FIRST | K_NEXT ;

select_clause:
	  simple_select
	| select_with_parens
	;

select_with_parens:
	  '(' select_no_parens ')'	{ $$ = fe_tsql_query_paren(ps, $2); }
	| '(' select_with_parens ')'	{ $$ = fe_tsql_query_paren(ps, $2); }
	;

simple_select:
	  select_core			{ $$ = fe_tsql_query_select(ps, @$, $1); }
	| select_clause K_UNION opt_all select_clause
					{ $$ = fe_tsql_query_setop(ps, @$, SQL_Q_UNION, $3, $1, $4); }
	| select_clause K_EXCEPT select_clause
					{ $$ = fe_tsql_query_setop(ps, @$, SQL_Q_EXCEPT, false, $1, $3); }
	| select_clause K_INTERSECT select_clause
					{ $$ = fe_tsql_query_setop(ps, @$, SQL_Q_INTERSECT, false, $1, $3); }
	;

select_core:
	  K_SELECT opt_distinct opt_top select_items opt_from opt_where opt_group_by opt_having
					{ $$ = fe_tsql_select(ps, @$, $2, $3, $4, NULL, $5, $6, $7, $8); }
	| K_SELECT opt_distinct opt_top select_items K_INTO table_name opt_from opt_where opt_group_by opt_having
					{ $$ = fe_tsql_select(ps, @$, $2, $3, $4, $6, $7, $8, $9, $10); }
	;

opt_distinct:
	  %empty			{ $$ = false; }
	| K_DISTINCT			{ $$ = true; }
	| K_ALL				{ $$ = false; }
	;

opt_all:
	  %empty			{ $$ = false; }
	| K_ALL				{ $$ = true; }
	;

opt_top:
	  %empty			{ $$ = NULL; }
	| K_TOP top_count opt_percent opt_ties
					{ $$ = fe_tsql_top(ps, $2, $3, $4); }
	;

top_count:
	  NUMBER			{ $$ = fe_tsql_literal(ps, @1, SQL_E_NUMBER, $1); }
	| VARIABLE			{ $$ = fe_tsql_literal(ps, @1, SQL_E_VAR, $1); }
	| PARAM				{ $$ = fe_tsql_param(ps, @1, $1); }
	| '(' expr ')'			{ $$ = $2; }
	;

opt_percent:
	  %empty			{ $$ = false; }
	| K_PERCENT			{ $$ = true; }
	;

opt_ties:
	  %empty			{ $$ = false; }
	| K_WITH K_TIES			{ $$ = true; }
	;

select_items:
	  select_item			{ $$ = fe_tsql_list(ps, $1); }
	| select_items ',' select_item	{ $$ = fe_tsql_append(ps, $1, $3); }
	;

select_item:
	  expr opt_alias		{ $$ = fe_tsql_item(ps, @$, $1, $2); }
	| '*'				{ $$ = fe_tsql_item(ps, @$, fe_tsql_star(ps, @1, NULL), NULL); }
	| qname '.' '*'			{ $$ = fe_tsql_item(ps, @$, fe_tsql_star(ps, @$, $1), NULL); }
	| ident '=' expr		{ $$ = fe_tsql_item_alias_eq(ps, @$, $1, $3); }
	| STRING '=' expr		{ $$ = fe_tsql_item_alias_eq(ps, @$, $1, $3); }
	| VARIABLE '=' expr		{ $$ = fe_tsql_item_assign(ps, @$, $1, '=', $3); }
	| PARAM '=' expr		{ $$ = fe_tsql_item_assign(ps, @$, fe_tsql_param_name(ps, $1), '=', $3); }
	| VARIABLE COMPOUND expr	{ $$ = fe_tsql_item_assign(ps, @$, $1, $2[0], $3); }
	;

opt_alias:
	  %empty			{ $$ = NULL; }
	| alias
	;

alias:
	  K_AS ident			{ $$ = $2; }
	| K_AS STRING			{ $$ = $2; }
	| ident
	| STRING
	;

from_clause:
	  K_FROM table_refs		{ $$ = $2; }
	;

opt_from:
	  %empty			{ $$ = NULL; }
	| from_clause
	;

opt_where:
	  %empty			{ $$ = NULL; }
	| K_WHERE cond			{ $$ = $2; }
	;

opt_group_by:
	  %empty			{ $$ = NULL; }
	| K_GROUP K_BY expr_list	{ $$ = $3; }
	;

opt_having:
	  %empty			{ $$ = NULL; }
	| K_HAVING cond			{ $$ = $2; }
	;

order_list:
	  order_item			{ $$ = fe_tsql_list(ps, $1); }
	| order_list ',' order_item	{ $$ = fe_tsql_append(ps, $1, $3); }
	;

order_item:
	  expr opt_desc			{ $$ = fe_tsql_order_item(ps, $1, $2); }
	;

opt_desc:
	  %empty			{ $$ = false; }
	| K_ASC				{ $$ = false; }
	| K_DESC			{ $$ = true; }
	;

opt_option:
	  %empty			{ $$ = NULL; }
	| K_OPTION '(' loose ')'	{ $$ = $3; }
	;

values_clause:
	  K_VALUES value_rows		{ $$ = fe_tsql_query_values(ps, @$, $2); }
	;

value_rows:
	  '(' value_items ')'		{ $$ = fe_tsql_list(ps, $2); }
	| value_rows ',' '(' value_items ')'
					{ $$ = fe_tsql_append(ps, $1, $4); }
	;

value_items:
	  value_item			{ $$ = fe_tsql_list(ps, $1); }
	| value_items ',' value_item	{ $$ = fe_tsql_append(ps, $1, $3); }
	;

value_item:
	  expr
	| K_DEFAULT			{ $$ = fe_tsql_literal(ps, @1, SQL_E_DEFAULT, NULL); }
	;

/* ---- table references ------------------------------------------------------ */
table_refs:
	  table_ref			{ $$ = fe_tsql_list(ps, $1); }
	| table_refs ',' table_ref	{ $$ = fe_tsql_append(ps, $1, $3); }
	;

table_ref:
	  table_primary
	| table_ref K_JOIN table_ref K_ON cond
					{ $$ = fe_tsql_join(ps, @$, SQL_JOIN_INNER, $1, $3, $5); }
	| table_ref K_INNER K_JOIN table_ref K_ON cond
					{ $$ = fe_tsql_join(ps, @$, SQL_JOIN_INNER, $1, $4, $6); }
	| table_ref K_LEFT opt_outer K_JOIN table_ref K_ON cond
					{ $$ = fe_tsql_join(ps, @$, SQL_JOIN_LEFT, $1, $5, $7); }
	| table_ref K_RIGHT opt_outer K_JOIN table_ref K_ON cond
					{ $$ = fe_tsql_join(ps, @$, SQL_JOIN_RIGHT, $1, $5, $7); }
	| table_ref K_FULL opt_outer K_JOIN table_ref K_ON cond
					{ $$ = fe_tsql_join(ps, @$, SQL_JOIN_FULL, $1, $5, $7); }
	| table_ref K_CROSS K_JOIN table_primary
					{ $$ = fe_tsql_join(ps, @$, SQL_JOIN_CROSS, $1, $4, NULL); }
	| table_ref K_CROSS K_APPLY table_primary
					{ $$ = fe_tsql_join(ps, @$, SQL_APPLY_CROSS, $1, $4, NULL); }
	| table_ref K_OUTER K_APPLY table_primary
					{ $$ = fe_tsql_join(ps, @$, SQL_APPLY_OUTER, $1, $4, NULL); }
	;

opt_outer: %empty | K_OUTER ;

table_primary:
	  qname opt_table_alias opt_hints
					{ $$ = fe_tsql_table(ps, @$, $1, $2, $3); }
	| qname ident '(' loose ')'	{ $$ = fe_tsql_table(ps, @$, $1, $2, $4); }
	| VARIABLE opt_table_alias	{ $$ = fe_tsql_table(ps, @$, fe_tsql_name(ps, @1, $1), $2, NULL); }
	| call opt_table_alias opt_col_aliases
					{ $$ = fe_tsql_table_call(ps, @$, $1, $2, $3); }
	| call hints opt_table_alias	{ $$ = fe_tsql_table_call(ps, @$, fe_tsql_call_with(ps, $1, $2), $3, NULL); }
	| select_with_parens opt_as ident opt_col_aliases
					{ $$ = fe_tsql_derived(ps, @$, $1, $3, $4); }
	| '(' values_clause ')' opt_as ident opt_col_aliases
					{ $$ = fe_tsql_derived(ps, @$, $2, $5, $6); }
	| '(' table_ref ')'		{ $$ = fe_tsql_paren_table(ps, $2); }
	| table_primary K_PIVOT '(' call K_FOR qname K_IN '(' expr_list ')' ')' opt_as ident
					{ $$ = fe_tsql_pivot(ps, @$, $1, "pivot", $4, fe_tsql_column(ps, @6, $6), $9, $13); }
	| table_primary K_UNPIVOT '(' ident K_FOR ident K_IN '(' expr_list ')' ')' opt_as ident
					{ $$ = fe_tsql_pivot(ps, @$, $1, "unpivot",
						fe_tsql_column(ps, @4, fe_tsql_name(ps, @4, $4)),
						fe_tsql_column(ps, @6, fe_tsql_name(ps, @6, $6)), $9, $13); }
	;

opt_as: %empty | K_AS ;

opt_table_alias:
	  %empty %prec LOWER_THAN_PAREN	{ $$ = NULL; }
	| K_AS ident			{ $$ = $2; }
	| ident %prec LOWER_THAN_PAREN
	;

opt_col_aliases:
	  %empty %prec LOWER_THAN_PAREN	{ $$ = NULL; }
	| '(' ident_list ')'		{ $$ = $2; }
	;

opt_hints:
	  %empty			{ $$ = NULL; }
	| hints
	;

hints:
	  WITH_LPAREN loose ')'		{ $$ = $2; }
	;

/* Words of hints and options, kept as written: WITH (NOLOCK, INDEX(ix)). */
loose:
	  %empty			{ $$ = fe_tsql_list(ps, NULL); }
	| loose loose_tok		{ $$ = fe_tsql_concat(ps, $1, $2); }
	;

loose_tok:
	  ident				{ $$ = fe_tsql_word(ps, $1); }
	| NUMBER			{ $$ = fe_tsql_word(ps, $1); }
	| STRING			{ $$ = fe_tsql_word(ps, fe_tsql_quote(ps, $1)); }
	| VARIABLE			{ $$ = fe_tsql_word(ps, $1); }
	| '='				{ $$ = fe_tsql_word(ps, "="); }
	| ','				{ $$ = fe_tsql_word(ps, ","); }
	| '-'				{ $$ = fe_tsql_word(ps, "-"); }
	| K_ON				{ $$ = fe_tsql_word(ps, "ON"); }
	| K_INDEX			{ $$ = fe_tsql_word(ps, "INDEX"); }
	| K_JOIN			{ $$ = fe_tsql_word(ps, "JOIN"); }
	| K_UNION			{ $$ = fe_tsql_word(ps, "UNION"); }
	| K_MERGE			{ $$ = fe_tsql_word(ps, "MERGE"); }
	| K_ORDER			{ $$ = fe_tsql_word(ps, "ORDER"); }
	| K_GROUP			{ $$ = fe_tsql_word(ps, "GROUP"); }
	| K_FOR				{ $$ = fe_tsql_word(ps, "FOR"); }
	| K_PRIMARY			{ $$ = fe_tsql_word(ps, "PRIMARY"); }
	| K_KEY				{ $$ = fe_tsql_word(ps, "KEY"); }
	| K_NULL			{ $$ = fe_tsql_word(ps, "NULL"); }
	| K_AS				{ $$ = fe_tsql_word(ps, "AS"); }
	| '(' loose ')'			{ $$ = fe_tsql_paren_words(ps, $2); }
	;

/* ---- expressions ----------------------------------------------------------- */
cond:
	  cond K_OR cond		{ $$ = fe_tsql_binary(ps, @$, SQL_OP_OR, $1, $3); }
	| cond K_AND cond		{ $$ = fe_tsql_binary(ps, @$, SQL_OP_AND, $1, $3); }
	| K_NOT cond			{ $$ = fe_tsql_unary(ps, @$, SQL_UOP_NOT, $2); }
	| '(' cond ')'			{ $$ = fe_tsql_paren(ps, @$, $2); }
	| predicate
	;

predicate:
	  expr '=' expr			{ $$ = fe_tsql_binary(ps, @$, SQL_OP_EQ, $1, $3); }
	| expr NE expr			{ $$ = fe_tsql_binary(ps, @$, SQL_OP_NE, $1, $3); }
	| expr '<' expr			{ $$ = fe_tsql_binary(ps, @$, SQL_OP_LT, $1, $3); }
	| expr '>' expr			{ $$ = fe_tsql_binary(ps, @$, SQL_OP_GT, $1, $3); }
	| expr LE expr			{ $$ = fe_tsql_binary(ps, @$, SQL_OP_LE, $1, $3); }
	| expr GE expr			{ $$ = fe_tsql_binary(ps, @$, SQL_OP_GE, $1, $3); }
	| expr NLT expr			{ $$ = fe_tsql_binary(ps, @$, SQL_OP_NLT, $1, $3); }
	| expr NGT expr			{ $$ = fe_tsql_binary(ps, @$, SQL_OP_NGT, $1, $3); }
	| expr K_IS K_NULL		{ $$ = fe_tsql_is_null(ps, @$, $1, false); }
	| expr K_IS K_NOT K_NULL	{ $$ = fe_tsql_is_null(ps, @$, $1, true); }
	| expr opt_not K_BETWEEN expr K_AND expr
					{ $$ = fe_tsql_between(ps, @$, $1, $4, $6, $2); }
	| expr opt_not K_LIKE expr opt_escape
					{ $$ = fe_tsql_like(ps, @$, $1, $4, $5, $2); }
	| expr opt_not K_IN '(' expr_list ')'
					{ $$ = fe_tsql_in_list(ps, @$, $1, $5, $2); }
	| expr opt_not K_IN select_with_parens
					{ $$ = fe_tsql_in_query(ps, @$, $1, $4, $2); }
	| K_EXISTS select_with_parens	{ $$ = fe_tsql_exists(ps, @$, $2); }
	| expr '=' quantifier select_with_parens
					{ $$ = fe_tsql_quantified(ps, @$, $1, SQL_OP_EQ, "any", $4); }
	| expr NE quantifier select_with_parens
					{ $$ = fe_tsql_quantified(ps, @$, $1, SQL_OP_NE, "any", $4); }
	| expr '>' quantifier select_with_parens
					{ $$ = fe_tsql_quantified(ps, @$, $1, SQL_OP_GT, "any", $4); }
	| expr '<' quantifier select_with_parens
					{ $$ = fe_tsql_quantified(ps, @$, $1, SQL_OP_LT, "any", $4); }
	| expr '=' K_ALL select_with_parens
					{ $$ = fe_tsql_quantified(ps, @$, $1, SQL_OP_EQ, "all", $4); }
	| expr NE K_ALL select_with_parens
					{ $$ = fe_tsql_quantified(ps, @$, $1, SQL_OP_NE, "all", $4); }
	| expr '>' K_ALL select_with_parens
					{ $$ = fe_tsql_quantified(ps, @$, $1, SQL_OP_GT, "all", $4); }
	| expr '<' K_ALL select_with_parens
					{ $$ = fe_tsql_quantified(ps, @$, $1, SQL_OP_LT, "all", $4); }
	;

quantifier: K_ANY | K_SOME ;

opt_not:
	  %empty			{ $$ = false; }
	| K_NOT				{ $$ = true; }
	;

opt_escape:
	  %empty			{ $$ = NULL; }
	| K_ESCAPE expr			{ $$ = $2; }
	;

expr:
	  primary
	| '-' expr %prec UMINUS		{ $$ = fe_tsql_unary(ps, @$, SQL_UOP_NEG, $2); }
	| '+' expr %prec UMINUS		{ $$ = fe_tsql_unary(ps, @$, SQL_UOP_PLUS, $2); }
	| '~' expr			{ $$ = fe_tsql_unary(ps, @$, SQL_UOP_BITNOT, $2); }
	| expr '+' expr			{ $$ = fe_tsql_binary(ps, @$, SQL_OP_ADD, $1, $3); }
	| expr '-' expr			{ $$ = fe_tsql_binary(ps, @$, SQL_OP_SUB, $1, $3); }
	| expr '*' expr			{ $$ = fe_tsql_binary(ps, @$, SQL_OP_MUL, $1, $3); }
	| expr '/' expr			{ $$ = fe_tsql_binary(ps, @$, SQL_OP_DIV, $1, $3); }
	| expr '%' expr			{ $$ = fe_tsql_binary(ps, @$, SQL_OP_MOD, $1, $3); }
	| expr '&' expr			{ $$ = fe_tsql_binary(ps, @$, SQL_OP_BITAND, $1, $3); }
	| expr '|' expr			{ $$ = fe_tsql_binary(ps, @$, SQL_OP_BITOR, $1, $3); }
	| expr '^' expr			{ $$ = fe_tsql_binary(ps, @$, SQL_OP_BITXOR, $1, $3); }
	| expr K_COLLATE ident		{ $$ = fe_tsql_collate(ps, @$, $1, $3); }
	;

primary:
	  NUMBER			{ $$ = fe_tsql_literal(ps, @$, SQL_E_NUMBER, $1); }
	| STRING			{ $$ = fe_tsql_string(ps, @$, $1, false); }
	| NSTRING			{ $$ = fe_tsql_string(ps, @$, $1, true); }
	| BINARY			{ $$ = fe_tsql_literal(ps, @$, SQL_E_BINARY, $1); }
	| MONEY				{ $$ = fe_tsql_literal(ps, @$, SQL_E_MONEY, $1); }
	| K_NULL			{ $$ = fe_tsql_literal(ps, @$, SQL_E_NULL, NULL); }
	| VARIABLE			{ $$ = fe_tsql_literal(ps, @$, SQL_E_VAR, $1); }
	| GLOBALVAR			{ $$ = fe_tsql_literal(ps, @$, SQL_E_GLOBAL, $1); }
	| PARAM				{ $$ = fe_tsql_param(ps, @$, $1); }
	| qname %prec LOWER_THAN_PAREN	{ $$ = fe_tsql_column(ps, @$, $1); }
	| '(' expr ')'			{ $$ = fe_tsql_paren(ps, @$, $2); }
	| select_with_parens %prec UMINUS
					{ $$ = fe_tsql_subquery(ps, @$, $1); }
	| select_with_parens '.' ident '(' expr_list ')'
					{ $$ = fe_tsql_method(ps, @$, fe_tsql_subquery(ps, @1, $1), $3, $5); }
	| case_expr
	| call
	| call K_OVER '(' window ')'	{ $$ = fe_tsql_over(ps, $1, $4); }
	| call K_WITHIN K_GROUP '(' K_ORDER K_BY order_list ')'
					{ $$ = fe_tsql_within(ps, $1, $7); }
	| K_CAST '(' expr K_AS type ')'	{ $$ = fe_tsql_cast(ps, @$, $3, $5, false); }
	| K_TRY_CAST '(' expr K_AS type ')'
					{ $$ = fe_tsql_cast(ps, @$, $3, $5, true); }
	| K_CONVERT '(' type ',' expr ')'
					{ $$ = fe_tsql_convert(ps, @$, $3, $5, NULL, false); }
	| K_CONVERT '(' type ',' expr ',' expr ')'
					{ $$ = fe_tsql_convert(ps, @$, $3, $5, $7, false); }
	| K_TRY_CONVERT '(' type ',' expr ')'
					{ $$ = fe_tsql_convert(ps, @$, $3, $5, NULL, true); }
	| K_TRY_CONVERT '(' type ',' expr ',' expr ')'
					{ $$ = fe_tsql_convert(ps, @$, $3, $5, $7, true); }
	| K_IIF '(' cond ',' expr ',' expr ')'
					{ $$ = fe_tsql_iif(ps, @$, $3, $5, $7); }
	;

call:
	  qname '(' opt_expr_list ')'	{ $$ = fe_tsql_call(ps, @$, $1, $3, false); }
	| qname '(' K_DISTINCT expr_list ')'
					{ $$ = fe_tsql_call(ps, @$, $1, $4, true); }
	| qname '(' K_ALL expr_list ')'	{ $$ = fe_tsql_call(ps, @$, $1, $4, false); }
	| qname '(' '*' ')'		{ $$ = fe_tsql_call_star(ps, @$, $1); }
	| K_LEFT '(' expr_list ')'	{ $$ = fe_tsql_call_kw(ps, @$, "LEFT", $3); }
	| K_RIGHT '(' expr_list ')'	{ $$ = fe_tsql_call_kw(ps, @$, "RIGHT", $3); }
	;

case_expr:
	  K_CASE expr when_values opt_else K_END
					{ $$ = fe_tsql_case(ps, @$, $2, $3, $4); }
	| K_CASE when_conds opt_else K_END
					{ $$ = fe_tsql_case(ps, @$, NULL, $2, $3); }
	;

when_values:
	  K_WHEN expr K_THEN expr	{ $$ = fe_tsql_list(ps, fe_tsql_when(ps, @$, $2, $4)); }
	| when_values K_WHEN expr K_THEN expr
					{ $$ = fe_tsql_append(ps, $1, fe_tsql_when(ps, @2, $3, $5)); }
	;

when_conds:
	  K_WHEN cond K_THEN expr	{ $$ = fe_tsql_list(ps, fe_tsql_when(ps, @$, $2, $4)); }
	| when_conds K_WHEN cond K_THEN expr
					{ $$ = fe_tsql_append(ps, $1, fe_tsql_when(ps, @2, $3, $5)); }
	;

opt_else:
	  %empty			{ $$ = NULL; }
	| K_ELSE expr			{ $$ = $2; }
	;

window:
	  opt_partition opt_order_by opt_frame
					{ $$ = fe_tsql_window(ps, @$, $1, $2, $3); }
	;

opt_partition:
	  %empty			{ $$ = NULL; }
	| K_PARTITION K_BY expr_list	{ $$ = $3; }
	;

opt_order_by:
	  %empty			{ $$ = NULL; }
	| K_ORDER K_BY order_list	{ $$ = $3; }
	;

opt_frame:
	  %empty			{ $$ = NULL; }
	| K_ROWS frame_bound		{ $$ = fe_tsql_frame(ps, @$, 1, $2, fe_tsql_bound(SQL_BOUND_NONE, NULL)); }
	| K_RANGE frame_bound		{ $$ = fe_tsql_frame(ps, @$, 2, $2, fe_tsql_bound(SQL_BOUND_NONE, NULL)); }
	| K_ROWS K_BETWEEN frame_bound K_AND frame_bound
					{ $$ = fe_tsql_frame(ps, @$, 1, $3, $5); }
	| K_RANGE K_BETWEEN frame_bound K_AND frame_bound
					{ $$ = fe_tsql_frame(ps, @$, 2, $3, $5); }
	;

frame_bound:
	  K_UNBOUNDED K_PRECEDING	{ $$ = fe_tsql_bound(SQL_BOUND_UNBOUNDED_PRECEDING, NULL); }
	| K_UNBOUNDED K_FOLLOWING	{ $$ = fe_tsql_bound(SQL_BOUND_UNBOUNDED_FOLLOWING, NULL); }
	| K_CURRENT K_ROW		{ $$ = fe_tsql_bound(SQL_BOUND_CURRENT_ROW, NULL); }
	| NUMBER K_PRECEDING		{ $$ = fe_tsql_bound(SQL_BOUND_PRECEDING, fe_tsql_literal(ps, @1, SQL_E_NUMBER, $1)); }
	| NUMBER K_FOLLOWING		{ $$ = fe_tsql_bound(SQL_BOUND_FOLLOWING, fe_tsql_literal(ps, @1, SQL_E_NUMBER, $1)); }
	;

expr_list:
	  expr				{ $$ = fe_tsql_list(ps, $1); }
	| expr_list ',' expr		{ $$ = fe_tsql_append(ps, $1, $3); }
	;

opt_expr_list:
	  %empty			{ $$ = NULL; }
	| expr_list
	;

type:
	  qname %prec LOWER_THAN_PAREN	{ $$ = fe_tsql_type(ps, @$, $1, 0, 0, 0); }
	| qname '(' NUMBER ')'		{ $$ = fe_tsql_type(ps, @$, $1, fe_tsql_type_arg(ps, $3), 0, 1); }
	| qname '(' K_MAX ')'		{ $$ = fe_tsql_type(ps, @$, $1, -1, 0, 1); }
	| qname '(' NUMBER ',' NUMBER ')'
					{ $$ = fe_tsql_type(ps, @$, $1, fe_tsql_type_arg(ps, $3), fe_tsql_type_arg(ps, $5), 2); }
	;

/* ---- names ----------------------------------------------------------------- */
qname:
	  ident				{ $$ = fe_tsql_name(ps, @$, $1); }
	| qname '.' ident		{ $$ = fe_tsql_name_add(ps, $1, $3); }
	| qname '.' '.' ident		{ $$ = fe_tsql_name_add(ps, fe_tsql_name_add(ps, $1, ""), $4); }
	;

table_name:
	  qname
	| VARIABLE			{ $$ = fe_tsql_name(ps, @$, $1); }
	;

/* The single identifier rule: a plain or quoted identifier, or a keyword
 * that tsql_keywords.def marks UNRESERVED. */
ident:
	  IDENT
	| unreserved_keyword
	;

ident_list:
	  ident				{ $$ = fe_tsql_list(ps, (void *)$1); }
	| ident_list ',' ident		{ $$ = fe_tsql_append(ps, $1, (void *)$3); }
	;

opt_paren_idents:
	  %empty %prec LOWER_THAN_PAREN	{ $$ = NULL; }
	| '(' ident_list ')'		{ $$ = $2; }
	;

/* ---- INSERT / UPDATE / DELETE / MERGE -------------------------------------- */
insert_stmt:
	  insert_head insert_source	{ $$ = fe_tsql_insert_body(ps, @$, $1, NULL, NULL, $2); }
	| insert_head '(' ident_list ')' insert_source
					{ $$ = fe_tsql_insert_body(ps, @$, $1, $3, NULL, $5); }
	| insert_head output_clause insert_source
					{ $$ = fe_tsql_insert_body(ps, @$, $1, NULL, $2, $3); }
	| insert_head '(' ident_list ')' output_clause insert_source
					{ $$ = fe_tsql_insert_body(ps, @$, $1, $3, $5, $6); }
	;

insert_head:
	  K_INSERT opt_top opt_into insert_target
					{ $$ = fe_tsql_insert(ps, @$, $2, $4); }
	;

opt_into: %empty | K_INTO ;

insert_target:
	  qname opt_hints		{ $$ = fe_tsql_table(ps, @$, $1, NULL, $2); }
	| VARIABLE			{ $$ = fe_tsql_table(ps, @$, fe_tsql_name(ps, @1, $1), NULL, NULL); }
	;

/* NULL for DEFAULT VALUES */
insert_source:
	  select_query			{ $$ = fe_tsql_select_stmt(ps, @$, $1); }
	| values_clause			{ $$ = fe_tsql_select_stmt(ps, @$, $1); }
	| exec_stmt
	| K_DEFAULT K_VALUES		{ $$ = NULL; }
	;

output_clause:
	  K_OUTPUT select_items		{ $$ = fe_tsql_output(ps, @$, $2, NULL, NULL); }
	| K_OUTPUT select_items K_INTO table_name opt_paren_idents
					{ $$ = fe_tsql_output(ps, @$, $2, $4, $5); }
	;

opt_output:
	  %empty			{ $$ = NULL; }
	| output_clause
	;

update_stmt:
	  K_UPDATE opt_top update_target K_SET set_list opt_output opt_from opt_where opt_option
					{ $$ = fe_tsql_update(ps, @$, $2, $3, $5, $6, $7, $8, $9); }
	| K_UPDATE opt_top update_target K_SET set_list opt_output opt_from K_WHERE K_CURRENT K_OF cursor_name
					{ $$ = fe_tsql_where_current(ps, fe_tsql_update(ps, @$, $2, $3, $5, $6, $7, NULL, NULL), $11); }
	;

update_target:
	  qname opt_hints		{ $$ = fe_tsql_table(ps, @$, $1, NULL, $2); }
	| VARIABLE			{ $$ = fe_tsql_table(ps, @$, fe_tsql_name(ps, @1, $1), NULL, NULL); }
	;

set_list:
	  set_item			{ $$ = fe_tsql_list(ps, $1); }
	| set_list ',' set_item		{ $$ = fe_tsql_append(ps, $1, $3); }
	;

set_item:
	  qname '=' value_item		{ $$ = fe_tsql_assign(ps, @$, NULL, fe_tsql_column(ps, @1, $1), '=', $3); }
	| qname COMPOUND expr		{ $$ = fe_tsql_assign(ps, @$, NULL, fe_tsql_column(ps, @1, $1), $2[0], $3); }
	| VARIABLE '=' expr		{ $$ = fe_tsql_assign(ps, @$, $1, NULL, '=', $3); }
	| VARIABLE COMPOUND expr	{ $$ = fe_tsql_assign(ps, @$, $1, NULL, $2[0], $3); }
	| VARIABLE '=' qname '=' expr	{ $$ = fe_tsql_assign(ps, @$, $1, fe_tsql_column(ps, @3, $3), '=', $5); }
	;

delete_stmt:
	  K_DELETE opt_top opt_from_kw update_target opt_output opt_from opt_where opt_option
					{ $$ = fe_tsql_delete(ps, @$, $2, $4, $5, $6, $7, $8); }
	| K_DELETE opt_top opt_from_kw update_target opt_output opt_from K_WHERE K_CURRENT K_OF cursor_name
					{ $$ = fe_tsql_where_current(ps, fe_tsql_delete(ps, @$, $2, $4, $5, $6, NULL, NULL), $10); }
	;

opt_from_kw: %empty | K_FROM ;

merge_stmt:
	  K_MERGE opt_top opt_into merge_target K_USING table_ref K_ON cond merge_clauses opt_output opt_option
					{ $$ = fe_tsql_merge(ps, @$, $2, $4, $6, $8, $9, $10, $11); }
	;

merge_target:
	  qname opt_hints opt_table_alias
					{ $$ = fe_tsql_table(ps, @$, $1, $3, $2); }
	;

merge_clauses:
	  merge_clause			{ $$ = fe_tsql_list(ps, $1); }
	| merge_clauses merge_clause	{ $$ = fe_tsql_append(ps, $1, $2); }
	;

merge_clause:
	  K_WHEN K_MATCHED opt_and K_THEN merge_action
					{ $$ = fe_tsql_merge_clause(ps, @$, SQL_WHEN_MATCHED, $3, $5); }
	| K_WHEN K_NOT K_MATCHED opt_and K_THEN merge_action
					{ $$ = fe_tsql_merge_clause(ps, @$, SQL_WHEN_NOT_MATCHED_BY_TARGET, $4, $6); }
	| K_WHEN K_NOT K_MATCHED K_BY K_TARGET opt_and K_THEN merge_action
					{ $$ = fe_tsql_merge_clause(ps, @$, SQL_WHEN_NOT_MATCHED_BY_TARGET, $6, $8); }
	| K_WHEN K_NOT K_MATCHED K_BY K_SOURCE opt_and K_THEN merge_action
					{ $$ = fe_tsql_merge_clause(ps, @$, SQL_WHEN_NOT_MATCHED_BY_SOURCE, $6, $8); }
	;

opt_and:
	  %empty			{ $$ = NULL; }
	| K_AND cond			{ $$ = $2; }
	;

merge_action:
	  K_UPDATE K_SET set_list	{ $$ = fe_tsql_merge_action(ps, SQL_MERGE_UPDATE, $3, NULL, NULL); }
	| K_DELETE			{ $$ = fe_tsql_merge_action(ps, SQL_MERGE_DELETE, NULL, NULL, NULL); }
	| K_INSERT opt_paren_idents K_VALUES '(' value_items ')'
					{ $$ = fe_tsql_merge_action(ps, SQL_MERGE_INSERT, NULL, $2, $5); }
	| K_INSERT K_DEFAULT K_VALUES	{ $$ = fe_tsql_merge_action(ps, SQL_MERGE_INSERT, NULL, NULL, NULL); }
	;

/* ---- variables and SET ----------------------------------------------------- */
declare_stmt:
	  K_DECLARE declare_list	{ $$ = fe_tsql_declare(ps, @$, $2); }
	| K_DECLARE ident K_CURSOR ident_words K_FOR select_query
					{ $$ = fe_tsql_declare(ps, @$, fe_tsql_list(ps, fe_tsql_declare_cursor(ps, @$, $2, $4, $6))); }
	| K_DECLARE ident K_CURSOR K_FOR select_query
					{ $$ = fe_tsql_declare(ps, @$, fe_tsql_list(ps, fe_tsql_declare_cursor(ps, @$, $2, NULL, $5))); }
	;

declare_list:
	  declare_item			{ $$ = fe_tsql_list(ps, $1); }
	| declare_list ',' declare_item	{ $$ = fe_tsql_append(ps, $1, $3); }
	;

declare_item:
	  VARIABLE opt_as type		{ $$ = fe_tsql_declare_var(ps, @$, $1, $3, NULL); }
	| VARIABLE opt_as type '=' expr	{ $$ = fe_tsql_declare_var(ps, @$, $1, $3, $5); }
	| VARIABLE opt_as K_TABLE '(' table_items opt_comma ')'
					{ $$ = fe_tsql_declare_table(ps, @$, $1, $5); }
	;

ident_words:
	  ident				{ $$ = fe_tsql_list(ps, (void *)$1); }
	| ident_words ident		{ $$ = fe_tsql_append(ps, $1, (void *)$2); }
	;

set_stmt:
	  K_SET VARIABLE '=' expr	{ $$ = fe_tsql_set_var(ps, @$, $2, '=', $4); }
	| K_SET VARIABLE COMPOUND expr	{ $$ = fe_tsql_set_var(ps, @$, $2, $3[0], $4); }
	| K_SET VARIABLE '=' K_CURSOR ident_words K_FOR select_query
					{ $$ = fe_tsql_set_cursor(ps, @$, $2, $5, $7); }
	| K_SET set_words set_value	{ $$ = fe_tsql_set_option(ps, @$, $2, $3); }
	| K_SET K_IDENTITY_INSERT qname set_value
					{ $$ = fe_tsql_set_option(ps, @$, fe_tsql_words(ps, fe_tsql_word(ps, "IDENTITY_INSERT"), $3->parts[$3->nparts - 1]), $4); }
	| K_SET K_TRANSACTION K_ISOLATION K_LEVEL ident_words
					{ $$ = fe_tsql_set_option(ps, @$, fe_tsql_concat(ps, fe_tsql_word(ps, "TRANSACTION ISOLATION LEVEL"), $5), NULL); }
	;

set_words:
	  set_word			{ $$ = fe_tsql_word(ps, $1); }
	| set_words ',' set_word	{ $$ = fe_tsql_words(ps, $1, $3); }
	;

set_word: ident ;

set_value:
	  K_ON				{ $$ = fe_tsql_column(ps, @$, fe_tsql_name(ps, @$, "ON")); }
	| ident				{ $$ = fe_tsql_column(ps, @$, fe_tsql_name(ps, @$, $1)); }
	| NUMBER			{ $$ = fe_tsql_literal(ps, @$, SQL_E_NUMBER, $1); }
	| '-' NUMBER			{ $$ = fe_tsql_unary(ps, @$, SQL_UOP_NEG, fe_tsql_literal(ps, @2, SQL_E_NUMBER, $2)); }
	| STRING			{ $$ = fe_tsql_string(ps, @$, $1, false); }
	| NSTRING			{ $$ = fe_tsql_string(ps, @$, $1, true); }
	| VARIABLE			{ $$ = fe_tsql_literal(ps, @$, SQL_E_VAR, $1); }
	;

opt_with_words:
	  %empty %prec LOWER_THAN_WITH	{ $$ = NULL; }
	| K_WITH ident_list		{ $$ = $2; }
	;

/* ---- EXEC ------------------------------------------------------------------ */
exec_stmt:
	  exec_kw exec_body		{ $$ = fe_tsql_span(ps, $2, @$); }
	| exec_kw exec_body WITH_RESULT_SETS '(' loose ')'
					{ $$ = fe_tsql_span(ps, fe_tsql_exec_with(ps, $2, fe_tsql_paren_words(ps, $5)), @$); }
	| exec_kw exec_body WITH_RESULT_SETS ident
					{ $$ = fe_tsql_span(ps, fe_tsql_exec_with(ps, $2, fe_tsql_word(ps, $4)), @$); }
	;

/* IMPLICIT_EXEC: the stream inserts it before a procedure name that opens a
 * batch, where T-SQL allows the call without EXEC. */
exec_kw: K_EXEC | K_EXECUTE | IMPLICIT_EXEC ;

exec_body:
	  qname opt_exec_args		{ $$ = fe_tsql_exec_proc(ps, @$, NULL, $1, NULL, $2); }
	| VARIABLE '=' qname opt_exec_args
					{ $$ = fe_tsql_exec_proc(ps, @$, $1, $3, NULL, $4); }
	| VARIABLE opt_exec_args	{ $$ = fe_tsql_exec_proc(ps, @$, NULL, NULL, $1, $2); }
	| VARIABLE '=' VARIABLE opt_exec_args
					{ $$ = fe_tsql_exec_proc(ps, @$, $1, NULL, $3, $4); }
	| '(' expr_concat ')'		{ $$ = fe_tsql_exec_dynamic(ps, @$, $2, NULL); }
	| '(' expr_concat ')' K_AT ident
					{ $$ = fe_tsql_exec_dynamic(ps, @$, $2, $5); }
	;

expr_concat:
	  expr_list
	;

opt_exec_args:
	  %empty %prec LOWER_THAN_PAREN	{ $$ = NULL; }
	| exec_args
	;

exec_args:
	  exec_arg			{ $$ = fe_tsql_list(ps, $1); }
	| exec_args ',' exec_arg	{ $$ = fe_tsql_append(ps, $1, $3); }
	;

exec_arg:
	  exec_value opt_output_kw	{ $$ = fe_tsql_exec_arg(ps, @$, NULL, $1, $2); }
	| VARIABLE '=' exec_value opt_output_kw
					{ $$ = fe_tsql_exec_arg(ps, @$, $1, $3, $4); }
	;

exec_value:
	  expr
	| K_DEFAULT			{ $$ = NULL; }
	;

opt_output_kw:
	  %empty			{ $$ = false; }
	| K_OUTPUT			{ $$ = true; }
	| K_OUT				{ $$ = true; }
	;

/* ---- transactions ------------------------------------------------------------ */
tran_stmt:
	  K_BEGIN tran_kw opt_tran_name	{ $$ = fe_tsql_tran(ps, @$, SQL_S_BEGIN_TRAN, $3, false); }
	| K_BEGIN K_DISTRIBUTED tran_kw opt_tran_name
					{ $$ = fe_tsql_tran(ps, @$, SQL_S_BEGIN_TRAN, $4, true); }
	| K_COMMIT			{ $$ = fe_tsql_tran(ps, @$, SQL_S_COMMIT, NULL, false); }
	| K_COMMIT K_WORK		{ $$ = fe_tsql_tran(ps, @$, SQL_S_COMMIT, NULL, false); }
	| K_COMMIT tran_kw opt_tran_name
					{ $$ = fe_tsql_tran(ps, @$, SQL_S_COMMIT, $3, false); }
	| K_ROLLBACK			{ $$ = fe_tsql_tran(ps, @$, SQL_S_ROLLBACK, NULL, false); }
	| K_ROLLBACK K_WORK		{ $$ = fe_tsql_tran(ps, @$, SQL_S_ROLLBACK, NULL, false); }
	| K_ROLLBACK tran_kw opt_tran_name
					{ $$ = fe_tsql_tran(ps, @$, SQL_S_ROLLBACK, $3, false); }
	| K_SAVE tran_kw ident		{ $$ = fe_tsql_tran(ps, @$, SQL_S_SAVE_TRAN, $3, false); }
	;

tran_kw: K_TRAN | K_TRANSACTION ;

opt_tran_name:
	  %empty			{ $$ = NULL; }
	| ident
	| VARIABLE
	;

/* ---- cursors ----------------------------------------------------------------- */
cursor_stmt:
	  K_OPEN cursor_name		{ $$ = fe_tsql_cursor_op(ps, @$, "open", $2, NULL); }
	| K_CLOSE cursor_name		{ $$ = fe_tsql_cursor_op(ps, @$, "close", $2, NULL); }
	| K_DEALLOCATE cursor_name	{ $$ = fe_tsql_cursor_op(ps, @$, "deallocate", $2, NULL); }
	| K_FETCH K_FROM cursor_name opt_into_vars
					{ $$ = fe_tsql_cursor_op(ps, @$, "fetch", $3, $4); }
	| K_FETCH fetch_dir K_FROM cursor_name opt_into_vars
					{ $$ = fe_tsql_cursor_op(ps, @$, "fetch", $4, $5); }
	;

fetch_dir: K_NEXT | K_FIRST | IDENT ;

cursor_name: ident | VARIABLE ;

opt_into_vars:
	  %empty			{ $$ = NULL; }
	| K_INTO var_list		{ $$ = $2; }
	;

var_list:
	  VARIABLE			{ $$ = fe_tsql_list(ps, (void *)$1); }
	| var_list ',' VARIABLE		{ $$ = fe_tsql_append(ps, $1, (void *)$3); }
	;

/* ---- DDL --------------------------------------------------------------------- */
create_stmt:
	  K_CREATE K_TABLE qname '(' table_items opt_comma ')' table_opts
					{ $$ = fe_tsql_create_table(ps, @$, $3, $5, $8); }
	| K_CREATE index_flags K_INDEX ident K_ON qname '(' order_idents ')' opt_include opt_where table_opts
					{ $$ = fe_tsql_create_index(ps, @$, (int)$2, $4, $6, $8, $10, $11, $12); }
	| K_CREATE index_flags K_COLUMNSTORE K_INDEX ident K_ON qname opt_paren_idents table_opts
					{ $$ = fe_tsql_create_index(ps, @$, (int)$2 | 8, $5, $7, $8, NULL, NULL, $9); }
	;

opt_comma: %empty | ',' ;

index_flags:
	  %empty			{ $$ = 0; }
	| K_UNIQUE			{ $$ = 1; }
	| K_CLUSTERED			{ $$ = 2; }
	| K_NONCLUSTERED		{ $$ = 4; }
	| K_UNIQUE K_CLUSTERED		{ $$ = 3; }
	| K_UNIQUE K_NONCLUSTERED	{ $$ = 5; }
	;

order_idents:
	  ident opt_desc		{ $$ = fe_tsql_list(ps, fe_tsql_order_item(ps, fe_tsql_column(ps, @1, fe_tsql_name(ps, @1, $1)), $2)); }
	| order_idents ',' ident opt_desc
					{ $$ = fe_tsql_append(ps, $1, fe_tsql_order_item(ps, fe_tsql_column(ps, @3, fe_tsql_name(ps, @3, $3)), $4)); }
	;

opt_include:
	  %empty			{ $$ = NULL; }
	| K_INCLUDE '(' ident_list ')'	{ $$ = $3; }
	;

/* ON filegroup, TEXTIMAGE_ON filegroup, WITH (options): kept as words. */
table_opts:
	  %empty			{ $$ = NULL; }
	| table_opts K_ON ident %prec LOWER_THAN_PAREN
					{ $$ = fe_tsql_words(ps, fe_tsql_words(ps, fe_tsql_words(ps, $1, ","), "ON"), $3); }
	| table_opts K_ON K_PRIMARY	{ $$ = fe_tsql_words(ps, fe_tsql_words(ps, fe_tsql_words(ps, $1, ","), "ON"), "PRIMARY"); }
	| table_opts K_ON ident '(' ident ')'
					{ $$ = fe_tsql_concat(ps, fe_tsql_words(ps, fe_tsql_words(ps, fe_tsql_words(ps, $1, ","), "ON"), $3),
						fe_tsql_paren_words(ps, fe_tsql_word(ps, $5))); }
	| table_opts IDENT ident	{ $$ = fe_tsql_words(ps, fe_tsql_words(ps, fe_tsql_words(ps, $1, ","), $2), $3); }
	| table_opts IDENT K_PRIMARY	{ $$ = fe_tsql_words(ps, fe_tsql_words(ps, fe_tsql_words(ps, $1, ","), $2), "PRIMARY"); }
	| table_opts hints		{ $$ = fe_tsql_concat(ps, fe_tsql_words(ps, $1, ","), $2); }
	;

/* WITH (options) and ON filegroup after the column list of a key. */
index_opts:
	  %empty			{ $$ = NULL; }
	| index_opts K_ON ident %prec LOWER_THAN_PAREN
					{ $$ = fe_tsql_words(ps, fe_tsql_words(ps, fe_tsql_words(ps, $1, ","), "ON"), $3); }
	| index_opts K_ON K_PRIMARY	{ $$ = fe_tsql_words(ps, fe_tsql_words(ps, fe_tsql_words(ps, $1, ","), "ON"), "PRIMARY"); }
	| index_opts hints		{ $$ = fe_tsql_concat(ps, fe_tsql_words(ps, $1, ","), $2); }
	;

table_items:
	  table_item			{ $$ = fe_tsql_list(ps, $1); }
	| table_items ',' table_item	{ $$ = fe_tsql_append(ps, $1, $3); }
	;

table_item:
	  column_def			{ $$ = fe_tsql_item_column(ps, $1); }
	| table_constraint		{ $$ = fe_tsql_item_constraint(ps, $1); }
	;

column_def:
	  ident type col_attrs		{ $$ = fe_tsql_column_def(ps, @$, $1, $2, $3); }
	| ident K_AS expr		{ $$ = fe_tsql_computed_column(ps, @$, $1, $3); }
	| ident K_AS expr K_PERSISTED	{ $$ = fe_tsql_computed_column(ps, @$, $1, $3); }
	| ident K_AS expr K_PERSISTED K_NOT K_NULL
					{ $$ = fe_tsql_computed_column(ps, @$, $1, $3); }
	;

col_attrs:
	  %empty			{ $$ = NULL; }
	| col_attrs col_attr		{ $$ = fe_tsql_append(ps, $1, $2); }
	;

col_attr:
	  K_NULL			{ $$ = fe_tsql_attr(ps, @$, TSQL_ATTR_NULL, NULL, NULL, NULL); }
	| K_NOT K_NULL			{ $$ = fe_tsql_attr(ps, @$, TSQL_ATTR_NOT_NULL, NULL, NULL, NULL); }
	| K_IDENTITY %prec LOWER_THAN_PAREN	{ $$ = fe_tsql_attr(ps, @$, TSQL_ATTR_IDENTITY, NULL, NULL, NULL); }
	| K_IDENTITY '(' expr ',' expr ')'
					{ $$ = fe_tsql_attr(ps, @$, TSQL_ATTR_IDENTITY, $3, $5, NULL); }
	| K_COLLATE ident		{ $$ = fe_tsql_attr(ps, @$, TSQL_ATTR_COLLATE, NULL, NULL, $2); }
	| IDENT				{ $$ = fe_tsql_attr(ps, @$, TSQL_ATTR_OTHER, NULL, NULL, $1); }
	| K_NOT K_FOR IDENT		{ $$ = fe_tsql_attr(ps, @$, TSQL_ATTR_OTHER, NULL, NULL, $3); }
	| constraint_body
	| K_CONSTRAINT ident constraint_body
					{ $$ = fe_tsql_constraint_named(ps, $3, $2); }
	;

table_constraint:
	  constraint_body
	| K_CONSTRAINT ident constraint_body
					{ $$ = fe_tsql_constraint_named(ps, $3, $2); }
	| K_CONSTRAINT ident K_FOREIGN K_KEY '(' ident_list ')' K_REFERENCES qname opt_paren_idents fk_actions
					{ $$ = fe_tsql_constraint_named(ps, fe_tsql_constraint_options(ps, fe_tsql_constraint(ps, @$, SQL_CON_FOREIGN_KEY, $6, $9, $10, NULL), $11), $2); }
	| K_FOREIGN K_KEY '(' ident_list ')' K_REFERENCES qname opt_paren_idents fk_actions
					{ $$ = fe_tsql_constraint_options(ps, fe_tsql_constraint(ps, @$, SQL_CON_FOREIGN_KEY, $4, $7, $8, NULL), $9); }
	| K_CONSTRAINT ident K_DEFAULT expr K_FOR ident
					{ $$ = fe_tsql_constraint_named(ps, fe_tsql_constraint_for(ps, fe_tsql_constraint(ps, @$, SQL_CON_DEFAULT, NULL, NULL, NULL, $4), $6), $2); }
	;

/* Constraints that may follow a column definition. */
constraint_body:
	  K_PRIMARY K_KEY opt_clustered %prec LOWER_THAN_PAREN
					{ $$ = fe_tsql_constraint_clustered(ps, fe_tsql_constraint(ps, @$, SQL_CON_PRIMARY_KEY, NULL, NULL, NULL, NULL), $3); }
	| K_UNIQUE opt_clustered %prec LOWER_THAN_PAREN
					{ $$ = fe_tsql_constraint_clustered(ps, fe_tsql_constraint(ps, @$, SQL_CON_UNIQUE, NULL, NULL, NULL, NULL), $2); }
	| K_PRIMARY K_KEY opt_clustered '(' order_idents ')' index_opts
					{ $$ = fe_tsql_constraint_options(ps, fe_tsql_constraint_clustered(ps, fe_tsql_constraint(ps, @$, SQL_CON_PRIMARY_KEY, $5, NULL, NULL, NULL), $3), $7); }
	| K_UNIQUE opt_clustered '(' order_idents ')' index_opts
					{ $$ = fe_tsql_constraint_options(ps, fe_tsql_constraint_clustered(ps, fe_tsql_constraint(ps, @$, SQL_CON_UNIQUE, $4, NULL, NULL, NULL), $2), $6); }
	| K_REFERENCES qname opt_paren_idents fk_actions
					{ $$ = fe_tsql_constraint_options(ps, fe_tsql_constraint(ps, @$, SQL_CON_FOREIGN_KEY, NULL, $2, $3, NULL), $4); }
	| K_CHECK '(' cond ')'		{ $$ = fe_tsql_constraint(ps, @$, SQL_CON_CHECK, NULL, NULL, NULL, $3); }
	| K_DEFAULT expr %prec LOWER_THAN_PAREN
					{ $$ = fe_tsql_constraint(ps, @$, SQL_CON_DEFAULT, NULL, NULL, NULL, $2); }
	;

opt_clustered:
	  %empty			{ $$ = 0; }
	| K_CLUSTERED			{ $$ = 1; }
	| K_NONCLUSTERED		{ $$ = 2; }
	;

/* ON DELETE CASCADE ...: kept as words among the constraint's options */
fk_actions:
	  %empty			{ $$ = NULL; }
	| fk_actions K_ON K_DELETE fk_action
					{ $$ = fe_tsql_words(ps, fe_tsql_words(ps, $1, ","), fe_tsql_concat_words(ps, "ON DELETE", $4)); }
	| fk_actions K_ON K_UPDATE fk_action
					{ $$ = fe_tsql_words(ps, fe_tsql_words(ps, $1, ","), fe_tsql_concat_words(ps, "ON UPDATE", $4)); }
	;

fk_action:
	  K_CASCADE			{ $$ = "CASCADE"; }
	| K_NO IDENT			{ $$ = fe_tsql_concat_words(ps, "NO", $2); }
	| K_SET K_NULL			{ $$ = "SET NULL"; }
	| K_SET K_DEFAULT		{ $$ = "SET DEFAULT"; }
	;

alter_stmt:
	  K_ALTER K_TABLE qname K_ADD table_items
					{ $$ = fe_tsql_alter_table(ps, @$, $3, SQL_ALTER_ADD, $5, NULL, false); }
	| K_ALTER K_TABLE qname K_WITH check_nocheck K_ADD table_items
					{ $$ = fe_tsql_alter_table(ps, @$, $3, SQL_ALTER_ADD, $7, NULL, false); }
	| K_ALTER K_TABLE qname K_DROP K_COLUMN opt_if_exists ident_list
					{ $$ = fe_tsql_alter_table(ps, @$, $3, SQL_ALTER_DROP_COLUMN, NULL, $7, $6); }
	| K_ALTER K_TABLE qname K_DROP K_CONSTRAINT opt_if_exists ident_list
					{ $$ = fe_tsql_alter_table(ps, @$, $3, SQL_ALTER_DROP_CONSTRAINT, NULL, $7, $6); }
	| K_ALTER K_TABLE qname K_DROP ident_list
					{ $$ = fe_tsql_alter_table(ps, @$, $3, SQL_ALTER_DROP_CONSTRAINT, NULL, $5, false); }
	| K_ALTER K_TABLE qname K_ALTER K_COLUMN column_def
					{ $$ = fe_tsql_alter_table(ps, @$, $3, SQL_ALTER_ALTER_COLUMN, fe_tsql_list(ps, fe_tsql_item_column(ps, $6)), NULL, false); }
	| K_ALTER K_TABLE qname K_CHECK K_CONSTRAINT ident_list
					{ $$ = fe_tsql_alter_table(ps, @$, $3, SQL_ALTER_CHECK, NULL, $6, false); }
	| K_ALTER K_TABLE qname K_NOCHECK K_CONSTRAINT ident_list
					{ $$ = fe_tsql_alter_table(ps, @$, $3, SQL_ALTER_NOCHECK, NULL, $6, false); }
	| K_ALTER K_TABLE qname K_CHECK K_CONSTRAINT K_ALL
					{ $$ = fe_tsql_alter_table(ps, @$, $3, SQL_ALTER_CHECK, NULL, fe_tsql_list(ps, (void *)"ALL"), false); }
	| K_ALTER K_TABLE qname K_NOCHECK K_CONSTRAINT K_ALL
					{ $$ = fe_tsql_alter_table(ps, @$, $3, SQL_ALTER_NOCHECK, NULL, fe_tsql_list(ps, (void *)"ALL"), false); }
	| K_ALTER K_TABLE qname K_WITH check_nocheck K_CHECK K_CONSTRAINT ident_list
					{ $$ = fe_tsql_alter_table(ps, @$, $3, SQL_ALTER_CHECK, NULL, $8, false); }
	| K_ALTER K_INDEX ident K_ON qname ident
					{ $$ = fe_tsql_alter_table(ps, @$, $5, SQL_ALTER_OTHER, NULL, fe_tsql_words(ps, fe_tsql_word(ps, $6), $3), false); }
	| K_ALTER K_INDEX K_ALL K_ON qname ident
					{ $$ = fe_tsql_alter_table(ps, @$, $5, SQL_ALTER_OTHER, NULL, fe_tsql_list(ps, (void *)$6), false); }
	;

check_nocheck: K_CHECK | K_NOCHECK ;

drop_stmt:
	  K_DROP drop_object opt_if_exists qname_list
					{ $$ = fe_tsql_drop(ps, @$, $2, $3, $4, NULL); }
	| K_DROP K_INDEX opt_if_exists qname_list
					{ $$ = fe_tsql_drop(ps, @$, "index", $3, $4, NULL); }
	| K_DROP K_INDEX opt_if_exists ident K_ON qname
					{ $$ = fe_tsql_drop(ps, @$, "index", $3, fe_tsql_list(ps, fe_tsql_name(ps, @4, $4)), $6); }
	;

drop_object:
	  K_TABLE			{ $$ = "table"; }
	| K_VIEW			{ $$ = "view"; }
	| K_PROCEDURE			{ $$ = "procedure"; }
	| K_PROC			{ $$ = "procedure"; }
	| K_FUNCTION			{ $$ = "function"; }
	| K_TRIGGER			{ $$ = "trigger"; }
	| K_SCHEMA			{ $$ = "schema"; }
	| IDENT				{ $$ = fe_tsql_intern(ps, $1, (size_t)-1); }
	;

qname_list:
	  qname				{ $$ = fe_tsql_list(ps, $1); }
	| qname_list ',' qname		{ $$ = fe_tsql_append(ps, $1, $3); }
	;

opt_if_exists:
	  %empty			{ $$ = false; }
	| K_IF K_EXISTS			{ $$ = true; }
	;

unreserved_keyword:
@TSQL_UNRESERVED_KEYWORDS@
	;

%%

/* Syntax errors are recorded, not printed: the UNPARSED statement that
 * recovery makes reports them with its location. */
static int yyreport_syntax_error(const yypcontext_t *ctx, TsqlParser *ps)
{
	enum { MAX_EXPECTED = 5 };
	yysymbol_kind_t expected[MAX_EXPECTED];
	yysymbol_kind_t tok = yypcontext_token(ctx);
	const TsqlSpan *at = yypcontext_location(ctx);
	int n = yypcontext_expected_tokens(ctx, expected, MAX_EXPECTED);
	uint32_t len = at->end > at->start ? at->end - at->start : 0;
	const char *what = yysymbol_name(tok);
	IrBuf b = {0};
	if (tok == YYSYMBOL_LEXERROR && ps->lex_error)
		ir_buf_puts(&b, ps->lex_error);
	else if (tok == YYSYMBOL_YYEOF)
		ir_buf_puts(&b, "unexpected end of the SQL text");
	else if (fe_tsql_keyword(ps->text + at->start, len))
		ir_buf_printf(&b, "unexpected keyword %s", what);
	else if (what[0] == '\'' || len > 40)
		ir_buf_printf(&b, "unexpected %s", what);
	else
		ir_buf_printf(&b, "unexpected %s '%.*s'", what, (int)len, ps->text + at->start);
	if (tok != YYSYMBOL_LEXERROR && n > 0 && n < MAX_EXPECTED)
		for (int i = 0; i < n; i++)
			ir_buf_printf(&b, "%s%s", i == 0 ? ", expecting " : i == n - 1 ? " or " : ", ",
				      yysymbol_name(expected[i]));
	fe_tsql_syntax_error(ps, b.data ? b.data : "syntax error", at->start);
	ir_buf_free(&b);
	return 0;
}

/* Only bison's own failures ("memory exhausted": nesting too deep) come
 * here; syntax errors go through yyreport_syntax_error. */
static void sql_yyerror(const TsqlSpan *loc, TsqlParser *ps, const char *msg)
{
	fe_tsql_syntax_error(ps, msg, loc->start);
}
