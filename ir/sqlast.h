/* sqlast.h — the SQL statement tree (T-SQL as Execute SQL Tasks and source
 * queries write it): statements, queries, table references, expressions and
 * names.  Every node lives in the compilation's arena and carries an IrLoc;
 * each kind enum documents which fields are live.  ir_sql_dump prints it. */
#ifndef SSIS_SQLAST_H
#define SSIS_SQLAST_H

#include "ir.h"

typedef struct SqlExpr SqlExpr;
typedef struct SqlQuery SqlQuery;
typedef struct SqlTableRef SqlTableRef;
typedef struct SqlStmt SqlStmt;

/* A possibly multi-part name: server.db.schema.object.  parts[0] is the
 * leftmost; an omitted middle part (db..object) is "".  Brackets and quotes
 * are removed; a temp table keeps its '#', a table variable its '@'. */
typedef struct SqlName {
	IrLoc loc;
	int nparts;
	const char *parts[4];
} SqlName;

/* A data type: name with up to two arguments; an argument of -1 is MAX. */
typedef struct SqlType {
	IrLoc loc;
	SqlName *name;
	int nargs;
	long args[2];
} SqlType;

typedef struct SqlOrderItem {
	SqlExpr *expr;
	bool desc;
} SqlOrderItem;

/* Window frame bounds. */
typedef enum SqlBoundKind {
	SQL_BOUND_NONE, SQL_BOUND_UNBOUNDED_PRECEDING, SQL_BOUND_PRECEDING,
	SQL_BOUND_CURRENT_ROW, SQL_BOUND_FOLLOWING, SQL_BOUND_UNBOUNDED_FOLLOWING
} SqlBoundKind;
typedef struct SqlBound {
	SqlBoundKind kind;
	SqlExpr *offset; /* PRECEDING / FOLLOWING */
} SqlBound;

typedef struct SqlWindow {
	IrLoc loc;
	IrVec partition;  /* SqlExpr* */
	IrVec order;      /* SqlOrderItem* */
	int frame;        /* 0 none, 1 ROWS, 2 RANGE */
	SqlBound start, end; /* end.kind NONE: no BETWEEN */
} SqlWindow;

/* ---- expressions -------------------------------------------------------- */
#define SQL_BINOPS(X) \
	X(ADD, "+") X(SUB, "-") X(MUL, "*") X(DIV, "/") X(MOD, "%") \
	X(BITAND, "&") X(BITOR, "|") X(BITXOR, "^") \
	X(EQ, "=") X(NE, "<>") X(LT, "<") X(LE, "<=") X(GT, ">") X(GE, ">=") \
	X(NLT, "!<") X(NGT, "!>") X(AND, "and") X(OR, "or")
typedef enum SqlBinop {
#define X(id, s) SQL_OP_##id,
	SQL_BINOPS(X)
#undef X
	SQL_OP__COUNT
} SqlBinop;
const char *ir_sql_binop_name(SqlBinop op);

typedef enum SqlUnop { SQL_UOP_NEG, SQL_UOP_PLUS, SQL_UOP_BITNOT, SQL_UOP_NOT } SqlUnop;

/* kind                 live fields */
typedef enum SqlExprKind {
	SQL_E_NUMBER,     /* text (as written) */
	SQL_E_STRING,     /* text (quotes removed, '' unescaped), national */
	SQL_E_BINARY,     /* text "0x..." */
	SQL_E_MONEY,      /* text "$1.50" */
	SQL_E_NULL,       /* - */
	SQL_E_DEFAULT,    /* - (DEFAULT in VALUES / SET) */
	SQL_E_COLUMN,     /* name */
	SQL_E_STAR,       /* name: qualifier or NULL (t.* / *) */
	SQL_E_VAR,        /* text "@v" */
	SQL_E_GLOBAL,     /* text "@@ROWCOUNT" (upper case) */
	SQL_E_PARAM,      /* param: 0-based index of the ? marker in the text */
	SQL_E_DATEPART,   /* text: the bare date part of DATEADD & co (lower case) */
	SQL_E_UNARY,      /* uop, a */
	SQL_E_BINARY_OP,  /* op, a, b */
	SQL_E_IS_NULL,    /* a, negated */
	SQL_E_BETWEEN,    /* a, b, c, negated */
	SQL_E_LIKE,       /* a, b, c: ESCAPE or NULL, negated */
	SQL_E_IN_LIST,    /* a, list, negated */
	SQL_E_IN_QUERY,   /* a, query, negated */
	SQL_E_EXISTS,     /* query */
	SQL_E_SUBQUERY,   /* query (scalar) */
	SQL_E_CASE,       /* a: operand or NULL, list: SqlExpr WHEN pairs (b=when, c=then), c: ELSE */
	SQL_E_WHEN,       /* b: condition/value, c: result (only inside CASE) */
	SQL_E_CAST,       /* a, type, try_ */
	SQL_E_CONVERT,    /* type, a, b: style or NULL, try_ */
	SQL_E_CALL,       /* name, list: args, distinct, star (COUNT(*)), over, within: WITHIN GROUP order,
			     a: the object of a method call ((SELECT ...).value(...)) or NULL,
			     text "niladic" for CURRENT_TIMESTAMP and the like */
	SQL_E_COLLATE,    /* a, text: collation */
	SQL_E_QUANTIFIED, /* op, a, query, text: "all"/"any"/"some" */
	SQL_E_PAREN,      /* a (kept so the dump shows what was written) */
	SQL_E__COUNT
} SqlExprKind;

struct SqlExpr {
	SqlExprKind kind;
	IrLoc loc;
	const char *text;
	SqlName *name;
	SqlExpr *a, *b, *c;
	IrVec list;
	SqlQuery *query;
	SqlType *type;
	SqlWindow *over;
	IrVec within;  /* SqlOrderItem* */
	SqlBinop op;
	SqlUnop uop;
	int param;
	bool negated, national, distinct, star, try_;
};

/* ---- queries -------------------------------------------------------------- */
typedef struct SqlSelectItem {
	IrLoc loc;
	SqlExpr *expr;
	const char *alias;    /* or NULL */
	const char *assign;   /* SELECT @v = expr: the variable, else NULL */
	SqlBinop assign_op;   /* with assign_compound: @v += expr */
	bool assign_compound;
} SqlSelectItem;

typedef struct SqlTop {
	SqlExpr *count;
	bool percent, with_ties;
} SqlTop;

typedef struct SqlSelect {
	IrLoc loc;
	bool distinct;
	SqlTop *top;
	IrVec items;       /* SqlSelectItem* */
	SqlName *into;
	IrVec from;        /* SqlTableRef* (comma-separated list) */
	SqlExpr *where;
	IrVec group_by;    /* SqlExpr* */
	SqlExpr *having;
} SqlSelect;

typedef struct SqlCte {
	IrLoc loc;
	const char *name;
	IrVec columns;     /* const char* */
	SqlQuery *query;
} SqlCte;

typedef enum SqlQueryKind {
	SQL_Q_SELECT, SQL_Q_UNION, SQL_Q_EXCEPT, SQL_Q_INTERSECT, SQL_Q_VALUES, SQL_Q_NESTED
} SqlQueryKind;

/* A query expression: a SELECT core (SQL_Q_SELECT: select), a set operation
 * (left, right, all), a VALUES list (rows: IrVec of IrVec* of SqlExpr*), or a
 * parenthesised query with its own ORDER BY (SQL_Q_NESTED: left);
 * with optional CTEs, ORDER BY, OFFSET/FETCH and OPTION (...) on the outside. */
struct SqlQuery {
	SqlQueryKind kind;
	IrLoc loc;
	SqlSelect *select;
	SqlQuery *left, *right;
	bool all;
	IrVec rows;
	IrVec ctes;        /* SqlCte* */
	IrVec order_by;    /* SqlOrderItem* */
	SqlExpr *offset, *fetch;
	IrVec options;     /* const char*: query hints as written, e.g. "RECOMPILE" */
	IrVec for_clause;  /* const char*: FOR XML / FOR JSON modes, e.g. "XML", "PATH('')" */
};

/* ---- table references ----------------------------------------------------- */
typedef enum SqlJoinKind {
	SQL_JOIN_INNER, SQL_JOIN_LEFT, SQL_JOIN_RIGHT, SQL_JOIN_FULL, SQL_JOIN_CROSS,
	SQL_APPLY_CROSS, SQL_APPLY_OUTER
} SqlJoinKind;

typedef enum SqlTableKind {
	SQL_T_NAMED,     /* name, alias, hints */
	SQL_T_DERIVED,   /* query, alias, columns */
	SQL_T_FUNCTION,  /* call (a SQL_E_CALL: table-valued function, OPENQUERY...), alias, columns */
	SQL_T_JOIN,      /* join, left, right, on (NULL for CROSS JOIN / APPLY) */
	SQL_T_PIVOT,     /* left: source, text: "pivot"/"unpivot", call: aggregate or value column,
	                    on: FOR column, values (SqlExpr* of IN list), alias */
} SqlTableKind;

struct SqlTableRef {
	SqlTableKind kind;
	IrLoc loc;
	SqlName *name;
	const char *alias;
	IrVec hints;       /* const char*, upper case: NOLOCK, INDEX(...) */
	IrVec columns;     /* const char* column aliases */
	SqlQuery *query;
	SqlExpr *call;
	SqlJoinKind join;
	const char *join_hint; /* LOOP / HASH / MERGE / REMOTE or NULL */
	SqlTableRef *left, *right;
	SqlExpr *on;
	const char *text;
	IrVec values;
};

/* ---- statements ------------------------------------------------------------ */
typedef struct SqlAssign {   /* UPDATE SET / MERGE UPDATE SET item */
	IrLoc loc;
	SqlExpr *target;   /* column, or @var (SET @v = col = expr: var and target) */
	const char *var;
	SqlBinop op;
	bool compound;     /* += and friends */
	SqlExpr *value;
} SqlAssign;

typedef struct SqlOutput {  /* OUTPUT items [INTO target (cols)] */
	IrLoc loc;
	IrVec items;       /* SqlSelectItem* */
	SqlName *into;
	IrVec into_columns; /* const char* */
} SqlOutput;

typedef enum SqlConstraintKind {
	SQL_CON_PRIMARY_KEY, SQL_CON_UNIQUE, SQL_CON_FOREIGN_KEY, SQL_CON_CHECK, SQL_CON_DEFAULT
} SqlConstraintKind;

typedef struct SqlConstraint {
	IrLoc loc;
	SqlConstraintKind kind;
	const char *name;    /* CONSTRAINT name, or NULL */
	bool clustered, nonclustered;
	IrVec columns;       /* SqlOrderItem* (PRIMARY KEY, UNIQUE), const char* (FOREIGN KEY) */
	SqlName *ref_table;  /* FOREIGN KEY / REFERENCES */
	IrVec ref_columns;   /* const char* */
	SqlExpr *expr;       /* CHECK / DEFAULT */
	const char *for_column; /* ALTER TABLE ADD DEFAULT x FOR col */
	IrVec options;       /* WITH (...), ON filegroup: words */
} SqlConstraint;

typedef struct SqlColumnDef {
	IrLoc loc;
	const char *name;
	SqlType *type;       /* NULL for a computed column */
	SqlExpr *computed;   /* AS expr */
	int nullable;        /* -1 unspecified, 0 NOT NULL, 1 NULL */
	bool identity;
	SqlExpr *identity_seed, *identity_step;
	const char *collate;
	IrVec constraints;   /* SqlConstraint*: PRIMARY KEY, UNIQUE, REFERENCES, CHECK, DEFAULT */
} SqlColumnDef;

typedef struct SqlDeclare {  /* one variable of DECLARE */
	IrLoc loc;
	const char *var;
	SqlType *type;       /* NULL for a table variable or a cursor */
	SqlExpr *init;
	IrVec table;         /* TABLE (...): SqlTableItem* */
	bool is_table, is_cursor;
	IrVec cursor_options; /* LOCAL FAST_FORWARD ...: const char* */
	SqlQuery *cursor_query;
} SqlDeclare;

typedef struct SqlTableItem {   /* an element of a column list in CREATE/DECLARE TABLE */
	SqlColumnDef *column;   /* exactly one of the two */
	SqlConstraint *constraint;
} SqlTableItem;

typedef struct SqlExecArg {
	IrLoc loc;
	const char *param;   /* @name = ..., or NULL (positional) */
	SqlExpr *value;      /* NULL for DEFAULT */
	bool output;
} SqlExecArg;

typedef enum SqlMergeAction { SQL_MERGE_UPDATE, SQL_MERGE_DELETE, SQL_MERGE_INSERT } SqlMergeAction;
typedef enum SqlMergeMatch { SQL_WHEN_MATCHED, SQL_WHEN_NOT_MATCHED_BY_TARGET, SQL_WHEN_NOT_MATCHED_BY_SOURCE } SqlMergeMatch;

typedef struct SqlMergeClause {
	IrLoc loc;
	SqlMergeMatch match;
	SqlExpr *cond;       /* AND ... or NULL */
	SqlMergeAction action;
	IrVec set;           /* SqlAssign* (UPDATE) */
	IrVec columns;       /* const char* (INSERT) */
	IrVec values;        /* SqlExpr* (INSERT); empty with default_values */
	bool default_values;
} SqlMergeClause;

/* The kinds of statement.  X(id, dump name). */
#define SQL_STMT_KINDS(X) \
	X(SELECT, "select") X(INSERT, "insert") X(UPDATE, "update") X(DELETE, "delete") \
	X(MERGE, "merge") X(TRUNCATE, "truncate") X(DECLARE, "declare") X(SET_VAR, "set") \
	X(SET_OPTION, "set-option") X(IF, "if") X(BLOCK, "block") X(TRY, "try") \
	X(WHILE, "while") X(BREAK, "break") X(CONTINUE, "continue") X(RETURN, "return") \
	X(PRINT, "print") X(RAISERROR, "raiserror") X(THROW, "throw") X(EXEC, "exec") \
	X(BEGIN_TRAN, "begin-tran") X(COMMIT, "commit") X(ROLLBACK, "rollback") X(SAVE_TRAN, "save-tran") \
	X(CREATE_TABLE, "create-table") X(ALTER_TABLE, "alter-table") X(DROP, "drop") \
	X(CREATE_INDEX, "create-index") X(OPAQUE, "opaque") X(USE, "use") X(GO, "go") \
	X(CURSOR_OP, "cursor") X(WAITFOR, "waitfor") \
	X(UNPARSED, "unparsed")
typedef enum SqlStmtKind {
#define X(id, s) SQL_S_##id,
	SQL_STMT_KINDS(X)
#undef X
	SQL_S__COUNT
} SqlStmtKind;
const char *ir_sql_stmt_name(SqlStmtKind k);

typedef enum SqlAlterAction {
	SQL_ALTER_ADD, SQL_ALTER_DROP_COLUMN, SQL_ALTER_DROP_CONSTRAINT, SQL_ALTER_ALTER_COLUMN,
	SQL_ALTER_CHECK, SQL_ALTER_NOCHECK, SQL_ALTER_OTHER
} SqlAlterAction;

/* A statement: kind, location of its first token, [start, end) byte offsets
 * of its text in the parsed buffer, and one live member of the union. */
struct SqlStmt {
	SqlStmtKind kind;
	IrLoc loc;
	uint32_t start, end;
	union {
		SqlQuery *select;                                     /* SELECT */
		struct { IrVec ctes; SqlTop *top; SqlName *target; const char *target_var; IrVec hints;
			 IrVec columns; SqlOutput *output; SqlQuery *query; SqlStmt *exec;
			 bool default_values; } insert;                /* INSERT: query (SELECT/VALUES) or exec */
		struct { IrVec ctes; SqlTop *top; SqlTableRef *target; IrVec set; SqlOutput *output;
			 IrVec from; SqlExpr *where; const char *cursor; IrVec options; } update; /* UPDATE */
		struct { IrVec ctes; SqlTop *top; SqlTableRef *target; SqlOutput *output;
			 IrVec from; SqlExpr *where; const char *cursor; IrVec options; } del;   /* DELETE */
		struct { IrVec ctes; SqlTop *top; SqlTableRef *target; SqlTableRef *source; SqlExpr *on;
			 IrVec clauses; SqlOutput *output; IrVec options; } merge; /* MERGE */
		struct { SqlName *table; } truncate;                  /* TRUNCATE */
		struct { IrVec vars; } declare;                       /* DECLARE: SqlDeclare* */
		struct { const char *var; SqlBinop op; bool compound; SqlExpr *value;
			 SqlQuery *cursor_query; IrVec cursor_options; } set_var; /* SET @v = e | CURSOR FOR q */
		struct { IrVec words; SqlExpr *value; } set_option;  /* SET NOCOUNT ON: words upper case */
		struct { SqlExpr *cond; SqlStmt *then, *els; } if_;   /* IF (els may be NULL) */
		struct { IrVec stmts; } block;                        /* BLOCK: BEGIN ... END */
		struct { IrVec body, handler; } try_;                 /* TRY: BEGIN TRY ... BEGIN CATCH ... */
		struct { SqlExpr *cond; SqlStmt *body; } while_;      /* WHILE */
		struct { SqlExpr *value; } ret;                       /* RETURN / PRINT (value may be NULL) */
		struct { IrVec args; IrVec options; } raise;          /* RAISERROR / THROW: SqlExpr* */
		struct { const char *return_var; SqlName *proc; const char *proc_var;
			 IrVec args; IrVec dynamic; const char *at; IrVec result_sets; }
			exec;                                         /* EXEC: proc (or proc_var) + args
			   (SqlExecArg*), or dynamic: SqlExpr* concatenated strings of EXEC ('...') */
		struct { const char *name; bool distributed; } tran;  /* BEGIN TRAN / COMMIT / ROLLBACK / SAVE */
		struct { SqlName *table; IrVec items; IrVec options; } create_table; /* items: SqlTableItem* */
		struct { SqlName *table; SqlAlterAction action; IrVec items; IrVec names; bool if_exists; }
			alter_table;                                  /* items: SqlTableItem*, names: const char* */
		struct { const char *object; bool if_exists; IrVec names; SqlName *on; } drop; /* object: "table" ... */
		struct { bool unique, clustered, nonclustered; const char *name; SqlName *table;
			 IrVec columns; IrVec include; SqlExpr *where; IrVec options; }
			create_index;                                 /* columns: SqlOrderItem* */
		struct { const char *what; SqlName *name; const char *text; IrVec words; }
			opaque;                                       /* CREATE VIEW / PROC / DBCC ...: verbatim */
		struct { const char *db; } use;                       /* USE */
		struct { long count; } go;                            /* GO [n] */
		struct { const char *op; const char *cursor; IrVec into; } cursor; /* OPEN/CLOSE/FETCH/DEALLOCATE */
		struct { const char *what; SqlExpr *value; } waitfor; /* WAITFOR DELAY|TIME */
		struct { const char *text; const char *reason; IrLoc error_loc;
			 uint32_t resume; } unparsed;  /* verbatim text; why; where parsing resumed */
	} u;
};

/* The result of parsing one SQL text: its statements in order (GO batch
 * separators are SQL_S_GO statements), the number of ? markers, and how many
 * statements could not be parsed (SQL_S_UNPARSED, anywhere in the tree). */
typedef struct SqlScript {
	IrVec stmts;      /* SqlStmt* */
	int nparams;
	int nunparsed;
	int nstmts;       /* statements at every level, unparsed included */
} SqlScript;

/* sqlast_build.c: a node of `kind` at loc (the other fields zero); a
 * query of one SELECT core; the name a select item gives its column (its
 * alias, or the name of the column it is), NULL when it gives none. */
SqlExpr *ir_sql_expr_new(IrArena *a, SqlExprKind kind, IrLoc loc);
SqlQuery *ir_sql_select_query(IrArena *a, SqlSelect *s, IrLoc loc);
const char *ir_sql_item_name(const SqlSelectItem *it);
/* A column reference qual.name (name alone when qual is NULL), l op r,
 * and ( in ). */
SqlExpr *ir_sql_column(IrArena *a, const char *qual, const char *name, IrLoc loc);
SqlExpr *ir_sql_binary(IrArena *a, SqlBinop op, SqlExpr *l, SqlExpr *r, IrLoc loc);
SqlExpr *ir_sql_paren(IrArena *a, SqlExpr *in);

/* Calls fn for every table q reads (FROM, JOIN, APPLY, subqueries; CTE
 * names excluded), in text order (sqlast_reads.c). */
void ir_sql_tables_read(IrArena *a, const SqlQuery *q, void (*fn)(void *arg, const SqlName *table), void *arg);

/* dump: a stable S-expression, one statement per top-level form.  With
 * locs, every node shows @LINE:COL in its file. */
void ir_sql_dump(IrCtx *c, IrBuf *out, const SqlScript *s, bool locs);

#endif
