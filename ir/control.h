/* control.h — questions about a package's control flow that both the
 * passes and the backend ask: which executable contains which, whether
 * precedence constraints order two executables, and what makes an
 * executable run other than once and unconditionally (a condition, a loop,
 * an event handler, being disabled).  Reads the Package IR only. */
#ifndef SSIS_IR_CONTROL_H
#define SSIS_IR_CONTROL_H

#include "package.h"

/* The chain of containers from root down to e (root first, e last; event
 * handler bodies count as containers of their owner).  Returns the length,
 * 0 when e is not under root; at most max entries are written. */
size_t ir_exec_chain(const IrExecutable *root, const IrExecutable *e, const IrExecutable **out, size_t max);

/* How a's run relates to b's in one package: IR_ORDER_BEFORE when a chain
 * of precedence constraints (of any value) leads from a (or a container of
 * it) to b (or a container of it) in their innermost common container,
 * IR_ORDER_AFTER the other way round, IR_ORDER_PARALLEL when nothing orders
 * them, IR_ORDER_SAME for a == b or when one contains the other. */
typedef enum IrOrder { IR_ORDER_PARALLEL, IR_ORDER_BEFORE, IR_ORDER_AFTER, IR_ORDER_SAME } IrOrder;
IrOrder ir_exec_order(const IrExecutable *root, const IrExecutable *a, const IrExecutable *b);

/* A constraint that lets its target run only sometimes: an expression that
 * SSIS evaluates (EvalOp 1, 3, 4), a Failure / Completion / Canceled value,
 * or LogicalAnd=False among several constraints into the same target. */
bool ir_constraint_conditional(const IrExecutable *container, const IrConstraint *pc);

/* Why e does not simply run once when its package runs. */
typedef enum IrCaveat {
	IR_CAVEAT_CONDITION,      /* where: the target; pc: the constraint */
	IR_CAVEAT_LOOP,           /* where: the For / Foreach Loop */
	IR_CAVEAT_EVENT_HANDLER,  /* where: the handler's body; handler set */
	IR_CAVEAT_DISABLED,       /* where: the disabled executable */
} IrCaveat;
typedef void (*IrCaveatFn)(void *user, IrCaveat kind, const IrExecutable *where, const IrConstraint *pc,
			   const IrEventHandler *handler);
/* Calls fn for each caveat on the chain from root to e, outermost first. */
void ir_exec_caveats(const IrExecutable *root, const IrExecutable *e, IrCaveatFn fn, void *user);

/* When a conditional constraint lets its target run: "the expression X
 * holds after \Package\A", "\Package\A fails", ... (arena). */
const char *ir_constraint_condition(IrArena *a, const IrConstraint *pc);

/* One sentence for a caveat, for a model's description ("Runs only when
 * ..."); arena-allocated. */
const char *ir_caveat_sentence(IrArena *a, IrCaveat kind, const IrExecutable *where, const IrConstraint *pc,
			       const IrEventHandler *handler);

#endif
