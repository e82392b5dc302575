/* be_gen.c — writes the project of one fixture set to a directory, the way
 * `ssis2dbtc -o DIR` does, so that the real dbt can run it:
 *   be_gen CASE DIR [DIALECT] [EXAMPLES_DIR] */
#include <stdio.h>
#include <stdlib.h>

#include "cases.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: be_gen CASE DIR [duckdb|postgres|sqlserver|snowflake] [EXAMPLES_DIR]\n");
		return 2;
	}
	const BeCase *k = be_case(argv[1]);
	BeOptions o = {.dialect = BE_DUCKDB, .output_dir = argv[2]};
	if (!k || (argc > 3 && !be_dialect_lookup(argv[3], &o.dialect))) {
		fprintf(stderr, "be_gen: unknown case or dialect\n");
		return 2;
	}
	IrWarnPolicy pol;
	ir_warn_policy_default(&pol);
	IrCtx *c = ir_ctx_new(&pol);
	BePackageInput *in = be_case_inputs(c, k, argc > 4 ? argv[4] : NULL);
	BeCoverage cov = {0};
	bool ok = be_build_project(c, in, k->n, &o, &cov);
	ir_diag_print_text(c, stderr, false);
	printf("%s: translated %zu, placeholder %zu, unsupported %zu\n", k->name, cov.translated, cov.placeholder,
	       cov.unsupported);
	ir_ctx_free(c);
	return ok ? 0 : 1;
}
