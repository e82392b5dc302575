/* expr_check.c — the SSIS type checker: types every node of an expression
 * bottom-up with SSIS's rules (types.md §6, expressions.md §3-§5): numeric
 * promotion, DT_STR vs DT_WSTR, no implicit DT_BOOL, date-type unification,
 * legal casts, and the signature of every function. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "expr.h"

typedef struct Checker {
	IrCtx *c;
	const FeExprEnv *env;
	int nerrors;
} Checker;

static void type_error(Checker *k, IrLoc loc, const char *fmt, ...) IR_PRINTF(3, 4);
static void type_error(Checker *k, IrLoc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ir_verror(k->c, loc, k->env ? k->env->ssis_path : NULL, fmt, ap);
	va_end(ap);
	k->nerrors++;
}

static IrType mk(IrDtype dt)
{
	IrType t = {.dt = dt};
	return t;
}

static IrType mk_wstr(int len)
{
	IrType t = {.dt = IR_DT_WSTR, .length = len};
	return t;
}

/* ---- type spellings --------------------------------------------------- */
const char *fe_type_spelling(IrCtx *c, IrType t)
{
	const char *n = ir_dtype_name(t.dt);
	switch (t.dt) {
	case IR_DT_STR:
		return ir_intern(c, ir_sprintf(c->arena, "%s(%d,%d)", n, t.length, t.codepage), (size_t)-1);
	case IR_DT_WSTR: case IR_DT_BYTES:
		if (t.length <= 0)
			return n;
		return ir_intern(c, ir_sprintf(c->arena, "%s(%d)", n, t.length), (size_t)-1);
	case IR_DT_NUMERIC:
		return ir_intern(c, ir_sprintf(c->arena, "%s(%d,%d)", n, t.precision, t.scale), (size_t)-1);
	case IR_DT_DECIMAL: case IR_DT_DBTIME2: case IR_DT_DBTIMESTAMP2: case IR_DT_DBTIMESTAMPOFFSET:
		return ir_intern(c, ir_sprintf(c->arena, "%s(%d)", n, t.scale), (size_t)-1);
	case IR_DT_TEXT:
		return ir_intern(c, ir_sprintf(c->arena, "%s(%d)", n, t.codepage), (size_t)-1);
	default:
		return n;
	}
}

/* Accepts "DT_WSTR(50)", "DT_STR(20,1252)", "DT_NUMERIC(10,2)", "DT_I4",
 * and the XML spellings ("wstr(50)", "i4"). */
bool fe_type_parse(const char *s, IrType *out)
{
	char name[40];
	size_t n = strcspn(s, "(");
	if (n == 0 || n >= sizeof name)
		return false;
	memcpy(name, s, n);
	name[n] = 0;
	while (n > 0 && name[n - 1] == ' ')
		name[--n] = 0;
	memset(out, 0, sizeof *out);
	if (!ir_dtype_from_name(name, &out->dt) && !ir_dtype_from_xml(name, &out->dt))
		return false;
	if (out->dt == IR_DT_EMPTY || out->dt == IR_DT_NULL)
		return false;
	long p[3] = {0, 0, 0};
	int np = 0;
	const char *q = s + strcspn(s, "(");
	if (*q == '(') {
		q++;
		for (;;) {
			char *end;
			long v = strtol(q, &end, 10);
			if (end == q || np == 3)
				return false;
			p[np++] = v;
			q = end;
			while (*q == ' ')
				q++;
			if (*q == ',') {
				q++;
				continue;
			}
			if (*q == ')' && q[1] == 0)
				break;
			return false;
		}
	}
	int want = fe_type_nparams(out->dt);
	if (np != want && !(np == 0 && (out->dt == IR_DT_WSTR || out->dt == IR_DT_BYTES)))
		return false;
	switch (out->dt) {
	case IR_DT_STR: out->length = (int)p[0]; out->codepage = (int)p[1]; break;
	case IR_DT_WSTR: case IR_DT_BYTES: out->length = (int)p[0]; break;
	case IR_DT_NUMERIC: out->precision = (int)p[0]; out->scale = (int)p[1]; break;
	case IR_DT_DECIMAL: out->precision = 29; out->scale = (int)p[0]; break;
	case IR_DT_TEXT: out->codepage = (int)p[0]; break;
	case IR_DT_DBTIME2: case IR_DT_DBTIMESTAMP2: case IR_DT_DBTIMESTAMPOFFSET: out->scale = (int)p[0]; break;
	default: break;
	}
	return true;
}

/* ---- date parts ------------------------------------------------------- */
FeDatePart fe_datepart_lookup(const char *s, bool for_datepart)
{
	static const struct { const char *name; FeDatePart part; } parts[] = {
		{"year", FE_DP_YEAR}, {"yy", FE_DP_YEAR}, {"yyyy", FE_DP_YEAR},
		{"quarter", FE_DP_QUARTER}, {"qq", FE_DP_QUARTER}, {"q", FE_DP_QUARTER},
		{"month", FE_DP_MONTH}, {"mm", FE_DP_MONTH}, {"m", FE_DP_MONTH},
		{"dayofyear", FE_DP_DAYOFYEAR}, {"dy", FE_DP_DAYOFYEAR}, {"y", FE_DP_DAYOFYEAR},
		{"day", FE_DP_DAY}, {"dd", FE_DP_DAY}, {"d", FE_DP_DAY},
		{"week", FE_DP_WEEK}, {"wk", FE_DP_WEEK}, {"ww", FE_DP_WEEK},
		{"weekday", FE_DP_WEEKDAY}, {"dw", FE_DP_WEEKDAY}, {"w", FE_DP_WEEKDAY},
		{"hour", FE_DP_HOUR}, {"hh", FE_DP_HOUR},
		{"minute", FE_DP_MINUTE}, {"mi", FE_DP_MINUTE}, {"n", FE_DP_MINUTE},
		{"second", FE_DP_SECOND}, {"ss", FE_DP_SECOND}, {"s", FE_DP_SECOND},
		{"millisecond", FE_DP_MILLISECOND}, {"ms", FE_DP_MILLISECOND},
	};
	if (for_datepart && strcasecmp(s, "w") == 0)
		return FE_DP_NONE;
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
		if (strcasecmp(parts[i].name, s) == 0)
			return parts[i].part;
	return FE_DP_NONE;
}

/* ---- type classes ----------------------------------------------------- */
static bool is_str(IrDtype t) { return t == IR_DT_STR || t == IR_DT_WSTR; }
static bool is_blob(IrDtype t) { return t == IR_DT_TEXT || t == IR_DT_NTEXT || t == IR_DT_IMAGE; }
static bool is_num(IrDtype t) { return ir_dtype_is_numeric(t); }
static bool is_int(IrDtype t) { return ir_dtype_is_integer(t); }
static bool is_time(IrDtype t) { return t == IR_DT_DBTIME || t == IR_DT_DBTIME2; }
static bool is_date(IrDtype t)
{
	switch (t) {
	case IR_DT_DATE: case IR_DT_DBDATE: case IR_DT_DBTIME: case IR_DT_DBTIME2: case IR_DT_DBTIMESTAMP:
	case IR_DT_DBTIMESTAMP2: case IR_DT_DBTIMESTAMPOFFSET: case IR_DT_FILETIME:
		return true;
	default:
		return false;
	}
}
static bool is_signed_int(IrDtype t) { return t == IR_DT_I1 || t == IR_DT_I2 || t == IR_DT_I4 || t == IR_DT_I8; }

static int int_bytes(IrDtype t)
{
	switch (t) {
	case IR_DT_I1: case IR_DT_UI1: return 1;
	case IR_DT_I2: case IR_DT_UI2: return 2;
	case IR_DT_I4: case IR_DT_UI4: return 4;
	default: return 8;
	}
}

static IrDtype signed_of_bytes(int n)
{
	return n <= 1 ? IR_DT_I1 : n == 2 ? IR_DT_I2 : n <= 4 ? IR_DT_I4 : IR_DT_I8;
}

static IrDtype unsigned_of_bytes(int n)
{
	return n <= 1 ? IR_DT_UI1 : n == 2 ? IR_DT_UI2 : n <= 4 ? IR_DT_UI4 : IR_DT_UI8;
}

/* Precision/scale an exact view of a numeric type has. */
static void exact_ps(IrType t, int *p, int *s)
{
	*s = 0;
	switch (t.dt) {
	case IR_DT_NUMERIC: *p = t.precision; *s = t.scale; return;
	case IR_DT_DECIMAL: *p = 29; *s = t.scale; return;
	case IR_DT_CY: *p = 19; *s = 4; return;
	case IR_DT_I1: case IR_DT_UI1: *p = 3; return;
	case IR_DT_I2: case IR_DT_UI2: *p = 5; return;
	case IR_DT_I4: case IR_DT_UI4: *p = 10; return;
	case IR_DT_UI8: *p = 20; return;
	default: *p = 19; return;
	}
}

static int imin(int a, int b) { return a < b ? a : b; }
static int imax(int a, int b) { return a > b ? a : b; }

/* The common type of two numeric operands (types.md §6 rules 3-4).  False
 * for DT_UI8 mixed with a signed integer, which needs an explicit cast. */
static bool promote_numeric(IrType a, IrType b, FeOp op, IrType *out)
{
	*out = mk(IR_DT_EMPTY);
	if (a.dt == IR_DT_R8 || b.dt == IR_DT_R8) {
		*out = mk(IR_DT_R8);
		return true;
	}
	if (a.dt == IR_DT_R4 || b.dt == IR_DT_R4) {
		IrType o = a.dt == IR_DT_R4 ? b : a;
		bool small = o.dt == IR_DT_R4 || (is_int(o.dt) && int_bytes(o.dt) <= 2);
		*out = mk(small ? IR_DT_R4 : IR_DT_R8);
		return true;
	}
	bool exact = a.dt == IR_DT_NUMERIC || a.dt == IR_DT_DECIMAL || b.dt == IR_DT_NUMERIC || b.dt == IR_DT_DECIMAL;
	if (!exact && (a.dt == IR_DT_CY || b.dt == IR_DT_CY)) {
		*out = mk(IR_DT_CY);
		return true;
	}
	if (exact || a.dt == IR_DT_CY || b.dt == IR_DT_CY) {
		int pa, sa, pb, sb;
		exact_ps(a, &pa, &sa);
		exact_ps(b, &pb, &sb);
		int s, p;
		if (op == FE_OP_MUL) {
			s = imin(sa + sb, 38);
			p = imin(pa + pb, 38);
		} else if (op == FE_OP_DIV) {
			s = imin(imax(sa, 6), 38);
			p = imin(pa - sa + sb + s, 38);
		} else {
			s = imax(sa, sb);
			p = imin(imax(pa - sa, pb - sb) + s + 1, 38);
		}
		if (s > p)
			s = p;
		out->dt = IR_DT_NUMERIC;
		out->precision = p;
		out->scale = s;
		return true;
	}
	bool sa = is_signed_int(a.dt), sb = is_signed_int(b.dt);
	int na = int_bytes(a.dt), nb = int_bytes(b.dt);
	if (sa == sb) {
		*out = mk(sa ? signed_of_bytes(imax(na, nb)) : unsigned_of_bytes(imax(na, nb)));
		return true;
	}
	int ns = sa ? na : nb, nu = sa ? nb : na;
	if (nu == 8)
		return false;
	*out = mk(signed_of_bytes(ns > nu ? ns : nu * 2));
	return true;
}

/* Date types in comparisons and ?: (types.md §6 rule 5). */
static bool unify_dates(IrType a, IrType b, IrType *out)
{
	if (is_time(a.dt) != is_time(b.dt))
		return false;
	if (is_time(a.dt)) {
		*out = (a.dt == IR_DT_DBTIME2 || b.dt == IR_DT_DBTIME2) ? mk(IR_DT_DBTIME2) : mk(IR_DT_DBTIME);
		out->scale = imax(a.scale, b.scale);
		return true;
	}
	if (a.dt == b.dt) {
		*out = a;
		out->scale = imax(a.scale, b.scale);
		return true;
	}
	IrDtype d = IR_DT_DBTIMESTAMP;
	if (a.dt == IR_DT_DBTIMESTAMPOFFSET || b.dt == IR_DT_DBTIMESTAMPOFFSET)
		d = IR_DT_DBTIMESTAMPOFFSET;
	else if (a.dt == IR_DT_DBTIMESTAMP2 || b.dt == IR_DT_DBTIMESTAMP2)
		d = IR_DT_DBTIMESTAMP2;
	*out = mk(d);
	out->scale = imax(a.scale, b.scale);
	return true;
}

/* Lengths add (an unknown length counts as 0). */
static int add_len(int a, int b)
{
	return (a > 0 ? a : 0) + (b > 0 ? b : 0);
}

/* ---- the checker ------------------------------------------------------ */
static bool check(Checker *k, FeExpr *e);

static const char *tname(Checker *k, IrType t)
{
	return fe_type_spelling(k->c, t);
}

static const char *ref_text(Checker *k, const FeExpr *e)
{
	if (e->kind == FE_E_VARIABLE)
		return e->u.ref.ns ? ir_sprintf(k->c->arena, "@[%s::%s]", e->u.ref.ns, e->u.ref.name)
				   : ir_sprintf(k->c->arena, "@[%s]", e->u.ref.name);
	if (e->kind == FE_E_LINEAGE)
		return ir_sprintf(k->c->arena, "#%s%s%s", strchr(e->u.ref.name, '\\') || !e->u.ref.name[0] ||
				  !strchr("0123456789", e->u.ref.name[0]) ? "{" : "", e->u.ref.name,
				  strchr(e->u.ref.name, '\\') || !e->u.ref.name[0] ||
				  !strchr("0123456789", e->u.ref.name[0]) ? "}" : "");
	return e->u.ref.qualifier ? ir_sprintf(k->c->arena, "%s.[%s]", e->u.ref.qualifier, e->u.ref.name)
				  : ir_sprintf(k->c->arena, "[%s]", e->u.ref.name);
}

/* The System variables every package has (expressions.md §5.5). */
static bool system_variable(const char *name, IrType *t)
{
	static const struct { const char *name; IrDtype dt; } vars[] = {
		{"StartTime", IR_DT_DBTIMESTAMP}, {"ContainerStartTime", IR_DT_DBTIMESTAMP},
		{"CreationDate", IR_DT_DBTIMESTAMP}, {"EventHandlerStartTime", IR_DT_DBTIMESTAMP},
		{"PackageName", IR_DT_WSTR}, {"PackageID", IR_DT_WSTR}, {"MachineName", IR_DT_WSTR},
		{"UserName", IR_DT_WSTR}, {"TaskName", IR_DT_WSTR}, {"TaskID", IR_DT_WSTR},
		{"ExecutionInstanceGUID", IR_DT_WSTR}, {"ServerExecutionID", IR_DT_I8}, {"LocaleID", IR_DT_I4},
		{"ErrorCode", IR_DT_I4}, {"ErrorDescription", IR_DT_WSTR}, {"SourceName", IR_DT_WSTR},
		{"SourceID", IR_DT_WSTR}, {"SourceDescription", IR_DT_WSTR}, {"VersionBuild", IR_DT_I4},
		{"VersionMajor", IR_DT_I4}, {"VersionMinor", IR_DT_I4}, {"VersionGUID", IR_DT_WSTR},
		{"VersionComments", IR_DT_WSTR}, {"CreatorName", IR_DT_WSTR}, {"CreatorComputerName", IR_DT_WSTR},
		{"InteractiveMode", IR_DT_BOOL}, {"OfflineMode", IR_DT_BOOL}, {"CancelEvent", IR_DT_I4},
		{"ProductVersion", IR_DT_WSTR}, {"PackageDescription", IR_DT_WSTR}, {"TaskTransactionOption", IR_DT_I4},
		{"ParentContainerGUID", IR_DT_WSTR}, {"Propagate", IR_DT_BOOL}, {"ExecutionValue", IR_DT_WSTR},
	};
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++)
		if (strcmp(vars[i].name, name) == 0) {
			*t = mk(vars[i].dt);
			return true;
		}
	return false;
}

static bool check_ref(Checker *k, FeExpr *e)
{
	const FeExprEnv *env = k->env;
	FeExprBinding *b = &e->u.ref.bind;
	bool found = false;
	switch (e->kind) {
	case FE_E_COLUMN:
		found = env && env->column && env->column(env->arg, e->u.ref.qualifier, e->u.ref.name, b);
		break;
	case FE_E_LINEAGE:
		found = env && env->lineage && env->lineage(env->arg, e->u.ref.name, b);
		break;
	default:
		found = env && env->variable && env->variable(env->arg, e->u.ref.ns, e->u.ref.name, b);
		if (!found && (!e->u.ref.ns || strcmp(e->u.ref.ns, "System") == 0) &&
		    system_variable(e->u.ref.name, &b->type)) {
			b->sql_name = ir_sprintf(k->c->arena, "System::%s", e->u.ref.name);
			b->jinja_var = true;
			found = true;
		}
		break;
	}
	if (!found) {
		static const char *const what[] = {[FE_E_COLUMN] = "column", [FE_E_LINEAGE] = "lineage reference",
						   [FE_E_VARIABLE] = "variable"};
		type_error(k, e->loc, "unknown %s '%s'", what[e->kind], ref_text(k, e));
		return false;
	}
	e->type = b->type;
	return true;
}

/* A string operand inside an expression is DT_WSTR (types.md §6 rule 1). */
static IrType as_wstr(IrType t)
{
	if (t.dt == IR_DT_STR)
		return mk_wstr(t.length);
	return t;
}

static bool check_unary(Checker *k, FeExpr *e)
{
	IrType a = e->u.op.a->type;
	switch (e->u.op.op) {
	case FE_OP_NEG:
		if (!is_num(a.dt))
			goto bad;
		e->type = a;
		return true;
	case FE_OP_NOT:
		if (a.dt != IR_DT_BOOL)
			goto bad;
		e->type = a;
		return true;
	default:
		if (!is_int(a.dt))
			goto bad;
		e->type = a;
		return true;
	}
bad:
	type_error(k, e->loc, "operator '%s' cannot be applied to %s%s", fe_op_spelling(e->u.op.op), tname(k, a),
		   e->u.op.op == FE_OP_NOT ? " (it needs DT_BOOL)" : e->u.op.op == FE_OP_BITNOT ? " (it needs an integer)" : "");
	return false;
}

static bool comparable(IrType a, IrType b)
{
	if (is_num(a.dt) && is_num(b.dt))
		return true;
	if (is_str(a.dt) && is_str(b.dt))
		return true;
	if (is_date(a.dt) && is_date(b.dt)) {
		IrType u;
		return unify_dates(a, b, &u);
	}
	/* The docs compare "7/4/2003" == GETDATE(); SSIS converts the string. */
	if ((is_str(a.dt) && is_date(b.dt)) || (is_date(a.dt) && is_str(b.dt)))
		return true;
	return a.dt == b.dt && (a.dt == IR_DT_BOOL || a.dt == IR_DT_GUID || a.dt == IR_DT_BYTES || is_blob(a.dt));
}

static bool check_binary(Checker *k, FeExpr *e)
{
	IrType a = e->u.op.a->type, b = e->u.op.b->type;
	FeOp op = e->u.op.op;
	const char *why = "";
	switch (op) {
	case FE_OP_ADD:
		if ((is_str(a.dt) || a.dt == IR_DT_TEXT || a.dt == IR_DT_NTEXT) &&
		    (is_str(b.dt) || b.dt == IR_DT_TEXT || b.dt == IR_DT_NTEXT)) {
			if (is_blob(a.dt) || is_blob(b.dt)) {
				if (is_blob(a.dt) && is_blob(b.dt) && a.dt != b.dt) {
					why = " (only one BLOB type per concatenation)";
					break;
				}
				e->type = mk(is_blob(a.dt) ? a.dt : b.dt);
			} else {
				e->type = mk_wstr(add_len(a.length, b.length));
			}
			return true;
		}
		if (a.dt == IR_DT_IMAGE && b.dt == IR_DT_IMAGE) {
			e->type = a;
			return true;
		}
		if ((is_str(a.dt) && is_num(b.dt)) || (is_num(a.dt) && is_str(b.dt)))
			why = " (cast the number to a string, e.g. (DT_WSTR,10)n)";
		/* fall through */
	case FE_OP_SUB: case FE_OP_MUL: case FE_OP_DIV:
		if (!*why && is_num(a.dt) && is_num(b.dt)) {
			if (!promote_numeric(a, b, op, &e->type)) {
				why = " (DT_UI8 mixed with a signed integer needs an explicit cast)";
				break;
			}
			return true;
		}
		break;
	case FE_OP_MOD:
		if (is_int(a.dt) && is_int(b.dt)) {
			if (promote_numeric(a, b, op, &e->type))
				return true;
			why = " (DT_UI8 mixed with a signed integer needs an explicit cast)";
		} else {
			why = " (% needs integer operands)";
		}
		break;
	case FE_OP_BITAND: case FE_OP_BITOR: case FE_OP_BITXOR:
		if (is_int(a.dt) && is_int(b.dt)) {
			if (promote_numeric(a, b, op, &e->type))
				return true;
			why = " (DT_UI8 mixed with a signed integer needs an explicit cast)";
		} else {
			why = a.dt == IR_DT_BOOL || b.dt == IR_DT_BOOL ? " (bitwise operators need integers; use && or ||)"
								       : " (bitwise operators need integers)";
		}
		break;
	case FE_OP_AND: case FE_OP_OR:
		if (a.dt == IR_DT_BOOL && b.dt == IR_DT_BOOL) {
			e->type = mk(IR_DT_BOOL);
			return true;
		}
		why = " (logical operators need DT_BOOL; nothing converts to DT_BOOL implicitly)";
		break;
	default: /* comparisons */
		if (comparable(a, b)) {
			IrType u;
			if (is_num(a.dt) && is_num(b.dt) && !promote_numeric(a, b, op, &u)) {
				why = " (DT_UI8 compared with a signed integer needs an explicit cast)";
				break;
			}
			if (is_blob(a.dt) && op != FE_OP_EQ && op != FE_OP_NE) {
				why = " (BLOBs compare only with == and !=)";
				break;
			}
			e->type = mk(IR_DT_BOOL);
			return true;
		}
		if (a.dt == IR_DT_BOOL || b.dt == IR_DT_BOOL)
			why = " (DT_BOOL is not a number; compare with TRUE/FALSE or cast explicitly)";
		else if (is_date(a.dt) && is_date(b.dt))
			why = " (time-only types cannot be compared with date types)";
		break;
	}
	type_error(k, e->u.op.op_loc, "operator '%s' cannot be applied to %s and %s%s", fe_op_spelling(op), tname(k, a),
		   tname(k, b), why);
	return false;
}

/* The type of c ? x : y from its branches (expressions.md §4.8). */
static bool branch_type(IrType a, IrType b, IrType *out)
{
	if (a.dt == IR_DT_TEXT && b.dt == IR_DT_TEXT && a.codepage != b.codepage)
		return false;   /* DT_TEXT branches need the same code page */
	if (a.dt == b.dt && !is_str(a.dt) && a.dt != IR_DT_NUMERIC && a.dt != IR_DT_BYTES && !is_date(a.dt)) {
		*out = a;
		return true;
	}
	if (is_num(a.dt) && is_num(b.dt))
		return promote_numeric(a, b, FE_OP_ADD, out);
	if (is_str(a.dt) && is_str(b.dt)) {
		*out = mk_wstr((a.length <= 0 || b.length <= 0) ? 0 : imax(a.length, b.length));
		return true;
	}
	if (is_date(a.dt) && is_date(b.dt))
		return unify_dates(a, b, out);
	if (a.dt == IR_DT_BYTES && b.dt == IR_DT_BYTES) {
		*out = a;
		out->length = imax(a.length, b.length);
		return true;
	}
	return false;
}

static bool check_cond(Checker *k, FeExpr *e)
{
	IrType c = e->u.cond.c->type, a = e->u.cond.t->type, b = e->u.cond.f->type;
	if (c.dt != IR_DT_BOOL) {
		type_error(k, e->u.cond.c->loc, "the condition of '?:' must be DT_BOOL, not %s", tname(k, c));
		return false;
	}
	if (a.dt == IR_DT_NUMERIC && b.dt == IR_DT_NUMERIC) {
		int s = imax(a.scale, b.scale);
		e->type = mk(IR_DT_NUMERIC);
		e->type.scale = s;
		e->type.precision = imin(imax(a.precision - a.scale, b.precision - b.scale) + s, 38);
		return true;
	}
	if (!branch_type(a, b, &e->type)) {
		type_error(k, e->u.cond.t->loc, "the branches of '?:' have incompatible types %s and %s", tname(k, a),
			   tname(k, b));
		return false;
	}
	return true;
}

/* Which explicit conversions exist (expressions.md §4.5, types.md §7). */
static bool cast_legal(IrDtype from, IrDtype to)
{
	if (from == to)
		return true;
	bool fs = is_str(from) || from == IR_DT_TEXT || from == IR_DT_NTEXT;
	switch (to) {
	case IR_DT_BOOL:
		return is_num(from) || fs;
	case IR_DT_STR: case IR_DT_WSTR:
		return from != IR_DT_IMAGE;
	case IR_DT_TEXT: case IR_DT_NTEXT:
		return fs;
	case IR_DT_IMAGE:
		return from == IR_DT_BYTES;
	case IR_DT_BYTES:
		return fs || from == IR_DT_IMAGE || from == IR_DT_GUID;
	case IR_DT_GUID:
		return fs || from == IR_DT_BYTES;
	default:
		break;
	}
	if (is_num(to))
		return is_num(from) || fs || from == IR_DT_BOOL || from == IR_DT_DATE ||
		       (to == IR_DT_DATE && is_date(from));
	if (is_date(to))
		return is_date(from) || fs || (to == IR_DT_DATE && is_num(from)) || (from == IR_DT_DATE);
	return false;
}

static bool check_cast(Checker *k, FeExpr *e)
{
	IrType from = e->u.cast.e->type, to = e->u.cast.to;
	if (!cast_legal(from.dt, to.dt)) {
		type_error(k, e->loc, "cannot cast %s to %s", tname(k, from), tname(k, to));
		return false;
	}
	/* A DT_STR cast sticks only at the root (types.md §6 rule 1). */
	e->type = (to.dt == IR_DT_STR && !e->is_root) ? mk_wstr(to.length) : to;
	return true;
}

static bool arg_ok(char cls, IrType t)
{
	switch (cls) {
	case 'n': return is_num(t.dt);
	case 'i': return is_int(t.dt);
	case 's': return is_str(t.dt);
	case 'S': return is_str(t.dt) || is_blob(t.dt);
	case 'd': return is_date(t.dt);
	case 'p': return is_str(t.dt);
	default: return !is_blob(t.dt);
	}
}

static const char *class_name(char cls)
{
	switch (cls) {
	case 'n': return "a number";
	case 'i': return "an integer";
	case 's': return "a string (DT_WSTR or DT_STR)";
	case 'S': return "a string";
	case 'd': return "a date";
	case 'p': return "a date part";
	default: return "a non-BLOB value";
	}
}

enum ResultRule { R_ARG0, R_R8, R_I4, R_UI2, R_BOOL, R_DBTS, R_HEX, R_STR0, R_REPLACE, R_REPLICATE };
static const struct { const char *args; enum ResultRule res; } signatures[FE_FN__COUNT] = {
#define FE_X(id, name, lo, hi, args, res) {args, res},
	FE_EXPR_FUNCTIONS(FE_X)
#undef FE_X
};

static bool check_datepart_arg(Checker *k, FeExpr *e)
{
	FeExpr *a = e->u.call.args[0];
	if (a->kind != FE_E_STRING) {
		type_error(k, a->loc, "the date part of %s must be a string literal such as \"day\"", fe_func_name(e->u.call.fn));
		return false;
	}
	e->u.call.part = fe_datepart_lookup(a->u.str.utf8, e->u.call.fn == FE_FN_DATEPART);
	if (e->u.call.part == FE_DP_NONE) {
		type_error(k, a->loc, "unknown date part \"%s\" for %s", a->u.str.utf8, fe_func_name(e->u.call.fn));
		return false;
	}
	return true;
}

static bool check_call(Checker *k, FeExpr *e)
{
	FeFunc fn = e->u.call.fn;
	const char *sig = signatures[fn].args;
	FeExpr **args = e->u.call.args;
	for (int i = 0; i < e->u.call.nargs; i++) {
		char cls = sig[i];
		IrType t = args[i]->type;
		bool ok = arg_ok(cls, t);
		if (fn == FE_FN_REPLACENULL && is_blob(t.dt))
			ok = false;
		if (!ok) {
			type_error(k, args[i]->loc, "argument %d of %s must be %s, not %s", i + 1, fe_func_name(fn),
				   class_name(cls), tname(k, t));
			return false;
		}
	}
	if (sig[0] == 'p' && !check_datepart_arg(k, e))
		return false;
	IrType a0 = e->u.call.nargs ? args[0]->type : mk(IR_DT_EMPTY);
	switch (signatures[fn].res) {
	case R_ARG0:
		e->type = a0;
		break;
	case R_R8: e->type = mk(IR_DT_R8); break;
	case R_I4: e->type = mk(IR_DT_I4); break;
	case R_UI2: e->type = mk(IR_DT_UI2); break;
	case R_BOOL: e->type = mk(IR_DT_BOOL); break;
	case R_DBTS: e->type = mk(IR_DT_DBTIMESTAMP); break;
	case R_HEX: e->type = mk_wstr(int_bytes(a0.dt) * 2); break;
	case R_STR0: case R_REPLACE: e->type = mk_wstr(a0.length); break;
	case R_REPLICATE: {
		FeExpr *n = args[1];
		e->type = mk_wstr(n->kind == FE_E_INT && a0.length > 0 && n->u.num.value <= 4000
					  ? (int)(a0.length * (long)n->u.num.value) : 0);
		break;
	}
	}
	if (fn == FE_FN_REPLACENULL) {
		IrType b = args[1]->type, u;
		bool compatible = (is_num(a0.dt) && is_num(b.dt)) || (is_str(a0.dt) && is_str(b.dt)) ||
				  (is_date(a0.dt) && is_date(b.dt) && unify_dates(a0, b, &u)) || a0.dt == b.dt;
		if (!compatible) {
			type_error(k, args[1]->loc, "the second argument of REPLACENULL (%s) cannot be converted to %s",
				   tname(k, b), tname(k, a0));
			return false;
		}
	}
	if ((fn == FE_FN_ROUND) && args[1]->kind == FE_E_INT && args[1]->u.num.value > 38) {
		type_error(k, args[1]->loc, "ROUND length must be between 0 and 38");
		return false;
	}
	return true;
}

static bool check(Checker *k, FeExpr *e)
{
	switch (e->kind) {
	case FE_E_INT: case FE_E_DECIMAL: case FE_E_REAL: case FE_E_STRING: case FE_E_BOOL:
		return true;   /* typed by the builder */
	case FE_E_NULL:
		e->type = e->u.null.type;
		if (e->type.dt == IR_DT_STR && !e->is_root) {
			/* The docs allow NULL(DT_STR,...) only at the root; SSIS types it DT_WSTR. */
			ir_warn(k->c, e->loc, IR_W_expression_type, k->env ? k->env->ssis_path : NULL,
				"NULL(DT_STR, ...) inside an expression is DT_WSTR; only the whole expression can be DT_STR");
			e->type = mk_wstr(e->type.length);
		}
		return true;
	case FE_E_COLUMN: case FE_E_LINEAGE: case FE_E_VARIABLE:
		return check_ref(k, e);
	case FE_E_UNARY:
		return check(k, e->u.op.a) && check_unary(k, e);
	case FE_E_BINARY: {
		bool a = check(k, e->u.op.a), b = check(k, e->u.op.b);
		return a && b && check_binary(k, e);
	}
	case FE_E_COND: {
		bool c = check(k, e->u.cond.c), t = check(k, e->u.cond.t), f = check(k, e->u.cond.f);
		return c && t && f && check_cond(k, e);
	}
	case FE_E_CAST:
		return check(k, e->u.cast.e) && check_cast(k, e);
	case FE_E_CALL: {
		bool ok = true;
		for (int i = 0; i < e->u.call.nargs; i++)
			ok = check(k, e->u.call.args[i]) && ok;
		return ok && check_call(k, e);
	}
	case FE_E_ASSIGN: {
		bool v = check(k, e->u.assign.var), x = check(k, e->u.assign.value);
		e->type = e->u.assign.var->type;
		return v && x;
	}
	}
	return false;
}

bool fe_expr_check(IrCtx *c, FeExpr *e, const FeExprEnv *env)
{
	Checker k = {.c = c, .env = env};
	bool ok = check(&k, e);
	if (ok && e->type.dt == IR_DT_STR && e->kind != FE_E_CAST && e->kind != FE_E_NULL &&
	    e->kind != FE_E_COLUMN && e->kind != FE_E_LINEAGE && e->kind != FE_E_VARIABLE)
		e->type = as_wstr(e->type);
	return ok && k.nerrors == 0;
}
