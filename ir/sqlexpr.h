/* sqlexpr.h — the dialect-neutral SQL expression tree: column references,
 * literals, function calls, operators, CASE, CAST to a target type, IS
 * [NOT] NULL, IS [NOT] DISTINCT FROM, dbt macro calls and Jinja variables.
 * The backend prints it per dialect (backend/sql_print.c); the expression
 * lowering, the relational IR and the T-SQL transpiler all build it. */
#ifndef SSIS_IR_SQLEXPR_H
#define SSIS_IR_SQLEXPR_H

#include "ir.h"

typedef enum IrSqlxKind {
	IR_SQLX_COLUMN,    /* u.column */
	IR_SQLX_LITERAL,   /* u.lit */
	IR_SQLX_FUNC,      /* u.call: a neutral function name, spelled per dialect by backend/dialects.def */
	IR_SQLX_OP,        /* u.op: an operator, spelled per dialect by backend/dialects.def */
	IR_SQLX_CASE,      /* u.kase: searched CASE (operand NULL) or simple CASE */
	IR_SQLX_CAST,      /* u.cast */
	IR_SQLX_IS_NULL,   /* u.is: e IS [NOT] NULL */
	IR_SQLX_DISTINCT,  /* u.is: a IS [NOT] DISTINCT FROM b */
	IR_SQLX_MACRO,     /* u.call: a shipped dbt macro, ssis_<name>(args) */
	IR_SQLX_VAR        /* u.var: {{ var('name') }} */
} IrSqlxKind;

typedef enum IrSqlxLitKind {
	IR_SQLX_LIT_INT,      /* text: decimal digits, optional leading '-' */
	IR_SQLX_LIT_DECIMAL,  /* text: exact decimal, e.g. 5.80 */
	IR_SQLX_LIT_FLOAT,    /* text: 1.5E3 */
	IR_SQLX_LIT_STRING,   /* text: UTF-8 value (not quoted) */
	IR_SQLX_LIT_BOOL,     /* boolean */
	IR_SQLX_LIT_NULL
} IrSqlxLitKind;

/* Operators.  String comparisons are separate from the others because the
 * dialects need different spellings to compare exactly (no padding, binary). */
#define IR_SQLX_OPS(X) \
	X(ADD, "add", 2) X(SUB, "sub", 2) X(MUL, "mul", 2) \
	X(DIV, "div", 2)            /* exact or float division */ \
	X(IDIV, "idiv", 2)          /* integer division, truncating toward zero */ \
	X(MOD, "mod", 2)            /* remainder with the sign of the dividend */ \
	X(NEG, "neg", 1) X(CONCAT, "concat", 2) \
	X(EQ, "eq", 2) X(NE, "ne", 2) X(LT, "lt", 2) X(GT, "gt", 2) X(LE, "le", 2) X(GE, "ge", 2) \
	X(STR_EQ, "str_eq", 2) X(STR_NE, "str_ne", 2) X(STR_LT, "str_lt", 2) X(STR_GT, "str_gt", 2) \
	X(STR_LE, "str_le", 2) X(STR_GE, "str_ge", 2) \
	X(AND, "and", 2) X(OR, "or", 2) X(NOT, "not", 1) \
	X(BITAND, "bitand", 2) X(BITOR, "bitor", 2) X(BITXOR, "bitxor", 2) X(BITNOT, "bitnot", 1)

typedef enum IrSqlxOp {
#define IR_X(id, key, arity) IR_SQLX_##id,
	IR_SQLX_OPS(IR_X)
#undef IR_X
	IR_SQLX__NOPS
} IrSqlxOp;
const char *ir_sqlx_op_key(IrSqlxOp op);   /* "idiv": the dialect table's key */
int ir_sqlx_op_arity(IrSqlxOp op);
bool ir_sqlx_op_is_predicate(IrSqlxOp op); /* comparisons and logic: a boolean result */

/* A CAST target: an SSIS type mapped per dialect, or a verbatim SQL type. */
typedef struct IrSqlType {
	IrType ssis;
	const char *raw;   /* e.g. "nvarchar(50)" from T-SQL; when set, printed as is */
} IrSqlType;

typedef struct IrSqlx IrSqlx;
struct IrSqlx {
	IrSqlxKind kind;
	IrLoc loc;
	bool boolean;      /* the value is a boolean (T-SQL needs to know: bit vs predicate) */
	union {
		struct { const char *qualifier, *name; } column;
		struct { IrSqlxLitKind k; const char *text; bool boolean; } lit;
		struct { const char *name; IrSqlx **args; int nargs; } call;
		struct { IrSqlxOp op; IrSqlx *a, *b; } op;
		struct { IrSqlx *operand; IrSqlx **when, **then; int n; IrSqlx *els; } kase;
		struct { IrSqlx *e; IrSqlType to; bool try_cast; } cast;
		struct { IrSqlx *a, *b; bool negated; } is;
		struct { const char *name; bool quoted; /* a string or date value: printed inside quotes */ } var;
	} u;
};

/* Builders: every node is allocated in the context's arena. */
IrSqlx *ir_sqlx_column(IrCtx *c, IrLoc loc, const char *qualifier, const char *name);
IrSqlx *ir_sqlx_int(IrCtx *c, IrLoc loc, long long v);
IrSqlx *ir_sqlx_lit(IrCtx *c, IrLoc loc, IrSqlxLitKind k, const char *text);
IrSqlx *ir_sqlx_bool(IrCtx *c, IrLoc loc, bool v);
IrSqlx *ir_sqlx_null(IrCtx *c, IrLoc loc);
IrSqlx *ir_sqlx_func(IrCtx *c, IrLoc loc, const char *name, int nargs, ...);
IrSqlx *ir_sqlx_funcv(IrCtx *c, IrLoc loc, const char *name, int nargs, IrSqlx **args);
IrSqlx *ir_sqlx_macro(IrCtx *c, IrLoc loc, const char *name, int nargs, IrSqlx **args);
IrSqlx *ir_sqlx_op1(IrCtx *c, IrLoc loc, IrSqlxOp op, IrSqlx *a);
IrSqlx *ir_sqlx_op2(IrCtx *c, IrLoc loc, IrSqlxOp op, IrSqlx *a, IrSqlx *b);
/* CASE WHEN w[0] THEN t[0] ... [ELSE els] END; n pairs, els may be NULL. */
IrSqlx *ir_sqlx_case(IrCtx *c, IrLoc loc, int n, IrSqlx **when, IrSqlx **then, IrSqlx *els);
IrSqlx *ir_sqlx_case1(IrCtx *c, IrLoc loc, IrSqlx *when, IrSqlx *then, IrSqlx *els);
IrSqlx *ir_sqlx_cast(IrCtx *c, IrLoc loc, IrSqlx *e, IrType to);
IrSqlx *ir_sqlx_cast_raw(IrCtx *c, IrLoc loc, IrSqlx *e, const char *sql_type);
IrSqlx *ir_sqlx_is_null(IrCtx *c, IrLoc loc, IrSqlx *e, bool negated);
IrSqlx *ir_sqlx_distinct(IrCtx *c, IrLoc loc, IrSqlx *a, IrSqlx *b, bool negated);
IrSqlx *ir_sqlx_var(IrCtx *c, IrLoc loc, const char *name);

#endif
