/* pipeline.c — the pass pipeline as one table: reading it tells what the
 * compiler does to a package after the front end, in order. */
#include <string.h>

#include <cjson/cJSON.h>

#include "passes.h"

static const PassInfo passes[] = {
	{"lower-dataflows", pass_lower_dataflows, false, true,
	 "lower each Data Flow Task into a DAG of relational operators, following lineage"},
	{"lower-tsql", pass_lower_tsql, true, true,
	 "lower Execute SQL Tasks that load a table (TRUNCATE + INSERT ... SELECT, INSERT ... VALUES) into scans and sinks"},
	{"collect-ddl", pass_collect_ddl, true, true,
	 "keep the CREATE TABLE / ALTER TABLE / CREATE INDEX of Execute SQL Tasks: keys become tests, indexes config, column types known"},
	{"fold-constants", pass_fold_constants, true, true,
	 "simplify AND / OR / NOT / CASE / IS NULL over literals, by three-valued logic"},
	{"dce", pass_dce, true, true,
	 "remove columns that no sink, predicate or key ever reads"},
	{"merge-project", pass_merge_project, true, true,
	 "merge a projection into the projection it reads, when that changes no result"},
	{"control-flow", pass_control_flow, false, true,
	 "warn about control flow dbt cannot express: conditional constraints, loops, event handlers, disabled tasks"},
	{"coverage", pass_coverage, false, true,
	 "record per component whether it was translated, replaced by a placeholder, or unsupported"},
};
enum { NPASSES = sizeof passes / sizeof *passes };

size_t pass_count(void)
{
	return NPASSES;
}

const PassInfo *pass_info(size_t i)
{
	return i < NPASSES ? &passes[i] : NULL;
}

const PassInfo *pass_lookup(const char *name)
{
	for (size_t i = 0; i < NPASSES; i++)
		if (strcmp(passes[i].name, name) == 0)
			return &passes[i];
	return NULL;
}

void pass_print_list(FILE *out)
{
	for (size_t i = 0; i < NPASSES; i++)
		fprintf(out, "%-18s %s%s\n", passes[i].name, passes[i].description,
			passes[i].optional ? (passes[i].on ? " (optional, on)" : " (optional, off)") : "");
}

void pass_plan_default(PassPlan *plan)
{
	memset(plan, 0, sizeof *plan);
	for (size_t i = 0; i < NPASSES; i++)
		plan->enabled[i] = passes[i].on;
}

bool pass_plan_set(PassPlan *plan, const char *name, bool on)
{
	for (size_t i = 0; i < NPASSES; i++)
		if (passes[i].optional && strcmp(passes[i].name, name) == 0) {
			plan->enabled[i] = on;
			return true;
		}
	return false;
}

static void verify_all(const RelProgram *prog)
{
	for (size_t i = 0; prog && i < prog->graphs.len; i++)
		ir_rel_verify(IR_VEC_AT(prog->graphs, RelGraph, i));
}

static void print_rel(PassCtx *p, FILE *out)
{
	cJSON *j = ir_rel_program_to_json(p->c, p->rel);
	char *s = cJSON_Print(j);
	fputs(s, out);
	fputc('\n', out);
	cJSON_free(s);
	cJSON_Delete(j);
}

bool pass_run_pipeline(PassCtx *p, const PassPlan *plan)
{
	for (size_t i = 0; i < NPASSES; i++) {
		if (!plan->enabled[i])
			continue;
		if (!passes[i].fn(p))
			return false;
		if (p->verify)
			verify_all(p->rel);
		if (plan->print_after && strcmp(plan->print_after, passes[i].name) == 0 && p->rel)
			print_rel(p, plan->print_to ? plan->print_to : stdout);
	}
	return true;
}
