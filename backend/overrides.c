/* overrides.c — writing a project over what an earlier build left there.
 * A file in the overrides folder replaces the generated file of the same
 * relative path on every build.  A generated file edited by hand since it
 * was written (its stamp, ir/stamp.c, no longer matches) is kept and the
 * new version is written beside it; a file without a stamp is not ours and
 * is never replaced or removed (docs/overrides.md). */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "be_internal.h"

/* dbt reads models and analyses from *.sql, YAML from *.yml / *.yaml, seeds
 * from *.csv and docs from *.md: a name ending in this suffix is none. */
#define NEW_VERSION_SUFFIX ".ssis2dbtc-new"
enum { MAX_DEPTH = 32 };

/* ---- the overrides folder ------------------------------------------------ */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Editor backups and hidden files (.gitkeep, .x.swp) are not overrides. */
static bool is_ignored_name(const char *name)
{
	size_t n = strlen(name);
	return name[0] == '.' || (n > 0 && name[n - 1] == '~');
}

/* The files under root/rel, as paths relative to root, sorted.  Every
 * folder read is registered in the context: it becomes a prerequisite in
 * the depfile, so that adding an override rebuilds. */
static bool list_tree(IrCtx *c, const char *root, const char *rel, int depth, IrVec *out)
{
	const char *dir = rel[0] ? ir_sprintf(c->arena, "%s/%s", root, rel) : root;
	DIR *d = opendir(dir);
	if (!d)
		return false;
	ir_add_file(c, dir, "", 0);
	IrVec names = {0};
	for (struct dirent *e; (e = readdir(d));)
		if (!is_ignored_name(e->d_name))
			ir_vec_push(c->arena, &names, ir_strdup(c->arena, e->d_name));
	closedir(d);
	if (names.len)
		qsort(names.items, names.len, sizeof *names.items, cmp_str);
	for (size_t i = 0; i < names.len; i++) {
		const char *name = IR_VEC_AT(names, const char, i);
		const char *sub = rel[0] ? ir_sprintf(c->arena, "%s/%s", rel, name) : name;
		struct stat st;
		if (stat(ir_sprintf(c->arena, "%s/%s", root, sub), &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH)
			list_tree(c, root, sub, depth + 1, out);
		else if (S_ISREG(st.st_mode))
			ir_vec_push(c->arena, out, (void *)sub);
	}
	return true;
}

static BeFile *find_file(IrVec *files, const char *path)
{
	for (size_t i = 0; i < files->len; i++)
		if (!strcmp(IR_VEC_AT(*files, BeFile, i)->path, path))
			return IR_VEC_AT(*files, BeFile, i);
	return NULL;
}

/* The override's text becomes the file's, stamped as ours (a stamp copied
 * along from a generated file is dropped first). */
static void apply_one(IrCtx *c, BeFile *f, uint32_t id)
{
	const IrSrcFile *src = ir_file(c, id);
	size_t body = 0;
	if (ir_stamp_applies(f->path))
		ir_stamp_of(src->text, src->len, &body);
	f->text = ir_stamp_text(c->arena, f->path, src->text + body, src->len - body, &f->len);
}

bool be_apply_overrides(IrCtx *c, const char *dir, IrVec *files)
{
	if (!dir)
		return true;
	IrVec rels = {0};
	if (!list_tree(c, dir, "", 0, &rels)) {
		ir_error(c, (IrLoc){0}, NULL, "cannot read the overrides folder %s: %s", dir, strerror(errno));
		return false;
	}
	bool ok = true;
	for (size_t i = 0; i < rels.len; i++) {
		const char *rel = IR_VEC_AT(rels, const char, i);
		const char *path = ir_sprintf(c->arena, "%s/%s", dir, rel), *err = NULL;
		uint32_t id = ir_read_file(c, path, &err);
		BeFile *f = find_file(files, rel);
		if (!id) {
			ir_error(c, (IrLoc){0}, NULL, "cannot read override %s: %s", path, err ? err : "error");
			ok = false;
		} else if (!f) {
			ir_warn(c, ir_loc(id, 0), IR_W_unused_override, NULL,
				"override '%s' matches no generated file; it is not applied", rel);
		} else {
			apply_one(c, f, id);
		}
	}
	return ok;
}

/* ---- writing over an earlier build --------------------------------------- */
typedef struct OnDisk {
	IrStamp state;
	uint32_t file;       /* registered in the context, for a located warning */
	size_t body_off;     /* where the text after the stamp begins */
} OnDisk;

/* Only a file that is kept is registered in the context (for a located
 * warning): the many that are ours and unchanged cost no arena memory. */
static OnDisk look_at(IrCtx *c, const char *path)
{
	OnDisk d = {IR_STAMP_ABSENT, 0, 0};
	struct stat st;
	if (stat(path, &st) != 0)
		return d;
	if (!S_ISREG(st.st_mode)) { /* a folder, a device: not ours */
		d.state = IR_STAMP_FOREIGN;
		return d;
	}
	IrBuf text = {0};
	d.state = ir_stamp_read(path, &text, &d.body_off);
	if (d.state == IR_STAMP_EDITED || d.state == IR_STAMP_FOREIGN)
		d.file = ir_add_file(c, path, text.data ? text.data : "", text.len);
	ir_buf_free(&text);
	return d;
}

/* A new version left beside a file by an earlier build goes once the file
 * itself is ours again (unless someone edited that one too). */
static void remove_new_version(IrCtx *c, const char *path)
{
	const char *beside = ir_sprintf(c->arena, "%s" NEW_VERSION_SUFFIX, path);
	if (ir_stamp_check_file(beside) == IR_STAMP_PRISTINE)
		unlink(beside);
}

static bool write_or_report(IrCtx *c, const char *path, const BeFile *f)
{
	const char *err = NULL;
	if (ir_write_file(path, f->text, f->len, &err) != IR_WRITE_FAILED)
		return true;
	ir_error(c, (IrLoc){0}, NULL, "cannot write %s: %s", path, err ? err : "error");
	return false;
}

/* The edit already is what would be generated now: nothing to keep. */
static bool edit_matches(IrCtx *c, const OnDisk *d, const BeFile *f)
{
	const IrSrcFile *src = ir_file(c, d->file);
	size_t body = 0;
	ir_stamp_of(f->text, f->len, &body);
	return src->len - d->body_off == f->len - body && !memcmp(src->text + d->body_off, f->text + body, f->len - body);
}

static bool listed(const IrVec *paths, const char *path)
{
	for (size_t i = 0; paths && i < paths->len; i++)
		if (!strcmp(IR_VEC_AT(*paths, const char, i), path))
			return true;
	return false;
}

bool be_write_generated(IrCtx *c, const char *outdir, const BeFile *f, const IrVec *earlier)
{
	const char *path = ir_sprintf(c->arena, "%s/%s", outdir, f->path);
	if (!ir_stamp_applies(f->path))
		return write_or_report(c, path, f);
	OnDisk d = look_at(c, path);
	if (d.state == IR_STAMP_ABSENT || d.state == IR_STAMP_PRISTINE ||
	    (d.state == IR_STAMP_EDITED && edit_matches(c, &d, f))) {
		bool ok = write_or_report(c, path, f);
		if (ok)
			remove_new_version(c, path);
		return ok;
	}
	const char *beside = ir_sprintf(c->arena, "%s" NEW_VERSION_SUFFIX, path);
	if (!write_or_report(c, beside, f))
		return false;
	IrLoc at = d.file ? ir_loc(d.file, 0) : (IrLoc){0};
	const char *name = strrchr(beside, '/') + 1;
	if (d.state == IR_STAMP_EDITED)
		ir_warn(c, at, IR_W_hand_edited, NULL,
			"edited by hand since it was generated: kept; the new version is beside it in %s "
			"(lasting fixes belong in the overrides folder)", name);
	else
		ir_warn(c, at, IR_W_foreign_file, NULL,
			"not written by ssis2dbtc (no stamp on its first line): kept; the generated version is "
			"beside it in %s", name);
	/* the manifest says we wrote it: a project generated before files
	 * carried a stamp */
	if (d.state == IR_STAMP_FOREIGN && listed(earlier, f->path))
		ir_note(c, at, "the previous build listed this file: if it was generated by an ssis2dbtc "
			       "that did not stamp files yet, remove the output directory once to regenerate it");
	return true;
}

void be_remove_stale(IrCtx *c, const char *outdir, const char *rel)
{
	const char *path = ir_sprintf(c->arena, "%s/%s", outdir, rel);
	OnDisk d = ir_stamp_applies(rel) ? look_at(c, path) : (OnDisk){IR_STAMP_PRISTINE, 0, 0};
	if (d.state == IR_STAMP_EDITED)
		ir_warn(c, d.file ? ir_loc(d.file, 0) : (IrLoc){0}, IR_W_hand_edited, NULL,
			"no longer generated, but edited by hand: kept (remove %s yourself if it is not needed)", path);
	if (d.state != IR_STAMP_PRISTINE)
		return; /* absent, edited, or not ours: never removed */
	if (unlink(path) != 0 && errno != ENOENT)
		ir_warn(c, (IrLoc){0}, IR_W_semantics_approximated, NULL, "cannot remove stale %s", path);
	remove_new_version(c, path);
}
