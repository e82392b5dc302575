/* coverage.c — the coverage pass: checks that every data-flow component of
 * the package has exactly one coverage record (translated, placeholder or
 * unsupported, with the reason), and sums them up for reports and tests. */
#include "passes.h"

static size_t records_for(const RelGraph *g, const IrComponent *comp)
{
	size_t n = 0;
	for (size_t i = 0; i < g->coverage.len; i++)
		n += IR_VEC_AT(g->coverage, RelCoverage, i)->component == comp;
	return n;
}

static void check_graph(const RelGraph *g)
{
	const IrDataFlow *df = g->task ? g->task->dataflow : NULL;
	for (size_t i = 0; df && i < df->components.len; i++) {
		const IrComponent *comp = IR_VEC_AT(df->components, IrComponent, i);
		if (records_for(g, comp) != 1)
			ir_die("coverage: component %s has %zu coverage records", comp->path, records_for(g, comp));
	}
}

bool pass_coverage(PassCtx *p)
{
	for (size_t i = 0; p->rel && i < p->rel->graphs.len; i++)
		check_graph(IR_VEC_AT(p->rel->graphs, RelGraph, i));
	return true;
}

void pass_coverage_totals(const RelProgram *prog, PassCoverageTotals *out)
{
	*out = (PassCoverageTotals){0};
	for (size_t i = 0; prog && i < prog->graphs.len; i++) {
		const RelGraph *g = IR_VEC_AT(prog->graphs, RelGraph, i);
		for (size_t k = 0; k < g->coverage.len; k++) {
			const RelCoverage *r = IR_VEC_AT(g->coverage, RelCoverage, k);
			out->total++;
			out->translated += r->status == REL_ST_TRANSLATED;
			out->placeholder += r->status == REL_ST_PLACEHOLDER;
			out->unsupported += r->status == REL_ST_UNSUPPORTED;
		}
	}
}
