/* be_internal.h — what the backend's files share: the project being built
 * (sources, models, destinations, tests, vars, component statuses) and the
 * entry point of each stage.  partition.c fills it, naming.c names it, the
 * emit_*.c files and manifest.c print it.  Not a public header. */
#ifndef SSIS_BE_INTERNAL_H
#define SSIS_BE_INTERNAL_H

#include "backend.h"

typedef enum BeLayer { BE_STAGING, BE_INTERMEDIATE, BE_MARTS } BeLayer;

typedef struct BeSrcCol {
	const char *name;
	IrType type;
} BeSrcCol;

typedef struct BeTable BeTable;

/* A legacy table or flat file the packages read. */
typedef struct BeSource {
	const char *legacy;           /* conn.schema.table, conn.flatfile */
	bool flatfile;
	const char *conn_name, *schema, *table;
	const IrConnMgr *conn;
	const char *source_name;      /* dbt source (tables; flat files off DuckDB) */
	const char *table_name;       /* dbt table in that source */
	const char *rel_schema, *rel_identifier;
	const char *path_var;         /* flat files: the dbt var holding the path */
	const char *description;
	IrVec cols;                   /* BeSrcCol* */
	IrVec packages;               /* const char*: package files */
	IrLoc loc;
	uint32_t loc_file;
	const BeTable *declared;      /* its CREATE TABLE in the build, or NULL (ddl.c) */
} BeSource;

typedef struct BeModel BeModel;

/* A legacy table or flat file the packages write. */
typedef struct BeDest {
	const char *legacy;
	bool flatfile;
	const char *conn_name, *schema, *table;
	const IrConnMgr *conn;
	BeModel *model;
	RelLoad load;
	const char *load_reason;      /* why replace: the truncating statement */
	const char *rel_schema, *rel_identifier;
	const char *path_var;
	IrVec packages;
	IrVec other_writers;          /* BeModel*: later sinks of the table (lineage.c warns) */
	bool temp;                    /* a temporary table's internal model: no legacy table */
} BeDest;

typedef struct BeTest {
	const char *name, *kind, *reason;
	BeModel *model;               /* the model tested, or NULL for a source's test */
	BeSource *source;             /* ... the source tested (ddl.c) */
	const char *column;           /* or NULL */
	IrVec columns;                /* const char*: a test of the whole relation over these
					 columns (ssis2dbt_unique_combination) */
	const BeSource *to_source;    /* relationships: source(...) instead of ref(to_model) */
	const char *to_model;         /* relationships: ref(to_model) ... */
	const char *to_field;
	IrVec values;                 /* accepted_values: const char* */
	const IrSqlx *predicate;      /* ssis2dbt_assert: TRUE for a failing row */
	const char *message;
	const IrPackage *package;
	const char *ssis_path;
	IrLoc loc;
} BeTest;

typedef struct BeVar {
	const char *name, *ssis_name, *ssis_type, *deflt;
	bool secret;
	bool implicit;                /* referenced by an expression, not declared (System::) */
	IrLoc loc;
} BeVar;

typedef struct BeComp {
	const char *ssis_path, *class_name, *status, *reason;
	IrLoc loc;
	IrVec models;                 /* BeModel* */
} BeComp;

struct BeModel {
	const char *name, *path, *materialized;
	BeLayer layer;
	const IrPackage *package;
	const RelGraph *graph;
	const RelNode *root;          /* the node whose rows the model returns */
	const IrComponent *component;
	const char *ssis_path;
	IrLoc loc;
	bool placeholder;
	const char *base;             /* the name before uniquing */
	const char *alias, *schema;   /* marts: the relation it builds */
	BeSource *source;             /* staging */
	BeDest *dest;                 /* marts */
	const char *description;
	const char *key;              /* staging: shared when equal */
	const char *untranslated;     /* staging: why its parsed query has no translation
					 in the target dialect (the model fails when run) */
	/* A mart of an update sink (REL_LOAD_UPDATE) rebuilds the whole table:
	 * the rows before the update are update_base's (the model of the project
	 * that wrote the table first; it appended when update_source is set
	 * too) and the legacy rows of update_source. */
	BeModel *update_base;
	BeSource *update_source;
	/* ... and the rows update_after appends in the same data flow, added
	 * after the update (they are not in the table the update sees). */
	BeModel *update_after;
	char *sql;
	IrVec tests;                  /* BeTest* */
	IrVec notes;                  /* const char*: sentences the description ends with (lineage.c) */
	IrVec indexes;                /* BeIndex*: dbt-postgres `indexes` config (ddl.c) */
};

/* An index of a model's table (dbt-postgres config): the columns quoted. */
typedef struct BeIndex {
	IrVec columns;                /* const char* */
	bool unique;
} BeIndex;

/* ---- ddl.c: what CREATE TABLE / ALTER TABLE / CREATE INDEX declare ---- */
typedef struct BeDeclCol {
	const char *name;
	IrType type;                  /* IR_DT_EMPTY: a type the printer does not know */
	bool not_null, identity;
	IrLoc loc;
} BeDeclCol;

typedef enum BeKeyKind { BE_KEY_PRIMARY, BE_KEY_UNIQUE, BE_KEY_FOREIGN, BE_KEY_INDEX } BeKeyKind;

typedef struct BeKey {
	BeKeyKind kind;
	bool unique;                  /* INDEX: CREATE UNIQUE INDEX */
	bool filtered;                /* INDEX: ... WHERE (a filtered index) */
	IrVec columns;                /* const char* */
	const SqlName *ref;           /* FOREIGN: the table referenced */
	IrVec ref_columns;            /* const char*: empty when REFERENCES names none */
	IrLoc loc;
} BeKey;

struct BeTable {
	const char *conn_name, *schema, *table, *legacy;
	const IrConnMgr *conn;
	const IrPackage *package;
	const char *task_path;
	bool created;                 /* a CREATE TABLE, not only ALTER / CREATE INDEX */
	IrVec cols;                   /* BeDeclCol* */
	IrVec keys;                   /* BeKey* */
	IrLoc loc;
};

/* Per graph: which model owns each node (by node id). */
typedef struct BeGraph {
	const RelGraph *g;
	const IrPackage *package;
	size_t nids;
	BeModel **owner;              /* the model whose SQL holds the node */
	BeModel **root_of;            /* the model whose root the node is */
	int *nconsumers;
} BeGraph;

typedef struct BePkg {
	const IrPackage *p;
	IrVec comps;                  /* BeComp* in package order */
	IrVec truncates;              /* const char*: "schema.table" truncated before a data flow */
} BePkg;

typedef struct BeProject {
	IrCtx *c;
	IrArena *a;
	const BeOptions *o;
	const char *name;
	const BePackageInput *inputs;
	BePkg *pkgs;
	size_t npkgs;
	BeGraph *graphs;
	size_t ngraphs;
	IrVec models, sources, dests, tests, vars;
	IrVec used_names;             /* const char*: every model name given */
	IrVec conn_prefixes;          /* const char* pairs: connection, its schema prefix */
	IrVec files;                  /* BeFile* */
	IrVec reads;                  /* lineage.c: every read of a table the project writes */
	IrVec tables;                 /* BeTable*: ddl.c, the tables the build's DDL declares */
	BeCoverage cov;
} BeProject;

/* partition.c */
void be_partition(BeProject *pr);
BeGraph *be_graph_of(BeProject *pr, const RelGraph *g);
BeSource *be_find_source(BeProject *pr, const char *legacy);   /* by legacy name, case-insensitively */
BeModel *be_model_owner(const BeGraph *bg, const RelNode *n);
BeModel *be_model_root(const BeGraph *bg, const RelNode *n);
/* SELECT a, [b] FROM [s].[t]: a source query that only picks columns of one
 * table (partition.c). */
typedef struct BeSimpleQuery {
	bool star;
	const char *cols[256];
	size_t ncols;
	const char *schema, *table;
} BeSimpleQuery;
bool be_simple_query(IrArena *a, const char *sql, BeSimpleQuery *q);
/* The one place where a table that a parsed query reads is resolved: the
 * dbt source it becomes (created on first use), or NULL for a temporary
 * table or a table variable (partition.c). */
BeSource *be_resolve_table(BeProject *pr, const IrPackage *p, const char *conn, const SqlName *t, IrLoc loc);
/* Calls fn for every table a source query reads (after FROM / JOIN). */
typedef void (*BeTableFn)(void *user, const char *schema, const char *table);
void be_query_tables(IrArena *a, const char *sql, BeTableFn fn, void *user);
/* The same for a query scan: the tables of its parsed tree (RelScan.reads)
 * when it has one, else those its text names. */
void be_scan_tables(IrArena *a, const RelScan *s, BeTableFn fn, void *user);
/* lineage.c: a table the project writes and reads becomes ref() of the
 * model that writes it when the read comes after the write in SSIS order
 * (docs/manifest.md, "lineage"); also the control-flow sentences of the
 * models' descriptions.  Runs after be_partition, before naming. */
void be_lineage(BeProject *pr);
/* The model that stands for a legacy table, or NULL; whether two
 * connections point at one database; a column of a writer's model as it
 * spells it, or NULL when it does not produce it. */
BeDest *be_lineage_writer(BeProject *pr, const char *conn_name, const IrConnMgr *conn, const char *schema,
			  const char *table);
bool be_same_database(const IrConnMgr *a, const IrConnMgr *b);
const char *be_written_column(const BeModel *w, const char *col);
/* The model a staging model reads instead of source s, or NULL. */
const BeModel *be_lineage_upstream(const BeProject *pr, const BeModel *m, const BeSource *s);
/* A column of s as the upstream model spells it (or col itself). */
const char *be_lineage_column(const BeProject *pr, const BeModel *m, const BeSource *s, const char *col);
/* `-- depends_on:` lines that make m wait for models that read, before
 * m's data flow writes it, the table m writes. */
void be_lineage_depends_on(const BeProject *pr, const BeModel *m, IrBuf *out);
/* After the SQL is printed: sources no model reads any more are dropped. */
void be_lineage_prune_sources(BeProject *pr);
/* The "lineage" array of the manifest (a cJSON *). */
void *be_lineage_json(BeProject *pr);
/* naming.c */
void be_name_models(BeProject *pr);
const char *be_unique_name(BeProject *pr, const char *base);
const char *be_legacy_name(IrArena *a, const char *conn, const char *schema, const char *table);
void be_relation_names(BeProject *pr);
/* emit_sql.c */
void be_emit_sql(BeProject *pr);
void be_sanitize_comment(IrBuf *out, const char *s);
/* A scan's parsed query in the target dialect, for model m: tables as
 * their dbt sources or upstream models (with_sources) or as written, ? markers as their {{ var() }}.
 * Returns how many constructs have no translation; the first in *gap. */
/* The macro stub standing for a stored procedure an Execute SQL Task
 * runs: ssis2dbt_proc__<schema>__<name> (emit_sql.c). */
const char *be_proc_macro(IrArena *a, const SqlName *proc);
/* The keyword argument i of an EXEC is passed to the stub by (emit_sql.c). */
const char *be_proc_arg_name(IrArena *a, const SqlExecArg *arg, size_t i);
int be_scan_query_sql(BeProject *pr, const BeModel *m, const RelNode *scan, IrBuf *out, BeTsqlGap *gap,
		      bool with_sources);
/* x with its {{ var() }} names made the project's dbt var names. */
const IrSqlx *be_map_vars(BeProject *pr, const IrSqlx *x);
/* tests_infer.c */
void be_infer_tests(BeProject *pr);
/* kind_<relation>__<col>, or NULL when a test has that name already. */
const char *be_test_name(BeProject *pr, const char *kind, const char *relation, const char *col);
/* A test of column col (NULL: the whole model) named kind_<model>__<col>;
 * NULL when a test of that name exists already. */
BeTest *be_add_test(BeProject *pr, BeModel *m, const char *kind, const char *col, const char *reason,
		    const char *ssis_path, IrLoc loc);
/* ddl.c: the DDL of Execute SQL Tasks: declared column types for the
 * printer (be_ddl_types, after be_partition), constraints as tests and
 * indexes as config (be_ddl_tests, after be_infer_tests). */
void be_ddl_types(BeProject *pr);
void be_ddl_tests(BeProject *pr);
/* The type a declared table gives the column reference `col` of a query
 * that reads `reads` (SqlName*) on connection conn; false when no table
 * declares it, or the tables it may stand for disagree. */
bool be_declared_type(BeProject *pr, const char *conn, const IrVec *reads, const SqlName *col, IrType *out);
/* emit_yaml.c */
void be_emit_yaml(BeProject *pr);
void be_yaml_str(IrBuf *out, const char *s);
/* emit_project.c */
void be_add_file(BeProject *pr, const char *path, IrBuf *b);
void be_emit_project_files(BeProject *pr);
/* overrides.c: writing over an earlier build (docs/overrides.md) */
bool be_apply_overrides(IrCtx *c, const char *dir, IrVec *files);
/* `earlier`: the files the previous build's manifest lists (for a hint). */
bool be_write_generated(IrCtx *c, const char *outdir, const BeFile *f, const IrVec *earlier);
void be_remove_stale(IrCtx *c, const char *outdir, const char *rel);
/* manifest.c */
void be_emit_manifest(BeProject *pr);
/* utilities (naming.c) */
int be_strcasecmp(const char *a, const char *b);
const char *be_loc_str(BeProject *pr, IrLoc loc);
const char *be_type_str(IrArena *a, const IrType *t);

#endif
