/* test_ir.c — unit tests of the foundations: arena, interning, locations,
 * diagnostics (text and JSON), warning policy, secret masking, atomic
 * write-if-changed output and the SSIS type table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "ir.h"

static void arena_allocates_zeroed_aligned_memory(void **state)
{
	(void)state;
	IrArena *a = ir_arena_new();
	for (int i = 1; i < 5000; i += 37) {
		unsigned char *p = ir_alloc(a, (size_t)i);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (int k = 0; k < i; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xAB, (size_t)i);
	}
	char *big = ir_alloc(a, 1 << 20); /* larger than a block */
	big[(1 << 20) - 1] = 1;
	assert_string_equal(ir_sprintf(a, "%s-%d", "x", 42), "x-42");
	assert_true(ir_arena_bytes(a) >= (1u << 20));
	ir_arena_free(a);
}

static void vec_grows(void **state)
{
	(void)state;
	IrArena *a = ir_arena_new();
	IrVec v = {0};
	static int vals[1000];
	for (int i = 0; i < 1000; i++)
		ir_vec_push(a, &v, &vals[i]);
	assert_int_equal(v.len, 1000);
	for (int i = 0; i < 1000; i++)
		assert_ptr_equal(v.items[i], &vals[i]);
	ir_arena_free(a);
}

static void interning_gives_one_pointer_per_string(void **state)
{
	(void)state;
	IrCtx *c = ir_ctx_new(NULL);
	const char *a = ir_intern(c, "Customer", (size_t)-1);
	const char *b = ir_intern(c, "Customers", 8);
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, ir_intern(c, "customer", (size_t)-1));
	char name[32];
	const char *first = NULL;
	for (int i = 0; i < 20000; i++) { /* forces rehashing */
		snprintf(name, sizeof name, "col%d", i);
		const char *s = ir_intern(c, name, (size_t)-1);
		if (i == 0)
			first = s;
	}
	assert_ptr_equal(first, ir_intern(c, "col0", (size_t)-1));
	ir_ctx_free(c);
}

static void locations_count_lines_and_utf8_columns(void **state)
{
	(void)state;
	IrCtx *c = ir_ctx_new(NULL);
	const char text[] = "ab\r\n\xc3\xa9t\xc3\xa9 x\nlast";
	uint32_t f = ir_add_file(c, "t.dtsx", text, sizeof text - 1);
	unsigned line, col;
	ir_loc_linecol(c, ir_loc(f, 0), &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	/* "x" on line 2: bytes é(2) t(1) é(2) ' '(1) → 5th character after 4 */
	const char *x = strchr(text, 'x');
	ir_loc_linecol(c, ir_loc(f, (size_t)(x - text)), &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 5);
	assert_int_equal(ir_line_offset(c, f, 3), (size_t)(strstr(text, "last") - text));
	ir_ctx_free(c);
}

static char *capture_text(IrCtx *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	ir_diag_print_text(c, fp, false);
	fclose(fp);
	return buf;
}

static void diagnostics_print_gcc_style_with_caret(void **state)
{
	(void)state;
	IrWarnPolicy p;
	ir_warn_policy_default(&p);
	IrCtx *c = ir_ctx_new(&p);
	const char text[] = "<a>\n  <b x=\"1\"/>\n</a>\n";
	uint32_t f = ir_add_file(c, "pkg.dtsx", text, sizeof text - 1);
	ir_warn(c, ir_loc(f, (size_t)(strchr(text, 'x') - text)), IR_W_unknown_component,
		"\\Package\\DFT\\Thing", "component '%s' is not a built-in class", "Thing");
	ir_note(c, ir_loc(f, 0), "in this package");
	char *out = capture_text(c);
	assert_non_null(strstr(out, "pkg.dtsx:2:6: warning: component 'Thing' is not a built-in class [-Wunknown-component]\n"));
	assert_non_null(strstr(out, "  <b x=\"1\"/>\n"));
	assert_non_null(strstr(out, "|      ^\n"));
	assert_non_null(strstr(out, "pkg.dtsx:1:1: note: in this package\n"));
	assert_int_equal(c->nwarnings, 1);
	assert_int_equal(c->nerrors, 0);
	free(out);
	ir_ctx_free(c);
}

static void warning_policy_disables_and_promotes(void **state)
{
	(void)state;
	IrWarnPolicy p;
	ir_warn_policy_default(&p);
	p.enabled[IR_W_unknown_task] = false;
	p.as_error[IR_W_bad_property] = true;
	IrCtx *c = ir_ctx_new(&p);
	ir_warn(c, ir_loc(0, 0), IR_W_unknown_task, NULL, "dropped");
	ir_note(c, ir_loc(0, 0), "note of a dropped warning is dropped too");
	ir_warn(c, ir_loc(0, 0), IR_W_bad_property, NULL, "promoted");
	assert_int_equal(c->ndiags, 1);
	assert_int_equal(c->nerrors, 1);
	char *out = capture_text(c);
	assert_non_null(strstr(out, "error: promoted [-Werror=bad-property]"));
	free(out);
	assert_int_equal(ir_warning_lookup("unknown-component"), IR_W_unknown_component);
	assert_int_equal(ir_warning_lookup("no-such-warning"), IR_W_NONE);
	ir_ctx_free(c);
}

static void diagnostics_as_json(void **state)
{
	(void)state;
	IrCtx *c = ir_ctx_new(NULL);
	uint32_t f = ir_add_file(c, "p.dtsx", "abc\ndef\n", 8);
	ir_error(c, ir_loc(f, 5), "\\Package\\Task", "bad %s", "thing");
	cJSON *arr = cJSON_CreateArray();
	ir_diag_append_json(c, arr);
	cJSON *d = cJSON_GetArrayItem(arr, 0);
	assert_string_equal(cJSON_GetObjectItem(d, "file")->valuestring, "p.dtsx");
	assert_int_equal(cJSON_GetObjectItem(d, "line")->valueint, 2);
	assert_int_equal(cJSON_GetObjectItem(d, "column")->valueint, 2);
	assert_string_equal(cJSON_GetObjectItem(d, "severity")->valuestring, "error");
	assert_string_equal(cJSON_GetObjectItem(d, "message")->valuestring, "bad thing");
	assert_string_equal(cJSON_GetObjectItem(d, "path")->valuestring, "\\Package\\Task");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(d, "option")));
	cJSON_Delete(arr);
	ir_ctx_free(c);
}

static void secrets_are_masked_in_text(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Data Source=x;Password=hunter2;User ID=sa", "Data Source=x;Password=*******;User ID=sa"},
		{"pwd = 'a;b''c' ;x=1", "pwd = ******** ;x=1"},
		{"PASSWORD=\"q;w\"", "PASSWORD=*****"},
		{"Jet OLEDB:Database Password=zz;", "Jet OLEDB:Database Password=**;"},
		{"Driver={x};PWD={se;cret};", "Driver={x};PWD=*********;"},
		{"ConnectionString=\"Server=a;Password=abc\"", "ConnectionString=\"Server=a;Password=***\""},
		{"no secret=here", "no secret=****"},
		{"Provider=SQLNCLI11;Integrated Security=SSPI;", "Provider=SQLNCLI11;Integrated Security=SSPI;"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char buf[256];
		snprintf(buf, sizeof buf, "%s", cases[i].in);
		ir_mask_secrets(buf);
		assert_string_equal(buf, cases[i].out);
	}
	assert_true(ir_is_secret_key("Password", 8));
	assert_true(ir_is_secret_key(" PWD ", 5));
	assert_true(ir_is_secret_key("Extended Password", 17));
	assert_false(ir_is_secret_key("User ID", 7));
}

static void diagnostics_never_print_a_secret(void **state)
{
	(void)state;
	IrCtx *c = ir_ctx_new(NULL);
	const char text[] = "<c ConnectionString=\"Data Source=db;Password=Sup3rS3cret;\" bogus/>\n";
	uint32_t f = ir_add_file(c, "p.dtsx", text, sizeof text - 1);
	ir_error(c, ir_loc(f, (size_t)(strstr(text, "bogus") - text)), NULL, "unexpected attribute in Password=Sup3rS3cret");
	char *out = capture_text(c);
	assert_null(strstr(out, "Sup3rS3cret"));
	assert_non_null(strstr(out, "bogus"));
	free(out);
	ir_ctx_free(c);
}

static void quoted_lines_are_safe_for_a_terminal(void **state)
{
	(void)state;
	IrCtx *c = ir_ctx_new(NULL);
	const char text[] = "a\0b\x1b[31m\xff\xc3\xa9 X\n";
	uint32_t f = ir_add_file(c, "bin.dtsx", text, sizeof text - 1);
	ir_error(c, ir_loc(f, (size_t)(strchr(text + 3, 'X') - text)), NULL, "here");
	char *out = capture_text(c);
	assert_non_null(strstr(out, "| a b [31m?\xc3\xa9 X\n"));
	assert_null(strchr(out, '\x1b'));
	free(out);
	ir_ctx_free(c);
}

static void stamps_tell_pristine_edited_and_foreign_text(void **state)
{
	(void)state;
	/* FNV-1a 64 test vectors */
	assert_true(ir_fnv1a64("", 0) == 0xcbf29ce484222325u);
	assert_true(ir_fnv1a64("a", 1) == 0xaf63dc4c8601ec8cu);
	IrArena *a = ir_arena_new();
	size_t len, off;
	char *sql = ir_stamp_text(a, "models/x.sql", "select 1\n", 9, &len);
	assert_true(strncmp(sql, "-- ssis2dbtc generated this file, fnv1a64 ", 42) == 0);
	assert_int_equal(ir_stamp_of(sql, len, &off), IR_STAMP_PRISTINE);
	assert_string_equal(sql + off, "select 1\n");
	sql[len - 2] = '2'; /* an edit after the stamp */
	assert_int_equal(ir_stamp_of(sql, len, &off), IR_STAMP_EDITED);
	char *yml = ir_stamp_text(a, "dbt_project.yml", "name: x\n", 8, &len);
	assert_true(yml[0] == '#');
	assert_int_equal(ir_stamp_of(yml, len, &off), IR_STAMP_PRISTINE);
	assert_int_equal(ir_stamp_of("select 1\n", 9, &off), IR_STAMP_FOREIGN);
	assert_int_equal(ir_stamp_of("-- ssis2dbtc generated this file, fnv1a64 zz\n", 45, &off), IR_STAMP_FOREIGN);
	char *json = ir_stamp_text(a, "ssis2dbt_manifest.json", "{}", 2, &len);
	assert_false(ir_stamp_applies("ssis2dbt_manifest.json"));
	assert_int_equal(len, 2);
	assert_memory_equal(json, "{}", 2);
	ir_arena_free(a);
}

static void files_are_written_atomically_and_only_when_changed(void **state)
{
	(void)state;
	char dir[] = "/tmp/ssis-ir-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof path, "%s/a/b/out.sql", dir);
	const char *err = NULL;
	assert_int_equal(ir_write_file(path, "select 1\n", 9, &err), IR_WRITE_WRITTEN);
	struct stat st1, st2;
	assert_int_equal(stat(path, &st1), 0);
	assert_int_equal(ir_write_file(path, "select 1\n", 9, &err), IR_WRITE_UNCHANGED);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st1.st_ino, st2.st_ino);
	assert_int_equal(ir_write_file(path, "select 2\n", 9, &err), IR_WRITE_WRITTEN);
	FILE *fp = fopen(path, "r");
	char buf[32] = {0};
	assert_non_null(fgets(buf, sizeof buf, fp));
	fclose(fp);
	assert_string_equal(buf, "select 2\n");
	assert_int_equal(st2.st_mode & 0777, 0666 & ~(unsigned)umask(022));
	/* A device is written in place, never replaced by a rename. */
	assert_int_equal(ir_write_file("/dev/null", "x", 1, &err), IR_WRITE_WRITTEN);
	struct stat dn;
	assert_int_equal(stat("/dev/null", &dn), 0);
	assert_true(S_ISCHR(dn.st_mode));
	/* A symbolic link keeps pointing at the file it named. */
	char link[300];
	snprintf(link, sizeof link, "%s/link.sql", dir);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(ir_write_file(link, "select 3\n", 9, &err), IR_WRITE_WRITTEN);
	struct stat ls;
	assert_int_equal(lstat(link, &ls), 0);
	assert_true(S_ISLNK(ls.st_mode));
	assert_int_equal(ir_write_file(dir, "x", 1, &err), IR_WRITE_FAILED);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void type_table_round_trips(void **state)
{
	(void)state;
	IrDtype t;
	assert_true(ir_dtype_from_xml("WSTR", &t));
	assert_int_equal(t, IR_DT_WSTR);
	assert_string_equal(ir_dtype_name(t), "DT_WSTR");
	assert_true(ir_dtype_from_code(135, &t));
	assert_string_equal(ir_dtype_xml(t), "dbTimeStamp");
	assert_true(ir_dtype_from_name("dt_numeric", &t));
	assert_int_equal(t, 131);
	assert_false(ir_dtype_from_xml("varchar", &t));
	assert_false(ir_dtype_is_valid_code(999));
	assert_true(ir_dtype_is_string(IR_DT_NTEXT));
	assert_false(ir_dtype_is_integer(IR_DT_BOOL));
	assert_true(ir_dtype_is_numeric(IR_DT_CY));
	assert_true(ir_dtype_is_datetime(IR_DT_DBTIMESTAMPOFFSET));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arena_allocates_zeroed_aligned_memory),
		cmocka_unit_test(vec_grows),
		cmocka_unit_test(interning_gives_one_pointer_per_string),
		cmocka_unit_test(locations_count_lines_and_utf8_columns),
		cmocka_unit_test(diagnostics_print_gcc_style_with_caret),
		cmocka_unit_test(warning_policy_disables_and_promotes),
		cmocka_unit_test(diagnostics_as_json),
		cmocka_unit_test(secrets_are_masked_in_text),
		cmocka_unit_test(diagnostics_never_print_a_secret),
		cmocka_unit_test(quoted_lines_are_safe_for_a_terminal),
		cmocka_unit_test(files_are_written_atomically_and_only_when_changed),
		cmocka_unit_test(stamps_tell_pristine_edited_and_foreign_text),
		cmocka_unit_test(type_table_round_trips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
