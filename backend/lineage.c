/* lineage.c — tables across tasks and packages.  A legacy table that one
 * model of the project writes (a BeDest) and another reads (a BeSource)
 * becomes ref() of the writing model when, in SSIS order, the read comes
 * after the write: by precedence constraints in one package, by Execute
 * Package Tasks across packages, or — when nothing orders two packages —
 * taking the writing package as upstream (with a note).  A read that comes
 * before the write keeps source() (the rows from before the run) and the
 * writer waits for it; two writers of one table and a cycle of ref()s are
 * diagnostics.  Also: the control-flow sentences of model descriptions.
 * Works on BeSource / BeDest only, so every kind of sink joins in. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "be_internal.h"
#include "control.h"

/* How a read stands to the write of its table in SSIS order. */
typedef enum ReadOrder {
	ORD_AFTER,      /* the writer runs first: ref() */
	ORD_ASSUMED,    /* nothing orders the packages: the writer taken as first, ref() */
	ORD_BEFORE,     /* the reader runs first: source(), the writer waits */
	ORD_PARALLEL,   /* nothing orders the tasks of one package: source() */
	ORD_SAME_TASK,  /* the data flow reads the table it writes: source() */
	ORD_COLUMNS,    /* the writer does not produce a column the reader reads: source() */
	ORD_CYCLE,      /* ref() would close a cycle: source() */
} ReadOrder;

static const char *const order_names[] = {
	"after_write", "assumed_after_write", "before_write", "parallel", "same_task", "missing_columns", "cycle",
};

typedef struct BeRead {
	BeGraph *bg;              /* the reading data flow */
	const RelNode *scan;
	BeModel *model;           /* the staging model that reads */
	BeSource *src;
	BeDest *dest;             /* the table's writer: dest->model */
	ReadOrder order;
	bool via_ref;
	bool waits;               /* ORD_BEFORE: the writer depends on the reader's models */
	const char *reason;
} BeRead;

/* ---- which table: connections that point at the same database ---------- */
/* Equal names, case-insensitively; an absent name equals nothing. */
static bool same_name(const char *a, const char *b) { return a && b && !be_strcasecmp(a, b); }

static const char *server_key(const char *s)
{
	if (!strncmp(s, "tcp:", 4))
		s += 4;
	if (!strcmp(s, ".") || !be_strcasecmp(s, "(local)") || !be_strcasecmp(s, "localhost") || !strcmp(s, "127.0.0.1"))
		return "localhost";
	return s;
}

static bool same_database(const IrConnMgr *a, const IrConnMgr *b)
{
	if (!a || !b || !a->has_connstr || !b->has_connstr)
		return false;
	const IrConnStr *x = &a->connstr, *y = &b->connstr;
	return x->server && y->server && x->database && y->database && *x->database &&
	       !be_strcasecmp(server_key(x->server), server_key(y->server)) && !be_strcasecmp(x->database, y->database);
}

static BeDest *writer_of(BeProject *pr, const char *conn_name, const IrConnMgr *conn, const char *schema,
			 const char *table)
{
	for (size_t i = 0; i < pr->dests.len; i++) {
		BeDest *d = IR_VEC_AT(pr->dests, BeDest, i);
		if (d->flatfile || !d->model || !d->model->graph || !same_name(d->schema, schema) ||
		    !same_name(d->table, table))
			continue;
		if (same_name(d->conn_name, conn_name) || same_database(d->conn, conn))
			return d;
	}
	return NULL;
}

/* ---- order across packages: Execute Package Tasks ------------------------ */
static const char *base_name(const char *path)
{
	const char *b = path;
	for (const char *p = path; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	return b;
}

static bool executes(const IrExecutable *e, const IrPackage *child)
{
	const IrExecPackageTask *ep = e->exec_package;
	if (e->kind != IR_EXEC_EXECUTE_PACKAGE || !ep || e->disabled)
		return false;
	const char *target = ep->package_name;
	if ((!ep->use_project_reference || !target) && ep->conn && ep->conn->file_path)
		target = ep->conn->file_path;
	return target && !be_strcasecmp(base_name(target), base_name(child->file));
}

static const IrExecutable *find_executor(const IrExecutable *e, const IrPackage *child)
{
	if (!e)
		return NULL;
	if (executes(e, child))
		return e;
	for (size_t i = 0; i < e->children.len; i++) {
		const IrExecutable *x = find_executor(IR_VEC_AT(e->children, IrExecutable, i), child);
		if (x)
			return x;
	}
	for (size_t i = 0; i < e->event_handlers.len; i++) {
		const IrEventHandler *h = IR_VEC_AT(e->event_handlers, IrEventHandler, i);
		const IrExecutable *x = find_executor(h->body, child);
		if (x)
			return x;
	}
	return NULL;
}

/* The first package of the build that runs p through an Execute Package
 * Task, and that task. */
static const IrPackage *parent_of(const BeProject *pr, const IrPackage *p, const IrExecutable **task)
{
	for (size_t i = 0; i < pr->npkgs; i++) {
		const IrPackage *q = pr->pkgs[i].p;
		const IrExecutable *e = q != p ? find_executor(q->root, p) : NULL;
		if (e) {
			*task = e;
			return q;
		}
	}
	return NULL;
}

typedef struct Step {
	const IrPackage *p;
	const IrExecutable *task;   /* in p: the task itself, or the Execute Package Task that leads to it */
} Step;

enum { MAX_STEPS = 16 };

static size_t package_chain(const BeProject *pr, const IrPackage *p, const IrExecutable *task, Step *out)
{
	size_t n = 0;
	while (p && n < MAX_STEPS) {
		for (size_t k = 0; k < n; k++)
			if (out[k].p == p)
				return n; /* packages that run each other */
		out[n++] = (Step){p, task};
		p = parent_of(pr, p, &task);
	}
	return n;
}

/* Where a task of one package stands to a task of another, through the
 * Execute Package Tasks of a package that runs both; *via gets that
 * package.  IR_ORDER_SAME when no package of the build runs both. */
static IrOrder package_order(const BeProject *pr, const IrPackage *pw, const IrExecutable *w, const IrPackage *pr_,
			     const IrExecutable *r, const IrPackage **via)
{
	Step cw[MAX_STEPS], cr[MAX_STEPS];
	size_t nw = package_chain(pr, pw, w, cw), nr = package_chain(pr, pr_, r, cr);
	for (size_t i = 0; i < nr; i++)
		for (size_t j = 0; j < nw; j++)
			if (cr[i].p == cw[j].p) {
				*via = cr[i].p;
				IrOrder o = ir_exec_order(cr[i].p->root, cw[j].task, cr[i].task);
				return o == IR_ORDER_SAME ? IR_ORDER_PARALLEL : o;
			}
	return IR_ORDER_SAME;
}

static const char *task_path(const BeGraph *bg) { return bg->g->task && bg->g->task->path ? bg->g->task->path : "?"; }

/* The SSIS path of the task whose graph a model comes from. */
static const char *model_task(const BeModel *m)
{
	const IrExecutable *t = m->graph ? m->graph->task : NULL;
	return t && t->path ? t->path : m->ssis_path ? m->ssis_path : "?";
}

static const char *writer_task(const BeDest *d) { return model_task(d->model); }

static void decide_order(BeProject *pr, BeRead *rd)
{
	const BeModel *w = rd->dest->model;
	const RelGraph *wg = w->graph, *rg = rd->bg->g;
	const IrPackage *wp = w->package, *rp = rd->bg->package;
	IrArena *a = pr->a;
	if (wg == rg) {
		rd->order = ORD_SAME_TASK;
		rd->reason = "its own data flow writes the table: it reads the rows from before the run";
		return;
	}
	if (wp == rp && wg->task == rg->task) { /* a task's temporary table and its statements that read it */
		rd->order = ORD_AFTER;
		rd->reason = ir_sprintf(a, "%s fills the temporary table before it reads it", writer_task(rd->dest));
		return;
	}
	if (wp == rp) {
		IrOrder o = ir_exec_order(wp->root, wg->task, rg->task);
		rd->order = o == IR_ORDER_BEFORE ? ORD_AFTER : o == IR_ORDER_AFTER ? ORD_BEFORE : ORD_PARALLEL;
		rd->reason = rd->order == ORD_AFTER
			? ir_sprintf(a, "%s writes it first (precedence constraints)", writer_task(rd->dest))
			: rd->order == ORD_BEFORE
			? ir_sprintf(a, "it runs before %s writes the table (precedence constraints): it reads the rows "
				     "from before the run", writer_task(rd->dest))
			: ir_sprintf(a, "no precedence constraint orders it and %s, which writes the table: SSIS runs them "
				     "in parallel; it reads the table as it is before the run", writer_task(rd->dest));
		return;
	}
	const IrPackage *via = NULL;
	IrOrder o = package_order(pr, wp, wg->task, rp, rg->task, &via);
	switch (o) {
	case IR_ORDER_BEFORE:
		rd->order = ORD_AFTER;
		rd->reason = ir_sprintf(a, "%s (%s) runs first: Execute Package Tasks of %s", writer_task(rd->dest),
					wp->file, via->file);
		break;
	case IR_ORDER_AFTER:
		rd->order = ORD_BEFORE;
		rd->reason = ir_sprintf(a, "it runs before %s (%s) writes the table (Execute Package Tasks of %s): it "
					"reads the rows from before the run", writer_task(rd->dest), wp->file, via->file);
		break;
	case IR_ORDER_PARALLEL:
		rd->order = ORD_PARALLEL;
		rd->reason = ir_sprintf(a, "%s runs it and %s (%s), which writes the table, in parallel: it reads the "
					"table as it is before the run", via->file, writer_task(rd->dest), wp->file);
		break;
	case IR_ORDER_SAME:
		rd->order = ORD_ASSUMED;
		rd->reason = ir_sprintf(a, "no Execute Package Task of the build orders %s and %s: the writing package "
					"is taken to run first", wp->file, rp->file);
		break;
	}
}

/* ---- columns: the writer must produce what the reader reads ------------- */
static const char *written_column(const BeModel *w, const char *col)
{
	const RelNode *r = w->root;
	if (r->kind == REL_SINK && r->u.sink.ndest) {
		for (size_t k = 0; k < r->u.sink.ndest; k++)
			if (same_name(r->u.sink.dest_columns[k], col))
				return r->u.sink.dest_columns[k];
		return NULL;
	}
	const RelNode *c = r->kind == REL_SINK ? r->inputs[0] : r;
	for (size_t k = 0; k < c->ncols; k++)
		if (same_name(c->cols[k].name, col))
			return c->cols[k].name;
	return NULL;
}

/* The first column a table scan (or a query that only picks columns of one
 * table) reads that the writer does not produce.  Other queries name their
 * columns in their text. */
static const char *missing_column(BeProject *pr, const BeRead *rd)
{
	const RelScan *s = &REL_AS(rd->scan, REL_SCAN, scan);
	BeSimpleQuery sq;
	if (s->kind != REL_SCAN_TABLE && !(s->kind == REL_SCAN_QUERY && s->query.s && be_simple_query(pr->a, s->query.s, &sq)))
		return NULL;
	for (size_t i = 0; i < rd->scan->ncols; i++) {
		const char *ext = s->source_columns && s->source_columns[i] ? s->source_columns[i] : rd->scan->cols[i].name;
		if (!written_column(rd->dest->model, ext))
			return ext;
	}
	return NULL;
}

/* ---- finding the reads ----------------------------------------------------- */
typedef struct Finder {
	BeProject *pr;
	BeGraph *bg;
	const RelNode *scan;
} Finder;

static void add_read(Finder *f, const char *schema, const char *table)
{
	BeProject *pr = f->pr;
	const RelScan *s = &REL_AS(f->scan, REL_SCAN, scan);
	BeSource *src = be_find_source(pr, be_legacy_name(pr->a, s->conn_name, schema, table));
	BeDest *d = src ? writer_of(pr, s->conn_name, s->conn, schema, table) : NULL;
	BeModel *m = be_model_root(f->bg, f->scan);
	if (!d || !m || m->layer != BE_STAGING)
		return;
	for (size_t i = 0; i < pr->reads.len; i++) {
		const BeRead *o = IR_VEC_AT(pr->reads, BeRead, i);
		if (o->scan == f->scan && o->src == src)
			return;
	}
	BeRead *rd = ir_alloc(pr->a, sizeof *rd);
	rd->bg = f->bg;
	rd->scan = f->scan;
	rd->model = m;
	rd->src = src;
	rd->dest = d;
	ir_vec_push(pr->a, &pr->reads, rd);
}

static void on_query_table(void *user, const char *schema, const char *table) { add_read(user, schema, table); }

static void find_reads(BeProject *pr)
{
	for (size_t g = 0; g < pr->ngraphs; g++) {
		BeGraph *bg = &pr->graphs[g];
		for (size_t i = 0; i < bg->g->nodes.len; i++) {
			const RelNode *n = IR_VEC_AT(bg->g->nodes, RelNode, i);
			if (n->kind != REL_SCAN)
				continue;
			const RelScan *s = &REL_AS(n, REL_SCAN, scan);
			Finder f = {pr, bg, n};
			if (s->kind == REL_SCAN_TABLE && s->table)
				add_read(&f, s->schema ? s->schema : "dbo", s->table);
			else if (s->kind == REL_SCAN_QUERY)
				be_scan_tables(pr->a, s, on_query_table, &f);
		}
	}
}

/* ---- cycles: data flows that would depend on each other ------------------ */
typedef struct Edge {
	size_t from, to;            /* graph indices: from depends on to */
	const BeRead *read;
} Edge;

typedef struct Deps {
	BeProject *pr;
	IrVec edges;                /* Edge* */
} Deps;

static size_t graph_index(const BeProject *pr, const RelGraph *g)
{
	for (size_t i = 0; i < pr->ngraphs; i++)
		if (pr->graphs[i].g == g)
			return i;
	return 0;
}

/* A path of edges from `from` to `to` (depth first); path gets its edges. */
static bool find_path(const Deps *d, size_t from, size_t to, bool *seen, IrVec *path)
{
	if (from == to)
		return true;
	seen[from] = true;
	for (size_t i = 0; i < d->edges.len; i++) {
		Edge *e = IR_VEC_AT(d->edges, Edge, i);
		if (e->from != from || seen[e->to])
			continue;
		ir_vec_push(d->pr->a, path, e);
		if (find_path(d, e->to, to, seen, path))
			return true;
		path->len--;
	}
	return false;
}

static void warn_cycle(BeProject *pr, const BeRead *rd, const IrVec *path)
{
	bool before = rd->order == ORD_BEFORE;
	IrBuf b = {0};
	ir_buf_printf(&b, "%s", rd->src->legacy);
	for (size_t i = 0; i < path->len; i++) {
		const BeRead *o = IR_VEC_AT(*path, Edge, i)->read;
		ir_buf_printf(&b, " -> %s", o->src->legacy);
	}
	if (before)
		ir_warn(pr->c, rd->scan->loc, IR_W_lineage_cycle, rd->scan->component ? rd->scan->component->path : NULL,
			"making the writer of %s wait for this read, which comes before the write, would close a cycle "
			"of tables (%s); dbt may run them in either order", rd->src->legacy, b.data ? b.data : "");
	else
		ir_warn(pr->c, rd->scan->loc, IR_W_lineage_cycle, rd->scan->component ? rd->scan->component->path : NULL,
			"reading %s through ref() would close a cycle of tables read after they are written (%s); this "
			"read stays a source()", rd->src->legacy, b.data ? b.data : "");
	ir_buf_free(&b);
	ir_note(pr->c, rd->dest->model->loc, "%s is written here", rd->src->legacy);
	for (size_t i = 0; i < path->len; i++) {
		const BeRead *o = IR_VEC_AT(*path, Edge, i)->read;
		if (o->order == ORD_BEFORE) {
			ir_note(pr->c, o->scan->loc, "%s is read here before it is written", o->src->legacy);
			continue;
		}
		ir_note(pr->c, o->scan->loc, "%s is read here after it is written", o->src->legacy);
		ir_note(pr->c, o->dest->model->loc, "%s is written here", o->src->legacy);
	}
}

/* Adds from -> to unless it closes a cycle (then warns and returns false). */
static bool add_edge(Deps *d, size_t from, size_t to, const BeRead *rd)
{
	BeProject *pr = d->pr;
	bool *seen = ir_alloc(pr->a, pr->ngraphs + 1);
	IrVec path = {0};
	if (from == to || find_path(d, to, from, seen, &path)) {
		warn_cycle(pr, rd, &path);
		return false;
	}
	Edge *e = ir_alloc(pr->a, sizeof *e);
	*e = (Edge){from, to, rd};
	ir_vec_push(pr->a, &d->edges, e);
	return true;
}

/* Certain orders first, then the writer-first guesses: a cycle is broken on
 * a guess when it can be.  Each kind in package order. */
static void link_reads(BeProject *pr)
{
	Deps d = {pr, {0}};
	static const ReadOrder rounds[] = {ORD_AFTER, ORD_BEFORE, ORD_ASSUMED};
	for (size_t k = 0; k < sizeof rounds / sizeof rounds[0]; k++)
		for (size_t i = 0; i < pr->reads.len; i++) {
			BeRead *rd = IR_VEC_AT(pr->reads, BeRead, i);
			if (rd->order != rounds[k])
				continue;
			size_t reader = graph_index(pr, rd->bg->g), writer = graph_index(pr, rd->dest->model->graph);
			bool before = rd->order == ORD_BEFORE;
			if (!add_edge(&d, before ? writer : reader, before ? reader : writer, rd)) {
				if (!before) {
					rd->order = ORD_CYCLE;
					rd->reason = "reading it through ref() would close a cycle: it reads the table as it is "
						     "before the run";
				}
				continue;
			}
			rd->via_ref = !before;
			rd->waits = before;
		}
}

/* ---- staging models: one per way of reading ------------------------------- */
static BePkg *bepkg_of(BeProject *pr, const IrPackage *p)
{
	for (size_t i = 0; i < pr->npkgs; i++)
		if (pr->pkgs[i].p == p)
			return &pr->pkgs[i];
	return NULL;
}

static void point_model_at(BeModel *m, const BeRead *rd)
{
	m->package = rd->bg->package;
	m->graph = rd->bg->g;
	m->root = rd->scan;
	m->component = rd->scan->component;
	m->ssis_path = rd->scan->component ? rd->scan->component->path : task_path(rd->bg);
	m->loc = rd->scan->loc;
}

static void move_scan(BeProject *pr, BeRead *rd, BeModel *to)
{
	BeModel *from = rd->model;
	BeGraph *bg = rd->bg;
	bg->root_of[rd->scan->id] = to;
	if (bg->owner[rd->scan->id] == from)
		bg->owner[rd->scan->id] = to;
	for (size_t i = 0; i < pr->reads.len; i++) {
		BeRead *o = IR_VEC_AT(pr->reads, BeRead, i);
		if (o->scan == rd->scan)
			o->model = to;
	}
	BePkg *bp = bepkg_of(pr, bg->package);
	const char *path = rd->scan->component ? rd->scan->component->path : NULL;
	for (size_t i = 0; bp && path && i < bp->comps.len; i++) {
		BeComp *c = IR_VEC_AT(bp->comps, BeComp, i);
		if (strcmp(c->ssis_path, path))
			continue;
		for (size_t k = 0; k < c->models.len; k++)
			if (c->models.items[k] == from)
				c->models.items[k] = to;
	}
}

/* A staging model shared by readers that read one table both ways: the
 * ref() readers get a model of their own. */
static void split_staging(BeProject *pr)
{
	IrVec pairs = {0}; /* original, its ref() twin */
	for (size_t i = 0; i < pr->reads.len; i++) {
		BeRead *rd = IR_VEC_AT(pr->reads, BeRead, i);
		if (!rd->via_ref)
			continue;
		BeModel *m = rd->model, *twin = NULL;
		bool mixed = false;
		for (size_t k = 0; k < pr->reads.len && !mixed; k++) {
			const BeRead *o = IR_VEC_AT(pr->reads, BeRead, k);
			mixed = o->model == m && o->src == rd->src && !o->via_ref;
		}
		if (!mixed)
			continue;
		for (size_t k = 0; k + 1 < pairs.len && !twin; k += 2)
			if (pairs.items[k] == m)
				twin = pairs.items[k + 1];
		if (!twin) {
			twin = ir_alloc(pr->a, sizeof *twin);
			*twin = *m;
			twin->key = NULL;
			twin->tests = (IrVec){0};
			twin->notes = (IrVec){0};
			point_model_at(twin, rd);
			ir_vec_push(pr->a, &pr->models, twin);
			ir_vec_push(pr->a, &pairs, m);
			ir_vec_push(pr->a, &pairs, twin);
		}
		bool was_root = m->root == rd->scan;
		move_scan(pr, rd, twin);
		for (size_t k = 0; was_root && k < pr->reads.len; k++) {
			const BeRead *o = IR_VEC_AT(pr->reads, BeRead, k);
			if (o->model == m) {
				point_model_at(m, o);
				break;
			}
		}
	}
}

/* ---- descriptions ----------------------------------------------------------- */
static void add_note(BeProject *pr, BeModel *m, const char *sentence)
{
	for (size_t i = 0; i < m->notes.len; i++)
		if (!strcmp(IR_VEC_AT(m->notes, const char, i), sentence))
			return;
	ir_vec_push(pr->a, &m->notes, (void *)sentence);
}

static void describe_reads(BeProject *pr)
{
	for (size_t i = 0; i < pr->reads.len; i++) {
		const BeRead *rd = IR_VEC_AT(pr->reads, BeRead, i);
		if (rd->order == ORD_SAME_TASK)
			continue;
		add_note(pr, rd->model,
			 ir_sprintf(pr->a, "Reads %s %s the model of %s (%s): %s.", rd->src->legacy,
				    rd->via_ref ? "through ref() of" : "from the source, not from", writer_task(rd->dest),
				    rd->dest->model->package->file, rd->reason));
		if (rd->waits)
			add_note(pr, rd->dest->model,
				 ir_sprintf(pr->a, "Waits for %s (%s), which reads %s before this data flow writes it.",
					    task_path(rd->bg), rd->bg->package->file, rd->src->legacy));
	}
}

typedef struct CaveatNotes {
	BeProject *pr;
	IrVec *out;                 /* const char* */
} CaveatNotes;

static void on_caveat(void *user, IrCaveat kind, const IrExecutable *where, const IrConstraint *pc,
		      const IrEventHandler *h)
{
	CaveatNotes *cn = user;
	ir_vec_push(cn->pr->a, cn->out, (void *)ir_caveat_sentence(cn->pr->a, kind, where, pc, h));
}

/* The caveats of a data flow: its own, and those of the Execute Package
 * Tasks that run its package. */
static void graph_caveats(BeProject *pr, const BeGraph *bg, IrVec *out)
{
	Step chain[MAX_STEPS];
	size_t n = package_chain(pr, bg->package, bg->g->task, chain);
	for (size_t i = n; i-- > 0;) {
		IrVec level = {0};
		CaveatNotes cn = {pr, &level};
		ir_exec_caveats(chain[i].p->root, chain[i].task, on_caveat, &cn);
		if (i > 0 && level.len) /* the caveats of a parent package: say whose they are */
			ir_vec_push(pr->a, out,
				    (void *)ir_sprintf(pr->a, "Its package runs from the Execute Package Task %s of %s.",
						       chain[i].task->path ? chain[i].task->path : "?", chain[i].p->file));
		for (size_t k = 0; k < level.len; k++)
			ir_vec_push(pr->a, out, level.items[k]);
	}
}

static void describe_caveats(BeProject *pr)
{
	for (size_t g = 0; g < pr->ngraphs; g++) {
		const BeGraph *bg = &pr->graphs[g];
		IrVec sentences = {0};
		if (!bg->g->task)
			continue;
		graph_caveats(pr, bg, &sentences);
		for (size_t i = 0; sentences.len && i < pr->models.len; i++) {
			BeModel *m = IR_VEC_AT(pr->models, BeModel, i);
			if (m->graph != bg->g || m->layer == BE_STAGING)
				continue;
			for (size_t k = 0; k < sentences.len; k++)
				add_note(pr, m, IR_VEC_AT(sentences, const char, k));
		}
	}
}

/* ---- diagnostics --------------------------------------------------------- */
static const char *load_name(RelLoad l)
{
	return l == REL_LOAD_REPLACE ? "replaces" : l == REL_LOAD_MERGE ? "merges into" : "appends to";
}

static void warn_writers(BeProject *pr, const BeDest *d, const BeModel *other, const char *other_legacy)
{
	const BeModel *first = d->model;
	RelLoad other_load = other->root->kind == REL_SINK ? other->root->u.sink.load : REL_LOAD_APPEND;
	if (!strcmp(other->materialized, "table"))
		other_load = REL_LOAD_REPLACE;
	ir_warn(pr->c, first->loc, IR_W_multiple_writers, first->ssis_path,
		"table %s is written by %s (which %s it) and by %s (which %s it); the model of the first stands for the "
		"table, the other gets a model of its own", d->legacy, writer_task(d), load_name(d->load),
		model_task(other), load_name(other_load));
	ir_note(pr->c, other->loc, "%s is also written here%s%s", other_legacy ? other_legacy : d->legacy,
		other_legacy ? ", the same table as " : "", other_legacy ? d->legacy : "");
}

/* Two data flows write one table: the same legacy name (partition.c keeps
 * the first as its model), or two connections to one database. */
static void check_writers(BeProject *pr)
{
	for (size_t i = 0; i < pr->dests.len; i++) {
		BeDest *d = IR_VEC_AT(pr->dests, BeDest, i);
		if (!d->model)
			continue;
		for (size_t k = 0; k < d->other_writers.len; k++)
			warn_writers(pr, d, IR_VEC_AT(d->other_writers, BeModel, k), NULL);
		for (size_t k = i + 1; !d->flatfile && k < pr->dests.len; k++) {
			BeDest *o = IR_VEC_AT(pr->dests, BeDest, k);
			if (o->model && !o->flatfile && !same_name(o->conn_name, d->conn_name) && same_name(o->schema, d->schema) &&
			    same_name(o->table, d->table) && same_database(o->conn, d->conn))
				warn_writers(pr, d, o->model, o->legacy);
		}
	}
}

/* A note of its own, not one that follows a warning (so a warning dropped
 * just before must not drop it); -w silences it. */
static void note_read(BeProject *pr, const BeRead *rd)
{
	if (pr->c->policy && pr->c->policy->silence)
		return;
	pr->c->last_dropped = false;
	ir_note(pr->c, rd->scan->loc, "%s reads %s %s: %s", rd->scan->component ? rd->scan->component->path : task_path(rd->bg),
		rd->src->legacy, rd->via_ref ? "through ref()" : "from the source", rd->reason);
}

/* ---- the entry point -------------------------------------------------------- */
void be_lineage(BeProject *pr)
{
	check_writers(pr);
	find_reads(pr);
	for (size_t i = 0; i < pr->reads.len; i++) {
		BeRead *rd = IR_VEC_AT(pr->reads, BeRead, i);
		decide_order(pr, rd);
		const char *col = rd->order == ORD_AFTER || rd->order == ORD_ASSUMED ? missing_column(pr, rd) : NULL;
		if (col) {
			rd->order = ORD_COLUMNS;
			rd->reason = ir_sprintf(pr->a, "%s does not write its column %s: it reads the table as it is "
						"before the run", writer_task(rd->dest), col);
		}
	}
	link_reads(pr);
	for (size_t i = 0; i < pr->reads.len; i++) {
		const BeRead *rd = IR_VEC_AT(pr->reads, BeRead, i);
		if (rd->order != ORD_AFTER && rd->order != ORD_SAME_TASK && rd->order != ORD_CYCLE)
			note_read(pr, rd);
	}
	split_staging(pr);
	describe_reads(pr);
	describe_caveats(pr);
}

static const BeRead *ref_read(const BeProject *pr, const BeModel *m, const BeSource *s)
{
	for (size_t i = 0; i < pr->reads.len; i++) {
		const BeRead *rd = IR_VEC_AT(pr->reads, BeRead, i);
		if (rd->model == m && rd->src == s)
			return rd->via_ref ? rd : NULL;
	}
	return NULL;
}

const BeModel *be_lineage_upstream(const BeProject *pr, const BeModel *m, const BeSource *s)
{
	const BeRead *rd = ref_read(pr, m, s);
	return rd ? rd->dest->model : NULL;
}

const char *be_lineage_column(const BeProject *pr, const BeModel *m, const BeSource *s, const char *col)
{
	const BeRead *rd = ref_read(pr, m, s);
	const char *w = rd ? written_column(rd->dest->model, col) : NULL;
	return w ? w : col;
}

void be_lineage_depends_on(const BeProject *pr, const BeModel *m, IrBuf *out)
{
	IrVec done = {0};
	for (size_t i = 0; i < pr->reads.len; i++) {
		const BeRead *rd = IR_VEC_AT(pr->reads, BeRead, i);
		if (!rd->waits || rd->dest->model != m)
			continue;
		for (size_t k = 0; k < pr->models.len; k++) {
			const BeModel *r = IR_VEC_AT(pr->models, BeModel, k);
			bool seen = false;
			for (size_t j = 0; j < done.len && !seen; j++)
				seen = done.items[j] == r;
			if (r == m || seen || r->graph != rd->bg->g || r->layer == BE_STAGING)
				continue;
			ir_vec_push(pr->a, &done, (void *)r);
			ir_buf_printf(out, "-- depends_on: {{ ref('%s') }}\n", r->name);
		}
	}
}

/* Whether a model's SQL still calls source() for s.  Names that need
 * escaping in Jinja are never pruned. */
static bool source_called(const BeProject *pr, const BeSource *s)
{
	if (strpbrk(s->source_name, "'\"\\") || strpbrk(s->table_name, "'\"\\"))
		return true;
	const char *call = ir_sprintf(pr->a, "source('%s', '%s')", s->source_name, s->table_name);
	for (size_t i = 0; i < pr->models.len; i++) {
		const BeModel *m = IR_VEC_AT(pr->models, BeModel, i);
		if (m->sql && strstr(m->sql, call))
			return true;
	}
	return false;
}

void be_lineage_prune_sources(BeProject *pr)
{
	size_t out = 0;
	for (size_t i = 0; i < pr->sources.len; i++) {
		BeSource *s = IR_VEC_AT(pr->sources, BeSource, i);
		bool read_by_ref = false;
		for (size_t k = 0; k < pr->reads.len && !read_by_ref; k++) {
			const BeRead *rd = IR_VEC_AT(pr->reads, BeRead, k);
			read_by_ref = rd->src == s && rd->via_ref;
		}
		if (s->flatfile || !read_by_ref || source_called(pr, s))
			pr->sources.items[out++] = s;
	}
	pr->sources.len = out;
}

/* ---- the manifest --------------------------------------------------------- */
static cJSON *str_or_null(const char *s) { return s ? cJSON_CreateString(s) : cJSON_CreateNull(); }

static cJSON *writer_json(BeProject *pr, const BeModel *m)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "model", str_or_null(m->name));
	cJSON_AddItemToObject(o, "package", str_or_null(m->package ? m->package->file : NULL));
	cJSON_AddItemToObject(o, "ssis_path", str_or_null(model_task(m)));
	cJSON_AddItemToObject(o, "loc", str_or_null(be_loc_str(pr, m->loc)));
	return o;
}

static cJSON *read_json(BeProject *pr, const BeRead *rd)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "model", str_or_null(rd->model->name));
	cJSON_AddItemToObject(o, "package", str_or_null(rd->bg->package->file));
	cJSON_AddItemToObject(o, "ssis_path", str_or_null(rd->scan->component ? rd->scan->component->path
							     : task_path(rd->bg)));
	cJSON_AddItemToObject(o, "loc", str_or_null(be_loc_str(pr, rd->scan->loc)));
	cJSON_AddItemToObject(o, "via", cJSON_CreateString(rd->via_ref ? "ref" : "source"));
	cJSON_AddItemToObject(o, "order", cJSON_CreateString(order_names[rd->order]));
	cJSON_AddItemToObject(o, "reason", str_or_null(rd->reason));
	return o;
}

static int cmp_dest(const void *a, const void *b)
{
	return strcmp((*(const BeDest *const *)a)->legacy, (*(const BeDest *const *)b)->legacy);
}

void *be_lineage_json(BeProject *pr)
{
	cJSON *arr = cJSON_CreateArray();
	const BeDest **ds = ir_alloc(pr->a, (pr->dests.len + 1) * sizeof *ds);
	for (size_t i = 0; i < pr->dests.len; i++)
		ds[i] = pr->dests.items[i];
	qsort(ds, pr->dests.len, sizeof *ds, cmp_dest);
	for (size_t i = 0; i < pr->dests.len; i++) {
		const BeDest *d = ds[i];
		bool any = d->other_writers.len > 0;
		for (size_t k = 0; k < pr->reads.len && !any; k++)
			any = IR_VEC_AT(pr->reads, BeRead, k)->dest == d;
		if (!d->model || !any)
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "legacy", cJSON_CreateString(d->legacy));
		cJSON_AddItemToObject(o, "model", str_or_null(d->model->name));
		cJSON_AddItemToObject(o, "written_by", writer_json(pr, d->model));
		cJSON *others = cJSON_AddArrayToObject(o, "other_writers");
		for (size_t k = 0; k < d->other_writers.len; k++)
			cJSON_AddItemToArray(others, writer_json(pr, IR_VEC_AT(d->other_writers, BeModel, k)));
		cJSON *reads = cJSON_AddArrayToObject(o, "reads");
		for (size_t k = 0; k < pr->reads.len; k++) {
			const BeRead *rd = IR_VEC_AT(pr->reads, BeRead, k);
			if (rd->dest == d)
				cJSON_AddItemToArray(reads, read_json(pr, rd));
		}
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

/* ---- what ddl.c asks ------------------------------------------------------ */
BeDest *be_lineage_writer(BeProject *pr, const char *conn_name, const IrConnMgr *conn, const char *schema,
			  const char *table)
{
	return writer_of(pr, conn_name, conn, schema, table);
}

bool be_same_database(const IrConnMgr *a, const IrConnMgr *b) { return same_database(a, b); }

const char *be_written_column(const BeModel *w, const char *col) { return written_column(w, col); }
