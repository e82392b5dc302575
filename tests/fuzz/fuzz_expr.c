/* fuzz_expr.c — libFuzzer target for the SSIS expression language: any
 * bytes are parsed (assignments allowed), type-checked against an
 * environment that knows every name, lowered and printed for every dialect,
 * in Jinja and inline form.  Nothing may crash, leak or hang. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dialect.h"
#include "expr.h"
#include "lower_expr.h"

/* Names decide their type, so that every type reaches the checker. */
static IrType type_for(const char *name)
{
	static const IrType types[] = {
		{.dt = IR_DT_I4}, {.dt = IR_DT_WSTR, .length = 20}, {.dt = IR_DT_NUMERIC, .precision = 10, .scale = 2},
		{.dt = IR_DT_BOOL}, {.dt = IR_DT_DBTIMESTAMP}, {.dt = IR_DT_R8}, {.dt = IR_DT_STR, .length = 5, .codepage = 1252},
		{.dt = IR_DT_UI8}, {.dt = IR_DT_DBDATE}, {.dt = IR_DT_NTEXT}, {.dt = IR_DT_DATE}, {.dt = IR_DT_GUID},
		{.dt = IR_DT_DBTIME2, .scale = 3}, {.dt = IR_DT_I1}, {.dt = IR_DT_BYTES, .length = 4},
	};
	size_t h = strlen(name);
	for (const char *p = name; *p; p++)
		h = h * 31 + (unsigned char)*p;
	return types[h % (sizeof types / sizeof *types)];
}

static bool any_column(void *arg, const char *q, const char *name, FeExprBinding *out)
{
	(void)arg, (void)q;
	out->type = type_for(name);
	return name[0] != 'z';   /* some names are unknown */
}

static bool any_lineage(void *arg, const char *key, FeExprBinding *out)
{
	(void)arg;
	out->type = type_for(key);
	return true;
}

static bool any_variable(void *arg, const char *ns, const char *name, FeExprBinding *out)
{
	(void)arg, (void)ns;
	out->type = type_for(name);
	out->jinja_var = name[0] == 'J';
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	IrWarnPolicy policy;
	ir_warn_policy_default(&policy);
	IrCtx *c = ir_ctx_new(&policy);
	uint32_t file = ir_add_file(c, "<fuzz>", (const char *)data, size);
	FeExpr *e = fe_expr_parse(c, ir_file(c, file)->text, size, ir_loc(file, 0), NULL, NULL, FE_EXPR_ALLOW_ASSIGN);
	if (e) {
		IrBuf b = {0};
		fe_expr_dump(&b, e);
		FeExprEnv env = {.column = any_column, .lineage = any_lineage, .variable = any_variable};
		if (fe_expr_check(c, e, &env)) {
			PassLowerExprOpts lo = {0};
			IrSqlx *x = pass_lower_expr(c, e, &lo);
			for (int d = 0; x && d < BE__NDIALECTS; d++)
				for (int mode = 0; mode < 4; mode++) {
					BePrintOpts po = {.dialect = (BeDialect)d, .inline_macros = mode & 1, .predicate = mode & 2};
					be_sql_print(&b, x, &po);
				}
		}
		ir_buf_free(&b);
	}
	char *text = NULL;
	size_t n = 0;
	FILE *mem = open_memstream(&text, &n);   /* the printer runs too, caret and all */
	if (mem) {
		ir_diag_print_text(c, mem, false);
		fclose(mem);
		free(text);
	}
	ir_ctx_free(c);
	return 0;
}
