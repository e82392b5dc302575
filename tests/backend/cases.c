/* cases.c — the named fixture sets the golden tests and be_gen print:
 * one or more packages compiled into one project. */
#include <string.h>

#include "cases.h"

static const FxBuild conditional_split[] = {fx_conditional_split};
static const FxBuild derived_column[] = {fx_derived_column};
static const FxBuild flatfile_aggregate[] = {fx_flatfile_aggregate};
static const FxBuild lookup_redirect[] = {fx_lookup_redirect};
static const FxBuild operators[] = {fx_operators};
static const FxBuild lookup_fail[] = {fx_lookup_fail};
static const FxBuild two_packages[] = {fx_conditional_split, fx_second_reader};

const BeCase be_cases[] = {
	{"conditional_split_basic", conditional_split, 1},
	{"derived_column_basic", derived_column, 1},
	{"flatfile_convert_aggregate", flatfile_aggregate, 1},
	{"lookup_no_match_redirect", lookup_redirect, 1},
	{"operators", operators, 1},
	{"lookup_fail", lookup_fail, 1},
	{"two_packages", two_packages, 2},
};
const size_t be_ncases = sizeof be_cases / sizeof be_cases[0];

const BeCase *be_case(const char *name)
{
	for (size_t i = 0; i < be_ncases; i++)
		if (!strcmp(be_cases[i].name, name))
			return &be_cases[i];
	return NULL;
}

BePackageInput *be_case_inputs(IrCtx *c, const BeCase *k, const char *examples_dir)
{
	BePackageInput *in = ir_alloc(c->arena, k->n * sizeof *in);
	for (size_t i = 0; i < k->n; i++)
		in[i] = k->build[i](c, examples_dir);
	return in;
}
