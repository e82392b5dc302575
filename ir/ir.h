/* ir.h — the foundations every layer uses: arena, interned strings, source
 * files and locations, the diagnostics engine, atomic file output and the
 * SSIS type table.  The Package IR lives in ir/package.h.  This layer
 * imports nothing above it. */
#ifndef SSIS_IR_H
#define SSIS_IR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define IR_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* ---- arena.c: one arena per compilation unit, freed at once ---------- */
typedef struct IrArena IrArena;
IrArena *ir_arena_new(void);
void ir_arena_free(IrArena *a);
void *ir_alloc(IrArena *a, size_t n);            /* zeroed, 16-aligned */
char *ir_strndup(IrArena *a, const char *s, size_t n);
char *ir_strdup(IrArena *a, const char *s);
char *ir_sprintf(IrArena *a, const char *fmt, ...) IR_PRINTF(2, 3);
char *ir_vsprintf(IrArena *a, const char *fmt, va_list ap);
size_t ir_arena_bytes(const IrArena *a);         /* bytes reserved */

/* A growable array of pointers whose storage lives in an arena. */
typedef struct IrVec {
	void **items;
	size_t len, cap;
} IrVec;
void ir_vec_push(IrArena *a, IrVec *v, void *item);
#define IR_VEC_AT(v, T, i) ((T *)(v).items[(i)])

/* A growable byte buffer on the heap (for building text output). */
typedef struct IrBuf {
	char *data;
	size_t len, cap;
} IrBuf;
void ir_buf_put(IrBuf *b, const void *p, size_t n);
void ir_buf_puts(IrBuf *b, const char *s);
void ir_buf_printf(IrBuf *b, const char *fmt, ...) IR_PRINTF(2, 3);
void ir_buf_free(IrBuf *b);

/* ---- source files and locations -------------------------------------- */
/* A location is a file id and a byte offset into that file's bytes; line
 * and column are computed only when printing.  File id 0 means "none". */
typedef struct IrLoc {
	uint32_t file;
	uint32_t off;
} IrLoc;

typedef struct IrSrcFile {
	const char *name;     /* as given on the command line */
	const char *text;     /* the raw bytes, owned by the context's arena */
	size_t len;
	uint32_t *line_starts; /* computed on first use */
	size_t nlines;
} IrSrcFile;

/* ---- warnings.def: every named warning, in one table ----------------- */
typedef enum IrWarning {
	IR_W_NONE = 0,
#define IR_WARNING_DEF(id, name, on, desc) IR_W_##id,
#include "warnings.def"
#undef IR_WARNING_DEF
	IR_W__COUNT
} IrWarning;

const char *ir_warning_name(IrWarning w);
const char *ir_warning_desc(IrWarning w);
IrWarning ir_warning_lookup(const char *name);  /* IR_W_NONE if unknown */

/* How the driver wants warnings treated (-W, -Wno-, -Werror[=], -w). */
typedef struct IrWarnPolicy {
	bool enabled[IR_W__COUNT];
	bool as_error[IR_W__COUNT];
	bool all_errors;  /* -Werror */
	bool silence;     /* -w */
} IrWarnPolicy;
void ir_warn_policy_default(IrWarnPolicy *p);

/* ---- the compilation context ----------------------------------------- */
typedef enum IrSeverity { IR_SEV_NOTE, IR_SEV_WARNING, IR_SEV_ERROR } IrSeverity;

typedef struct IrDiagnostic {
	IrSeverity sev;
	IrLoc loc;
	IrWarning warning;     /* IR_W_NONE for errors and notes */
	bool promoted;         /* a warning turned into an error by -Werror */
	const char *ssis_path; /* e.g. \Package\Load\Lookup Region, or NULL */
	const char *msg;
} IrDiagnostic;

typedef struct IrStrtab IrStrtab;

typedef struct IrCtx {
	IrArena *arena;
	IrStrtab *strings;
	const IrWarnPolicy *policy; /* not owned */
	IrSrcFile *files;           /* files[0] is the "none" file */
	size_t nfiles, files_cap;
	IrDiagnostic *diags;        /* heap; collected, printed later */
	size_t ndiags, diags_cap;
	size_t nerrors, nwarnings;
	bool last_dropped;          /* the last warning was suppressed: drop its notes */
} IrCtx;

IrCtx *ir_ctx_new(const IrWarnPolicy *policy);
void ir_ctx_free(IrCtx *c);

/* Interned strings: equal contents give the same pointer.  n may be
 * (size_t)-1 for a NUL-terminated string. */
const char *ir_intern(IrCtx *c, const char *s, size_t n);

/* Register a file's bytes (copied into the arena, NUL-terminated). */
uint32_t ir_add_file(IrCtx *c, const char *name, const char *text, size_t len);
/* Read a file into the context.  Returns 0 and reports nothing on failure;
 * *err gets strerror-style text. */
uint32_t ir_read_file(IrCtx *c, const char *path, const char **err);
const IrSrcFile *ir_file(const IrCtx *c, uint32_t id);
IrLoc ir_loc(uint32_t file, size_t off);
void ir_loc_linecol(IrCtx *c, IrLoc loc, unsigned *line, unsigned *col);
/* Byte offset of the start of a 1-based line (clamped to the file). */
size_t ir_line_offset(IrCtx *c, uint32_t file, unsigned line);

/* ---- diag.c ----------------------------------------------------------- */
void ir_error(IrCtx *c, IrLoc loc, const char *ssis_path, const char *fmt, ...) IR_PRINTF(4, 5);
void ir_warn(IrCtx *c, IrLoc loc, IrWarning w, const char *ssis_path, const char *fmt, ...) IR_PRINTF(5, 6);
void ir_note(IrCtx *c, IrLoc loc, const char *fmt, ...) IR_PRINTF(3, 4);
void ir_verror(IrCtx *c, IrLoc loc, const char *ssis_path, const char *fmt, va_list ap);
void ir_vwarn(IrCtx *c, IrLoc loc, IrWarning w, const char *ssis_path, const char *fmt, va_list ap);

typedef enum IrDiagFormat { IR_DIAG_TEXT, IR_DIAG_JSON, IR_DIAG_SARIF } IrDiagFormat;
/* Text: GCC style with the source line and a caret.  Secrets in the quoted
 * source line are masked. */
void ir_diag_print_text(IrCtx *c, FILE *out, bool color);
/* JSON: appends one object per diagnostic to a cJSON array (cJSON *). */
void ir_diag_append_json(IrCtx *c, void *cjson_array);
/* diag_sarif.c — SARIF 2.1.0: a log (cJSON *) with one run whose rules are
 * the warnings table; each context's diagnostics are appended as results
 * (notes become related locations of the result before them). */
void *ir_sarif_log_new(const char *tool_version);
void ir_diag_append_sarif(IrCtx *c, void *sarif_log);
void ir_sarif_log_finish(void *sarif_log, int exit_status);

/* Broken invariants are not diagnostics: print and abort (exit status 3). */
_Noreturn void ir_die(const char *fmt, ...) IR_PRINTF(1, 2);
#define IR_ASSERT(x) ((x) ? (void)0 : ir_die("%s:%d: assertion failed: %s", __FILE__, __LINE__, #x))

/* ---- secrets.c -------------------------------------------------------- */
/* True when a connection-string key names a secret (Password, PWD, ...). */
bool ir_is_secret_key(const char *key, size_t n);
/* Mask secret values (key=value pairs) in free text, in place. */
void ir_mask_secrets(char *text);

/* ---- fileio.c: atomic, write-if-changed output ----------------------- */
typedef enum IrWriteResult { IR_WRITE_FAILED = -1, IR_WRITE_UNCHANGED = 0, IR_WRITE_WRITTEN = 1 } IrWriteResult;
/* Writes to a temporary file beside path and renames it into place; a file
 * whose content is already identical is left untouched (mtime kept).
 * Creates missing parent directories.  On failure *err is set. */
IrWriteResult ir_write_file(const char *path, const void *data, size_t len, const char **err);
int ir_mkdirs(const char *dir);

/* ---- stamp.c: the header that marks a generated file ----------------- */
/* The first line of a generated .sql or .yml file is a comment that records
 * the FNV-1a hash of the rest of the file (docs/overrides.md). */
typedef enum IrStamp {
	IR_STAMP_ABSENT,    /* no such file */
	IR_STAMP_PRISTINE,  /* ours, unchanged since it was written */
	IR_STAMP_EDITED,    /* ours, edited since: the hash does not match */
	IR_STAMP_FOREIGN    /* no stamp: not a file we wrote */
} IrStamp;
uint64_t ir_fnv1a64(const void *data, size_t len);
/* True for the formats that have comments and so carry a stamp. */
bool ir_stamp_applies(const char *path);
/* The stamp line for `body` followed by `body` (just `body` for formats
 * without comments), in the arena. */
char *ir_stamp_text(IrArena *a, const char *path, const char *body, size_t len, size_t *out_len);
/* What `text` is; *body_off is where the text after the stamp begins (0
 * when there is no stamp). */
IrStamp ir_stamp_of(const char *text, size_t len, size_t *body_off);
/* The same for a file on the disk (unreadable counts as foreign), its bytes
 * appended to `text` (heap; the caller frees it). */
IrStamp ir_stamp_read(const char *path, IrBuf *text, size_t *body_off);
IrStamp ir_stamp_check_file(const char *path);

/* ---- types.c: the SSIS DT_* type system, table-driven ---------------- */
typedef enum IrDtype {
#define IR_DTYPE_DEF(id, code, xml, desc) IR_##id = code,
#include "types.def"
#undef IR_DTYPE_DEF
} IrDtype;

typedef struct IrType {
	IrDtype dt;
	int length;     /* characters (wstr) or bytes (str, bytes); 0 = none */
	int precision;
	int scale;
	int codepage;
} IrType;

const char *ir_dtype_name(IrDtype t);          /* "DT_I4" */
const char *ir_dtype_xml(IrDtype t);           /* "i4" */
bool ir_dtype_from_name(const char *name, IrDtype *out);   /* "DT_I4", any case */
bool ir_dtype_from_xml(const char *xml, IrDtype *out);     /* "i4", any case */
bool ir_dtype_from_code(int code, IrDtype *out);
bool ir_dtype_is_valid_code(int code);
bool ir_dtype_is_string(IrDtype t);   /* STR WSTR TEXT NTEXT */
bool ir_dtype_is_integer(IrDtype t);
bool ir_dtype_is_numeric(IrDtype t);  /* integers, reals, DECIMAL, NUMERIC, CY */
bool ir_dtype_is_datetime(IrDtype t);

#endif
