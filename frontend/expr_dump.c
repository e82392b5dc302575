/* expr_dump.c — prints an expression tree as an S-expression, with the
 * type of each node once it is checked: the stable text the tests and the
 * `expr --syntax-only` command show. */
#include "expr.h"

static void dump(IrBuf *b, const FeExpr *e)
{
	switch (e->kind) {
	case FE_E_INT: case FE_E_DECIMAL: case FE_E_REAL:
		ir_buf_puts(b, e->u.num.text);
		break;
	case FE_E_STRING:
		ir_buf_puts(b, "\"");
		for (size_t i = 0; i < e->u.str.nbytes; i++) {
			unsigned char ch = (unsigned char)e->u.str.utf8[i];
			if (ch == '"' || ch == '\\')
				ir_buf_printf(b, "\\%c", ch);
			else if (ch < 0x20)
				ir_buf_printf(b, "\\x%04X", ch);
			else
				ir_buf_put(b, &e->u.str.utf8[i], 1);
		}
		ir_buf_puts(b, "\"");
		break;
	case FE_E_BOOL:
		ir_buf_puts(b, e->u.boolean ? "TRUE" : "FALSE");
		break;
	case FE_E_NULL:
		ir_buf_printf(b, "(null %s)", ir_dtype_name(e->u.null.type.dt));
		break;
	case FE_E_COLUMN:
		if (e->u.ref.qualifier)
			ir_buf_printf(b, "[%s].", e->u.ref.qualifier);
		ir_buf_printf(b, "[%s]", e->u.ref.name);
		break;
	case FE_E_LINEAGE:
		ir_buf_printf(b, "#{%s}", e->u.ref.name);
		break;
	case FE_E_VARIABLE:
		ir_buf_printf(b, "@[%s%s%s]", e->u.ref.ns ? e->u.ref.ns : "", e->u.ref.ns ? "::" : "", e->u.ref.name);
		break;
	case FE_E_UNARY:
		ir_buf_printf(b, "(%s ", fe_op_spelling(e->u.op.op));
		dump(b, e->u.op.a);
		ir_buf_puts(b, ")");
		break;
	case FE_E_BINARY:
		ir_buf_printf(b, "(%s ", fe_op_spelling(e->u.op.op));
		dump(b, e->u.op.a);
		ir_buf_puts(b, " ");
		dump(b, e->u.op.b);
		ir_buf_puts(b, ")");
		break;
	case FE_E_COND:
		ir_buf_puts(b, "(?: ");
		dump(b, e->u.cond.c);
		ir_buf_puts(b, " ");
		dump(b, e->u.cond.t);
		ir_buf_puts(b, " ");
		dump(b, e->u.cond.f);
		ir_buf_puts(b, ")");
		break;
	case FE_E_CAST:
		ir_buf_printf(b, "(cast %s ", ir_dtype_name(e->u.cast.to.dt));
		dump(b, e->u.cast.e);
		ir_buf_puts(b, ")");
		break;
	case FE_E_CALL:
		ir_buf_printf(b, "(%s", fe_func_name(e->u.call.fn));
		for (int i = 0; i < e->u.call.nargs; i++) {
			ir_buf_puts(b, " ");
			dump(b, e->u.call.args[i]);
		}
		ir_buf_puts(b, ")");
		break;
	case FE_E_ASSIGN:
		ir_buf_puts(b, "(= ");
		dump(b, e->u.assign.var);
		ir_buf_puts(b, " ");
		dump(b, e->u.assign.value);
		ir_buf_puts(b, ")");
		break;
	}
}

void fe_expr_dump(IrBuf *out, const FeExpr *e)
{
	dump(out, e);
}
