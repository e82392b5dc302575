/* diag.c — the diagnostics engine: diagnostics are collected in the
 * compilation context (so tests can compare them), then printed as GCC-style
 * text with the source line and a caret, or as JSON. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ir.h"

static const struct {
	const char *name;
	bool on;
	const char *desc;
} warning_table[IR_W__COUNT] = {
	[IR_W_NONE] = {"", false, ""},
#define IR_WARNING_DEF(id, name, on, desc) [IR_W_##id] = {name, on, desc},
#include "warnings.def"
#undef IR_WARNING_DEF
};

const char *ir_warning_name(IrWarning w)
{
	return warning_table[w].name;
}

const char *ir_warning_desc(IrWarning w)
{
	return warning_table[w].desc;
}

IrWarning ir_warning_lookup(const char *name)
{
	for (int w = 1; w < IR_W__COUNT; w++)
		if (strcmp(warning_table[w].name, name) == 0)
			return (IrWarning)w;
	return IR_W_NONE;
}

void ir_warn_policy_default(IrWarnPolicy *p)
{
	memset(p, 0, sizeof *p);
	for (int w = 1; w < IR_W__COUNT; w++)
		p->enabled[w] = warning_table[w].on;
}

_Noreturn void ir_die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("ssis2dbtc: internal error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(3);
}

static void push(IrCtx *c, IrSeverity sev, IrLoc loc, IrWarning w, bool promoted,
		 const char *path, const char *fmt, va_list ap)
{
	if (c->ndiags == c->diags_cap) {
		size_t cap = c->diags_cap ? c->diags_cap * 2 : 16;
		IrDiagnostic *d = realloc(c->diags, cap * sizeof *d);
		if (!d)
			ir_die("out of memory");
		c->diags = d;
		c->diags_cap = cap;
	}
	char *msg = ir_vsprintf(c->arena, fmt, ap);
	ir_mask_secrets(msg);
	IrDiagnostic *d = &c->diags[c->ndiags++];
	d->sev = sev;
	d->loc = loc;
	d->warning = w;
	d->promoted = promoted;
	d->ssis_path = path ? ir_intern(c, path, (size_t)-1) : NULL;
	d->msg = msg;
}

void ir_verror(IrCtx *c, IrLoc loc, const char *path, const char *fmt, va_list ap)
{
	c->last_dropped = false;
	c->nerrors++;
	push(c, IR_SEV_ERROR, loc, IR_W_NONE, false, path, fmt, ap);
}

void ir_error(IrCtx *c, IrLoc loc, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ir_verror(c, loc, path, fmt, ap);
	va_end(ap);
}

void ir_vwarn(IrCtx *c, IrLoc loc, IrWarning w, const char *path, const char *fmt, va_list ap)
{
	const IrWarnPolicy *p = c->policy;
	bool enabled = p ? p->enabled[w] : warning_table[w].on;
	if (!enabled || (p && p->silence && !p->as_error[w])) {
		c->last_dropped = true;
		return;
	}
	c->last_dropped = false;
	bool promoted = p && (p->all_errors || p->as_error[w]);
	if (promoted) {
		c->nerrors++;
		push(c, IR_SEV_ERROR, loc, w, true, path, fmt, ap);
	} else {
		c->nwarnings++;
		push(c, IR_SEV_WARNING, loc, w, false, path, fmt, ap);
	}
}

void ir_warn(IrCtx *c, IrLoc loc, IrWarning w, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ir_vwarn(c, loc, w, path, fmt, ap);
	va_end(ap);
}

void ir_note(IrCtx *c, IrLoc loc, const char *fmt, ...)
{
	if (c->last_dropped)
		return;
	va_list ap;
	va_start(ap, fmt);
	push(c, IR_SEV_NOTE, loc, IR_W_NONE, false, NULL, fmt, ap);
	va_end(ap);
}

static const char *sev_name(IrSeverity s)
{
	return s == IR_SEV_ERROR ? "error" : s == IR_SEV_WARNING ? "warning" : "note";
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (len == 0 || len > n || (len == 2 && s[0] < 0xC2))
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

/* Makes a quoted source line safe for a terminal: control characters and
 * NUL bytes become spaces, bytes that are not UTF-8 become '?', so the
 * caret line (one column per character) still lines up. */
static void sanitize_line(char *line, size_t n)
{
	unsigned char *s = (unsigned char *)line;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq_len(s + i, n - i);
		if (k == 0) {
			s[i++] = '?';
			continue;
		}
		if (k == 1 && s[i] < 0x20 && s[i] != '\t')
			s[i] = ' ';
		i += k;
	}
}

/* The source line, with secrets masked and overlong lines clipped around the
 * caret so a 100 MB attribute does not reach the terminal. */
static void print_source_line(IrCtx *c, FILE *out, IrLoc loc, unsigned col)
{
	const IrSrcFile *f = &c->files[loc.file];
	size_t off = loc.off > f->len ? f->len : loc.off;
	size_t start = off, end = off;
	while (start > 0 && f->text[start - 1] != '\n')
		start--;
	while (end < f->len && f->text[end] != '\n' && f->text[end] != '\r')
		end++;
	enum { WIDTH = 160 };
	size_t from = start, to = end;
	bool clipped_left = false, clipped_right = false;
	if (off - from > WIDTH / 2) {
		from = off - WIDTH / 2;
		while (from < off && ((unsigned char)f->text[from] & 0xC0) == 0x80)
			from++;
		clipped_left = true;
	}
	if (to - from > WIDTH) {
		to = from + WIDTH;
		while (to > off && ((unsigned char)f->text[to] & 0xC0) == 0x80)
			to--;
		clipped_right = true;
	}
	char *line = malloc(to - from + 1);
	if (!line)
		ir_die("out of memory");
	memcpy(line, f->text + from, to - from);
	line[to - from] = 0;
	sanitize_line(line, to - from);
	ir_mask_secrets(line);
	fprintf(out, " %5s | %s%s%s\n", "", clipped_left ? "..." : "", line, clipped_right ? "..." : "");
	fprintf(out, " %5s | %s", "", clipped_left ? "   " : "");
	(void)col;
	for (size_t i = from; i < off; i++) {
		unsigned char ch = (unsigned char)f->text[i];
		if ((ch & 0xC0) == 0x80)
			continue;
		fputc(ch == '\t' ? '\t' : ' ', out);
	}
	fputs("^\n", out);
	free(line);
}

void ir_diag_print_text(IrCtx *c, FILE *out, bool color)
{
	(void)color;
	for (size_t i = 0; i < c->ndiags; i++) {
		const IrDiagnostic *d = &c->diags[i];
		unsigned line = 0, col = 0;
		if (d->loc.file) {
			ir_loc_linecol(c, d->loc, &line, &col);
			fprintf(out, "%s:%u:%u: ", c->files[d->loc.file].name, line, col);
		} else {
			fputs("ssis2dbtc: ", out);
		}
		fprintf(out, "%s: %s", sev_name(d->sev), d->msg);
		if (d->warning)
			fprintf(out, " [-W%s%s]", d->promoted ? "error=" : "", warning_table[d->warning].name);
		fputc('\n', out);
		if (d->loc.file)
			print_source_line(c, out, d->loc, col);
	}
}

void ir_diag_append_json(IrCtx *c, void *array)
{
	cJSON *arr = array;
	for (size_t i = 0; i < c->ndiags; i++) {
		const IrDiagnostic *d = &c->diags[i];
		cJSON *o = cJSON_CreateObject();
		unsigned line = 0, col = 0;
		if (d->loc.file)
			ir_loc_linecol(c, d->loc, &line, &col);
		cJSON_AddStringToObject(o, "file", d->loc.file ? c->files[d->loc.file].name : "");
		cJSON_AddNumberToObject(o, "line", line);
		cJSON_AddNumberToObject(o, "column", col);
		cJSON_AddStringToObject(o, "severity", sev_name(d->sev));
		cJSON_AddStringToObject(o, "message", d->msg);
		if (d->warning)
			cJSON_AddStringToObject(o, "option", ir_sprintf(c->arena, "-W%s%s", d->promoted ? "error=" : "", warning_table[d->warning].name));
		else
			cJSON_AddNullToObject(o, "option");
		if (d->ssis_path)
			cJSON_AddStringToObject(o, "path", d->ssis_path);
		else
			cJSON_AddNullToObject(o, "path");
		cJSON_AddItemToArray(arr, o);
	}
}
