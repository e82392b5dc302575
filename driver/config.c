/* config.c — the project's settings: `--config ssis2dbt.yml` read with
 * libyaml, and the command-line option that is each setting's twin.  One
 * table lists them (docs/config.md); both paths share its value checks.
 * Problems in the file are diagnostics with a caret into the YAML. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "backend.h"
#include "driver.h"

/* Strings and pairs taken from the file or the command line live here for
 * the whole run. */
static IrArena *settings_arena;

static IrArena *arena(void)
{
	if (!settings_arena)
		settings_arena = ir_arena_new();
	return settings_arena;
}

/* A setter checks a value and stores it; it returns NULL or what is wrong.
 * `key` is the mapping key for map-shaped settings, NULL otherwise. */
typedef const char *(*Setter)(DriverOptions *o, const char *key, const char *value);
typedef enum Shape { SHAPE_SCALAR, SHAPE_LIST, SHAPE_MAP } Shape;

typedef struct Setting {
	const char *path;    /* in the file: "llm.model" */
	const char *option;  /* its twin on the command line, or NULL */
	Shape shape;
	Setter set;
	bool secret;         /* its value is masked in the quoted source line */
} Setting;

static char problem[512];

IR_PRINTF(1, 2) static const char *wrong(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(problem, sizeof problem, fmt, ap);
	va_end(ap);
	return problem;
}

/* ---- value checks ----------------------------------------------------- */
static bool is_identifier(const char *s)
{
	if (!s[0] || !(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (const char *p = s; *p; p++)
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

static const char *parse_number(const char *v, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double d = strtod(v, &end);
	if (!v[0] || *end || errno || isnan(d))
		return wrong("'%s' is not a number", v);
	if (d < lo || d > hi)
		return wrong("%s is out of range (%g to %g)", v, lo, hi);
	*out = d;
	return NULL;
}

static const char *parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"}, *const no[] = {"false", "no", "off", "0"};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
		if (strcmp(v, yes[i]) == 0)
			return *out = true, NULL;
		if (strcmp(v, no[i]) == 0)
			return *out = false, NULL;
	}
	return wrong("'%s' is not a boolean (true, false)", v);
}

/* A comma-separated list of names from `names` into a bit set. */
static const char *parse_names(const char *v, const char *const *names, size_t n, const char *what, unsigned *out)
{
	unsigned bits = 0;
	const char *p = v;
	while (*p) {
		size_t len = strcspn(p, ",");
		size_t i = 0;
		while (i < n && !(strlen(names[i]) == len && strncmp(names[i], p, len) == 0))
			i++;
		if (i == n) {
			IrBuf known = {0};
			for (size_t k = 0; k < n; k++)
				ir_buf_printf(&known, "%s%s", k ? ", " : "", names[k]);
			wrong("unknown %s '%.*s' (%s)", what, (int)len, p, known.data);
			ir_buf_free(&known);
			return problem;
		}
		bits |= 1u << i;
		p += len + (p[len] == ',');
	}
	*out = bits;
	return NULL;
}

static const char *one_of(const char *v, const char *const *names, size_t n, const char *what, int *out)
{
	unsigned bits;
	if (strchr(v, ',') || !v[0])
		return wrong("one %s expected, not '%s'", what, v);
	const char *err = parse_names(v, names, n, what, &bits);
	if (!err)
		for (*out = 0; !(bits & (1u << *out)); ++*out)
			;
	return err;
}

static void put_pair(DriverPairs *ps, const char *key, const char *value)
{
	for (size_t i = 0; i < ps->len; i++)
		if (strcmp(ps->items[i].key, key) == 0) {
			ps->items[i].value = ir_strdup(arena(), value);
			return;
		}
	DriverPair *items = ir_alloc(arena(), (ps->len + 1) * sizeof *items);
	if (ps->len)
		memcpy(items, ps->items, ps->len * sizeof *items);
	items[ps->len++] = (DriverPair){ir_strdup(arena(), key), ir_strdup(arena(), value)};
	ps->items = items;
}

/* ---- the setters -------------------------------------------------------- */
static const char *const layer_names[] = {"staging", "intermediate", "marts", "snapshots"};
static const char *const test_names[] = {"unique", "not_null", "relationships", "accepted_values"};
static const char *const dbt_command_names[] = {"seed", "snapshot", "run", "test", "build", "compile"};
static const char *const approval_names[] = {"prompt", "auto", "never"};
#define COUNT(a) (sizeof a / sizeof *a)

static const char *set_target(DriverOptions *o, const char *k, const char *v)
{
	(void)k;
	BeDialect d;
	if (!be_dialect_lookup(v, &d))
		return wrong("unknown target '%s' (%s)", v, be_dialect_list());
	o->target = ir_strdup(arena(), v);
	return NULL;
}

static const char *set_project_name(DriverOptions *o, const char *k, const char *v)
{
	(void)k;
	if (!is_identifier(v))
		return wrong("'%s' is not a dbt project name (letters, digits and _, not starting with a digit)", v);
	o->settings.project_name = ir_strdup(arena(), v);
	return NULL;
}

static const char *set_overrides(DriverOptions *o, const char *k, const char *v)
{
	(void)k;
	if (!v[0])
		return wrong("a folder is needed");
	o->settings.overrides = ir_strdup(arena(), v);
	return NULL;
}

static const char *set_source_name(DriverOptions *o, const char *k, const char *v)
{
	if (!is_identifier(v))
		return wrong("'%s' is not a dbt source name (letters, digits and _)", v);
	put_pair(&o->settings.source_names, k, v);
	return NULL;
}

static const char *set_connection(DriverOptions *o, const char *k, const char *v)
{
	if (!is_identifier(v))
		return wrong("'%s' is not a dbt source name (letters, digits and _)", v);
	put_pair(&o->settings.connections, k, v);
	return NULL;
}

static const char *set_var(DriverOptions *o, const char *k, const char *v)
{
	put_pair(&o->settings.vars, k, v);
	return NULL;
}

static const char *set_layers(DriverOptions *o, const char *k, const char *v)
{
	(void)k;
	return parse_names(v, layer_names, COUNT(layer_names), "layer", &o->settings.layers);
}

static const char *set_infer_tests(DriverOptions *o, const char *k, const char *v)
{
	(void)k;
	return parse_names(v, test_names, COUNT(test_names), "test", &o->settings.infer_tests);
}

static const char *set_llm(DriverOptions *o, const char *k, const char *v)
{
	(void)k;
	return parse_bool(v, &o->settings.llm);
}

static const char *set_llm_endpoint(DriverOptions *o, const char *k, const char *v)
{
	(void)k;
	if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0)
		return wrong("'%s' is not an http:// or https:// URL", v);
	o->settings.llm_endpoint = ir_strdup(arena(), v);
	return NULL;
}

static const char *set_llm_model(DriverOptions *o, const char *k, const char *v)
{
	(void)k;
	if (!v[0])
		return wrong("a model name is needed");
	o->settings.llm_model = ir_strdup(arena(), v);
	return NULL;
}

static const char *set_llm_key_env(DriverOptions *o, const char *k, const char *v)
{
	(void)k;
	if (!is_identifier(v))
		return wrong("'%s' is not the name of an environment variable", v);
	o->settings.llm_key_env = ir_strdup(arena(), v);
	return NULL;
}

static const char *refuse_key(DriverOptions *o, const char *k, const char *v)
{
	(void)o, (void)k, (void)v;
	return wrong("a key is never read from a file: name the environment variable that holds it in "
		     "llm.api_key_env");
}

static const char *set_llm_timeout(DriverOptions *o, const char *k, const char *v)
{
	(void)k;
	return parse_number(v, 0.001, 3600, &o->settings.llm_timeout);
}

static const char *set_dbt(DriverOptions *o, const char *k, const char *v)
{
	(void)k;
	if (!v[0])
		return wrong("a program name or path is needed");
	o->settings.dbt = ir_strdup(arena(), v);
	return NULL;
}

static const char *set_dbt_commands(DriverOptions *o, const char *k, const char *v)
{
	(void)k;
	unsigned bits;
	const char *err = parse_names(v, dbt_command_names, COUNT(dbt_command_names), "dbt command", &bits);
	if (!err)
		o->settings.dbt_commands = ir_strdup(arena(), v);
	return err;
}

static const char *set_approval(DriverOptions *o, const char *k, const char *v)
{
	(void)k;
	int a = 0;
	const char *err = one_of(v, approval_names, COUNT(approval_names), "approval", &a);
	if (!err)
		o->settings.approval = (DriverApproval)a;
	return err;
}

static const char *set_row_count_tolerance(DriverOptions *o, const char *k, const char *v)
{
	(void)k;
	return parse_number(v, 0, 1, &o->settings.row_count_tolerance);
}

static const char *set_numeric_tolerance(DriverOptions *o, const char *k, const char *v)
{
	(void)k;
	return parse_number(v, 0, 1e300, &o->settings.numeric_tolerance);
}

/* warnings: {NAME: on | off | error} — the file's -W options. */
static const char *set_warning(DriverOptions *o, const char *k, const char *v)
{
	IrWarning w = ir_warning_lookup(k);
	if (w == IR_W_NONE)
		return wrong("unknown warning '%s' (see --print-warnings)", k);
	static const char *const states[] = {"on", "off", "error"};
	int state = 0;
	const char *err = one_of(v, states, COUNT(states), "warning state", &state);
	if (err)
		return err;
	o->policy.enabled[w] = state != 1;
	o->policy.as_error[w] = state == 2;
	return NULL;
}

static const Setting settings[] = {
	{"target", NULL /* --target is parsed in main.c */, SHAPE_SCALAR, set_target, false},
	{"overrides", "--overrides", SHAPE_SCALAR, set_overrides, false},
	{"naming.project", "--project-name", SHAPE_SCALAR, set_project_name, false},
	{"naming.sources", "--source-name", SHAPE_MAP, set_source_name, false},
	{"connections", "--connection", SHAPE_MAP, set_connection, false},
	{"vars", "--var", SHAPE_MAP, set_var, false},
	{"layers", "--layers", SHAPE_LIST, set_layers, false},
	{"tests.infer", "--infer-tests", SHAPE_LIST, set_infer_tests, false},
	{"warnings", NULL /* -W, -Wno-, -Werror= */, SHAPE_MAP, set_warning, false},
	{"llm.enabled", NULL /* --llm, --no-llm */, SHAPE_SCALAR, set_llm, false},
	{"llm.endpoint", "--llm-endpoint", SHAPE_SCALAR, set_llm_endpoint, false},
	{"llm.model", "--llm-model", SHAPE_SCALAR, set_llm_model, false},
	{"llm.api_key_env", "--llm-key-env", SHAPE_SCALAR, set_llm_key_env, false},
	{"llm.api_key", NULL, SHAPE_SCALAR, refuse_key, true},
	{"llm.timeout", "--llm-timeout", SHAPE_SCALAR, set_llm_timeout, false},
	{"runner.dbt", "--dbt", SHAPE_SCALAR, set_dbt, false},
	{"runner.commands", "--dbt-commands", SHAPE_LIST, set_dbt_commands, false},
	{"runner.approval", "--approval", SHAPE_SCALAR, set_approval, false},
	{"runner.validation.row_count_tolerance", "--row-count-tolerance", SHAPE_SCALAR, set_row_count_tolerance, false},
	{"runner.validation.numeric_tolerance", "--numeric-tolerance", SHAPE_SCALAR, set_numeric_tolerance, false},
};
enum { NSETTINGS = sizeof settings / sizeof *settings };

void driver_settings_default(DriverSettings *s)
{
	memset(s, 0, sizeof *s);
	s->layers = DRIVER_LAYER_STAGING | DRIVER_LAYER_INTERMEDIATE | DRIVER_LAYER_MARTS | DRIVER_LAYER_SNAPSHOTS;
	s->infer_tests = DRIVER_TEST_UNIQUE | DRIVER_TEST_NOT_NULL | DRIVER_TEST_RELATIONSHIPS |
			 DRIVER_TEST_ACCEPTED_VALUES;
	s->llm_key_env = "OPENAI_API_KEY";
	s->llm_timeout = 60;
	s->dbt = "dbt";
	s->dbt_commands = "seed,run,test";
	s->approval = DRIVER_APPROVAL_PROMPT;
}

/* ---- the command line ---------------------------------------------------- */
static int cli_bad(const char *option, const char *why)
{
	fprintf(stderr, "ssis2dbtc: error: %s: %s\n(try ssis2dbtc --help)\n", option, why);
	return EXIT_USAGE;
}

/* The flags without a value that set a setting. */
static int cli_flag(const char *a, DriverOptions *o)
{
	if (strcmp(a, "--llm") == 0 || strcmp(a, "--no-llm") == 0)
		o->settings.llm = a[2] == 'l';
	else if (strcmp(a, "--auto-approve") == 0)
		o->settings.approval = DRIVER_APPROVAL_AUTO;
	else
		return 0;
	return 1;
}

int driver_config_option(int argc, char **argv, int *i, DriverOptions *o)
{
	const char *a = argv[*i];
	if (cli_flag(a, o))
		return 1;
	for (size_t s = 0; s < NSETTINGS; s++) {
		const char *opt = settings[s].option;
		size_t n = opt ? strlen(opt) : 0;
		if (!opt || strncmp(a, opt, n) != 0 || (a[n] != '=' && a[n] != 0))
			continue;
		if (a[n] == 0 && *i + 1 >= argc)
			return cli_bad(opt, "a value is needed");
		const char *v = a[n] == '=' ? a + n + 1 : argv[++*i];
		const char *key = NULL, *err;
		if (settings[s].shape == SHAPE_MAP) {
			const char *eq = strchr(v, '=');
			if (!eq || eq == v)
				return cli_bad(opt, "KEY=VALUE expected");
			key = ir_strndup(arena(), v, (size_t)(eq - v));
			v = eq + 1;
		}
		err = settings[s].set(o, key, v);
		return err ? cli_bad(opt, err) : 1;
	}
	return 0;
}

/* ---- the file ------------------------------------------------------------ */
typedef struct Loader {
	IrCtx *c;
	uint32_t file;
	yaml_document_t *doc;
	DriverOptions *o;
	size_t visits;  /* aliases can make a small file a huge tree */
	bool failed;
} Loader;

/* libyaml marks count lines from 0 and columns in characters. */
static IrLoc mark_loc(Loader *l, yaml_mark_t m)
{
	const IrSrcFile *f = ir_file(l->c, l->file);
	size_t off = ir_line_offset(l->c, l->file, (unsigned)m.line + 1);
	for (size_t col = 0; col < m.column && off < f->len && f->text[off] != '\n'; col++)
		do
			off++;
		while (off < f->len && ((unsigned char)f->text[off] & 0xC0) == 0x80);
	return ir_loc(l->file, off);
}

IR_PRINTF(3, 4) static void fail(Loader *l, yaml_node_t *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ir_verror(l->c, mark_loc(l, at->start_mark), NULL, fmt, ap);
	va_end(ap);
	l->failed = true;
}

static const char *scalar(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static const char *shape_name(yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE ? "a scalar" : n->type == YAML_SEQUENCE_NODE ? "a list" : "a mapping";
}

/* Overwrites a value's bytes in the context's copy of the file, so that no
 * diagnostic quotes it. */
static void mask_value(Loader *l, yaml_node_t *v)
{
	const IrSrcFile *f = ir_file(l->c, l->file);
	char *text = (char *)f->text;
	size_t from = mark_loc(l, v->start_mark).off, to = mark_loc(l, v->end_mark).off;
	for (size_t i = from; i < to && i < f->len; i++)
		if (text[i] != '\n')
			text[i] = '*';
}

static void apply_scalar(Loader *l, const Setting *s, yaml_node_t *v)
{
	if (s->secret)
		mask_value(l, v);
	const char *err = scalar(v) ? s->set(l->o, NULL, scalar(v)) : NULL;
	if (!scalar(v))
		fail(l, v, "'%s' must be a string or number, not %s", s->path, shape_name(v));
	else if (err)
		fail(l, v, "'%s': %s", s->path, err);
}

/* Each item is checked on its own (so the caret lands on the bad one),
 * then the whole list is stored. */
static void apply_list(Loader *l, const Setting *s, yaml_node_t *v)
{
	if (v->type != YAML_SEQUENCE_NODE) {
		fail(l, v, "'%s' must be a list, not %s", s->path, shape_name(v));
		return;
	}
	IrBuf all = {0};
	ir_buf_put(&all, "", 1);
	all.len = 0;
	bool ok = true;
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		yaml_node_t *item = yaml_document_get_node(l->doc, *it);
		const char *err = scalar(item) ? s->set(l->o, NULL, scalar(item)) : NULL;
		if (!scalar(item) || strchr(scalar(item), ',') || err) {
			fail(l, item, "'%s': %s", s->path, err ? err : "each item must be one name");
			ok = false;
			continue;
		}
		ir_buf_printf(&all, "%s%s", all.len ? "," : "", scalar(item));
	}
	if (ok)
		s->set(l->o, NULL, all.data);
	ir_buf_free(&all);
}

static yaml_node_t *pair_node(Loader *l, int id)
{
	l->visits++;
	return yaml_document_get_node(l->doc, id);
}

/* Keys seen before in the same mapping are an error, as in dbt. */
static bool duplicate_key(Loader *l, yaml_node_t *map, yaml_node_pair_t *upto, const char *key)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < upto; p++)
		if (scalar(pair_node(l, p->key)) && strcmp(scalar(pair_node(l, p->key)), key) == 0)
			return true;
	return false;
}

static void apply_map(Loader *l, const Setting *s, yaml_node_t *v)
{
	if (v->type != YAML_MAPPING_NODE) {
		fail(l, v, "'%s' must be a mapping, not %s", s->path, shape_name(v));
		return;
	}
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *k = pair_node(l, p->key), *val = pair_node(l, p->value);
		const char *err = scalar(k) && scalar(val) ? s->set(l->o, scalar(k), scalar(val)) : NULL;
		if (!scalar(k))
			fail(l, k, "the keys of '%s' must be strings", s->path);
		else if (duplicate_key(l, v, p, scalar(k)))
			fail(l, k, "'%s' is given twice in '%s'", scalar(k), s->path);
		else if (!scalar(val))
			fail(l, val, "'%s.%s' must be a string or number, not %s", s->path, scalar(k), shape_name(val));
		else if (err)
			fail(l, k, "'%s.%s': %s", s->path, scalar(k), err);
	}
}

/* The settings directly under `prefix` ("" or "llm."), for messages. */
static void known_keys(const char *prefix, IrBuf *out)
{
	size_t n = strlen(prefix);
	const char *seen[NSETTINGS];
	size_t nseen = 0;
	for (size_t s = 0; s < NSETTINGS; s++) {
		if (strncmp(settings[s].path, prefix, n) != 0)
			continue;
		const char *name = settings[s].path + n;
		size_t len = strcspn(name, ".");
		bool dup = false;
		for (size_t k = 0; k < nseen; k++)
			dup |= strncmp(seen[k], name, len) == 0 && (seen[k][len] == '.' || seen[k][len] == 0);
		if (dup || !strcmp(settings[s].path, "llm.api_key"))
			continue;
		seen[nseen++] = name;
		ir_buf_printf(out, "%s%.*s", out->len ? ", " : "", (int)len, name);
	}
}

static void apply_section(Loader *l, const char *prefix, yaml_node_t *map);

static void apply_key(Loader *l, const char *prefix, yaml_node_t *k, yaml_node_t *v)
{
	char *path = ir_sprintf(arena(), "%s%s", prefix, scalar(k));
	char *section = ir_sprintf(arena(), "%s.", path);
	for (size_t s = 0; s < NSETTINGS; s++) {
		if (strcmp(settings[s].path, path) == 0) {
			settings[s].shape == SHAPE_SCALAR ? apply_scalar(l, &settings[s], v)
			: settings[s].shape == SHAPE_LIST ? apply_list(l, &settings[s], v)
							  : apply_map(l, &settings[s], v);
			return;
		}
		if (strncmp(settings[s].path, section, strlen(section)) == 0) {
			if (v->type != YAML_MAPPING_NODE)
				fail(l, v, "'%s' must be a mapping, not %s", path, shape_name(v));
			else
				apply_section(l, section, v);
			return;
		}
	}
	IrBuf known = {0};
	known_keys(prefix, &known);
	if (prefix[0])
		fail(l, k, "unknown setting '%s' in '%.*s' (known: %s)", scalar(k), (int)strlen(prefix) - 1, prefix,
		     known.data);
	else
		fail(l, k, "unknown setting '%s' (known: %s)", scalar(k), known.data);
	ir_buf_free(&known);
}

static void apply_section(Loader *l, const char *prefix, yaml_node_t *map)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = pair_node(l, p->key), *v = pair_node(l, p->value);
		if (l->visits > 100000) {
			if (!l->failed)
				fail(l, k, "the file is too large (aliases?)");
			return;
		}
		if (!scalar(k))
			fail(l, k, "a setting's name must be a string");
		else if (duplicate_key(l, map, p, scalar(k)))
			fail(l, k, "'%s%s' is given twice", prefix, scalar(k));
		else
			apply_key(l, prefix, k, v);
	}
}

static bool load_document(Loader *l, const IrSrcFile *f)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)f->text, f->len);
	bool ok = yaml_parser_load(&parser, &doc);
	if (!ok) {
		yaml_node_t at = {.start_mark = parser.problem_mark};
		fail(l, &at, "malformed YAML: %s", parser.problem ? parser.problem : "syntax error");
		if (parser.context)
			ir_note(l->c, mark_loc(l, parser.context_mark), "%s", parser.context);
	} else {
		l->doc = &doc;
		yaml_node_t *root = yaml_document_get_root_node(&doc);
		if (root && root->type != YAML_MAPPING_NODE && !(scalar(root) && !scalar(root)[0]))
			fail(l, root, "a config file is a mapping of settings, not %s", shape_name(root));
		else if (root && root->type == YAML_MAPPING_NODE)
			apply_section(l, "", root);
		yaml_document_delete(&doc);
		l->doc = NULL;
	}
	yaml_parser_delete(&parser);
	return ok && !l->failed;
}

/* A relative folder named in the file is relative to the file's folder. */
static void resolve_beside(const char **setting, const char *config_path)
{
	const char *slash = strrchr(config_path, '/');
	if (*setting && (*setting)[0] != '/' && slash)
		*setting = ir_sprintf(arena(), "%.*s/%s", (int)(slash - config_path), config_path, *setting);
}

bool driver_config_load(IrCtx *c, const char *path, DriverOptions *o)
{
	const char *err = NULL;
	uint32_t file = ir_read_file(c, path, &err);
	if (!file) {
		ir_error(c, ir_loc(0, 0), NULL, "cannot read config file '%s': %s", path, err ? err : "unknown error");
		return false;
	}
	Loader l = {.c = c, .file = file, .o = o};
	bool ok = load_document(&l, ir_file(c, file));
	resolve_beside(&o->settings.overrides, path);
	return ok;
}

/* ---- --print-config --------------------------------------------------------- */
static void print_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++)
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\x%02x", (unsigned char)*s);
		else
			fputc(*s, out);
	fputc('"', out);
}

static void print_names(FILE *out, unsigned bits, const char *const *names, size_t n)
{
	fputc('[', out);
	for (size_t i = 0, k = 0; i < n; i++)
		if (bits & (1u << i))
			fprintf(out, "%s%s", k++ ? ", " : "", names[i]);
	fputs("]\n", out);
}

static void print_pairs(FILE *out, const char *indent, const DriverPairs *ps)
{
	if (!ps->len)
		fputs(" {}", out);
	fputc('\n', out);
	for (size_t i = 0; i < ps->len; i++) {
		fprintf(out, "%s", indent);
		print_string(out, ps->items[i].key);
		fputs(": ", out);
		print_string(out, ps->items[i].value);
		fputc('\n', out);
	}
}

static void print_optional(FILE *out, const char *label, const char *v)
{
	fputs(label, out);
	if (v)
		print_string(out, v);
	else
		fputs("null", out);
	fputc('\n', out);
}

/* As ir_vwarn will treat the warning. */
static const char *warning_state(const IrWarnPolicy *p, int w)
{
	if (!p->enabled[w] || (p->silence && !p->as_error[w]))
		return "off";
	return p->as_error[w] || p->all_errors ? "error" : "on";
}

void driver_config_print(const DriverOptions *o, FILE *out)
{
	const DriverSettings *s = &o->settings;
	print_optional(out, "target: ", o->target ? o->target : "duckdb");
	print_optional(out, "overrides: ", s->overrides);
	fputs("naming:\n", out);
	print_optional(out, "  project: ", s->project_name);
	fputs("  sources:", out);
	print_pairs(out, "    ", &s->source_names);
	fputs("connections:", out);
	print_pairs(out, "  ", &s->connections);
	fputs("vars:", out);
	print_pairs(out, "  ", &s->vars);
	fputs("layers: ", out);
	print_names(out, s->layers, layer_names, COUNT(layer_names));
	fputs("tests:\n  infer: ", out);
	print_names(out, s->infer_tests, test_names, COUNT(test_names));
	fputs("warnings:\n", out);
	for (int w = 1; w < IR_W__COUNT; w++)
		fprintf(out, "  %s: %s\n", ir_warning_name((IrWarning)w), warning_state(&o->policy, w));
	fprintf(out, "llm:\n  enabled: %s\n", s->llm ? "true" : "false");
	print_optional(out, "  endpoint: ", s->llm_endpoint);
	print_optional(out, "  model: ", s->llm_model);
	print_optional(out, "  api_key_env: ", s->llm_key_env);
	fprintf(out, "  timeout: %g\n", s->llm_timeout);
	fputs("runner:\n", out);
	print_optional(out, "  dbt: ", s->dbt);
	fputs("  commands: [", out);
	for (const char *c = s->dbt_commands; *c; c++)
		fputs(*c == ',' ? ", " : (char[]){*c, 0}, out);
	fputs("]\n", out);
	fprintf(out, "  approval: %s\n", approval_names[s->approval]);
	fprintf(out, "  validation:\n    row_count_tolerance: %g\n    numeric_tolerance: %g\n", s->row_count_tolerance,
		s->numeric_tolerance);
}
