/* package_obj.h — the Package IR as lossless JSON, for object files
 * (docs/object.md).  Unlike the --emit=ir printer (package_json.c), every
 * field is kept: locations as [file, byte offset], references as indexes. */
#ifndef SSIS_IR_PACKAGE_OBJ_H
#define SSIS_IR_PACKAGE_OBJ_H

#include "package.h"

/* Called for every text the writer meets (the object keeps the raw bytes
 * of each, so that offsets inside it still map to file:line:col). */
typedef void (*IrObjTextFn)(void *ud, const IrText *t);

/* Appends the package as one JSON object to `out`.  Locations keep their
 * context file ids: the object's file table must list the context's files
 * in order. */
void ir_package_write_obj(IrBuf *out, const IrPackage *p, IrObjTextFn on_text, void *ud);
/* The JSON writer's pieces: an integer; a string, quoted and escaped. */
void ir_obj_put_int(IrBuf *b, long long v);
void ir_obj_put_str(IrBuf *b, const char *s);

/* Reads a package written by ir_package_write_obj (parsed: a cJSON *) into c; file_map[i] is
 * the context file id of the object's file i + 1.  NULL on malformed input,
 * with *err (heap, caller frees) saying where and what. */
IrPackage *ir_package_from_obj_json(IrCtx *c, const void *json, const uint32_t *file_map, size_t nfiles,
				    char **err);

#endif
