/* test_tsql_api.c — the T-SQL front end's C API: statement kinds and
 * counts, ? numbering, and the offset map that puts a syntax error's caret
 * on the right line and column of the file the SQL was decoded from. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "tsql.h"

static IrCtx *new_ctx(void)
{
	static IrWarnPolicy policy;
	ir_warn_policy_default(&policy);
	return ir_ctx_new(&policy);
}

static void test_counts_and_params(void **state)
{
	(void)state;
	IrCtx *c = new_ctx();
	const char *sql = "SELECT a FROM t WHERE x = ? AND y = ?\nGO\nUPDATE t SET a = ? WHERE b = 1";
	uint32_t f = ir_add_file(c, "q.sql", sql, strlen(sql));
	SqlScript *s = fe_tsql_parse(c, ir_file(c, f)->text, strlen(sql), ir_loc(f, 0), NULL, NULL);
	assert_int_equal(s->stmts.len, 3);
	assert_int_equal(IR_VEC_AT(s->stmts, SqlStmt, 0)->kind, SQL_S_SELECT);
	assert_int_equal(IR_VEC_AT(s->stmts, SqlStmt, 1)->kind, SQL_S_GO);
	SqlStmt *upd = IR_VEC_AT(s->stmts, SqlStmt, 2);
	assert_int_equal(upd->kind, SQL_S_UPDATE);
	SqlAssign *a = upd->u.update.set.items[0];
	assert_int_equal(a->value->kind, SQL_E_PARAM);
	assert_int_equal(a->value->param, 2);
	assert_int_equal(s->nparams, 3);
	assert_int_equal(s->nunparsed, 0);
	assert_int_equal(c->nwarnings, 0);
	ir_ctx_free(c);
}

/* The SQL sits in an XML attribute at byte 100 of the "file"; every '\n' of
 * the decoded text was written as the five bytes "&#xA;". */
typedef struct Escaped {
	const char *decoded;
} Escaped;

static IrLoc map_escaped(void *arg, IrLoc origin, size_t off)
{
	const Escaped *e = arg;
	size_t raw = 0;
	for (size_t i = 0; i < off; i++)
		raw += e->decoded[i] == '\n' ? 5 : 1;
	return ir_loc(origin.file, origin.off + raw);
}

static void test_location_map(void **state)
{
	(void)state;
	IrCtx *c = new_ctx();
	const char *decoded = "SELECT 1\nSELECT a FROM WHERE";
	char raw[256];
	memset(raw, ' ', 100);
	snprintf(raw + 100, sizeof raw - 100, "SELECT 1&#xA;SELECT a FROM WHERE\"/>");
	uint32_t f = ir_add_file(c, "pkg.dtsx", raw, strlen(raw));
	Escaped e = {decoded};
	SqlScript *s = fe_tsql_parse(c, decoded, strlen(decoded), ir_loc(f, 100), map_escaped, &e);
	assert_int_equal(s->nunparsed, 1);
	assert_true(c->nwarnings >= 1);
	const IrDiagnostic *d = &c->diags[0];
	assert_int_equal(d->warning, IR_W_sql_unparsed);
	/* the error is at WHERE: decoded offset 23, raw 100 + 23 + 4 */
	assert_int_equal(d->loc.file, f);
	assert_int_equal(d->loc.off, 127);
	assert_memory_equal(raw + d->loc.off, "WHERE", 5);
	SqlStmt *bad = IR_VEC_AT(s->stmts, SqlStmt, 1);
	assert_int_equal(bad->kind, SQL_S_UNPARSED);
	assert_string_equal(bad->u.unparsed.text, "SELECT a FROM WHERE");
	assert_int_equal(bad->loc.off, 100 + 9 + 4);
	ir_ctx_free(c);
}

static void test_unparsed_never_dropped(void **state)
{
	(void)state;
	static const char *const inputs[] = {
		"BEGIN SELECT 1", "((((((", "SELECT 'x", "/*", "END END", "IF", "CASE", ")", "SELECT 1 FROM t WHERE (a = 1",
	};
	for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
		IrCtx *c = new_ctx();
		SqlScript *s = fe_tsql_parse(c, inputs[i], strlen(inputs[i]), ir_loc(0, 0), NULL, NULL);
		assert_true(s->nunparsed >= 1);
		/* the verbatim texts cover the input's last statement */
		const SqlStmt *last = IR_VEC_AT(s->stmts, SqlStmt, s->stmts.len - 1);
		assert_int_equal(last->kind, SQL_S_UNPARSED);
		assert_int_equal(last->end, strlen(inputs[i]));
		ir_ctx_free(c);
	}
}

static void test_deep_nesting_is_an_error_not_a_crash(void **state)
{
	(void)state;
	enum { N = 50000 };
	static char sql[7 + 2 * N + 1];
	memcpy(sql, "SELECT ", 7);
	memset(sql + 7, '(', N);
	sql[7 + N] = '1';
	memset(sql + 8 + N, ')', N - 1);
	IrCtx *c = new_ctx();
	SqlScript *s = fe_tsql_parse(c, sql, strlen(sql), ir_loc(0, 0), NULL, NULL);
	assert_int_equal(s->nunparsed, 1);
	ir_ctx_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_and_params),
		cmocka_unit_test(test_location_map),
		cmocka_unit_test(test_unparsed_never_dropped),
		cmocka_unit_test(test_deep_nesting_is_an_error_not_a_crash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
