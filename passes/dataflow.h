/* dataflow.h — what the data-flow lowering shares between its files: the
 * lowering state of one Data Flow Task, the component handler signature
 * (components.def), and helpers to find ports, properties and columns by
 * lineage.  Private to passes/lower_dataflow.c and passes/dataflow_*.c. */
#ifndef SSIS_PASSES_DATAFLOW_H
#define SSIS_PASSES_DATAFLOW_H

#include "passes.h"
#include "rel_expr.h"

/* The node that stands for each lowered output port. */
typedef struct DfPortNode {
	const IrPort *port;
	RelNode *node;
} DfPortNode;

typedef struct DfLower {
	IrCtx *c;
	const IrPackage *package;
	const IrExecutable *task;
	const IrDataFlow *df;
	RelGraph *g;
	IrVec port_nodes;             /* DfPortNode* */
	const char *reason;           /* set by a handler: why not (fully) translated */
	int untranslated;             /* SSIS expressions of this component left untranslated */
} DfLower;

/* A handler lowers one component: it reads its input nodes (df_input),
 * creates nodes and registers one per output port it produces (df_output).
 * Returns how far it got; L->reason says why when not REL_ST_TRANSLATED. */
typedef RelStatus (*DfHandler)(DfLower *L, const IrComponent *comp);

#define DF_COMPONENT(cls, fn, desc) RelStatus fn(DfLower *L, const IrComponent *comp);
#include "components.def"
#undef DF_COMPONENT
RelStatus df_placeholder_component(DfLower *L, const IrComponent *comp);

/* ---- ports and nodes (lower_dataflow.c) -------------------------------- */
RelNode *df_input(DfLower *L, const IrPort *in);            /* NULL: not connected */
void df_output(DfLower *L, const IrPort *out, RelNode *n);
RelNode *df_port_node(DfLower *L, const IrPort *out);
bool df_connected(DfLower *L, const IrPort *out);            /* a path starts here */
const IrPort *df_main_output(const IrComponent *comp);       /* first non-error output */
const IrPort *df_error_output(const IrComponent *comp);
const IrPort *df_main_input(const IrComponent *comp);

/* ---- properties ----------------------------------------------------------- */
const IrProp *df_prop(const IrVec *props, const char *name);
const char *df_prop_str(const IrVec *props, const char *name);      /* NULL or "" absent */
long df_prop_int(const IrVec *props, const char *name, long dflt);
bool df_prop_bool(const IrVec *props, const char *name, bool dflt);
/* "#{Package\...}", "#123", "{...}", "123" -> the bare lineage key, interned. */
const char *df_lineage_key(DfLower *L, const char *ref);

/* ---- columns ----------------------------------------------------------------- */
/* A column of `in` for an input column (by its lineage id); warns
 * -Wdangling-reference and returns NULL when the buffer has no such column. */
const RelCol *df_in_col(DfLower *L, const IrComponent *comp, const RelNode *in, const IrColumn *ic);
/* The same for a lineage reference written in a property. */
const RelCol *df_ref_col(DfLower *L, const IrComponent *comp, const RelNode *in, const char *ref);
/* Fill a RelCol for a package output column (name made unique in n). */
void df_set_col(DfLower *L, RelNode *n, size_t k, const IrColumn *oc, const IrComponent *comp);
/* A copy of every column of `in` into n->cols[0..in->ncols). */
void df_copy_cols(RelNode *n, const RelNode *in);
/* A projection that passes `in` through and appends `extra` columns (filled
 * by the caller: cols[in->ncols + i], exprs likewise). */
RelNode *df_project_over(DfLower *L, const IrComponent *comp, RelNode *in, size_t extra, const char *label);
RelNode *df_filter(DfLower *L, const IrComponent *comp, RelNode *in, IrSqlx *pred,
		   const char *output_name);
IrSqlx *df_ref(DfLower *L, const RelCol *col);
/* The error output of comp fed by rows of `rows` (ErrorCode, ErrorColumn). */
void df_error_rows(DfLower *L, const IrComponent *comp, RelNode *rows, long error_code);
/* An empty relation for output o over `base` (see lower_dataflow.c). */
RelNode *df_empty_output(DfLower *L, const IrComponent *comp, const IrPort *o, RelNode *base, bool sync);
void df_assert(DfLower *L, const IrComponent *comp, RelNode *n, IrSqlx *fails, const char *msg);
bool df_is_redirect(const char *disposition);
bool df_is_ignore(const char *disposition);

/* "[dbo].[Customer]", "dbo.Customer", "Customer" (schema `dflt`), "[db].[dbo].[T]". */
void df_table_name(DfLower *L, const char *s, const char *dflt, const char **schema, const char **table);
/* A variable by "User::Name" (or "Name"), searched in every scope. */
const IrVariable *df_variable(DfLower *L, const char *qualified);
/* Its value when known at compile time (not an expression), else NULL. */
const char *df_variable_value(DfLower *L, const char *qualified);
/* The component's first connection manager, and its name. */
/* A source or reference query (s->query) parsed: s->parsed, s->reads and
 * s->params set when it is one SELECT (dataflow_source.c).  text is where
 * the query came from in the package, or NULL (a variable's value). */
void df_parse_query(DfLower *L, const IrComponent *comp, RelScan *s, const IrText *text);
/* False when the connection (or the component class) names a server other
 * than SQL Server (Oracle, MySQL, Excel ...): its SQL is not T-SQL. */
bool df_speaks_tsql(const IrConnMgr *conn, const char *class_name);
const IrConnMgr *df_conn(const IrComponent *comp, const char **name);

/* ---- T-SQL fragments (dataflow_command.c) ------------------------------- */
/* `c IS [NOT] NULL` / `c = constant` joined by AND, over a table's columns
 * (unqualified column references); NULL when the text is anything else. */
IrSqlx *df_table_condition(DfLower *L, const char *text);
/* SELECT c, ... FROM [s].[t]: the table read; false for any other query. */
bool df_select_table(DfLower *L, const char *sql, const char **schema, const char **table);

/* ---- SSIS expressions (dataflow_expr.c) ---------------------------------- */
/* Lowers the Expression property (lineage form) over the columns of `in`.
 * Never NULL: what cannot be lowered is kept as untranslated text (a macro
 * call that fails when compiled), counted in L->untranslated, with
 * L->reason saying why. */
IrSqlx *df_ssis_expr(DfLower *L, const IrComponent *comp, const RelNode *in, const IrProp *expr);

#endif
