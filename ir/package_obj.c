/* package_obj.c — the Package IR written to and read back from JSON without
 * loss, for object files (docs/object.md).  One table per IR struct lists
 * every field with its kind; the writer and the reader walk the same tables
 * in the same order, so what one writes the other reads.  Pointers that
 * are references (a constraint's executables, a column's upstream column)
 * are written as the index of their target in walk order, per class. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "package.h"
#include "package_obj.h"

_Static_assert(sizeof(IrExecKind) == sizeof(int) && sizeof(IrTextKind) == sizeof(int) &&
		       sizeof(IrConstraintValue) == sizeof(int) && sizeof(IrEvalOp) == sizeof(int),
	       "enums are read and written as int");

/* ---- the field tables ----------------------------------------------------- */
typedef enum FieldKind {
	F_STR,    /* const char *, interned; absent = NULL */
	F_INT,    /* int */
	F_ENUM,   /* an enum stored as int, 0..max */
	F_BOOL,
	F_SIZE,   /* size_t */
	F_FILE,   /* uint32_t file id */
	F_LOC,    /* IrLoc: [file, offset] */
	F_TEXT,   /* IrText */
	F_VEC,    /* IrVec of owned structs */
	F_OWN,    /* pointer to an owned struct, or NULL */
	F_EMBED,  /* a struct held by value */
	F_REF,    /* pointer to a struct owned elsewhere in the package, or NULL */
} FieldKind;

typedef enum RefClass { R_NONE = -1, R_EXEC, R_CONN, R_COMPONENT, R_PORT, R_COLUMN, R__COUNT } RefClass;

typedef struct Desc Desc;
typedef struct Field {
	const char *key;
	FieldKind kind;
	size_t off;
	const Desc *desc;   /* F_VEC, F_OWN, F_EMBED, F_REF */
	int max;            /* F_ENUM */
} Field;

struct Desc {
	const char *name;
	size_t size;
	RefClass cls;       /* the class references to it use, or R_NONE */
	const Field *fields;
};

#define FSTR(T, f) {#f, F_STR, offsetof(T, f), NULL, 0}
#define FINT(T, f) {#f, F_INT, offsetof(T, f), NULL, 0}
#define FENUM(T, f, max) {#f, F_ENUM, offsetof(T, f), NULL, max}
#define FBOOL(T, f) {#f, F_BOOL, offsetof(T, f), NULL, 0}
#define FSIZE(T, f) {#f, F_SIZE, offsetof(T, f), NULL, 0}
#define FFILE(T, f) {#f, F_FILE, offsetof(T, f), NULL, 0}
#define FLOC(T, f) {#f, F_LOC, offsetof(T, f), NULL, 0}
#define FTEXT(T, f) {#f, F_TEXT, offsetof(T, f), NULL, 0}
#define FVEC(T, f, d) {#f, F_VEC, offsetof(T, f), &d, 0}
#define FOWN(T, f, d) {#f, F_OWN, offsetof(T, f), &d, 0}
#define FEMBED(T, f, d) {#f, F_EMBED, offsetof(T, f), &d, 0}
#define FREF(T, f, d) {#f, F_REF, offsetof(T, f), &d, 0}
#define FEND {NULL, F_STR, 0, NULL, 0}

static const Desc d_prop, d_prop_expr, d_conn_key, d_connstr, d_flat_column, d_flat_file, d_conn, d_variable,
	d_param, d_constraint, d_sql_param, d_sql_result, d_sql_task, d_assign, d_exec_package, d_foreach,
	d_handler, d_exec, d_column, d_port, d_comp_conn, d_component, d_path, d_dataflow, d_package;

static const Field f_prop[] = {
	FSTR(IrProp, name), FTEXT(IrProp, value), FSTR(IrProp, data_type), FBOOL(IrProp, contains_id),
	FBOOL(IrProp, secret), FSTR(IrProp, expression_type), FLOC(IrProp, loc), FEND,
};
static const Field f_prop_expr[] = {
	FSTR(IrPropExpr, property), FTEXT(IrPropExpr, expr), FLOC(IrPropExpr, loc), FEND,
};
static const Field f_conn_key[] = {
	FSTR(IrConnKey, key), FSTR(IrConnKey, value), FBOOL(IrConnKey, secret), FLOC(IrConnKey, loc), FEND,
};
static const Field f_connstr[] = {
	FSTR(IrConnStr, provider), FSTR(IrConnStr, server), FSTR(IrConnStr, database), FSTR(IrConnStr, user),
	FBOOL(IrConnStr, integrated_security), FVEC(IrConnStr, keys, d_conn_key), FSTR(IrConnStr, sanitized),
	FSIZE(IrConnStr, nsecrets), FEND,
};
static const Field f_flat_column[] = {
	FSTR(IrFlatColumn, name), FINT(IrFlatColumn, data_type), FINT(IrFlatColumn, width),
	FINT(IrFlatColumn, max_width), FINT(IrFlatColumn, precision), FINT(IrFlatColumn, scale),
	FSTR(IrFlatColumn, column_type), FSTR(IrFlatColumn, delimiter), FBOOL(IrFlatColumn, text_qualified),
	FLOC(IrFlatColumn, loc), FEND,
};
static const Field f_flat_file[] = {
	FSTR(IrFlatFile, format), FSTR(IrFlatFile, row_delimiter), FSTR(IrFlatFile, header_row_delimiter),
	FSTR(IrFlatFile, text_qualifier), FINT(IrFlatFile, header_rows_to_skip), FINT(IrFlatFile, data_rows_to_skip),
	FBOOL(IrFlatFile, column_names_in_first_row), FINT(IrFlatFile, code_page), FBOOL(IrFlatFile, unicode),
	FINT(IrFlatFile, locale_id), FVEC(IrFlatFile, columns, d_flat_column), FEND,
};
static const Field f_conn[] = {
	FSTR(IrConnMgr, name), FSTR(IrConnMgr, dtsid), FSTR(IrConnMgr, refid), FSTR(IrConnMgr, creation_name),
	FSTR(IrConnMgr, kind), FSTR(IrConnMgr, description), FBOOL(IrConnMgr, project),
	FBOOL(IrConnMgr, has_connstr), FEMBED(IrConnMgr, connstr, d_connstr), FLOC(IrConnMgr, connstr_loc),
	FSTR(IrConnMgr, file_path), FOWN(IrConnMgr, flat, d_flat_file), FVEC(IrConnMgr, prop_exprs, d_prop_expr),
	FVEC(IrConnMgr, props, d_prop), FLOC(IrConnMgr, loc), FEND,
};
static const Field f_variable[] = {
	FSTR(IrVariable, ns), FSTR(IrVariable, name), FSTR(IrVariable, dtsid), FINT(IrVariable, data_type),
	FTEXT(IrVariable, value), FBOOL(IrVariable, evaluate_as_expression), FTEXT(IrVariable, expression),
	FBOOL(IrVariable, read_only), FSTR(IrVariable, description), FSTR(IrVariable, scope),
	FLOC(IrVariable, loc), FEND,
};
static const Field f_param[] = {
	FSTR(IrParam, name), FSTR(IrParam, dtsid), FSTR(IrParam, description), FINT(IrParam, data_type),
	FBOOL(IrParam, type_code), FTEXT(IrParam, value), FBOOL(IrParam, required), FBOOL(IrParam, sensitive),
	FBOOL(IrParam, project), FLOC(IrParam, loc), FEND,
};
static const Field f_constraint[] = {
	FSTR(IrConstraint, name), FSTR(IrConstraint, dtsid), FSTR(IrConstraint, from_ref),
	FSTR(IrConstraint, to_ref), FREF(IrConstraint, from, d_exec), FREF(IrConstraint, to, d_exec),
	FENUM(IrConstraint, value, IR_PC_CANCELED), FENUM(IrConstraint, eval_op, IR_EVAL_EITHER),
	FTEXT(IrConstraint, expression), FBOOL(IrConstraint, logical_and), FLOC(IrConstraint, loc), FEND,
};
static const Field f_sql_param[] = {
	FSTR(IrSqlParam, name), FSTR(IrSqlParam, variable), FSTR(IrSqlParam, direction),
	FINT(IrSqlParam, data_type), FINT(IrSqlParam, size), FLOC(IrSqlParam, loc), FEND,
};
static const Field f_sql_result[] = {
	FSTR(IrSqlResult, name), FSTR(IrSqlResult, variable), FLOC(IrSqlResult, loc), FEND,
};
static const Field f_sql_task[] = {
	FSTR(IrSqlTask, connection), FLOC(IrSqlTask, connection_loc), FREF(IrSqlTask, conn, d_conn),
	FSTR(IrSqlTask, source_type), FTEXT(IrSqlTask, statement), FSTR(IrSqlTask, result_type),
	FBOOL(IrSqlTask, is_stored_proc), FBOOL(IrSqlTask, bypass_prepare), FINT(IrSqlTask, timeout),
	FINT(IrSqlTask, code_page), FVEC(IrSqlTask, params, d_sql_param), FVEC(IrSqlTask, results, d_sql_result),
	FLOC(IrSqlTask, loc), FEND,
};
static const Field f_assign[] = {
	FSTR(IrParamAssign, parameter), FSTR(IrParamAssign, binding), FLOC(IrParamAssign, loc), FEND,
};
static const Field f_exec_package[] = {
	FBOOL(IrExecPackageTask, use_project_reference), FSTR(IrExecPackageTask, package_name),
	FSTR(IrExecPackageTask, connection), FREF(IrExecPackageTask, conn, d_conn),
	FVEC(IrExecPackageTask, assignments, d_assign), FLOC(IrExecPackageTask, loc), FEND,
};
static const Field f_foreach[] = {
	FSTR(IrForEach, enumerator), FVEC(IrForEach, props, d_prop), FVEC(IrForEach, prop_exprs, d_prop_expr),
	FVEC(IrForEach, mappings, d_prop), FLOC(IrForEach, loc), FEND,
};
static const Field f_handler[] = {
	FSTR(IrEventHandler, event), FOWN(IrEventHandler, body, d_exec), FLOC(IrEventHandler, loc), FEND,
};
static const Field f_exec[] = {
	FENUM(IrExecutable, kind, IR_EXEC__COUNT - 1), FSTR(IrExecutable, creation_name), FSTR(IrExecutable, name),
	FSTR(IrExecutable, dtsid), FSTR(IrExecutable, refid), FSTR(IrExecutable, description),
	FSTR(IrExecutable, path), FBOOL(IrExecutable, disabled), FVEC(IrExecutable, props, d_prop),
	FVEC(IrExecutable, prop_exprs, d_prop_expr), FVEC(IrExecutable, variables, d_variable),
	FVEC(IrExecutable, children, d_exec), FVEC(IrExecutable, constraints, d_constraint),
	FVEC(IrExecutable, event_handlers, d_handler), FOWN(IrExecutable, sql, d_sql_task),
	FOWN(IrExecutable, exec_package, d_exec_package), FOWN(IrExecutable, dataflow, d_dataflow),
	FOWN(IrExecutable, foreach, d_foreach), FSTR(IrExecutable, payload),
	FVEC(IrExecutable, payload_props, d_prop), FLOC(IrExecutable, loc), FEND,
};
static const Field f_column[] = {
	FSTR(IrColumn, id), FSTR(IrColumn, lineage_id), FSTR(IrColumn, name), FINT(IrColumn, data_type),
	FSTR(IrColumn, data_type_xml), FINT(IrColumn, length), FINT(IrColumn, precision), FINT(IrColumn, scale),
	FINT(IrColumn, code_page), FINT(IrColumn, sort_key_position), FSTR(IrColumn, usage_type),
	FSTR(IrColumn, external_metadata_column_id), FSTR(IrColumn, error_row_disposition),
	FSTR(IrColumn, truncation_row_disposition), FSTR(IrColumn, error_or_truncation_operation),
	FINT(IrColumn, special_flags), FVEC(IrColumn, props, d_prop), FREF(IrColumn, upstream, d_column),
	FREF(IrColumn, port, d_port), FLOC(IrColumn, loc), FEND,
};
static const Field f_port[] = {
	FSTR(IrPort, id), FSTR(IrPort, name), FSTR(IrPort, description), FBOOL(IrPort, is_input),
	FBOOL(IrPort, is_error_out), FBOOL(IrPort, is_sorted), FBOOL(IrPort, has_side_effects),
	FINT(IrPort, exclusion_group), FSTR(IrPort, synchronous_input_id), FREF(IrPort, synchronous_input, d_port),
	FSTR(IrPort, error_row_disposition), FSTR(IrPort, truncation_row_disposition),
	FVEC(IrPort, columns, d_column), FVEC(IrPort, external_columns, d_column), FVEC(IrPort, props, d_prop),
	FREF(IrPort, component, d_component), FLOC(IrPort, loc), FEND,
};
static const Field f_comp_conn[] = {
	FSTR(IrCompConn, name), FSTR(IrCompConn, manager_id), FSTR(IrCompConn, manager_refid),
	FREF(IrCompConn, conn, d_conn), FLOC(IrCompConn, loc), FEND,
};
static const Field f_component[] = {
	FSTR(IrComponent, id), FSTR(IrComponent, name), FSTR(IrComponent, description), FSTR(IrComponent, class_id),
	FSTR(IrComponent, class_name), FBOOL(IrComponent, known), FSTR(IrComponent, identified_by),
	FSTR(IrComponent, contact_info), FSTR(IrComponent, user_type), FINT(IrComponent, version),
	FSTR(IrComponent, path), FVEC(IrComponent, props, d_prop), FVEC(IrComponent, connections, d_comp_conn),
	FVEC(IrComponent, inputs, d_port), FVEC(IrComponent, outputs, d_port), FLOC(IrComponent, loc), FEND,
};
static const Field f_path[] = {
	FSTR(IrPath, id), FSTR(IrPath, name), FSTR(IrPath, start_id), FSTR(IrPath, end_id),
	FREF(IrPath, start, d_port), FREF(IrPath, end, d_port), FLOC(IrPath, loc), FEND,
};
static const Field f_dataflow[] = {
	FVEC(IrDataFlow, components, d_component), FVEC(IrDataFlow, paths, d_path), FLOC(IrDataFlow, loc), FEND,
};
static const Field f_package[] = {
	FSTR(IrPackage, file), FFILE(IrPackage, file_id), FINT(IrPackage, format_version), FSTR(IrPackage, name),
	FSTR(IrPackage, dtsid), FSTR(IrPackage, description), FSTR(IrPackage, protection_level),
	FSTR(IrPackage, creator_name), FSTR(IrPackage, creator_computer), FSTR(IrPackage, creation_date),
	FINT(IrPackage, version_major), FINT(IrPackage, version_minor), FINT(IrPackage, version_build),
	FSTR(IrPackage, version_guid), FSTR(IrPackage, version_comments),
	FSTR(IrPackage, last_modified_product_version), FINT(IrPackage, locale_id),
	FVEC(IrPackage, connections, d_conn), FVEC(IrPackage, project_connections, d_conn),
	FVEC(IrPackage, parameters, d_param), FVEC(IrPackage, project_parameters, d_param),
	FOWN(IrPackage, root, d_exec), FLOC(IrPackage, loc), FEND,
};

#define DESC(d, T, cls, fields) static const Desc d = {#T, sizeof(T), cls, fields}
DESC(d_prop, IrProp, R_NONE, f_prop);
DESC(d_prop_expr, IrPropExpr, R_NONE, f_prop_expr);
DESC(d_conn_key, IrConnKey, R_NONE, f_conn_key);
DESC(d_connstr, IrConnStr, R_NONE, f_connstr);
DESC(d_flat_column, IrFlatColumn, R_NONE, f_flat_column);
DESC(d_flat_file, IrFlatFile, R_NONE, f_flat_file);
DESC(d_conn, IrConnMgr, R_CONN, f_conn);
DESC(d_variable, IrVariable, R_NONE, f_variable);
DESC(d_param, IrParam, R_NONE, f_param);
DESC(d_constraint, IrConstraint, R_NONE, f_constraint);
DESC(d_sql_param, IrSqlParam, R_NONE, f_sql_param);
DESC(d_sql_result, IrSqlResult, R_NONE, f_sql_result);
DESC(d_sql_task, IrSqlTask, R_NONE, f_sql_task);
DESC(d_assign, IrParamAssign, R_NONE, f_assign);
DESC(d_exec_package, IrExecPackageTask, R_NONE, f_exec_package);
DESC(d_foreach, IrForEach, R_NONE, f_foreach);
DESC(d_handler, IrEventHandler, R_NONE, f_handler);
DESC(d_exec, IrExecutable, R_EXEC, f_exec);
DESC(d_column, IrColumn, R_COLUMN, f_column);
DESC(d_port, IrPort, R_PORT, f_port);
DESC(d_comp_conn, IrCompConn, R_NONE, f_comp_conn);
DESC(d_component, IrComponent, R_COMPONENT, f_component);
DESC(d_path, IrPath, R_NONE, f_path);
DESC(d_dataflow, IrDataFlow, R_NONE, f_dataflow);
DESC(d_package, IrPackage, R_NONE, f_package);

#define AT(base, f, T) ((T *)((char *)(base) + (f)->off))
#define CAT(base, f, T) ((const T *)((const char *)(base) + (f)->off))

/* ---- writing -------------------------------------------------------------- */
/* Pointer -> index of every referable struct, per class (open addressing). */
typedef struct RefSlot {
	const void *ptr;
	size_t index;
} RefSlot;
typedef struct RefMap {
	RefSlot *slots;
	size_t cap, count;
	size_t next[R__COUNT];
} RefMap;

static size_t ptr_hash(const void *p, size_t cap)
{
	uintptr_t x = (uintptr_t)p;
	x ^= x >> 17;
	x *= 0x9E3779B97F4A7C15ull;
	return (size_t)(x >> 7) & (cap - 1);
}

static void refmap_put(RefMap *m, const void *p, size_t index);

static void refmap_grow(RefMap *m)
{
	RefMap bigger = {.cap = m->cap ? m->cap * 2 : 1024};
	bigger.slots = calloc(bigger.cap, sizeof *bigger.slots);
	if (!bigger.slots)
		ir_die("out of memory");
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].ptr)
			refmap_put(&bigger, m->slots[i].ptr, m->slots[i].index);
	free(m->slots);
	m->slots = bigger.slots;
	m->cap = bigger.cap;
}

static void refmap_put(RefMap *m, const void *p, size_t index)
{
	if (2 * (m->count + 1) > m->cap)
		refmap_grow(m);
	size_t i = ptr_hash(p, m->cap);
	while (m->slots[i].ptr && m->slots[i].ptr != p)
		i = (i + 1) & (m->cap - 1);
	if (!m->slots[i].ptr)
		m->count++;
	m->slots[i].ptr = p;
	m->slots[i].index = index;
}

static bool refmap_get(const RefMap *m, const void *p, size_t *index)
{
	if (!m->cap)
		return false;
	size_t i = ptr_hash(p, m->cap);
	while (m->slots[i].ptr) {
		if (m->slots[i].ptr == p) {
			*index = m->slots[i].index;
			return true;
		}
		i = (i + 1) & (m->cap - 1);
	}
	return false;
}

/* Numbers the referable structs in walk order (the order the reader
 * creates them in). */
static void number(RefMap *m, const Desc *d, const void *obj)
{
	if (d->cls != R_NONE)
		refmap_put(m, obj, m->next[d->cls]++);
	for (const Field *f = d->fields; f->key; f++) {
		if (f->kind == F_VEC) {
			const IrVec *v = CAT(obj, f, IrVec);
			for (size_t i = 0; i < v->len; i++)
				number(m, f->desc, v->items[i]);
		} else if (f->kind == F_OWN) {
			const void *p = *CAT(obj, f, void *const);
			if (p)
				number(m, f->desc, p);
		} else if (f->kind == F_EMBED) {
			number(m, f->desc, CAT(obj, f, char));
		}
	}
}

typedef struct Writer {
	RefMap refs;
	IrObjTextFn on_text;
	void *ud;
	IrBuf *out;
} Writer;

void ir_obj_put_int(IrBuf *b, long long v)
{
	char tmp[24];
	size_t n = sizeof tmp;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do
		tmp[--n] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		tmp[--n] = '-';
	ir_buf_put(b, tmp + n, sizeof tmp - n);
}

void ir_obj_put_str(IrBuf *b, const char *s)
{
	ir_buf_put(b, "\"", 1);
	const char *run = s;
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch != '"' && ch != '\\' && ch >= 0x20)
			continue;
		ir_buf_put(b, run, (size_t)(s - run));
		run = s + 1;
		char esc[8];
		switch (ch) {
		case '"': ir_buf_puts(b, "\\\""); break;
		case '\\': ir_buf_puts(b, "\\\\"); break;
		case '\n': ir_buf_puts(b, "\\n"); break;
		case '\r': ir_buf_puts(b, "\\r"); break;
		case '\t': ir_buf_puts(b, "\\t"); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04x", ch);
			ir_buf_puts(b, esc);
		}
	}
	ir_buf_put(b, run, (size_t)(s - run));
	ir_buf_put(b, "\"", 1);
}

/* "key": after a comma unless it is the object's first. */
static void put_key(Writer *w, bool *first, const char *key)
{
	ir_buf_puts(w->out, *first ? "\"" : ",\"");
	*first = false;
	ir_buf_puts(w->out, key);
	ir_buf_puts(w->out, "\":");
}

static void put_loc(Writer *w, IrLoc loc)
{
	ir_buf_put(w->out, "[", 1);
	ir_obj_put_int(w->out, loc.file);
	ir_buf_put(w->out, ",", 1);
	ir_obj_put_int(w->out, loc.off);
	ir_buf_put(w->out, "]", 1);
}

static void put_text(Writer *w, const IrText *t)
{
	bool first = true;
	ir_buf_put(w->out, "{", 1);
	if (t->s) {
		put_key(w, &first, "s");
		ir_obj_put_str(w->out, t->s);
	}
	if (t->s ? t->len != strlen(t->s) : t->len != 0) {
		put_key(w, &first, "len");
		ir_obj_put_int(w->out, (long long)t->len);
	}
	if (t->loc.file) {
		put_key(w, &first, "loc");
		put_loc(w, t->loc);
	}
	if (t->kind) {
		put_key(w, &first, "kind");
		ir_obj_put_int(w->out, t->kind);
	}
	ir_buf_put(w->out, "}", 1);
	if (w->on_text)
		w->on_text(w->ud, t);
}

static void put_struct(Writer *w, const Desc *d, const void *obj);

/* Writes one field, leaving out zero values (the reader's default). */
static void put_field(Writer *w, bool *first, const Field *f, const void *obj)
{
	switch (f->kind) {
	case F_STR: {
		const char *s = *CAT(obj, f, char *);
		if (s) {
			put_key(w, first, f->key);
			ir_obj_put_str(w->out, s);
		}
		break;
	}
	case F_INT: case F_ENUM: {
		int v = *CAT(obj, f, int);
		if (v) {
			put_key(w, first, f->key);
			ir_obj_put_int(w->out, v);
		}
		break;
	}
	case F_BOOL:
		if (*CAT(obj, f, bool)) {
			put_key(w, first, f->key);
			ir_buf_puts(w->out, "true");
		}
		break;
	case F_SIZE: {
		size_t v = *CAT(obj, f, size_t);
		if (v) {
			put_key(w, first, f->key);
			ir_obj_put_int(w->out, (long long)v);
		}
		break;
	}
	case F_FILE: {
		uint32_t v = *CAT(obj, f, uint32_t);
		if (v) {
			put_key(w, first, f->key);
			ir_obj_put_int(w->out, v);
		}
		break;
	}
	case F_LOC: {
		IrLoc loc = *CAT(obj, f, IrLoc);
		if (loc.file || loc.off) {
			put_key(w, first, f->key);
			put_loc(w, loc);
		}
		break;
	}
	case F_TEXT: {
		const IrText *t = CAT(obj, f, IrText);
		if (t->s || t->loc.file || t->loc.off || t->kind || t->len) {
			put_key(w, first, f->key);
			put_text(w, t);
		}
		break;
	}
	case F_VEC: {
		const IrVec *v = CAT(obj, f, IrVec);
		if (!v->len)
			break;
		put_key(w, first, f->key);
		ir_buf_put(w->out, "[", 1);
		for (size_t i = 0; i < v->len; i++) {
			if (i)
				ir_buf_put(w->out, ",", 1);
			put_struct(w, f->desc, v->items[i]);
		}
		ir_buf_put(w->out, "]", 1);
		break;
	}
	case F_OWN: {
		const void *p = *CAT(obj, f, void *const);
		if (p) {
			put_key(w, first, f->key);
			put_struct(w, f->desc, p);
		}
		break;
	}
	case F_EMBED:
		put_key(w, first, f->key);
		put_struct(w, f->desc, CAT(obj, f, char));
		break;
	case F_REF: {
		const void *p = *CAT(obj, f, void *const);
		size_t index;
		if (!p)
			break;
		if (!refmap_get(&w->refs, p, &index))
			ir_die("object writer: %s points outside its package", f->key);
		put_key(w, first, f->key);
		ir_obj_put_int(w->out, (long long)index);
		break;
	}
	}
}

static void put_struct(Writer *w, const Desc *d, const void *obj)
{
	bool first = true;
	ir_buf_put(w->out, "{", 1);
	for (const Field *f = d->fields; f->key; f++)
		put_field(w, &first, f, obj);
	ir_buf_put(w->out, "}", 1);
}

void ir_package_write_obj(IrBuf *out, const IrPackage *p, IrObjTextFn on_text, void *ud)
{
	Writer w = {.on_text = on_text, .ud = ud, .out = out};
	number(&w.refs, &d_package, p);
	put_struct(&w, &d_package, p);
	free(w.refs.slots);
}

/* ---- reading -------------------------------------------------------------- */
typedef struct PendingRef {
	void **slot;
	RefClass cls;
	size_t index;
	const char *key;
} PendingRef;

typedef struct Reader {
	IrCtx *c;
	const uint32_t *file_map;  /* object file index -> context file id */
	size_t nfiles;
	IrVec made[R__COUNT];      /* the referable structs, in creation order */
	PendingRef *pending;
	size_t npending, pending_cap;
	char *err;                 /* heap: the first error */
	/* where the reader is, rendered only for an error message */
	struct { const char *key; long index; } at[64];
	size_t depth;
	const char *ref_key;       /* a reference being resolved */
} Reader;

static bool fail(Reader *r, const char *what)
{
	if (!r->err) {
		IrBuf b = {0};
		ir_buf_puts(&b, "package");
		for (size_t i = 0; i < r->depth && i < sizeof r->at / sizeof *r->at; i++)
			if (r->at[i].key)
				ir_buf_printf(&b, ".%s", r->at[i].key);
			else
				ir_buf_printf(&b, "[%ld]", r->at[i].index);
		if (r->ref_key)
			ir_buf_printf(&b, " (%s)", r->ref_key);
		ir_buf_printf(&b, ": %s", what);
		r->err = b.data;
	}
	return false;
}

/* A JSON number that is an integer in [lo, hi]. */
static bool get_integer(Reader *r, const cJSON *j, double lo, double hi, double *out)
{
	if (!cJSON_IsNumber(j))
		return fail(r, "expected a number");
	double v = j->valuedouble;
	if (!(v >= lo && v <= hi) || v != (double)(long long)v)  /* range first: the cast needs it */
		return fail(r, "number out of range");
	*out = v;
	return true;
}

static bool get_file(Reader *r, const cJSON *j, uint32_t *out)
{
	double v;
	if (!get_integer(r, j, 0, (double)r->nfiles, &v))
		return false;
	*out = v ? r->file_map[(size_t)v - 1] : 0;
	return true;
}

static bool get_loc(Reader *r, const cJSON *j, IrLoc *out)
{
	double off;
	if (!cJSON_IsArray(j) || cJSON_GetArraySize(j) != 2)
		return fail(r, "expected a location [file, offset]");
	if (!get_file(r, cJSON_GetArrayItem(j, 0), &out->file) ||
	    !get_integer(r, cJSON_GetArrayItem(j, 1), 0, UINT32_MAX, &off))
		return false;
	out->off = (uint32_t)off;
	if (out->file && off > ir_file(r->c, out->file)->len)
		return fail(r, "location past the end of its file");
	return true;
}

static const char *get_str(Reader *r, const cJSON *j)
{
	if (!cJSON_IsString(j))
		return fail(r, "expected a string"), NULL;
	return ir_intern(r->c, j->valuestring, (size_t)-1);
}

static bool get_text(Reader *r, const cJSON *j, IrText *t)
{
	if (!cJSON_IsObject(j))
		return fail(r, "expected a text object");
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(j, "s");
	const cJSON *len = cJSON_GetObjectItemCaseSensitive(j, "len");
	const cJSON *loc = cJSON_GetObjectItemCaseSensitive(j, "loc");
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(j, "kind");
	if (s && !(t->s = get_str(r, s)))
		return false;
	t->len = t->s ? strlen(t->s) : 0;
	double v;
	if (len && !t->s) {
		if (!get_integer(r, len, 0, UINT32_MAX, &v))
			return false;
		t->len = (size_t)v;
	} else if (len) {
		/* a text with a NUL inside: keep its length, the bytes after the
		 * NUL were not representable and read as NULs */
		if (!get_integer(r, len, (double)t->len, UINT32_MAX, &v))
			return false;
		char *copy = ir_alloc(r->c->arena, (size_t)v + 1);
		memcpy(copy, t->s, t->len);
		t->s = copy, t->len = (size_t)v;
	}
	if (loc && !get_loc(r, loc, &t->loc))
		return false;
	if (kind) {
		if (!get_integer(r, kind, 0, IR_TEXT_VERBATIM, &v))
			return false;
		t->kind = (IrTextKind)(int)v;
	}
	return true;
}

static void *read_struct(Reader *r, const Desc *d, const cJSON *j, void *into);

static void path_push(Reader *r, const char *key, long index)
{
	if (r->depth < sizeof r->at / sizeof *r->at)
		r->at[r->depth].key = key, r->at[r->depth].index = index;
	r->depth++;
}

static void path_pop(Reader *r)
{
	r->depth--;
}

static bool read_ref(Reader *r, const Field *f, const cJSON *j, void *obj)
{
	double v;
	if (!get_integer(r, j, 0, UINT32_MAX, &v))
		return false;
	if (r->npending == r->pending_cap) {
		r->pending_cap = r->pending_cap ? 2 * r->pending_cap : 256;
		r->pending = realloc(r->pending, r->pending_cap * sizeof *r->pending);
		if (!r->pending)
			ir_die("out of memory");
	}
	r->pending[r->npending++] = (PendingRef){AT(obj, f, void *), f->desc->cls, (size_t)v, f->key};
	return true;
}

static bool read_field(Reader *r, const Field *f, const cJSON *j, void *obj)
{
	double v;
	switch (f->kind) {
	case F_STR:
		return (*AT(obj, f, const char *) = get_str(r, j)) != NULL;
	case F_INT:
		if (!get_integer(r, j, -2147483648.0, 2147483647.0, &v))
			return false;
		*AT(obj, f, int) = (int)v;
		return true;
	case F_ENUM:
		if (!get_integer(r, j, 0, f->max, &v))
			return false;
		*AT(obj, f, int) = (int)v;
		return true;
	case F_BOOL:
		if (!cJSON_IsBool(j))
			return fail(r, "expected true or false");
		*AT(obj, f, bool) = cJSON_IsTrue(j);
		return true;
	case F_SIZE:
		if (!get_integer(r, j, 0, 4294967295.0, &v))
			return false;
		*AT(obj, f, size_t) = (size_t)v;
		return true;
	case F_FILE:
		return get_file(r, j, AT(obj, f, uint32_t));
	case F_LOC:
		return get_loc(r, j, AT(obj, f, IrLoc));
	case F_TEXT:
		return get_text(r, j, AT(obj, f, IrText));
	case F_VEC: {
		if (!cJSON_IsArray(j))
			return fail(r, "expected an array");
		IrVec *vec = AT(obj, f, IrVec);
		const cJSON *it;
		long i = 0;
		cJSON_ArrayForEach(it, j) {
			path_push(r, NULL, i++);
			void *item = read_struct(r, f->desc, it, NULL);
			path_pop(r);
			if (!item)
				return false;
			ir_vec_push(r->c->arena, vec, item);
		}
		return true;
	}
	case F_OWN:
		return (*AT(obj, f, void *) = read_struct(r, f->desc, j, NULL)) != NULL;
	case F_EMBED:
		return read_struct(r, f->desc, j, AT(obj, f, char)) != NULL;
	case F_REF:
		return read_ref(r, f, j, obj);
	}
	return fail(r, "bad field kind");
}

/* Reads one struct (into `into`, or a new one); NULL after an error.  Keys
 * the table does not know are an error: they come from a newer format. */
static void *read_struct(Reader *r, const Desc *d, const cJSON *j, void *into)
{
	if (!cJSON_IsObject(j))
		return fail(r, "expected an object"), NULL;
	void *obj = into ? into : ir_alloc(r->c->arena, d->size);
	if (d->cls != R_NONE)
		ir_vec_push(r->c->arena, &r->made[d->cls], obj);
	/* keys come in table order: look for each from the one after the last */
	const Field *next = d->fields;
	const cJSON *it;
	cJSON_ArrayForEach(it, j) {
		const Field *f = next;
		while (f->key && strcmp(f->key, it->string) != 0)
			f++;
		for (f = f->key ? f : d->fields; f->key && strcmp(f->key, it->string) != 0;)
			f++;
		path_push(r, it->string, -1);
		bool ok = f->key ? read_field(r, f, it, obj) : fail(r, "unknown field");
		path_pop(r);
		if (!ok)
			return NULL;
		next = f + 1;
	}
	return obj;
}

static bool resolve_refs(Reader *r)
{
	for (size_t i = 0; i < r->npending; i++) {
		const PendingRef *p = &r->pending[i];
		if (p->index >= r->made[p->cls].len) {
			r->ref_key = p->key;
			return fail(r, "reference out of range");
		}
		*p->slot = r->made[p->cls].items[p->index];
	}
	return true;
}

IrPackage *ir_package_from_obj_json(IrCtx *c, const void *json, const uint32_t *file_map, size_t nfiles,
				    char **err)
{
	Reader r = {.c = c, .file_map = file_map, .nfiles = nfiles};
	IrPackage *p = read_struct(&r, &d_package, json, NULL);
	if (p && !resolve_refs(&r))
		p = NULL;
	if (p && !p->root)
		p = NULL, fail(&r, "no root executable");
	free(r.pending);
	*err = r.err;
	return p;
}
