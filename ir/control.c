/* control.c — control-flow questions over the Package IR: containment,
 * the order precedence constraints give two executables, and what makes an
 * executable run other than once (control.h). */
#include <string.h>

#include "control.h"

enum { MAX_DEPTH = 64 };

static bool chain_to(const IrExecutable *x, const IrExecutable *e, const IrExecutable **out, size_t max,
		     size_t depth, size_t *len)
{
	if (depth >= max || depth >= MAX_DEPTH)
		return false;
	out[depth] = x;
	if (x == e) {
		*len = depth + 1;
		return true;
	}
	for (size_t i = 0; i < x->children.len; i++)
		if (chain_to(IR_VEC_AT(x->children, IrExecutable, i), e, out, max, depth + 1, len))
			return true;
	for (size_t i = 0; i < x->event_handlers.len; i++) {
		const IrEventHandler *h = IR_VEC_AT(x->event_handlers, IrEventHandler, i);
		if (h->body && chain_to(h->body, e, out, max, depth + 1, len))
			return true;
	}
	return false;
}

size_t ir_exec_chain(const IrExecutable *root, const IrExecutable *e, const IrExecutable **out, size_t max)
{
	size_t len = 0;
	if (!root || !e || !chain_to(root, e, out, max, 0, &len))
		return 0;
	return len;
}

/* A precedence path from x to y among the children of container c
 * (breadth-first; constraints whose ends did not resolve are skipped). */
static bool reaches(const IrExecutable *c, const IrExecutable *x, const IrExecutable *y)
{
	size_t n = c->children.len;
	const IrExecutable *queue[256];
	size_t head = 0, tail = 0;
	if (n > 256)
		return false;
	queue[tail++] = x;
	while (head < tail) {
		const IrExecutable *u = queue[head++];
		for (size_t i = 0; i < c->constraints.len; i++) {
			const IrConstraint *pc = IR_VEC_AT(c->constraints, IrConstraint, i);
			if (pc->from != u || !pc->to)
				continue;
			if (pc->to == y)
				return true;
			bool seen = false;
			for (size_t k = 0; k < tail && !seen; k++)
				seen = queue[k] == pc->to;
			if (!seen && tail < 256)
				queue[tail++] = pc->to;
		}
	}
	return false;
}

IrOrder ir_exec_order(const IrExecutable *root, const IrExecutable *a, const IrExecutable *b)
{
	const IrExecutable *ca[MAX_DEPTH], *cb[MAX_DEPTH];
	size_t na = ir_exec_chain(root, a, ca, MAX_DEPTH), nb = ir_exec_chain(root, b, cb, MAX_DEPTH);
	if (!na || !nb)
		return IR_ORDER_PARALLEL;
	size_t i = 0;
	while (i < na && i < nb && ca[i] == cb[i])
		i++;
	if (i == na || i == nb)
		return IR_ORDER_SAME;
	const IrExecutable *c = ca[i - 1];
	if (reaches(c, ca[i], cb[i]))
		return IR_ORDER_BEFORE;
	if (reaches(c, cb[i], ca[i]))
		return IR_ORDER_AFTER;
	return IR_ORDER_PARALLEL;
}

static size_t incoming(const IrExecutable *c, const IrExecutable *to)
{
	size_t n = 0;
	for (size_t i = 0; i < c->constraints.len; i++)
		n += IR_VEC_AT(c->constraints, IrConstraint, i)->to == to;
	return n;
}

bool ir_constraint_conditional(const IrExecutable *container, const IrConstraint *pc)
{
	bool evaluates = pc->eval_op == IR_EVAL_EXPRESSION || pc->eval_op == IR_EVAL_BOTH || pc->eval_op == IR_EVAL_EITHER;
	if (evaluates && pc->expression.s && *pc->expression.s)
		return true;
	if (pc->value != IR_PC_SUCCESS && pc->eval_op != IR_EVAL_EXPRESSION)
		return true;
	return !pc->logical_and && pc->to && incoming(container, pc->to) > 1;
}

static const IrEventHandler *handler_of(const IrExecutable *owner, const IrExecutable *body)
{
	for (size_t i = 0; i < owner->event_handlers.len; i++) {
		const IrEventHandler *h = IR_VEC_AT(owner->event_handlers, IrEventHandler, i);
		if (h->body == body)
			return h;
	}
	return NULL;
}

void ir_exec_caveats(const IrExecutable *root, const IrExecutable *e, IrCaveatFn fn, void *user)
{
	const IrExecutable *chain[MAX_DEPTH];
	size_t n = ir_exec_chain(root, e, chain, MAX_DEPTH);
	for (size_t i = 1; i < n; i++) {
		const IrExecutable *parent = chain[i - 1], *x = chain[i];
		const IrEventHandler *h = handler_of(parent, x);
		if (h)
			fn(user, IR_CAVEAT_EVENT_HANDLER, x, NULL, h);
		for (size_t k = 0; !h && k < parent->constraints.len; k++) {
			const IrConstraint *pc = IR_VEC_AT(parent->constraints, IrConstraint, k);
			if (pc->to == x && ir_constraint_conditional(parent, pc))
				fn(user, IR_CAVEAT_CONDITION, x, pc, NULL);
		}
		if (x->disabled)
			fn(user, IR_CAVEAT_DISABLED, x, NULL, NULL);
		if (i + 1 < n && (x->kind == IR_EXEC_FOR_LOOP || x->kind == IR_EXEC_FOREACH_LOOP))
			fn(user, IR_CAVEAT_LOOP, x, NULL, NULL);
	}
}

static const char *value_name(IrConstraintValue v)
{
	switch (v) {
	case IR_PC_FAILURE: return "fails";
	case IR_PC_COMPLETION: return "completes (succeeds or fails)";
	case IR_PC_CANCELED: return "is canceled";
	default: return "succeeds";
	}
}

static const char *name_of(const IrExecutable *x) { return x && x->path ? x->path : (x && x->name ? x->name : "?"); }

const char *ir_constraint_condition(IrArena *a, const IrConstraint *pc)
{
	bool evaluates = pc->eval_op != IR_EVAL_CONSTRAINT && pc->expression.s && *pc->expression.s;
	const char *from = name_of(pc->from);
	if (evaluates && pc->eval_op == IR_EVAL_EXPRESSION)
		return ir_sprintf(a, "the expression %s holds after %s", pc->expression.s, from);
	if (evaluates)
		return ir_sprintf(a, "%s %s %s the expression %s holds", from, value_name(pc->value),
				  pc->eval_op == IR_EVAL_BOTH ? "and" : "or", pc->expression.s);
	if (pc->value != IR_PC_SUCCESS)
		return ir_sprintf(a, "%s %s", from, value_name(pc->value));
	return "any one of its precedence constraints is met (LogicalAnd=False)";
}

const char *ir_caveat_sentence(IrArena *a, IrCaveat kind, const IrExecutable *where, const IrConstraint *pc,
			       const IrEventHandler *handler)
{
	switch (kind) {
	case IR_CAVEAT_CONDITION:
		return ir_sprintf(a, "In SSIS %s runs only when %s; dbt runs it every time.", name_of(where),
				  ir_constraint_condition(a, pc));
	case IR_CAVEAT_LOOP:
		return ir_sprintf(a, "In SSIS it runs once per iteration of the %s %s; dbt runs it once.",
				  where->kind == IR_EXEC_FOR_LOOP ? "For Loop" : "Foreach Loop", name_of(where));
	case IR_CAVEAT_EVENT_HANDLER:
		return ir_sprintf(a, "In SSIS it runs in the %s event handler %s, only when that event fires; dbt runs it "
				  "every time.", handler && handler->event ? handler->event : "?", name_of(where));
	case IR_CAVEAT_DISABLED:
		return ir_sprintf(a, "%s is disabled in SSIS and never runs there.", name_of(where));
	}
	return "";
}
