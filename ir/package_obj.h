/* package_obj.h — the Package IR as lossless JSON, for object files
 * (docs/object.md).  Unlike the --emit=ir printer (package_json.c), every
 * field is kept: locations as [file, byte offset], references as indexes. */
#ifndef SSIS_IR_PACKAGE_OBJ_H
#define SSIS_IR_PACKAGE_OBJ_H

#include "package.h"

/* Called for every text the writer meets (the object keeps the raw bytes
 * of each, so that offsets inside it still map to file:line:col). */
typedef void (*IrObjTextFn)(void *ud, const IrText *t);

/* The package as a cJSON object (cJSON *).  Locations keep their context
 * file ids: the object's file table must list the context's files in order. */
void *ir_package_to_obj_json(const IrPackage *p, IrObjTextFn on_text, void *ud);

/* Reads a package written by ir_package_to_obj_json into c; file_map[i] is
 * the context file id of the object's file i + 1.  NULL on malformed input,
 * with *err (heap, caller frees) saying where and what. */
IrPackage *ir_package_from_obj_json(IrCtx *c, const void *json, const uint32_t *file_map, size_t nfiles,
				    char **err);

#endif
