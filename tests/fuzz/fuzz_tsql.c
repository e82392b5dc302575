/* fuzz_tsql.c — libFuzzer target for the T-SQL front end: any bytes must
 * parse to a tree (with unparsed statements and diagnostics), never crash,
 * hang or leak; the dumper and the diagnostics printer run on the result. */
#include <stdio.h>

#include "tsql.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	IrWarnPolicy policy;
	ir_warn_policy_default(&policy);
	IrCtx *c = ir_ctx_new(&policy);
	uint32_t file = ir_add_file(c, "fuzz.sql", (const char *)data, size);
	const IrSrcFile *f = ir_file(c, file);
	SqlScript *s = fe_tsql_parse(c, f->text, f->len, ir_loc(file, 0), NULL, NULL);
	IrBuf b = {0};
	ir_sql_dump(c, &b, s, true);
	ir_buf_free(&b);
	FILE *null = fopen("/dev/null", "w");
	if (null) {
		ir_diag_print_text(c, null, false);
		fclose(null);
	}
	if (s->nunparsed > s->nstmts)
		__builtin_trap(); /* every unparsed statement is a statement */
	ir_ctx_free(c);
	return 0;
}
