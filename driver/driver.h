/* driver.h — the ssis2dbtc executable: parsed options and the entry points
 * of each mode.  Subcommands are listed in commands.def. */
#ifndef SSIS_DRIVER_H
#define SSIS_DRIVER_H

#include "ir.h"
#include "package.h"

typedef enum DriverEmit { EMIT_PROJECT, EMIT_IR, EMIT_REL } DriverEmit;

/* ---- project settings: --config ssis2dbt.yml and their command-line twins
 * (config.c, docs/config.md).  The command line wins over the file. */
typedef struct DriverPair {
	const char *key, *value;
} DriverPair;
typedef struct DriverPairs {
	DriverPair *items;
	size_t len;
} DriverPairs;

enum { DRIVER_LAYER_STAGING = 1, DRIVER_LAYER_INTERMEDIATE = 2, DRIVER_LAYER_MARTS = 4, DRIVER_LAYER_SNAPSHOTS = 8 };
enum { DRIVER_TEST_UNIQUE = 1, DRIVER_TEST_NOT_NULL = 2, DRIVER_TEST_RELATIONSHIPS = 4, DRIVER_TEST_ACCEPTED_VALUES = 8 };
typedef enum DriverApproval { DRIVER_APPROVAL_PROMPT, DRIVER_APPROVAL_AUTO, DRIVER_APPROVAL_NEVER } DriverApproval;

typedef struct DriverSettings {
	const char *project_name;    /* naming.project      --project-name */
	DriverPairs source_names;    /* naming.sources      --source-name=FROM=TO */
	DriverPairs connections;     /* connections         --connection=CM=SOURCE */
	DriverPairs vars;            /* vars                --var=NAME=VALUE */
	unsigned layers;             /* layers              --layers=  (DRIVER_LAYER_*) */
	unsigned infer_tests;        /* tests.infer         --infer-tests= (DRIVER_TEST_*) */
	bool llm;                    /* llm.enabled         --llm / --no-llm */
	const char *llm_endpoint;    /* llm.endpoint        --llm-endpoint */
	const char *llm_model;       /* llm.model           --llm-model */
	const char *llm_key_env;     /* llm.api_key_env     --llm-key-env (a variable's name, never a key) */
	double llm_timeout;          /* llm.timeout         --llm-timeout (seconds) */
	const char *dbt;             /* runner.dbt          --dbt */
	const char *dbt_commands;    /* runner.commands     --dbt-commands (comma-separated) */
	DriverApproval approval;     /* runner.approval     --approval, --auto-approve */
	double row_count_tolerance;  /* runner.validation.row_count_tolerance */
	double numeric_tolerance;    /* runner.validation.numeric_tolerance */
} DriverSettings;

/* State of one run of the driver shared by every context: the SARIF log,
 * the files read (for the depfile).  Owned by main.c. */
typedef struct DriverSession {
	void *sarif_log;        /* cJSON *, with -fdiagnostics-format=sarif */
	char **deps;            /* heap strings, in the order first read */
	size_t ndeps, deps_cap;
} DriverSession;

typedef struct DriverOptions {
	const char **inputs;    /* package files and object files */
	size_t ninputs;
	const char *output;     /* -o */
	bool compile_only;      /* -c: one object per package */
	bool link;              /* --link: every input is an object */
	int jobs;               /* -j N: packages compiled at once (1 when not given) */
	const char **project_files; /* --project-file Project.params / x.conmgr */
	size_t nproject_files;
	DriverEmit emit;
	const char *target;     /* --target dialect */
	IrDiagFormat diag_format;
	IrWarnPolicy policy;
	int verbose, quiet;
	/* build-system and IDE features (depfile.c, config.c, timing.c) */
	const char *diag_file;  /* -fdiagnostics-file=FILE (SARIF) */
	bool dep_md, dep_phony; /* -MD, -MP */
	const char *dep_file;   /* -MF */
	const char *dep_target; /* -MT */
	const char *config;     /* --config ssis2dbt.yml */
	bool print_config;      /* --print-config */
	bool time_report;       /* --time-report */
	const char *trace_file; /* --trace=FILE */
	DriverSettings settings;
	DriverSession *session;
} DriverOptions;

/* Exit statuses, as for a C compiler. */
enum { EXIT_BUILT = 0, EXIT_INPUT_ERRORS = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

/* compile.c: read the packages and do what opts->emit says. */
int driver_compile(const DriverOptions *opts);

/* A subcommand gets the arguments after its name (argv[0] is the name). */
typedef int (*DriverCommand)(int argc, char **argv);
#define DRIVER_COMMAND(name, fn, help) int fn(int argc, char **argv);
#include "commands.def"
#undef DRIVER_COMMAND

/* Prints diagnostics of one context in the chosen format (JSON goes to a
 * shared array that the caller prints at the end), and notes the files it
 * read for the depfile. */
void driver_report(IrCtx *c, const DriverOptions *opts, void *json_array);
/* The same without the depfile note (a link context holds the objects'
 * sources, which are not the link's prerequisites). */
void driver_report_diagnostics(IrCtx *c, const DriverOptions *opts, void *json_array);

/* ---- build_project.c: -c, --link and the one-process build ------------ */
int driver_build_project(const DriverOptions *opts);
int driver_compile_objects(const DriverOptions *opts);
/* The object -c writes for `input` without -o: its base name, with the
 * extension replaced by .ssisobj (heap, caller frees). */
char *driver_object_path(const char *input);

/* ---- object.c: object files (docs/object.md) --------------------------- */
/* The object of a package that compiled without errors (heap text, one
 * JSON line; *len bytes). */
char *driver_object_write(IrCtx *c, const IrPackage *pkg, size_t *len);
/* True when the text starts like an object (and not like a package). */
bool driver_object_sniff(const char *text, size_t len);
/* Reads an object into c.  `name` is its file (diagnostics point into it);
 * in_memory says it was made by this process (malformed is then a bug).
 * NULL after reporting an error. */
IrPackage *driver_object_read(IrCtx *c, const char *name, const char *text, size_t len, bool in_memory);
uint64_t driver_hash_bytes(const char *s, size_t n);

/* ---- depfile.c: Make-format dependency files (-MD -MF -MT -MP) -------- */
/* Notes the files a context read (its IrCtx.files) as prerequisites. */
void driver_depfile_note(DriverSession *s, IrCtx *c);
/* Notes one file (an object a link reads), if it is a regular file. */
void driver_depfile_note_path(DriverSession *s, const char *path);
/* Forgets the prerequisites noted after the first n. */
void driver_depfile_truncate(DriverSession *s, size_t n);
/* Writes the depfile opts asks for; 0, or an exit status after an error. */
int driver_depfile_write(const DriverSession *s, const DriverOptions *opts);
/* The make escaping of one path (spaces, '$', '#'); heap, caller frees.
 * NULL for a name no depfile can hold (a newline in it). */
char *driver_depfile_escape(const char *path);

/* ---- config.c: --config ssis2dbt.yml ---------------------------------- */
void driver_settings_default(DriverSettings *s);
/* Reads the file into opts (settings, target, warnings); diagnostics into c.
 * False after an error. */
bool driver_config_load(IrCtx *c, const char *path, DriverOptions *opts);
/* The command-line twin of a setting: "--layers=a,b" etc.  Returns 1 when
 * argv[*i] was one (and consumed), 0 when not, EXIT_USAGE on a bad value. */
int driver_config_option(int argc, char **argv, int *i, DriverOptions *opts);
/* --print-config: the settings in effect, as YAML. */
void driver_config_print(const DriverOptions *opts, FILE *out);

/* ---- timing.c: --time-report and --trace=FILE ------------------------- */
/* Spans nest; each becomes one Chrome trace event and, for phases and
 * passes, a line of the time report.  Free when neither is asked for. */
typedef enum DriverSpanKind { DRIVER_SPAN_PACKAGE, DRIVER_SPAN_PHASE, DRIVER_SPAN_PASS } DriverSpanKind;
void driver_timing_start(bool report, const char *trace_file);
int driver_span_begin(DriverSpanKind kind, const char *name);
void driver_span_end(int span);
/* A -j worker's spans carry its thread number (the main thread's is 1). */
void driver_timing_thread(int tid);
/* Prints the report to `out` and writes the trace; 0 or an exit status. */
int driver_timing_finish(FILE *out);
struct PassCtx;
struct PassPlan;
/* The pass pipeline with one span per pass (same order and checks as
 * pass_run_pipeline). */
bool driver_run_passes(struct PassCtx *p, const struct PassPlan *plan);

#endif
