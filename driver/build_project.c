/* build_project.c — `ssis2dbtc FILE... -o DIR`: read every package into one
 * context (so that names and locations are shared by the whole project),
 * lower each through the pass pipeline, then print one dbt project with the
 * backend.  Nothing is written when any input has errors. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "backend.h"
#include "driver.h"
#include "frontend.h"
#include "passes.h"

int driver_build_project(const DriverOptions *opts);

static void print_json_diagnostics(cJSON *diags)
{
	char *s = cJSON_Print(diags);
	if (s) {
		fputs(s, stderr);
		fputc('\n', stderr);
		free(s);
	}
}

/* Reads and lowers one package into `in`; false after an error. */
static bool lower_one(IrCtx *c, const DriverOptions *opts, const char *path, BePackageInput *in)
{
	FeOptions fo = {.project_files = opts->project_files, .nproject_files = opts->nproject_files};
	size_t errors = c->nerrors;
	int read_span = driver_span_begin(DRIVER_SPAN_PHASE, "read");
	IrPackage *pkg = fe_read_package(c, path, &fo);
	driver_span_end(read_span);
	if (!pkg || c->nerrors > errors)
		return false;
	PassCtx pc = {.c = c, .package = pkg, .verify = true};
	PassPlan plan;
	pass_plan_default(&plan);
	int lower_span = driver_span_begin(DRIVER_SPAN_PHASE, "lower");
	bool lowered = driver_run_passes(&pc, &plan);
	driver_span_end(lower_span);
	if (!lowered || c->nerrors > errors)
		return false;
	in->package = pkg;
	in->graphs = pc.rel ? (RelGraph **)pc.rel->graphs.items : NULL;
	in->ngraphs = pc.rel ? pc.rel->graphs.len : 0;
	return true;
}

static bool is_folder(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* `name` in the folder of `path`. */
static const char *beside(IrArena *a, const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');
	return slash ? ir_sprintf(a, "%.*s/%s", (int)(slash - path), path, name) : name;
}

const char *driver_overrides_dir(const DriverOptions *o, IrArena *a)
{
	if (o->settings.overrides)
		return o->settings.overrides;
	const char *dflt = o->config ? beside(a, o->config, DRIVER_OVERRIDES_DEFAULT)
		: o->ninputs ? beside(a, o->inputs[0], DRIVER_OVERRIDES_DEFAULT) : NULL;
	return dflt && is_folder(dflt) ? dflt : NULL;
}

int driver_build_project(const DriverOptions *opts)
{
	BeOptions bo = {.dialect = BE_DUCKDB, .output_dir = opts->output,
			.project_name = opts->settings.project_name};
	if (opts->target && !be_dialect_lookup(opts->target, &bo.dialect)) {
		fprintf(stderr, "ssis2dbtc: error: unknown target '%s' (%s)\n", opts->target, be_dialect_list());
		return EXIT_USAGE;
	}
	if (!opts->output) {
		fputs("ssis2dbtc: error: a project needs an output directory (-o DIR)\n", stderr);
		return EXIT_USAGE;
	}
	IrCtx *c = ir_ctx_new(&opts->policy);
	bo.overrides_dir = driver_overrides_dir(opts, c->arena);
	BePackageInput *in = calloc(opts->ninputs ? opts->ninputs : 1, sizeof *in);
	if (!in)
		ir_die("out of memory");
	bool ok = true;
	size_t n = 0;
	for (size_t i = 0; i < opts->ninputs; i++) {
		int package_span = driver_span_begin(DRIVER_SPAN_PACKAGE, opts->inputs[i]);
		if (lower_one(c, opts, opts->inputs[i], &in[n]))
			n++;
		else
			ok = false;
		driver_span_end(package_span);
	}
	BeCoverage cov = {0};
	if (ok) {
		int emit_span = driver_span_begin(DRIVER_SPAN_PHASE, "emit");
		ok = be_build_project(c, in, n, &bo, &cov) && c->nerrors == 0;
		driver_span_end(emit_span);
	}
	cJSON *diags = cJSON_CreateArray();
	driver_report(c, opts, diags);
	if (opts->diag_format == IR_DIAG_JSON)
		print_json_diagnostics(diags);
	cJSON_Delete(diags);
	if (ok && opts->verbose)
		fprintf(stderr, "ssis2dbtc: %zu package(s): %zu components translated, %zu placeholders, %zu unsupported\n",
			n, cov.translated, cov.placeholder, cov.unsupported);
	free(in);
	ir_ctx_free(c);
	return ok ? EXIT_BUILT : EXIT_INPUT_ERRORS;
}
