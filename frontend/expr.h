/* expr.h — the SSIS expression language: a pure, reentrant flex/bison
 * parser that builds a typed AST in the compilation's arena, and the type
 * checker that applies SSIS's typing rules (not SQL's). */
#ifndef SSIS_FE_EXPR_H
#define SSIS_FE_EXPR_H

#include "ir.h"

/* Every function of the language: id, name, min and max argument count,
 * argument classes (one letter per argument, see expr_check.c), result rule. */
#define FE_EXPR_FUNCTIONS(X) \
	X(ABS, "ABS", 1, 1, "n", R_ARG0) \
	X(CEILING, "CEILING", 1, 1, "n", R_ARG0) \
	X(EXP, "EXP", 1, 1, "n", R_R8) \
	X(FLOOR, "FLOOR", 1, 1, "n", R_ARG0) \
	X(LN, "LN", 1, 1, "n", R_R8) \
	X(LOG, "LOG", 1, 1, "n", R_R8) \
	X(POWER, "POWER", 2, 2, "nn", R_R8) \
	X(ROUND, "ROUND", 2, 2, "ni", R_ARG0) \
	X(SIGN, "SIGN", 1, 1, "n", R_I4) \
	X(SQRT, "SQRT", 1, 1, "n", R_R8) \
	X(SQUARE, "SQUARE", 1, 1, "n", R_R8) \
	X(CODEPOINT, "CODEPOINT", 1, 1, "s", R_UI2) \
	X(FINDSTRING, "FINDSTRING", 3, 3, "ssi", R_I4) \
	X(HEX, "HEX", 1, 1, "i", R_HEX) \
	X(LEFT, "LEFT", 2, 2, "si", R_STR0) \
	X(LEN, "LEN", 1, 1, "S", R_I4) \
	X(LOWER, "LOWER", 1, 1, "s", R_STR0) \
	X(LTRIM, "LTRIM", 1, 1, "s", R_STR0) \
	X(REPLACE, "REPLACE", 3, 3, "sss", R_REPLACE) \
	X(REPLICATE, "REPLICATE", 2, 2, "si", R_REPLICATE) \
	X(REVERSE, "REVERSE", 1, 1, "s", R_STR0) \
	X(RIGHT, "RIGHT", 2, 2, "si", R_STR0) \
	X(RTRIM, "RTRIM", 1, 1, "s", R_STR0) \
	X(SUBSTRING, "SUBSTRING", 3, 3, "sii", R_STR0) \
	X(TOKEN, "TOKEN", 3, 3, "ssi", R_STR0) \
	X(TOKENCOUNT, "TOKENCOUNT", 2, 2, "ss", R_I4) \
	X(TRIM, "TRIM", 1, 1, "s", R_STR0) \
	X(UPPER, "UPPER", 1, 1, "s", R_STR0) \
	X(DATEADD, "DATEADD", 3, 3, "pnd", R_DBTS) \
	X(DATEDIFF, "DATEDIFF", 3, 3, "pdd", R_I4) \
	X(DATEPART, "DATEPART", 2, 2, "pd", R_I4) \
	X(DAY, "DAY", 1, 1, "d", R_I4) \
	X(GETDATE, "GETDATE", 0, 0, "", R_DBTS) \
	X(GETUTCDATE, "GETUTCDATE", 0, 0, "", R_DBTS) \
	X(MONTH, "MONTH", 1, 1, "d", R_I4) \
	X(YEAR, "YEAR", 1, 1, "d", R_I4) \
	X(ISNULL, "ISNULL", 1, 1, "a", R_BOOL) \
	X(REPLACENULL, "REPLACENULL", 2, 2, "aa", R_ARG0)
/* The 39th function of the reference, NULL(type), is the FE_E_NULL node. */

typedef enum FeFunc {
#define FE_X(id, name, lo, hi, args, res) FE_FN_##id,
	FE_EXPR_FUNCTIONS(FE_X)
#undef FE_X
	FE_FN__COUNT
} FeFunc;

const char *fe_func_name(FeFunc f);

/* Date parts of DATEADD / DATEDIFF / DATEPART (expressions.md §5.3). */
typedef enum FeDatePart {
	FE_DP_NONE, FE_DP_YEAR, FE_DP_QUARTER, FE_DP_MONTH, FE_DP_DAYOFYEAR, FE_DP_DAY,
	FE_DP_WEEK, FE_DP_WEEKDAY, FE_DP_HOUR, FE_DP_MINUTE, FE_DP_SECOND, FE_DP_MILLISECOND
} FeDatePart;
/* "w" is a weekday only in DATEADD/DATEDIFF; pass for_datepart to refuse it. */
FeDatePart fe_datepart_lookup(const char *s, bool for_datepart);

typedef enum FeOp {
	FE_OP_NEG, FE_OP_NOT, FE_OP_BITNOT,
	FE_OP_MUL, FE_OP_DIV, FE_OP_MOD, FE_OP_ADD, FE_OP_SUB,
	FE_OP_LT, FE_OP_GT, FE_OP_LE, FE_OP_GE, FE_OP_EQ, FE_OP_NE,
	FE_OP_BITAND, FE_OP_BITXOR, FE_OP_BITOR, FE_OP_AND, FE_OP_OR
} FeOp;
const char *fe_op_spelling(FeOp op);

typedef enum FeExprKind {
	FE_E_INT,      /* u.num: integer literal (decimal or hex), typed by its suffix */
	FE_E_DECIMAL,  /* u.num: 5.8 -> DT_NUMERIC */
	FE_E_REAL,     /* u.num: 1.5E3f -> DT_R4 / DT_R8 */
	FE_E_STRING,   /* u.str */
	FE_E_BOOL,     /* u.boolean */
	FE_E_NULL,     /* NULL(type): the node's cast_type */
	FE_E_COLUMN,   /* u.ref: [Name], Src.[Name] */
	FE_E_LINEAGE,  /* u.ref: #123 or #{Package\...} (name holds the key) */
	FE_E_VARIABLE, /* u.ref: @X, @[NS::X], @[$Project::P] */
	FE_E_UNARY,    /* u.op */
	FE_E_BINARY,   /* u.op */
	FE_E_COND,     /* u.cond */
	FE_E_CAST,     /* u.cast */
	FE_E_CALL,     /* u.call */
	FE_E_ASSIGN    /* u.assign: @[User::x] = expr (For Loop, Expression Task) */
} FeExprKind;

typedef struct FeExpr FeExpr;

/* What the environment says about a column or variable. */
typedef struct FeExprBinding {
	IrType type;
	const char *sql_name;  /* the column to read in SQL, NULL = as written */
	bool jinja_var;        /* read it as {{ var('sql_name') }} rather than a column */
} FeExprBinding;

struct FeExpr {
	FeExprKind kind;
	IrLoc loc;        /* the first byte of the construct, mapped into the package */
	IrLoc end;        /* one past its last byte */
	IrType type;      /* set by fe_expr_check; dt == IR_DT_EMPTY before */
	bool is_root;     /* the whole expression (DT_STR casts stick only here) */
	union {
		struct { const char *text; uint64_t value; bool overflow; } num;
		struct { const char *utf8; size_t nbytes; int nunits; } str;  /* decoded; nunits in UTF-16 */
		bool boolean;
		struct { IrType type; IrLoc type_loc; } null;
		struct {
			const char *qualifier;   /* Src in Src.[Col], or NULL */
			const char *name;        /* column name, lineage key, or variable name */
			const char *ns;          /* variable namespace (User, System, $Project, ...), or NULL */
			FeExprBinding bind;      /* filled by the type checker */
		} ref;
		struct { FeOp op; FeExpr *a, *b; IrLoc op_loc; } op;
		struct { FeExpr *c, *t, *f; } cond;
		struct { IrType to; FeExpr *e; } cast;
		struct { FeFunc fn; FeExpr **args; int nargs; FeDatePart part; } call;
		struct { FeExpr *var; FeExpr *value; } assign;
	} u;
};

/* Maps a byte offset in the decoded expression text to a location in the
 * package file (the front end decodes XML entities; the caret must still
 * land on the right raw byte).  NULL map: origin.off + offset. */
typedef IrLoc (*FeExprLocMap)(void *arg, size_t text_offset);

enum {
	FE_EXPR_ALLOW_ASSIGN = 1u << 0,  /* For Loop Init/Assign, Expression Task */
};

/* Parses one expression.  Returns NULL after reporting diagnostics. */
FeExpr *fe_expr_parse(IrCtx *c, const char *text, size_t len, IrLoc origin,
		      FeExprLocMap map, void *map_arg, unsigned flags);

/* The type environment: column, lineage and variable lookups.  A lookup
 * returns false for a name it does not know. */
typedef struct FeExprEnv {
	bool (*column)(void *arg, const char *qualifier, const char *name, FeExprBinding *out);
	bool (*lineage)(void *arg, const char *key, FeExprBinding *out);
	bool (*variable)(void *arg, const char *ns, const char *name, FeExprBinding *out);
	void *arg;
	const char *ssis_path; /* for diagnostics, or NULL */
} FeExprEnv;

/* Types every node bottom-up.  Returns false after reporting errors. */
bool fe_expr_check(IrCtx *c, FeExpr *e, const FeExprEnv *env);

/* "DT_WSTR(50)", "DT_NUMERIC(10,2)", "DT_STR(20,1252)", "DT_I4". */
const char *fe_type_spelling(IrCtx *c, IrType t);
bool fe_type_parse(const char *s, IrType *out);
/* How many parameters a cast or NULL() to this type takes (types.md §1). */
int fe_type_nparams(IrDtype dt);

/* An S-expression of the tree, for tests and --emit. */
void fe_expr_dump(IrBuf *out, const FeExpr *e);

#endif
