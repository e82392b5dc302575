/* connstr.c — connection strings (OLE DB, ADO.NET, ODBC, Excel): key=value
 * pairs separated by ';', values bare, '…' or "…" quoted (doubled quote =
 * one) or {…} braced.  Secret values are dropped here, before anything can
 * store or print them; the DTS _xHHHH_ escapes are decoded here too. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "frontend.h"

/* Which well-known field a key fills. */
typedef enum Field { F_OTHER, F_PROVIDER, F_SERVER, F_DATABASE, F_USER, F_INTEGRATED } Field;

static const struct {
	const char *key;
	Field field;
} known_keys[] = {
	{"provider", F_PROVIDER},
	{"data source", F_SERVER},
	{"server", F_SERVER},
	{"address", F_SERVER},
	{"addr", F_SERVER},
	{"network address", F_SERVER},
	{"host", F_SERVER},
	{"initial catalog", F_DATABASE},
	{"database", F_DATABASE},
	{"user id", F_USER},
	{"uid", F_USER},
	{"user", F_USER},
	{"username", F_USER},
	{"integrated security", F_INTEGRATED},
	{"trusted_connection", F_INTEGRATED},
};

static Field field_of(const char *key)
{
	for (size_t i = 0; i < sizeof known_keys / sizeof *known_keys; i++)
		if (strcasecmp(known_keys[i].key, key) == 0)
			return known_keys[i].field;
	return F_OTHER;
}

static bool truthy(const char *v)
{
	return strcasecmp(v, "sspi") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
	       strcmp(v, "1") == 0;
}

static bool space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* Reads a value starting at s[*i]; returns it unquoted (arena) and leaves
 * *i at the ';' or the end.  *quoted is set for quoted/braced values. */
static char *read_value(IrArena *a, const char *s, size_t n, size_t *i, bool *quoted)
{
	IrBuf b = {0};
	size_t j = *i;
	*quoted = false;
	if (j < n && (s[j] == '"' || s[j] == '\'' || s[j] == '{')) {
		char open = s[j], close = open == '{' ? '}' : open;
		*quoted = true;
		j++;
		while (j < n) {
			if (s[j] == close) {
				if (j + 1 < n && s[j + 1] == close) { /* doubled: one literal */
					ir_buf_put(&b, &close, 1);
					j += 2;
					continue;
				}
				j++;
				break;
			}
			ir_buf_put(&b, s + j, 1);
			j++;
		}
		while (j < n && s[j] != ';')
			j++;
	} else {
		size_t start = j;
		while (j < n && s[j] != ';')
			j++;
		size_t e = j;
		while (e > start && space(s[e - 1]))
			e--;
		ir_buf_put(&b, s + start, e - start);
	}
	*i = j;
	char *v = ir_strndup(a, b.data ? b.data : "", b.len);
	ir_buf_free(&b);
	return v;
}

/* Appends key=value to the sanitized string, quoting when needed. */
static void put_pair(IrBuf *out, const char *key, const char *value)
{
	ir_buf_puts(out, key);
	ir_buf_puts(out, "=");
	bool need = strchr(value, ';') || strchr(value, '"') || strchr(value, '\'') ||
		    (value[0] && (space(value[0]) || space(value[strlen(value) - 1])));
	if (!need) {
		ir_buf_puts(out, value);
	} else if (!strchr(value, '"')) {
		ir_buf_printf(out, "\"%s\"", value);
	} else {
		ir_buf_puts(out, "'");
		for (const char *p = value; *p; p++)
			ir_buf_puts(out, *p == '\'' ? "''" : (char[2]){*p, 0});
		ir_buf_puts(out, "'");
	}
	ir_buf_puts(out, ";");
}

static void fill_field(IrConnStr *out, Field f, const char *v)
{
	switch (f) {
	case F_PROVIDER: out->provider = v; break;
	case F_SERVER: out->server = v; break;
	case F_DATABASE: out->database = v; break;
	case F_USER: out->user = v; break;
	case F_INTEGRATED: out->integrated_security = truthy(v); break;
	case F_OTHER: break;
	}
}

void fe_parse_connstr(IrCtx *c, const IrText *t, const char *ssis_path, IrConnStr *out)
{
	memset(out, 0, sizeof *out);
	/* The secret bytes are overwritten in the decoded copy, so that no
	 * later code can print them by mistake. */
	char *s = (char *)t->s;
	size_t n = t->len, i = 0;
	IrBuf clean = {0};
	while (i < n) {
		while (i < n && (space(s[i]) || s[i] == ';'))
			i++;
		if (i >= n)
			break;
		size_t ks = i;
		/* '==' inside a key stands for '=' (OLE DB rule) */
		while (i < n && s[i] != ';' && !(s[i] == '=' && !(i + 1 < n && s[i + 1] == '=')))
			i += (s[i] == '=' ? 2 : 1);
		size_t ke = i;
		while (ke > ks && space(s[ke - 1]))
			ke--;
		const char *key = ir_intern(c, s + ks, ke - ks);
		IrConnKey *k = ir_alloc(c->arena, sizeof *k);
		k->key = key;
		k->loc = fe_text_loc(c, t, ks);
		if (i >= n || s[i] != '=') { /* a bare word: keep it as a key without value */
			k->value = "";
			ir_vec_push(c->arena, &out->keys, k);
			continue;
		}
		i++;
		while (i < n && space(s[i]) && s[i] != ';')
			i++;
		size_t vs = i;
		bool quoted;
		char *v = read_value(c->arena, s, n, &i, &quoted);
		if (ir_is_secret_key(key, strlen(key))) {
			memset(v, '*', strlen(v));
			memset(s + vs, '*', i - vs);
			k->secret = true;
			k->value = NULL;
			out->nsecrets++;
			ir_warn(c, k->loc, IR_W_secret_dropped, ssis_path, "the value of '%s' was removed from the connection string",
				key);
		} else {
			k->value = v;
			fill_field(out, field_of(key), v);
			put_pair(&clean, key, v);
		}
		ir_vec_push(c->arena, &out->keys, k);
	}
	out->sanitized = ir_strndup(c->arena, clean.data ? clean.data : "", clean.len);
	ir_buf_free(&clean);
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static void put_utf8(IrBuf *b, unsigned cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80)
		u[0] = (char)cp, n = 1;
	else if (cp < 0x800)
		u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
	else
		u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
		u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
	ir_buf_put(b, u, n);
}

const char *fe_decode_xescapes(IrCtx *c, const char *s)
{
	if (!s || !strstr(s, "_x"))
		return s;
	IrBuf b = {0};
	for (size_t i = 0; s[i];) {
		if (s[i] == '_' && s[i + 1] == 'x') {
			int h[4];
			bool ok = true;
			for (int k = 0; k < 4 && ok; k++)
				ok = s[i + 2 + k] && (h[k] = hexval(s[i + 2 + k])) >= 0;
			if (ok && s[i + 6] == '_') {
				put_utf8(&b, (unsigned)(h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3]));
				i += 7;
				continue;
			}
		}
		ir_buf_put(&b, s + i, 1);
		i++;
	}
	const char *r = ir_intern(c, b.data ? b.data : "", b.len);
	ir_buf_free(&b);
	return r;
}
