/* depfile.c — Make-format dependency files for make and ninja (-MD, -MF,
 * -MT, -MP): the output depends on every file the compilation read, as
 * collected from each context's file table.  Written atomically. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "driver.h"

/* Make (and ninja's depfile parser) read "\ " as a space, "\#" as '#' and
 * "$$" as '$'; backslashes that end up before a space or '#' are doubled.
 * A newline cannot be written at all. */
char *driver_depfile_escape(const char *path)
{
	IrBuf b = {0};
	for (const char *p = path; *p; p++) {
		if (*p == '\n' || *p == '\r') {
			ir_buf_free(&b);
			return NULL;
		}
		if (*p == ' ' || *p == '\t' || *p == '#') {
			for (const char *q = p; q > path && q[-1] == '\\'; q--)
				ir_buf_puts(&b, "\\");
			ir_buf_puts(&b, "\\");
		} else if (*p == '$') {
			ir_buf_puts(&b, "$");
		}
		ir_buf_put(&b, p, 1);
	}
	ir_buf_put(&b, "", 1);
	return b.data;
}

static bool is_regular_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool already_noted(const DriverSession *s, const char *path)
{
	for (size_t i = 0; i < s->ndeps; i++)
		if (strcmp(s->deps[i], path) == 0)
			return true;
	return false;
}

static void note_path(DriverSession *s, const char *path)
{
	if (already_noted(s, path))
		return;
	if (s->ndeps == s->deps_cap) {
		s->deps_cap = s->deps_cap ? 2 * s->deps_cap : 16;
		s->deps = realloc(s->deps, s->deps_cap * sizeof *s->deps);
		if (!s->deps)
			ir_die("out of memory");
	}
	s->deps[s->ndeps] = strdup(path);
	if (!s->deps[s->ndeps])
		ir_die("out of memory");
	s->ndeps++;
}

/* Files registered from memory ("<expr>") are not on the disk: only
 * regular files that exist are prerequisites. */
void driver_depfile_note(DriverSession *s, IrCtx *c)
{
	for (size_t i = 1; i < c->nfiles; i++)
		if (is_regular_file(c->files[i].name))
			note_path(s, c->files[i].name);
}

void driver_depfile_note_path(DriverSession *s, const char *path)
{
	if (is_regular_file(path))
		note_path(s, path);
}

void driver_depfile_truncate(DriverSession *s, size_t n)
{
	while (s->ndeps > n)
		free(s->deps[--s->ndeps]);
}

/* A file at or under the output path is something an earlier build wrote
 * (its manifest, say), not a prerequisite. */
static bool is_output(const char *path, const char *output)
{
	if (!output)
		return false;
	size_t n = strlen(output);
	while (n > 1 && output[n - 1] == '/')
		n--;
	return strncmp(path, output, n) == 0 && (path[n] == 0 || path[n] == '/');
}

/* The output without a directory's trailing slashes, plus `suffix`. */
static char *output_name(const char *output, const char *suffix)
{
	size_t n = strlen(output);
	while (n > 1 && output[n - 1] == '/')
		n--;
	IrBuf b = {0};
	ir_buf_put(&b, output, n);
	ir_buf_puts(&b, suffix);
	return b.data;
}

/* -MF FILE, or with -MD the output's name plus ".d". */
static char *depfile_path(const DriverOptions *o)
{
	return o->dep_file ? strdup(o->dep_file) : output_name(o->output, ".d");
}

static bool put_escaped(IrBuf *b, const char *path)
{
	char *e = driver_depfile_escape(path);
	if (!e) {
		fprintf(stderr, "ssis2dbtc: error: a depfile cannot name '%s' (a line break in a file name)\n", path);
		return false;
	}
	ir_buf_puts(b, e);
	free(e);
	return true;
}

/* "target: dep \\\n  dep\n", then with -MP "dep:\n" for each dep.  The
 * target is -MT, or the output as a build file names it (no trailing '/'). */
static bool depfile_text(const DriverSession *s, const DriverOptions *o, IrBuf *b)
{
	char *target = o->dep_target ? strdup(o->dep_target) : output_name(o->output, "");
	bool ok = put_escaped(b, target);
	free(target);
	if (!ok)
		return false;
	ir_buf_puts(b, ":");
	for (size_t i = 0; i < s->ndeps; i++) {
		if (is_output(s->deps[i], o->output))
			continue;
		ir_buf_puts(b, " \\\n  ");
		if (!put_escaped(b, s->deps[i]))
			return false;
	}
	ir_buf_puts(b, "\n");
	for (size_t i = 0; o->dep_phony && i < s->ndeps; i++) {
		if (is_output(s->deps[i], o->output))
			continue;
		ir_buf_puts(b, "\n");
		put_escaped(b, s->deps[i]);
		ir_buf_puts(b, ":\n");
	}
	return true;
}

int driver_depfile_write(const DriverSession *s, const DriverOptions *o)
{
	if (!o->dep_md && !o->dep_file)
		return 0;
	IrBuf text = {0};
	if (!depfile_text(s, o, &text)) {
		ir_buf_free(&text);
		return EXIT_INPUT_ERRORS;
	}
	char *path = depfile_path(o);
	const char *err = NULL;
	IrWriteResult r = ir_write_file(path, text.data, text.len, &err);
	if (r == IR_WRITE_FAILED)
		fprintf(stderr, "ssis2dbtc: error: cannot write %s: %s\n", path, err ? err : "unknown error");
	free(path);
	ir_buf_free(&text);
	return r == IR_WRITE_FAILED ? EXIT_INPUT_ERRORS : 0;
}
