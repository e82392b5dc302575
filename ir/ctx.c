/* ctx.c — the compilation context: arena, interned strings and the source
 * files whose bytes locations point into. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ir.h"

struct IrStrtab {
	const char **slots; /* heap; open addressing, strings in the arena */
	size_t *lens;
	size_t cap, count;
};

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static void strtab_grow(IrStrtab *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024;
	const char **slots = calloc(cap, sizeof *slots);
	size_t *lens = calloc(cap, sizeof *lens);
	if (!slots || !lens)
		ir_die("out of memory");
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slots[i])
			continue;
		size_t j = hash_bytes(t->slots[i], t->lens[i]) & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = t->slots[i];
		lens[j] = t->lens[i];
	}
	free(t->slots);
	free(t->lens);
	t->slots = slots;
	t->lens = lens;
	t->cap = cap;
}

const char *ir_intern(IrCtx *c, const char *s, size_t n)
{
	IrStrtab *t = c->strings;
	if (n == (size_t)-1)
		n = strlen(s);
	if ((t->count + 1) * 2 > t->cap)
		strtab_grow(t);
	size_t j = hash_bytes(s, n) & (t->cap - 1);
	while (t->slots[j]) {
		if (t->lens[j] == n && memcmp(t->slots[j], s, n) == 0)
			return t->slots[j];
		j = (j + 1) & (t->cap - 1);
	}
	t->slots[j] = ir_strndup(c->arena, s, n);
	t->lens[j] = n;
	t->count++;
	return t->slots[j];
}

IrCtx *ir_ctx_new(const IrWarnPolicy *policy)
{
	IrCtx *c = calloc(1, sizeof *c);
	if (!c)
		ir_die("out of memory");
	c->arena = ir_arena_new();
	c->strings = calloc(1, sizeof *c->strings);
	if (!c->strings)
		ir_die("out of memory");
	c->policy = policy;
	ir_add_file(c, "", "", 0); /* id 0: no file */
	return c;
}

void ir_ctx_free(IrCtx *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nfiles; i++)
		free(c->files[i].line_starts);
	free(c->files);
	free(c->diags);
	free(c->strings->slots);
	free(c->strings->lens);
	free(c->strings);
	ir_arena_free(c->arena);
	free(c);
}

uint32_t ir_add_file(IrCtx *c, const char *name, const char *text, size_t len)
{
	if (c->nfiles == c->files_cap) {
		size_t cap = c->files_cap ? c->files_cap * 2 : 8;
		IrSrcFile *f = realloc(c->files, cap * sizeof *f);
		if (!f)
			ir_die("out of memory");
		c->files = f;
		c->files_cap = cap;
	}
	IrSrcFile *f = &c->files[c->nfiles];
	memset(f, 0, sizeof *f);
	f->name = ir_intern(c, name, (size_t)-1);
	f->text = ir_strndup(c->arena, text, len);
	f->len = len;
	return (uint32_t)c->nfiles++;
}

uint32_t ir_read_file(IrCtx *c, const char *path, const char **err)
{
	struct stat st;
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		*err = strerror(errno);
		return 0;
	}
	if (fstat(fileno(fp), &st) != 0 || S_ISDIR(st.st_mode)) {
		*err = S_ISDIR(st.st_mode) ? "is a directory" : strerror(errno);
		fclose(fp);
		return 0;
	}
	if (st.st_size > (off_t)UINT32_MAX - 1) {
		*err = "file is larger than 4 GiB";
		fclose(fp);
		return 0;
	}
	size_t n = (size_t)st.st_size;
	char *buf = malloc(n + 1);
	if (!buf)
		ir_die("out of memory (%zu bytes)", n);
	size_t got = fread(buf, 1, n, fp);
	int failed = ferror(fp);
	fclose(fp);
	if (failed) {
		free(buf);
		*err = "read error";
		return 0;
	}
	uint32_t id = ir_add_file(c, path, buf, got);
	free(buf);
	return id;
}

const IrSrcFile *ir_file(const IrCtx *c, uint32_t id)
{
	IR_ASSERT(id < c->nfiles);
	return &c->files[id];
}

IrLoc ir_loc(uint32_t file, size_t off)
{
	IrLoc l = {file, off > UINT32_MAX ? UINT32_MAX : (uint32_t)off};
	return l;
}

static void index_lines(IrSrcFile *f)
{
	if (f->line_starts)
		return;
	size_t n = 1;
	for (size_t i = 0; i < f->len; i++)
		n += f->text[i] == '\n';
	f->line_starts = malloc(n * sizeof *f->line_starts);
	if (!f->line_starts)
		ir_die("out of memory");
	f->line_starts[0] = 0;
	size_t k = 1;
	for (size_t i = 0; i < f->len; i++)
		if (f->text[i] == '\n')
			f->line_starts[k++] = (uint32_t)(i + 1);
	f->nlines = n;
}

void ir_loc_linecol(IrCtx *c, IrLoc loc, unsigned *line, unsigned *col)
{
	IrSrcFile *f = &c->files[loc.file];
	index_lines(f);
	size_t off = loc.off > f->len ? f->len : loc.off;
	size_t lo = 0, hi = f->nlines;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (f->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (unsigned)lo + 1;
	/* Columns count UTF-8 characters, not bytes, as editors do. */
	unsigned ch = 1;
	for (size_t i = f->line_starts[lo]; i < off; i++)
		ch += ((unsigned char)f->text[i] & 0xC0) != 0x80;
	*col = ch;
}

size_t ir_line_offset(IrCtx *c, uint32_t file, unsigned line)
{
	IrSrcFile *f = &c->files[file];
	index_lines(f);
	if (line < 1)
		return 0;
	if (line > f->nlines)
		return f->len;
	return f->line_starts[line - 1];
}
