/* main.c — command-line parsing for ssis2dbtc.  Options are read into a
 * DriverOptions; the work is done by driver_compile or a subcommand. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "driver.h"
#include "passes.h"

#ifndef SSIS_VERSION
#define SSIS_VERSION "0.0.0"
#endif

static const struct {
	const char *name;
	DriverCommand fn;
	const char *help;
} commands[] = {
#define DRIVER_COMMAND(name, fn, help) {name, fn, help},
#include "commands.def"
#undef DRIVER_COMMAND
	{NULL, NULL, NULL},
};

static void usage(FILE *out)
{
	fputs("usage: ssis2dbtc [options] FILE.dtsx... -o DIR\n"
	      "       ssis2dbtc COMMAND [args]\n"
	      "\n"
	      "options:\n"
	      "  -o PATH                      output directory (or file)\n"
	      "  --emit=ir|rel                print the Package IR or the Relational IR as JSON\n"
	      "  --target=DIALECT             duckdb (default), postgres, sqlserver, snowflake\n"
	      "  --project-file FILE          a Project.params or .conmgr file to read\n"
	      "  -fdiagnostics-format=text|json\n"
	      "  -WNAME, -Wno-NAME            enable or disable a named warning\n"
	      "  -Werror, -Werror=NAME        make warnings (or one) errors\n"
	      "  -w                           suppress all warnings\n"
	      "  --print-warnings             list the named warnings\n"
	      "  --print-passes               list the passes, in pipeline order\n"
	      "  -v, -q                       more, less output\n"
	      "  --version, --help\n",
	      out);
	if (commands[0].name) {
		fputs("\ncommands:\n", out);
		for (int i = 0; commands[i].name; i++)
			fprintf(out, "  %-28s %s\n", commands[i].name, commands[i].help);
	}
	fputs("\nexit status: 0 built (warnings allowed), 1 errors in the input, 2 bad usage, 3 internal failure\n", out);
}

static int bad_usage(const char *fmt, const char *arg)
{
	fputs("ssis2dbtc: error: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n(try ssis2dbtc --help)\n", stderr);
	return EXIT_USAGE;
}

/* -W options.  Returns 0, or EXIT_USAGE for an unknown warning name. */
static int warning_option(IrWarnPolicy *p, const char *arg)
{
	if (strcmp(arg, "-w") == 0) {
		p->silence = true;
		return 0;
	}
	if (strcmp(arg, "-Werror") == 0) {
		p->all_errors = true;
		return 0;
	}
	if (strcmp(arg, "-Wall") == 0 || strcmp(arg, "-Wextra") == 0) {
		for (int w = 1; w < IR_W__COUNT; w++)
			p->enabled[w] = true;
		return 0;
	}
	bool negate = strncmp(arg, "-Wno-", 5) == 0;
	bool as_error = strncmp(arg, "-Werror=", 8) == 0;
	bool no_error = strncmp(arg, "-Wno-error=", 11) == 0;
	const char *name = no_error ? arg + 11 : as_error ? arg + 8 : negate ? arg + 5 : arg + 2;
	IrWarning w = ir_warning_lookup(name);
	if (w == IR_W_NONE)
		return bad_usage("unknown warning option '%s' (see --print-warnings)", arg);
	if (no_error)
		p->as_error[w] = false;
	else if (as_error)
		p->as_error[w] = p->enabled[w] = true;
	else
		p->enabled[w] = !negate;
	return 0;
}

static void print_warnings(void)
{
	IrWarnPolicy p;
	ir_warn_policy_default(&p);
	for (int w = 1; w < IR_W__COUNT; w++)
		printf("-W%-28s %s%s\n", ir_warning_name((IrWarning)w), ir_warning_desc((IrWarning)w),
		       p.enabled[w] ? "" : " (off by default)");
}

/* The value of "--opt=VALUE" or "--opt VALUE". */
static const char *option_value(int argc, char **argv, int *i, const char *opt)
{
	size_t n = strlen(opt);
	if (strncmp(argv[*i], opt, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == 0 && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static int parse_options(int argc, char **argv, DriverOptions *o)
{
	static const char *inputs[4096], *project_files[256];
	o->inputs = inputs;
	o->project_files = project_files;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		if (a[0] != '-' || strcmp(a, "-") == 0) {
			if (o->ninputs == sizeof inputs / sizeof *inputs)
				return bad_usage("too many input files (limit %s)", "4096");
			inputs[o->ninputs++] = a;
		} else if (strcmp(a, "-o") == 0) {
			if (++i == argc)
				return bad_usage("%s needs a path", a);
			o->output = argv[i];
		} else if ((v = option_value(argc, argv, &i, "--emit"))) {
			if (strcmp(v, "ir") == 0)
				o->emit = EMIT_IR;
			else if (strcmp(v, "rel") == 0)
				o->emit = EMIT_REL;
			else
				return bad_usage("unknown --emit kind '%s' (ir, rel)", v);
		} else if ((v = option_value(argc, argv, &i, "--target"))) {
			o->target = v;
		} else if ((v = option_value(argc, argv, &i, "--project-file"))) {
			if (o->nproject_files == sizeof project_files / sizeof *project_files)
				return bad_usage("too many project files (limit %s)", "256");
			project_files[o->nproject_files++] = v;
		} else if (strncmp(a, "-fdiagnostics-format=", 21) == 0) {
			if (strcmp(a + 21, "text") == 0)
				o->diag_format = IR_DIAG_TEXT;
			else if (strcmp(a + 21, "json") == 0)
				o->diag_format = IR_DIAG_JSON;
			else
				return bad_usage("unknown diagnostics format '%s' (text, json)", a + 21);
		} else if (a[1] == 'W' || strcmp(a, "-w") == 0) {
			if (warning_option(&o->policy, a))
				return EXIT_USAGE;
		} else if (strcmp(a, "-v") == 0) {
			o->verbose++;
		} else if (strcmp(a, "-q") == 0) {
			o->quiet++;
		} else {
			return bad_usage("unknown option '%s'", a);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2) {
		if (strcmp(argv[1], "--version") == 0) {
			printf("ssis2dbtc %s\n", SSIS_VERSION);
			return 0;
		}
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(argv[1], "--print-warnings") == 0) {
			print_warnings();
			return 0;
		}
		if (strcmp(argv[1], "--print-passes") == 0) {
			pass_print_list(stdout);
			return 0;
		}
		for (int i = 0; commands[i].name; i++)
			if (strcmp(argv[1], commands[i].name) == 0)
				return commands[i].fn(argc - 1, argv + 1);
	}
	DriverOptions o = {0};
	ir_warn_policy_default(&o.policy);
	int rc = parse_options(argc, argv, &o);
	if (rc)
		return rc;
	if (o.ninputs == 0)
		return bad_usage("%s", "no input files");
	return driver_compile(&o);
}

void driver_report(IrCtx *c, const DriverOptions *opts, void *json_array)
{
	if (opts->diag_format == IR_DIAG_JSON)
		ir_diag_append_json(c, json_array);
	else
		ir_diag_print_text(c, stderr, false);
}
