/* expr_parser.y — the grammar of the SSIS expression language
 * (expressions.md §8): SSIS precedence and associativity, casts, typed
 * NULL, calls, variables, lineage references, assignments.  Pure and
 * reentrant; every action is one builder call (expr_build.c). */
%define api.pure full
%define api.prefix {expr_yy}
%define api.location.type {FeExprSpan}
%define parse.error custom
%locations
%expect 0
%param {void *scanner}
%parse-param {FeExprParser *p}

%code requires {
#include "expr_internal.h"
/* A span covering the right-hand side, or an empty span at the previous end. */
#define YYLLOC_DEFAULT(Cur, Rhs, N) do { \
	if (N) { (Cur).beg = YYRHSLOC(Rhs, 1).beg; (Cur).end = YYRHSLOC(Rhs, N).end; } \
	else { (Cur).beg = (Cur).end = YYRHSLOC(Rhs, 0).end; } \
} while (0)
}

%code {
int expr_yylex(EXPR_YYSTYPE *lval, EXPR_YYLTYPE *lloc, void *scanner);
static void expr_yyerror(EXPR_YYLTYPE *loc, void *scanner, FeExprParser *p, const char *msg);
static FeExprSpan span(FeExprSpan a, FeExprSpan b) { a.end = b.end; return a; }
}

%union {
	FeExpr *node;
	const char *text;
	IrDtype dtype;
	FeTypeSpec *spec;
	FeArgList *args;
}

%token <text> IDENT "name" BRACKETED "bracketed name" VARIABLE "variable" LINEAGE "lineage reference"
%token <dtype> TYPE_NAME "type name"
%token <node> LITERAL "literal"
%token NULL_KW "NULL"
%token OROR "||" ANDAND "&&" EQ "==" NE "!=" LE "<=" GE ">="
%token LEXERR "invalid token"

%type <node> expr primary
%type <text> name
%type <spec> type_spec
%type <args> arg_list

/* Nodes live in the compilation's arena: nothing to free when bison
 * discards a value during error recovery, but every pointer type has a
 * destructor so that a future owner of heap memory cannot leak. */
%destructor { (void)$$; } <node>
%destructor { (void)$$; } <text>
%destructor { (void)$$; } <spec>
%destructor { (void)$$; } <args>

%right '?' ':'
%left  OROR
%left  ANDAND
%left  '|'
%left  '^'
%left  '&'
%left  EQ NE
%left  '<' '>' LE GE
%left  '+' '-'
%left  '*' '/' '%'
%precedence UNARY

%start statement

%%

statement
	: expr                          { p->root = $1; }
	| VARIABLE '=' expr             { if (!(p->root = fe_build_assign(p, @$, fe_build_variable(p, @1, $1), $3))) YYABORT; }
	;

expr
	: expr '?' expr ':' expr        { $$ = fe_build_cond(p, $1, $3, $5); }
	| expr '?' expr error           { $$ = $1; (void)$3; fe_expr_syntax_error(p, "missing ':' in conditional expression"); YYABORT; }
	| expr OROR expr                { $$ = fe_build_binary(p, @2, FE_OP_OR, $1, $3); }
	| expr ANDAND expr              { $$ = fe_build_binary(p, @2, FE_OP_AND, $1, $3); }
	| expr '|' expr                 { $$ = fe_build_binary(p, @2, FE_OP_BITOR, $1, $3); }
	| expr '^' expr                 { $$ = fe_build_binary(p, @2, FE_OP_BITXOR, $1, $3); }
	| expr '&' expr                 { $$ = fe_build_binary(p, @2, FE_OP_BITAND, $1, $3); }
	| expr EQ expr                  { $$ = fe_build_binary(p, @2, FE_OP_EQ, $1, $3); }
	| expr NE expr                  { $$ = fe_build_binary(p, @2, FE_OP_NE, $1, $3); }
	| expr '<' expr                 { $$ = fe_build_binary(p, @2, FE_OP_LT, $1, $3); }
	| expr '>' expr                 { $$ = fe_build_binary(p, @2, FE_OP_GT, $1, $3); }
	| expr LE expr                  { $$ = fe_build_binary(p, @2, FE_OP_LE, $1, $3); }
	| expr GE expr                  { $$ = fe_build_binary(p, @2, FE_OP_GE, $1, $3); }
	| expr '+' expr                 { $$ = fe_build_binary(p, @2, FE_OP_ADD, $1, $3); }
	| expr '-' expr                 { $$ = fe_build_binary(p, @2, FE_OP_SUB, $1, $3); }
	| expr '*' expr                 { $$ = fe_build_binary(p, @2, FE_OP_MUL, $1, $3); }
	| expr '/' expr                 { $$ = fe_build_binary(p, @2, FE_OP_DIV, $1, $3); }
	| expr '%' expr                 { $$ = fe_build_binary(p, @2, FE_OP_MOD, $1, $3); }
	| '-' expr %prec UNARY          { $$ = fe_build_unary(p, @1, FE_OP_NEG, $2); }
	| '!' expr %prec UNARY          { $$ = fe_build_unary(p, @1, FE_OP_NOT, $2); }
	| '~' expr %prec UNARY          { $$ = fe_build_unary(p, @1, FE_OP_BITNOT, $2); }
	| '(' type_spec ')' expr %prec UNARY { if (!($$ = fe_build_cast(p, @1, $2, $4))) YYABORT; }
	| '(' type_spec error           { $$ = NULL; (void)$2; fe_expr_syntax_error(p, "missing ')' after the type of a cast"); YYABORT; }
	| primary
	;

type_spec
	: TYPE_NAME                     { $$ = fe_build_typespec(p, @1, $1); }
	| type_spec ',' LITERAL         { $$ = fe_build_typespec_param(p, $1, $3, @3); }
	| type_spec ',' error           { $$ = $1; fe_expr_syntax_error(p, "a type parameter must be an integer literal"); YYABORT; }
	;

primary
	: LITERAL
	| NULL_KW '(' type_spec ')'     { if (!($$ = fe_build_null(p, span(@1, @4), $3))) YYABORT; }
	| NULL_KW error                 { $$ = NULL; fe_expr_syntax_error(p, "NULL must be followed by a type in parentheses, e.g. NULL(DT_I4)"); YYABORT; }
	| VARIABLE                      { if (!($$ = fe_build_variable(p, @1, $1))) YYABORT; }
	| LINEAGE                       { $$ = fe_build_lineage(p, @1, $1); }
	| name '(' ')'                  { if (!($$ = fe_build_call(p, @1, @3, $1, NULL))) YYABORT; }
	| name '(' arg_list ')'         { if (!($$ = fe_build_call(p, @1, @4, $1, $3))) YYABORT; }
	| name '(' arg_list error       { $$ = NULL; (void)$1; (void)$3; fe_expr_syntax_error(p, "missing ')' after function arguments"); YYABORT; }
	| name                          { $$ = fe_build_column(p, @1, NULL, $1); }
	| name '.' name                 { $$ = fe_build_column(p, span(@1, @3), $1, $3); }
	| '(' expr ')'                  { $$ = fe_build_paren(p, span(@1, @3), $2); }
	| '(' expr error                { $$ = $2; fe_expr_syntax_error(p, "missing ')'"); YYABORT; }
	;

arg_list
	: expr                          { $$ = fe_build_args(p, NULL, $1); }
	| arg_list ',' expr             { $$ = fe_build_args(p, $1, $3); }
	;

name
	: IDENT
	| BRACKETED
	;

%%

/* Bison's own message, kept until we know whether an error rule has a
 * better one: "unexpected X" plus the expected tokens when there are few. */
static int yyreport_syntax_error(const yypcontext_t *ctx, void *scanner, FeExprParser *p)
{
	(void)scanner;
	yysymbol_kind_t expected[4];
	int nexp = yypcontext_expected_tokens(ctx, expected, 4);
	yysymbol_kind_t got = yypcontext_token(ctx);
	IrBuf b = {0};
	ir_buf_printf(&b, "unexpected %s", got == YYSYMBOL_YYEOF ? "end of expression" : yysymbol_name(got));
	if (got == YYSYMBOL_LEXERR)
		p->pending = NULL;  /* the lexer already said what is wrong */
	for (int i = 0; i < nexp && nexp > 0; i++)
		ir_buf_printf(&b, "%s%s", i == 0 ? ", expecting " : " or ",
			      expected[i] == YYSYMBOL_YYEOF ? "end of expression" : yysymbol_name(expected[i]));
	if (got != YYSYMBOL_LEXERR && !p->pending) {
		p->pending = ir_strndup(p->c->arena, b.data, b.len);
		p->pending_at = *yypcontext_location(ctx);
	}
	ir_buf_free(&b);
	return 0;
}

static void expr_yyerror(EXPR_YYLTYPE *loc, void *scanner, FeExprParser *p, const char *msg)
{
	(void)scanner;
	if (!p->pending) {
		p->pending = ir_strdup(p->c->arena, msg);
		p->pending_at = *loc;
	}
}
