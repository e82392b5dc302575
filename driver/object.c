/* object.c — object files (docs/object.md): one compiled package as a JSON
 * document that holds its Package IR without loss and, for each source file
 * it read, the identity (name, size, hash) and the bytes locations need: the
 * line ends, the UTF-8 structure and the raw bytes of every text the IR
 * keeps.  Nothing else of the source is stored, so no secret the front end
 * dropped can reach an object.  Writing happens after -c; reading at link. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "driver.h"
#include "frontend.h"
#include "package_obj.h"

#ifndef SSIS_VERSION
#define SSIS_VERSION "0.0.0"
#endif

#define OBJECT_FORMAT "ssis2dbtc-object"
#define OBJECT_FORMAT_VERSION 1
/* A source is rebuilt in memory at link: a damaged size must not ask for
 * gigabytes (the largest corpus package is 4 MB). */
#define OBJECT_MAX_SOURCE ((size_t)1 << 30)

uint64_t driver_hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a, 64 bits */
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static void hash_text(const char *s, size_t n, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)driver_hash_bytes(s, n));
}

/* ---- writing -------------------------------------------------------------- */
typedef struct Span {
	size_t from, to;  /* raw bytes [from, to) */
} Span;

typedef struct SpanList {
	Span *items;
	size_t len, cap;
} SpanList;

typedef struct ObjWriter {
	IrCtx *c;
	SpanList *spans;  /* per context file id */
} ObjWriter;

/* The raw bytes of a text from its opening quote (or the '>' before
 * content) through the byte that ends it, which fe_text_loc reads. */
static void note_text(void *ud, const IrText *t)
{
	ObjWriter *w = ud;
	if (!t->s || !t->loc.file || (t->kind != IR_TEXT_ATTR && t->kind != IR_TEXT_CONTENT))
		return;
	const IrSrcFile *f = ir_file(w->c, t->loc.file);
	size_t from = t->loc.off > 0 ? t->loc.off - 1 : 0;
	size_t to = fe_text_loc(w->c, t, t->len).off + 1;
	if (to > f->len)
		to = f->len;
	if (from >= to)
		return;
	SpanList *l = &w->spans[t->loc.file];
	if (l->len == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->items = realloc(l->items, l->cap * sizeof *l->items);
		if (!l->items)
			ir_die("out of memory");
	}
	l->items[l->len++] = (Span){from, to};
}

static int span_cmp(const void *a, const void *b)
{
	const Span *x = a, *y = b;
	return x->from < y->from ? -1 : x->from > y->from ? 1 : x->to < y->to ? -1 : x->to > y->to;
}

/* Sorted, with overlapping and touching spans merged. */
static void merge_spans(SpanList *l)
{
	if (!l->len)
		return;
	qsort(l->items, l->len, sizeof *l->items, span_cmp);
	size_t n = 0;
	for (size_t i = 1; i < l->len; i++) {
		if (l->items[i].from <= l->items[n].to) {
			if (l->items[i].to > l->items[n].to)
				l->items[n].to = l->items[i].to;
		} else {
			l->items[++n] = l->items[i];
		}
	}
	l->len = n + 1;
}

/* Offsets as differences from the one before, in one string ("25,61,3"):
 * a large package has a hundred thousand lines. */
static void put_deltas(IrBuf *b, const size_t *offs, size_t n)
{
	ir_buf_put(b, "\"", 1);
	for (size_t i = 0, prev = 0; i < n; prev = offs[i++]) {
		if (i)
			ir_buf_put(b, ",", 1);
		ir_obj_put_int(b, (long long)(offs[i] - prev));
	}
	ir_buf_put(b, "\"", 1);
}

/* The offsets of the bytes for which `is` holds. */
static size_t *offsets_of(const IrSrcFile *f, bool newline, size_t *n)
{
	size_t cap = 64;
	size_t *offs = malloc(cap * sizeof *offs);
	if (!offs)
		ir_die("out of memory");
	*n = 0;
	for (size_t i = 0; i < f->len; i++) {
		unsigned char ch = (unsigned char)f->text[i];
		if (newline ? ch != '\n' : (ch & 0xC0) != 0x80)
			continue;
		if (*n == cap && !(offs = realloc(offs, (cap *= 2) * sizeof *offs)))
			ir_die("out of memory");
		offs[(*n)++] = i;
	}
	return offs;
}

static void put_file(IrBuf *b, const IrSrcFile *f, SpanList *spans)
{
	char hash[17];
	hash_text(f->text, f->len, hash);
	ir_buf_puts(b, "{\"name\":");
	ir_obj_put_str(b, f->name);
	ir_buf_puts(b, ",\"size\":");
	ir_obj_put_int(b, (long long)f->len);
	ir_buf_puts(b, ",\"fnv1a64\":\"");
	ir_buf_puts(b, hash);
	size_t n, *offs = offsets_of(f, true, &n);
	ir_buf_puts(b, "\",\"newlines\":");
	put_deltas(b, offs, n);
	free(offs);
	offs = offsets_of(f, false, &n);
	ir_buf_puts(b, ",\"utf8_continuations\":");
	put_deltas(b, offs, n);
	free(offs);
	merge_spans(spans);
	ir_buf_puts(b, ",\"texts\":[");
	for (size_t i = 0; i < spans->len; i++) {
		Span s = spans->items[i];
		char *bytes = malloc(s.to - s.from + 1);
		if (!bytes)
			ir_die("out of memory");
		memcpy(bytes, f->text + s.from, s.to - s.from);
		bytes[s.to - s.from] = 0;
		/* a NUL cannot be in a JSON string; XML cannot hold one either */
		for (size_t k = 0; k < s.to - s.from; k++)
			if (!bytes[k])
				bytes[k] = ' ';
		ir_mask_secrets(bytes);  /* as in a diagnostic's source line */
		ir_buf_puts(b, i ? ",[" : "[");
		ir_obj_put_int(b, (long long)s.from);
		ir_buf_put(b, ",", 1);
		ir_obj_put_str(b, bytes);
		ir_buf_put(b, "]", 1);
		free(bytes);
	}
	ir_buf_puts(b, "]}");
}

char *driver_object_write(IrCtx *c, const IrPackage *pkg, size_t *len)
{
	ObjWriter w = {.c = c, .spans = calloc(c->nfiles, sizeof(SpanList))};
	if (!w.spans)
		ir_die("out of memory");
	/* the package first (it notes the texts), then the header and files */
	IrBuf package = {0}, out = {0};
	ir_package_write_obj(&package, pkg, note_text, &w);
	ir_buf_puts(&out, "{\"format\":\"" OBJECT_FORMAT "\",\"format_version\":");
	ir_obj_put_int(&out, OBJECT_FORMAT_VERSION);
	ir_buf_puts(&out, ",\"compiler\":\"ssis2dbtc " SSIS_VERSION "\",\"files\":[");
	for (size_t i = 1; i < c->nfiles; i++) {
		if (i > 1)
			ir_buf_put(&out, ",", 1);
		put_file(&out, &c->files[i], &w.spans[i]);
	}
	ir_buf_puts(&out, "],\"package\":");
	ir_buf_put(&out, package.data, package.len);
	ir_buf_puts(&out, "}\n");  /* one line, ended like a text file */
	ir_buf_free(&package);
	for (size_t i = 0; i < c->nfiles; i++)
		free(w.spans[i].items);
	free(w.spans);
	*len = out.len;
	return out.data;
}

bool driver_object_sniff(const char *text, size_t len)
{
	static const char magic[] = "{\"format\":\"" OBJECT_FORMAT "\"";
	while (len && (*text == ' ' || *text == '\n' || *text == '\t' || *text == '\r'))
		text++, len--;
	return len >= sizeof magic - 1 && memcmp(text, magic, sizeof magic - 1) == 0;
}

/* ---- reading -------------------------------------------------------------- */
typedef struct ObjReader {
	IrCtx *c;
	IrLoc at;          /* the object file, for diagnostics */
	const char *name;  /* the object's name */
	bool failed;
} ObjReader;

static bool obj_error(ObjReader *r, const char *fmt, const char *arg)
{
	if (r->at.file)
		ir_error(r->c, r->at, NULL, fmt, arg);
	else
		ir_die(fmt, arg);  /* an object built in memory is never malformed */
	r->failed = true;
	return false;
}

/* An offset list in delta form ("25,61,3"); each offset below `size` and
 * greater than the one before. */
static bool read_offsets(ObjReader *r, const cJSON *j, size_t size, size_t **out, size_t *n)
{
	*out = NULL, *n = 0;
	if (!cJSON_IsString(j))
		return obj_error(r, "malformed object: %s is not a string of offsets", "a file's offset table");
	const char *p = j->valuestring;
	size_t cap = 1;
	for (const char *q = p; *q; q++)
		cap += *q == ',';
	*out = malloc(cap * sizeof **out);
	if (!*out)
		ir_die("out of memory");
	for (size_t prev = 0; *p;) {
		size_t d = 0, digits = 0;
		for (; *p >= '0' && *p <= '9' && digits < 11; p++, digits++)
			d = d * 10 + (size_t)(*p - '0');
		bool more = *p == ',' && p[1];
		if (!digits || (*p && !more) || (*n > 0 && d == 0) || d >= size || prev + d >= size) {
			free(*out);
			*out = NULL;
			return obj_error(r, "malformed object: %s has an offset out of range", "a file's offset table");
		}
		prev += d;
		(*out)[(*n)++] = prev;
		p += more;
	}
	return true;
}

/* The bytes locations need, from the object alone: spaces, with the line
 * ends, UTF-8 continuation bytes and the texts in place. */
static char *skeleton(ObjReader *r, const cJSON *f, size_t size)
{
	char *buf = malloc(size + 1);
	if (!buf)
		ir_die("out of memory");
	memset(buf, ' ', size);
	buf[size] = 0;
	size_t *offs, n;
	bool ok = read_offsets(r, cJSON_GetObjectItemCaseSensitive(f, "newlines"), size, &offs, &n);
	for (size_t i = 0; ok && i < n; i++)
		buf[offs[i]] = '\n';
	free(offs);
	if (ok) {
		ok = read_offsets(r, cJSON_GetObjectItemCaseSensitive(f, "utf8_continuations"), size, &offs, &n);
		for (size_t i = 0; ok && i < n; i++)
			buf[offs[i]] = (char)0x80;
		free(offs);
	}
	const cJSON *texts = cJSON_GetObjectItemCaseSensitive(f, "texts"), *it;
	if (ok && !cJSON_IsArray(texts))
		ok = obj_error(r, "malformed object: %s is not a list", "a file's texts");
	const cJSON *list = ok ? texts : NULL;
	cJSON_ArrayForEach(it, list) {
		const cJSON *off = cJSON_GetArrayItem(it, 0), *s = cJSON_GetArrayItem(it, 1);
		double o = cJSON_IsNumber(off) ? off->valuedouble : -1;
		size_t len = cJSON_IsString(s) ? strlen(s->valuestring) : 0;
		if (!cJSON_IsArray(it) || !cJSON_IsString(s) || !(o >= 0 && o <= (double)size) || o != (double)(size_t)o ||
		    len > size - (size_t)o) {
			ok = obj_error(r, "malformed object: %s is out of range", "a text");
			break;
		}
		memcpy(buf + (size_t)o, s->valuestring, len);
	}
	if (!ok) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The source itself when it is still there, unchanged: then diagnostics
 * quote its lines exactly as a one-process build does. */
static char *unchanged_source(const char *name, size_t size, const char *hash)
{
	struct stat st;
	if (stat(name, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != size)
		return NULL;
	FILE *fp = fopen(name, "rb");
	if (!fp)
		return NULL;
	char *buf = malloc(size + 1);
	if (!buf)
		ir_die("out of memory");
	bool ok = fread(buf, 1, size, fp) == size;
	fclose(fp);
	char got[17];
	hash_text(buf, size, got);
	if (!ok || strcmp(got, hash) != 0) {
		free(buf);
		return NULL;
	}
	buf[size] = 0;
	return buf;
}

static bool read_files(ObjReader *r, const cJSON *files, uint32_t **map, size_t *nfiles)
{
	*map = NULL, *nfiles = 0;
	if (!cJSON_IsArray(files))
		return obj_error(r, "malformed object: %s", "no file table");
	size_t n = (size_t)cJSON_GetArraySize(files);
	*map = calloc(n ? n : 1, sizeof **map);
	if (!*map)
		ir_die("out of memory");
	const cJSON *f;
	cJSON_ArrayForEach(f, files) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(f, "name");
		const cJSON *size = cJSON_GetObjectItemCaseSensitive(f, "size");
		const cJSON *hash = cJSON_GetObjectItemCaseSensitive(f, "fnv1a64");
		if (!cJSON_IsString(name) || !cJSON_IsNumber(size) || !cJSON_IsString(hash) || size->valuedouble < 0 ||
		    size->valuedouble > 4294967294.0 || size->valuedouble != (double)(size_t)size->valuedouble)
			return obj_error(r, "malformed object: %s", "a file entry needs a name, a size and a hash");
		size_t len = (size_t)size->valuedouble;
		if (len > OBJECT_MAX_SOURCE)
			return obj_error(r, "malformed object: %s", "a source file larger than 1 GiB");
		/* the skeleton is read (and checked) even when the source is there */
		char *text = skeleton(r, f, len), *source;
		if (!text)
			return false;
		if ((source = unchanged_source(name->valuestring, len, hash->valuestring)))
			free(text), text = source;
		(*map)[(*nfiles)++] = ir_add_file(r->c, name->valuestring, text, len);
		free(text);
	}
	return true;
}

/* "format", "format_version": a located error that says what to do. */
static bool check_header(ObjReader *r, const cJSON *root)
{
	const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "format_version");
	const cJSON *compiler = cJSON_GetObjectItemCaseSensitive(root, "compiler");
	if (!cJSON_IsString(format) || strcmp(format->valuestring, OBJECT_FORMAT) != 0)
		return obj_error(r, "%s is not an ssis2dbtc object (compile packages with ssis2dbtc -c)", r->name);
	if (!cJSON_IsNumber(version) || version->valuedouble != OBJECT_FORMAT_VERSION) {
		char *msg = ir_sprintf(r->c->arena,
			"object format version %g (from %s); this compiler (ssis2dbtc " SSIS_VERSION
			") reads version %d: recompile the package with ssis2dbtc -c",
			cJSON_IsNumber(version) ? version->valuedouble : -1.0,
			cJSON_IsString(compiler) ? compiler->valuestring : "an unknown compiler", OBJECT_FORMAT_VERSION);
		return obj_error(r, "%s", msg);
	}
	return true;
}

IrPackage *driver_object_read(IrCtx *c, const char *name, const char *text, size_t len, bool in_memory)
{
	ObjReader r = {.c = c, .name = name};
	if (!in_memory)
		r.at = ir_loc(ir_add_file(c, name, text, len), 0);
	if (!driver_object_sniff(text, len)) {
		obj_error(&r, "%s is not an ssis2dbtc object (compile packages with ssis2dbtc -c)", name);
		return NULL;
	}
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, false);
	if (!root) {
		if (r.at.file && end)
			r.at.off = (uint32_t)(end - text);
		obj_error(&r, "malformed object: %s (truncated or not JSON; recompile the package)", "bad JSON");
		return NULL;
	}
	IrPackage *pkg = NULL;
	uint32_t *map = NULL;
	size_t nfiles = 0;
	if (check_header(&r, root) && read_files(&r, cJSON_GetObjectItemCaseSensitive(root, "files"), &map, &nfiles)) {
		char *err = NULL;
		pkg = ir_package_from_obj_json(c, cJSON_GetObjectItemCaseSensitive(root, "package"), map, nfiles, &err);
		if (!pkg)
			obj_error(&r, "malformed object: %s", err ? err : "no package");
		free(err);
	}
	free(map);
	cJSON_Delete(root);
	return pkg;
}
