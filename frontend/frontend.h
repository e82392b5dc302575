/* frontend.h — public entry points of the front end: reading .dtsx packages
 * (and the project files beside them) into the Package IR, and the small
 * text utilities other readers and parsers build on. */
#ifndef SSIS_FRONTEND_H
#define SSIS_FRONTEND_H

#include "ir.h"
#include "package.h"

typedef struct FeOptions {
	const char **project_files;  /* --project-file: Project.params, *.conmgr */
	size_t nproject_files;
	bool no_sibling_project_files;  /* do not look beside the package */
} FeOptions;

/* Read one package.  Returns NULL after reporting at least one error. */
IrPackage *fe_read_package(IrCtx *c, const char *path, const FeOptions *opts);

/* The location of byte `decoded_offset` of a text read from the package:
 * undoes entity references, CDATA and line-end normalisation. */
IrLoc fe_text_loc(IrCtx *c, const IrText *t, size_t decoded_offset);

/* Parse a connection string (key=value;...; quoted '…' "…" or {…} values).
 * Secret values (ir_is_secret_key) are removed here and never stored; their
 * bytes are also overwritten in t->s.  Keys get locations through t;
 * ssis_path names the connection manager in the -Wsecret-dropped note. */
void fe_parse_connstr(IrCtx *c, const IrText *t, const char *ssis_path, IrConnStr *out);

/* Decode the DTS _xHHHH_ escapes (_x000D__x000A_ = CRLF, _x003C_none_x003E_). */
const char *fe_decode_xescapes(IrCtx *c, const char *s);

/* Component identification (dtsx_format.md §11): canonical class name,
 * e.g. "Microsoft.OLEDBSource", or NULL when the class id alone is not
 * enough.  The contact-info / structure fallbacks live in the reader. */
const char *fe_class_from_id(const char *class_id);
const char *fe_class_from_user_type(const char *user_component_type_name);
const char *fe_class_from_contact(const char *contact_info);
/* Last resort: distinctive custom properties (dtsx_format.md §11 step 5). */
const char *fe_class_from_structure(const IrComponent *comp);
/* Executable kind from a creation name / ExecutableType. */
IrExecKind fe_exec_kind(const char *creation_name);

#endif
