/* cmd_expr.c — `ssis2dbtc expr`: parse, type-check and lower SSIS
 * expressions, and print the SQL each becomes with its SSIS result type
 * (or the diagnostics).  --batch reads JSON lines so that test harnesses
 * and corpus scans need one process, not one per expression. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "dialect.h"
#include "driver.h"
#include "expr.h"
#include "lower_expr.h"

typedef struct Symbol {
	const char *name;
	IrType type;
} Symbol;

typedef struct SymTab {
	Symbol *items;
	size_t n, cap;
} SymTab;

typedef struct ExprJob {
	SymTab columns, variables;
	BeDialect dialect;
	bool syntax_only, inline_macros, predicate, allow_assign;
} ExprJob;

static void symtab_add(SymTab *t, const char *name, IrType type)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->items = realloc(t->items, t->cap * sizeof *t->items);
		if (!t->items)
			ir_die("out of memory");
	}
	t->items[t->n].name = name;
	t->items[t->n].type = type;
	t->n++;
}

/* "a:DT_I4,b c:DT_NUMERIC(10,2),User::x:DT_WSTR(20)": commas inside
 * parentheses belong to the type; the name ends at the last ':' before it. */
static bool parse_symbols(char *spec, SymTab *t, const char **bad)
{
	char *p = spec;
	while (*p) {
		char *end = p;
		int depth = 0;
		while (*end && !(*end == ',' && depth == 0)) {
			depth += *end == '(' ? 1 : *end == ')' ? -1 : 0;
			end++;
		}
		char saved = *end;
		*end = 0;
		char *colon = strrchr(p, ':');
		IrType type;
		if (!colon || colon == p || !fe_type_parse(colon + 1, &type)) {
			*bad = p;
			return false;
		}
		*colon = 0;
		symtab_add(t, p, type);
		if (!saved)
			break;
		p = end + 1;
	}
	return true;
}

static const Symbol *symtab_find(const SymTab *t, const char *name, bool nocase)
{
	for (size_t i = 0; i < t->n; i++)
		if (nocase ? strcasecmp(t->items[i].name, name) == 0 : strcmp(t->items[i].name, name) == 0)
			return &t->items[i];
	return NULL;
}

/* Column names resolve case-insensitively, like the designer does. */
static bool env_column(void *arg, const char *qualifier, const char *name, FeExprBinding *out)
{
	(void)qualifier;
	const Symbol *s = symtab_find(&((ExprJob *)arg)->columns, name, true);
	if (!s)
		return false;
	out->type = s->type;
	out->sql_name = s->name;
	return true;
}

static bool env_lineage(void *arg, const char *key, FeExprBinding *out)
{
	const SymTab *t = &((ExprJob *)arg)->columns;
	const Symbol *s = symtab_find(t, key, false);
	if (!s) {
		char hashed[64];
		snprintf(hashed, sizeof hashed, "#%s", key);
		s = symtab_find(t, hashed, false);
	}
	if (!s)
		return false;
	out->type = s->type;
	out->sql_name = s->name;
	return true;
}

/* Variable names are case-sensitive; an unqualified @x takes the first match. */
static bool env_variable(void *arg, const char *ns, const char *name, FeExprBinding *out)
{
	const SymTab *t = &((ExprJob *)arg)->variables;
	for (size_t i = 0; i < t->n; i++) {
		const char *full = t->items[i].name, *sep = strstr(full, "::");
		const char *vname = sep ? sep + 2 : full;
		if (strcmp(vname, name) != 0)
			continue;
		if (ns && (!sep || strlen(ns) != (size_t)(sep - full) || strncmp(full, ns, (size_t)(sep - full)) != 0))
			continue;
		out->type = t->items[i].type;
		out->sql_name = full;
		return true;
	}
	return false;
}

/* Runs one expression; the SQL and type go to *sql / *type. */
static bool run_one(IrCtx *c, ExprJob *job, const char *text, size_t len, const char **sql, const char **type)
{
	uint32_t file = ir_add_file(c, "<expr>", text, len);
	FeExpr *e = fe_expr_parse(c, ir_file(c, file)->text, len, ir_loc(file, 0), NULL, NULL,
				  job->allow_assign ? FE_EXPR_ALLOW_ASSIGN : 0);
	if (!e)
		return false;
	IrBuf b = {0};
	if (job->syntax_only) {
		fe_expr_dump(&b, e);
		*sql = ir_strndup(c->arena, b.data, b.len);
		*type = NULL;
		ir_buf_free(&b);
		return true;
	}
	FeExprEnv env = {.column = env_column, .lineage = env_lineage, .variable = env_variable, .arg = job};
	if (!fe_expr_check(c, e, &env))
		return false;
	PassLowerExprOpts lo = {0};
	IrSqlx *x = pass_lower_expr(c, e, &lo);
	if (!x)
		return false;
	BePrintOpts po = {.dialect = job->dialect, .inline_macros = job->inline_macros, .predicate = job->predicate};
	be_sql_print(&b, x, &po);
	*sql = ir_strndup(c->arena, b.data ? b.data : "", b.len);
	*type = fe_type_spelling(c, e->type);
	ir_buf_free(&b);
	return true;
}

static char *diagnostics_text(IrCtx *c)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	if (!f)
		ir_die("open_memstream failed");
	ir_diag_print_text(c, f, false);
	fclose(f);
	return buf;
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("ssis2dbtc expr: error: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nusage: ssis2dbtc expr [--target D] [--columns NAME:TYPE,...] [--variables NAME:TYPE,...]\n"
	      "                      [--syntax-only] [--inline-macros] [--predicate] [--assign] 'EXPRESSION'...\n"
	      "       ssis2dbtc expr --print-macros   (the dbt macros the generated project ships)\n"
	      "       ssis2dbtc expr [options] --batch FILE.jsonl   (one JSON object per line, '-' for stdin)\n",
	      stderr);
	return EXIT_USAGE;
}

static bool json_symbols(cJSON *obj, SymTab *t, const char **bad)
{
	cJSON *it;
	cJSON_ArrayForEach(it, obj) {
		IrType type;
		if (!cJSON_IsString(it) || !fe_type_parse(it->valuestring, &type)) {
			*bad = it->string;
			return false;
		}
		symtab_add(t, it->string, type);
	}
	return true;
}

/* One JSON object per input line:
 *   {"id": ..., "expr": "...", "columns": {"a": "DT_I4"}, "variables": {...},
 *    "target": "postgres", "predicate": false, "assign": false}
 * one JSON object per output line: {"id", "ok", "sql", "type", "diagnostics"}. */
static int run_batch(const ExprJob *defaults, const char *path)
{
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!in)
		return usage_error("cannot open '%s'", path);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	IrWarnPolicy policy;
	ir_warn_policy_default(&policy);
	while ((n = getline(&line, &cap, in)) > 0) {
		cJSON *rec = cJSON_ParseWithLength(line, (size_t)n), *out = cJSON_CreateObject();
		cJSON *expr = cJSON_GetObjectItem(rec, "expr");
		cJSON_AddItemToObject(out, "id", cJSON_Duplicate(cJSON_GetObjectItem(rec, "id"), true));
		ExprJob job = *defaults;
		memset(&job.columns, 0, sizeof job.columns);
		memset(&job.variables, 0, sizeof job.variables);
		const char *bad = NULL, *target = cJSON_GetStringValue(cJSON_GetObjectItem(rec, "target"));
		bool ok = cJSON_IsString(expr) && json_symbols(cJSON_GetObjectItem(rec, "columns"), &job.columns, &bad) &&
			  json_symbols(cJSON_GetObjectItem(rec, "variables"), &job.variables, &bad) &&
			  (!target || be_dialect_lookup(target, &job.dialect));
		if (cJSON_IsBool(cJSON_GetObjectItem(rec, "predicate")))
			job.predicate = cJSON_IsTrue(cJSON_GetObjectItem(rec, "predicate"));
		if (cJSON_IsBool(cJSON_GetObjectItem(rec, "assign")))
			job.allow_assign = cJSON_IsTrue(cJSON_GetObjectItem(rec, "assign"));
		if (!ok) {
			cJSON_AddFalseToObject(out, "ok");
			cJSON_AddStringToObject(out, "usage", bad ? bad : "a record needs \"expr\" and a known \"target\"");
		} else {
			IrCtx *c = ir_ctx_new(&policy);
			const char *sql = NULL, *type = NULL;
			bool r = run_one(c, &job, expr->valuestring, strlen(expr->valuestring), &sql, &type);
			cJSON_AddBoolToObject(out, "ok", r && c->nerrors == 0);
			if (r) {
				cJSON_AddStringToObject(out, "sql", sql);
				if (type)
					cJSON_AddStringToObject(out, "type", type);
			}
			char *d = diagnostics_text(c);
			cJSON_AddStringToObject(out, "diagnostics", d);
			free(d);
			ir_ctx_free(c);
		}
		char *s = cJSON_PrintUnformatted(out);
		puts(s);
		free(s);
		cJSON_Delete(out);
		cJSON_Delete(rec);
		free(job.columns.items);
		free(job.variables.items);
	}
	free(line);
	if (in != stdin)
		fclose(in);
	return 0;
}

/* The dbt macro files the generated project ships, each after a line
 * "-- FILE macros/ssis_x.sql". */
static int print_macros(void)
{
	IrArena *a = ir_arena_new();
	BeMacroFile *files;
	size_t n = be_macro_files(a, &files);
	for (size_t i = 0; i < n; i++)
		printf("-- FILE %s\n%s", files[i].path, files[i].text);
	ir_arena_free(a);
	return 0;
}

static int cmd_expr(int argc, char **argv, ExprJob *job, IrArena *opts);

/* Option strings and symbol tables live until the command returns. */
int driver_cmd_expr(int argc, char **argv)
{
	ExprJob job = {.dialect = BE_DUCKDB};
	IrArena *opts = ir_arena_new();
	int rc = cmd_expr(argc, argv, &job, opts);
	free(job.columns.items);
	free(job.variables.items);
	ir_arena_free(opts);
	return rc;
}

static int cmd_expr(int argc, char **argv, ExprJob *job, IrArena *opts)
{
	const char *batch = NULL, *bad = NULL;
	int first = argc, rc = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			first = i + 1;
			break;
		}
		if (strncmp(a, "--", 2) != 0) {   /* options are long; "-5 + 3" is an expression */
			first = i;
			break;
		}
		const char *v = NULL;
		const char *opts_with_value[] = {"--target", "--columns", "--variables", "--batch"};
		for (size_t k = 0; k < sizeof opts_with_value / sizeof *opts_with_value; k++) {
			size_t n = strlen(opts_with_value[k]);
			if (strncmp(a, opts_with_value[k], n) == 0 && (a[n] == '=' || a[n] == 0)) {
				v = a[n] == '=' ? a + n + 1 : (i + 1 < argc ? argv[++i] : NULL);
				if (!v)
					return usage_error("%s needs a value", opts_with_value[k]);
				a = opts_with_value[k];
				break;
			}
		}
		if (strcmp(a, "--target") == 0) {
			if (!be_dialect_lookup(v, &job->dialect))
				return usage_error("unknown target '%s' (duckdb, postgres, sqlserver, snowflake)", v);
		} else if (strcmp(a, "--columns") == 0 || strcmp(a, "--variables") == 0) {
			char *copy = ir_strdup(opts, v);   /* the tables point into it */
			if (!parse_symbols(copy, a[2] == 'c' ? &job->columns : &job->variables, &bad))
				return usage_error("bad NAME:TYPE '%s' (e.g. Name:DT_WSTR(50), Qty:DT_I4)", bad);
		} else if (strcmp(a, "--batch") == 0) {
			batch = v;
		} else if (strcmp(a, "--syntax-only") == 0) {
			job->syntax_only = true;
		} else if (strcmp(a, "--inline-macros") == 0) {
			job->inline_macros = true;
		} else if (strcmp(a, "--print-macros") == 0) {
			return print_macros();
		} else if (strcmp(a, "--predicate") == 0) {
			job->predicate = true;
		} else if (strcmp(a, "--assign") == 0) {
			job->allow_assign = true;
		} else {
			return usage_error("unknown option '%s'", a);
		}
	}
	if (batch)
		return first < argc ? usage_error("%s", "--batch takes no expression arguments") : run_batch(job, batch);
	if (first >= argc)
		return usage_error("%s", "no expression given");
	IrWarnPolicy policy;
	ir_warn_policy_default(&policy);
	for (int i = first; i < argc; i++) {
		IrCtx *c = ir_ctx_new(&policy);
		const char *sql = NULL, *type = NULL;
		if (run_one(c, job, argv[i], strlen(argv[i]), &sql, &type) && c->nerrors == 0) {
			puts(sql);
			if (type)
				printf("-- %s\n", type);
		} else {
			rc = EXIT_INPUT_ERRORS;
		}
		ir_diag_print_text(c, stderr, false);
		ir_ctx_free(c);
	}
	return rc;
}
