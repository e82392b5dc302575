/* cmd_tsql.c — `ssis2dbtc tsql`: parses T-SQL files (or -e text) with the
 * front end's grammar and prints the statement tree, the diagnostics, or a
 * one-line summary per file (for measuring a corpus in one process). */
#include <stdlib.h>
#include <string.h>

#include "dialect.h"
#include "driver.h"
#include "tsql.h"

typedef struct TsqlOptions {
	bool syntax_only, summary, locs, quiet;
	bool transpile;       /* --target: print each query in the dialect */
	BeDialect dialect;
	IrWarnPolicy policy;
} TsqlOptions;

static int usage_error(const char *fmt, const char *arg)
{
	fputs("ssis2dbtc tsql: error: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nusage: ssis2dbtc tsql [--syntax-only] [--dump] [--locs] [--summary] [--target=DIALECT] [-q]"
	      " [-Wno-sql-unparsed] FILE... | -e 'SQL'\n", stderr);
	return EXIT_USAGE;
}

/* The first line of an unparsed statement's reason, for the summary. */
static const char *first_reason(const IrVec *stmts)
{
	for (size_t i = 0; i < stmts->len; i++) {
		const SqlStmt *s = stmts->items[i];
		if (s->kind == SQL_S_UNPARSED)
			return s->u.unparsed.reason ? s->u.unparsed.reason : "syntax error";
		const char *r = NULL;
		if (s->kind == SQL_S_BLOCK)
			r = first_reason(&s->u.block.stmts);
		else if (s->kind == SQL_S_TRY)
			r = first_reason(&s->u.try_.body) ? first_reason(&s->u.try_.body)
							   : first_reason(&s->u.try_.handler);
		else if (s->kind == SQL_S_IF || s->kind == SQL_S_WHILE) {
			IrVec v = {0};
			SqlStmt *kids[2] = {s->kind == SQL_S_IF ? s->u.if_.then : s->u.while_.body,
					    s->kind == SQL_S_IF ? s->u.if_.els : NULL};
			v.items = (void **)kids;
			v.len = kids[1] ? 2 : 1;
			r = first_reason(&v);
		}
		if (r)
			return r;
	}
	return NULL;
}

/* --target: every SELECT statement printed in the dialect, the others
 * named; a construct with no translation is a -Wsql-untranslated warning. */
static void transpile(IrCtx *c, const TsqlOptions *o, const SqlScript *s)
{
	for (size_t i = 0; i < s->stmts.len; i++) {
		const SqlStmt *st = s->stmts.items[i];
		if (st->kind == SQL_S_GO)
			continue;
		if (st->kind != SQL_S_SELECT) {
			printf("-- %s: not a query\n\n", ir_sql_stmt_name(st->kind));
			continue;
		}
		IrBuf b = {0};
		BeTsqlGap gap = {0};
		int ngaps = be_tsql_print_query(c->arena, &b, st->u.select, o->dialect, NULL, &gap);
		printf("%.*s;\n\n", (int)b.len, b.data ? b.data : "");
		ir_buf_free(&b);
		if (ngaps)
			ir_warn(c, gap.loc, IR_W_sql_untranslated, NULL, "%s has no %s translation%s", gap.what,
				be_dialect_name(o->dialect),
				ngaps > 1 ? ir_sprintf(c->arena, " (and %d more in this statement)", ngaps - 1) : "");
	}
}

/* Parses one text.  Returns true when every statement parsed. */
static bool parse_one(const TsqlOptions *o, const char *name, const char *text, size_t len, bool from_file)
{
	IrCtx *c = ir_ctx_new(&o->policy);
	const char *err = NULL;
	uint32_t file = from_file ? ir_read_file(c, name, &err) : ir_add_file(c, name, text, len);
	if (!file) {
		fprintf(stderr, "ssis2dbtc tsql: error: cannot read %s: %s\n", name, err ? err : "unknown error");
		ir_ctx_free(c);
		return false;
	}
	const IrSrcFile *f = ir_file(c, file);
	SqlScript *s = fe_tsql_parse(c, f->text, f->len, ir_loc(file, 0), NULL, NULL);
	if (o->transpile) {
		transpile(c, o, s);
	} else if (!o->syntax_only && !o->summary) {
		IrBuf b = {0};
		ir_sql_dump(c, &b, s, o->locs);
		if (b.len)
			fwrite(b.data, 1, b.len, stdout);
		ir_buf_free(&b);
	}
	if (o->summary) {
		const char *why = first_reason(&s->stmts);
		printf("%s\tstatements=%d\tunparsed=%d\tparams=%d\terrors=%zu%s%s\n", name, s->nstmts, s->nunparsed,
		       s->nparams, c->nerrors, why ? "\tfirst=" : "", why ? why : "");
	}
	if (!o->quiet) {
		fflush(stdout);
		ir_diag_print_text(c, stderr, false);
	}
	bool ok = s->nunparsed == 0 && c->nerrors == 0;
	ir_ctx_free(c);
	return ok;
}

int driver_cmd_tsql(int argc, char **argv)
{
	TsqlOptions o;
	memset(&o, 0, sizeof o);
	ir_warn_policy_default(&o.policy);
	const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
	bool *is_text = calloc((size_t)argc + 1, sizeof *is_text);
	int n = 0;
	if (!inputs || !is_text)
		ir_die("out of memory");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--syntax-only") == 0) {
			o.syntax_only = true;
		} else if (strcmp(a, "--dump") == 0) {
			o.syntax_only = false;
		} else if (strcmp(a, "--summary") == 0) {
			o.summary = true;
		} else if (strcmp(a, "--locs") == 0) {
			o.locs = true;
		} else if (strncmp(a, "--target=", 9) == 0) {
			if (!be_dialect_lookup(a + 9, &o.dialect))
				return usage_error("unknown dialect '%s'", a + 9);
			o.transpile = true;
		} else if (strcmp(a, "-q") == 0) {
			o.quiet = true;
		} else if (strcmp(a, "-e") == 0) {
			if (++i == argc)
				return usage_error("%s needs SQL text", a);
			is_text[n] = true;
			inputs[n++] = argv[i];
		} else if (strcmp(a, "-Wno-sql-unparsed") == 0) {
			o.policy.enabled[IR_W_sql_unparsed] = false;
		} else if (strcmp(a, "-Werror") == 0) {
			o.policy.all_errors = true;
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option '%s'", a);
		} else {
			inputs[n++] = a;
		}
	}
	if (n == 0)
		return usage_error("%s", "no input (give FILE... or -e 'SQL')");
	bool all_ok = true;
	for (int i = 0; i < n; i++) {
		if (is_text[i])
			all_ok &= parse_one(&o, "<-e>", inputs[i], strlen(inputs[i]), false);
		else
			all_ok &= parse_one(&o, inputs[i], NULL, 0, true);
	}
	free(inputs);
	free(is_text);
	return all_ok ? EXIT_BUILT : EXIT_INPUT_ERRORS;
}
