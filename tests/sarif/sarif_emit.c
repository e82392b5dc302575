/* sarif_emit.c — prints the SARIF log of a fixed set of diagnostics that the
 * driver cannot easily provoke (notes, a note with nothing before it, a file
 * outside the working directory, an error with no location), for
 * test_sarif.py to check against the schema and field by field. */
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "ir.h"

static const char pkg_text[] = "<DTS:Executable>\n  <DTS:Executable DTS:ObjectName=\"Löad\">\n</DTS:Executable>\n";

int main(void)
{
	void *log = ir_sarif_log_new("9.9.9");
	IrCtx *c = ir_ctx_new(NULL);
	uint32_t rel = ir_add_file(c, "./pkg dir/Lädt.dtsx", pkg_text, sizeof pkg_text - 1);
	uint32_t abs = ir_add_file(c, "/nonexistent/abs é.dtsx", pkg_text, sizeof pkg_text - 1);
	ir_warn(c, ir_loc(rel, 19), IR_W_unknown_task, "\\Package\\Löad", "unknown task type 'X'");
	ir_error(c, ir_loc(abs, 54), NULL, "bad property"); /* after the "ö" */
	ir_note(c, ir_loc(rel, 0), "the package starts here");
	ir_note(c, ir_loc(0, 0), "a note with no place");
	ir_error(c, ir_loc(0, 0), NULL, "an error with no place");
	ir_diag_append_sarif(c, log);
	ir_ctx_free(c);

	IrCtx *d = ir_ctx_new(NULL);
	ir_note(d, ir_loc(0, 0), "a note before any result");
	ir_diag_append_sarif(d, log);
	ir_ctx_free(d);

	ir_sarif_log_finish(log, 1);
	char *text = cJSON_Print(log);
	puts(text);
	free(text);
	cJSON_Delete(log);
	return 0;
}
