/* passes.h — the pass interface: every pass is one file with one entry
 * function of one signature, listed in passes/pipeline.c's table with a name
 * and a one-line description (ssis2dbtc --print-passes).  A pass reads the
 * Package IR and reads or rewrites the Relational IR of one package. */
#ifndef SSIS_PASSES_H
#define SSIS_PASSES_H

#include <stdio.h>

#include "ir.h"
#include "package.h"
#include "rel.h"

/* What every pass sees: the compilation context (arena, diagnostics), the
 * package, and the Relational IR it builds or rewrites. */
typedef struct PassCtx {
	IrCtx *c;
	const IrPackage *package;
	RelProgram *rel;              /* created by lower-dataflows */
	bool verify;                  /* run ir_rel_verify after each pass */
} PassCtx;

/* A pass returns false after reporting an error that stops the pipeline. */
typedef bool (*PassFn)(PassCtx *p);

typedef struct PassInfo {
	const char *name;             /* -fpass-NAME / -fno-pass-NAME / --print-after=NAME */
	PassFn fn;
	bool optional;                /* can be turned off */
	bool on;                      /* on by default */
	const char *description;
} PassInfo;

/* The passes, one per file. */
bool pass_lower_dataflows(PassCtx *p);   /* lower_dataflow.c */
bool pass_lower_tsql(PassCtx *p);        /* lower_tsql.c */
bool pass_collect_ddl(PassCtx *p);       /* collect_ddl.c */
bool pass_fold_constants(PassCtx *p);    /* fold.c */
bool pass_merge_project(PassCtx *p);     /* merge_project.c */
bool pass_dce(PassCtx *p);               /* dce.c */
bool pass_coverage(PassCtx *p);          /* coverage.c */
bool pass_control_flow(PassCtx *p);      /* control_flow.c */

/* pipeline.c: the table and running it. */
size_t pass_count(void);
const PassInfo *pass_info(size_t i);
const PassInfo *pass_lookup(const char *name);
void pass_print_list(FILE *out);

/* Which optional passes run, and after which pass to dump the IR. */
typedef struct PassPlan {
	bool enabled[32];             /* indexed like the table */
	const char *print_after;      /* pass name, or NULL */
	FILE *print_to;               /* where --print-after writes (stdout if NULL) */
} PassPlan;
void pass_plan_default(PassPlan *plan);
/* "-fpass-NAME" / "-fno-pass-NAME": false if NAME is not an optional pass. */
bool pass_plan_set(PassPlan *plan, const char *name, bool on);
/* Runs the pipeline in table order; false when a pass failed. */
bool pass_run_pipeline(PassCtx *p, const PassPlan *plan);

/* coverage.c: totals over every graph of a program (for reports and tests). */
typedef struct PassCoverageTotals {
	size_t total, translated, placeholder, unsupported;
} PassCoverageTotals;
void pass_coverage_totals(const RelProgram *prog, PassCoverageTotals *out);

#endif
