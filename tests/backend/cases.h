/* cases.h — named sets of fixtures (cases.c). */
#ifndef SSIS_TESTS_BACKEND_CASES_H
#define SSIS_TESTS_BACKEND_CASES_H

#include "fixtures.h"

typedef struct BeCase {
	const char *name;
	const FxBuild *build;
	size_t n;
} BeCase;

extern const BeCase be_cases[];
extern const size_t be_ncases;
const BeCase *be_case(const char *name);
BePackageInput *be_case_inputs(IrCtx *c, const BeCase *k, const char *examples_dir);

#endif
