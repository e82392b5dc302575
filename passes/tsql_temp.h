/* tsql_temp.h — temporary tables (#t, ##t), table variables (@t) and
 * SELECT ... INTO in the statements of an Execute SQL Task: a helper of
 * the lower_tsql pass.  Each temporary table becomes an internal table
 * whose rows are one query (its fills as UNION ALL, the UPDATE / DELETE
 * of it folded in); the statements that read it read that table, which
 * the pass lowers into a model of its own.  SELECT ... INTO a permanent
 * table becomes TRUNCATE + INSERT ... SELECT of that table. */
#ifndef SSIS_TSQL_TEMP_H
#define SSIS_TSQL_TEMP_H

#include "passes.h"
#include "sqlast.h"

typedef struct TsqlTemp {
	const char *name;             /* as the task writes it: #t, ##t, @t */
	const IrExecutable *task;     /* the task that creates it */
	SqlName *table;               /* dbo.<internal name>: the table its model stands for */
	IrVec columns;                /* const char*: its columns, in order */
	IrVec types;                  /* SqlType* (or NULL), parallel to columns: CREATE / DECLARE */
	SqlQuery *rows;               /* the rows it holds after the task's fills (NULL: none) */
	SqlStmt *fill;                /* INSERT INTO table (columns) rows, for lower_tsql */
	int reads;                    /* statements that read it (this task and later readers) */
	bool modified;                /* an UPDATE / DELETE of it was folded into rows */
	const SqlStmt *untranslated;  /* a statement that changes it otherwise: its model is a placeholder */
	const char *why;              /* ... and why */
	IrLoc loc;                    /* where it is created */
	RelNode *sink;                /* set by lower_tsql: the sink of its model */
} TsqlTemp;

/* The statements of sc with the temporary tables taken out: their
 * creation, fills, folded changes and drops removed, the statements that
 * read them reading their internal tables, SELECT ... INTO dbo.t made
 * TRUNCATE + INSERT (into_tables gets those tables, SqlName*).  temps
 * gets the task's TsqlTemp* (with their fill);
 * known holds the TsqlTemp* of the package's earlier tasks, whose reads
 * are renamed too.  Returns sc itself when the task has none of these,
 * and NULL when it has one that cannot be modelled: *why says what, at
 * *at. */
SqlScript *pass_tsql_temps(IrCtx *c, const IrPackage *p, const IrExecutable *task, const SqlScript *sc,
			   const IrVec *known, IrVec *temps, IrVec *into_tables, const char **why, IrLoc *at);

/* A query scan of a later task or data flow of the package (at loc, in
 * path): its reads of the temporary tables of temps become reads of their
 * internal tables (the parsed tree is renamed in place), whose models are
 * then tables; a read through a connection manager without
 * RetainSameConnection is a -Wtemp-table-session warning.  Returns how
 * many it renamed.  (pass_tsql_temps does the same for the statements of
 * a later Execute SQL Task.) */
int pass_tsql_temp_rename_scan(IrCtx *c, RelScan *s, const IrVec *temps, IrLoc loc, const char *path);

#endif
