/* test_expr_api.c — unit tests of the expression API that the command
 * line does not reach: the location map from decoded text back to package
 * bytes, type spellings, and the general SQL expression nodes (IS [NOT]
 * DISTINCT FROM, verbatim CAST types, functions the table does not know). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dialect.h"
#include "expr.h"

/* The decoded text "a &&" came from the raw attribute "a &amp;&amp;" that
 * starts at byte 100 of the package: offsets after the '&' shift by 4. */
static IrLoc map_entities(void *arg, size_t off)
{
	uint32_t file = *(uint32_t *)arg;
	size_t raw = off <= 2 ? off : off == 3 ? 7 : 12;
	return ir_loc(file, 100 + raw);
}

static void test_location_map(void **state)
{
	(void)state;
	IrWarnPolicy p;
	ir_warn_policy_default(&p);
	IrCtx *c = ir_ctx_new(&p);
	char pkg[200];
	memset(pkg, ' ', sizeof pkg);
	memcpy(pkg + 100, "a &amp;&amp;", 12);
	uint32_t file = ir_add_file(c, "p.dtsx", pkg, sizeof pkg);
	assert_null(fe_expr_parse(c, "a &&", 4, ir_loc(file, 100), map_entities, &file, 0));
	assert_int_equal(c->nerrors, 1);
	assert_int_equal(c->diags[0].loc.file, file);
	assert_int_equal(c->diags[0].loc.off, 112);   /* the end of the attribute, not of the decoded text */
	/* without a map: origin + offset */
	assert_null(fe_expr_parse(c, "1 +* 2", 6, ir_loc(file, 50), NULL, NULL, 0));
	assert_int_equal(c->diags[1].loc.off, 53);
	ir_ctx_free(c);
}

static void test_type_spellings(void **state)
{
	(void)state;
	IrWarnPolicy p;
	ir_warn_policy_default(&p);
	IrCtx *c = ir_ctx_new(&p);
	const char *in[] = {"DT_WSTR(50)", "DT_I4", "DT_NUMERIC(10,2)", "DT_STR(20,1252)", "DT_DBTIMESTAMP2(7)", "DT_TEXT(1252)"};
	for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
		IrType t;
		assert_true(fe_type_parse(in[i], &t));
		assert_string_equal(fe_type_spelling(c, t), in[i]);
	}
	IrType t;
	assert_true(fe_type_parse("wstr(10)", &t));
	assert_int_equal(t.dt, IR_DT_WSTR);
	assert_false(fe_type_parse("DT_STR(20)", &t));
	assert_false(fe_type_parse("DT_FOO", &t));
	assert_false(fe_type_parse("DT_I4(", &t));
	ir_ctx_free(c);
}

static char *print(IrSqlx *x, BeDialect d, bool pred)
{
	static char buf[512];
	IrBuf b = {0};
	BePrintOpts o = {.dialect = d, .predicate = pred};
	be_sql_print(&b, x, &o);
	snprintf(buf, sizeof buf, "%.*s", (int)b.len, b.data);
	ir_buf_free(&b);
	return buf;
}

static void test_general_nodes(void **state)
{
	(void)state;
	IrWarnPolicy p;
	ir_warn_policy_default(&p);
	IrCtx *c = ir_ctx_new(&p);
	IrLoc l = {0, 0};
	IrSqlx *a = ir_sqlx_column(c, l, "t", "a"), *b = ir_sqlx_column(c, l, NULL, "b");
	assert_string_equal(print(ir_sqlx_distinct(c, l, a, b, true), BE_POSTGRES, true), "(\"t\".\"a\" IS NOT DISTINCT FROM \"b\")");
	assert_string_equal(print(ir_sqlx_distinct(c, l, a, b, false), BE_SQLSERVER, true), "([t].[a] IS DISTINCT FROM [b])");
	assert_string_equal(print(ir_sqlx_cast_raw(c, l, a, "nvarchar(50)"), BE_DUCKDB, false), "CAST(\"t\".\"a\" AS nvarchar(50))");
	assert_string_equal(print(ir_sqlx_func(c, l, "COALESCE", 2, a, b), BE_SNOWFLAKE, false), "COALESCE(\"t\".\"a\", \"b\")");
	assert_string_equal(print(ir_sqlx_func(c, l, "my func", 1, b), BE_DUCKDB, false), "\"my func\"(\"b\")");
	assert_string_equal(print(ir_sqlx_is_null(c, l, b, true), BE_SQLSERVER, false),
			    "(CASE WHEN ([b] IS NOT NULL) THEN CAST(1 AS bit) WHEN NOT ([b] IS NOT NULL) THEN CAST(0 AS bit) END)");
	assert_string_equal(print(ir_sqlx_bool(c, l, true), BE_SQLSERVER, true), "(1 = 1)");
	assert_string_equal(print(ir_sqlx_var(c, l, "User::it's"), BE_DUCKDB, false), "{{ var('User::it\\'s') }}");
	IrType num = {.dt = IR_DT_NUMERIC, .precision = 12, .scale = 3};
	IrBuf t = {0};
	be_sql_type(&t, BE_SNOWFLAKE, num);
	ir_buf_puts(&t, " ");
	IrType w = {.dt = IR_DT_WSTR};
	be_sql_type(&t, BE_SQLSERVER, w);
	ir_buf_puts(&t, " ");
	be_sql_type(&t, BE_POSTGRES, w);
	ir_buf_put(&t, "", 1);
	assert_string_equal(t.data, "NUMBER(12,3) nvarchar(max) varchar");
	ir_buf_free(&t);
	ir_ctx_free(c);
}

static void test_dialect_table(void **state)
{
	(void)state;
	BeDialect d;
	assert_true(be_dialect_lookup("snowflake", &d));
	assert_int_equal(d, BE_SNOWFLAKE);
	assert_false(be_dialect_lookup("oracle", &d));
	/* every template names a macro that exists */
	const char *keys[] = {"findstring", "token", "tokencount", "hex"};
	for (size_t i = 0; i < 4; i++)
		for (int k = 0; k < BE__NDIALECTS; k++) {
			const char *t = be_dialect_template((BeDialect)k, keys[i]);
			assert_non_null(t);
			if (t[0] == '@') {
				const BeMacro *m = be_macro_lookup(t + 1);
				assert_non_null(m);
				assert_non_null(m->body[k]);
			}
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_location_map),
		cmocka_unit_test(test_type_spellings),
		cmocka_unit_test(test_general_nodes),
		cmocka_unit_test(test_dialect_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
