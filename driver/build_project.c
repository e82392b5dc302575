/* build_project.c — building.  Compiling a package (front end, then the pass
 * pipeline, in its own context) ends in an object (object.c); `-c` writes it
 * to a file.  Linking reads objects into one context (so names and
 * locations are shared by the whole project), runs the pass pipeline on each
 * package again without repeating the diagnostics its compilation reported,
 * and prints one dbt project with the backend.  `FILE... -o DIR` compiles
 * the packages into objects in memory and links those: the one-process
 * build and -c/--link share one path and give the same project.  Nothing is
 * written when any input has errors. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <libxml/parser.h>

#include "backend.h"
#include "driver.h"
#include "frontend.h"
#include "passes.h"

static void print_json_diagnostics(cJSON *diags)
{
	char *s = cJSON_Print(diags);
	if (s) {
		fputs(s, stderr);
		fputc('\n', stderr);
		free(s);
	}
}

/* ---- compiling one package ------------------------------------------------ */
typedef struct Unit {
	const char *input;
	IrCtx *c;        /* the package's own context, for its diagnostics */
	char *obj;       /* its object (heap), NULL after errors */
	size_t objlen;
} Unit;

static void compile_unit(const DriverOptions *opts, Unit *u)
{
	u->c = ir_ctx_new(&opts->policy);
	FeOptions fo = {.project_files = opts->project_files, .nproject_files = opts->nproject_files};
	int read_span = driver_span_begin(DRIVER_SPAN_PHASE, "read");
	IrPackage *pkg = fe_read_package(u->c, u->input, &fo);
	driver_span_end(read_span);
	if (!pkg || u->c->nerrors)
		return;
	PassCtx pc = {.c = u->c, .package = pkg, .verify = true};
	PassPlan plan;
	pass_plan_default(&plan);
	int lower_span = driver_span_begin(DRIVER_SPAN_PHASE, "lower");
	bool lowered = driver_run_passes(&pc, &plan);
	driver_span_end(lower_span);
	if (!lowered || u->c->nerrors)
		return;
	int object_span = driver_span_begin(DRIVER_SPAN_PHASE, "object");
	u->obj = driver_object_write(u->c, pkg, &u->objlen);
	driver_span_end(object_span);
}

/* Reports a compiled unit's diagnostics (in input order) and frees its
 * context; the object stays. */
static void report_unit(const DriverOptions *opts, Unit *u, cJSON *diags)
{
	driver_report(u->c, opts, diags);
	ir_ctx_free(u->c);
	u->c = NULL;
}

/* ---- -j N: packages compiled by worker threads ------------------------------
 * Each package has its own context, so workers share nothing but the queue.
 * The main thread takes the units in input order (reports their diagnostics,
 * links their objects), so output and diagnostics are those of -j 1.  With
 * -j 1 a unit is compiled when it is taken, in the main thread. */
typedef struct Pool Pool;
typedef struct Worker {
	Pool *pool;
	pthread_t thread;
	int tid;
} Worker;

struct Pool {
	const DriverOptions *opts;
	Unit *units;           /* one per input; input NULL for an object input */
	bool *done;
	size_t n, next;        /* next: the first unit no worker took yet */
	size_t taken;          /* units the main thread has taken */
	size_t window;         /* how far workers may run ahead of it */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	Worker *workers;
	int nworkers;
};

static void *worker_main(void *arg)
{
	Worker *w = arg;
	Pool *p = w->pool;
	driver_timing_thread(w->tid);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->next < p->n && (!p->units[p->next].input || p->done[p->next]))
			p->done[p->next++] = true;
		if (p->next >= p->n)
			break;
		if (p->next >= p->taken + p->window) {
			pthread_cond_wait(&p->cv, &p->mu);
			continue;
		}
		Unit *u = &p->units[p->next++];
		pthread_mutex_unlock(&p->mu);
		int span = driver_span_begin(DRIVER_SPAN_PACKAGE, u->input);
		compile_unit(p->opts, u);
		driver_span_end(span);
		pthread_mutex_lock(&p->mu);
		p->done[u - p->units] = true;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* is_package[i]: input i is a package to compile (not an object). */
static void pool_start(Pool *p, const DriverOptions *opts, const bool *is_package)
{
	*p = (Pool){.opts = opts, .n = opts->ninputs};
	p->units = calloc(p->n ? p->n : 1, sizeof *p->units);
	p->done = calloc(p->n ? p->n : 1, sizeof *p->done);
	if (!p->units || !p->done)
		ir_die("out of memory");
	size_t npackages = 0;
	for (size_t i = 0; i < p->n; i++)
		if (is_package[i])
			p->units[i].input = opts->inputs[i], npackages++;
	size_t jobs = opts->jobs > 1 ? (size_t)opts->jobs : 1;
	if (jobs > npackages)
		jobs = npackages;
	if (jobs <= 1)
		return;
	xmlInitParser(); /* libxml2's global state, once, before any thread parses */
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->window = 2 * jobs;
	p->workers = calloc(jobs, sizeof *p->workers);
	if (!p->workers)
		ir_die("out of memory");
	for (size_t t = 0; t < jobs; t++) {
		p->workers[t] = (Worker){.pool = p, .tid = (int)t + 2};
		if (pthread_create(&p->workers[t].thread, NULL, worker_main, &p->workers[t]) != 0)
			break;  /* fewer workers; the main thread compiles what is left */
		p->nworkers++;
	}
}

/* Unit i, compiled: by a worker (waiting for it), or here with -j 1. */
static Unit *pool_take(Pool *p, size_t i)
{
	Unit *u = &p->units[i];
	if (!p->nworkers) {
		compile_unit(p->opts, u);
		return u;
	}
	pthread_mutex_lock(&p->mu);
	p->taken = i + 1;
	pthread_cond_broadcast(&p->cv);
	while (!p->done[i])
		pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	return u;
}

static void pool_finish(Pool *p)
{
	if (p->nworkers) {
		pthread_mutex_lock(&p->mu);
		p->taken = p->n;
		p->next = p->n;  /* what no worker took is not compiled */
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		for (int t = 0; t < p->nworkers; t++)
			pthread_join(p->workers[t].thread, NULL);
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->cv);
	}
	for (size_t i = 0; i < p->n; i++) {
		if (p->units[i].c)
			ir_ctx_free(p->units[i].c);
		free(p->units[i].obj);
	}
	free(p->workers);
	free(p->units);
	free(p->done);
}

/* ---- linking ----------------------------------------------------------------- */
typedef struct Linker {
	IrCtx *c;
	IrWarnPolicy quiet;    /* the pipeline's second run: no warning is an error */
	BePackageInput *in;
	size_t n;
	bool ok;
} Linker;

/* Lowers a package read from an object.  Its diagnostics were reported when
 * it was compiled; they are dropped unless the pipeline fails now. */
static void lower_linked(Linker *l, IrPackage *pkg)
{
	IrCtx *c = l->c;
	size_t ndiags = c->ndiags, nerrors = c->nerrors, nwarnings = c->nwarnings;
	const IrWarnPolicy *policy = c->policy;
	c->policy = &l->quiet;
	PassCtx pc = {.c = c, .package = pkg, .verify = true};
	PassPlan plan;
	pass_plan_default(&plan);
	bool lowered = pass_run_pipeline(&pc, &plan) && c->nerrors == nerrors;
	c->policy = policy;
	if (!lowered) {
		l->ok = false;
		return;
	}
	c->ndiags = ndiags, c->nerrors = nerrors, c->nwarnings = nwarnings;
	c->last_dropped = false;
	l->in[l->n++] = (BePackageInput){
		.package = pkg,
		.graphs = pc.rel ? (RelGraph **)pc.rel->graphs.items : NULL,
		.ngraphs = pc.rel ? pc.rel->graphs.len : 0,
		.ddl = pc.rel ? (RelDdl **)pc.rel->ddl.items : NULL,
		.nddl = pc.rel ? pc.rel->ddl.len : 0,
	};
}

static void link_object(Linker *l, const char *name, const char *text, size_t len, bool in_memory)
{
	int span = driver_span_begin(DRIVER_SPAN_PHASE, "link");
	IrPackage *pkg = driver_object_read(l->c, name, text, len, in_memory);
	if (pkg)
		lower_linked(l, pkg);
	else
		l->ok = false;
	driver_span_end(span);
}

/* The whole file, or NULL with *err set. */
static char *read_whole(const char *path, size_t *len, const char **err)
{
	IrCtx *tmp = ir_ctx_new(NULL);
	uint32_t id = ir_read_file(tmp, path, err);
	char *text = NULL;
	if (id) {
		const IrSrcFile *f = ir_file(tmp, id);
		text = malloc(f->len + 1);
		if (!text)
			ir_die("out of memory");
		memcpy(text, f->text, f->len + 1);
		*len = f->len;
	}
	ir_ctx_free(tmp);
	return text;
}

static void link_object_file(Linker *l, const DriverOptions *opts, const char *path)
{
	const char *err = NULL;
	size_t len = 0;
	char *text = read_whole(path, &len, &err);
	if (!text) {
		ir_error(l->c, ir_loc(0, 0), NULL, "cannot read %s: %s", path, err ? err : "unknown error");
		l->ok = false;
		return;
	}
	if (opts->session)
		driver_depfile_note_path(opts->session, path);
	link_object(l, path, text, len, false);
	free(text);
}

/* An input is an object when its first bytes say so (with --link, always:
 * anything else is then reported as not an object). */
static bool is_object_file(const DriverOptions *opts, const char *path)
{
	if (opts->link)
		return true;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return false;
	char head[64];
	size_t n = fread(head, 1, sizeof head, fp);
	fclose(fp);
	return driver_object_sniff(head, n);
}

static bool is_folder(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* `name` in the folder of `path`. */
static const char *beside(IrArena *a, const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');
	return slash ? ir_sprintf(a, "%.*s/%s", (int)(slash - path), path, name) : name;
}

const char *driver_overrides_dir(const DriverOptions *o, IrArena *a)
{
	if (o->settings.overrides)
		return o->settings.overrides;
	/* objects live in a build tree: --link looks beside the config file only */
	const char *dflt = o->config ? beside(a, o->config, DRIVER_OVERRIDES_DEFAULT)
		: o->ninputs && !o->link ? beside(a, o->inputs[0], DRIVER_OVERRIDES_DEFAULT) : NULL;
	return dflt && is_folder(dflt) ? dflt : NULL;
}

/* The link context holds the objects' sources too, so only what was read
 * from the overrides folder (its files and folders) is noted for the
 * depfile. */
static void note_overrides(DriverSession *s, const IrCtx *c, const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;
	for (size_t i = 1; s && dir && i < c->nfiles; i++)
		if (!strncmp(c->files[i].name, dir, n) && (c->files[i].name[n] == 0 || c->files[i].name[n] == '/'))
			driver_depfile_note_path(s, c->files[i].name);
}

int driver_build_project(const DriverOptions *opts)
{
	BeOptions bo = {.dialect = BE_DUCKDB, .output_dir = opts->output,
			.project_name = opts->settings.project_name};
	if (opts->target && !be_dialect_lookup(opts->target, &bo.dialect)) {
		fprintf(stderr, "ssis2dbtc: error: unknown target '%s' (%s)\n", opts->target, be_dialect_list());
		return EXIT_USAGE;
	}
	if (!opts->output) {
		fputs("ssis2dbtc: error: a project needs an output directory (-o DIR)\n", stderr);
		return EXIT_USAGE;
	}
	Linker l = {.c = ir_ctx_new(&opts->policy), .quiet = opts->policy, .ok = true};
	memset(l.quiet.as_error, 0, sizeof l.quiet.as_error);
	l.quiet.all_errors = false;
	bo.overrides_dir = driver_overrides_dir(opts, l.c->arena);
	l.in = calloc(opts->ninputs ? opts->ninputs : 1, sizeof *l.in);
	if (!l.in)
		ir_die("out of memory");
	cJSON *diags = cJSON_CreateArray();
	bool compiled = true;
	bool *is_package = calloc(opts->ninputs ? opts->ninputs : 1, sizeof *is_package);
	if (!is_package)
		ir_die("out of memory");
	for (size_t i = 0; i < opts->ninputs; i++)
		is_package[i] = !is_object_file(opts, opts->inputs[i]);
	Pool pool;
	pool_start(&pool, opts, is_package);
	for (size_t i = 0; i < opts->ninputs; i++) {
		const char *input = opts->inputs[i];
		/* with -j the workers time the packages they compile */
		int package_span = pool.nworkers ? -1 : driver_span_begin(DRIVER_SPAN_PACKAGE, input);
		if (!is_package[i]) {
			link_object_file(&l, opts, input);
		} else {
			Unit *u = pool_take(&pool, i);
			report_unit(opts, u, diags);
			if (u->obj && compiled)
				link_object(&l, input, u->obj, u->objlen, true);
			compiled &= u->obj != NULL;
			free(u->obj);
			u->obj = NULL;
		}
		driver_span_end(package_span);
	}
	pool_finish(&pool);
	free(is_package);
	bool ok = compiled && l.ok;
	BeCoverage cov = {0};
	if (ok) {
		int emit_span = driver_span_begin(DRIVER_SPAN_PHASE, "emit");
		ok = be_build_project(l.c, l.in, l.n, &bo, &cov) && l.c->nerrors == 0;
		note_overrides(opts->session, l.c, bo.overrides_dir);
		driver_span_end(emit_span);
	}
	driver_report_diagnostics(l.c, opts, diags);
	if (opts->diag_format == IR_DIAG_JSON)
		print_json_diagnostics(diags);
	cJSON_Delete(diags);
	if (ok && opts->verbose)
		fprintf(stderr, "ssis2dbtc: %zu package(s): %zu components translated, %zu placeholders, %zu unsupported\n",
			l.n, cov.translated, cov.placeholder, cov.unsupported);
	free(l.in);
	ir_ctx_free(l.c);
	return ok ? EXIT_BUILT : EXIT_INPUT_ERRORS;
}

/* ---- -c ---------------------------------------------------------------------- */
char *driver_object_path(const char *input)
{
	const char *base = strrchr(input, '/');
	base = base ? base + 1 : input;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	IrBuf b = {0};
	ir_buf_put(&b, base, n);
	ir_buf_puts(&b, ".ssisobj");
	return b.data;
}

static bool write_object(const char *path, const Unit *u)
{
	const char *err = NULL;
	if (ir_write_file(path, u->obj, u->objlen, &err) == IR_WRITE_FAILED) {
		fprintf(stderr, "ssis2dbtc: error: cannot write %s: %s\n", path, err ? err : "unknown error");
		return false;
	}
	return true;
}

/* -MD with several packages: each object gets its own depfile, OBJ.d, with
 * the settings file and what that package read. */
static bool write_own_depfile(const DriverOptions *opts, const char *obj)
{
	if (!opts->dep_md || !opts->session)
		return true;
	DriverOptions o = *opts;
	o.output = obj;
	return driver_depfile_write(opts->session, &o) == 0;
}

int driver_compile_objects(const DriverOptions *opts)
{
	cJSON *diags = cJSON_CreateArray();
	bool ok = true, several = opts->ninputs > 1;
	size_t base_deps = opts->session ? opts->session->ndeps : 0;
	bool *is_package = calloc(opts->ninputs ? opts->ninputs : 1, sizeof *is_package);
	if (!is_package)
		ir_die("out of memory");
	for (size_t i = 0; i < opts->ninputs; i++) {
		is_package[i] = !is_object_file(opts, opts->inputs[i]);
		if (!is_package[i]) {
			fprintf(stderr, "ssis2dbtc: error: %s is an object already; -c compiles packages\n", opts->inputs[i]);
			ok = false;
		}
	}
	Pool pool;
	pool_start(&pool, opts, is_package);
	for (size_t i = 0; i < opts->ninputs; i++) {
		const char *input = opts->inputs[i];
		if (!is_package[i])
			continue;
		int package_span = pool.nworkers ? -1 : driver_span_begin(DRIVER_SPAN_PACKAGE, input);
		Unit *u = pool_take(&pool, i);
		report_unit(opts, u, diags);
		char *path = opts->output ? strdup(opts->output) : driver_object_path(input);
		if (!path)
			ir_die("out of memory");
		bool written = u->obj && write_object(path, u);
		if (written && several)
			written = write_own_depfile(opts, path);
		ok &= written;
		if (several && opts->session)
			driver_depfile_truncate(opts->session, base_deps);
		free(path);
		free(u->obj);
		u->obj = NULL;
		driver_span_end(package_span);
	}
	pool_finish(&pool);
	free(is_package);
	if (opts->diag_format == IR_DIAG_JSON)
		print_json_diagnostics(diags);
	cJSON_Delete(diags);
	return ok ? EXIT_BUILT : EXIT_INPUT_ERRORS;
}
