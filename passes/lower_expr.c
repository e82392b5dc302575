/* lower_expr.c — typed SSIS expression AST → SQL expression tree.  The
 * tree is dialect-neutral: operators and functions are keys that the
 * backend spells per dialect (backend/dialects.def).  Here live the SSIS
 * rules SQL does not share: integer division, exact string comparison,
 * NULL conditions, TRUE = -1, rounding casts, LN/LOG guards, 1-based
 * positions, date parts, string truncation on casts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower_expr.h"

typedef struct Lower {
	IrCtx *c;
	const PassLowerExprOpts *o;
	bool failed;
} Lower;

static IrSqlx *lower(Lower *l, const FeExpr *e);

static void unsupported(Lower *l, IrLoc loc, const char *fmt, ...) IR_PRINTF(3, 4);
static void unsupported(Lower *l, IrLoc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ir_verror(l->c, loc, l->o ? l->o->ssis_path : NULL, fmt, ap);
	va_end(ap);
	l->failed = true;
}

static IrType ty(IrDtype dt)
{
	IrType t = {.dt = dt};
	return t;
}

static bool is_str(IrDtype t) { return t == IR_DT_STR || t == IR_DT_WSTR; }
static bool is_int(IrDtype t) { return ir_dtype_is_integer(t); }
static bool is_num(IrDtype t) { return ir_dtype_is_numeric(t); }
static bool is_time(IrDtype t) { return t == IR_DT_DBTIME || t == IR_DT_DBTIME2; }
static bool is_date(IrDtype t)
{
	return t == IR_DT_DATE || t == IR_DT_DBDATE || is_time(t) || t == IR_DT_DBTIMESTAMP || t == IR_DT_DBTIMESTAMP2 ||
	       t == IR_DT_DBTIMESTAMPOFFSET || t == IR_DT_FILETIME;
}

static IrSqlx *fn(Lower *l, IrLoc loc, const char *key, int n, IrSqlx *a, IrSqlx *b, IrSqlx *c)
{
	IrSqlx *args[3] = {a, b, c};
	return ir_sqlx_funcv(l->c, loc, key, n, args);
}

static IrSqlx *cast(Lower *l, IrLoc loc, IrSqlx *x, IrType t)
{
	return ir_sqlx_cast(l->c, loc, x, t);
}

/* ---- which expressions can never be NULL ------------------------------ */
/* CASE WHEN c THEN x ELSE y END is only right when c cannot be NULL. */
static bool never_null(const FeExpr *e)
{
	switch (e->kind) {
	case FE_E_INT: case FE_E_DECIMAL: case FE_E_REAL: case FE_E_STRING: case FE_E_BOOL:
		return true;
	case FE_E_UNARY:
		return never_null(e->u.op.a);
	case FE_E_BINARY:
		return never_null(e->u.op.a) && never_null(e->u.op.b);
	case FE_E_COND:
		return never_null(e->u.cond.c) && never_null(e->u.cond.t) && never_null(e->u.cond.f);
	case FE_E_CAST:
		return never_null(e->u.cast.e);
	case FE_E_CALL:
		switch (e->u.call.fn) {
		case FE_FN_ISNULL: case FE_FN_TOKENCOUNT: case FE_FN_GETDATE: case FE_FN_GETUTCDATE:
			return true;
		case FE_FN_TOKEN: case FE_FN_CODEPOINT: case FE_FN_LN: case FE_FN_LOG:
			return false;
		case FE_FN_REPLACENULL:
			return never_null(e->u.call.args[1]);
		default:
			for (int i = 0; i < e->u.call.nargs; i++)
				if (!never_null(e->u.call.args[i]))
					return false;
			return true;
		}
	default:
		return false;
	}
}

/* ---- literals --------------------------------------------------------- */
/* "6." -> "6.0", ".9" -> "0.9", "1.E-4" -> "1.0E-4": valid in every dialect. */
static const char *normalize_number(Lower *l, const char *t)
{
	IrBuf b = {0};
	if (t[0] == '.')
		ir_buf_puts(&b, "0");
	for (const char *p = t; *p; p++) {
		ir_buf_put(&b, p, 1);
		if (*p == '.' && !(p[1] >= '0' && p[1] <= '9'))
			ir_buf_puts(&b, "0");
	}
	const char *s = ir_intern(l->c, b.data, b.len);
	ir_buf_free(&b);
	return s;
}

static IrSqlx *lower_int_literal(Lower *l, const FeExpr *e)
{
	IrSqlx *x = ir_sqlx_lit(l->c, e->loc, IR_SQLX_LIT_INT, ir_sprintf(l->c->arena, "%llu", (unsigned long long)e->u.num.value));
	if (e->u.num.overflow) {
		unsupported(l, e->loc, "integer literal '%s' does not fit in 64 bits", e->u.num.text);
		return x;
	}
	/* 986L is a DT_I8 even though SQL would type 986 as a 4-byte integer. */
	return e->type.dt == IR_DT_I4 ? x : cast(l, e->loc, x, e->type);
}

/* ---- casts ------------------------------------------------------------ */
/* "8/1/2003", "8/1/2003 10:30:00 PM" (en-US, the default locale) -> ISO. */
static const char *us_date_to_iso(Lower *l, const char *s)
{
	unsigned mo, d, y, h = 0, mi = 0, sec = 0;
	char ampm[3] = "";
	int n = 0;
	if (sscanf(s, "%2u/%2u/%4u%n", &mo, &d, &y, &n) != 3)
		return NULL;
	const char *rest = s + n;
	if (*rest) {
		int m = 0;
		if (sscanf(rest, " %2u:%2u%n", &h, &mi, &m) != 2)
			return NULL;
		rest += m;
		if (*rest == ':') {
			if (sscanf(rest, ":%2u%n", &sec, &m) != 1)
				return NULL;
			rest += m;
		}
		if (*rest) {
			if (sscanf(rest, " %2[AaPpMm]%n", ampm, &m) != 1 || rest[m])
				return NULL;
			bool pm = ampm[0] == 'P' || ampm[0] == 'p';
			if (h < 1 || h > 12)
				return NULL;
			h = h % 12 + (pm ? 12 : 0);
		}
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1 || h > 23 || mi > 59 || sec > 59)
		return NULL;
	return ir_sprintf(l->c->arena, "%04u-%02u-%02u %02u:%02u:%02u", y, mo, d, h, mi, sec);
}

static bool is_timestamp_like(IrDtype t)
{
	return t == IR_DT_DBTIMESTAMP || t == IR_DT_DBTIMESTAMP2 || t == IR_DT_DBTIMESTAMPOFFSET || t == IR_DT_DATE ||
	       t == IR_DT_FILETIME;
}

static IrSqlx *cast_to_string(Lower *l, IrLoc loc, IrSqlx *x, IrType from, IrType to)
{
	IrType unbounded = ty(IR_DT_WSTR);
	IrSqlx *s;
	if (is_str(from.dt) || from.dt == IR_DT_TEXT || from.dt == IR_DT_NTEXT) {
		/* A cast is also a truncation: (DT_WSTR,3)"abcdef" is "abc". */
		if (to.length > 0 && !(from.length > 0 && from.length <= to.length))
			return fn(l, loc, "left", 2, x, ir_sqlx_int(l->c, loc, to.length), NULL);
		return x;
	}
	if (from.dt == IR_DT_BOOL) {
		IrSqlx *w[2] = {x, ir_sqlx_op1(l->c, loc, IR_SQLX_NOT, x)};
		IrSqlx *t[2] = {ir_sqlx_lit(l->c, loc, IR_SQLX_LIT_STRING, "True"), ir_sqlx_lit(l->c, loc, IR_SQLX_LIT_STRING, "False")};
		s = ir_sqlx_case(l->c, loc, 2, w, t, NULL);
	} else if (is_num(from.dt)) {
		s = cast(l, loc, x, unbounded);
	} else if (from.dt == IR_DT_DBDATE) {
		s = fn(l, loc, "dbdate_to_str", 1, x, NULL, NULL);
	} else if (is_time(from.dt)) {
		s = fn(l, loc, "dbtime_to_str", 1, x, NULL, NULL);
	} else if (is_timestamp_like(from.dt) && from.dt != IR_DT_DBTIMESTAMPOFFSET) {
		s = fn(l, loc, "dbtimestamp_to_str", 1, x, NULL, NULL);
	} else if (from.dt == IR_DT_GUID) {
		s = fn(l, loc, "guid_to_str", 1, x, NULL, NULL);
	} else {
		unsupported(l, loc, "a cast from %s to a string is not supported by the SQL lowering", ir_dtype_name(from.dt));
		return x;
	}
	if (to.length > 0 && from.dt != IR_DT_BOOL && !is_num(from.dt))
		s = fn(l, loc, "left", 2, s, ir_sqlx_int(l->c, loc, to.length), NULL);
	return s;
}

static IrSqlx *lower_cast_value(Lower *l, IrLoc loc, IrSqlx *x, const FeExpr *src, IrType to)
{
	IrType from = src->type;
	if (to.dt == IR_DT_STR || to.dt == IR_DT_WSTR)
		return cast_to_string(l, loc, x, from, to);
	if (to.dt == IR_DT_BOOL) {
		if (from.dt == IR_DT_BOOL)
			return x;
		if (is_num(from.dt))   /* 0 is FALSE, anything else TRUE */
			return ir_sqlx_op2(l->c, loc, IR_SQLX_NE, x, ir_sqlx_int(l->c, loc, 0));
		return cast(l, loc, x, to);
	}
	if (is_num(to.dt)) {
		if (from.dt == IR_DT_BOOL) {   /* TRUE is -1 */
			IrSqlx *w[2] = {x, ir_sqlx_op1(l->c, loc, IR_SQLX_NOT, x)};
			IrSqlx *t[2] = {ir_sqlx_int(l->c, loc, -1), ir_sqlx_int(l->c, loc, 0)};
			return cast(l, loc, ir_sqlx_case(l->c, loc, 2, w, t, NULL), to);
		}
		if (from.dt == IR_DT_DATE) {   /* an OLE Automation date is a number of days */
			x = fn(l, loc, "date_to_oadate", 1, x, NULL, NULL);
			from = ty(IR_DT_R8);
		} else if (is_date(from.dt)) {
			unsupported(l, loc, "a cast from %s to a number is not supported by the SQL lowering", ir_dtype_name(from.dt));
			return x;
		}
		/* Non-integer to integer rounds half away from zero (expressions.md §4.5 ❓). */
		if (is_int(to.dt) && is_num(from.dt) && !is_int(from.dt))
			x = fn(l, loc, "round", 2, x, ir_sqlx_int(l->c, loc, 0), NULL);
		return cast(l, loc, x, to);
	}
	if (is_date(to.dt)) {
		if (src->kind == FE_E_STRING) {
			const char *iso = us_date_to_iso(l, src->u.str.utf8);
			if (iso)
				x = ir_sqlx_lit(l->c, loc, IR_SQLX_LIT_STRING, iso);
			return cast(l, loc, x, to);
		}
		if (is_str(from.dt) || from.dt == IR_DT_TEXT || from.dt == IR_DT_NTEXT)
			ir_warn(l->c, loc, IR_W_semantics_approximated, l->o ? l->o->ssis_path : NULL,
				"SSIS parses this string with the component's locale; the SQL reads ISO dates (yyyy-mm-dd) only");
		if (is_num(from.dt)) {   /* only DT_DATE takes numbers (cast_legal) */
			return cast(l, loc, fn(l, loc, "oadate_to_date", 1, cast(l, loc, x, ty(IR_DT_R8)), NULL, NULL), to);
		}
		if (is_time(from.dt) && !is_time(to.dt))   /* the date part becomes today */
			x = fn(l, loc, "time_to_timestamp", 1, x, NULL, NULL);
		if (from.dt == to.dt && from.scale == to.scale)
			return x;
		return cast(l, loc, x, to);
	}
	return cast(l, loc, x, to);
}

/* ---- operators -------------------------------------------------------- */
static IrSqlxOp compare_op(FeOp op, bool strings)
{
	static const IrSqlxOp plain[] = {[FE_OP_LT] = IR_SQLX_LT, [FE_OP_GT] = IR_SQLX_GT, [FE_OP_LE] = IR_SQLX_LE,
					 [FE_OP_GE] = IR_SQLX_GE, [FE_OP_EQ] = IR_SQLX_EQ, [FE_OP_NE] = IR_SQLX_NE};
	static const IrSqlxOp str[] = {[FE_OP_LT] = IR_SQLX_STR_LT, [FE_OP_GT] = IR_SQLX_STR_GT, [FE_OP_LE] = IR_SQLX_STR_LE,
				       [FE_OP_GE] = IR_SQLX_STR_GE, [FE_OP_EQ] = IR_SQLX_STR_EQ, [FE_OP_NE] = IR_SQLX_STR_NE};
	return strings ? str[op] : plain[op];
}

static IrSqlx *lower_binary(Lower *l, const FeExpr *e)
{
	const FeExpr *ea = e->u.op.a, *eb = e->u.op.b;
	IrSqlx *a = lower(l, ea), *b = lower(l, eb);
	IrDtype ta = ea->type.dt, tb = eb->type.dt;
	IrLoc loc = e->u.op.op_loc;
	switch (e->u.op.op) {
	case FE_OP_ADD:
		if (is_num(ta) && is_num(tb))
			return ir_sqlx_op2(l->c, loc, IR_SQLX_ADD, a, b);
		return ir_sqlx_op2(l->c, loc, IR_SQLX_CONCAT, a, b);   /* NULL-propagating, never CONCAT() */
	case FE_OP_SUB: return ir_sqlx_op2(l->c, loc, IR_SQLX_SUB, a, b);
	case FE_OP_MUL: return ir_sqlx_op2(l->c, loc, IR_SQLX_MUL, a, b);
	case FE_OP_DIV: case FE_OP_MOD:
		/* A constant divisor of zero is a design-time error in SSIS. */
		if ((eb->kind == FE_E_INT && eb->u.num.value == 0) ||
		    (eb->kind == FE_E_DECIMAL && strspn(eb->u.num.text, "0.") == strlen(eb->u.num.text)))
			unsupported(l, loc, "division by zero");
		if (e->u.op.op == FE_OP_MOD)
			return ir_sqlx_op2(l->c, loc, IR_SQLX_MOD, a, b);
		return ir_sqlx_op2(l->c, loc, is_int(ta) && is_int(tb) ? IR_SQLX_IDIV : IR_SQLX_DIV, a, b);
	case FE_OP_BITAND: return ir_sqlx_op2(l->c, loc, IR_SQLX_BITAND, a, b);
	case FE_OP_BITOR: return ir_sqlx_op2(l->c, loc, IR_SQLX_BITOR, a, b);
	case FE_OP_BITXOR: return ir_sqlx_op2(l->c, loc, IR_SQLX_BITXOR, a, b);
	case FE_OP_AND: return ir_sqlx_op2(l->c, loc, IR_SQLX_AND, a, b);
	case FE_OP_OR: return ir_sqlx_op2(l->c, loc, IR_SQLX_OR, a, b);
	default:
		/* A string compared with a date is converted to the date's type. */
		if (is_str(ta) && is_date(tb))
			a = lower_cast_value(l, ea->loc, a, ea, eb->type);
		else if (is_date(ta) && is_str(tb))
			b = lower_cast_value(l, eb->loc, b, eb, ea->type);
		return ir_sqlx_op2(l->c, loc, compare_op(e->u.op.op, is_str(ta) && is_str(tb)), a, b);
	}
}

static IrSqlx *lower_unary(Lower *l, const FeExpr *e)
{
	IrSqlx *a = lower(l, e->u.op.a);
	switch (e->u.op.op) {
	case FE_OP_NEG: return ir_sqlx_op1(l->c, e->loc, IR_SQLX_NEG, a);
	case FE_OP_NOT: return ir_sqlx_op1(l->c, e->loc, IR_SQLX_NOT, a);
	default: return ir_sqlx_op1(l->c, e->loc, IR_SQLX_BITNOT, a);
	}
}

/* A NULL condition gives NULL, not the else branch (expressions.md §4.8). */
static IrSqlx *lower_cond(Lower *l, const FeExpr *e)
{
	IrSqlx *c = lower(l, e->u.cond.c), *t = lower(l, e->u.cond.t), *f = lower(l, e->u.cond.f);
	if (never_null(e->u.cond.c))
		return ir_sqlx_case1(l->c, e->loc, c, t, f);
	IrSqlx *w[2] = {c, ir_sqlx_op1(l->c, e->loc, IR_SQLX_NOT, c)};
	IrSqlx *th[2] = {t, f};
	return ir_sqlx_case(l->c, e->loc, 2, w, th, NULL);
}

/* ---- functions -------------------------------------------------------- */
static const char *const datepart_names[] = {
	[FE_DP_YEAR] = "year", [FE_DP_QUARTER] = "quarter", [FE_DP_MONTH] = "month", [FE_DP_DAYOFYEAR] = "dayofyear",
	[FE_DP_DAY] = "day", [FE_DP_WEEK] = "week", [FE_DP_WEEKDAY] = "weekday", [FE_DP_HOUR] = "hour",
	[FE_DP_MINUTE] = "minute", [FE_DP_SECOND] = "second", [FE_DP_MILLISECOND] = "millisecond",
};

/* SSIS function → neutral key, for the ones that map one to one. */
static const char *const direct_keys[FE_FN__COUNT] = {
	[FE_FN_ABS] = "abs", [FE_FN_CEILING] = "ceiling", [FE_FN_FLOOR] = "floor", [FE_FN_LOWER] = "lower",
	[FE_FN_UPPER] = "upper", [FE_FN_LTRIM] = "ltrim", [FE_FN_RTRIM] = "rtrim", [FE_FN_TRIM] = "trim",
	[FE_FN_REVERSE] = "reverse", [FE_FN_SUBSTRING] = "substring", [FE_FN_TOKEN] = "token",
	[FE_FN_TOKENCOUNT] = "tokencount", [FE_FN_FINDSTRING] = "findstring", [FE_FN_REPLACE] = "replace",
	[FE_FN_LEFT] = "left", [FE_FN_RIGHT] = "right", [FE_FN_REPLICATE] = "replicate",
	[FE_FN_GETDATE] = "getdate", [FE_FN_GETUTCDATE] = "getutcdate",
};

/* The argument of LN, LOG, EXP, SQRT, SQUARE, POWER is converted to DT_R8 first. */
static IrSqlx *as_r8(Lower *l, const FeExpr *e, IrSqlx *x)
{
	return e->type.dt == IR_DT_R8 ? x : cast(l, e->loc, x, ty(IR_DT_R8));
}

static IrSqlx *as_timestamp(Lower *l, const FeExpr *e, IrSqlx *x)
{
	if (e->type.dt == IR_DT_DBTIMESTAMP)
		return x;
	return lower_cast_value(l, e->loc, x, e, ty(IR_DT_DBTIMESTAMP));
}

/* Literal arguments that SSIS rejects at run time: say so at compile time. */
static bool literal_int(const FeExpr *e, long long *v)
{
	if (e->kind == FE_E_INT && !e->u.num.overflow) {
		*v = (long long)e->u.num.value;
		return true;
	}
	if (e->kind == FE_E_UNARY && e->u.op.op == FE_OP_NEG && e->u.op.a->kind == FE_E_INT) {
		*v = -(long long)e->u.op.a->u.num.value;
		return true;
	}
	return false;
}

static void check_literal_args(Lower *l, const FeExpr *e)
{
	long long v;
	FeExpr *const *a = e->u.call.args;
	switch (e->u.call.fn) {
	case FE_FN_LEFT: case FE_FN_RIGHT: case FE_FN_REPLICATE:
		if (literal_int(a[1], &v) && v < 0)
			unsupported(l, a[1]->loc, "%s with a negative count fails in SSIS", e->u.call.fn == FE_FN_LEFT ? "LEFT" :
				    e->u.call.fn == FE_FN_RIGHT ? "RIGHT" : "REPLICATE");
		break;
	case FE_FN_FINDSTRING:
		if (literal_int(a[2], &v) && v < 1)
			unsupported(l, a[2]->loc, "the occurrence of FINDSTRING must be greater than 0");
		break;
	case FE_FN_ROUND:
		if (literal_int(a[1], &v) && v < 0)
			unsupported(l, a[1]->loc, "the length of ROUND must not be negative");
		break;
	case FE_FN_REPLACE:
		if (a[1]->kind == FE_E_STRING && a[1]->u.str.nbytes == 0)
			unsupported(l, a[1]->loc, "REPLACE with an empty search string fails in SSIS");
		break;
	default:
		break;
	}
}

/* CASE WHEN bad THEN <fail with message> ELSE value END, for the errors
 * SSIS raises on a row where SQL would quietly return something. */
static IrSqlx *guard(Lower *l, IrLoc loc, IrSqlx *bad, const char *msg, IrSqlx *witness, IrSqlx *value, IrType type)
{
	IrSqlx *fail = fn(l, loc, "raise", 2, ir_sqlx_lit(l->c, loc, IR_SQLX_LIT_STRING, msg), witness, NULL);
	return ir_sqlx_case1(l->c, loc, bad, cast(l, loc, fail, type), value);
}

static IrSqlx *less_than(Lower *l, IrLoc loc, IrSqlx *x, long long v)
{
	return ir_sqlx_op2(l->c, loc, IR_SQLX_LT, x, ir_sqlx_int(l->c, loc, v));
}

/* Guards for arguments that are not literals (literals are checked above). */
static IrSqlx *guard_call(Lower *l, const FeExpr *e, IrSqlx *const *a, IrSqlx *value)
{
	long long v;
	FeExpr *const *ea = e->u.call.args;
	IrLoc loc = e->loc;
	switch (e->u.call.fn) {
	case FE_FN_LEFT: case FE_FN_RIGHT: case FE_FN_REPLICATE:
		if (literal_int(ea[1], &v))
			return value;
		return guard(l, loc, less_than(l, loc, a[1], 0),
			     e->u.call.fn == FE_FN_LEFT ? "SSIS error: LEFT with a negative count: " :
			     e->u.call.fn == FE_FN_RIGHT ? "SSIS error: RIGHT with a negative count: " :
			     "SSIS error: REPLICATE with a negative count: ",
			     a[1], value, e->type);
	case FE_FN_FINDSTRING:
		if (literal_int(ea[2], &v))
			return value;
		return guard(l, loc, less_than(l, loc, a[2], 1), "SSIS error: FINDSTRING occurrence must be positive: ", a[2],
			     value, e->type);
	case FE_FN_REPLACE:
		if (ea[1]->kind == FE_E_STRING)
			return value;
		return guard(l, loc, ir_sqlx_op2(l->c, loc, IR_SQLX_STR_EQ, a[1], ir_sqlx_lit(l->c, loc, IR_SQLX_LIT_STRING, "")),
			     "SSIS error: REPLACE with an empty search string", ir_sqlx_lit(l->c, loc, IR_SQLX_LIT_STRING, ""),
			     value, e->type);
	default:
		return value;
	}
}

static IrSqlx *lower_hex_arg(Lower *l, const FeExpr *e, IrSqlx *x)
{
	/* Negative numbers in the two's complement of the argument's width. */
	long long span;
	switch (e->type.dt) {
	case IR_DT_I1: span = 256; break;
	case IR_DT_I2: span = 65536; break;
	case IR_DT_I4: span = 4294967296LL; break;
	default: return x;
	}
	IrSqlx *wide = cast(l, e->loc, x, ty(IR_DT_I8));
	IrSqlx *neg = ir_sqlx_op2(l->c, e->loc, IR_SQLX_LT, x, ir_sqlx_int(l->c, e->loc, 0));
	IrSqlx *shifted = ir_sqlx_op2(l->c, e->loc, IR_SQLX_ADD, wide, ir_sqlx_int(l->c, e->loc, span));
	return ir_sqlx_case1(l->c, e->loc, neg, shifted, wide);
}

static IrSqlx *lower_call(Lower *l, const FeExpr *e)
{
	FeExpr *const *ea = e->u.call.args;
	IrSqlx *a[3] = {NULL, NULL, NULL};
	int n = e->u.call.nargs;
	bool has_part = e->u.call.fn == FE_FN_DATEADD || e->u.call.fn == FE_FN_DATEDIFF || e->u.call.fn == FE_FN_DATEPART;
	for (int i = has_part ? 1 : 0; i < n; i++)
		a[i] = lower(l, ea[i]);
	check_literal_args(l, e);
	IrLoc loc = e->loc;
	IrType i4 = ty(IR_DT_I4);
	switch (e->u.call.fn) {
	case FE_FN_EXP: return fn(l, loc, "exp", 1, as_r8(l, ea[0], a[0]), NULL, NULL);
	case FE_FN_LN: return fn(l, loc, "ln", 1, as_r8(l, ea[0], a[0]), NULL, NULL);
	case FE_FN_LOG: return fn(l, loc, "log10", 1, as_r8(l, ea[0], a[0]), NULL, NULL);
	case FE_FN_SQRT: return fn(l, loc, "sqrt", 1, as_r8(l, ea[0], a[0]), NULL, NULL);
	case FE_FN_SQUARE: return fn(l, loc, "square", 1, as_r8(l, ea[0], a[0]), NULL, NULL);
	case FE_FN_POWER: return fn(l, loc, "power", 2, as_r8(l, ea[0], a[0]), as_r8(l, ea[1], a[1]), NULL);
	case FE_FN_ROUND: return cast(l, loc, fn(l, loc, "round", 2, a[0], a[1], NULL), e->type);
	case FE_FN_SIGN: return cast(l, loc, fn(l, loc, "sign", 1, a[0], NULL, NULL), i4);
	case FE_FN_CODEPOINT: return cast(l, loc, fn(l, loc, "codepoint", 1, a[0], NULL, NULL), e->type);
	case FE_FN_HEX: return fn(l, loc, "hex", 1, lower_hex_arg(l, ea[0], a[0]), NULL, NULL);
	case FE_FN_LEN:
		switch (ea[0]->type.dt) {
		case IR_DT_NTEXT:   /* BLOBs count bytes: two per UTF-16 unit */
			return cast(l, loc, ir_sqlx_op2(l->c, loc, IR_SQLX_MUL, fn(l, loc, "len", 1, a[0], NULL, NULL),
							 ir_sqlx_int(l->c, loc, 2)), i4);
		case IR_DT_TEXT: case IR_DT_IMAGE:
			return cast(l, loc, fn(l, loc, "octet_length", 1, a[0], NULL, NULL), i4);
		default:
			return cast(l, loc, fn(l, loc, "len", 1, a[0], NULL, NULL), i4);
		}
	case FE_FN_TOKENCOUNT:
		return fn(l, loc, direct_keys[e->u.call.fn], n, a[0], a[1], a[2]);
	case FE_FN_DATEADD: {
		FeDatePart p = e->u.call.part;
		if (p == FE_DP_DAYOFYEAR || p == FE_DP_WEEKDAY)
			p = FE_DP_DAY;
		IrSqlx *num = is_int(ea[1]->type.dt) && ea[1]->type.dt != IR_DT_I8 && ea[1]->type.dt != IR_DT_UI4 &&
				      ea[1]->type.dt != IR_DT_UI8 ? a[1] : lower_cast_value(l, ea[1]->loc, a[1], ea[1], i4);
		return fn(l, loc, ir_sprintf(l->c->arena, "dateadd_%s", datepart_names[p]), 2, num,
			  as_timestamp(l, ea[2], a[2]), NULL);
	}
	case FE_FN_DATEDIFF: {
		FeDatePart p = e->u.call.part;
		if (p == FE_DP_DAYOFYEAR || p == FE_DP_WEEKDAY)
			p = FE_DP_DAY;
		IrSqlx *s = a[1], *t = a[2];
		if (ea[1]->type.dt != ea[2]->type.dt || !is_timestamp_like(ea[1]->type.dt)) {
			s = as_timestamp(l, ea[1], s);
			t = as_timestamp(l, ea[2], t);
		}
		return cast(l, loc, fn(l, loc, ir_sprintf(l->c->arena, "datediff_%s", datepart_names[p]), 2, s, t, NULL), i4);
	}
	case FE_FN_DATEPART:
		return cast(l, loc, fn(l, loc, ir_sprintf(l->c->arena, "datepart_%s", datepart_names[e->u.call.part]), 1, a[1],
				       NULL, NULL), i4);
	case FE_FN_DAY: return cast(l, loc, fn(l, loc, "datepart_day", 1, a[0], NULL, NULL), i4);
	case FE_FN_MONTH: return cast(l, loc, fn(l, loc, "datepart_month", 1, a[0], NULL, NULL), i4);
	case FE_FN_YEAR: return cast(l, loc, fn(l, loc, "datepart_year", 1, a[0], NULL, NULL), i4);
	case FE_FN_ISNULL: return ir_sqlx_is_null(l->c, loc, a[0], false);
	case FE_FN_REPLACENULL: {
		IrSqlx *b = a[1];
		if (ea[1]->type.dt != ea[0]->type.dt)
			b = lower_cast_value(l, ea[1]->loc, b, ea[1], e->type);
		return fn(l, loc, "coalesce", 2, a[0], b, NULL);
	}
	default:
		IR_ASSERT(direct_keys[e->u.call.fn]);
		return guard_call(l, e, a, fn(l, loc, direct_keys[e->u.call.fn], n, a[0], a[1], a[2]));
	}
}

static IrSqlx *lower_ref(Lower *l, const FeExpr *e)
{
	const FeExprBinding *b = &e->u.ref.bind;
	const char *name = b->sql_name ? b->sql_name : e->u.ref.name;
	if (b->jinja_var) {
		/* A dbt var renders as raw text: strings and dates need quotes. */
		IrSqlx *v = ir_sqlx_var(l->c, e->loc, name);
		v->u.var.quoted = ir_dtype_is_string(e->type.dt) || ir_dtype_is_datetime(e->type.dt) ||
				  e->type.dt == IR_DT_GUID;
		return v;
	}
	if (e->kind == FE_E_VARIABLE && !b->sql_name)
		name = e->u.ref.ns ? ir_sprintf(l->c->arena, "%s::%s", e->u.ref.ns, e->u.ref.name) : e->u.ref.name;
	IrSqlx *x = ir_sqlx_column(l->c, e->loc, NULL, name);
	x->boolean = e->type.dt == IR_DT_BOOL;
	return x;
}

static IrSqlx *lower(Lower *l, const FeExpr *e)
{
	IrSqlx *x;
	switch (e->kind) {
	case FE_E_INT:
		return lower_int_literal(l, e);
	case FE_E_DECIMAL:
		return ir_sqlx_lit(l->c, e->loc, IR_SQLX_LIT_DECIMAL, normalize_number(l, e->u.num.text));
	case FE_E_REAL:
		return cast(l, e->loc, ir_sqlx_lit(l->c, e->loc, IR_SQLX_LIT_FLOAT, normalize_number(l, e->u.num.text)), e->type);
	case FE_E_STRING:
		return ir_sqlx_lit(l->c, e->loc, IR_SQLX_LIT_STRING, e->u.str.utf8);
	case FE_E_BOOL:
		return ir_sqlx_bool(l->c, e->loc, e->u.boolean);
	case FE_E_NULL:
		return cast(l, e->loc, ir_sqlx_null(l->c, e->loc), e->type);
	case FE_E_COLUMN: case FE_E_LINEAGE: case FE_E_VARIABLE:
		return lower_ref(l, e);
	case FE_E_UNARY:
		return lower_unary(l, e);
	case FE_E_BINARY:
		return lower_binary(l, e);
	case FE_E_COND:
		return lower_cond(l, e);
	case FE_E_CAST:
		x = lower(l, e->u.cast.e);
		return lower_cast_value(l, e->loc, x, e->u.cast.e, e->type);
	case FE_E_CALL:
		return lower_call(l, e);
	case FE_E_ASSIGN:
		return lower(l, e->u.assign.value);
	}
	ir_die("lower_expr: unknown node kind %d", (int)e->kind);
}

IrSqlx *pass_lower_expr(IrCtx *c, const FeExpr *e, const PassLowerExprOpts *o)
{
	Lower l = {.c = c, .o = o};
	IR_ASSERT(e->type.dt != IR_DT_EMPTY);
	IrSqlx *x = lower(&l, e);
	return l.failed ? NULL : x;
}
