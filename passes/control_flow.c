/* control_flow.c — the control flow dbt cannot express: a precedence
 * constraint that runs its target only on a condition, a loop (dbt runs a
 * model once), an event handler (dbt does not wait for the event), a
 * disabled task.  Each gets a named warning at its place in the package;
 * the backend says the same in the descriptions of the affected models
 * (ir/control.h).  Ordering alone needs nothing: dbt orders models by
 * their data, and lineage (backend/lineage.c) turns a table written before
 * it is read into ref(). */
#include "control.h"
#include "passes.h"

/* Whether e, or anything under it, becomes models: an enabled Data Flow
 * Task, or an Execute Package Task (its child's models). */
static bool produces_models(const IrExecutable *e)
{
	if (e->disabled)
		return false;
	if (e->kind == IR_EXEC_PIPELINE || e->kind == IR_EXEC_EXECUTE_PACKAGE)
		return true;
	for (size_t i = 0; i < e->children.len; i++)
		if (produces_models(IR_VEC_AT(e->children, IrExecutable, i)))
			return true;
	return false;
}

static void check_constraints(PassCtx *p, const IrExecutable *e)
{
	for (size_t i = 0; i < e->constraints.len; i++) {
		const IrConstraint *pc = IR_VEC_AT(e->constraints, IrConstraint, i);
		if (!pc->to || !ir_constraint_conditional(e, pc) || !produces_models(pc->to))
			continue;
		ir_warn(p->c, pc->loc, IR_W_precedence_condition, pc->to->path,
			"%s runs only when %s; dbt runs its models every time", pc->to->path,
			ir_constraint_condition(p->c->arena, pc));
	}
}

static void check_exec(PassCtx *p, const IrExecutable *e, bool in_disabled)
{
	if (e->disabled && !in_disabled && e->kind != IR_EXEC_PIPELINE) /* lower-dataflows warns for those */
		ir_warn(p->c, e->loc, IR_W_disabled_task, e->path,
			"the %s is disabled: it never runs in SSIS, and counts as succeeded for the constraints that leave it",
			e->kind == IR_EXEC_SEQUENCE || e->kind == IR_EXEC_FOR_LOOP || e->kind == IR_EXEC_FOREACH_LOOP
			? "container" : "task");
	in_disabled |= e->disabled;
	if (!in_disabled) {
		if ((e->kind == IR_EXEC_FOR_LOOP || e->kind == IR_EXEC_FOREACH_LOOP) && produces_models(e))
			ir_warn(p->c, e->loc, IR_W_loop_runs_once, e->path,
				"the %s runs its body once per iteration; the models it becomes run once per dbt run",
				e->kind == IR_EXEC_FOR_LOOP ? "For Loop" : "Foreach Loop");
		check_constraints(p, e);
		for (size_t i = 0; i < e->event_handlers.len; i++) {
			const IrEventHandler *h = IR_VEC_AT(e->event_handlers, IrEventHandler, i);
			if (h->body && produces_models(h->body))
				ir_warn(p->c, h->loc, IR_W_event_handler, h->body->path,
					"the %s event handler runs only when the event fires; the models it becomes run every time",
					h->event ? h->event : "?");
		}
	}
	for (size_t i = 0; i < e->children.len; i++)
		check_exec(p, IR_VEC_AT(e->children, IrExecutable, i), in_disabled);
	for (size_t i = 0; i < e->event_handlers.len; i++) {
		const IrEventHandler *h = IR_VEC_AT(e->event_handlers, IrEventHandler, i);
		if (h->body)
			check_exec(p, h->body, in_disabled);
	}
}

bool pass_control_flow(PassCtx *p)
{
	if (p->package && p->package->root)
		check_exec(p, p->package->root, false);
	return true;
}
