/* fixtures.h — packages and Relational IR graphs built by hand, in the shape
 * the data-flow lowering gives them, for the backend's tests: the four
 * conformance examples and a few made-up cases (fan-out, placeholder, two
 * packages sharing a source, every operator). */
#ifndef SSIS_TESTS_BACKEND_FIXTURES_H
#define SSIS_TESTS_BACKEND_FIXTURES_H

#include "backend.h"

typedef struct Fx {
	IrCtx *c;
	IrPackage *p;
	IrExecutable *df;   /* the one Data Flow Task */
	RelGraph *g;
	const char *text;   /* the package file's bytes (for locations) */
} Fx;

/* One package input per fixture; `dir` is where the conformance examples are. */
typedef BePackageInput (*FxBuild)(IrCtx *c, const char *dir);

typedef struct FxCase {
	const char *name;
	FxBuild build;
	size_t npackages;   /* > 1: build is called with an index through fx_multi */
} FxCase;

BePackageInput fx_conditional_split(IrCtx *c, const char *dir);
BePackageInput fx_derived_column(IrCtx *c, const char *dir);
BePackageInput fx_flatfile_aggregate(IrCtx *c, const char *dir);
BePackageInput fx_lookup_redirect(IrCtx *c, const char *dir);
/* made-up: Multicast fan-out to two tables, one truncated first, a Script
 * Component placeholder, Union All, Merge Join with null-safe keys, Sort,
 * Distinct, AVG of an integer, COUNT(*) and COUNT(col). */
BePackageInput fx_operators(IrCtx *c, const char *dir);
/* made-up: a Lookup that fails on no match, over an Aggregate that is also
 * a dimension reloaded after a DELETE: unique and relationships tests. */
BePackageInput fx_lookup_fail(IrCtx *c, const char *dir);
/* made-up: a second package reading SalesDB.dbo.Orders like RouteOrders. */
BePackageInput fx_second_reader(IrCtx *c, const char *dir);

#endif
