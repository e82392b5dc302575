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
	      "       ssis2dbtc -c [options] FILE.dtsx [-o FILE.ssisobj]\n"
	      "       ssis2dbtc --link [options] FILE.ssisobj... -o DIR\n"
	      "       ssis2dbtc COMMAND [args]\n"
	      "\n"
	      "options:\n"
	      "  -o PATH                      output directory (or file)\n"
	      "  -c                           compile each package to an object (default NAME.ssisobj)\n"
	      "  --link                       link objects into a project (without it, objects mix with packages)\n"
	      "  -j N                         compile N packages at once (threads)\n"
	      "  --emit=ir|rel                print the Package IR or the Relational IR as JSON\n"
	      "  --target=DIALECT             duckdb (default), postgres, sqlserver, snowflake\n"
	      "  --project-file FILE          a Project.params or .conmgr file to read\n"
	      "  -fdiagnostics-format=text|json|sarif\n"
	      "  -fdiagnostics-file=FILE      write the SARIF log to FILE instead of stderr\n"
	      "  -WNAME, -Wno-NAME            enable or disable a named warning\n"
	      "  -Werror, -Werror=NAME        make warnings (or one) errors\n"
	      "  -w                           suppress all warnings\n"
	      "  --print-warnings             list the named warnings\n"
	      "  --print-passes               list the passes, in pipeline order\n"
	      "  -v, -q                       more, less output\n"
	      "\n"
	      "build systems and IDEs:\n"
	      "  -MD                          write a depfile OUTPUT.d beside the output\n"
	      "  -MF FILE                     write the depfile to FILE\n"
	      "  -MT TARGET                   the depfile's target (default: the output)\n"
	      "  -MP                          a phony target for each prerequisite\n"
	      "  --time-report                time and peak memory per phase and pass, on stderr\n"
	      "  --trace=FILE                 Chrome trace-event JSON (chrome://tracing, Perfetto)\n"
	      "\n"
	      "project settings (also in --config, see docs/config.md; the command line wins):\n"
	      "  --config FILE                read settings from FILE (ssis2dbt.yml)\n"
	      "  --print-config               print the settings in effect, as YAML\n"
	      "  --project-name=NAME          the dbt project's name\n"
	      "  --source-name=FROM=TO        rename a generated dbt source\n"
	      "  --connection=CM=SOURCE       the dbt source a connection manager reads\n"
	      "  --var=NAME=VALUE             a value for an SSIS variable or parameter\n"
	      "  --layers=LIST                staging,intermediate,marts,snapshots\n"
	      "  --infer-tests=LIST           unique,not_null,relationships,accepted_values\n"
	      "  --llm, --no-llm              use the LLM-assisted passes (off by default)\n"
	      "  --llm-endpoint=URL           OpenAI-compatible chat completions endpoint\n"
	      "  --llm-model=NAME             the model to ask\n"
	      "  --llm-key-env=VAR            the environment variable that holds the key\n"
	      "  --llm-timeout=SECONDS        per request\n"
	      "  --dbt=PROGRAM                the dbt the runner starts\n"
	      "  --dbt-commands=LIST          seed,snapshot,run,test,build,compile\n"
	      "  --approval=MODE              prompt, auto, never: for writes to a non-development target\n"
	      "  --auto-approve               same as --approval=auto\n"
	      "  --row-count-tolerance=F      validation: allowed row count difference (0..1)\n"
	      "  --numeric-tolerance=F        validation: allowed numeric difference\n"
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

/* The options of depfile.c, config.c and timing.c.  Returns 1 when argv[*i]
 * was one of them, 0 when not, EXIT_USAGE on a bad one. */
static int driver_option(int argc, char **argv, int *i, DriverOptions *o)
{
	const char *a = argv[*i], *v;
	if (strncmp(a, "-fdiagnostics-file=", 19) == 0 && a[19])
		o->diag_file = a + 19;
	else if (strcmp(a, "-MD") == 0)
		o->dep_md = true;
	else if (strcmp(a, "-MP") == 0)
		o->dep_phony = true;
	else if (strcmp(a, "-MF") == 0 || strcmp(a, "-MT") == 0) {
		if (*i + 1 == argc)
			return bad_usage("%s needs an argument", a);
		*(a[2] == 'F' ? &o->dep_file : &o->dep_target) = argv[++*i];
	} else if ((v = option_value(argc, argv, i, "--config")))
		o->config = v;
	else if (strcmp(a, "--print-config") == 0)
		o->print_config = true;
	else if (strcmp(a, "--time-report") == 0)
		o->time_report = true;
	else if ((v = option_value(argc, argv, i, "--trace")))
		o->trace_file = v;
	else
		return driver_config_option(argc, argv, i, o);
	return 1;
}

static int parse_options(int argc, char **argv, DriverOptions *o)
{
	static const char *inputs[4096], *project_files[256];
	int rc;
	o->inputs = inputs;
	o->project_files = project_files;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		if (a[0] != '-' || strcmp(a, "-") == 0) {
			if (o->ninputs == sizeof inputs / sizeof *inputs)
				return bad_usage("too many input files (limit %s)", "4096");
			inputs[o->ninputs++] = a;
		} else if (strcmp(a, "-c") == 0) {
			o->compile_only = true;
		} else if (strcmp(a, "--link") == 0) {
			o->link = true;
		} else if (strncmp(a, "-j", 2) == 0) {
			const char *n = a[2] ? a + 2 : ++i < argc ? argv[i] : NULL;
			char *end = NULL;
			long jobs = n ? strtol(n, &end, 10) : 0;
			if (!n || !*n || *end || jobs < 1 || jobs > 256)
				return bad_usage("-j needs a number of jobs from 1 to 256%s", "");
			o->jobs = (int)jobs;
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
			else if (strcmp(a + 21, "sarif") == 0)
				o->diag_format = IR_DIAG_SARIF;
			else
				return bad_usage("unknown diagnostics format '%s' (text, json, sarif)", a + 21);
		} else if ((rc = driver_option(argc, argv, &i, o)) != 0) {
			if (rc != 1)
				return rc;
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

static void default_options(DriverOptions *o, DriverSession *session);
static int load_config(int argc, char **argv, DriverOptions *o);
static int check_options(const DriverOptions *o);
static int finish(const DriverOptions *o, int rc);
static int write_sarif(const DriverOptions *o, int rc);

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
	DriverSession session = {0};
	DriverOptions o;
	default_options(&o, &session);
	int rc = parse_options(argc, argv, &o);
	if (rc)
		return rc;
	if (o.diag_format == IR_DIAG_SARIF)
		session.sarif_log = ir_sarif_log_new(SSIS_VERSION);
	if (o.config && (rc = load_config(argc, argv, &o)) != 0)
		return finish(&o, rc);
	if (o.print_config) {
		driver_config_print(&o, stdout);
		return finish(&o, EXIT_BUILT);
	}
	char *object = NULL;  /* -c PKG: PKG's base name .ssisobj */
	if (o.compile_only && o.ninputs == 1 && !o.output)
		o.output = object = driver_object_path(o.inputs[0]);
	if ((rc = check_options(&o)) != 0) {
		free(object);
		return finish(&o, rc);
	}
	driver_timing_start(o.time_report, o.trace_file);
	rc = finish(&o, driver_compile(&o));
	free(object);
	return rc;
}

static void default_options(DriverOptions *o, DriverSession *session)
{
	memset(o, 0, sizeof *o);
	ir_warn_policy_default(&o->policy);
	driver_settings_default(&o->settings);
	o->session = session;
	o->jobs = 1;
}

/* --config: the file's settings first, then the command line again over
 * them (the command line wins).  Its diagnostics are printed in the format
 * the command line asked for. */
static int load_config(int argc, char **argv, DriverOptions *o)
{
	DriverOptions cli = *o;
	default_options(o, cli.session);
	IrCtx *c = ir_ctx_new(&cli.policy);
	bool ok = driver_config_load(c, cli.config, o);
	cJSON *json = cJSON_CreateArray();
	driver_report(c, &cli, json);
	if (cli.diag_format == IR_DIAG_JSON && cJSON_GetArraySize(json) > 0) {
		char *text = cJSON_Print(json);
		fprintf(stderr, "%s\n", text ? text : "[]");
		free(text);
	}
	cJSON_Delete(json);
	ir_ctx_free(c);
	if (!ok)
		return EXIT_INPUT_ERRORS;
	return parse_options(argc, argv, o);
}

static int check_options(const DriverOptions *o)
{
	if (o->ninputs == 0)
		return bad_usage("%s", "no input files");
	if (o->compile_only && o->link)
		return bad_usage("%s", "-c compiles and --link links: give one of them");
	if ((o->compile_only || o->link) && o->emit != EMIT_PROJECT)
		return bad_usage("%s", "--emit is for packages, not with -c or --link");
	if (o->compile_only && o->ninputs > 1 && (o->output || o->dep_file || o->dep_target))
		return bad_usage("%s", "-c with several packages writes NAME.ssisobj each: -o, -MF and -MT name one file");
	bool own_depfiles = o->compile_only && o->ninputs > 1; /* NAME.ssisobj.d each */
	if (!own_depfiles && (o->dep_md || o->dep_file) && !o->output && !o->dep_target)
		return bad_usage("%s", "a depfile needs an output (-o) or a target (-MT)");
	if (!own_depfiles && o->dep_md && !o->dep_file && !o->output)
		return bad_usage("%s", "-MD writes OUTPUT.d: give -o, or -MF FILE");
	if (o->diag_file && o->diag_format != IR_DIAG_SARIF)
		return bad_usage("%s", "-fdiagnostics-file= is for -fdiagnostics-format=sarif");
	return 0;
}

/* After the work: the depfile (only for a build that succeeded), the time
 * report and trace, the SARIF log. */
static int finish(const DriverOptions *o, int rc)
{
	DriverSession *s = o->session;
	bool own_depfiles = o->compile_only && o->ninputs > 1; /* written per object */
	if (rc == EXIT_BUILT && !own_depfiles)
		rc = driver_depfile_write(s, o);
	int timing_rc = driver_timing_finish(stderr);
	if (rc == EXIT_BUILT)
		rc = timing_rc;
	if (s->sarif_log)
		rc = write_sarif(o, rc);
	for (size_t i = 0; i < s->ndeps; i++)
		free(s->deps[i]);
	free(s->deps);
	return rc;
}

static int write_sarif(const DriverOptions *o, int rc)
{
	ir_sarif_log_finish(o->session->sarif_log, rc);
	char *text = cJSON_Print(o->session->sarif_log);
	cJSON_Delete(o->session->sarif_log);
	o->session->sarif_log = NULL;
	if (!text)
		ir_die("out of memory printing the SARIF log");
	size_t n = strlen(text);
	if (!o->diag_file) {
		fprintf(stderr, "%s\n", text);
	} else {
		const char *err = NULL;
		char *line = malloc(n + 2);
		if (!line)
			ir_die("out of memory");
		memcpy(line, text, n);
		line[n] = '\n';
		if (ir_write_file(o->diag_file, line, n + 1, &err) == IR_WRITE_FAILED) {
			fprintf(stderr, "ssis2dbtc: error: cannot write %s: %s\n", o->diag_file, err ? err : "unknown error");
			rc = rc ? rc : EXIT_INPUT_ERRORS;
		}
		free(line);
	}
	free(text);
	return rc;
}

/* Every context ends here: its diagnostics are printed (or added to the
 * SARIF log) and the files it read are noted for the depfile. */
void driver_report(IrCtx *c, const DriverOptions *opts, void *json_array)
{
	if (opts->session)
		driver_depfile_note(opts->session, c);
	driver_report_diagnostics(c, opts, json_array);
}

void driver_report_diagnostics(IrCtx *c, const DriverOptions *opts, void *json_array)
{
	if (opts->diag_format == IR_DIAG_SARIF && opts->session && opts->session->sarif_log)
		ir_diag_append_sarif(c, opts->session->sarif_log);
	else if (opts->diag_format == IR_DIAG_JSON)
		ir_diag_append_json(c, json_array);
	else
		ir_diag_print_text(c, stderr, false);
}
