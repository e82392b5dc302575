/* stamp.c — the first line of every generated text file records a hash of
 * the rest of the file, so that a later build can tell a file it wrote and
 * nobody touched (safe to replace or remove) from one edited by hand since,
 * and from a file that is not ours at all.  The hash is 64-bit FNV-1a: it
 * detects edits, it is not meant to resist forgery. */
#include <stdlib.h>
#include <string.h>

#include "ir.h"

#define STAMP_TAG "ssis2dbtc generated this file, fnv1a64 "
#define STAMP_ADVICE "; a hand edit here is kept, lasting fixes go in the overrides folder\n"
enum { HASH_HEX = 16 };

uint64_t ir_fnv1a64(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3u;
	return h;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The line-comment opener of a file's format; NULL for formats without
 * comments (JSON), which are never stamped. */
static const char *comment_opener(const char *path)
{
	if (ends_with(path, ".sql"))
		return "-- ";
	if (ends_with(path, ".yml") || ends_with(path, ".yaml"))
		return "# ";
	return NULL;
}

bool ir_stamp_applies(const char *path)
{
	return comment_opener(path) != NULL;
}

char *ir_stamp_text(IrArena *a, const char *path, const char *body, size_t len, size_t *out_len)
{
	const char *opener = comment_opener(path);
	if (!opener) {
		*out_len = len;
		return ir_strndup(a, body, len);
	}
	char head[256];
	int n = snprintf(head, sizeof head, "%s" STAMP_TAG "%016llx" STAMP_ADVICE, opener,
			 (unsigned long long)ir_fnv1a64(body, len));
	IR_ASSERT(n > 0 && (size_t)n < sizeof head);
	char *out = ir_alloc(a, (size_t)n + len + 1);
	memcpy(out, head, (size_t)n);
	memcpy(out + n, body, len);
	*out_len = (size_t)n + len;
	return out;
}

/* The hash recorded in `text`'s first line and where the rest begins;
 * false when the first line is not a stamp. */
static bool parse_stamp(const char *text, size_t len, uint64_t *hash, size_t *body_off)
{
	const char *nl = memchr(text, '\n', len);
	if (!nl)
		return false;
	size_t line = (size_t)(nl - text), tag = strlen(STAMP_TAG);
	const char *p = NULL;
	if (line > 3 && !memcmp(text, "-- ", 3))
		p = text + 3;
	else if (line > 2 && !memcmp(text, "# ", 2))
		p = text + 2;
	if (!p || (size_t)(nl - p) < tag + HASH_HEX || memcmp(p, STAMP_TAG, tag) != 0)
		return false;
	char hex[HASH_HEX + 1];
	memcpy(hex, p + tag, HASH_HEX);
	hex[HASH_HEX] = 0;
	char *end;
	*hash = strtoull(hex, &end, 16);
	if (end != hex + HASH_HEX)
		return false;
	*body_off = line + 1;
	return true;
}

IrStamp ir_stamp_of(const char *text, size_t len, size_t *body_off)
{
	uint64_t recorded;
	size_t off = 0;
	if (!parse_stamp(text, len, &recorded, &off)) {
		*body_off = 0;
		return IR_STAMP_FOREIGN;
	}
	*body_off = off;
	return ir_fnv1a64(text + off, len - off) == recorded ? IR_STAMP_PRISTINE : IR_STAMP_EDITED;
}

IrStamp ir_stamp_read(const char *path, IrBuf *text, size_t *body_off)
{
	*body_off = 0;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return IR_STAMP_ABSENT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		ir_buf_put(text, chunk, n);
	bool failed = ferror(fp);
	fclose(fp);
	/* an unreadable file is treated as not ours: it is never replaced */
	return failed ? IR_STAMP_FOREIGN : ir_stamp_of(text->data ? text->data : "", text->len, body_off);
}

IrStamp ir_stamp_check_file(const char *path)
{
	IrBuf text = {0};
	size_t off;
	IrStamp s = ir_stamp_read(path, &text, &off);
	ir_buf_free(&text);
	return s;
}
