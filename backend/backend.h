/* backend.h — printing the Relational IR as a dbt project: the graphs of
 * every package are cut into models (staging / intermediate / marts), named
 * once for the whole project, printed as SQL per dialect with YAML, macros,
 * profiles and the source map (docs/manifest.md).  Nothing here reads a
 * package or opens a database.  Exported names start be_. */
#ifndef SSIS_BACKEND_H
#define SSIS_BACKEND_H

#include "ir.h"
#include "package.h"
#include "rel.h"

/* Dialects, quoting, SQL types, the expression printer and the shipped
 * macros are in dialect.h (BeDialect, be_sql_type, be_sql_print, ...). */
#include "dialect.h"

/* ---- names -------------------------------------------------------------- */
/* The dbt var that carries an SSIS parameter or variable:
 * "$Project::LoadDate" -> "project__loaddate", "User::BatchId" -> "user__batchid".
 * The expression printer uses it for {{ var('...') }}. */
const char *be_var_name(IrArena *a, const char *ssis_name);
/* A lower-case snake_case identifier made of [a-z0-9_], never empty:
 * "Lookup Region" -> "lookup_region", "DimCustomer" -> "dim_customer". */
const char *be_snake(IrArena *a, const char *s);

/* ---- the project ------------------------------------------------------- */
typedef struct BePackageInput {
	const IrPackage *package;
	RelGraph **graphs;    /* one per Data Flow Task */
	size_t ngraphs;
	RelDdl **ddl;         /* the DDL of its Execute SQL Tasks */
	size_t nddl;
} BePackageInput;

typedef struct BeOptions {
	BeDialect dialect;
	const char *output_dir;
	const char *project_name;   /* NULL: from the output directory's name */
	const char *overrides_dir;  /* NULL: none (docs/overrides.md) */
} BeOptions;

/* Coverage of one build: component instances by status. */
typedef struct BeCoverage {
	size_t translated, placeholder, unsupported;
} BeCoverage;

/* Builds the whole project into opts->output_dir: models, YAML, macros,
 * dbt_project.yml, profiles.yml and ssis2dbt_manifest.json.  Files are
 * written with ir_write_file; generated files of an earlier build that no
 * longer exist are removed.  The overrides folder's files replace the
 * generated ones; a generated file edited by hand is kept, the new version
 * written beside it, and a file we did not write is never replaced or
 * removed (docs/overrides.md).  Reports problems through c; returns false
 * when a file could not be written or the overrides folder read. */
bool be_build_project(IrCtx *c, const BePackageInput *pkgs, size_t npkgs,
		      const BeOptions *opts, BeCoverage *coverage);

/* Prints the project into memory instead of the disk: `files` gets one
 * BeFile* per file, sorted by path (for tests and --emit=sql). */
typedef struct BeFile {
	const char *path;     /* relative to the project root */
	char *text;           /* arena */
	size_t len;
} BeFile;
bool be_print_project(IrCtx *c, const BePackageInput *pkgs, size_t npkgs,
		      const BeOptions *opts, IrVec *files, BeCoverage *coverage);

#endif
