/* diag_sarif.c — diagnostics as SARIF 2.1.0 (the OASIS static analysis
 * results format that IDEs and code-scanning services read): one run whose
 * rules are the -W table of warnings.def plus one rule for errors. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "ir.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SRCROOT "SRCROOT"

/* Rule 0 is errors, rule N (N >= 1) is the warning IrWarning N, so a
 * result's ruleIndex is its warning id. */
static const char *const error_rule_id = "error";

static cJSON *text_message(const char *text)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "text", text);
	return m;
}

static cJSON *rule(const char *id, const char *desc, const char *level, bool enabled)
{
	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "id", id);
	cJSON_AddItemToObject(r, "shortDescription", text_message(desc));
	cJSON *conf = cJSON_AddObjectToObject(r, "defaultConfiguration");
	cJSON_AddStringToObject(conf, "level", level);
	cJSON_AddBoolToObject(conf, "enabled", enabled);
	return r;
}

static cJSON *rules_table(void)
{
	IrWarnPolicy defaults;
	ir_warn_policy_default(&defaults);
	cJSON *rules = cJSON_CreateArray();
	cJSON_AddItemToArray(rules, rule(error_rule_id, "an error in the input: nothing is written", "error", true));
	for (int w = 1; w < IR_W__COUNT; w++)
		cJSON_AddItemToArray(rules, rule(ir_warning_name((IrWarning)w), ir_warning_desc((IrWarning)w),
						 "warning", defaults.enabled[w]));
	return rules;
}

/* RFC 3986: unreserved characters and '/' stay, every other byte is %XX. */
static void put_uri_escaped(IrBuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		bool keep = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			    strchr("-._~/", *p);
		if (keep) {
			ir_buf_put(b, p, 1);
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			ir_buf_put(b, e, 3);
		}
	}
}

static char *escaped_uri(const char *prefix, const char *path)
{
	IrBuf b = {0};
	ir_buf_puts(&b, prefix);
	put_uri_escaped(&b, path);
	ir_buf_put(&b, "", 1);
	return b.data;
}

static const char *working_dir(void)
{
	static char cwd[PATH_MAX + 1];
	if (!cwd[0] && !getcwd(cwd, sizeof cwd - 1))
		strcpy(cwd, "/");
	return cwd;
}

/* An artifact location: relative to the working directory (uriBaseId
 * SRCROOT) when the file lies in it, an absolute file: URI otherwise. */
static cJSON *artifact_location(const char *name)
{
	cJSON *a = cJSON_CreateObject();
	const char *cwd = working_dir();
	size_t n = strlen(cwd);
	const char *rel = NULL;
	if (name[0] != '/')
		rel = name;
	else if (strncmp(name, cwd, n) == 0 && name[n] == '/')
		rel = name + n + 1;
	while (rel && strncmp(rel, "./", 2) == 0)
		rel += 2;
	char *uri = rel ? escaped_uri("", rel) : escaped_uri("file://", name);
	cJSON_AddStringToObject(a, "uri", uri);
	free(uri);
	if (rel)
		cJSON_AddStringToObject(a, "uriBaseId", SRCROOT);
	return a;
}

static cJSON *physical_location(IrCtx *c, IrLoc loc)
{
	unsigned line, col;
	ir_loc_linecol(c, loc, &line, &col);
	cJSON *p = cJSON_CreateObject();
	cJSON_AddItemToObject(p, "artifactLocation", artifact_location(c->files[loc.file].name));
	cJSON *region = cJSON_AddObjectToObject(p, "region");
	cJSON_AddNumberToObject(region, "startLine", line);
	cJSON_AddNumberToObject(region, "startColumn", col);
	return p;
}

/* The SSIS object path \Package\Load\Lookup Region as a logical location. */
static cJSON *logical_location(const char *ssis_path)
{
	cJSON *l = cJSON_CreateObject();
	const char *last = strrchr(ssis_path, '\\');
	cJSON_AddStringToObject(l, "name", last && last[1] ? last + 1 : ssis_path);
	cJSON_AddStringToObject(l, "fullyQualifiedName", ssis_path);
	cJSON_AddStringToObject(l, "kind", "object");
	return l;
}

/* A location object, or NULL when the diagnostic has neither a file nor a path. */
static cJSON *location(IrCtx *c, const IrDiagnostic *d)
{
	if (!d->loc.file && !d->ssis_path)
		return NULL;
	cJSON *l = cJSON_CreateObject();
	if (d->loc.file)
		cJSON_AddItemToObject(l, "physicalLocation", physical_location(c, d->loc));
	if (d->ssis_path) {
		cJSON *logical = cJSON_AddArrayToObject(l, "logicalLocations");
		cJSON_AddItemToArray(logical, logical_location(d->ssis_path));
	}
	return l;
}

static const char *level_name(IrSeverity s)
{
	return s == IR_SEV_ERROR ? "error" : s == IR_SEV_WARNING ? "warning" : "note";
}

static cJSON *result(IrCtx *c, const IrDiagnostic *d)
{
	cJSON *r = cJSON_CreateObject();
	if (d->sev != IR_SEV_NOTE) { /* a note with no result before it has no rule */
		cJSON_AddStringToObject(r, "ruleId", d->warning ? ir_warning_name(d->warning) : error_rule_id);
		cJSON_AddNumberToObject(r, "ruleIndex", (int)d->warning);
	}
	cJSON_AddStringToObject(r, "level", level_name(d->sev));
	cJSON_AddItemToObject(r, "message", text_message(d->msg));
	cJSON *l = location(c, d);
	if (l)
		cJSON_AddItemToArray(cJSON_AddArrayToObject(r, "locations"), l);
	return r;
}

/* A note belongs to the result before it: it becomes one of its related
 * locations, with the note's text as the location's message. */
static void add_note(IrCtx *c, cJSON *owner, const IrDiagnostic *d)
{
	cJSON *related = cJSON_GetObjectItemCaseSensitive(owner, "relatedLocations");
	if (!related)
		related = cJSON_AddArrayToObject(owner, "relatedLocations");
	cJSON *l = location(c, d);
	if (!l)
		l = cJSON_CreateObject();
	cJSON_AddNumberToObject(l, "id", cJSON_GetArraySize(related));
	cJSON_AddItemToObject(l, "message", text_message(d->msg));
	cJSON_AddItemToArray(related, l);
}

static cJSON *first_run(void *log)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(log, "runs"), 0);
}

void *ir_sarif_log_new(const char *tool_version)
{
	cJSON *log = cJSON_CreateObject();
	cJSON_AddStringToObject(log, "$schema", SARIF_SCHEMA);
	cJSON_AddStringToObject(log, "version", "2.1.0");
	cJSON *run = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(log, "runs"), run);
	cJSON *driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
	cJSON_AddStringToObject(driver, "name", "ssis2dbtc");
	cJSON_AddStringToObject(driver, "version", tool_version);
	cJSON_AddItemToObject(driver, "rules", rules_table());
	char *root = escaped_uri("file://", working_dir());
	IrBuf dir = {0};
	ir_buf_printf(&dir, "%s%s", root, strcmp(working_dir(), "/") == 0 ? "" : "/");
	free(root);
	cJSON *base = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "originalUriBaseIds"), SRCROOT);
	cJSON_AddStringToObject(base, "uri", dir.data);
	ir_buf_free(&dir);
	/* ir_loc_linecol counts UTF-8 characters, i.e. code points */
	cJSON_AddStringToObject(run, "columnKind", "unicodeCodePoints");
	cJSON_AddArrayToObject(run, "results");
	return log;
}

void ir_diag_append_sarif(IrCtx *c, void *log)
{
	cJSON *results = cJSON_GetObjectItemCaseSensitive(first_run(log), "results");
	cJSON *last = NULL;
	for (size_t i = 0; i < c->ndiags; i++) {
		const IrDiagnostic *d = &c->diags[i];
		if (d->sev == IR_SEV_NOTE && last) {
			add_note(c, last, d);
			continue;
		}
		last = result(c, d);
		cJSON_AddItemToArray(results, last);
	}
}

void ir_sarif_log_finish(void *log, int exit_status)
{
	cJSON *inv = cJSON_CreateObject();
	/* errors in the input are findings; usage and internal failures are not */
	cJSON_AddBoolToObject(inv, "executionSuccessful", exit_status == 0 || exit_status == 1);
	cJSON_AddNumberToObject(inv, "exitCode", exit_status);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(first_run(log), "invocations"), inv);
}
