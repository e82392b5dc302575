/* tsql_print.c — prints a T-SQL query or expression (ir/sqlast.h) in one
 * dialect: identifiers quoted by the dialect's rules keeping their case,
 * functions and operators spelled through the same table as the SSIS
 * expression printer (dialects.def), `+` decided between addition and
 * concatenation by what the operands are known to be, TOP as LIMIT, APPLY
 * as LATERAL.  Whatever has no translation is counted and the first one
 * reported with its location; the caller turns that into a warning and a
 * placeholder. */
#include <ctype.h>
#include <string.h>

#include "dialect.h"

typedef struct TP {
	IrArena *a;
	IrBuf *out;
	BeDialect d;
	const BeTsqlHooks *h;
	BeTsqlGap *first;
	int ngaps;
	IrVec ctes;   /* SqlCte*: the CTEs in scope (not tables to resolve) */
	int depth;    /* of known() through CTE columns */
} TP;

static void expr(TP *p, const SqlExpr *e);
static void query(TP *p, const SqlQuery *q);

static void gap(TP *p, IrLoc loc, const char *what)
{
	if (p->ngaps++ == 0 && p->first) {
		p->first->loc = loc;
		p->first->what = what;
	}
}

static void puts_(TP *p, const char *s) { ir_buf_puts(p->out, s); }

static bool jinja_like(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == '{' && (s[i + 1] == '{' || s[i + 1] == '%' || s[i + 1] == '#'))
			return true;
	return false;
}

/* Text taken from the package: Jinja never sees it as a template. */
static void put_user(TP *p, const IrBuf *b)
{
	bool raw = jinja_like(b->data, b->len);
	if (raw)
		puts_(p, "{% raw %}");
	ir_buf_put(p->out, b->data, b->len);
	if (raw)
		puts_(p, "{% endraw %}");
}

static void ident(TP *p, const char *name)
{
	IrBuf b = {0};
	be_sql_quote_ident(&b, p->d, name);
	put_user(p, &b);
	ir_buf_free(&b);
}

static void string_lit(TP *p, const char *s)
{
	IrBuf b = {0};
	be_sql_quote_string(&b, p->d, s);
	put_user(p, &b);
	ir_buf_free(&b);
}

static bool ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

static const char *last_part(const SqlName *n)
{
	return n->parts[n->nparts - 1];
}

/* A multi-part name: server and database are dropped (one database per
 * project), schema and object quoted. */
static void qualified_name(TP *p, const SqlName *n, int keep)
{
	int from = n->nparts > keep ? n->nparts - keep : 0;
	bool any = false;
	for (int i = from; i < n->nparts; i++) {
		if (!*n->parts[i])
			continue;
		if (any)
			puts_(p, ".");
		ident(p, n->parts[i]);
		any = true;
	}
}

/* ---- types --------------------------------------------------------------- */
/* T-SQL type names and the SSIS type each has the same values as
 * (types.md §2); lengths and precisions come from the type's arguments. */
static const struct {
	const char *name;
	IrDtype dt;
	bool sized;     /* (n) is a length */
	bool scaled;    /* (p, s) */
} tsql_types[] = {
	{"bit", IR_DT_BOOL, 0, 0}, {"tinyint", IR_DT_UI1, 0, 0}, {"smallint", IR_DT_I2, 0, 0},
	{"int", IR_DT_I4, 0, 0}, {"integer", IR_DT_I4, 0, 0}, {"bigint", IR_DT_I8, 0, 0},
	{"real", IR_DT_R4, 0, 0}, {"float", IR_DT_R8, 0, 0}, {"money", IR_DT_CY, 0, 0},
	{"smallmoney", IR_DT_CY, 0, 0}, {"decimal", IR_DT_NUMERIC, 0, 1}, {"numeric", IR_DT_NUMERIC, 0, 1},
	{"char", IR_DT_STR, 1, 0}, {"varchar", IR_DT_STR, 1, 0}, {"nchar", IR_DT_WSTR, 1, 0},
	{"nvarchar", IR_DT_WSTR, 1, 0}, {"text", IR_DT_TEXT, 0, 0}, {"ntext", IR_DT_NTEXT, 0, 0},
	{"sysname", IR_DT_WSTR, 0, 0}, {"date", IR_DT_DBDATE, 0, 0}, {"time", IR_DT_DBTIME2, 0, 1},
	{"datetime", IR_DT_DBTIMESTAMP, 0, 0}, {"smalldatetime", IR_DT_DBTIMESTAMP, 0, 0},
	{"datetime2", IR_DT_DBTIMESTAMP2, 0, 1}, {"datetimeoffset", IR_DT_DBTIMESTAMPOFFSET, 0, 1},
	{"uniqueidentifier", IR_DT_GUID, 0, 0}, {"binary", IR_DT_BYTES, 1, 0}, {"varbinary", IR_DT_BYTES, 1, 0},
	{"image", IR_DT_IMAGE, 0, 0},
};

static bool sql_type_to_ir(const SqlType *t, IrType *out)
{
	if (!t || !t->name || t->name->nparts != 1)
		return false;
	const char *n = t->name->parts[0];
	for (size_t i = 0; i < sizeof tsql_types / sizeof *tsql_types; i++) {
		if (!ieq(tsql_types[i].name, n))
			continue;
		memset(out, 0, sizeof *out);
		out->dt = tsql_types[i].dt;
		if (tsql_types[i].sized) {
			/* char/varchar without a length is 30 long in CAST, 1 in a declaration */
			out->length = t->nargs ? (int)t->args[0] : 30;
			if (t->nargs && t->args[0] < 0)
				out->dt = out->dt == IR_DT_WSTR ? IR_DT_NTEXT : out->dt == IR_DT_STR ? IR_DT_TEXT : IR_DT_IMAGE;
		} else if (tsql_types[i].scaled && out->dt == IR_DT_NUMERIC) {
			out->precision = t->nargs ? (int)t->args[0] : 18;
			out->scale = t->nargs > 1 ? (int)t->args[1] : 0;
		} else if (tsql_types[i].scaled) {
			out->scale = t->nargs ? (int)t->args[0] : 7;
		}
		if (ieq(n, "sysname"))
			out->length = 128;
		return true;
	}
	return false;
}

static void type_name(TP *p, const SqlType *t)
{
	IrType it;
	if (!sql_type_to_ir(t, &it)) {
		gap(p, t->loc, ir_sprintf(p->a, "the type %s", t->name ? last_part(t->name) : "?"));
		puts_(p, "unknown_type");
		return;
	}
	be_sql_type(p->out, p->d, it);
}

/* ---- what an operand is known to be ------------------------------------------ */
typedef enum Known { K_UNKNOWN, K_STRING, K_INTEGER, K_OTHER } Known;

static Known known_dtype(IrDtype dt)
{
	if (ir_dtype_is_string(dt))
		return K_STRING;
	if (ir_dtype_is_integer(dt))
		return K_INTEGER;
	return K_OTHER;
}

/* String functions: their result is a string whatever the arguments. */
static const char *const string_functions[] = {
	"LEFT", "RIGHT", "SUBSTRING", "LTRIM", "RTRIM", "TRIM", "UPPER", "LOWER", "REPLACE", "CONCAT",
	"REPLICATE", "REVERSE", "STR", "CHAR", "NCHAR", "SPACE", "FORMAT", "STUFF", "QUOTENAME", "DATENAME",
};
static const char *const integer_functions[] = {
	"LEN", "CHARINDEX", "DATEDIFF", "DATEPART", "YEAR", "MONTH", "DAY", "ROW_NUMBER", "RANK",
	"DENSE_RANK", "NTILE", "COUNT",
};

static bool in_names(const char *n, const char *const *list, size_t k)
{
	for (size_t i = 0; i < k; i++)
		if (ieq(n, list[i]))
			return true;
	return false;
}

static Known known(TP *p, const SqlExpr *e);

/* A column of a CTE in scope is what its select item is. */
static Known cte_column(TP *p, const char *name)
{
	for (size_t i = p->ctes.len; i-- > 0;) {
		const SqlCte *c = p->ctes.items[i];
		if (c->query->kind != SQL_Q_SELECT || c->columns.len)
			continue;
		const IrVec *items = &c->query->select->items;
		for (size_t k = 0; k < items->len; k++) {
			const SqlSelectItem *it = items->items[k];
			const char *n = it->alias ? it->alias
				: it->expr->kind == SQL_E_COLUMN ? last_part(it->expr->name) : NULL;
			if (n && ieq(n, name) && p->depth < 8) {
				p->depth++;
				Known r = known(p, it->expr);
				p->depth--;
				return r;
			}
		}
	}
	return K_UNKNOWN;
}

static Known known(TP *p, const SqlExpr *e)
{
	IrType t;
	switch (e->kind) {
	case SQL_E_STRING:
		return K_STRING;
	case SQL_E_NUMBER:
		return strpbrk(e->text, ".eE") ? K_OTHER : K_INTEGER;
	case SQL_E_PAREN: case SQL_E_COLLATE:
		return known(p, e->a);
	case SQL_E_CAST: case SQL_E_CONVERT:
		return sql_type_to_ir(e->type, &t) ? known_dtype(t.dt) : K_UNKNOWN;
	case SQL_E_COLUMN:
		if (p->h && p->h->column_type && p->h->column_type(p->h->arg, e->name, &t))
			return known_dtype(t.dt);
		return e->name->nparts == 1 ? cte_column(p, e->name->parts[0]) : K_UNKNOWN;
	case SQL_E_BINARY_OP:
		if (e->op == SQL_OP_ADD) {
			Known a = known(p, e->a), b = known(p, e->b);
			if (a == K_STRING || b == K_STRING)
				return K_STRING;
			return a == K_INTEGER && b == K_INTEGER ? K_INTEGER : a == K_UNKNOWN || b == K_UNKNOWN ? K_UNKNOWN : K_OTHER;
		}
		if (e->op == SQL_OP_SUB || e->op == SQL_OP_MUL || e->op == SQL_OP_DIV || e->op == SQL_OP_MOD) {
			Known a = known(p, e->a), b = known(p, e->b);
			return a == K_INTEGER && b == K_INTEGER ? K_INTEGER : K_OTHER;
		}
		return K_OTHER;
	case SQL_E_CASE:
		for (size_t i = 0; i < e->list.len; i++) {
			Known k = known(p, IR_VEC_AT(e->list, SqlExpr, i)->c);
			if (k != K_UNKNOWN)
				return k;
		}
		return e->c ? known(p, e->c) : K_UNKNOWN;
	case SQL_E_CALL:
		if (!e->name || e->name->nparts != 1)
			return K_UNKNOWN;
		if (in_names(last_part(e->name), string_functions, sizeof string_functions / sizeof *string_functions))
			return K_STRING;
		if (in_names(last_part(e->name), integer_functions, sizeof integer_functions / sizeof *integer_functions))
			return K_INTEGER;
		if ((ieq(last_part(e->name), "ISNULL") || ieq(last_part(e->name), "COALESCE") ||
		     ieq(last_part(e->name), "IIF")) && e->list.len >= 2) {
			for (size_t i = ieq(last_part(e->name), "IIF") ? 1 : 0; i < e->list.len; i++) {
				Known k = known(p, IR_VEC_AT(e->list, SqlExpr, i));
				if (k != K_UNKNOWN)
					return k;
			}
		}
		return K_UNKNOWN;
	default:
		return K_UNKNOWN;
	}
}

/* ---- templates of dialects.def with T-SQL operands ------------------------------ */
static const SqlExpr *arg_at(const SqlExpr *e, size_t i)
{
	return IR_VEC_AT(e->list, SqlExpr, i);
}

/* $1..$9 are args[0..8]; "@macro" rows need the SSIS macro and are not
 * used for T-SQL. */
static bool expand(TP *p, const char *key, const SqlExpr *const *args, size_t nargs, IrLoc loc)
{
	const char *tmpl = be_dialect_template(p->d, key);
	if (!tmpl || tmpl[0] == '@') {
		gap(p, loc, ir_sprintf(p->a, "no %s spelling of %s", be_dialect_name(p->d), key));
		puts_(p, "NULL");
		return false;
	}
	const char *run = tmpl;
	for (const char *q = tmpl; *q; q++) {
		if (q[0] != '$' || q[1] < '1' || q[1] > '9')
			continue;
		size_t i = (size_t)(q[1] - '1');
		ir_buf_put(p->out, run, (size_t)(q - run));
		IR_ASSERT(i < nargs);
		expr(p, args[i]);
		run = q + 2;
		q++;
	}
	puts_(p, run);
	return true;
}

/* The template of `inner` with the arguments of e from `from` on, inside
 * the template of `outer` (one argument: what inner printed). */
static void expand_call(TP *p, const char *key, const SqlExpr *e, size_t from);

static void expand_wrapped(TP *p, const char *outer, const char *inner, const SqlExpr *e, size_t from)
{
	const char *tmpl = be_dialect_template(p->d, outer);
	const char *hole = tmpl ? strstr(tmpl, "$1") : NULL;
	IR_ASSERT(hole);
	ir_buf_put(p->out, tmpl, (size_t)(hole - tmpl));
	expand_call(p, inner, e, from);
	puts_(p, hole + 2);
}

static void expand_call(TP *p, const char *key, const SqlExpr *e, size_t from)
{
	const SqlExpr *args[9] = {0};
	size_t n = 0;
	for (size_t i = from; i < e->list.len && n < 9; i++)
		args[n++] = arg_at(e, i);
	expand(p, key, args, n, e->loc);
}

/* ---- functions ---------------------------------------------------------------- */
/* DATEADD/DATEDIFF/DATEPART date parts and their abbreviations. */
static const struct { const char *abbr, *part; } dateparts[] = {
	{"year", "year"}, {"yy", "year"}, {"yyyy", "year"}, {"quarter", "quarter"}, {"qq", "quarter"},
	{"q", "quarter"}, {"month", "month"}, {"mm", "month"}, {"m", "month"}, {"dayofyear", "dayofyear"},
	{"dy", "dayofyear"}, {"y", "dayofyear"}, {"day", "day"}, {"dd", "day"}, {"d", "day"},
	{"week", "week"}, {"wk", "week"}, {"ww", "week"}, {"weekday", "weekday"}, {"dw", "weekday"},
	{"hour", "hour"}, {"hh", "hour"}, {"minute", "minute"}, {"mi", "minute"}, {"n", "minute"},
	{"second", "second"}, {"ss", "second"}, {"s", "second"}, {"millisecond", "millisecond"},
	{"ms", "millisecond"},
};

static const char *datepart_of(const SqlExpr *e)
{
	const char *w = e->kind == SQL_E_DATEPART ? e->text
		: e->kind == SQL_E_COLUMN && e->name->nparts == 1 ? e->name->parts[0] : NULL;
	for (size_t i = 0; w && i < sizeof dateparts / sizeof *dateparts; i++)
		if (ieq(w, dateparts[i].abbr))
			return dateparts[i].part;
	return NULL;
}

/* T-SQL functions spelled by a key of dialects.def: name, argument count
 * (-1 any), key.  The spellings themselves are only in dialects.def. */
static const struct {
	const char *name;
	int nargs;
	const char *key;
} tsql_functions[] = {
	{"ISNULL", 2, "coalesce"}, {"LEN", 1, "tsql_len"}, {"LTRIM", 1, "ltrim"}, {"RTRIM", 1, "rtrim"},
	{"TRIM", 1, "trim"}, {"SUBSTRING", 3, "substring"}, {"CHARINDEX", 2, "charindex"},
	{"REPLACE", 3, "tsql_replace"}, {"LEFT", 2, "left"}, {"RIGHT", 2, "right"}, {"UPPER", 1, "upper"},
	{"LOWER", 1, "lower"}, {"REVERSE", 1, "reverse"}, {"REPLICATE", 2, "replicate"},
	{"GETDATE", 0, "getdate"}, {"SYSDATETIME", 0, "getdate"}, {"CURRENT_TIMESTAMP", 0, "getdate"},
	{"GETUTCDATE", 0, "getutcdate"}, {"SYSUTCDATETIME", 0, "getutcdate"},
	{"YEAR", 1, "datepart_year"}, {"MONTH", 1, "datepart_month"}, {"DAY", 1, "datepart_day"},
	{"EOMONTH", 1, "eomonth"}, {"DATEFROMPARTS", 3, "datefromparts"}, {"NEWID", 0, "newid"},
	{"ABS", 1, "abs"}, {"CEILING", 1, "ceiling"}, {"FLOOR", 1, "floor"}, {"EXP", 1, "exp"},
	{"LOG", 1, "ln"}, {"LOG10", 1, "log10"}, {"POWER", 2, "power"}, {"ROUND", 2, "round"},
	{"SIGN", 1, "sign"}, {"SQRT", 1, "sqrt"}, {"SQUARE", 1, "square"},
};

/* Functions every dialect spells as standard SQL does, with any number of
 * arguments (aggregates, window functions, COALESCE): printed by name. */
static const char *const standard_functions[] = {
	"COALESCE", "NULLIF", "COUNT", "SUM", "MIN", "MAX", "AVG", "ROW_NUMBER", "RANK", "DENSE_RANK",
	"NTILE", "LAG", "LEAD", "FIRST_VALUE", "LAST_VALUE", "PERCENT_RANK", "CUME_DIST",
};

static void window(TP *p, const SqlWindow *w);

static void plain_call(TP *p, const SqlExpr *e, const char *name)
{
	for (const char *c = name; *c; c++)
		ir_buf_printf(p->out, "%c", tolower((unsigned char)*c));
	puts_(p, "(");
	if (e->distinct)
		puts_(p, "distinct ");
	if (e->star)
		puts_(p, "*");
	for (size_t i = 0; i < e->list.len; i++) {
		if (i)
			puts_(p, ", ");
		expr(p, arg_at(e, i));
	}
	puts_(p, ")");
}

/* IIF(c, a, b) is CASE WHEN c THEN a ELSE b END in every dialect. */
static void iif(TP *p, const SqlExpr *e)
{
	puts_(p, "(CASE WHEN ");
	expr(p, arg_at(e, 0));
	puts_(p, " THEN ");
	expr(p, arg_at(e, 1));
	puts_(p, " ELSE ");
	expr(p, arg_at(e, 2));
	puts_(p, " END)");
}

/* CONCAT treats NULL as '' and converts its arguments to text. */
static void concat_call(TP *p, const SqlExpr *e)
{
	puts_(p, "(");
	for (size_t i = 0; i < e->list.len; i++) {
		if (i)
			puts_(p, p->d == BE_SQLSERVER ? " + " : " || ");
		const SqlExpr *args[1] = {arg_at(e, i)};
		expand(p, "tsql_concat_arg", args, 1, e->loc);
	}
	puts_(p, ")");
}

static bool date_call(TP *p, const SqlExpr *e, const char *n)
{
	const char *fn = ieq(n, "DATEADD") ? "dateadd" : ieq(n, "DATEDIFF") ? "datediff"
		: ieq(n, "DATEPART") ? "datepart" : NULL;
	size_t want = fn && !strcmp(fn, "datepart") ? 2 : 3;
	if (!fn || e->list.len != want)
		return false;
	const char *part = datepart_of(arg_at(e, 0));
	const char *key = part ? ir_sprintf(p->a, "%s_%s", fn, part) : NULL;
	if (!key || !be_dialect_has_key(key)) {
		gap(p, e->loc, ir_sprintf(p->a, "%s with this date part", n));
		puts_(p, "NULL");
		return true;
	}
	if (!strcmp(fn, "datepart"))
		expand_wrapped(p, "tsql_int_result", key, e, 1);
	else
		expand_call(p, key, e, 1);
	return true;
}

static void call(TP *p, const SqlExpr *e)
{
	if (e->a || !e->name || e->name->nparts != 1) {
		gap(p, e->loc, e->a ? "a method call" : ir_sprintf(p->a, "the user-defined function %s",
								     e->name ? last_part(e->name) : "?"));
		puts_(p, "NULL");
		return;
	}
	const char *n = e->name->parts[0];
	if (e->within.len) {
		gap(p, e->loc, ir_sprintf(p->a, "%s ... WITHIN GROUP", n));
		puts_(p, "NULL");
		return;
	}
	if (e->over || in_names(n, standard_functions, sizeof standard_functions / sizeof *standard_functions)) {
		if (!in_names(n, standard_functions, sizeof standard_functions / sizeof *standard_functions)) {
			gap(p, e->loc, ir_sprintf(p->a, "the window function %s", n));
			puts_(p, "NULL");
			return;
		}
		plain_call(p, e, n);
		if (e->over) {
			puts_(p, " over (");
			window(p, e->over);
			puts_(p, ")");
		}
		return;
	}
	if (ieq(n, "IIF") && e->list.len == 3) {
		iif(p, e);
		return;
	}
	if (ieq(n, "CONCAT") && e->list.len >= 2) {
		concat_call(p, e);
		return;
	}
	if (date_call(p, e, n))
		return;
	for (size_t i = 0; i < sizeof tsql_functions / sizeof *tsql_functions; i++)
		if (ieq(n, tsql_functions[i].name) && (size_t)tsql_functions[i].nargs == e->list.len) {
			if (!strncmp(tsql_functions[i].key, "datepart_", 9))
				expand_wrapped(p, "tsql_int_result", tsql_functions[i].key, e, 0);
			else
				expand_call(p, tsql_functions[i].key, e, 0);
			return;
		}
	gap(p, e->loc, ir_sprintf(p->a, "the function %s with %zu argument%s", n, e->list.len,
				  e->list.len == 1 ? "" : "s"));
	puts_(p, "NULL");
}

/* ---- CAST and CONVERT ----------------------------------------------------------- */
static void cast(TP *p, const SqlExpr *e, const SqlExpr *value)
{
	if (e->try_ && p->d == BE_POSTGRES) {
		gap(p, e->loc, "TRY_CAST (PostgreSQL has no failing-to-NULL cast)");
		puts_(p, "NULL");
		return;
	}
	puts_(p, e->try_ ? "TRY_CAST(" : "CAST(");
	expr(p, value);
	puts_(p, " AS ");
	type_name(p, e->type);
	puts_(p, ")");
}

/* CONVERT(type, x, style): a date style to or from text is a format, a
 * style on anything else must be the default (0). */
static void convert(TP *p, const SqlExpr *e)
{
	const SqlExpr *style = e->b;
	if (p->d == BE_SQLSERVER && style) {
		puts_(p, e->try_ ? "TRY_CONVERT(" : "CONVERT(");
		type_name(p, e->type);
		puts_(p, ", ");
		expr(p, e->a);
		puts_(p, ", ");
		expr(p, style);
		puts_(p, ")");
		return;
	}
	if (!style || (style->kind == SQL_E_NUMBER && !strcmp(style->text, "0"))) {
		cast(p, e, e->a);
		return;
	}
	IrType t;
	if (style->kind != SQL_E_NUMBER || !sql_type_to_ir(e->type, &t)) {
		gap(p, e->loc, "CONVERT with this style");
		puts_(p, "NULL");
		return;
	}
	const char *dir = ir_dtype_is_string(t.dt) ? "str" : ir_dtype_is_datetime(t.dt) ? "date" : NULL;
	const char *key = dir ? ir_sprintf(p->a, "tsql_convert_%s_%s", dir, style->text) : NULL;
	if (!key || !be_dialect_has_key(key) || e->try_) {
		gap(p, e->loc, ir_sprintf(p->a, "CONVERT with style %s", style->text));
		puts_(p, "NULL");
		return;
	}
	const SqlExpr *args[1] = {e->a};
	if (!strcmp(dir, "date")) {
		/* the parsed value, then cast to the requested type */
		puts_(p, "CAST(");
		expand(p, key, args, 1, e->loc);
		puts_(p, " AS ");
		type_name(p, e->type);
		puts_(p, ")");
		return;
	}
	if (t.length > 0 && (t.dt == IR_DT_STR || t.dt == IR_DT_WSTR)) {
		/* varchar(n): the formatted text cut at n */
		puts_(p, "left(");
		expand(p, key, args, 1, e->loc);
		ir_buf_printf(p->out, ", %d)", t.length);
		return;
	}
	expand(p, key, args, 1, e->loc);
}

/* ---- expressions -------------------------------------------------------------- */
static const char *binop_key(TP *p, const SqlExpr *e)
{
	switch (e->op) {
	case SQL_OP_ADD:
		return known(p, e->a) == K_STRING || known(p, e->b) == K_STRING ? "concat" : "add";
	case SQL_OP_SUB: return "sub";
	case SQL_OP_MUL: return "mul";
	case SQL_OP_DIV: case SQL_OP_MOD: {
		/* integer / integer truncates in T-SQL */
		bool ints = known(p, e->a) == K_INTEGER && known(p, e->b) == K_INTEGER;
		bool nz = e->b->kind == SQL_E_NUMBER && strpbrk(e->b->text, "123456789") &&
			  !strpbrk(e->b->text, "eE");
		if (e->op == SQL_OP_MOD)
			return nz ? "mod_nz" : "mod";
		return ints ? (nz ? "idiv_nz" : "idiv") : (nz ? "div_nz" : "div");
	}
	case SQL_OP_BITAND: return "bitand";
	case SQL_OP_BITOR: return "bitor";
	case SQL_OP_BITXOR: return "bitxor";
	case SQL_OP_EQ: return "eq";
	case SQL_OP_NE: return "ne";
	case SQL_OP_LT: return "lt";
	case SQL_OP_LE: return "le";
	case SQL_OP_GT: return "gt";
	case SQL_OP_GE: return "ge";
	case SQL_OP_NLT: return "ge";
	case SQL_OP_NGT: return "le";
	case SQL_OP_AND: return "and";
	case SQL_OP_OR: return "or";
	case SQL_OP__COUNT: break;
	}
	return NULL;
}

static bool bit_literal(const SqlExpr *e)
{
	return e->kind == SQL_E_NUMBER && (!strcmp(e->text, "0") || !strcmp(e->text, "1"));
}

/* col = 1 with col of unknown type: col may be a bit (a boolean). */
static bool maybe_bit(TP *p, const SqlExpr *col, const SqlExpr *lit)
{
	return col->kind == SQL_E_COLUMN && bit_literal(lit) && known(p, col) == K_UNKNOWN;
}

static void binary_op(TP *p, const SqlExpr *e)
{
	if ((e->op == SQL_OP_EQ || e->op == SQL_OP_NE) && (maybe_bit(p, e->a, e->b) || maybe_bit(p, e->b, e->a))) {
		const SqlExpr *col = e->a->kind == SQL_E_COLUMN ? e->a : e->b;
		const SqlExpr *lit = col == e->a ? e->b : e->a;
		puts_(p, "(");
		const SqlExpr *args[1] = {col};
		expand(p, "tsql_bit_operand", args, 1, e->loc);
		puts_(p, e->op == SQL_OP_EQ ? " = " : " <> ");
		expr(p, lit);
		puts_(p, ")");
		return;
	}
	const SqlExpr *args[2] = {e->a, e->b};
	expand(p, binop_key(p, e), args, 2, e->loc);
}

static void unary(TP *p, const SqlExpr *e)
{
	const SqlExpr *args[1] = {e->a};
	switch (e->uop) {
	case SQL_UOP_NEG: expand(p, "neg", args, 1, e->loc); return;
	case SQL_UOP_PLUS: expr(p, e->a); return;
	case SQL_UOP_BITNOT: expand(p, "bitnot", args, 1, e->loc); return;
	case SQL_UOP_NOT: expand(p, "not", args, 1, e->loc); return;
	}
}

static void case_expr(TP *p, const SqlExpr *e)
{
	puts_(p, "(CASE");
	if (e->a) {
		puts_(p, " ");
		expr(p, e->a);
	}
	for (size_t i = 0; i < e->list.len; i++) {
		const SqlExpr *w = arg_at(e, i);
		puts_(p, " WHEN ");
		expr(p, w->b);
		puts_(p, " THEN ");
		expr(p, w->c);
	}
	if (e->c) {
		puts_(p, " ELSE ");
		expr(p, e->c);
	}
	puts_(p, " END)");
}

static void binary_literal(TP *p, const SqlExpr *e)
{
	const char *hex = e->text + 2;
	switch (p->d) {
	case BE_SQLSERVER: puts_(p, e->text); return;
	case BE_DUCKDB: puts_(p, "unhex('"); break;
	case BE_POSTGRES: puts_(p, "decode('"); break;
	case BE_SNOWFLAKE: puts_(p, "TO_BINARY('"); break;
	case BE__NDIALECTS: break;
	}
	puts_(p, hex);
	puts_(p, p->d == BE_DUCKDB ? "')" : p->d == BE_POSTGRES ? "', 'hex')" : "', 'HEX')");
}

static void column(TP *p, const SqlName *n)
{
	for (int i = 0; i < n->nparts; i++) {
		if (i)
			puts_(p, ".");
		ident(p, n->parts[i]);
	}
}

static void expr_list(TP *p, const IrVec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		if (i)
			puts_(p, ", ");
		expr(p, v->items[i]);
	}
}

static void subquery(TP *p, const SqlQuery *q)
{
	puts_(p, "(");
	query(p, q);
	puts_(p, ")");
}

static void expr(TP *p, const SqlExpr *e)
{
	switch (e->kind) {
	case SQL_E_NUMBER: puts_(p, e->text); return;
	case SQL_E_STRING: string_lit(p, e->text); return;
	case SQL_E_BINARY: binary_literal(p, e); return;
	case SQL_E_MONEY: puts_(p, e->text + 1); return;
	case SQL_E_NULL: puts_(p, "NULL"); return;
	case SQL_E_DEFAULT: puts_(p, "DEFAULT"); return;
	case SQL_E_COLUMN: column(p, e->name); return;
	case SQL_E_STAR:
		if (e->name) {
			column(p, e->name);
			puts_(p, ".");
		}
		puts_(p, "*");
		return;
	case SQL_E_PARAM:
		if (p->h && p->h->param && p->h->param(p->h->arg, p->out, e->param))
			return;
		gap(p, e->loc, "a ? parameter marker with no variable bound to it");
		puts_(p, "NULL");
		return;
	case SQL_E_VAR: {
		const SqlExpr *v = p->h && p->h->var ? p->h->var(p->h->arg, e->text) : NULL;
		if (v) { /* a local variable whose value the task sets */
			puts_(p, "(");
			expr(p, v);
			puts_(p, ")");
			return;
		}
		gap(p, e->loc, ir_sprintf(p->a, "the T-SQL variable %s", e->text));
		puts_(p, "NULL");
		return;
	}
	case SQL_E_GLOBAL:
		gap(p, e->loc, ir_sprintf(p->a, "%s", e->text));
		puts_(p, "NULL");
		return;
	case SQL_E_DATEPART:
		gap(p, e->loc, "a date part outside DATEADD, DATEDIFF and DATEPART");
		puts_(p, "NULL");
		return;
	case SQL_E_UNARY: unary(p, e); return;
	case SQL_E_BINARY_OP: binary_op(p, e); return;
	case SQL_E_IS_NULL:
		puts_(p, "(");
		expr(p, e->a);
		puts_(p, e->negated ? " IS NOT NULL)" : " IS NULL)");
		return;
	case SQL_E_BETWEEN:
		puts_(p, "(");
		expr(p, e->a);
		puts_(p, e->negated ? " NOT BETWEEN " : " BETWEEN ");
		expr(p, e->b);
		puts_(p, " AND ");
		expr(p, e->c);
		puts_(p, ")");
		return;
	case SQL_E_LIKE:
		if (e->b->kind == SQL_E_STRING && strchr(e->b->text, '[') && p->d != BE_SQLSERVER) {
			gap(p, e->b->loc, "a LIKE pattern with a [...] character class");
			puts_(p, "NULL");
			return;
		}
		puts_(p, "(");
		expr(p, e->a);
		puts_(p, e->negated ? " NOT LIKE " : " LIKE ");
		expr(p, e->b);
		if (e->c) {
			puts_(p, " ESCAPE ");
			expr(p, e->c);
		}
		puts_(p, ")");
		return;
	case SQL_E_IN_LIST:
		puts_(p, "(");
		expr(p, e->a);
		puts_(p, e->negated ? " NOT IN (" : " IN (");
		expr_list(p, &e->list);
		puts_(p, "))");
		return;
	case SQL_E_IN_QUERY:
		puts_(p, "(");
		expr(p, e->a);
		puts_(p, e->negated ? " NOT IN " : " IN ");
		subquery(p, e->query);
		puts_(p, ")");
		return;
	case SQL_E_EXISTS:
		puts_(p, "EXISTS ");
		subquery(p, e->query);
		return;
	case SQL_E_SUBQUERY: subquery(p, e->query); return;
	case SQL_E_CASE: case_expr(p, e); return;
	case SQL_E_WHEN: IR_ASSERT(!"WHEN outside CASE"); return;
	case SQL_E_CAST: cast(p, e, e->a); return;
	case SQL_E_CONVERT: convert(p, e); return;
	case SQL_E_CALL:
		if (e->text && !strcmp(e->text, "niladic") && e->name && ieq(last_part(e->name), "CURRENT_TIMESTAMP")) {
			expand(p, "getdate", NULL, 0, e->loc);
			return;
		}
		call(p, e);
		return;
	case SQL_E_COLLATE:
		if (p->d == BE_SQLSERVER) {
			expr(p, e->a);
			puts_(p, " COLLATE ");
			puts_(p, e->text);
			return;
		}
		gap(p, e->loc, "COLLATE");
		puts_(p, "NULL");
		return;
	case SQL_E_QUANTIFIED: {
		const SqlExpr fake = {.kind = SQL_E_BINARY_OP, .op = e->op};
		const char *key = binop_key(p, &fake);
		const char *tmpl = be_dialect_template(p->d, key);
		/* "($1 = $2)": the operator between the operands */
		const char *op = tmpl ? strchr(tmpl, ' ') : NULL;
		const char *end = op ? strchr(op + 1, ' ') : NULL;
		if (!op || !end || tmpl[0] != '(') {
			gap(p, e->loc, "a quantified comparison");
			puts_(p, "NULL");
			return;
		}
		puts_(p, "(");
		expr(p, e->a);
		ir_buf_put(p->out, op, (size_t)(end - op + 1));
		puts_(p, e->text);
		puts_(p, " ");
		subquery(p, e->query);
		puts_(p, ")");
		return;
	}
	case SQL_E_PAREN:
		puts_(p, "(");
		expr(p, e->a);
		puts_(p, ")");
		return;
	case SQL_E__COUNT: break;
	}
	IR_ASSERT(!"unknown SqlExpr kind");
}

/* ---- windows -------------------------------------------------------------------- */
static void order_items(TP *p, const IrVec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		const SqlOrderItem *o = v->items[i];
		if (i)
			puts_(p, ", ");
		expr(p, o->expr);
		if (o->desc)
			puts_(p, " DESC");
	}
}

static void bound(TP *p, const SqlBound *b)
{
	switch (b->kind) {
	case SQL_BOUND_NONE: break;
	case SQL_BOUND_UNBOUNDED_PRECEDING: puts_(p, "UNBOUNDED PRECEDING"); break;
	case SQL_BOUND_PRECEDING: expr(p, b->offset); puts_(p, " PRECEDING"); break;
	case SQL_BOUND_CURRENT_ROW: puts_(p, "CURRENT ROW"); break;
	case SQL_BOUND_FOLLOWING: expr(p, b->offset); puts_(p, " FOLLOWING"); break;
	case SQL_BOUND_UNBOUNDED_FOLLOWING: puts_(p, "UNBOUNDED FOLLOWING"); break;
	}
}

static void window(TP *p, const SqlWindow *w)
{
	const char *sep = "";
	if (w->partition.len) {
		puts_(p, "PARTITION BY ");
		expr_list(p, &w->partition);
		sep = " ";
	}
	if (w->order.len) {
		puts_(p, sep);
		puts_(p, "ORDER BY ");
		order_items(p, &w->order);
		sep = " ";
	}
	if (w->frame) {
		puts_(p, sep);
		puts_(p, w->frame == 1 ? "ROWS " : "RANGE ");
		if (w->end.kind != SQL_BOUND_NONE) {
			puts_(p, "BETWEEN ");
			bound(p, &w->start);
			puts_(p, " AND ");
			bound(p, &w->end);
		} else {
			bound(p, &w->start);
		}
	}
}

/* ---- table references -------------------------------------------------------------- */
static bool is_cte(TP *p, const SqlName *n)
{
	if (n->nparts != 1)
		return false;
	for (size_t i = 0; i < p->ctes.len; i++)
		if (ieq(((const SqlCte *)p->ctes.items[i])->name, n->parts[0]))
			return true;
	return false;
}

static void alias(TP *p, const char *a, const IrVec *columns)
{
	if (!a)
		return;
	puts_(p, " AS ");
	ident(p, a);
	if (columns && columns->len) {
		puts_(p, " (");
		for (size_t i = 0; i < columns->len; i++) {
			if (i)
				puts_(p, ", ");
			ident(p, columns->items[i]);
		}
		puts_(p, ")");
	}
}

static void table_ref(TP *p, const SqlTableRef *t);

static void apply(TP *p, const SqlTableRef *t)
{
	bool outer = t->join == SQL_APPLY_OUTER;
	if (p->d == BE_SQLSERVER) {
		table_ref(p, t->left);
		puts_(p, outer ? "\nOUTER APPLY " : "\nCROSS APPLY ");
		table_ref(p, t->right);
		return;
	}
	if (t->right->kind != SQL_T_DERIVED && t->right->kind != SQL_T_NAMED) {
		gap(p, t->loc, "APPLY of a table-valued function");
		table_ref(p, t->left);
		return;
	}
	if (outer && p->d == BE_SNOWFLAKE) {
		gap(p, t->loc, "OUTER APPLY (Snowflake has no LEFT JOIN LATERAL)");
		table_ref(p, t->left);
		return;
	}
	table_ref(p, t->left);
	if (p->d == BE_SNOWFLAKE)
		puts_(p, ",\nLATERAL ");
	else
		puts_(p, outer ? "\nLEFT JOIN LATERAL " : "\nCROSS JOIN LATERAL ");
	table_ref(p, t->right);
	if (outer)
		puts_(p, " ON TRUE");
}

static void join(TP *p, const SqlTableRef *t)
{
	static const char *const words[] = {
		[SQL_JOIN_INNER] = "INNER JOIN", [SQL_JOIN_LEFT] = "LEFT JOIN", [SQL_JOIN_RIGHT] = "RIGHT JOIN",
		[SQL_JOIN_FULL] = "FULL JOIN", [SQL_JOIN_CROSS] = "CROSS JOIN",
	};
	if (t->join == SQL_APPLY_CROSS || t->join == SQL_APPLY_OUTER) {
		apply(p, t);
		return;
	}
	table_ref(p, t->left);
	puts_(p, "\n");
	puts_(p, words[t->join]);
	puts_(p, " ");
	table_ref(p, t->right);
	if (t->on) {
		puts_(p, " ON ");
		expr(p, t->on);
	}
}

static void table_ref(TP *p, const SqlTableRef *t)
{
	switch (t->kind) {
	case SQL_T_NAMED:
		if (is_cte(p, t->name)) {
			qualified_name(p, t->name, 2);
		} else if (strchr("#@", last_part(t->name)[0])) {
			/* lives in the SQL Server session only */
			gap(p, t->loc, ir_sprintf(p->a, "the %s %s", last_part(t->name)[0] == '#' ? "temporary table"
						  : "table variable", last_part(t->name)));
			qualified_name(p, t->name, 2);
		} else if (!p->h || !p->h->table || !p->h->table(p->h->arg, p->out, t->name)) {
			qualified_name(p, t->name, 2);
		}
		alias(p, t->alias, NULL);
		return;
	case SQL_T_DERIVED:
		subquery(p, t->query);
		alias(p, t->alias, &t->columns);
		return;
	case SQL_T_FUNCTION:
		gap(p, t->loc, "a table-valued function");
		puts_(p, "(SELECT NULL AS \"untranslated\")");
		alias(p, t->alias ? t->alias : "untranslated", NULL);
		return;
	case SQL_T_JOIN:
		join(p, t);
		return;
	case SQL_T_PIVOT:
		gap(p, t->loc, ir_sprintf(p->a, "%s", t->text && !strcmp(t->text, "unpivot") ? "UNPIVOT" : "PIVOT"));
		table_ref(p, t->left);
		return;
	}
}

/* ---- queries ------------------------------------------------------------------------ */
static void select_items(TP *p, const SqlSelect *s)
{
	for (size_t i = 0; i < s->items.len; i++) {
		const SqlSelectItem *it = s->items.items[i];
		puts_(p, i ? ",\n  " : "\n  ");
		if (it->assign) {
			gap(p, it->loc, "SELECT @variable = ...");
			puts_(p, "NULL");
			continue;
		}
		expr(p, it->expr);
		if (it->alias) {
			puts_(p, " AS ");
			ident(p, it->alias);
		}
	}
}

static bool top_as_limit(TP *p, const SqlTop *top)
{
	if (!top)
		return false;
	if (p->d == BE_SQLSERVER)
		return false; /* printed as TOP */
	if (top->percent || top->with_ties) {
		gap(p, top->count->loc, top->percent ? "TOP ... PERCENT" : "TOP ... WITH TIES");
		return false;
	}
	return true;
}

static void select_core(TP *p, const SqlSelect *s)
{
	puts_(p, "SELECT");
	if (s->distinct)
		puts_(p, " DISTINCT");
	if (s->top && p->d == BE_SQLSERVER) {
		puts_(p, " TOP (");
		expr(p, s->top->count);
		puts_(p, ")");
		if (s->top->percent)
			puts_(p, " PERCENT");
		if (s->top->with_ties)
			puts_(p, " WITH TIES");
	}
	select_items(p, s);
	if (s->into)
		gap(p, s->into->loc, "SELECT ... INTO");
	for (size_t i = 0; i < s->from.len; i++) {
		puts_(p, i ? ",\n" : "\nFROM ");
		table_ref(p, s->from.items[i]);
	}
	if (s->where) {
		puts_(p, "\nWHERE ");
		expr(p, s->where);
	}
	if (s->group_by.len) {
		puts_(p, "\nGROUP BY ");
		expr_list(p, &s->group_by);
	}
	if (s->having) {
		puts_(p, "\nHAVING ");
		expr(p, s->having);
	}
}

static bool names_table(const SqlQuery *q, const char *name);

static bool ref_names_table(const SqlTableRef *t, const char *name)
{
	if (!t)
		return false;
	switch (t->kind) {
	case SQL_T_NAMED: return t->name->nparts == 1 && ieq(t->name->parts[0], name);
	case SQL_T_DERIVED: return names_table(t->query, name);
	case SQL_T_JOIN: return ref_names_table(t->left, name) || ref_names_table(t->right, name);
	case SQL_T_PIVOT: return ref_names_table(t->left, name);
	case SQL_T_FUNCTION: return false;
	}
	return false;
}

/* Does q read the table (or CTE) `name`?  Subqueries in expressions are
 * not searched: a recursive CTE names itself in FROM. */
static bool names_table(const SqlQuery *q, const char *name)
{
	if (!q)
		return false;
	if (q->kind == SQL_Q_SELECT) {
		for (size_t i = 0; i < q->select->from.len; i++)
			if (ref_names_table(q->select->from.items[i], name))
				return true;
		return false;
	}
	return names_table(q->left, name) || names_table(q->right, name);
}

static void ctes(TP *p, const SqlQuery *q)
{
	bool recursive = false;
	for (size_t i = 0; i < q->ctes.len; i++) {
		const SqlCte *c = q->ctes.items[i];
		recursive |= names_table(c->query, c->name);
	}
	puts_(p, recursive && p->d != BE_SQLSERVER ? "WITH RECURSIVE " : "WITH ");
	for (size_t i = 0; i < q->ctes.len; i++) {
		const SqlCte *c = q->ctes.items[i];
		ir_vec_push(p->a, &p->ctes, (void *)c);
		if (i)
			puts_(p, ",\n");
		ident(p, c->name);
		if (c->columns.len) {
			puts_(p, " (");
			for (size_t k = 0; k < c->columns.len; k++) {
				if (k)
					puts_(p, ", ");
				ident(p, c->columns.items[k]);
			}
			puts_(p, ")");
		}
		puts_(p, " AS (\n");
		query(p, c->query);
		puts_(p, "\n)");
	}
	puts_(p, "\n");
}

static void values(TP *p, const SqlQuery *q)
{
	puts_(p, "VALUES ");
	for (size_t i = 0; i < q->rows.len; i++) {
		if (i)
			puts_(p, ", ");
		puts_(p, "(");
		expr_list(p, q->rows.items[i]);
		puts_(p, ")");
	}
}

/* A set operation's operand that has a LIMIT of its own is parenthesised. */
static void set_operand(TP *p, const SqlQuery *q)
{
	bool wrap = q->kind == SQL_Q_SELECT && q->select->top && p->d != BE_SQLSERVER;
	if (wrap)
		puts_(p, "(");
	query(p, q);
	if (wrap)
		puts_(p, ")");
}

static void query(TP *p, const SqlQuery *q)
{
	size_t scope = p->ctes.len;
	if (q->ctes.len)
		ctes(p, q);
	const SqlTop *top = NULL;
	switch (q->kind) {
	case SQL_Q_SELECT:
		select_core(p, q->select);
		top = q->select->top;
		break;
	case SQL_Q_UNION: case SQL_Q_EXCEPT: case SQL_Q_INTERSECT:
		set_operand(p, q->left);
		puts_(p, q->kind == SQL_Q_UNION ? "\nUNION" : q->kind == SQL_Q_EXCEPT ? "\nEXCEPT" : "\nINTERSECT");
		puts_(p, q->all ? " ALL\n" : "\n");
		set_operand(p, q->right);
		break;
	case SQL_Q_VALUES:
		values(p, q);
		break;
	case SQL_Q_NESTED:
		subquery(p, q->left);
		break;
	}
	if (q->order_by.len) {
		puts_(p, "\nORDER BY ");
		order_items(p, &q->order_by);
	}
	if (top_as_limit(p, top)) {
		puts_(p, "\nLIMIT ");
		expr(p, top->count);
	}
	if (q->offset || q->fetch) {
		if (p->d == BE_SQLSERVER) {
			puts_(p, "\nOFFSET ");
			if (q->offset)
				expr(p, q->offset);
			else
				puts_(p, "0");
			puts_(p, " ROWS");
			if (q->fetch) {
				puts_(p, " FETCH NEXT ");
				expr(p, q->fetch);
				puts_(p, " ROWS ONLY");
			}
		} else {
			if (q->fetch) {
				puts_(p, "\nLIMIT ");
				expr(p, q->fetch);
			}
			if (q->offset) {
				puts_(p, "\nOFFSET ");
				expr(p, q->offset);
			}
		}
	}
	if (q->for_clause.len)
		gap(p, q->loc, "FOR XML / FOR JSON");
	if (q->options.len && p->d == BE_SQLSERVER) {
		puts_(p, "\nOPTION (");
		for (size_t i = 0; i < q->options.len; i++) {
			if (i)
				puts_(p, ", ");
			puts_(p, q->options.items[i]);
		}
		puts_(p, ")");
	}
	p->ctes.len = scope;
}

int be_tsql_print_query(IrArena *a, IrBuf *out, const SqlQuery *q, BeDialect d, const BeTsqlHooks *h,
			BeTsqlGap *first)
{
	TP p = {.a = a, .out = out, .d = d, .h = h, .first = first};
	query(&p, q);
	return p.ngaps;
}

int be_tsql_print_expr(IrArena *a, IrBuf *out, const SqlExpr *e, BeDialect d, const BeTsqlHooks *h,
		       BeTsqlGap *first)
{
	TP p = {.a = a, .out = out, .d = d, .h = h, .first = first};
	expr(&p, e);
	return p.ngaps;
}

bool be_tsql_type(const SqlType *t, IrType *out) { return sql_type_to_ir(t, out); }
