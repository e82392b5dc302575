/* expr_build.c — the AST builders the expression grammar and lexer call,
 * literal decoding (string escapes, number suffixes), and fe_expr_parse,
 * which runs the reentrant scanner and parser over one buffer. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "expr_internal.h"
#include "expr_parser.h"

typedef void *yyscan_t;
int expr_yylex_init_extra(FeExprParser *extra, yyscan_t *scanner);
int expr_yylex_destroy(yyscan_t scanner);
void *expr_yy_scan_bytes(const char *bytes, int len, yyscan_t scanner);
int expr_yyparse(void *scanner, FeExprParser *p);

/* ---- the function table ---------------------------------------------- */
static const char *const func_names[FE_FN__COUNT] = {
#define FE_X(id, name, lo, hi, args, res) name,
	FE_EXPR_FUNCTIONS(FE_X)
#undef FE_X
};
static const struct { int lo, hi; } func_arity[FE_FN__COUNT] = {
#define FE_X(id, name, lo, hi, args, res) {lo, hi},
	FE_EXPR_FUNCTIONS(FE_X)
#undef FE_X
};

/* Names people write by habit from SQL: say what SSIS offers instead. */
static const struct { const char *name, *hint; } foreign_functions[] = {
	{"IIF", "use the conditional operator: cond ? a : b"},
	{"CASE", "use the conditional operator: cond ? a : b"},
	{"COALESCE", "use REPLACENULL(a, b)"},
	{"NVL", "use REPLACENULL(a, b)"},
	{"IFNULL", "use REPLACENULL(a, b)"},
	{"CONVERT", "use a cast such as (DT_WSTR,20)x"},
	{"CAST", "use a cast such as (DT_WSTR,20)x"},
	{"CONCAT", "use the + operator on strings"},
	{"SUBSTR", "use SUBSTRING(s, position, length)"},
	{"CHARINDEX", "use FINDSTRING(s, search, occurrence)"},
	{"LENGTH", "use LEN(s)"},
	{"NOW", "use GETDATE()"},
};

const char *fe_func_name(FeFunc f)
{
	return f < FE_FN__COUNT ? func_names[f] : "?";
}

static bool func_lookup(const char *name, FeFunc *out)
{
	for (int i = 0; i < FE_FN__COUNT; i++)
		if (strcasecmp(func_names[i], name) == 0) {
			*out = (FeFunc)i;
			return true;
		}
	return false;
}

const char *fe_op_spelling(FeOp op)
{
	static const char *const s[] = {
		[FE_OP_NEG] = "-", [FE_OP_NOT] = "!", [FE_OP_BITNOT] = "~",
		[FE_OP_MUL] = "*", [FE_OP_DIV] = "/", [FE_OP_MOD] = "%", [FE_OP_ADD] = "+", [FE_OP_SUB] = "-",
		[FE_OP_LT] = "<", [FE_OP_GT] = ">", [FE_OP_LE] = "<=", [FE_OP_GE] = ">=", [FE_OP_EQ] = "==",
		[FE_OP_NE] = "!=", [FE_OP_BITAND] = "&", [FE_OP_BITXOR] = "^", [FE_OP_BITOR] = "|",
		[FE_OP_AND] = "&&", [FE_OP_OR] = "||",
	};
	return s[op];
}

/* ---- locations and diagnostics --------------------------------------- */
IrLoc fe_expr_loc(FeExprParser *p, uint32_t off)
{
	if (off > p->len)
		off = (uint32_t)p->len;
	if (p->map)
		return p->map(p->map_arg, off);
	return ir_loc(p->origin.file, p->origin.off + off);
}

void fe_expr_error_at(FeExprParser *p, FeExprSpan at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ir_verror(p->c, fe_expr_loc(p, at.beg), NULL, fmt, ap);
	va_end(ap);
	p->nerrors++;
}

void fe_expr_syntax_error(FeExprParser *p, const char *msg)
{
	if (p->nerrors == 0)
		fe_expr_error_at(p, p->pending_at, "%s", msg);
	p->pending = NULL;
}

static FeExpr *node(FeExprParser *p, FeExprKind k, FeExprSpan at)
{
	FeExpr *e = ir_alloc(p->c->arena, sizeof *e);
	e->kind = k;
	e->loc = fe_expr_loc(p, at.beg);
	e->end = fe_expr_loc(p, at.end);
	return e;
}

const char *fe_build_text(FeExprParser *p, const char *text, size_t n)
{
	return ir_intern(p->c, text, n);
}

/* ---- literals -------------------------------------------------------- */
FeExpr *fe_build_bool(FeExprParser *p, FeExprSpan at, bool v)
{
	FeExpr *e = node(p, FE_E_BOOL, at);
	e->u.boolean = v;
	e->type.dt = IR_DT_BOOL;
	return e;
}

/* 457 -> DT_I4, 785u -> DT_UI4, 986L -> DT_I8, 7945ul -> DT_UI8; hex the same. */
FeExpr *fe_build_integer(FeExprParser *p, FeExprSpan at, const char *text, size_t n, bool hex)
{
	FeExpr *e = node(p, FE_E_INT, at);
	bool u = false, l = false;
	size_t digits = n;
	while (digits > 0 && strchr("uUlL", text[digits - 1])) {
		if (text[digits - 1] == 'u' || text[digits - 1] == 'U')
			u = true;
		else
			l = true;
		digits--;
	}
	const char *d = hex ? text + 2 : text;
	size_t nd = hex ? digits - 2 : digits;
	uint64_t v = 0;
	bool overflow = false;
	for (size_t i = 0; i < nd; i++) {
		unsigned dig = (d[i] >= '0' && d[i] <= '9') ? (unsigned)(d[i] - '0') : (unsigned)((d[i] | 0x20) - 'a' + 10);
		unsigned base = hex ? 16 : 10;
		if (v > (UINT64_MAX - dig) / base)
			overflow = true;
		v = v * base + dig;
	}
	e->u.num.text = ir_intern(p->c, text, n);
	e->u.num.value = v;
	e->u.num.overflow = overflow;
	e->type.dt = u ? (l ? IR_DT_UI8 : IR_DT_UI4) : (l ? IR_DT_I8 : IR_DT_I4);
	return e;
}

/* 5.8 -> DT_NUMERIC(2,1): precision = digits, scale = digits after the point. */
FeExpr *fe_build_decimal(FeExprParser *p, FeExprSpan at, const char *text, size_t n)
{
	FeExpr *e = node(p, FE_E_DECIMAL, at);
	int before = 0, after = 0;
	bool seen_point = false, leading = true;
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '.') {
			seen_point = true;
			continue;
		}
		if (seen_point)
			after++;
		else if (!(leading && text[i] == '0'))
			before++, leading = false;
	}
	e->u.num.text = ir_intern(p->c, text, n);
	e->type.dt = IR_DT_NUMERIC;
	e->type.scale = after;
	e->type.precision = before + after > 0 ? before + after : 1;
	if (e->type.precision > 38) {
		fe_expr_error_at(p, at, "decimal literal '%.*s' has more than 38 digits", (int)n, text);
		return NULL;
	}
	return e;
}

/* f/F -> DT_R4, l/L or no suffix -> DT_R8 (expressions.md §2.5). */
FeExpr *fe_build_real(FeExprParser *p, FeExprSpan at, const char *text, size_t n)
{
	FeExpr *e = node(p, FE_E_REAL, at);
	char last = text[n - 1];
	size_t body = (last == 'f' || last == 'F' || last == 'l' || last == 'L') ? n - 1 : n;
	e->u.num.text = ir_intern(p->c, text, body);
	e->type.dt = (last == 'f' || last == 'F') ? IR_DT_R4 : IR_DT_R8;
	return e;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch |= 0x20;
	return (ch >= 'a' && ch <= 'f') ? ch - 'a' + 10 : -1;
}

static void put_utf8(IrBuf *b, uint32_t cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	ir_buf_put(b, u, n);
}

/* UTF-16 units taken by the UTF-8 sequence that starts with byte ch. */
static int utf16_units(unsigned char ch)
{
	if ((ch & 0xc0) == 0x80)
		return 0;
	return ch >= 0xf0 ? 2 : 1;
}

/* Decodes \a \b \f \n \r \t \v \" \\ and \xhhhh (a UTF-16 unit; a
 * surrogate pair given as two escapes becomes one character). */
FeExpr *fe_build_string(FeExprParser *p, FeExprSpan at, const char *text, size_t n)
{
	static const char simple_from[] = "abfnrtv\"\\", simple_to[] = "\a\b\f\n\r\t\v\"\\";
	IrBuf b = {0};
	int units = 0;
	uint32_t high = 0;   /* a pending high surrogate */
	for (size_t i = 1; i + 1 < n; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == 0) {
			FeExprSpan s = {at.beg + (uint32_t)i, at.beg + (uint32_t)i + 1};
			fe_expr_error_at(p, s, "a string literal cannot contain a NUL character");
			goto fail;
		}
		if (ch != '\\') {
			ir_buf_put(&b, &text[i], 1);
			units += utf16_units(ch);
			continue;
		}
		FeExprSpan esc = {at.beg + (uint32_t)i, at.beg + (uint32_t)i + 2};
		char e = text[++i];
		const char *k = e ? strchr(simple_from, e) : NULL;
		if (k) {
			ir_buf_put(&b, &simple_to[k - simple_from], 1);
			units++;
			continue;
		}
		if (e == 'x') {
			uint32_t cp = 0;
			int j;
			for (j = 0; j < 4 && i + 1 + (size_t)j < n - 1 && hexval(text[i + 1 + j]) >= 0; j++)
				cp = cp * 16 + (uint32_t)hexval(text[i + 1 + j]);
			if (j != 4) {
				fe_expr_error_at(p, esc, "\\x must be followed by exactly four hexadecimal digits");
				goto fail;
			}
			i += 4;
			if (cp == 0) {
				fe_expr_error_at(p, esc, "a string literal cannot contain a NUL character");
				goto fail;
			}
			if (cp >= 0xd800 && cp < 0xdc00) {
				high = cp;
				continue;
			}
			if (cp >= 0xdc00 && cp < 0xe000 && high) {
				put_utf8(&b, 0x10000 + ((high - 0xd800) << 10) + (cp - 0xdc00));
				high = 0;
				units += 2;
				continue;
			}
			if (cp >= 0xd800 && cp < 0xe000) {
				fe_expr_error_at(p, esc, "unpaired UTF-16 surrogate \\x%04X", cp);
				goto fail;
			}
			put_utf8(&b, cp);
			units++;
			continue;
		}
		if (e == '\n' || e == '\r')
			fe_expr_error_at(p, esc, "unknown escape sequence: a backslash before a line break");
		else if ((unsigned char)e >= 0x20 && (unsigned char)e < 0x7f)
			fe_expr_error_at(p, esc, "unknown escape sequence '\\%c' (write \\\\ for a backslash)", e);
		else
			fe_expr_error_at(p, esc, "unknown escape sequence: a backslash before byte 0x%02x", (unsigned char)e);
		goto fail;
	}
	if (high) {
		fe_expr_error_at(p, at, "unpaired UTF-16 surrogate \\x%04X", high);
		goto fail;
	}
	FeExpr *s = node(p, FE_E_STRING, at);
	s->u.str.utf8 = ir_strndup(p->c->arena, b.data ? b.data : "", b.len);
	s->u.str.nbytes = b.len;
	s->u.str.nunits = units;
	s->type.dt = IR_DT_WSTR;
	s->type.length = units;
	ir_buf_free(&b);
	return s;
fail:
	ir_buf_free(&b);
	return NULL;
}

/* ---- names ----------------------------------------------------------- */
FeExpr *fe_build_column(FeExprParser *p, FeExprSpan at, const char *qualifier, const char *name)
{
	FeExpr *e = node(p, FE_E_COLUMN, at);
	e->u.ref.qualifier = qualifier;
	e->u.ref.name = name;
	return e;
}

FeExpr *fe_build_lineage(FeExprParser *p, FeExprSpan at, const char *raw)
{
	FeExpr *e = node(p, FE_E_LINEAGE, at);
	e->u.ref.name = raw;
	return e;
}

/* @X, @[X], @[NS::X], @[$Project::P], @[$P]: split on the first "::". */
FeExpr *fe_build_variable(FeExprParser *p, FeExprSpan at, const char *raw)
{
	FeExpr *e = node(p, FE_E_VARIABLE, at);
	const char *sep = strstr(raw, "::");
	if (sep) {
		e->u.ref.ns = ir_intern(p->c, raw, (size_t)(sep - raw));
		e->u.ref.name = ir_intern(p->c, sep + 2, (size_t)-1);
	} else if (raw[0] == '$') {
		e->u.ref.ns = ir_intern(p->c, "$", 1);
		e->u.ref.name = ir_intern(p->c, raw + 1, (size_t)-1);
	} else {
		e->u.ref.name = raw;
	}
	if (!e->u.ref.name[0]) {
		fe_expr_error_at(p, at, "empty variable name");
		return NULL;
	}
	return e;
}

/* ---- operators ------------------------------------------------------- */
FeExpr *fe_build_unary(FeExprParser *p, FeExprSpan at, FeOp op, FeExpr *a)
{
	FeExpr *e = node(p, FE_E_UNARY, at);
	e->end = a->end;
	e->u.op.op = op;
	e->u.op.a = a;
	e->u.op.op_loc = e->loc;
	return e;
}

FeExpr *fe_build_binary(FeExprParser *p, FeExprSpan op_at, FeOp op, FeExpr *a, FeExpr *b)
{
	FeExpr *e = node(p, FE_E_BINARY, op_at);
	e->u.op.op = op;
	e->u.op.a = a;
	e->u.op.b = b;
	e->u.op.op_loc = e->loc;
	e->loc = a->loc;
	e->end = b->end;
	return e;
}

FeExpr *fe_build_cond(FeExprParser *p, FeExpr *c, FeExpr *t, FeExpr *f)
{
	FeExprSpan none = {0, 0};
	FeExpr *e = node(p, FE_E_COND, none);
	e->loc = c->loc;
	e->end = f->end;
	e->u.cond.c = c;
	e->u.cond.t = t;
	e->u.cond.f = f;
	return e;
}

FeExpr *fe_build_paren(FeExprParser *p, FeExprSpan at, FeExpr *e)
{
	(void)p, (void)at;
	return e;
}

FeExpr *fe_build_assign(FeExprParser *p, FeExprSpan at, FeExpr *var, FeExpr *value)
{
	if (!var)
		return NULL;
	if (!(p->flags & FE_EXPR_ALLOW_ASSIGN)) {
		fe_expr_error_at(p, at, "an assignment is only valid in a For Loop or an Expression Task");
		return NULL;
	}
	FeExpr *e = node(p, FE_E_ASSIGN, at);
	e->u.assign.var = var;
	e->u.assign.value = value;
	return e;
}

/* ---- types in casts and NULL() --------------------------------------- */
int fe_type_nparams(IrDtype dt)
{
	switch (dt) {
	case IR_DT_STR: case IR_DT_NUMERIC:
		return 2;
	case IR_DT_WSTR: case IR_DT_BYTES: case IR_DT_DECIMAL: case IR_DT_TEXT:
	case IR_DT_DBTIME2: case IR_DT_DBTIMESTAMP2: case IR_DT_DBTIMESTAMPOFFSET:
		return 1;
	default:
		return 0;
	}
}

FeTypeSpec *fe_build_typespec(FeExprParser *p, FeExprSpan at, IrDtype dt)
{
	FeTypeSpec *s = ir_alloc(p->c->arena, sizeof *s);
	s->dt = dt;
	s->span = at;
	return s;
}

FeTypeSpec *fe_build_typespec_param(FeExprParser *p, FeTypeSpec *spec, FeExpr *lit, FeExprSpan at)
{
	spec->span.end = at.end;
	if (!lit || lit->kind != FE_E_INT || lit->u.num.overflow || lit->u.num.value > 0x7fffffff) {
		if (!spec->bad_param)
			fe_expr_error_at(p, at, "a type parameter must be an integer literal");
		spec->bad_param = true;
		return spec;
	}
	if (spec->nparams < 4)
		spec->params[spec->nparams] = (long)lit->u.num.value;
	spec->nparams++;
	return spec;
}

/* Checks the parameter count and ranges (expressions.md §2.9). */
static bool typespec_to_type(FeExprParser *p, FeTypeSpec *s, IrType *t)
{
	if (s->bad_param)
		return false;
	int want = fe_type_nparams(s->dt);
	memset(t, 0, sizeof *t);
	t->dt = s->dt;
	if (s->nparams != want) {
		static const char *const forms[] = {
			[IR_DT_STR] = "(DT_STR, length, codepage)", [IR_DT_NUMERIC] = "(DT_NUMERIC, precision, scale)",
			[IR_DT_WSTR] = "(DT_WSTR, length)", [IR_DT_BYTES] = "(DT_BYTES, length)",
			[IR_DT_DECIMAL] = "(DT_DECIMAL, scale)", [IR_DT_TEXT] = "(DT_TEXT, codepage)",
			[IR_DT_DBTIME2] = "(DT_DBTIME2, scale)", [IR_DT_DBTIMESTAMP2] = "(DT_DBTIMESTAMP2, scale)",
			[IR_DT_DBTIMESTAMPOFFSET] = "(DT_DBTIMESTAMPOFFSET, scale)",
		};
		if (want == 0)
			fe_expr_error_at(p, s->span, "%s takes no parameters", ir_dtype_name(s->dt));
		else
			fe_expr_error_at(p, s->span, "%s takes %d parameter%s: %s", ir_dtype_name(s->dt), want,
					 want == 1 ? "" : "s", forms[s->dt]);
		return false;
	}
	long a = s->params[0], b = s->params[1];
	switch (s->dt) {
	case IR_DT_STR:
		if (a < 1 || a > 8000) goto bad_len;
		t->length = (int)a;
		t->codepage = (int)b;
		break;
	case IR_DT_WSTR:
		if (a < 1 || a > 4000) goto bad_len;
		t->length = (int)a;
		break;
	case IR_DT_BYTES:
		if (a < 1 || a > 8000) goto bad_len;
		t->length = (int)a;
		break;
	case IR_DT_NUMERIC:
		if (a < 1 || a > 38 || b < 0 || b > a) {
			fe_expr_error_at(p, s->span, "DT_NUMERIC needs 1 <= precision <= 38 and 0 <= scale <= precision");
			return false;
		}
		t->precision = (int)a;
		t->scale = (int)b;
		break;
	case IR_DT_DECIMAL:
		if (a < 0 || a > 28) {
			fe_expr_error_at(p, s->span, "DT_DECIMAL needs a scale between 0 and 28");
			return false;
		}
		t->precision = 29;
		t->scale = (int)a;
		break;
	case IR_DT_TEXT:
		t->codepage = (int)a;
		break;
	case IR_DT_DBTIME2: case IR_DT_DBTIMESTAMP2: case IR_DT_DBTIMESTAMPOFFSET:
		if (a < 0 || a > 7) {
			fe_expr_error_at(p, s->span, "%s needs a scale between 0 and 7", ir_dtype_name(s->dt));
			return false;
		}
		t->scale = (int)a;
		break;
	default:
		break;
	}
	return true;
bad_len:
	fe_expr_error_at(p, s->span, "%s length %ld is out of range (1 to %d)", ir_dtype_name(s->dt), a,
			 s->dt == IR_DT_WSTR ? 4000 : 8000);
	return false;
}

FeExpr *fe_build_cast(FeExprParser *p, FeExprSpan at, FeTypeSpec *spec, FeExpr *e)
{
	FeExpr *n = node(p, FE_E_CAST, at);
	if (!typespec_to_type(p, spec, &n->u.cast.to))
		return NULL;
	n->end = e->end;
	n->u.cast.e = e;
	return n;
}

FeExpr *fe_build_null(FeExprParser *p, FeExprSpan at, FeTypeSpec *spec)
{
	FeExpr *n = node(p, FE_E_NULL, at);
	if (!typespec_to_type(p, spec, &n->u.null.type))
		return NULL;
	n->u.null.type_loc = fe_expr_loc(p, spec->span.beg);
	return n;
}

/* ---- calls ----------------------------------------------------------- */
FeArgList *fe_build_args(FeExprParser *p, FeArgList *list, FeExpr *e)
{
	if (!list)
		list = ir_alloc(p->c->arena, sizeof *list);
	if (list->n == list->cap) {
		int cap = list->cap ? list->cap * 2 : 4;
		FeExpr **items = ir_alloc(p->c->arena, sizeof *items * (size_t)cap);
		if (list->n)
			memcpy(items, list->items, sizeof *items * (size_t)list->n);
		list->items = items;
		list->cap = cap;
	}
	list->items[list->n++] = e;
	return list;
}

FeExpr *fe_build_call(FeExprParser *p, FeExprSpan name_at, FeExprSpan close_at, const char *name, FeArgList *args)
{
	FeFunc fn;
	if (!func_lookup(name, &fn)) {
		for (size_t i = 0; i < sizeof foreign_functions / sizeof *foreign_functions; i++)
			if (strcasecmp(foreign_functions[i].name, name) == 0) {
				fe_expr_error_at(p, name_at, "unknown function '%s'; %s", name, foreign_functions[i].hint);
				return NULL;
			}
		fe_expr_error_at(p, name_at, "unknown function '%s'", name);
		return NULL;
	}
	int n = args ? args->n : 0;
	if (n < func_arity[fn].lo || n > func_arity[fn].hi) {
		int want = func_arity[fn].lo;
		fe_expr_error_at(p, name_at, "%s takes %d argument%s, not %d", func_names[fn], want, want == 1 ? "" : "s", n);
		return NULL;
	}
	FeExpr *e = node(p, FE_E_CALL, name_at);
	e->end = fe_expr_loc(p, close_at.end);
	e->u.call.fn = fn;
	e->u.call.args = args ? args->items : NULL;
	e->u.call.nargs = n;
	return e;
}

/* ---- the entry point -------------------------------------------------- */
FeExpr *fe_expr_parse(IrCtx *c, const char *text, size_t len, IrLoc origin,
		      FeExprLocMap map, void *map_arg, unsigned flags)
{
	FeExprParser p = {.c = c, .text = text, .len = len, .origin = origin, .map = map, .map_arg = map_arg,
			  .flags = flags};
	if (len > 0x7fffffff) {
		ir_error(c, origin, NULL, "expression is too long");
		return NULL;
	}
	yyscan_t scanner;
	if (expr_yylex_init_extra(&p, &scanner) != 0)
		ir_die("out of memory");
	expr_yy_scan_bytes(text, (int)len, scanner);
	int rc = expr_yyparse(scanner, &p);
	expr_yylex_destroy(scanner);
	if (rc != 0 || p.nerrors > 0 || !p.root) {
		if (p.nerrors == 0)
			fe_expr_error_at(&p, p.pending_at, "%s", p.pending ? p.pending : "invalid expression");
		return NULL;
	}
	p.root->is_root = true;
	return p.root;
}
