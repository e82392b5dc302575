/* rel.h — the Relational IR: each data flow (and, later, each SQL task)
 * becomes a DAG of relational operators with typed columns.  Passes lower
 * the Package IR into it and optimise it; the backend cuts it into dbt
 * models and prints SQL.  Expressions inside operators are IrSqlx trees
 * (ir/sqlexpr.h); rel_expr.h has the helpers lowering uses on them.
 * Everything lives in the compilation arena.
 *
 * Macro calls (IR_SQLX_MACRO) the lowering creates, for the backend to ship:
 *   ssis_untranslated_expression('<SSIS text>')  an expression not lowered:
 *                                                must fail when compiled
 *   ssis_invocation_id(), ssis_run_started_at()  Audit: dbt run values
 *   ssis_machine_name(), ssis_user_name()        Audit: approximations (warned)
 *   ssis_character_map(value, flags)             Character Map flags with no
 *                                                SQL equivalent (placeholder) */
#ifndef SSIS_IR_REL_H
#define SSIS_IR_REL_H

#include "ir.h"
#include "package.h"
#include "sqlast.h"
#include "sqlexpr.h"

typedef enum RelKind {
	REL_SCAN,        /* read a legacy table, a query, or a flat file */
	REL_PROJECT,     /* compute every output column from the input row */
	REL_FILTER,      /* keep rows where the predicate is TRUE; columns = the input's */
	REL_JOIN,        /* two inputs: left (inputs[0]) and right (inputs[1]) */
	REL_UNION,       /* UNION ALL of n inputs, columns mapped per input */
	REL_AGGREGATE,   /* GROUP BY keys, aggregates */
	REL_SORT,        /* ORDER BY (only observable at an ordered sink); columns = the input's */
	REL_DISTINCT,    /* keep one row per key (row_number() = 1); columns = the input's */
	REL_SINK,        /* write to a legacy destination; no columns of its own */
	REL_PLACEHOLDER, /* something not translated: fails loudly when run; 0..n inputs,
			    the declared columns (a synchronous output: its input's too) */
} RelKind;

/* An output column of an operator.  `name` is unique within the operator's
 * output (lowering renames clashes); IrSqlx column references inside the
 * consumer name these.  `lineage` is the SSIS lineage id the column carries
 * (bare: "123" or "Package\\...Columns[X]", no # or braces), so later
 * components can find it; columns the lowering adds for itself (the
 * Conditional Split's __split_output, the Lookup's __lookup_match) have
 * none. */
typedef struct RelCol {
	const char *name;
	IrType type;
	const char *lineage;
	const char *ssis_name;        /* the column's name in the package */
	const IrComponent *origin;    /* the component that produced it */
	IrLoc loc;
} RelCol;

typedef struct RelGraph RelGraph;
typedef struct RelNode RelNode;

/* The number of rows of `node` in another graph: what a Row Count's
 * variable holds once its data flow has run. */
typedef struct RelRowsOf {
	const RelGraph *graph;
	const RelNode *node;
} RelRowsOf;

typedef enum RelScanKind { REL_SCAN_TABLE, REL_SCAN_QUERY, REL_SCAN_FLATFILE } RelScanKind;

typedef struct RelScan {
	RelScanKind kind;
	const IrConnMgr *conn;
	const char *conn_name;        /* the connection manager's name */
	const char *schema, *table;   /* TABLE: brackets stripped; schema "dbo" when absent */
	IrText query;                 /* QUERY: the SQL text as in the package (T-SQL) */
	const char *query_variable;   /* QUERY from a variable: User::X; query is its
					 value, or NULL (s) when computed at run time */
	/* Which of the table's/file's columns are read, per output column:
	 * source_columns[i] is the external name of cols[i]. */
	const char **source_columns;
	/* QUERY: the text parsed into one SELECT (ir/sqlast.h), which the
	 * backend prints in the target dialect; NULL when it is not one
	 * (kept verbatim).  `reads` are the tables it reads (SqlName*, CTEs
	 * excluded); params[i] is the value bound to the ? marker i (a
	 * {{ var() }}), NULL when nothing is bound to it. */
	const SqlQuery *parsed;
	IrVec reads;
	IrSqlx **params;
	size_t nparams;
	RelRowsOf *param_rows;        /* or NULL; param_rows[i].node set: marker i reads
					 that count (params[i] is NULL) */
	/* or NULL; param_query[i] set: marker i reads the variable an earlier
	 * Execute SQL Task's single-row result set stores, which is the value
	 * of this scan (in no graph): its parsed query returns that value in
	 * its one column, in at most one row (passes/resultset_vars.c).
	 * params[i] is NULL. */
	const RelNode **param_query;
	/* QUERY of a MERGE: `self` is its target, which `parsed` reads as the
	 * model's own relation ({{ this }}, so the scan is a CTE of the
	 * target's model, not a staging model); `first_run` is the query
	 * when that relation does not exist yet, every source row unmatched. */
	const SqlName *self;
	const SqlQuery *first_run;
	/* QUERY of an Execute SQL Task: RelLocal*, the task's T-SQL variables
	 * whose value it sets before the statement (DECLARE @v int = ?), each
	 * read as that value. */
	IrVec locals;
} RelScan;

typedef struct RelLocal {
	const char *name;             /* "@v" */
	const SqlExpr *value;         /* reads ? markers and earlier locals only */
} RelLocal;

typedef struct RelProject {
	IrSqlx **exprs;               /* one per output column; column refs name input columns */
} RelProject;

typedef struct RelFilter {
	IrSqlx *predicate;            /* a NULL result drops the row */
} RelFilter;

typedef enum RelJoinKind { REL_JOIN_INNER, REL_JOIN_LEFT, REL_JOIN_FULL, REL_JOIN_CROSS } RelJoinKind;

typedef struct RelJoin {
	RelJoinKind kind;
	size_t nkeys;
	const char **left_keys, **right_keys; /* column names of each input */
	bool nulls_equal;             /* Merge Join TreatNullsAsEqual: IS NOT DISTINCT FROM */
	bool first_match;             /* Lookup: at most one right row per left row (the
					 first in right_order; arbitrary but stable without) */
	const char **right_order;     /* first_match: the reference query's ORDER BY, or NULL */
	size_t nright_order;
	bool *right_order_desc;       /* parallel to right_order: DESC keys (NULL: all ASC) */
	bool binary_compare;          /* full-cache Lookup, Merge Join: exact, case- and
					 trailing-space-sensitive key comparison */
	/* Output columns: each is a left or a right column. */
	int *col_side;                /* 0 left, 1 right */
	const char **col_source;      /* the column's name in that input; NULL for the marker */
	/* When set, the name of one output column (col_source NULL, DT_BOOL):
	 * TRUE when the left row found a right row, FALSE otherwise. */
	const char *match_marker;
} RelJoin;

typedef struct RelUnion {
	/* map[i][k] = name of input i's column feeding output column k, or NULL
	 * (the output column is NULL for rows of that input).  Values are cast
	 * to the output column's type. */
	const char ***map;
} RelUnion;

typedef enum RelAggFn {
	REL_AGG_GROUP, REL_AGG_COUNT, REL_AGG_COUNT_ALL, REL_AGG_COUNT_DISTINCT,
	REL_AGG_SUM, REL_AGG_AVG, REL_AGG_MIN, REL_AGG_MAX,
} RelAggFn;

typedef struct RelAggregate {
	RelAggFn *fns;                /* one per output column; GROUP columns are the keys */
	const char **args;            /* input column name, NULL for COUNT_ALL.  The result
					 has the output column's type (AVG of integers is
					 not integer division: cast the argument first) */
} RelAggregate;

typedef struct RelSortKey {
	const char *column;
	bool descending;
	unsigned comparison_flags;    /* SSIS comparison flags (ignore case, ...) */
} RelSortKey;

typedef struct RelSort {
	RelSortKey *keys;
	size_t nkeys;
} RelSort;

typedef struct RelDistinct {
	const char **keys;            /* NULL keys = whole row */
	size_t nkeys;
	RelSortKey *order;            /* which row survives; NULL = arbitrary (warned) */
	size_t norder;
} RelDistinct;

/* APPEND inserts the rows; REPLACE overwrites (flat files with Overwrite);
 * UPDATE updates existing rows of the table, set-based, for an OLE DB
 * Command `UPDATE t SET c = ?, ... WHERE k = ? AND ...`; DELETE removes
 * them, for `DELETE [FROM] t WHERE k = ? AND ...` (see RelSink).  MERGE
 * merges the rows into the table by key_columns (an Execute SQL Task's
 * MERGE statement): a row whose keys match a table row replaces the values
 * of the columns it has, the others are inserted. */
typedef enum RelLoad { REL_LOAD_APPEND, REL_LOAD_REPLACE, REL_LOAD_UPDATE, REL_LOAD_DELETE, REL_LOAD_MERGE } RelLoad;

typedef struct RelSink {
	const IrConnMgr *conn;
	const char *conn_name;
	bool flatfile;                /* the file of conn (a FLATFILE connection manager) */
	const char *schema, *table;   /* tables; schema NULL for Excel sheets */
	RelLoad load;
	/* Destination column k is fed by input column dest_from[k] (NULL: the
	 * destination column gets NULL). */
	const char **dest_columns;
	const char **dest_from;
	IrType *dest_types;
	size_t ndest;
	bool keep_nulls;              /* FastLoadKeepNulls */
	bool ordered;                 /* an upstream Sort reaches this sink */
	/* REL_LOAD_UPDATE: for every input row, the table rows where each
	 * key_columns[i] = input column key_from[i] (and `where`, if set, holds)
	 * get dest_columns[k] = input column dest_from[k], or the constant
	 * set_values[k] when dest_from[k] is NULL (a literal or getdate(), of
	 * type dest_types[k]: DT_WSTR, DT_I4 or DT_DBTIMESTAMP).  `where`
	 * reads the TABLE's columns (constants and IS NULL tests only).  SSIS
	 * runs the statement once per row in input order: when several rows hit
	 * one table row, the last one wins (lowering warns that the set-based
	 * form picks one).  REL_LOAD_DELETE: the same match, no columns set
	 * (ndest 0): the matched table rows are removed. */
	const char **key_columns, **key_from;
	size_t nkeys;
	IrSqlx **set_values;
	IrSqlx *where;
	IrText statement;             /* the original statement, for the source map */
	/* REL_LOAD_APPEND of rows newer than the table's own high-water mark
	 * (a watermark read through a variable): on an incremental run the
	 * model keeps the rows whose destination column watermark_column is
	 * > (>= when watermark_inclusive) the value of `watermark`, a scan in
	 * no graph whose parsed query reads this sink's table (the backend
	 * reads it as the model's own relation).  NULL: no such filter. */
	const RelNode *watermark;
	const char *watermark_column;
	bool watermark_inclusive;
	/* RelPostHook*: UPDATE / DELETE statements of this table that a later
	 * Execute SQL Task runs once the table is loaded: the table's model
	 * runs them after it builds (a dbt post-hook). */
	IrVec post_hooks;
	/* A temporary table (#t, ##t), a table variable (@t) or a table SELECT
	 * ... INTO creates in tempdb, as the task wrote it: the sink stands for
	 * no legacy table but for an internal model (`table` is its internal
	 * name) that the task's later statements and the package's later
	 * readers ref(); ephemeral when one statement reads it once. */
	const char *temp_of;
	bool ephemeral;
	bool select_into;             /* the table of a SELECT ... INTO (TRUNCATE + INSERT) */
} RelSink;

typedef struct RelPostHook {
	const SqlStmt *stmt;          /* SQL_S_UPDATE or SQL_S_DELETE of the sink's table */
	const IrExecutable *task;     /* the Execute SQL Task that runs it */
} RelPostHook;

/* Slowly Changing Dimension: the attribute kinds of the wizard's input
 * columns (ColumnType), for the backend to turn into a snapshot (historical
 * attributes) or an incremental model (changing attributes). */
typedef enum RelScdKind { REL_SCD_OTHER, REL_SCD_KEY, REL_SCD_CHANGING, REL_SCD_HISTORICAL, REL_SCD_FIXED } RelScdKind;

typedef struct RelScd {
	const char *dimension_query;  /* SqlCommand: select from the dimension */
	const char *current_row_where;/* CurrentRowWhere */
	bool update_changing_history; /* UpdateChangingAttributeHistory */
	bool fail_on_fixed_change;    /* FailOnFixedAttributeChange */
	bool inferred_members;        /* EnableInferredMember */
	const char **columns;         /* column names of the placeholder's inputs[0] */
	RelScdKind *kinds;            /* parallel to columns */
	size_t ncolumns;
} RelScd;

typedef struct RelPlaceholder {
	const char *reason;           /* why it is not translated */
	IrText original;              /* the original code (script, SQL), if any */
	const char *language;         /* original: "sql", "script" (Script Component
					 SourceCode: C# or VB), or NULL */
	const RelScd *scd;            /* Slowly Changing Dimension: what it would be */
	const SqlName *procedure;     /* EXEC of a stored procedure (an Execute SQL Task): the
					 model calls the macro stub that stands for it */
	const IrVec *proc_args;       /* procedure: the EXEC's SqlExecArg*, passed to the stub */
	IrSqlx **params;              /* procedure: the value bound to the ? marker i, or NULL */
	size_t nparams;
} RelPlaceholder;

struct RelNode {
	RelKind kind;
	uint32_t id;                  /* unique within the graph, in creation order */
	const char *label;            /* for CTE names: the SSIS component's name */
	const IrComponent *component; /* what it was lowered from (may be NULL) */
	const char *output_name;      /* the SSIS output it stands for, if one */
	IrLoc loc;
	struct RelNode **inputs;
	size_t ninputs;
	RelCol *cols;
	size_t ncols;
	union {
		RelScan scan;
		RelProject project;
		RelFilter filter;
		RelJoin join;
		RelUnion union_;
		RelAggregate aggregate;
		RelSort sort;
		RelDistinct distinct;
		RelSink sink;
		RelPlaceholder placeholder;
	} u;
};

/* Checked access to the union member of a kind. */
#define REL_AS(n, K, member) (*(IR_ASSERT((n)->kind == (K)), &(n)->u.member))

/* How far a component was translated (the coverage report, the source map). */
typedef enum RelStatus { REL_ST_TRANSLATED, REL_ST_PLACEHOLDER, REL_ST_UNSUPPORTED } RelStatus;

typedef struct RelCoverage {
	const IrComponent *component;
	const char *class_name;       /* canonical class, as the front end named it */
	RelStatus status;
	const char *reason;           /* why not translated (or what was approximated), or NULL */
} RelCoverage;

/* What SSIS would check at run time and a SELECT cannot: the backend turns
 * each into a dbt test that fails when `predicate` holds for any row of
 * `node` (a Conditional Split condition that is NULL with FailComponent, a
 * Lookup no-match with FailComponent, ...). */
typedef struct RelAssert {
	RelNode *node;
	IrSqlx *predicate;            /* over node's columns: TRUE for a failing row */
	const char *message;          /* what SSIS would have done */
	const IrComponent *component;
	IrLoc loc;
} RelAssert;

/* A side effect SSIS performs that the data flow's SQL does not: Row Count
 * writes the final count of `node`'s rows into `variable`. */
typedef enum RelEffectKind { REL_EFFECT_ROW_COUNT } RelEffectKind;

typedef struct RelEffect {
	RelEffectKind kind;
	RelNode *node;
	const char *variable;         /* User::RowCount */
	const IrComponent *component;
	IrLoc loc;
} RelEffect;

/* One graph per data flow task (and per SQL task, later). */
struct RelGraph {
	const IrPackage *package;
	const IrExecutable *task;     /* the Data Flow Task */
	IrVec nodes;                  /* RelNode*, in creation (topological) order */
	IrVec sinks;                  /* RelNode* of kind REL_SINK */
	IrVec coverage;               /* RelCoverage*, one per component, in package order */
	IrVec asserts;                /* RelAssert* */
	IrVec effects;                /* RelEffect* */
	IrVec notes;                  /* RelNote*: sentences for the models' descriptions */
};

/* A sentence the description of the model that holds `node` ends with:
 * what a pass chose for it that the SQL does not show. */
typedef struct RelNote {
	const RelNode *node;
	const char *text;
} RelNote;
/* A CREATE TABLE, ALTER TABLE or CREATE INDEX statement an Execute SQL Task
 * runs (also inside IF / BEGIN ... END / TRY), for the backend to turn
 * into tests, model config and column types (backend/ddl.c). */
typedef struct RelDdl {
	const SqlStmt *stmt;
	const IrExecutable *task;
} RelDdl;

/* Every graph of one package, in executable order. */
typedef struct RelProgram {
	const IrPackage *package;
	IrVec graphs;                 /* RelGraph* */
	IrVec ddl;                    /* RelDdl*, in executable and text order (collect-ddl) */
} RelProgram;

/* rel.c */
const char *ir_rel_kind_name(RelKind k);           /* "scan", "project", ... */
const char *ir_rel_status_name(RelStatus s);       /* "translated", ... */
/* "DT_WSTR(50)", "DT_NUMERIC(18,2)", "DT_STR(20,1252)", "DT_I4". */
void ir_rel_type_format(char *buf, size_t n, IrType t);
/* The IrType of a package column (data type, length, precision, scale, code page). */
IrType ir_rel_column_type(const IrColumn *col);
RelGraph *ir_rel_graph_new(IrCtx *c, const IrPackage *p, const IrExecutable *task);
RelNode *ir_rel_node_new(IrCtx *c, RelGraph *g, RelKind kind, const char *label,
			 const IrComponent *component, IrLoc loc, size_t ninputs, size_t ncols);
const RelCol *ir_rel_find_col(const RelNode *n, const char *name);
const RelCol *ir_rel_find_lineage(const RelNode *n, const char *lineage);
/* A name not yet used by n's first `upto` columns: base, base_2, base_3 ... */
const char *ir_rel_unique_name(IrCtx *c, const RelNode *n, size_t upto, const char *base);
/* Every column name an operator reads from its inputs: calls fn(input
 * index, name, arg) for each (expressions included, via ir_rel_e_cols). */
void ir_rel_used_cols(const RelNode *n, void (*fn)(size_t input, const char *name, void *arg), void *arg);
/* Drops the nodes whose keep[id] is false (nothing may read them) and
 * renumbers the others in order. */
void ir_rel_compact(RelGraph *g, const bool *keep);
/* How many nodes read each node (counts[id]); asserts and effects count. */
void ir_rel_consumers(const RelGraph *g, size_t *counts);
/* Checks the graph's invariants (inputs exist and come first, column names
 * unique, every referenced column exists); aborts with a message if broken. */
void ir_rel_verify(const RelGraph *g);
/* rel_json.c: --emit=rel, a cJSON object (cJSON *). */
void *ir_rel_to_json(IrCtx *c, const RelGraph *g);
void *ir_rel_program_to_json(IrCtx *c, const RelProgram *p);

#endif
