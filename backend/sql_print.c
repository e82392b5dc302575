/* sql_print.c — prints a SQL expression tree in one dialect: operator and
 * function spellings from dialects.def, identifiers and strings quoted by
 * the dialect's rules, T-SQL's bit-versus-predicate split, and dbt macro
 * calls either as Jinja ({{ ssis_x('...') }}) or expanded inline. */
#include <string.h>

#include "dialect.h"

/* ---- the tables ------------------------------------------------------- */
static const struct {
	const char *name, *adapter;
	bool has_bool;
	const char *quotes, *str_prefix;
	bool str_backslash;
} dialects[BE__NDIALECTS] = {
#define BE_DIALECT(id, name, adapter, has_bool, quotes, str_prefix, str_backslash) \
	[BE_##id] = {name, adapter, has_bool, quotes, str_prefix, str_backslash},
#include "dialects.def"
#undef BE_DIALECT
};

static const struct {
	const char *key;
	const char *tmpl[BE__NDIALECTS];
} spellings[] = {
#define BE_SQL(key, ...) {key, {__VA_ARGS__}},
#include "dialects.def"
#undef BE_SQL
};
enum { NSPELLINGS = sizeof spellings / sizeof *spellings };

static const struct {
	IrDtype dt;
	const char *tmpl[BE__NDIALECTS];
} types[] = {
#define BE_TYPE(dt, ...) {IR_##dt, {__VA_ARGS__}},
#include "dialects.def"
#undef BE_TYPE
};
enum { NTYPES = sizeof types / sizeof *types };

bool be_dialect_lookup(const char *name, BeDialect *out)
{
	for (int d = 0; d < BE__NDIALECTS; d++)
		if (strcmp(dialects[d].name, name) == 0) {
			*out = (BeDialect)d;
			return true;
		}
	return false;
}

const char *be_dialect_name(BeDialect d)
{
	return dialects[d].name;
}

const char *be_dialect_adapter(BeDialect d)
{
	return dialects[d].adapter;
}

const char *be_dialect_list(void)
{
	static const char list[] =
#define BE_DIALECT(id, name, ...) ", " name
#include "dialects.def"
#undef BE_DIALECT
		;
	return list + 2;
}

const char *be_dialect_template(BeDialect d, const char *key)
{
	for (int i = 0; i < NSPELLINGS; i++)
		if (strcmp(spellings[i].key, key) == 0)
			return spellings[i].tmpl[d];
	return NULL;
}

bool be_dialect_has_key(const char *key)
{
	return be_dialect_template(BE_DUCKDB, key) != NULL;
}

/* ---- quoting ---------------------------------------------------------- */
void be_sql_quote_ident(IrBuf *out, BeDialect d, const char *name)
{
	char open = dialects[d].quotes[0], close = dialects[d].quotes[1];
	ir_buf_put(out, &open, 1);
	for (const char *p = name; *p; p++) {
		ir_buf_put(out, p, 1);
		if (*p == close)
			ir_buf_put(out, p, 1);
	}
	ir_buf_put(out, &close, 1);
}

void be_sql_quote_string(IrBuf *out, BeDialect d, const char *utf8)
{
	ir_buf_puts(out, dialects[d].str_prefix);
	ir_buf_puts(out, "'");
	for (const char *p = utf8; *p; p++) {
		if (*p == '\'' || (*p == '\\' && dialects[d].str_backslash))
			ir_buf_put(out, p, 1);
		ir_buf_put(out, p, 1);
	}
	ir_buf_puts(out, "'");
}

void be_sql_type(IrBuf *out, BeDialect d, IrType t)
{
	const char *tmpl = NULL;
	for (int i = 0; i < NTYPES; i++)
		if (types[i].dt == t.dt)
			tmpl = types[i].tmpl[d];
	if (!tmpl)
		ir_die("no SQL type for %s", ir_dtype_name(t.dt));
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '(' && strncmp(p, "(%L)", 4) == 0 && t.length <= 0) {
			p += 3;
			continue;
		}
		if (*p != '%' || !p[1]) {
			ir_buf_put(out, p, 1);
			continue;
		}
		switch (*++p) {
		case 'P': ir_buf_printf(out, "%d", t.precision > 0 ? t.precision : 18); break;
		case 'S': ir_buf_printf(out, "%d", t.scale); break;
		case 'Q': ir_buf_printf(out, "%d", t.scale > 6 ? 6 : t.scale); break;
		case 'L': ir_buf_printf(out, "%d", t.length); break;
		case 'M':
			if (t.length > 0)
				ir_buf_printf(out, "%d", t.length);
			else
				ir_buf_puts(out, "max");
			break;
		default: ir_buf_put(out, p, 1); break;
		}
	}
}

/* ---- the printer ------------------------------------------------------ */
/* In Jinja mode a macro argument is a Jinja expression: SQL text becomes
 * string literals joined with ~ to nested macro calls. */
typedef struct Printer {
	const BePrintOpts *o;
	IrBuf *out;
	bool jstr;        /* inside a Jinja macro argument */
	bool in_quote;    /* a Jinja string literal is open */
	bool need_tilde;  /* something was emitted in this argument */
} Printer;

static void emit(Printer *p, const char *s, size_t n)
{
	if (!p->jstr) {
		ir_buf_put(p->out, s, n);
		return;
	}
	if (n == 0)
		return;
	if (!p->in_quote) {
		if (p->need_tilde)
			ir_buf_puts(p->out, " ~ ");
		ir_buf_puts(p->out, "'");
		p->in_quote = true;
		p->need_tilde = true;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'' || s[i] == '\\')
			ir_buf_puts(p->out, "\\");
		ir_buf_put(p->out, &s[i], 1);
	}
}

static void emits(Printer *p, const char *s)
{
	emit(p, s, strlen(s));
}

/* Text that Jinja would interpret ({{, {%, {#) is wrapped in a raw block
 * when it is printed outside a macro argument. */
static void emit_user_text(Printer *p, const char *s, size_t n)
{
	bool jinja_like = false;
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == '{' && (s[i + 1] == '{' || s[i + 1] == '%' || s[i + 1] == '#'))
			jinja_like = true;
	if (!jinja_like || p->jstr || p->o->inline_macros) {
		emit(p, s, n);
		return;
	}
	emits(p, "{% raw %}");
	emit(p, s, n);
	emits(p, "{% endraw %}");
}

static void print_value(Printer *p, const IrSqlx *e);
static void print_pred(Printer *p, const IrSqlx *e);

static bool has_bool(const Printer *p)
{
	return dialects[p->o->dialect].has_bool;
}

static bool is_pred_form(const IrSqlx *e)
{
	return (e->kind == IR_SQLX_OP && ir_sqlx_op_is_predicate(e->u.op.op)) || e->kind == IR_SQLX_IS_NULL ||
	       e->kind == IR_SQLX_DISTINCT;
}

static void print_macro_call(Printer *p, const char *name, IrSqlx *const *args, int nargs);

/* $1..$9 are arguments; "@name" is a macro call with all of them. */
static void expand_template(Printer *p, const char *tmpl, IrSqlx *const *args, int nargs, bool pred_args)
{
	if (tmpl[0] == '@') {
		print_macro_call(p, tmpl + 1, args, nargs);
		return;
	}
	const char *run = tmpl;
	for (const char *q = tmpl; *q; q++) {
		if (q[0] != '$' || q[1] < '1' || q[1] > '9')
			continue;
		int i = q[1] - '1';
		emit(p, run, (size_t)(q - run));
		if (i >= nargs)
			ir_die("template '%s' uses $%d but has %d arguments", tmpl, i + 1, nargs);
		if (pred_args)
			print_pred(p, args[i]);
		else
			print_value(p, args[i]);
		run = q + 2;
		q++;
	}
	emits(p, run);
}

static void print_macro_inline(Printer *p, const BeMacro *m, IrSqlx *const *args, int nargs)
{
	const char *body = m->body[p->o->dialect];
	const char *run = body;
	for (const char *q = body; *q; q++) {
		if (strncmp(q, "{{ ", 3) != 0)
			continue;
		const char *name = q + 3, *end = strstr(name, " }}");
		IR_ASSERT(end);
		emit(p, run, (size_t)(q - run));
		/* the parameter's index in "a, b, c" */
		int idx = 0;
		const char *param = m->params;
		size_t n = (size_t)(end - name);
		while (!(strncmp(param, name, n) == 0 && (param[n] == ',' || param[n] == 0))) {
			param = strchr(param, ',');
			IR_ASSERT(param);
			param += 2;
			idx++;
		}
		IR_ASSERT(idx < nargs);
		emits(p, "(");
		print_value(p, args[idx]);
		emits(p, ")");
		run = end + 3;
		q = end + 2;
	}
	emits(p, run);
}

static void print_macro_call(Printer *p, const char *name, IrSqlx *const *args, int nargs)
{
	const BeMacro *m = be_macro_lookup(name);
	if (!m)
		ir_die("no macro ssis_%s", name);
	if (p->o->inline_macros) {
		print_macro_inline(p, m, args, nargs);
		return;
	}
	if (!p->jstr) {
		ir_buf_printf(p->out, "{{ ssis_%s(", name);
	} else {
		if (p->in_quote)
			ir_buf_puts(p->out, "'");
		if (p->need_tilde)
			ir_buf_puts(p->out, " ~ ");
		ir_buf_printf(p->out, "ssis_%s(", name);
	}
	Printer saved = *p;
	for (int i = 0; i < nargs; i++) {
		if (i)
			ir_buf_puts(p->out, ", ");
		p->jstr = true;
		p->in_quote = false;
		p->need_tilde = false;
		print_value(p, args[i]);
		if (p->in_quote)
			ir_buf_puts(p->out, "'");
		if (!p->need_tilde)
			ir_buf_puts(p->out, "''");
	}
	*p = saved;
	if (!p->jstr) {
		ir_buf_puts(p->out, ") }}");
	} else {
		ir_buf_puts(p->out, ")");
		p->in_quote = false;
		p->need_tilde = true;
	}
}

static void print_func(Printer *p, const IrSqlx *e)
{
	const char *tmpl = be_dialect_template(p->o->dialect, e->u.call.name);
	if (tmpl) {
		expand_template(p, tmpl, e->u.call.args, e->u.call.nargs, false);
		return;
	}
	/* A function the table does not know is printed as called (quoted if
	 * its name is not a plain identifier). */
	const char *n = e->u.call.name;
	bool plain = (n[0] >= 'A' && n[0] <= 'Z') || (n[0] >= 'a' && n[0] <= 'z') || n[0] == '_';
	for (const char *q = n; *q && plain; q++)
		plain = (*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '_';
	if (plain) {
		emits(p, n);
	} else {
		IrBuf b = {0};
		be_sql_quote_ident(&b, p->o->dialect, n);
		emit_user_text(p, b.data, b.len);
		ir_buf_free(&b);
	}
	emits(p, "(");
	for (int i = 0; i < e->u.call.nargs; i++) {
		if (i)
			emits(p, ", ");
		print_value(p, e->u.call.args[i]);
	}
	emits(p, ")");
}

static void print_literal(Printer *p, const IrSqlx *e, bool pred)
{
	switch (e->u.lit.k) {
	case IR_SQLX_LIT_INT: case IR_SQLX_LIT_DECIMAL: case IR_SQLX_LIT_FLOAT:
		if (e->u.lit.text[0] == '-') {
			emits(p, "(");
			emits(p, e->u.lit.text);
			emits(p, ")");
		} else {
			emits(p, e->u.lit.text);
		}
		return;
	case IR_SQLX_LIT_STRING: {
		IrBuf b = {0};
		be_sql_quote_string(&b, p->o->dialect, e->u.lit.text);
		emit_user_text(p, b.data, b.len);
		ir_buf_free(&b);
		return;
	}
	case IR_SQLX_LIT_BOOL:
		if (has_bool(p))
			emits(p, e->u.lit.boolean ? "TRUE" : "FALSE");
		else if (pred)
			emits(p, e->u.lit.boolean ? "(1 = 1)" : "(1 = 0)");
		else
			emits(p, e->u.lit.boolean ? "CAST(1 AS bit)" : "CAST(0 AS bit)");
		return;
	case IR_SQLX_LIT_NULL:
		emits(p, "NULL");
		return;
	}
}

static void print_case(Printer *p, const IrSqlx *e)
{
	emits(p, "(CASE");
	if (e->u.kase.operand) {
		emits(p, " ");
		print_value(p, e->u.kase.operand);
	}
	for (int i = 0; i < e->u.kase.n; i++) {
		emits(p, " WHEN ");
		if (e->u.kase.operand)
			print_value(p, e->u.kase.when[i]);
		else
			print_pred(p, e->u.kase.when[i]);
		emits(p, " THEN ");
		print_value(p, e->u.kase.then[i]);
	}
	if (e->u.kase.els) {
		emits(p, " ELSE ");
		print_value(p, e->u.kase.els);
	}
	emits(p, " END)");
}

static void print_cast(Printer *p, const IrSqlx *e)
{
	bool try_ = e->u.cast.try_cast && p->o->dialect != BE_POSTGRES;
	emits(p, try_ ? "TRY_CAST(" : "CAST(");
	print_value(p, e->u.cast.e);
	emits(p, " AS ");
	IrBuf b = {0};
	if (e->u.cast.to.raw)
		ir_buf_puts(&b, e->u.cast.to.raw);
	else
		be_sql_type(&b, p->o->dialect, e->u.cast.to.ssis);
	emit(p, b.data, b.len);
	ir_buf_free(&b);
	emits(p, ")");
}

static void print_var(Printer *p, const IrSqlx *e)
{
	IrBuf b = {0};
	ir_buf_puts(&b, "var('");
	for (const char *q = e->u.var.name; *q; q++) {
		if (*q == '\'' || *q == '\\')
			ir_buf_puts(&b, "\\");
		ir_buf_put(&b, q, 1);
	}
	ir_buf_puts(&b, "')");
	if (!p->jstr && e->u.var.quoted) {
		ir_buf_printf(p->out, "'{{ (%.*s | string).replace(\"'\", \"''\") }}'", (int)b.len, b.data);
	} else if (!p->jstr) {
		ir_buf_printf(p->out, "{{ %.*s }}", (int)b.len, b.data);
	} else {
		if (p->in_quote)
			ir_buf_puts(p->out, "'");
		if (p->need_tilde)
			ir_buf_puts(p->out, " ~ ");
		ir_buf_put(p->out, b.data, b.len);
		p->in_quote = false;
		p->need_tilde = true;
	}
	ir_buf_free(&b);
}

/* A divisor that cannot be zero needs no division-by-zero guard. */
static bool nonzero_literal(const IrSqlx *e)
{
	if (e->kind == IR_SQLX_CAST)
		e = e->u.cast.e;
	if (e->kind != IR_SQLX_LITERAL || e->u.lit.k == IR_SQLX_LIT_STRING || !e->u.lit.text)
		return false;
	if (e->u.lit.k == IR_SQLX_LIT_BOOL || e->u.lit.k == IR_SQLX_LIT_NULL)
		return false;
	for (const char *q = e->u.lit.text; *q && *q != 'E' && *q != 'e'; q++)
		if (*q >= '1' && *q <= '9')
			return true;
	return false;
}

/* Prints e as it is: predicate or value, whichever it naturally is. */
static void print_node(Printer *p, const IrSqlx *e, bool pred)
{
	switch (e->kind) {
	case IR_SQLX_COLUMN: {
		IrBuf b = {0};
		if (e->u.column.qualifier) {
			be_sql_quote_ident(&b, p->o->dialect, e->u.column.qualifier);
			ir_buf_puts(&b, ".");
		}
		be_sql_quote_ident(&b, p->o->dialect, e->u.column.name);
		emit_user_text(p, b.data, b.len);
		ir_buf_free(&b);
		return;
	}
	case IR_SQLX_LITERAL:
		print_literal(p, e, pred);
		return;
	case IR_SQLX_FUNC:
		print_func(p, e);
		return;
	case IR_SQLX_MACRO:
		print_macro_call(p, e->u.call.name, e->u.call.args, e->u.call.nargs);
		return;
	case IR_SQLX_OP: {
		IrSqlxOp op = e->u.op.op;
		IrSqlx *args[2] = {e->u.op.a, e->u.op.b};
		const char *tmpl = NULL;
		if ((op == IR_SQLX_DIV || op == IR_SQLX_IDIV || op == IR_SQLX_MOD) && nonzero_literal(e->u.op.b))
			tmpl = be_dialect_template(p->o->dialect,
						   op == IR_SQLX_DIV ? "div_nz" : op == IR_SQLX_IDIV ? "idiv_nz" : "mod_nz");
		if (!tmpl)
			tmpl = be_dialect_template(p->o->dialect, ir_sqlx_op_key(op));
		IR_ASSERT(tmpl);
		expand_template(p, tmpl, args, ir_sqlx_op_arity(op), op == IR_SQLX_AND || op == IR_SQLX_OR || op == IR_SQLX_NOT);
		return;
	}
	case IR_SQLX_CASE:
		print_case(p, e);
		return;
	case IR_SQLX_CAST:
		print_cast(p, e);
		return;
	case IR_SQLX_IS_NULL:
		emits(p, "(");
		print_value(p, e->u.is.a);
		emits(p, e->u.is.negated ? " IS NOT NULL)" : " IS NULL)");
		return;
	case IR_SQLX_DISTINCT:
		emits(p, "(");
		print_value(p, e->u.is.a);
		emits(p, e->u.is.negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ");
		print_value(p, e->u.is.b);
		emits(p, ")");
		return;
	case IR_SQLX_VAR:
		print_var(p, e);
		return;
	}
}

/* T-SQL has no boolean values: a predicate in value position becomes a bit. */
static void print_value(Printer *p, const IrSqlx *e)
{
	if (has_bool(p) || !is_pred_form(e)) {
		print_node(p, e, false);
		return;
	}
	emits(p, "(CASE WHEN ");
	print_node(p, e, true);
	emits(p, " THEN CAST(1 AS bit) WHEN NOT ");
	print_node(p, e, true);
	emits(p, " THEN CAST(0 AS bit) END)");
}

/* ... and a bit in predicate position is compared with 1. */
static void print_pred(Printer *p, const IrSqlx *e)
{
	if (has_bool(p) || is_pred_form(e) || !e->boolean || e->kind == IR_SQLX_LITERAL) {
		print_node(p, e, true);
		return;
	}
	emits(p, "(");
	print_node(p, e, false);
	emits(p, " = 1)");
}

void be_sql_print(IrBuf *out, const IrSqlx *e, const BePrintOpts *o)
{
	Printer p = {.o = o, .out = out};
	if (o->predicate)
		print_pred(&p, e);
	else
		print_value(&p, e);
}
