/* compile.c — the compilation pipeline: read each package into the Package
 * IR (one context, one arena per package), report its diagnostics, then
 * emit what was asked for.  Nothing is written when any input has errors. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "driver.h"
#include "frontend.h"
#include "passes.h"

/* --emit=rel: the pass pipeline, then the Relational IR as JSON. */
static cJSON *rel_json(IrCtx *c, const IrPackage *pkg)
{
	PassCtx pc = {.c = c, .package = pkg, .verify = true};
	PassPlan plan;
	pass_plan_default(&plan);
	int span = driver_span_begin(DRIVER_SPAN_PHASE, "lower");
	driver_run_passes(&pc, &plan);
	driver_span_end(span);
	return pc.rel ? ir_rel_program_to_json(c, pc.rel) : cJSON_CreateNull();
}

/* Appends one package's JSON text to `out`; the tree is freed at once, so
 * that reading many packages holds text, not trees. */
static void append_json(IrBuf *out, size_t index, cJSON *j)
{
	int span = driver_span_begin(DRIVER_SPAN_PHASE, "emit");
	char *text = cJSON_Print(j);
	cJSON_Delete(j);
	if (!text)
		ir_die("out of memory printing the IR");
	if (index > 0)
		ir_buf_puts(out, ",\n");
	ir_buf_puts(out, text);
	free(text);
	driver_span_end(span);
}

/* Reads one package; on success adds its IR as JSON to `out` (if any). */
static bool read_one(const DriverOptions *opts, size_t index, IrBuf *out, cJSON *diags)
{
	int package_span = driver_span_begin(DRIVER_SPAN_PACKAGE, opts->inputs[index]);
	IrCtx *c = ir_ctx_new(&opts->policy);
	FeOptions fo = {.project_files = opts->project_files, .nproject_files = opts->nproject_files};
	int read_span = driver_span_begin(DRIVER_SPAN_PHASE, "read");
	IrPackage *pkg = fe_read_package(c, opts->inputs[index], &fo);
	driver_span_end(read_span);
	bool ok = pkg && c->nerrors == 0;
	if (ok && out && opts->emit == EMIT_REL) {
		cJSON *rel = rel_json(c, pkg);
		ok = c->nerrors == 0;  /* the lowering reports errors too (expressions) */
		if (ok)
			append_json(out, index, rel);
		else
			cJSON_Delete(rel);
	} else if (ok && out) {
		append_json(out, index, ir_package_to_json(c, pkg));
	}
	driver_report(c, opts, diags);
	ir_ctx_free(c);
	driver_span_end(package_span);
	return ok;
}

static int write_output(const DriverOptions *opts, const char *text)
{
	if (!opts->output) {
		fputs(text, stdout);
		fputc('\n', stdout);
		return fflush(stdout) == 0 ? EXIT_BUILT : EXIT_INTERNAL;
	}
	size_t n = strlen(text);
	char *buf = malloc(n + 2);
	if (!buf)
		ir_die("out of memory");
	memcpy(buf, text, n);
	buf[n] = '\n';
	const char *err = NULL;
	IrWriteResult r = ir_write_file(opts->output, buf, n + 1, &err);
	free(buf);
	if (r == IR_WRITE_FAILED) {
		fprintf(stderr, "ssis2dbtc: error: cannot write %s: %s\n", opts->output, err ? err : "unknown error");
		return EXIT_INPUT_ERRORS;
	}
	return EXIT_BUILT;
}

static void print_json_diagnostics(cJSON *diags)
{
	char *s = cJSON_Print(diags);
	if (s) {
		fputs(s, stderr);
		fputc('\n', stderr);
		free(s);
	}
}

int driver_compile(const DriverOptions *opts)
{
	if (opts->compile_only)
		return driver_compile_objects(opts);
	if (opts->emit == EMIT_PROJECT)
		return driver_build_project(opts);
	IrBuf json = {0};
	cJSON *diags = cJSON_CreateArray();
	bool ok = true, emit_json = opts->emit != EMIT_PROJECT;
	bool array = opts->ninputs != 1; /* several packages: a JSON array of them */
	ir_buf_puts(&json, array ? "[\n" : "");
	for (size_t i = 0; i < opts->ninputs; i++)
		ok &= read_one(opts, i, emit_json && ok ? &json : NULL, diags);
	ir_buf_puts(&json, array ? "\n]" : "");
	if (opts->diag_format == IR_DIAG_JSON)
		print_json_diagnostics(diags);
	cJSON_Delete(diags);

	int rc = ok ? EXIT_BUILT : EXIT_INPUT_ERRORS;
	if (ok && emit_json) {
		rc = write_output(opts, json.data);
	} else if (ok) {
		fputs("ssis2dbtc: error: emitting a dbt project is not built yet; use --emit=ir\n", stderr);
		rc = EXIT_INTERNAL;
	}
	ir_buf_free(&json);
	return rc;
}
