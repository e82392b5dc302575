/* dtsx_internal.h — shared by the .dtsx reader's files: the parsed XML
 * document with byte-precise locations, the one property accessor that
 * hides the format differences, and the lowering entry points. */
#ifndef SSIS_DTSX_INTERNAL_H
#define SSIS_DTSX_INTERNAL_H

#include <libxml/tree.h>

#include "frontend.h"

#define DX_NS_DTS "www.microsoft.com/SqlServer/Dts"
#define DX_NS_SQLTASK "www.microsoft.com/sqlserver/dts/tasks/sqltask"
#define DX_NS_SSIS "www.microsoft.com/SqlServer/SSIS"

/* One parsed XML file.  Each element's _private holds 1 + the byte offset
 * of its '<' in `raw` (set by the SAX wrapper in dtsx_xml.c). */
typedef struct DxDoc {
	IrCtx *ctx;
	uint32_t file;
	const char *raw;
	size_t len;
	xmlDocPtr doc;
	xmlNodePtr root;
	int format;          /* PackageFormatVersion; 0 until known */
} DxDoc;

/* ---- dtsx_xml.c ------------------------------------------------------- */
/* Parse the bytes of a registered file.  On failure reports and returns false. */
bool dx_parse(IrCtx *c, uint32_t file, DxDoc *d);
void dx_free(DxDoc *d);

IrLoc dx_loc(const DxDoc *d, const xmlNode *n);
bool dx_is(const xmlNode *n, const char *ns, const char *local);
/* Element children in order: for (n = dx_first(p); n; n = dx_next(n)). */
xmlNodePtr dx_first(const xmlNode *parent);
xmlNodePtr dx_next(const xmlNode *n);
xmlNodePtr dx_child(const xmlNode *parent, const char *ns, const char *local);

/* An attribute (ns NULL = unqualified), with the location of its value. */
bool dx_attr(const DxDoc *d, const xmlNode *n, const char *ns, const char *local, IrText *out);
const char *dx_attr_str(const DxDoc *d, const xmlNode *n, const char *ns, const char *local);
/* An element's text content (entities and CDATA decoded). */
bool dx_content(const DxDoc *d, const xmlNode *n, IrText *out);

/* THE property accessor: attribute DTS:name (format 6/8), else a child
 * <DTS:Property DTS:Name="name"> (format 2/3; also PackageFormatVersion). */
bool dx_prop(const DxDoc *d, const xmlNode *n, const char *name, IrText *out);
const char *dx_prop_str(const DxDoc *d, const xmlNode *n, const char *name, const char *def);
long dx_prop_int(const DxDoc *d, const xmlNode *n, const char *name, long def, const char *path);
bool dx_prop_bool(const DxDoc *d, const xmlNode *n, const char *name, bool def, const char *path);

/* Text → numbers / booleans with a -Wbad-property on garbage. */
long dx_text_int(const DxDoc *d, const IrText *t, const char *what, long def, const char *path);
bool dx_text_bool(const DxDoc *d, const IrText *t, const char *what, bool def, const char *path);

/* ---- dtsx_map.c: interned string → pointer, open addressing ----------- */
typedef struct DxMap {
	const char **keys;
	void **vals;
	size_t cap, n;
} DxMap;
void dx_map_put(IrArena *a, DxMap *m, const char *interned_key, void *val);  /* first one wins */
void *dx_map_get(const DxMap *m, const char *interned_key);
/* Interned upper-case copy (DTSIDs are compared without case). */
const char *dx_upper(IrCtx *c, const char *s);

/* ---- dtsx_package.c / dtsx_pipeline.c / dtsx_project.c ------------------ */
/* Lowering state of one package. */
typedef struct DxPackage {
	IrCtx *c;
	DxDoc *d;
	IrPackage *pkg;
	DxMap conns;      /* DTSID (upper), refId, name → IrConnMgr */
	DxMap execs;      /* DTSID (upper), refId → IrExecutable */
} DxPackage;

void dx_collect_props(DxDoc *d, const xmlNode *n, IrVec *out, const char *const *skip);
void dx_register_connection(DxPackage *p, IrConnMgr *cm);

IrConnMgr *dx_lower_connection(DxDoc *d, const xmlNode *n, bool project, const char *project_name);
IrConnMgr *dx_find_connection(DxPackage *p, const char *ref);
IrDataFlow *dx_lower_pipeline(DxPackage *p, DxDoc *d, const xmlNode *pipeline, IrExecutable *task);
/* Generic properties of a pipeline object (<properties><property …>). */
void dx_pipeline_props(DxDoc *d, const xmlNode *props, IrVec *out);
void dx_read_project_file(DxPackage *p, const char *path);
const char *dx_path_join(IrCtx *c, const char *parent, const char *name);

#endif
