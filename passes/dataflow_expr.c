/* dataflow_expr.c — SSIS expressions inside data-flow components (Derived
 * Column, Conditional Split): the Expression property, in lineage form, is
 * parsed and type-checked by the front end over the columns of the
 * component's input node, then lowered by pass_lower_expr.  What cannot be
 * lowered stays as untranslated text and is counted against the component. */
#include <string.h>
#include <strings.h>

#include "dataflow.h"
#include "expr.h"
#include "frontend.h"
#include "lower_expr.h"

typedef struct ExprEnv {
	DfLower *L;
	const RelNode *in;
	const IrText *text;
} ExprEnv;

static void bind_col(const RelCol *col, FeExprBinding *out)
{
	out->type = col->type;
	out->sql_name = col->name;
	out->jinja_var = false;
}

static bool env_lineage(void *arg, const char *key, FeExprBinding *out)
{
	ExprEnv *env = arg;
	const RelCol *col = ir_rel_find_lineage(env->in, df_lineage_key(env->L, key));
	if (col)
		bind_col(col, out);
	return col != NULL;
}

static bool env_column(void *arg, const char *qualifier, const char *name, FeExprBinding *out)
{
	ExprEnv *env = arg;
	(void)qualifier;
	for (size_t k = 0; k < env->in->ncols; k++) {
		const RelCol *col = &env->in->cols[k];
		if (col->lineage && col->ssis_name && strcasecmp(col->ssis_name, name) == 0) {
			bind_col(col, out);
			return true;
		}
	}
	return false;
}

/* Variable values are COM VARIANT codes (types.md §5.1), which coincide
 * with the DT codes except 7 (DateTime) and 8 (String); project
 * parameters are .NET TypeCodes (§5.2). */
static IrType variant_type(int code, bool type_code)
{
	static const int typecode_to_dt[19] = {[3] = 11, [5] = 16, [6] = 17, [7] = 2, [8] = 18, [9] = 3, [10] = 19,
					       [11] = 20, [12] = 21, [13] = 4, [14] = 5, [15] = 14, [16] = 7, [18] = 8};
	IrType t = {0};
	IrDtype dt;
	if (type_code)
		code = code >= 0 && code < 19 ? typecode_to_dt[code] : 0;
	if (code == 8) {
		t.dt = IR_DT_WSTR;
		t.length = 4000;
	} else if (code == 7) {
		t.dt = IR_DT_DATE;
	} else if (ir_dtype_from_code(code, &dt)) {
		t.dt = dt;
	} else {
		t.dt = IR_DT_WSTR;
		t.length = 4000;
	}
	return t;
}

static const IrParam *find_param(const IrVec *v, const char *name)
{
	for (size_t i = 0; i < v->len; i++) {
		const IrParam *p = IR_VEC_AT(*v, IrParam, i);
		if (p->name && strcasecmp(p->name, name) == 0)
			return p;
	}
	return NULL;
}

static bool env_variable(void *arg, const char *ns, const char *name, FeExprBinding *out)
{
	ExprEnv *env = arg;
	const IrPackage *pkg = env->L->package;
	const char *full = ns ? ir_sprintf(env->L->c->arena, "%s::%s", ns, name) : name;
	out->sql_name = full;
	out->jinja_var = true;
	if (ns && ns[0] == '$') {
		bool project = strcasecmp(ns, "$Project") == 0;
		const IrParam *p = find_param(project ? &pkg->project_parameters : &pkg->parameters, name);
		if (!p)
			return false;
		out->type = variant_type(p->data_type, p->type_code);
		return true;
	}
	if (ns && strcasecmp(ns, "System") == 0) {
		bool date = strcasecmp(name, "StartTime") == 0 || strcasecmp(name, "ContainerStartTime") == 0 ||
			    strcasecmp(name, "CreationDate") == 0;
		out->type = variant_type(date ? 7 : 8, false);
		return true;
	}
	const IrVariable *v = df_variable(env->L, full);
	if (!v)
		return false;
	out->type = variant_type(v->data_type, false);
	return true;
}

static IrLoc text_loc(void *arg, size_t off)
{
	ExprEnv *env = arg;
	return fe_text_loc(env->L->c, env->text, off);
}

static IrSqlx *untranslated(DfLower *L, const IrProp *expr, const char *why)
{
	static const IrText empty = {0};
	L->untranslated++;
	L->reason = why;
	return ir_rel_e_untranslated(L->c, expr ? &expr->value : &empty);
}

IrSqlx *df_ssis_expr(DfLower *L, const IrComponent *comp, const RelNode *in, const IrProp *expr)
{
	if (!expr || !expr->value.s || !*expr->value.s)
		return untranslated(L, expr, "an empty SSIS expression");
	ExprEnv env = {L, in, &expr->value};
	FeExpr *e = fe_expr_parse(L->c, expr->value.s, expr->value.len, expr->value.loc, text_loc, &env, 0);
	if (!e)
		return untranslated(L, expr, "an SSIS expression that does not parse");
	FeExprEnv fenv = {.column = env_column, .lineage = env_lineage, .variable = env_variable, .arg = &env,
			  .ssis_path = comp->path};
	if (!fe_expr_check(L->c, e, &fenv))
		return untranslated(L, expr, "an SSIS expression that does not type-check");
	PassLowerExprOpts lo = {.ssis_path = comp->path};
	IrSqlx *x = pass_lower_expr(L->c, e, &lo);
	return x ? x : untranslated(L, expr, "an SSIS expression with no exact SQL translation");
}
