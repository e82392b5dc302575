/* driver.h — the ssis2dbtc executable: parsed options and the entry points
 * of each mode.  Subcommands are listed in commands.def. */
#ifndef SSIS_DRIVER_H
#define SSIS_DRIVER_H

#include "ir.h"

typedef enum DriverEmit { EMIT_PROJECT, EMIT_IR, EMIT_REL } DriverEmit;

typedef struct DriverOptions {
	const char **inputs;    /* package files (and, later, objects) */
	size_t ninputs;
	const char *output;     /* -o */
	const char **project_files; /* --project-file Project.params / x.conmgr */
	size_t nproject_files;
	DriverEmit emit;
	const char *target;     /* --target dialect */
	IrDiagFormat diag_format;
	IrWarnPolicy policy;
	int verbose, quiet;
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
 * shared array that the caller prints at the end). */
void driver_report(IrCtx *c, const DriverOptions *opts, void *json_array);

#endif
