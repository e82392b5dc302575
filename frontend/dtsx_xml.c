/* dtsx_xml.c — libxml2 with the doors shut (no network, no entities, no
 * DTD), byte-precise element and attribute locations, libxml2's errors as
 * our diagnostics, and the property accessor shared by every format. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "dtsx_internal.h"

/* What the SAX hooks learn while libxml2 parses. */
typedef struct ParseState {
	const char *raw;
	size_t len;
	bool have_error;
	int err_line, err_col;
	char err_msg[256];
	bool doctype;
	size_t doctype_off;
} ParseState;

static void on_xml_error(void *user, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = user;
	ParseState *st = ctxt ? ctxt->_private : NULL;
	if (!st || !e || e->level == XML_ERR_WARNING || st->have_error)
		return;
	st->have_error = true;
	st->err_line = e->line;
	st->err_col = e->int2;
	const char *m = e->message ? e->message : "malformed XML";
	size_t n = strlen(m);
	while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
		n--;
	if (n >= sizeof st->err_msg)
		n = sizeof st->err_msg - 1;
	memcpy(st->err_msg, m, n);
	st->err_msg[n] = 0;
}

/* Keep libxml2's generic (unstructured) channel quiet as well. */
static void ignore_generic(void *user, const char *fmt, ...)
{
	(void)user;
	(void)fmt;
}

static size_t consumed(xmlParserCtxtPtr ctxt)
{
	long n = xmlByteConsumed(ctxt);
	return n < 0 ? 0 : (size_t)n;
}

/* libxml2 calls this with the input at the '>' (or "/>") of the start tag;
 * the '<' is the last one before it (no literal '<' inside a tag). */
static void start_element_ns(void *user, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
			     int nb_ns, const xmlChar **ns, int nb_attr, int nb_def, const xmlChar **attrs)
{
	xmlParserCtxtPtr ctxt = user;
	ParseState *st = ctxt->_private;
	xmlSAX2StartElementNs(user, localname, prefix, uri, nb_ns, ns, nb_attr, nb_def, attrs);
	xmlNodePtr node = ctxt->node;
	if (!node || node->type != XML_ELEMENT_NODE)
		return;
	size_t pos = consumed(ctxt);
	if (pos > st->len)
		pos = st->len;
	while (pos > 0 && st->raw[pos] != '<')
		pos--;
	node->_private = (void *)(uintptr_t)(pos + 1);
}

static void internal_subset(void *user, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	(void)name, (void)ext, (void)sys;
	xmlParserCtxtPtr ctxt = user;
	ParseState *st = ctxt->_private;
	if (!st->doctype) {
		st->doctype = true;
		const char *p = st->raw ? strstr(st->raw, "<!DOCTYPE") : NULL;
		st->doctype_off = p ? (size_t)(p - st->raw) : 0;
	}
	xmlStopParser(ctxt);
}

/* Offset of the first byte that is not valid UTF-8, or len. */
static size_t utf8_invalid_at(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char b = s[i];
		if (b < 0x80) {
			i++;
			continue;
		}
		size_t n;
		unsigned cp;
		if ((b & 0xE0) == 0xC0)
			n = 2, cp = b & 0x1F;
		else if ((b & 0xF0) == 0xE0)
			n = 3, cp = b & 0x0F;
		else if ((b & 0xF8) == 0xF0)
			n = 4, cp = b & 0x07;
		else
			return i;
		if (i + n > len)
			return i;
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += n;
	}
	return len;
}

static bool check_bytes(IrCtx *c, uint32_t file, const char *raw, size_t len)
{
	const unsigned char *u = (const unsigned char *)raw;
	if (len == 0) {
		ir_error(c, ir_loc(file, 0), NULL, "empty file: not an SSIS package");
		return false;
	}
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		ir_error(c, ir_loc(file, 0), NULL, "UTF-16 package: save it as UTF-8 (as SSDT does)");
		return false;
	}
	size_t bad = utf8_invalid_at(u, len);
	if (bad < len) {
		ir_error(c, ir_loc(file, bad), NULL, "invalid UTF-8 (byte 0x%02X): SSIS packages are UTF-8", u[bad]);
		return false;
	}
	if (len > INT_MAX) {
		ir_error(c, ir_loc(file, 0), NULL, "file too large to be an SSIS package");
		return false;
	}
	return true;
}

/* SSDT writes UTF-8 only; another declared encoding would make our byte
 * offsets disagree with libxml2's converted input. */
static bool check_encoding(IrCtx *c, uint32_t file, xmlDocPtr doc)
{
	if (!doc || !doc->encoding)
		return true;
	const char *e = (const char *)doc->encoding;
	if (strcasecmp(e, "utf-8") == 0 || strcasecmp(e, "utf8") == 0 || strcasecmp(e, "us-ascii") == 0)
		return true;
	ir_error(c, ir_loc(file, 0), NULL, "unsupported encoding '%s': SSIS packages are UTF-8", e);
	return false;
}

bool dx_parse(IrCtx *c, uint32_t file, DxDoc *d)
{
	const IrSrcFile *f = ir_file(c, file);
	memset(d, 0, sizeof *d);
	d->ctx = c;
	d->file = file;
	d->raw = f->text;
	d->len = f->len;
	if (!check_bytes(c, file, f->text, f->len))
		return false;

	xmlSetGenericErrorFunc(NULL, ignore_generic);
	xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(f->text, (int)f->len);
	if (!ctxt)
		ir_die("libxml2: out of memory");
	ParseState st = {.raw = f->text, .len = f->len};
	ctxt->_private = &st;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
	ctxt->sax->startElementNs = start_element_ns;
	ctxt->sax->internalSubset = internal_subset;
	ctxt->sax->externalSubset = NULL;
	ctxt->sax->serror = on_xml_error;
	ctxt->sax->warning = NULL;
	ctxt->sax->error = NULL;
	ctxt->sax->fatalError = NULL;
	ctxt->loadsubset = 0;
	ctxt->validate = 0;
	ctxt->replaceEntities = 0;

	xmlParseDocument(ctxt);
	xmlDocPtr doc = ctxt->myDoc;
	bool ok = !st.doctype && !st.have_error && ctxt->wellFormed && doc;
	ctxt->myDoc = NULL;
	xmlFreeParserCtxt(ctxt);

	if (st.doctype) {
		ir_error(c, ir_loc(file, st.doctype_off), NULL,
			 "DOCTYPE declarations are not allowed in SSIS packages (entities are never expanded)");
	} else if (!ok) {
		size_t off = 0;
		if (st.have_error && st.err_line > 0) {
			off = ir_line_offset(c, file, (unsigned)st.err_line);
			/* libxml2 counts columns in characters */
			for (int col = 1; col < st.err_col && off < f->len && f->text[off] != '\n'; col++) {
				off++;
				while (off < f->len && ((unsigned char)f->text[off] & 0xC0) == 0x80)
					off++;
			}
		} else if (st.have_error) {
			off = f->len;
		}
		ir_error(c, ir_loc(file, off), NULL, "malformed XML: %s",
			 st.have_error ? st.err_msg : "the document is not well-formed");
	}
	if (ok && !check_encoding(c, file, doc))
		ok = false;
	if (!ok || st.doctype) {
		if (doc)
			xmlFreeDoc(doc);
		return false;
	}
	d->doc = doc;
	d->root = xmlDocGetRootElement(doc);
	if (!d->root) {
		ir_error(c, ir_loc(file, 0), NULL, "no root element");
		dx_free(d);
		return false;
	}
	return true;
}

void dx_free(DxDoc *d)
{
	if (d->doc)
		xmlFreeDoc(d->doc);
	d->doc = NULL;
	d->root = NULL;
}

/* ---- navigation ------------------------------------------------------ */
static size_t node_off(const xmlNode *n)
{
	uintptr_t p = (uintptr_t)n->_private;
	return p ? (size_t)(p - 1) : 0;
}

IrLoc dx_loc(const DxDoc *d, const xmlNode *n)
{
	if (n && n->type == XML_ELEMENT_NODE && n->_private)
		return ir_loc(d->file, node_off(n));
	if (n && n->line > 0)
		return ir_loc(d->file, ir_line_offset(d->ctx, d->file, n->line));
	return ir_loc(d->file, 0);
}

static bool ns_is(const xmlNs *ns, const char *uri)
{
	if (!uri)
		return ns == NULL || ns->href == NULL;
	return ns && ns->href && strcasecmp((const char *)ns->href, uri) == 0;
}

bool dx_is(const xmlNode *n, const char *ns, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0 && ns_is(n->ns, ns);
}

xmlNodePtr dx_next(const xmlNode *n)
{
	for (n = n ? n->next : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return (xmlNodePtr)n;
	return NULL;
}

xmlNodePtr dx_first(const xmlNode *parent)
{
	for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

xmlNodePtr dx_child(const xmlNode *parent, const char *ns, const char *local)
{
	for (xmlNodePtr n = dx_first(parent); n; n = dx_next(n))
		if (dx_is(n, ns, local))
			return n;
	return NULL;
}

/* ---- raw start-tag scanning ------------------------------------------ */
static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* Offset just past the '>' that ends the start tag at `lt`. */
static size_t start_tag_end(const DxDoc *d, size_t lt)
{
	char q = 0;
	for (size_t i = lt + 1; i < d->len; i++) {
		char ch = d->raw[i];
		if (q) {
			if (ch == q)
				q = 0;
		} else if (ch == '"' || ch == '\'') {
			q = ch;
		} else if (ch == '>') {
			return i + 1;
		}
	}
	return d->len;
}

/* Offset of the first byte of attribute `qname`'s value in the start tag
 * at `lt`, or (size_t)-1. */
static size_t attr_value_off(const DxDoc *d, size_t lt, const char *qname)
{
	size_t qn = strlen(qname), i = lt + 1;
	const char *r = d->raw;
	while (i < d->len && !is_space(r[i]) && r[i] != '>' && r[i] != '/')
		i++;
	for (;;) {
		while (i < d->len && is_space(r[i]))
			i++;
		if (i >= d->len || r[i] == '>' || r[i] == '/')
			return (size_t)-1;
		size_t name = i;
		while (i < d->len && !is_space(r[i]) && r[i] != '=' && r[i] != '>')
			i++;
		size_t name_len = i - name;
		while (i < d->len && is_space(r[i]))
			i++;
		if (i >= d->len || r[i] != '=')
			return (size_t)-1;
		i++;
		while (i < d->len && is_space(r[i]))
			i++;
		if (i >= d->len || (r[i] != '"' && r[i] != '\''))
			return (size_t)-1;
		char q = r[i++];
		if (name_len == qn && memcmp(r + name, qname, qn) == 0)
			return i;
		while (i < d->len && r[i] != q)
			i++;
		i++;
	}
}

static const char *arena_copy(const DxDoc *d, const xmlChar *s)
{
	return ir_strdup(d->ctx->arena, s ? (const char *)s : "");
}

bool dx_attr(const DxDoc *d, const xmlNode *n, const char *ns, const char *local, IrText *out)
{
	xmlAttrPtr a = xmlHasNsProp(n, (const xmlChar *)local, (const xmlChar *)ns);
	if (!a || a->type != XML_ATTRIBUTE_NODE)
		return false;
	if (!ns && a->ns) /* xmlHasNsProp(NULL) may find a namespaced one: no */
		return false;
	xmlChar *v = NULL;
	const xmlChar *val;
	if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
		val = a->children->content;
	else
		val = v = xmlNodeListGetString(n->doc, a->children, 1);
	out->s = arena_copy(d, val);
	out->len = strlen(out->s);
	if (v)
		xmlFree(v);
	out->kind = IR_TEXT_ATTR;
	out->loc = dx_loc(d, n);
	if (n->_private) {
		char qname[256];
		if (a->ns && a->ns->prefix)
			snprintf(qname, sizeof qname, "%s:%s", (const char *)a->ns->prefix, local);
		else
			snprintf(qname, sizeof qname, "%s", local);
		size_t off = attr_value_off(d, node_off(n), qname);
		if (off != (size_t)-1)
			out->loc = ir_loc(d->file, off);
		else
			out->kind = IR_TEXT_NONE;
	}
	return true;
}

const char *dx_attr_str(const DxDoc *d, const xmlNode *n, const char *ns, const char *local)
{
	xmlChar *v = ns ? xmlGetNsProp(n, (const xmlChar *)local, (const xmlChar *)ns)
			: xmlGetNoNsProp(n, (const xmlChar *)local);
	if (!v)
		return NULL;
	const char *s = ir_intern(d->ctx, (const char *)v, (size_t)-1);
	xmlFree(v);
	return s;
}

bool dx_content(const DxDoc *d, const xmlNode *n, IrText *out)
{
	xmlChar *v = xmlNodeGetContent(n);
	out->s = arena_copy(d, v);
	out->len = strlen(out->s);
	if (v)
		xmlFree(v);
	out->kind = IR_TEXT_CONTENT;
	out->loc = dx_loc(d, n);
	if (n->_private)
		out->loc = ir_loc(d->file, start_tag_end(d, node_off(n)));
	return true;
}

/* ---- the property accessor ------------------------------------------- */
static xmlNodePtr property_child(const xmlNode *n, const char *name)
{
	for (xmlNodePtr ch = dx_first(n); ch; ch = dx_next(ch)) {
		if (!dx_is(ch, DX_NS_DTS, "Property"))
			continue;
		xmlAttrPtr a = xmlHasNsProp(ch, (const xmlChar *)"Name", (const xmlChar *)DX_NS_DTS);
		if (a && a->children && a->children->content &&
		    strcmp((const char *)a->children->content, name) == 0)
			return ch;
	}
	return NULL;
}

bool dx_prop(const DxDoc *d, const xmlNode *n, const char *name, IrText *out)
{
	if (!n)
		return false;
	if (dx_attr(d, n, DX_NS_DTS, name, out))
		return true;
	xmlNodePtr p = property_child(n, name);
	return p && dx_content(d, p, out);
}

const char *dx_prop_str(const DxDoc *d, const xmlNode *n, const char *name, const char *def)
{
	IrText t;
	if (!dx_prop(d, n, name, &t))
		return def;
	return t.len < 256 ? ir_intern(d->ctx, t.s, t.len) : t.s;
}

static const char *trim_copy(const IrText *t, char *buf, size_t cap)
{
	size_t a = 0, b = t->len;
	while (a < b && is_space(t->s[a]))
		a++;
	while (b > a && is_space(t->s[b - 1]))
		b--;
	if (b - a >= cap)
		b = a + cap - 1;
	memcpy(buf, t->s + a, b - a);
	buf[b - a] = 0;
	return buf;
}

long dx_text_int(const DxDoc *d, const IrText *t, const char *what, long def, const char *path)
{
	char buf[64];
	const char *s = trim_copy(t, buf, sizeof buf);
	if (!*s)
		return def;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end == 0 && errno != ERANGE && v >= INT_MIN && v <= INT_MAX)
		return v;
	if (*end == 0) { /* every numeric property of a package is a 32-bit int */
		ir_warn(d->ctx, t->loc, IR_W_bad_property, path, "property %s: %s is out of range; using %ld", what, s,
			def);
		return def;
	}
	if (strcasecmp(s, "true") == 0)
		return -1;
	if (strcasecmp(s, "false") == 0)
		return 0;
	ir_warn(d->ctx, t->loc, IR_W_bad_property, path, "property %s: '%s' is not a number; using %ld", what, s,
		def);
	return def;
}

bool dx_text_bool(const DxDoc *d, const IrText *t, const char *what, bool def, const char *path)
{
	char buf[64];
	const char *s = trim_copy(t, buf, sizeof buf);
	if (!*s)
		return def;
	if (strcasecmp(s, "true") == 0 || strcmp(s, "-1") == 0 || strcmp(s, "1") == 0)
		return true;
	if (strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0)
		return false;
	ir_warn(d->ctx, t->loc, IR_W_bad_property, path, "property %s: '%s' is not a boolean; using %s", what, s,
		def ? "True" : "False");
	return def;
}

long dx_prop_int(const DxDoc *d, const xmlNode *n, const char *name, long def, const char *path)
{
	IrText t;
	return dx_prop(d, n, name, &t) ? dx_text_int(d, &t, name, def, path) : def;
}

bool dx_prop_bool(const DxDoc *d, const xmlNode *n, const char *name, bool def, const char *path)
{
	IrText t;
	return dx_prop(d, n, name, &t) ? dx_text_bool(d, &t, name, def, path) : def;
}

/* ---- decoded offset → raw location ------------------------------------ */
static size_t utf8_len(unsigned long cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* Length in raw bytes and in decoded bytes of the reference at r[i] ('&'). */
static size_t entity(const char *r, size_t n, size_t i, size_t *decoded)
{
	size_t j = i + 1;
	while (j < n && r[j] != ';' && j - i < 12)
		j++;
	if (j >= n || r[j] != ';') {
		*decoded = 1;
		return 1;
	}
	*decoded = 1;
	if (r[i + 1] == '#') {
		unsigned long cp = (r[i + 2] == 'x' || r[i + 2] == 'X') ? strtoul(r + i + 3, NULL, 16)
									 : strtoul(r + i + 2, NULL, 10);
		*decoded = utf8_len(cp);
	}
	return j + 1 - i;
}

static bool at(const char *r, size_t n, size_t i, const char *lit)
{
	size_t k = strlen(lit);
	return i + k <= n && memcmp(r + i, lit, k) == 0;
}

IrLoc fe_text_loc(IrCtx *c, const IrText *t, size_t want)
{
	if (t->kind == IR_TEXT_NONE)
		return t->loc;
	if (t->kind == IR_TEXT_VERBATIM)
		return ir_loc(t->loc.file, t->loc.off + want);
	const IrSrcFile *f = ir_file(c, t->loc.file);
	const char *r = f->text;
	size_t n = f->len, i = t->loc.off, got = 0;
	bool content = t->kind == IR_TEXT_CONTENT, cdata = false;
	char quote = !content && i > 0 ? r[i - 1] : 0; /* the attribute's own quote */
	while (i < n) {
		/* markup that decodes to nothing is skipped first, so that an
		 * offset lands on the byte it names */
		if (content && !cdata && at(r, n, i, "<![CDATA[")) {
			i += 9, cdata = true;
			continue;
		}
		if (cdata && at(r, n, i, "]]>")) {
			i += 3, cdata = false;
			continue;
		}
		if (content && !cdata && at(r, n, i, "<!--")) {
			const char *e = strstr(r + i + 4, "-->");
			i = e ? (size_t)(e - r) + 3 : n;
			continue;
		}
		if (got >= want)
			break;
		char ch = r[i];
		size_t raw = 1, dec = 1;
		if (!cdata && ((content && ch == '<') || (!content && ch == quote)))
			break;
		if (ch == '\r' && i + 1 < n && r[i + 1] == '\n')
			raw = 2;
		else if (ch == '&' && !cdata)
			raw = entity(r, n, i, &dec);
		if (got + dec > want)
			break;
		got += dec;
		i += raw;
	}
	return ir_loc(t->loc.file, i);
}
